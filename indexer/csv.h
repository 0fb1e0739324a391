/*
 * csv.h — an RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold
 * commas, line breaks and doubled quotes (""), records end with CRLF or LF, a leading UTF-8
 * byte-order mark is skipped.  Strict: a quote inside an unquoted field, text after a closing
 * quote or an unterminated quoted field is an error naming the line.
 *
 * Input must be UTF-8 (charset.h converts GB18030).  Pure: no global state, thread-safe.
 */
#ifndef NPC_CSV_H
#define NPC_CSV_H

#include <stddef.h>

#include "base/status.h"

typedef struct npc_csv_record {
    char **fields; /* NUL-terminated copies, owned by the table */
    size_t n;
    size_t line; /* 1-based line where the record starts */
} npc_csv_record;

typedef struct npc_csv {
    npc_csv_record *records; /* the header, if any, is records[0] */
    size_t n;
} npc_csv;

/*
 * Parses text[0..len).  Blank lines (nothing but a line break) are skipped.  Fails with
 * NPC_EFORMAT (detail: "line N: …") on bad quoting, NPC_EEMPTY when there is no record, or
 * NPC_ENOMEM; *out is then empty.  Release with npc_csv_release (also after a failure).
 */
npc_status npc_csv_parse(const char *text, size_t len, npc_csv *out, npc_err *err);
void npc_csv_release(npc_csv *t);

#endif

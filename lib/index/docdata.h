/*
 * docdata.h — a stored document: the JSON object the indexer writes as a Xapian document's data
 * (docs/schema.md), read back.
 *
 * Every hit of every search reads one, so the decoding is cJSON's: jansson's decoder took about
 * 16 µs for an article's 1.2 KB, cJSON about 1.6 µs.  Fields come out as borrowed strings (the
 * text a snippet reads) or as new jansson values, jansson being the JSON the rest of the
 * program builds its answers with.  Threads may parse at once: cJSON is thread-safe when its
 * error pointer and allocation hooks go unused and nobody calls setlocale, as here.
 */
#ifndef NPC_DOCDATA_H
#define NPC_DOCDATA_H

#include <jansson.h>
#include <stddef.h>

#include "base/status.h"

typedef struct npc_docdata npc_docdata;

/* Parses data[0..len) (not kept).  NPC_EDB when it is not a JSON object, NPC_ENOMEM.  *out is
 * the caller's, freed with npc_docdata_free. */
npc_status npc_docdata_parse(const char *data, size_t len, npc_docdata **out, npc_err *err);
void npc_docdata_free(npc_docdata *d);

/* The string field key, borrowed until npc_docdata_free, its length in *len (may be NULL);
 * NULL when the document has no such string. */
const char *npc_docdata_str(const npc_docdata *d, const char *key, size_t *len);

/* The field key as a new jansson value (strings checked as UTF-8, integral numbers as
 * integers); NULL when absent (or memory runs out).  The caller owns the reference. */
json_t *npc_docdata_get(const npc_docdata *d, const char *key);

/* The whole document as a new jansson object, without the index's own fields ("breaks");
 * NULL when memory runs out.  The caller owns the reference. */
json_t *npc_docdata_json(const npc_docdata *d);

#endif

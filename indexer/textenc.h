/*
 * textenc.h — the encodings a corpus file may come in: UTF-8, or GB18030 (which includes GBK
 * and GB2312), as Chinese offices' spreadsheets export it.
 *
 * Detection is by validity: text that is valid UTF-8 is UTF-8; anything else is converted from
 * GB18030 with ICU's converter, stopping at the first byte sequence GB18030 does not define.
 */
#ifndef NPC_TEXTENC_H
#define NPC_TEXTENC_H

#include <stddef.h>

#include "status.h"

enum npc_textenc { NPC_ENC_UTF8 = 0, NPC_ENC_GB18030 = 1 };

/* "UTF-8" or "GB18030" (static). */
const char *npc_textenc_name(enum npc_textenc e);

/*
 * Decodes s[0..len) to UTF-8: *out is a new NUL-terminated buffer (malloc'd, caller frees) of
 * *out_len bytes, *enc (may be NULL) says which encoding it was.  A leading UTF-8 byte-order
 * mark is kept (callers skip it).  Fails with NPC_EFORMAT ("neither UTF-8 nor GB18030: …
 * at byte N") when the text is in neither, NPC_EICU or NPC_ENOMEM.
 */
npc_status npc_textenc_decode(const char *s, size_t len, char **out, size_t *out_len,
                              enum npc_textenc *enc, npc_err *err);

#endif

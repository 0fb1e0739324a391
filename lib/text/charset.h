/*
 * charset.h — text in the encodings Chinese offices write: UTF-8, or GB18030 (which contains
 * GBK and GB2312).  Everything past this point is UTF-8.
 */
#ifndef NPC_CHARSET_H
#define NPC_CHARSET_H

#include <stddef.h>

#include "base/status.h"

/*
 * Makes UTF-8 of text: returns NPC_OK with *out NULL when it already is valid UTF-8 (use it as
 * it is), or a new UTF-8 copy (*out, NUL-terminated, *len bytes; the caller frees) converted from
 * GB18030, with *from set to "GB18030".  NPC_EUTF8 when it is neither (the detail says where
 * it breaks).
 */
npc_status npc_to_utf8(const char *text, size_t size, char **out, size_t *len, const char **from,
                       npc_err *err);

#endif

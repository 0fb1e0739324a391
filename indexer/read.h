/*
 * read.h — a corpus file as the preparer reads it: whole, under a size limit, as UTF-8 text.
 * Office formats become their text (extract.h), GB18030/GBK becomes UTF-8 (charset.h), a
 * byte-order mark is dropped; a file that is empty, binary or nothing but white space is
 * refused.  Also the head of a file as it is, for a quick look before the index run.
 */
#ifndef NPC_READ_H
#define NPC_READ_H

#include <stddef.h>

#include "base/status.h"
#include "walk.h"

/*
 * Reads f as text into *out (malloc'd, NUL-terminated, the caller frees it) and its length into
 * *len.  Fails, leaving *out NULL, with NPC_EIO (cannot open or read), NPC_ETOOBIG (over
 * max_bytes), NPC_EEMPTY (empty or only white space), NPC_EBINARY (a NUL byte in a text file),
 * NPC_EUTF8 (neither UTF-8 nor GB18030) or an extraction failure (extract.h), with a detail
 * naming the problem.
 */
npc_status npc_read_text(const npc_file *f, size_t max_bytes, char **out, size_t *len,
                         npc_err *err);

/*
 * Reads the first cap - 1 bytes of the file at path into buf, undecoded, and NUL-terminates them
 * (cap > 0).  Returns their length up to the first NUL byte, so buf is one C string; 0 when the
 * file cannot be opened or is empty.
 */
size_t npc_read_head(const char *path, char *buf, size_t cap);

#endif

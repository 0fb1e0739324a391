/*
 * visibility.h — who may see a file's documents.  Front matter "visibility: internal" (内部)
 * marks every document of the file internal (NPC_TERM_INTERNAL): a searchd started with
 * --public-only never shows, counts or facets it.  "public" (公开) or no key: public.  Any other
 * value is refused: guessing could publish what should not be.
 */
#ifndef NPC_VISIBILITY_H
#define NPC_VISIBILITY_H

#include <jansson.h>

#include "base/status.h"
#include "prep.h"

/* Marks the documents of out as the front matter fm (may be NULL: public) says.  NPC_EFORMAT
 * for a value that is neither public nor internal. */
npc_status npc_visibility_mark(const json_t *fm, npc_prepared *out, npc_err *err);

#endif

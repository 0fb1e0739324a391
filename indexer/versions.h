/*
 * versions.h — the index run's last step over law versions (docs/schema.md "Versions"): every
 * version of a law (npc_law_key and book, NPC_SLOT_VERSION_GROUP) across the shards, in the
 * order they took effect; each ends when the next takes effect or when it is repealed, and its
 * status on today's date follows (schema.h npc_version_status).  A version whose end or status
 * differs from what its documents hold gets them rewritten: the law and its articles, term
 * XZ…, values, stored fields.  Depends on the other versions, so it runs after every file of
 * the run is written and before the shards commit.
 */
#ifndef NPC_VERSIONS_H
#define NPC_VERSIONS_H

#include <stddef.h>

#include "base/status.h"
#include "xapian-c/xc.h"

/* Restamps the versions of the shards w[0..n) (open writers, their pending changes seen) as
 * of today (YYYY-MM-DD); *files (may be NULL) counts the versions rewritten. */
npc_status npc_versions_stamp(xc_wdb *const *w, size_t n, const char *today, size_t *files,
                              npc_err *err);

#endif

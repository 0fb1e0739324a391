/*
 * assocdb.h — the learned term associations (assoc.h) stored with an index, as metadata of
 * every shard under NPC_META_ASSOC with a new NPC_META_ASSOC_STAMP (schema.h).
 */
#ifndef NPC_ASSOCDB_H
#define NPC_ASSOCDB_H

#include "learn/assoc.h"
#include "base/status.h"
#include "xapian-c/xc.h"

/* The model stored in db; *out is NULL when there is none.  *out is the caller's. */
npc_status npc_assoc_read(const xc_db *db, npc_assoc **out, npc_err *err);

/*
 * Stores m in the index at dir, replacing any model there (m NULL: removes it).  Takes the index
 * lock and opens each shard of the live generation for writing: NPC_EDB_LOCK while an index
 * run holds the lock, NPC_EDB_OPEN when dir is not an
 * index.  Documents are not touched.
 */
npc_status npc_assoc_store(const char *dir, const npc_assoc *m, npc_err *err);

/* The same under the metadata keys key and stamp_key (vectors.h stores its neighbours so). */
npc_status npc_assoc_store_as(const char *dir, const npc_assoc *m, const char *key,
                              const char *stamp_key, npc_err *err);

#endif

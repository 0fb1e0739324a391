/*
 * check.h — Xapian's consistency check over every local shard of an index (npcsearch check,
 * searchd's /healthz when a search fails on the index's files).
 */
#ifndef NPC_CHECK_H
#define NPC_CHECK_H

#include <stddef.h>

#include "base/status.h"

/* One shard's finding: name as the index names it ("shard1", or the shard list's path), its
 * path, and the check's status (NPC_OK; NPC_EDB_CORRUPT with err->detail naming the table and
 * what is wrong; NPC_EDB_OPEN).  Called once per shard, in order. */
typedef void (*npc_check_cb)(const char *name, const char *path, npc_status st, const npc_err *err,
                             void *ctx);

/*
 * Checks each shard of the index at path: an npcsearch index directory (the live generation's
 * shards), a shard list (its local shards; remote ones are their servers' to check) or any
 * other Xapian database (as one shard).  Returns NPC_OK when every shard is sound, else the
 * first shard's failing status; NPC_EDB_OPEN, NPC_EIO or NPC_EFORMAT when path is no index.
 * *ndamaged (may be NULL) counts the shards that failed.
 */
npc_status npc_index_check(const char *path, npc_check_cb cb, void *ctx, size_t *ndamaged,
                           npc_err *err);

#endif

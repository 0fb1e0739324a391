/*
 * shardlist.h — a shard list: the file that makes one searchable database of local shards and
 * shards served by stock xapian-tcpsrv processes on other machines (docs/operations.md).
 *
 *   # comments and blank lines are ignored
 *   local /srv/npcsearch/index/live/shard0
 *   remote 10.0.0.12:33301 timeout=2000 connect-timeout=500
 *
 * A local line names a Xapian database: a directory, a stub file, an npcsearch index directory,
 * or a replica kept by xapian-replicate; a relative path is relative to the list's directory.
 * A remote line names host:port, and optionally the milliseconds Xapian waits for each exchange
 * (timeout, default NPC_REMOTE_TIMEOUT_MS) and for the connection (connect-timeout, default
 * NPC_REMOTE_CONNECT_MS).  At most NPC_SHARDS_MAX lines.
 */
#ifndef NPC_SHARDLIST_H
#define NPC_SHARDLIST_H

#include <stddef.h>

#include "base/status.h"
#include "xapian-c/xc.h"

#define NPC_REMOTE_TIMEOUT_MS 2000
#define NPC_REMOTE_CONNECT_MS 1000

typedef struct npc_shardlist {
    xc_shard *shards; /* their path and host strings owned here */
    char **names;     /* each shard as the answer names it: the path, or host:port */
    size_t n;
} npc_shardlist;

/* 1 when path is a regular file, which the searcher reads as a shard list (an index is a
 * directory). */
int npc_shardlist_is(const char *path);

/* Reads the list at path into *out (the caller's: npc_shardlist_free, also on failure).
 * NPC_EFORMAT names the line that is wrong; NPC_EIO when the file cannot be read. */
npc_status npc_shardlist_read(const char *path, npc_shardlist *out, npc_err *err);
void npc_shardlist_free(npc_shardlist *l);

#endif

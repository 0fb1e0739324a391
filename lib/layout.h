/*
 * layout.h — the on-disk layout of an npcsearch index directory.
 *
 *   DIR/XAPIANDB    a Xapian stub file listing the shards ("auto shard0" …): opening DIR with
 *                   Xapian (xc_db_open) opens every shard as one database
 *   DIR/shard0 …    glass databases, each written by its own thread; a file's documents live
 *                   in shard fnv1a(relative path) mod N, so re-indexing a file finds them again
 *
 * Shards let the 2-core machine write in parallel (the Xapian inverter is the bottleneck of a
 * build), and the stub gives an atomic switch point (rename) for later layouts.
 */
#ifndef NPC_LAYOUT_H
#define NPC_LAYOUT_H

#include <stddef.h>

#include "status.h"

#define NPC_SHARDS_DEFAULT 2
#define NPC_SHARDS_MAX 16

/*
 * Makes dir an index directory (creating it when missing) and returns its shard count in
 * *nshards: the existing stub's count, or `want` for a new index.  NPC_EDB_OPEN when dir
 * exists, is not empty and holds no stub (not an npcsearch index).
 */
npc_status npc_layout_prepare(const char *dir, size_t want, size_t *nshards, npc_err *err);

/* Writes the stub listing nshards shards (atomically: a temporary file renamed over it). */
npc_status npc_layout_write_stub(const char *dir, size_t nshards, npc_err *err);

/* Writes the path of shard k into buf (NUL-terminated); 0 when it does not fit. */
int npc_layout_shard_path(const char *dir, size_t k, char *buf, size_t cap);

/* The shard of a file (by its path relative to its root). */
size_t npc_layout_shard_of(const char *rel, size_t nshards);

#endif

/*
 * layout.h — the on-disk layout of an npcsearch index directory.
 *
 *   DIR/XAPIANDB        a Xapian stub file listing the live generation's shards
 *                       ("auto gen-000002/shard0" …): opening DIR with Xapian (xc_db_open)
 *                       opens every shard as one database
 *   DIR/gen-NNNNNN/     one generation: glass databases shard0 …, each written by its own
 *                       thread; a file's documents live in shard fnv1a(relative path) mod N,
 *                       so re-indexing a file finds them again
 *   DIR/live/shardK     a symbolic link to the live generation's shard K: the stable path a
 *                       stock xapian-tcpsrv or xapian-replicate-server serves it by (a new
 *                       connection follows the link to the generation live then)
 *   DIR/index.lock      flock()ed by the one index run allowed at a time
 *
 * An incremental run writes into the live generation (Xapian's revisions keep readers
 * consistent).  A full run builds the next generation beside it, publishes it by renaming a new
 * stub over XAPIANDB (atomic) and then sweeps every generation the stub no longer names.  A run
 * killed at any point leaves either the old stub or the new one; leftovers are swept by the next
 * run.  Indexes written before generations existed (DIR/shard0 …) are read as they are.
 */
#ifndef NPC_LAYOUT_H
#define NPC_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

#define NPC_SHARDS_DEFAULT 2

/* A full run compacts each new shard into blocks of this size before it goes live: 16 KiB
 * compacted searched the STARD questions 10-12 % faster than 8 KiB as written (compacted
 * 8 KiB: 5 %; 32 KiB and 64 KiB: slower, each read copies more).  docs/bench.md. */
#define NPC_BLOCK_SIZE 16384
#define NPC_SHARDS_MAX 16

/* A generation as its stub names it.  Plain value: no resources to release. */
typedef struct npc_layout {
    size_t nshards;
    char gen[32]; /* "gen-000002"; "" for the pre-generation layout (DIR/shard0 …) */
    /* identity of the stub when read, for npc_layout_changed */
    uint64_t stub_dev, stub_ino;
    int64_t stub_mtime_ns;
} npc_layout;

/*
 * Reads DIR's stub.  NPC_ENOTFOUND when DIR has no stub (not an index yet); NPC_EDB_OPEN when
 * the stub was not written by npcsearch.
 */
npc_status npc_layout_read(const char *dir, npc_layout *out, npc_err *err);

/*
 * Makes dir an index directory: creates it when missing and reads its live generation into
 * *live (live->nshards 0 when there is none yet).  NPC_EDB_OPEN when dir is not a directory, or
 * holds files that are not npcsearch's and no stub (it is not an index: refuse to write there).
 */
npc_status npc_layout_prepare(const char *dir, npc_layout *live, npc_err *err);

/* Creates the next generation directory (one above every gen-N present) for nshards shards. */
npc_status npc_layout_new_gen(const char *dir, size_t nshards, npc_layout *out, npc_err *err);

/* Makes l the live generation: writes a temporary stub, syncs it and renames it over XAPIANDB,
 * then points DIR/live/shardK at l's shards (npc_layout_link_live). */
npc_status npc_layout_publish(const char *dir, const npc_layout *l, npc_err *err);

/* Points each DIR/live/shardK at shard K of l (each link replaced atomically) and removes the
 * links of shards l does not have. */
npc_status npc_layout_link_live(const char *dir, const npc_layout *l, npc_err *err);

/* Removes every generation (and pre-generation shard) that live does not name, and a leftover
 * temporary stub.  live may have no shards (then everything of npcsearch's goes). */
npc_status npc_layout_sweep(const char *dir, const npc_layout *live, npc_err *err);

/* Removes the directory tree at path and renames `with` to path (a compacted shard taking
 * the place of the one it was made from). */
npc_status npc_layout_replace(const char *path, const char *with, npc_err *err);

/* 1 when DIR's stub is no longer the one l was read from (a full run switched generations). */
int npc_layout_changed(const char *dir, const npc_layout *l);

/* Writes the path of shard k of l into buf (NUL-terminated); 0 when it does not fit. */
int npc_layout_shard_path(const char *dir, const npc_layout *l, size_t k, char *buf, size_t cap);

/* Bytes on disk of the files of generation l. */
uint64_t npc_layout_bytes(const char *dir, const npc_layout *l);

/*
 * Takes DIR's index lock (non-blocking).  NPC_EDB_LOCK when another index run holds it.  *fd is
 * the caller's, released with npc_layout_unlock.
 */
npc_status npc_layout_lock(const char *dir, int *fd, npc_err *err);
void npc_layout_unlock(int fd);

/* The shard of a file (by its path relative to its root). */
size_t npc_layout_shard_of(const char *rel, size_t nshards);

#endif

/*
 * indexer.h — `npcsearch index`: brings a Xapian index in line with the files under corpus roots.
 *
 * Incremental by default: the walk's size and mtime of each file are compared with the shard's
 * manifest (manifest.h); files whose stat changed are read and their content hash compared;
 * only added, changed and removed files touch the index, in batches, each batch committed with
 * the manifest of what it holds.  A run that finds nothing to do writes nothing (the revision
 * stays).  A full run (asked for, or when the index is new, has no manifest or was written for
 * another schema) builds a new generation beside the live one and switches to it atomically
 * (layout.h).  One run at a time per index directory (its lock).
 *
 * The index mirrors the roots of the run: a file indexed before and not under them now is
 * removed — except that a run whose roots hold no document at all refuses to empty an index.
 * A file that cannot be read is skipped with a warning naming it; what the index held of it
 * stays.
 *
 * Lexicon: the built-in vocabulary, the lexicon already stored and the titles of the laws read
 * in this run.  Documents indexed earlier keep the segmentation of their run; a full run
 * re-segments everything with the current lexicon.
 *
 * Test hook: with NPCSEARCH_FAILPOINT set to "walked", "batch", "built" or "switched" the run
 * kills itself (SIGKILL) after the walk, after its first batch commit, after building a new
 * generation but before switching, or after switching but before sweeping the old one.
 */
#ifndef NPC_INDEXER_H
#define NPC_INDEXER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

/* Where a run is, for a progress display: handed to npc_index_opts.progress. */
typedef struct npc_index_progress {
    /* "lexicon", "indexing", "versions" (law versions' statuses), "compacting", "done"; "message"
     * just before a warning is written to the log (a display clears its line) */
    const char *phase;
    size_t files, files_total; /* files read and written (or found unchanged) of those to read */
    uint64_t bytes, bytes_total;
    size_t documents;     /* documents written so far */
    double seconds;       /* since the run started */
    double phase_seconds; /* since this phase started */
} npc_index_progress;

/* Called from the run's threads, one call at a time, when the phase changes and at most about
 * every 0.2 s while indexing; it must return quickly (the writers wait for it). */
typedef void (*npc_index_progress_fn)(const npc_index_progress *p, void *ctx);

typedef struct npc_index_opts {
    const char *db;           /* database directory (created when missing) */
    const char *const *roots; /* files or directories */
    size_t nroots;
    size_t max_file_bytes; /* files above this are skipped (0: 64 MiB) */
    int threads;           /* preparing threads (0: one per core) */
    int full;              /* 1: rebuild in a new generation and switch */
    size_t shards;         /* shards of a new generation (0: the live one's, or NPC_SHARDS_DEFAULT);
                            * another count than the live one's makes the run a full one */
    size_t batch; /* incremental: files per commit in each shard (0: 1000); full: one commit */
    FILE *log;    /* warnings (NULL: stderr) */
    npc_index_progress_fn progress; /* NULL: none */
    void *progress_ctx;
} npc_index_opts;

typedef struct npc_index_stats {
    int full;         /* the run rebuilt the index */
    size_t added;     /* files new to the index */
    size_t changed;   /* files whose content changed */
    size_t unchanged; /* files left alone (same stat, or same content hash) */
    size_t removed;   /* files gone from the roots, removed from the index */
    size_t files;     /* files read and written as documents */
    size_t documents; /* documents written (laws, articles, reports, feedback) */
    size_t articles;  /* of which articles */
    size_t skipped;   /* files that could not be read */
    size_t ignored;   /* files that are not documents (README.md, .json …) */
    size_t bytes;     /* bytes of the files read */
    size_t commits;   /* shard commits made */
    double seconds;
} npc_index_stats;

/* Runs an index job.  Fails without committing anything further when the database cannot be
 * opened or written; skipped files are not failures (they are counted). */
npc_status npc_index_run(const npc_index_opts *opts, npc_index_stats *stats, npc_err *err);

#endif

/*
 * indexer.h — `npcsearch index`: walks corpus roots and writes them into a Xapian database.
 *
 * The run: list the files under every root; gather law titles into the lexicon (built-in
 * vocabulary + titles, merged with what the database already holds) and store it in the
 * database; prepare documents in worker threads (prep.h); write them in file order from one
 * thread, each file's old documents removed first so that indexing again replaces instead of
 * duplicating; commit once at the end.  A file that cannot be read is skipped with a warning
 * naming it; the run goes on.
 */
#ifndef NPC_INDEXER_H
#define NPC_INDEXER_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

typedef struct npc_index_opts {
    const char *db;           /* database directory (created when missing) */
    const char *const *roots; /* files or directories */
    size_t nroots;
    size_t max_file_bytes; /* files above this are skipped (0: 64 MiB) */
    int threads;           /* preparing threads (0: one per core) */
    FILE *log;             /* warnings and progress (NULL: stderr) */
} npc_index_opts;

typedef struct npc_index_stats {
    size_t files;     /* files read as documents */
    size_t documents; /* documents written (laws, articles, reports, feedback) */
    size_t articles;  /* of which articles */
    size_t skipped;   /* files that could not be read */
    size_t ignored;   /* files that are not documents (README.md, .json …) */
    size_t bytes;     /* bytes of the files read */
    double seconds;
} npc_index_stats;

/* Runs an index job.  Fails without committing anything when the database cannot be opened or
 * written; skipped files are not failures (they are counted). */
npc_status npc_index_run(const npc_index_opts *opts, npc_index_stats *stats, npc_err *err);

#endif

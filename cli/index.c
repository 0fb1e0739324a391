/*
 * index.c — `npcsearch index`: brings an index in line with the files under the paths given
 * (indexer/indexer.h) and prints what the run did.
 */
#include <getopt.h>
#include <stdio.h>

#include "common.h"
#include "index/layout.h"
#include "indexer.h"
#include "progress.h"

int cmd_index(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"max-file-size", required_argument, NULL, 'm'},
                                         {"full", no_argument, NULL, 'f'},
                                         {"batch", required_argument, NULL, 'b'},
                                         {"shards", required_argument, NULL, 's'},
                                         {"progress", no_argument, NULL, 'p'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    unsigned long threads = 0, max = 0, batch = 0, shards = 0;
    int c, full = 0, asked = -1;
    while ((c = getopt_long(argc, argv, "+d:t:m:fb:s:pqh", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
        case 'q':
            asked = c == 'p';
            break;
        case 'd':
            db = optarg;
            break;
        case 't':
            if (!parse_uint(optarg, 64, &threads)) {
                return usage_error("--threads takes a number from 1 to 64, not \"%s\"", optarg);
            }
            break;
        case 'm':
            if (!parse_uint(optarg, 1ul << 30, &max) || max == 0) {
                return usage_error("--max-file-size takes a byte count up to 1 GiB, not \"%s\"",
                                   optarg);
            }
            break;
        case 'f':
            full = 1;
            break;
        case 'b':
            if (!parse_uint(optarg, 1000000, &batch) || batch == 0) {
                return usage_error("--batch takes a file count from 1 to 1000000, not \"%s\"",
                                   optarg);
            }
            break;
        case 's':
            if (!parse_uint(optarg, NPC_SHARDS_MAX, &shards) || shards == 0) {
                return usage_error("--shards takes a number from 1 to %d, not \"%s\"",
                                   NPC_SHARDS_MAX, optarg);
            }
            break;
        case 'h':
            fputs(cli_usage, stdout);
            return 0;
        default:
            return usage_error("unknown option for index");
        }
    }
    db = db_path(db);
    if (db == NULL) {
        return usage_error("index needs --db DIR (or NPCSEARCH_DB)");
    }
    if (optind >= argc) {
        return usage_error("index needs at least one PATH to index");
    }
    npc_index_opts o = {.db = db,
                        .roots = (const char *const *)argv + optind,
                        .nroots = (size_t)(argc - optind),
                        .max_file_bytes = max,
                        .threads = (int)threads,
                        .full = full,
                        .shards = shards,
                        .batch = batch};
    cli_progress pr = {.mode = cli_progress_choose(asked, stderr), .out = stderr};
    if (pr.mode != CLI_PROGRESS_OFF) {
        o.progress = cli_progress_show;
        o.progress_ctx = &pr;
    }
    npc_index_stats s;
    npc_err err;
    npc_status st = npc_index_run(&o, &s, &err);
    cli_progress_clear(&pr);
    if (st != NPC_OK) {
        return fail(st, &err);
    }
    printf("%s: %zu added, %zu changed, %zu removed, %zu unchanged, %zu skipped, %zu ignored; "
           "wrote %zu documents (%zu articles) from %.1f MB in %zu commits, %.2f s\n",
           s.full ? "full build" : "incremental", s.added, s.changed, s.removed, s.unchanged,
           s.skipped, s.ignored, s.documents, s.articles, s.bytes / 1e6, s.commits, s.seconds);
    return s.skipped ? 3 : 0;
}

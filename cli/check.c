/*
 * check.c — `npcsearch check`: Xapian's consistency check over each shard of an index
 * (search/check.h), one line a shard.
 */
#include <getopt.h>
#include <stdio.h>

#include "common.h"
#include "search/check.h"

static void print_shard(const char *name, const char *path, npc_status st, const npc_err *err,
                        void *ctx)
{
    (void)ctx;
    if (st == NPC_OK) {
        printf("%s: ok (%s)\n", name, path);
    } else {
        printf("%s: %s (%s): %s\n", name, st == NPC_EDB_CORRUPT ? "damaged" : npc_status_str(st),
               path, err->detail);
    }
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "+d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(cli_usage, stdout);
            return 0;
        default:
            return usage_error("unknown option for check");
        }
    }
    db = db_path(db);
    if (db == NULL) {
        return usage_error("check needs --db DIR (or NPCSEARCH_DB)");
    }
    if (optind < argc) {
        return usage_error("check takes no arguments, not \"%s\"", argv[optind]);
    }
    npc_err err;
    size_t damaged = 0;
    npc_status st = npc_index_check(db, print_shard, NULL, &damaged, &err);
    if (st == NPC_OK) {
        return 0;
    }
    if (damaged == 0) {
        return fail(st, &err); /* no index there at all */
    }
    fprintf(stderr,
            "npcsearch: %zu shard%s of %s damaged; rebuild it with npcsearch index --full --db "
            "%s PATH...\n",
            damaged, damaged == 1 ? "" : "s", db, db);
    return 1;
}

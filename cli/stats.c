/*
 * stats.c — `npcsearch stats`: what an index holds (indexer/stats.h), as text or JSON.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "common.h"
#include "stats.h"

static void print_counts(const char *label, json_t *obj)
{
    const char *k;
    json_t *v;
    printf("%-12s", label);
    int first = 1;
    json_object_foreach(obj, k, v)
    {
        printf("%s%s %lld", first ? "" : ", ", k, (long long)json_integer_value(v));
        first = 0;
    }
    printf("%s\n", first ? "-" : "");
}

int cmd_stats(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int c, as_json = 0;
    while ((c = getopt_long(argc, argv, "+d:jh", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'j':
            as_json = 1;
            break;
        case 'h':
            fputs(cli_usage, stdout);
            return 0;
        default:
            return usage_error("unknown option for stats");
        }
    }
    db = db_path(db);
    if (db == NULL) {
        return usage_error("stats needs --db DIR (or NPCSEARCH_DB)");
    }
    if (optind < argc) {
        return usage_error("stats takes no arguments, not \"%s\"", argv[optind]);
    }
    json_t *info = NULL;
    npc_err err;
    npc_status st = npc_stats_describe(db, &info, &err);
    if (st != NPC_OK) {
        return fail(st, &err);
    }
    if (as_json) {
        json_dumpf(info, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
    } else {
        printf("%-12s%s (%s, schema %s)\n", "index", db,
               json_string_value(json_object_get(info, "generation")),
               json_string_value(json_object_get(info, "schema")));
        printf("%-12s%lld in %lld files\n", "documents",
               (long long)json_integer_value(json_object_get(info, "documents")),
               (long long)json_integer_value(json_object_get(info, "files")));
        print_counts("by type", json_object_get(info, "by_type"));
        print_counts("by category", json_object_get(info, "by_category"));
        printf("%-12s%s\n", "last change", json_string_value(json_object_get(info, "indexed_at")));
        json_t *model = json_object_get(info, "model");
        if (json_is_object(model)) {
            printf("%-12slearned from %lld questions (npcsearch learn)\n", "model",
                   (long long)json_integer_value(json_object_get(model, "questions")));
        } else {
            printf("%-12snone (npcsearch learn stores one)\n", "model");
        }
        size_t k;
        json_t *sh;
        printf("%-12s", "revisions");
        json_array_foreach(json_object_get(info, "shards"), k, sh)
        {
            printf("%sshard%zu r%lld", k ? ", " : "", k,
                   (long long)json_integer_value(json_object_get(sh, "revision")));
        }
        printf("\n%-12s%.1f MB\n", "size",
               (double)json_integer_value(json_object_get(info, "bytes")) / 1e6);
    }
    json_decref(info);
    return 0;
}

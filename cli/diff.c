/*
 * diff.c — `npcsearch diff LAW [FROM TO]`: two versions of a law compared article by article
 * (search/search.h npc_search_diff), as text or as JSON (docs/json.md "Diff").
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "search/search.h"

/* A changed pair's characters: [-deleted-]{+inserted+}. */
static void print_spans(json_t *spans)
{
    size_t i;
    json_t *sp;
    json_array_foreach(spans, i, sp)
    {
        const char *op = json_str(sp, "op");
        printf(op[0] == '-' ? "[-%s-]" : op[0] == '+' ? "{+%s+}" : "%s", json_str(sp, "text"));
    }
    putchar('\n');
}

/* The counts, then one line per pair that is not unchanged. */
static void print_diff(json_t *res)
{
    json_t *c = json_object_get(res, "counts");
    printf("%s: %s → %s\n", json_str(res, "law"), json_str(json_object_get(res, "from"), "id"),
           json_str(json_object_get(res, "to"), "id"));
    printf("%lld unchanged, %lld moved, %lld changed, %lld added, %lld removed\n",
           json_integer_value(json_object_get(c, "unchanged")),
           json_integer_value(json_object_get(c, "moved")),
           json_integer_value(json_object_get(c, "changed")),
           json_integer_value(json_object_get(c, "added")),
           json_integer_value(json_object_get(c, "removed")));
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(res, "pairs"), i, p)
    {
        const char *mark = json_str(p, "mark");
        if (strcmp(mark, "unchanged") == 0) {
            continue;
        }
        json_t *f = json_object_get(p, "from"), *t = json_object_get(p, "to");
        printf("\n%s %s → %s\n", mark, json_is_object(f) ? json_str(f, "label") : "-",
               json_is_object(t) ? json_str(t, "label") : "-");
        if (strcmp(mark, "changed") == 0) {
            print_spans(json_object_get(p, "spans"));
        } else if (strcmp(mark, "added") == 0) {
            printf("%s\n", json_str(t, "text"));
        } else if (strcmp(mark, "removed") == 0) {
            printf("%s\n", json_str(f, "text"));
        }
    }
}

int cmd_diff(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "+d:jh", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'j') {
            json = 1;
        } else if (c == 'h') {
            fputs(cli_usage, stdout);
            return 0;
        } else {
            return usage_error("unknown option for diff");
        }
    }
    db = db_path(db);
    if (db == NULL) {
        return usage_error("diff needs --db DIR (or NPCSEARCH_DB)");
    }
    int nargs = argc - optind;
    if (nargs != 1 && nargs != 3) {
        return usage_error("diff takes a law and, optionally, two versions: LAW [FROM TO]");
    }
    const char *law = argv[optind], *from = nargs == 3 ? argv[optind + 1] : NULL,
               *to = nargs == 3 ? argv[optind + 2] : NULL;
    npc_err err;
    npc_searcher *s = NULL;
    json_t *res = NULL;
    npc_status st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK) {
        st = npc_search_diff(s, law, from, to, &res, &err);
    }
    int rc = st == NPC_OK ? 0 : fail(st, &err);
    if (st == NPC_OK && json) {
        rc = print_json(res);
    } else if (st == NPC_OK) {
        print_diff(res);
    }
    json_decref(res);
    npc_searcher_close(s);
    return rc;
}

/*
 * suggest.c — `npcsearch suggest`: what the search box suggests for a beginning typed
 * (search/search.h npc_search_suggest), as text or as JSON (docs/json.md).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "search/search.h"

/* One line a suggestion: the text, its kind, and for a law its newest version. */
static void print_suggestions(json_t *res)
{
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(res, "suggestions"), i, h)
    {
        printf("%s\t%s", json_str(h, "text"), json_str(h, "kind"));
        if (json_str(h, "id")[0]) {
            printf("\t%s %s\t%s", json_str(h, "title"), json_str(h, "date"), json_str(h, "id"));
        }
        putchar('\n');
    }
}

int cmd_suggest(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0, c;
    unsigned long limit = 8;
    while ((c = getopt_long(argc, argv, "+d:jl:h", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'j') {
            json = 1;
        } else if (c == 'l') {
            if (!parse_uint(optarg, NPC_SUGGEST_MAX_LIMIT, &limit) || limit == 0) {
                return usage_error("--limit takes a number from 1 to %d, not \"%s\"",
                                   NPC_SUGGEST_MAX_LIMIT, optarg);
            }
        } else if (c == 'h') {
            fputs(cli_usage, stdout);
            return 0;
        } else {
            return usage_error("unknown option for suggest");
        }
    }
    db = db_path(db);
    if (db == NULL) {
        return usage_error("suggest needs --db DIR (or NPCSEARCH_DB)");
    }
    if (optind + 1 != argc || argv[optind][0] == '\0') {
        return usage_error("suggest takes the text typed so far, one argument");
    }
    npc_err err;
    npc_searcher *s = NULL;
    json_t *res = NULL;
    npc_status st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK) {
        st = npc_search_suggest(s, argv[optind], strlen(argv[optind]), (uint32_t)limit, &res, &err);
    }
    int rc = st == NPC_OK ? 0 : fail(st, &err);
    if (st == NPC_OK && json) {
        rc = print_json(res);
    } else if (st == NPC_OK) {
        print_suggestions(res);
    }
    json_decref(res);
    npc_searcher_close(s);
    return rc;
}

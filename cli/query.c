/*
 * query.c — `npcsearch query`: one search (search/search.h), printed as the JSON of
 * docs/json.md or as text for a terminal.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "index/schema.h"
#include "search/search.h"

/* Prints an HTML snippet as terminal text: entities decoded, marks bold (or 【】 off a tty). */
static void print_snippet(const char *h, int tty)
{
    static const struct {
        const char *from, *to;
    } ent[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    while (*h) {
        if (strncmp(h, "<mark>", 6) == 0) {
            fputs(tty ? "\033[1;31m" : "【", stdout);
            h += 6;
            continue;
        }
        if (strncmp(h, "</mark>", 7) == 0) {
            fputs(tty ? "\033[0m" : "】", stdout);
            h += 7;
            continue;
        }
        int done = 0;
        for (size_t k = 0; k < sizeof ent / sizeof *ent && *h == '&'; k++) {
            size_t n = strlen(ent[k].from);
            if (strncmp(h, ent[k].from, n) == 0) {
                fputs(ent[k].to, stdout);
                h += n;
                done = 1;
                break;
            }
        }
        if (!done) {
            putchar(*h++);
        }
    }
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The "did you mean" line (search.h), and that the correction was searched when it was. */
static void print_did_you_mean(json_t *res)
{
    json_t *d = json_object_get(res, "did_you_mean");
    if (d == NULL) {
        return;
    }
    printf("您是不是要找：%s\n", str(d, "query"));
    if (json_is_true(json_object_get(d, "searched"))) {
        printf("以下是“%s”的结果（原查询：%s）\n", str(d, "query"), str(res, "query"));
    }
}

static void print_hits(json_t *res)
{
    int tty = isatty(STDOUT_FILENO);
    json_t *hits = json_object_get(res, "hits");
    print_did_you_mean(res);
    printf("%s%lld results for %s\n",
           json_is_false(json_object_get(res, "total_exact")) ? "about " : "",
           (long long)json_integer_value(json_object_get(res, "total")), str(res, "query"));
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(res, "missing_shards"), i, h)
    {
        printf("partial: shard %s did not answer, its documents are missing\n",
               json_string_value(h));
    }
    json_array_foreach(hits, i, h)
    {
        printf("\n%lld. %s%s%s\n", (long long)json_integer_value(json_object_get(h, "rank")),
               str(h, NPC_FIELD_TITLE), str(h, NPC_FIELD_ARTICLE_LABEL)[0] ? " " : "",
               str(h, NPC_FIELD_ARTICLE_LABEL));
        printf("   %s · %s%s%s · %s · %s\n   ", str(h, NPC_FIELD_TYPE), str(h, NPC_FIELD_CATEGORY),
               str(h, NPC_FIELD_REGION)[0] ? " · " : "", str(h, NPC_FIELD_REGION),
               str(h, NPC_FIELD_DATE), str(h, NPC_FIELD_ID));
        print_snippet(str(h, "snippet"), tty);
        putchar('\n');
    }
}

/* Reads query's options into *db, *json and *r.  -1 when the command goes on, else the exit
 * status (after --help, or a usage error). */
static int parse_options(int argc, char **argv, const char **db, int *json, npc_search_req *r)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"offset", required_argument, NULL, 'o'},
                                         {"type", required_argument, NULL, 't'},
                                         {"category", required_argument, NULL, 'c'},
                                         {"region", required_argument, NULL, 'r'},
                                         {"year-from", required_argument, NULL, 'f'},
                                         {"year-to", required_argument, NULL, 'u'},
                                         {"sort", required_argument, NULL, 's'},
                                         {"facets", no_argument, NULL, 'F'},
                                         {"draft", required_argument, NULL, 'D'},
                                         {"article", required_argument, NULL, 'A'},
                                         {"contact-point", required_argument, NULL, 'P'},
                                         {"status", required_argument, NULL, 'S'},
                                         {"cites", required_argument, NULL, 'C'},
                                         {"as-of", required_argument, NULL, 'a'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    unsigned long v;
    int c;
    while ((c = getopt_long(argc, argv, "+d:jl:o:t:c:r:f:u:s:FD:A:P:S:C:a:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            *db = optarg;
            break;
        case 'j':
            *json = 1;
            break;
        case 'l':
            if (!parse_uint(optarg, NPC_SEARCH_MAX_LIMIT, &v) || v == 0) {
                return usage_error("--limit takes a number from 1 to %d, not \"%s\"",
                                   NPC_SEARCH_MAX_LIMIT, optarg);
            }
            r->limit = (uint32_t)v;
            break;
        case 'o':
            if (!parse_uint(optarg, NPC_SEARCH_MAX_OFFSET, &v)) {
                return usage_error("--offset takes a number from 0 to %d, not \"%s\"",
                                   NPC_SEARCH_MAX_OFFSET, optarg);
            }
            r->offset = (uint32_t)v;
            break;
        case 't':
            r->type = optarg;
            break;
        case 'c':
            r->category = optarg;
            break;
        case 'r':
            r->region = optarg;
            break;
        case 'f':
        case 'u':
            if (!parse_uint(optarg, NPC_YEAR_MAX, &v) || v < NPC_YEAR_MIN) {
                return usage_error("a year must be between %d and %d, not \"%s\"", NPC_YEAR_MIN,
                                   NPC_YEAR_MAX, optarg);
            }
            *(c == 'f' ? &r->year_from : &r->year_to) = (int)v;
            break;
        case 's':
            if (npc_sort_parse(optarg, &r->sort, NULL) != NPC_OK) {
                return usage_error("--sort takes relevance or date, not \"%s\"", optarg);
            }
            break;
        case 'F':
            r->facets = 1;
            break;
        case 'D':
            r->draft = optarg;
            break;
        case 'A':
            r->article = optarg;
            break;
        case 'P':
            r->contact_point = optarg;
            break;
        case 'S':
            r->status = optarg;
            break;
        case 'C':
            r->cites = optarg;
            break;
        case 'a':
            r->as_of = optarg;
            break;
        case 'h':
            fputs(cli_usage, stdout);
            return 0;
        default:
            return usage_error("unknown option for query");
        }
    }
    return -1;
}

/* The words argv[from..argc) joined by spaces, malloc'd (NULL when memory runs out). */
static char *joined_words(int argc, char **argv, int from)
{
    size_t qlen = 0;
    for (int i = from; i < argc; i++) {
        qlen += strlen(argv[i]) + 1;
    }
    char *q = malloc(qlen + 1);
    if (q == NULL) {
        return NULL;
    }
    q[0] = '\0';
    for (int i = from; i < argc; i++) {
        if (i > from) {
            strcat(q, " ");
        }
        strcat(q, argv[i]);
    }
    return q;
}

/* Prints the answer (or its JSON); the exit status. */
static int print_answer(json_t *res, int json)
{
    if (!json) {
        print_hits(res);
        return 0;
    }
    char *out = json_dumps(res, JSON_COMPACT);
    if (out == NULL) {
        return 1;
    }
    puts(out);
    free(out);
    return 0;
}

int cmd_query(int argc, char **argv)
{
    const char *db = NULL;
    int json = 0;
    npc_search_req r = {.limit = 10};
    int rc = parse_options(argc, argv, &db, &json, &r);
    if (rc >= 0) {
        return rc;
    }
    db = db_path(db);
    if (db == NULL) {
        return usage_error("query needs --db DIR (or NPCSEARCH_DB)");
    }
    char *q = joined_words(argc, argv, optind);
    if (q == NULL) {
        return 1;
    }
    r.q = q;
    r.qlen = strlen(q);
    npc_err err;
    /* the request's one check (request.h), before the index is opened: its faults are usage */
    if (npc_search_req_check(&r, &err) != NPC_OK) {
        free(q);
        if (err.reason != NULL && strcmp(err.reason, "blank_query") == 0) {
            return usage_error("query needs the text to search for (or a filter)");
        }
        return usage_error("%s", err.detail);
    }
    npc_searcher *s = NULL;
    json_t *res = NULL;
    npc_status st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK) {
        st = npc_search(s, &r, &res, &err);
    }
    rc = st == NPC_OK ? print_answer(res, json) : fail(st, &err);
    json_decref(res);
    npc_searcher_close(s);
    free(q);
    return rc;
}

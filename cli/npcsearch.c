/*
 * npcsearch.c — the command line: index, query, analyze.
 *
 * Exit status: 0 success; 1 failure (the message names the problem); 2 usage error;
 * 3 (index) the run finished but some files were skipped.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer.h"
#include "indexer.h"
#include "search.h"
#include "xc.h"

static const char USAGE[] =
    "usage: npcsearch COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  index   --db DIR [--threads N] [--max-file-size BYTES] PATH...\n"
    "          index the files under each PATH (laws .md, reports .txt/.md, feedback .md)\n"
    "  query   --db DIR [--json] [--limit N] [--offset N] [--type T] [--category C]\n"
    "          [--region R] [--year-from Y] [--year-to Y] [--sort relevance|date] QUERY...\n"
    "          search; QUERY: words, \"a phrase\", -excluded, A OR B, 残疾人保障法第33条\n"
    "  analyze [--db DIR] TEXT   print the terms the analyzer makes of TEXT\n"
    "\n"
    "The database may also be given by the environment variable NPCSEARCH_DB.\n";

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "npcsearch: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", USAGE);
    return 2;
}

static int fail(npc_status st, const npc_err *err)
{
    fprintf(stderr, "npcsearch: %s%s%s\n", npc_status_str(st), err->detail[0] ? ": " : "",
            err->detail);
    return 1;
}

/* Parses a non-negative integer option; returns 0 when it is not one. */
static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (s == NULL || *s == '\0' || *s == '-') {
        return 0;
    }
    unsigned long v = strtoul(s, &end, 10);
    if (*end != '\0' || v > max) {
        return 0;
    }
    *out = v;
    return 1;
}

static const char *db_path(const char *opt)
{
    if (opt != NULL) {
        return opt;
    }
    const char *env = getenv("NPCSEARCH_DB");
    return env != NULL && env[0] ? env : NULL;
}

/* ---- index ------------------------------------------------------------------------------ */

static int cmd_index(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"max-file-size", required_argument, NULL, 'm'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    unsigned long threads = 0, max = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+d:t:m:h", opts, NULL)) != -1) {
        switch (c) {
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
        case 'h':
            fputs(USAGE, stdout);
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
                        .threads = (int)threads};
    npc_index_stats s;
    npc_err err;
    npc_status st = npc_index_run(&o, &s, &err);
    if (st != NPC_OK) {
        return fail(st, &err);
    }
    printf("indexed %zu files: %zu documents (%zu articles), %zu skipped, %zu ignored; "
           "%.1f MB in %.2f s\n",
           s.files, s.documents, s.articles, s.skipped, s.ignored, s.bytes / 1e6, s.seconds);
    return s.skipped ? 3 : 0;
}

/* ---- query ------------------------------------------------------------------------------ */

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

static void print_hits(json_t *res)
{
    int tty = isatty(STDOUT_FILENO);
    json_t *hits = json_object_get(res, "hits");
    printf("%lld results for %s\n", (long long)json_integer_value(json_object_get(res, "total")),
           str(res, "query"));
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h)
    {
        printf("\n%lld. %s%s%s\n", (long long)json_integer_value(json_object_get(h, "rank")),
               str(h, "title"), str(h, "article_label")[0] ? " " : "", str(h, "article_label"));
        printf("   %s · %s%s%s · %s · %s\n   ", str(h, "type"), str(h, "category"),
               str(h, "region")[0] ? " · " : "", str(h, "region"), str(h, "date"), str(h, "id"));
        print_snippet(str(h, "snippet"), tty);
        putchar('\n');
    }
}

static int cmd_query(int argc, char **argv)
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
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0;
    npc_search_req r = {.limit = 10};
    unsigned long v;
    int c;
    while ((c = getopt_long(argc, argv, "+d:jl:o:t:c:r:f:u:s:Fh", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'l':
            if (!parse_uint(optarg, NPC_SEARCH_MAX_LIMIT, &v) || v == 0) {
                return usage_error("--limit takes a number from 1 to 100, not \"%s\"", optarg);
            }
            r.limit = (uint32_t)v;
            break;
        case 'o':
            if (!parse_uint(optarg, NPC_SEARCH_MAX_OFFSET, &v)) {
                return usage_error("--offset takes a number from 0 to 10000, not \"%s\"", optarg);
            }
            r.offset = (uint32_t)v;
            break;
        case 't':
            r.type = optarg;
            break;
        case 'c':
            r.category = optarg;
            break;
        case 'r':
            r.region = optarg;
            break;
        case 'f':
        case 'u':
            if (!parse_uint(optarg, 2100, &v) || v < 1900) {
                return usage_error("a year must be between 1900 and 2100, not \"%s\"", optarg);
            }
            *(c == 'f' ? &r.year_from : &r.year_to) = (int)v;
            break;
        case 's':
            if (strcmp(optarg, "relevance") == 0) {
                r.sort = NPC_SORT_RELEVANCE;
            } else if (strcmp(optarg, "date") == 0) {
                r.sort = NPC_SORT_DATE;
            } else {
                return usage_error("--sort takes relevance or date, not \"%s\"", optarg);
            }
            break;
        case 'F':
            r.facets = 1;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            return usage_error("unknown option for query");
        }
    }
    db = db_path(db);
    if (db == NULL) {
        return usage_error("query needs --db DIR (or NPCSEARCH_DB)");
    }
    if (optind >= argc) {
        return usage_error("query needs the text to search for");
    }
    /* the words of the query, joined by spaces */
    size_t qlen = 0;
    for (int i = optind; i < argc; i++) {
        qlen += strlen(argv[i]) + 1;
    }
    char *q = malloc(qlen + 1);
    if (q == NULL) {
        return 1;
    }
    q[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind) {
            strcat(q, " ");
        }
        strcat(q, argv[i]);
    }
    r.q = q;
    r.qlen = strlen(q);
    npc_err err;
    npc_searcher *s = NULL;
    json_t *res = NULL;
    npc_status st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK) {
        st = npc_search(s, &r, &res, &err);
    }
    int rc = 0;
    if (st != NPC_OK) {
        rc = fail(st, &err);
    } else if (json) {
        char *out = json_dumps(res, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
        if (out != NULL) {
            puts(out);
            free(out);
        } else {
            rc = 1;
        }
    } else {
        print_hits(res);
    }
    json_decref(res);
    npc_searcher_close(s);
    free(q);
    return rc;
}

/* ---- analyze ---------------------------------------------------------------------------- */

static int cmd_analyze(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "+d:", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else {
            return usage_error("unknown option for analyze");
        }
    }
    if (optind >= argc) {
        return usage_error("analyze needs TEXT");
    }
    npc_err err;
    npc_status st;
    npc_lexicon *lx = NULL;
    npc_analyzer *a = NULL;
    npc_searcher *s = NULL;
    db = db_path(db);
    if (db != NULL) {
        st = npc_searcher_open(db, &s, &err);
        if (st != NPC_OK) {
            return fail(st, &err);
        }
        char *lex = NULL;
        size_t ll;
        st = xc_db_metadata(npc_searcher_db(s), "npc.lexicon", &lex, &ll, &err);
        if (st == NPC_OK) {
            st = npc_lexicon_new(&lx, &err);
        }
        if (st == NPC_OK) {
            st = npc_lexicon_load(lx, lex, ll, &err);
        }
        free(lex);
    } else {
        size_t bl;
        const char *b = npc_lexicon_builtin(&bl);
        st = npc_lexicon_new(&lx, &err);
        if (st == NPC_OK) {
            st = npc_lexicon_load(lx, b, bl, &err);
        }
    }
    if (st == NPC_OK) {
        st = npc_analyzer_new(lx, &a, &err);
    }
    npc_analysis an;
    const char *text = argv[optind];
    if (st == NPC_OK) {
        st = npc_analyze(a, text, strlen(text), NPC_AN_BIGRAMS, &an, &err);
    }
    if (st == NPC_OK) {
        static const char *const kinds[] = {"word", "alnum", "numbering", "bigram"};
        for (size_t i = 0; i < an.ntokens; i++) {
            const npc_token *t = &an.tokens[i];
            printf("%-9s %-24s %.*s%s\n", kinds[t->kind], npc_token_term(&an, t),
                   (int)(t->end - t->start), text + t->start, t->title >= 0 ? "  (law title)" : "");
        }
    }
    npc_analyzer_free(a);
    npc_lexicon_free(lx);
    npc_searcher_close(s);
    return st == NPC_OK ? 0 : fail(st, &err);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    argv++;
    argc--;
    if (strcmp(cmd, "index") == 0) {
        return cmd_index(argc, argv);
    }
    if (strcmp(cmd, "query") == 0) {
        return cmd_query(argc, argv);
    }
    if (strcmp(cmd, "analyze") == 0) {
        return cmd_analyze(argc, argv);
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(USAGE, stdout);
        return 0;
    }
    return usage_error("unknown command \"%s\"", cmd);
}

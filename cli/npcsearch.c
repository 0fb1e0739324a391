/*
 * npcsearch.c — the command line: index, query, analyze.
 *
 * Exit status: 0 success; 1 failure (the message names the problem); 2 usage error;
 * 3 (index) the run finished but some files were skipped.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "analyzer.h"
#include "eval.h"
#include "indexer.h"
#include "info.h"
#include "search.h"
#include "xc.h"

static const char USAGE[] =
    "usage: npcsearch COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  index   --db DIR [--full] [--batch N] [--threads N] [--max-file-size BYTES] PATH...\n"
    "          bring the index in line with the files under each PATH (laws .md, reports\n"
    "          .txt/.md/.docx/.pdf/.html, feedback .md/.csv): only added, changed and removed\n"
    "          files are touched; --full rebuilds beside the live index and switches atomically\n"
    "  stats   --db DIR [--json]   documents by type and category, revision, size\n"
    "  query   --db DIR [--json] [--limit N] [--offset N] [--type T] [--category C]\n"
    "          [--region R] [--year-from Y] [--year-to Y] [--sort relevance|date]\n"
    "          [--draft D] [--article A] [--contact-point P] [--status S] [--cites CITATION]\n"
    "          [QUERY...]   (QUERY may be left out when a filter is given)\n"
    "          search; QUERY: words, \"a phrase\", -excluded, A OR B, 残疾人保障法第33条\n"
    "  eval    --db DIR [--verbose] FILE.jsonl\n"
    "          ranking quality on questions with known answers (STARD format, docs/eval.md)\n"
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
                                         {"full", no_argument, NULL, 'f'},
                                         {"batch", required_argument, NULL, 'b'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    unsigned long threads = 0, max = 0, batch = 0;
    int c, full = 0;
    while ((c = getopt_long(argc, argv, "+d:t:m:fb:h", opts, NULL)) != -1) {
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
        case 'f':
            full = 1;
            break;
        case 'b':
            if (!parse_uint(optarg, 1000000, &batch) || batch == 0) {
                return usage_error("--batch takes a file count from 1 to 1000000, not \"%s\"",
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
                        .threads = (int)threads,
                        .full = full,
                        .batch = batch};
    npc_index_stats s;
    npc_err err;
    npc_status st = npc_index_run(&o, &s, &err);
    if (st != NPC_OK) {
        return fail(st, &err);
    }
    printf("%s: %zu added, %zu changed, %zu removed, %zu unchanged, %zu skipped, %zu ignored; "
           "wrote %zu documents (%zu articles) from %.1f MB in %zu commits, %.2f s\n",
           s.full ? "full build" : "incremental", s.added, s.changed, s.removed, s.unchanged,
           s.skipped, s.ignored, s.documents, s.articles, s.bytes / 1e6, s.commits, s.seconds);
    return s.skipped ? 3 : 0;
}

/* ---- stats ------------------------------------------------------------------------------ */

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

static int cmd_stats(int argc, char **argv)
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
            fputs(USAGE, stdout);
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
    npc_status st = npc_index_info(db, &info, &err);
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
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'l'},   {"offset", required_argument, NULL, 'o'},
        {"type", required_argument, NULL, 't'},    {"category", required_argument, NULL, 'c'},
        {"region", required_argument, NULL, 'r'},  {"year-from", required_argument, NULL, 'f'},
        {"year-to", required_argument, NULL, 'u'}, {"sort", required_argument, NULL, 's'},
        {"facets", no_argument, NULL, 'F'},        {"draft", required_argument, NULL, 'D'},
        {"article", required_argument, NULL, 'A'}, {"contact-point", required_argument, NULL, 'P'},
        {"status", required_argument, NULL, 'S'},  {"cites", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int json = 0;
    npc_search_req r = {.limit = 10};
    unsigned long v;
    int c;
    while ((c = getopt_long(argc, argv, "+d:jl:o:t:c:r:f:u:s:FD:A:P:S:C:h", opts, NULL)) != -1) {
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
        case 'D':
            r.draft = optarg;
            break;
        case 'A':
            r.article = optarg;
            break;
        case 'P':
            r.contact_point = optarg;
            break;
        case 'S':
            r.status = optarg;
            break;
        case 'C':
            r.cites = optarg;
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
    int filtered = r.type || r.category || r.region || r.year_from || r.year_to || r.draft ||
                   r.article || r.contact_point || r.status || r.cites;
    if (optind >= argc && !filtered) {
        return usage_error("query needs the text to search for (or a filter)");
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

/* ---- eval ------------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Ids of the index may carry the corpus root's "laws/" folder; the qrels' ids do not. */
static const char *qrel_id(const char *id)
{
    return strncmp(id, "laws/", 5) == 0 ? id + 5 : id;
}

/* Scores one question (a parsed JSONL line); returns 0 on a search error. */
static int eval_one(npc_searcher *s, json_t *line, int verbose, npc_eval_scores *sc, double *ms)
{
    const char *q = json_string_value(json_object_get(line, "query"));
    json_t *rel = json_object_get(line, "relevant");
    if (q == NULL || !json_is_array(rel)) {
        fprintf(stderr, "npcsearch: eval: a line without \"query\" and \"relevant\"\n");
        return 0;
    }
    size_t nitems = json_array_size(rel);
    npc_eval_item *items = calloc(nitems + 1, sizeof *items);
    const char **ids = calloc(nitems * 64 + 1, sizeof *ids);
    size_t nids = 0;
    for (size_t i = 0; items && ids && i < nitems; i++) {
        json_t *r = json_array_get(rel, i);
        items[i].ids = ids + nids;
        const char *a = json_string_value(json_object_get(r, "article_id"));
        if (a != NULL) {
            ids[nids++] = a;
        }
        json_t *eq = json_object_get(r, "equivalent_ids");
        for (size_t k = 0; k < json_array_size(eq) && nids < nitems * 64; k++) {
            if (json_is_string(json_array_get(eq, k))) {
                ids[nids++] = json_string_value(json_array_get(eq, k));
            }
        }
        items[i].nids = (size_t)(ids + nids - items[i].ids);
    }
    npc_search_req r = {.q = q, .qlen = strlen(q), .limit = 100, .no_snippets = 1};
    json_t *res = NULL;
    npc_err err;
    double t0 = npc_clock();
    npc_status st = npc_search(s, &r, &res, &err);
    *ms = (npc_clock() - t0) * 1000.0;
    if (st != NPC_OK) {
        fprintf(stderr, "npcsearch: eval: %s: %s (%s)\n", npc_status_str(st), err.detail, q);
        memset(sc, 0, sizeof *sc);
        free(items);
        free(ids);
        return 1; /* a question the engine refuses scores 0 */
    }
    json_t *hits = json_object_get(res, "hits");
    const char *ranked[100];
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(hits) && n < 100; i++) {
        ranked[n++] = qrel_id(json_string_value(json_object_get(json_array_get(hits, i), "id")));
    }
    *sc = npc_eval_score(ranked, n, items, nitems);
    if (verbose && sc->recall10 == 0) {
        printf("miss: %s\n  want:", q);
        for (size_t i = 0; i < nitems; i++) {
            printf(" %s", items[i].nids ? items[i].ids[0] : "?");
        }
        printf("\n  got: ");
        for (size_t i = 0; i < n && i < 3; i++) {
            printf(" %s", ranked[i]);
        }
        printf("\n");
    }
    json_decref(res);
    free(items);
    free(ids);
    return 1;
}

static int cmd_eval(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int verbose = 0, c;
    while ((c = getopt_long(argc, argv, "+d:v", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'v') {
            verbose = 1;
        } else {
            return usage_error("unknown option for eval");
        }
    }
    db = db_path(db);
    if (db == NULL || optind + 1 != argc) {
        return usage_error("eval needs --db DIR and one FILE.jsonl");
    }
    FILE *f = fopen(argv[optind], "r");
    if (f == NULL) {
        fprintf(stderr, "npcsearch: cannot read %s: %s\n", argv[optind], strerror(errno));
        return 1;
    }
    npc_err err;
    npc_searcher *s = NULL;
    npc_status st = npc_searcher_open(db, &s, &err);
    if (st != NPC_OK) {
        fclose(f);
        return fail(st, &err);
    }
    char *line = NULL;
    size_t cap = 0, n = 0, lineno = 0;
    double r10 = 0, r100 = 0, mrr = 0, ndcg = 0, *ms = NULL;
    int rc = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        lineno++;
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)got, 0, &je);
        if (o == NULL) {
            if (strspn(line, " \t\r\n") == (size_t)got) {
                continue;
            }
            fprintf(stderr, "npcsearch: %s line %zu: %s\n", argv[optind], lineno, je.text);
            rc = 1;
            break;
        }
        npc_eval_scores sc;
        double t;
        double *m2 = realloc(ms, (n + 1) * sizeof *ms);
        if (m2 == NULL || !eval_one(s, o, verbose, &sc, &t)) {
            json_decref(o);
            rc = 1;
            break;
        }
        ms = m2;
        ms[n++] = t;
        r10 += sc.recall10;
        r100 += sc.recall100;
        mrr += sc.mrr10;
        ndcg += sc.ndcg10;
        json_decref(o);
    }
    free(line);
    fclose(f);
    npc_searcher_close(s);
    if (rc == 0 && n == 0) {
        fprintf(stderr, "npcsearch: %s holds no questions\n", argv[optind]);
        rc = 1;
    }
    if (rc == 0) {
        qsort(ms, n, sizeof *ms, cmp_double);
        printf("questions %zu  R@10 %.3f  R@100 %.3f  MRR@10 %.3f  nDCG@10 %.3f  "
               "ms/question p50 %.1f p95 %.1f\n",
               n, r10 / n, r100 / n, mrr / n, ndcg / n, ms[n / 2], ms[n * 95 / 100]);
    }
    free(ms);
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
    if (strcmp(cmd, "stats") == 0) {
        return cmd_stats(argc, argv);
    }
    if (strcmp(cmd, "eval") == 0) {
        return cmd_eval(argc, argv);
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

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

#include "base/clock.h"
#include "text/analyzer.h"
#include "learn/assoc.h"
#include "learn/assocdb.h"
#include "learn/eval.h"
#include "index/schema.h"
#include "indexer.h"
#include "stats.h"
#include "search/search.h"
#include "xapian-c/xc.h"

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
    "  eval    --db DIR [--verbose] [--model FILE | --no-model | --folds K] FILE.jsonl\n"
    "          ranking quality on questions with known answers (STARD format,\n"
    "          docs/relevance.md); --folds K: K-fold cross-validation of the learning step\n"
    "  learn   --db DIR [--out FILE] [--min-count N] [--top N] [--min-g2 X] FILE.jsonl...\n"
    "          learn lay-to-legal word associations from answered questions; stored in the\n"
    "          index (every search then uses them) or written to FILE (for eval --model)\n"
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
               str(h, NPC_FIELD_TITLE), str(h, NPC_FIELD_ARTICLE_LABEL)[0] ? " " : "",
               str(h, NPC_FIELD_ARTICLE_LABEL));
        printf("   %s · %s%s%s · %s · %s\n   ", str(h, NPC_FIELD_TYPE), str(h, NPC_FIELD_CATEGORY),
               str(h, NPC_FIELD_REGION)[0] ? " · " : "", str(h, NPC_FIELD_REGION),
               str(h, NPC_FIELD_DATE), str(h, NPC_FIELD_ID));
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
        ranked[n++] =
            qrel_id(json_string_value(json_object_get(json_array_get(hits, i), NPC_FIELD_ID)));
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

/* Reads a whole file into *out (malloc'd, NUL-terminated). */
static npc_status read_file(const char *path, char **out, size_t *len, npc_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return npc_fail(err, NPC_EIO, "cannot read %s: %s", path, strerror(errno));
    }
    size_t cap = 65536, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b != NULL && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *p = realloc(b, cap * 2);
            if (p == NULL) {
                free(b);
                b = NULL;
                break;
            }
            b = p;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (b == NULL) {
        return npc_fail(err, NPC_ENOMEM, "reading %s", path);
    }
    if (bad) {
        free(b);
        return npc_fail(err, NPC_EIO, "cannot read %s", path);
    }
    b[n] = '\0';
    *out = b;
    *len = n;
    return NPC_OK;
}

/* The questions of a JSONL qrels file, each line parsed; 0 (message printed) on failure. */
typedef struct qset {
    json_t **q;
    size_t n;
} qset;

static void qset_release(qset *qs)
{
    for (size_t i = 0; i < qs->n; i++) {
        json_decref(qs->q[i]);
    }
    free(qs->q);
    memset(qs, 0, sizeof *qs);
}

static int qset_read(const char *path, qset *qs)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "npcsearch: cannot read %s: %s\n", path, strerror(errno));
        return 0;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int ok = 1;
    while (ok && (got = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (strspn(line, " \t\r\n") == (size_t)got) {
            continue;
        }
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)got, 0, &je);
        if (o == NULL) {
            fprintf(stderr, "npcsearch: %s line %zu: %s\n", path, lineno, je.text);
            ok = 0;
            break;
        }
        if (!json_is_string(json_object_get(o, "query")) ||
            !json_is_array(json_object_get(o, "relevant"))) {
            fprintf(stderr, "npcsearch: %s line %zu: no \"query\" string and \"relevant\" array\n",
                    path, lineno);
            json_decref(o);
            ok = 0;
            break;
        }
        json_t **p = realloc(qs->q, (qs->n + 1) * sizeof *p);
        if (p == NULL) {
            json_decref(o);
            ok = 0;
            break;
        }
        qs->q = p;
        qs->q[qs->n++] = o;
    }
    free(line);
    fclose(f);
    if (ok && qs->n == 0) {
        fprintf(stderr, "npcsearch: %s holds no questions\n", path);
        ok = 0;
    }
    return ok;
}

/* Scores summed over questions, with each question's time. */
typedef struct agg {
    size_t n;
    double r10, r100, mrr, ndcg;
    double *ms;
} agg;

static int agg_add(agg *a, const npc_eval_scores *sc, double ms)
{
    double *p = realloc(a->ms, (a->n + 1) * sizeof *p);
    if (p == NULL) {
        return 0;
    }
    a->ms = p;
    a->ms[a->n++] = ms;
    a->r10 += sc->recall10;
    a->r100 += sc->recall100;
    a->mrr += sc->mrr10;
    a->ndcg += sc->ndcg10;
    return 1;
}

static void agg_print(const char *label, agg *a)
{
    if (a->n == 0) {
        printf("%squestions 0\n", label);
        return;
    }
    qsort(a->ms, a->n, sizeof *a->ms, cmp_double);
    size_t n = a->n;
    printf("%squestions %zu  R@10 %.3f  R@100 %.3f  MRR@10 %.3f  nDCG@10 %.3f  "
           "ms/question p50 %.1f p95 %.1f\n",
           label, n, a->r10 / n, a->r100 / n, a->mrr / n, a->ndcg / n, a->ms[n / 2],
           a->ms[n * 95 / 100]);
}

/* The article text a question's answer is learned from: title, chapter and text of the
 * document with that id (tried as given, then under the corpus root "laws/"); NULL when the
 * index holds no such document.  Texts are cached in cache (id -> string). */
static const char *answer_text(npc_searcher *s, const char *id, json_t *cache)
{
    json_t *c = json_object_get(cache, id);
    if (c != NULL) {
        return json_is_string(c) ? json_string_value(c) : NULL;
    }
    json_t *doc = NULL;
    if (npc_search_doc(s, id, &doc, NULL) != NPC_OK) {
        char buf[4200];
        snprintf(buf, sizeof buf, "laws/%s", id);
        if (npc_search_doc(s, buf, &doc, NULL) != NPC_OK) {
            doc = NULL;
        }
    }
    if (doc == NULL) {
        json_object_set_new(cache, id, json_null());
        return NULL;
    }
    const char *title = str(doc, NPC_FIELD_TITLE), *chapter = str(doc, NPC_FIELD_CHAPTER),
               *text = str(doc, NPC_FIELD_TEXT);
    size_t tl = strlen(title) + strlen(chapter) + strlen(text);
    char *t = malloc(tl + 3);
    if (t != NULL) {
        snprintf(t, tl + 3, "%s\n%s\n%s", title, chapter, text);
    }
    json_decref(doc);
    json_object_set_new(cache, id, t ? json_string(t) : json_null());
    free(t);
    return json_string_value(json_object_get(cache, id));
}

/* Feeds question i of qs to the learner with its answers' texts; *found counts the answers
 * found in the index, *missing those that are not. */
static npc_status learn_one(npc_searcher *s, npc_assoc_learner *l, json_t *line, json_t *cache,
                            size_t *found, size_t *missing, npc_err *err)
{
    const char *q = json_string_value(json_object_get(line, "query"));
    json_t *rel = json_object_get(line, "relevant");
    const char *texts[64];
    size_t lens[64], n = 0;
    for (size_t i = 0; i < json_array_size(rel) && n < 64; i++) {
        const char *id = json_string_value(json_object_get(json_array_get(rel, i), "article_id"));
        const char *t = id ? answer_text(s, id, cache) : NULL;
        if (t == NULL) {
            (*missing)++;
            continue;
        }
        (*found)++;
        texts[n] = t;
        lens[n++] = strlen(t);
    }
    if (n == 0) {
        return NPC_OK; /* nothing to learn from */
    }
    return npc_assoc_learner_add(l, q, strlen(q), texts, lens, n, err);
}

/* Learns a model from the questions of qs whose index i satisfies keep(i) (every question when
 * k == 0; else those with i % k != fold). */
static npc_status learn_set(npc_searcher *s, const qset *qs, size_t k, size_t fold,
                            const npc_assoc_params *p, json_t *cache, npc_assoc **out,
                            size_t *found, size_t *missing, npc_err *err)
{
    npc_assoc_learner *l = NULL;
    npc_status st = npc_assoc_learner_new(npc_searcher_analyzer(s), &l, err);
    for (size_t i = 0; st == NPC_OK && i < qs->n; i++) {
        if (k == 0 || i % k != fold) {
            st = learn_one(s, l, qs->q[i], cache, found, missing, err);
        }
    }
    if (st == NPC_OK) {
        st = npc_assoc_learn(l, p, out, err);
    }
    npc_assoc_learner_free(l);
    return st;
}

/* Every id (article and equivalents) of question line's answers, added to set (id -> true). */
static void answer_ids(json_t *line, json_t *set)
{
    json_t *rel = json_object_get(line, "relevant");
    for (size_t i = 0; i < json_array_size(rel); i++) {
        json_t *r = json_array_get(rel, i);
        const char *a = json_string_value(json_object_get(r, "article_id"));
        if (a != NULL) {
            json_object_set_new(set, a, json_true());
        }
        json_t *eq = json_object_get(r, "equivalent_ids");
        for (size_t k = 0; k < json_array_size(eq); k++) {
            if (json_is_string(json_array_get(eq, k))) {
                json_object_set_new(set, json_string_value(json_array_get(eq, k)), json_true());
            }
        }
    }
}

static int seen_answer(json_t *line, json_t *set)
{
    json_t *ids = json_object();
    answer_ids(line, ids);
    const char *k;
    json_t *v;
    int seen = 0;
    json_object_foreach(ids, k, v)
    {
        seen |= json_object_get(set, k) != NULL;
    }
    json_decref(ids);
    return seen;
}

/* Options shared by learn and eval for the learning step. */
static int parse_learn_opt(int c, const char *arg, npc_assoc_params *p, int *bad)
{
    unsigned long v = 0;
    char *end;
    switch (c) {
    case 'M':
        if (!parse_uint(arg, 1000000, &v) || v < 2) {
            *bad = usage_error("--min-count takes a number of at least 2, not \"%s\"", arg);
        }
        p->min_count = (unsigned)v;
        return 1;
    case 'K':
        if (!parse_uint(arg, 1000, &v) || v == 0) {
            *bad = usage_error("--top takes a number from 1 to 1000, not \"%s\"", arg);
        }
        p->top_k = (unsigned)v;
        return 1;
    case 'G':
        p->min_g2 = strtod(arg, &end);
        if (*arg == '\0' || *end != '\0' || p->min_g2 < 0) {
            *bad = usage_error("--min-g2 takes a non-negative number, not \"%s\"", arg);
        }
        return 1;
    default:
        return 0;
    }
}

static int cmd_eval(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"model", required_argument, NULL, 'm'},
                                         {"no-model", no_argument, NULL, 'n'},
                                         {"folds", required_argument, NULL, 'f'},
                                         {"min-count", required_argument, NULL, 'M'},
                                         {"top", required_argument, NULL, 'K'},
                                         {"min-g2", required_argument, NULL, 'G'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL, *model = NULL;
    int verbose = 0, no_model = 0, c, bad = 0;
    unsigned long folds = 0;
    npc_assoc_params p = NPC_ASSOC_DEFAULT_PARAMS;
    while ((c = getopt_long(argc, argv, "+d:v", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'v') {
            verbose = 1;
        } else if (c == 'm') {
            model = optarg;
        } else if (c == 'n') {
            no_model = 1;
        } else if (c == 'f') {
            if (!parse_uint(optarg, 100, &folds) || folds < 2) {
                return usage_error("--folds takes a number from 2 to 100, not \"%s\"", optarg);
            }
        } else if (!parse_learn_opt(c, optarg, &p, &bad)) {
            return usage_error("unknown option for eval");
        }
        if (bad) {
            return bad;
        }
    }
    db = db_path(db);
    if (db == NULL || optind + 1 != argc) {
        return usage_error("eval needs --db DIR and one FILE.jsonl");
    }
    if ((model != NULL) + no_model + (folds > 0) > 1) {
        return usage_error("--model, --no-model and --folds exclude each other");
    }
    qset qs = {0};
    if (!qset_read(argv[optind], &qs)) {
        return 1;
    }
    npc_err err;
    npc_searcher *s = NULL;
    npc_assoc *given = NULL;
    npc_status st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK && model != NULL) {
        size_t len = 0;
        char *text = NULL;
        st = read_file(model, &text, &len, &err);
        if (st == NPC_OK) {
            st = npc_assoc_load(text, len, &given, &err);
        }
        free(text);
        if (st == NPC_OK) {
            npc_searcher_set_assoc(s, given);
        }
    } else if (st == NPC_OK && no_model) {
        npc_searcher_set_assoc(s, NULL);
    }
    if (st != NPC_OK) {
        qset_release(&qs);
        npc_searcher_close(s);
        npc_assoc_free(given);
        return fail(st, &err);
    }
    int rc = 0;
    agg all = {0};
    if (folds == 0) {
        for (size_t i = 0; i < qs.n && rc == 0; i++) {
            npc_eval_scores sc;
            double t;
            if (!eval_one(s, qs.q[i], verbose, &sc, &t) || !agg_add(&all, &sc, t)) {
                rc = 1;
            }
        }
        if (rc == 0) {
            agg_print("", &all);
        }
    } else {
        /* k-fold: learn on the other folds, measure on this one; then the same questions
         * without a model, and the model learned on all of them (in-sample) */
        agg cv = {0}, unseen = {0}, unseen_base = {0}, base = {0}, ins = {0};
        json_t *cache = json_object();
        size_t found = 0, missing = 0;
        double t0 = npc_clock();
        for (size_t f = 0; rc == 0 && f < folds; f++) {
            npc_assoc *m = NULL;
            st = learn_set(s, &qs, folds, f, &p, cache, &m, &found, &missing, &err);
            if (st != NPC_OK) {
                rc = fail(st, &err);
                break;
            }
            json_t *train = json_object();
            for (size_t i = 0; i < qs.n; i++) {
                if (i % folds != f) {
                    answer_ids(qs.q[i], train);
                }
            }
            for (size_t i = f; rc == 0 && i < qs.n; i += folds) {
                npc_eval_scores sc, sb;
                double t, tb;
                int unseen_q = !seen_answer(qs.q[i], train);
                npc_searcher_set_assoc(s, NULL);
                if (!eval_one(s, qs.q[i], 0, &sb, &tb) || !agg_add(&base, &sb, tb) ||
                    (unseen_q && !agg_add(&unseen_base, &sb, tb))) {
                    rc = 1;
                }
                npc_searcher_set_assoc(s, m);
                if (rc == 0 && (!eval_one(s, qs.q[i], verbose, &sc, &t) || !agg_add(&cv, &sc, t) ||
                                (unseen_q && !agg_add(&unseen, &sc, t)))) {
                    rc = 1;
                }
            }
            npc_searcher_set_assoc(s, NULL);
            npc_assoc_free(m);
            json_decref(train);
        }
        double learn_s = npc_clock() - t0;
        npc_assoc *m = NULL;
        if (rc == 0) {
            st = learn_set(s, &qs, 0, 0, &p, cache, &m, &found, &missing, &err);
            if (st != NPC_OK) {
                rc = fail(st, &err);
            } else {
                npc_searcher_set_assoc(s, m);
            }
        }
        for (size_t i = 0; rc == 0 && i < qs.n; i++) {
            npc_eval_scores sc;
            double t;
            if (!eval_one(s, qs.q[i], 0, &sc, &t) || !agg_add(&ins, &sc, t)) {
                rc = 1;
            }
        }
        if (rc == 0) {
            char label[96];
            agg_print("no model            ", &base);
            agg_print("in-sample           ", &ins);
            snprintf(label, sizeof label, "%lu-fold CV          ", folds);
            agg_print(label, &cv);
            agg_print("CV, unseen answers  ", &unseen);
            agg_print("  same, no model    ", &unseen_base);
            printf(
                "answer lookups over the %lu + 1 learning runs: %zu found in the index, %zu not; "
                "%lu folds in %.1f s\n",
                folds, found, missing, folds, learn_s);
        }
        npc_searcher_set_assoc(s, NULL);
        npc_assoc_free(m);
        free(cv.ms);
        free(unseen.ms);
        free(unseen_base.ms);
        free(base.ms);
        free(ins.ms);
        json_decref(cache);
    }
    free(all.ms);
    qset_release(&qs);
    npc_searcher_close(s);
    npc_assoc_free(given);
    return rc;
}

/* ---- learn ------------------------------------------------------------------------------ */

static int cmd_learn(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},        {"out", required_argument, NULL, 'o'},
        {"min-count", required_argument, NULL, 'M'}, {"top", required_argument, NULL, 'K'},
        {"min-g2", required_argument, NULL, 'G'},    {NULL, 0, NULL, 0}};
    const char *db = NULL, *out = NULL;
    int c, bad = 0;
    npc_assoc_params p = NPC_ASSOC_DEFAULT_PARAMS;
    while ((c = getopt_long(argc, argv, "+d:o:", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'o') {
            out = optarg;
        } else if (!parse_learn_opt(c, optarg, &p, &bad)) {
            return usage_error("unknown option for learn");
        }
        if (bad) {
            return bad;
        }
    }
    db = db_path(db);
    if (db == NULL || optind >= argc) {
        return usage_error("learn needs --db DIR and at least one FILE.jsonl");
    }
    qset qs = {0};
    for (int i = optind; i < argc; i++) {
        qset one = {0};
        if (!qset_read(argv[i], &one)) {
            qset_release(&qs);
            return 1;
        }
        json_t **q = realloc(qs.q, (qs.n + one.n) * sizeof *q);
        if (q == NULL) {
            qset_release(&one);
            qset_release(&qs);
            return 1;
        }
        qs.q = q;
        memcpy(qs.q + qs.n, one.q, one.n * sizeof *q);
        qs.n += one.n;
        free(one.q);
    }
    npc_err err;
    npc_searcher *s = NULL;
    npc_assoc *m = NULL;
    json_t *cache = json_object();
    size_t found = 0, missing = 0;
    npc_status st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK) {
        st = learn_set(s, &qs, 0, 0, &p, cache, &m, &found, &missing, &err);
    }
    npc_searcher_close(s); /* before storing: no reader is needed any more */
    json_decref(cache);
    if (st == NPC_OK && found == 0) {
        st = npc_fail(&err, NPC_EEMPTY,
                      "none of the %zu answers of %zu questions is a document of the index",
                      missing, qs.n);
    }
    if (st == NPC_OK && out != NULL) {
        char *text = NULL;
        size_t len = 0;
        st = npc_assoc_serialize(m, &text, &len, &err);
        FILE *f = st == NPC_OK ? fopen(out, "w") : NULL;
        if (st == NPC_OK && (f == NULL || fwrite(text, 1, len, f) != len)) {
            st = npc_fail(&err, NPC_EIO, "cannot write %s: %s", out, strerror(errno));
        }
        if (f != NULL && fclose(f) != 0 && st == NPC_OK) {
            st = npc_fail(&err, NPC_EIO, "cannot write %s: %s", out, strerror(errno));
        }
        free(text);
    } else if (st == NPC_OK) {
        st = npc_assoc_store(db, m, &err);
    }
    if (st == NPC_OK) {
        printf("learned from %zu questions (%zu answers found, %zu not in the index): "
               "%zu words with associations, stored in %s\n",
               npc_assoc_questions(m), found, missing, npc_assoc_size(m), out ? out : db);
    }
    npc_assoc_free(m);
    qset_release(&qs);
    return st == NPC_OK ? 0 : fail(st, &err);
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
    if (strcmp(cmd, "learn") == 0) {
        return cmd_learn(argc, argv);
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

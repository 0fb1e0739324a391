/*
 * bench_query.c — in-process query latency: npc-bench-query --db DIR [--limit N] [--warmup N]
 * FILE.jsonl
 *
 * Reads every "query" of a JSONL file (STARD format, lib/learn/qset.h), runs the first
 * --warmup of them once untimed (default: all), then every one once timed, one searcher, one
 * thread.  Each timed call is npc_search with what `npcsearch query --json` asks for: limit 10
 * (--limit), no facets (--facets: with them, as searchd asks), snippets on.  Prints the latency
 * distribution and a one-line summary (docs/bench.md).
 *
 * Exit status: 0 done (failing searches are counted in errors=); 1 the index or the file cannot be
 * opened or read; 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "learn/qset.h"
#include "search/search.h"

#define MAX_ERRORS_SHOWN 5

static const char USAGE[] =
    "usage: npc-bench-query --db DIR [--limit N] [--warmup N] [--facets] FILE.jsonl\n"
    "  runs every \"query\" of FILE.jsonl once untimed (the first N with --warmup N), then once\n"
    "  timed, and prints latency percentiles and queries/s. --limit: hits per query (10).\n"
    "  --facets: count facets too, as searchd does.\n";

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "npc-bench-query: %s%s%s%s\n\n%s", msg, arg ? " \"" : "", arg ? arg : "",
            arg ? "\"" : "", USAGE);
    return 2;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (s == NULL || *s == '\0' || *s == '-') {
        return 0;
    }
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max) {
        return 0;
    }
    *out = v;
    return 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of n sorted values (n > 0). */
static double percentile(const double *v, size_t n, double p)
{
    size_t k = (size_t)ceil(p / 100.0 * (double)n);
    return v[k == 0 ? 0 : k - 1];
}

/* Answers that offered a correction ("did_you_mean", search.h): the questions are typed
 * correctly, so each one is a correction that should not have been offered. */
static size_t corrected;

/* One search as `npcsearch query --json` makes it (limit, snippets; facets as searchd when asked);
 * *ms is the time spent in npc_search.  Returns its status. */
static npc_status search_one(npc_searcher *s, const char *q, uint32_t limit, int facets, double *ms,
                             npc_err *err)
{
    npc_search_req r = {.q = q, .qlen = strlen(q), .limit = limit, .facets = facets};
    json_t *res = NULL;
    double t0 = now_s();
    npc_status st = npc_search(s, &r, &res, err);
    *ms = (now_s() - t0) * 1000.0;
    json_t *fix = json_object_get(res, "did_you_mean");
    if (fix != NULL && corrected++ < MAX_ERRORS_SHOWN) {
        fprintf(stderr, "npc-bench-query: corrected: %s -> %s\n", q,
                json_string_value(json_object_get(fix, "query")));
    }
    json_decref(res);
    return st;
}

/* Counts a failed search and shows the first few (the query cut to about 200 bytes). */
static void report_error(size_t *errors, const char *q, npc_status st, const npc_err *err)
{
    if (++*errors > MAX_ERRORS_SHOWN) {
        return;
    }
    size_t n = strlen(q), cut = n;
    if (cut > 200) {
        cut = 200;
        while (cut > 0 && ((unsigned char)q[cut] & 0xC0) == 0x80) {
            cut--; /* not inside a UTF-8 sequence */
        }
    }
    fprintf(stderr, "npc-bench-query: %s%s%s (query: %.*s%s)\n", npc_status_str(st),
            err->detail[0] ? ": " : "", err->detail, (int)cut, q, cut < n ? "…" : "");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"limit", required_argument, NULL, 'l'},
        {"warmup", required_argument, NULL, 'w'}, {"facets", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    unsigned long limit = 10, warmup = (unsigned long)-1, v;
    int c, facets = 0;
    while ((c = getopt_long(argc, argv, "d:l:w:fh", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            facets = 1;
            break;
        case 'd':
            db = optarg;
            break;
        case 'l':
            if (!parse_uint(optarg, NPC_SEARCH_MAX_LIMIT, &v) || v == 0) {
                return usage_error("--limit takes a number from 1 to 100, not", optarg);
            }
            limit = v;
            break;
        case 'w':
            if (!parse_uint(optarg, (unsigned long)-1, &v)) {
                return usage_error("--warmup takes a number of questions, not", optarg);
            }
            warmup = v;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            return usage_error("unknown option", NULL);
        }
    }
    if (db == NULL) {
        const char *env = getenv("NPCSEARCH_DB");
        db = env != NULL && env[0] ? env : NULL;
    }
    if (db == NULL) {
        return usage_error("needs --db DIR (or NPCSEARCH_DB)", NULL);
    }
    if (optind != argc - 1) {
        return usage_error("needs exactly one FILE.jsonl", NULL);
    }
    const char *path = argv[optind];

    npc_err err;
    npc_qset *qs = NULL;
    npc_status st = npc_qset_new(&qs, &err);
    if (st == NPC_OK) {
        st = npc_qset_read(qs, path, NPC_QSET_QUERIES, &err);
    }
    if (st != NPC_OK) {
        fprintf(stderr, "npc-bench-query: %s\n", err.detail);
        npc_qset_free(qs);
        return 1;
    }
    size_t nquestions = npc_qset_count(qs);
    npc_searcher *s = NULL;
    st = npc_searcher_open(db, &s, &err);
    if (st != NPC_OK) {
        fprintf(stderr, "npc-bench-query: %s%s%s\n", npc_status_str(st), err.detail[0] ? ": " : "",
                err.detail);
        npc_qset_free(qs);
        return 1;
    }
    double *ms = malloc(nquestions * sizeof *ms);
    if (ms == NULL) {
        fprintf(stderr, "npc-bench-query: out of memory\n");
        npc_searcher_close(s);
        npc_qset_free(qs);
        return 1;
    }

    /* warm-up: errors are only counted here, the timed pass (every question) shows them */
    size_t nwarm = warmup < nquestions ? (size_t)warmup : nquestions, warm_errors = 0, errors = 0;
    double t0 = now_s();
    for (size_t i = 0; i < nwarm; i++) {
        double unused;
        warm_errors += search_one(s, npc_qset_get(qs, i)->query, (uint32_t)limit, facets, &unused,
                                  &err) != NPC_OK;
    }
    double warm_s = now_s() - t0;

    corrected = 0;
    double wall0 = now_s(), cpu0 = cpu_s();
    for (size_t i = 0; i < nquestions; i++) {
        const char *q = npc_qset_get(qs, i)->query;
        st = search_one(s, q, (uint32_t)limit, facets, &ms[i], &err);
        if (st != NPC_OK) {
            report_error(&errors, q, st, &err);
        }
    }
    double wall = now_s() - wall0, cpu = cpu_s() - cpu0;

    double sum = 0;
    for (size_t i = 0; i < nquestions; i++) {
        sum += ms[i];
    }
    qsort(ms, nquestions, sizeof *ms, cmp_double);
    double p50 = percentile(ms, nquestions, 50), p95 = percentile(ms, nquestions, 95),
           p99 = percentile(ms, nquestions, 99), max = ms[nquestions - 1],
           mean = sum / (double)nquestions;
    double qps = wall > 0 ? (double)nquestions / wall : 0;

    printf("questions:  %zu (%s)\n", nquestions, path);
    printf("warm-up:    %zu questions in %.2f s (%zu errors)\n", nwarm, warm_s, warm_errors);
    printf("timed:      %zu questions in %.2f s, limit %lu, snippets on, %s\n", nquestions, wall,
           limit, facets ? "facets" : "no facets");
    printf("cpu:        %.2f s in the timed pass (%.2f ms a question; wall/cpu %.2f)\n", cpu,
           cpu * 1000.0 / (double)nquestions, cpu > 0 ? wall / cpu : 0);
    printf("errors:     %zu\n", errors);
    printf("corrected:  %zu answers offered a \"did you mean\"\n", corrected);
    printf("latency ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  mean %.2f  (min %.2f)\n", p50, p95,
           p99, max, mean, ms[0]);
    printf("throughput: %.1f queries/s (one thread)\n", qps);
    printf("bench-query: n=%zu p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f "
           "qps=%.1f errors=%zu corrected=%zu\n",
           nquestions, p50, p95, p99, max, mean, qps, errors, corrected);

    free(ms);
    npc_searcher_close(s);
    npc_qset_free(qs);
    return 0;
}

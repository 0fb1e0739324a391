/*
 * bench_suggest.c — in-process latency of the search box's suggestions:
 * npc-bench-suggest --db DIR [--limit N] [--print]
 *
 * The inputs are drawn from the index's own suggestion table (suggest/suggest.h), as people
 * type: of every third entry, its first one, two and three characters, the first four and
 * eight letters of its pinyin and its first three initials.  Each is suggested twice
 * (npc_search_suggest, limit 8 by default, one searcher, one thread): the first pass ("cold")
 * loads the table and resolves each law to its newest version the first time it is suggested,
 * the second ("warm") finds them resolved, as a searchd worker does once it has served a while.
 * Prints the latency distribution of each pass (docs/bench.md).  --print writes the inputs instead,
 * one a line, for scripts/bench-http (BENCH_ROUTE=suggest).
 *
 * Exit status: 0 done; 1 the index cannot be opened or has no suggestion table; 2 usage error.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index/schema.h"
#include "search/search.h"
#include "suggest/suggest.h"
#include "xapian-c/xc.h"

#define STRIDE 3
#define INPUT_MAX 64

static const char USAGE[] = "usage: npc-bench-suggest --db DIR [--limit N] [--print]\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double percentile(const double *v, size_t n, double p)
{
    size_t k = (size_t)ceil(p / 100.0 * (double)n);
    return v[k == 0 ? 0 : k - 1];
}

/* The first n characters (UTF-8) or bytes (ASCII) of s into buf; 0 when s is shorter. */
static size_t head(const char *s, size_t n, int utf8, char buf[INPUT_MAX])
{
    size_t i = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[i] == '\0') {
            return 0;
        }
        i++;
        while (utf8 && ((unsigned char)s[i] & 0xC0) == 0x80) {
            i++;
        }
    }
    if (i >= INPUT_MAX) {
        return 0;
    }
    memcpy(buf, s, i);
    buf[i] = '\0';
    return i;
}

/* The inputs drawn from the table of the index at db: *out[0..*n), malloc'd. */
static int inputs(const char *db, char (**out)[INPUT_MAX], size_t *n)
{
    xc_db *x = NULL;
    char *text = NULL;
    size_t len = 0;
    npc_suggest *sg = NULL;
    npc_err err;
    if (xc_db_open(db, &x, &err) != NPC_OK ||
        xc_db_metadata(x, NPC_META_SUGGEST, &text, &len, &err) != NPC_OK ||
        npc_suggest_load(text, len, &sg, &err) != NPC_OK || npc_suggest_size(sg) == 0) {
        fprintf(stderr, "npc-bench-suggest: no suggestion table in %s %s\n", db, err.detail);
        xc_db_close(x);
        free(text);
        return 0;
    }
    size_t cap = npc_suggest_size(sg) / STRIDE * 6 + 6;
    char(*v)[INPUT_MAX] = malloc(cap * sizeof *v);
    *n = 0;
    for (size_t i = 0; v != NULL && i < npc_suggest_size(sg); i += STRIDE) {
        const npc_suggest_entry *e = npc_suggest_get(sg, i);
        *n += head(e->folded, 1, 1, v[*n]) > 0;
        *n += head(e->folded, 2, 1, v[*n]) > 0;
        *n += head(e->folded, 3, 1, v[*n]) > 0;
        *n += head(e->joined, 4, 0, v[*n]) > 0;
        *n += head(e->joined, 8, 0, v[*n]) > 0;
        *n += head(e->initials, 3, 0, v[*n]) > 0;
    }
    npc_suggest_free(sg);
    xc_db_close(x);
    free(text);
    *out = v;
    return v != NULL;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"print", no_argument, NULL, 'p'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = NULL;
    long limit = 8;
    int c, print = 0;
    while ((c = getopt_long(argc, argv, "d:l:ph", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'l') {
            limit = strtol(optarg, NULL, 10);
        } else if (c == 'p') {
            print = 1;
        } else {
            fputs(USAGE, c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (db == NULL || optind != argc || limit < 1 || limit > NPC_SUGGEST_MAX_LIMIT) {
        fputs(USAGE, stderr);
        return 2;
    }
    char(*in)[INPUT_MAX] = NULL;
    size_t n = 0;
    if (!inputs(db, &in, &n)) {
        return 1;
    }
    if (print) {
        for (size_t i = 0; i < n; i++) {
            puts(in[i]);
        }
        free(in);
        return 0;
    }
    npc_searcher *s = NULL;
    npc_err err;
    double *ms = malloc((n + 1) * sizeof *ms);
    if (ms == NULL || npc_searcher_open(db, &s, &err) != NPC_OK) {
        fprintf(stderr, "npc-bench-suggest: cannot open %s\n", db);
        free(in);
        free(ms);
        return 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        size_t errors = 0, empty = 0;
        for (size_t i = 0; i < n; i++) {
            json_t *res = NULL;
            double t0 = now_s();
            npc_status st =
                npc_search_suggest(s, in[i], strlen(in[i]), (uint32_t)limit, &res, &err);
            ms[i] = (now_s() - t0) * 1000.0;
            errors += st != NPC_OK;
            empty += st == NPC_OK && json_array_size(json_object_get(res, "suggestions")) == 0;
            json_decref(res);
        }
        qsort(ms, n, sizeof *ms, cmp_double);
        printf("bench-suggest: %s n=%zu limit=%ld p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
               "max_ms=%.3f errors=%zu empty=%zu\n",
               pass ? "warm" : "cold", n, limit, percentile(ms, n, 50), percentile(ms, n, 90),
               percentile(ms, n, 99), ms[n - 1], errors, empty);
    }
    npc_searcher_close(s);
    free(ms);
    free(in);
    return 0;
}

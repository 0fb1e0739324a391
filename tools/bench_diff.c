/*
 * bench_diff.c — npc-bench-diff --db DIR [--runs N] LAW...: times npc_search_diff of each
 * law's two latest versions (N runs, default 20), printing per law the articles of both
 * versions and the median and worst milliseconds (scripts/bench-diff, docs/bench.md).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "search/search.h"

static int cmp_d(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
    const char *db = NULL;
    int runs = 20, i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "--db") == 0) {
            db = argv[i + 1];
        } else if (strcmp(argv[i], "--runs") == 0) {
            runs = atoi(argv[i + 1]);
        }
    }
    if (db == NULL || i >= argc || runs < 1 || runs > 1000) {
        fprintf(stderr, "usage: npc-bench-diff --db DIR [--runs N] LAW...\n");
        return 2;
    }
    npc_err err;
    npc_searcher *s = NULL;
    if (npc_searcher_open(db, &s, &err) != NPC_OK) {
        fprintf(stderr, "npc-bench-diff: %s\n", err.detail);
        return 1;
    }
    double *ms = calloc((size_t)runs, sizeof *ms);
    for (; i < argc; i++) {
        long pairs = 0;
        int ok = 1;
        for (int r = 0; ok && r < runs; r++) {
            json_t *res = NULL;
            double t0 = npc_clock();
            ok = npc_search_diff(s, argv[i], NULL, NULL, &res, &err) == NPC_OK;
            ms[r] = (npc_clock() - t0) * 1000.0;
            pairs = ok ? (long)json_array_size(json_object_get(res, "pairs")) : 0;
            json_decref(res);
        }
        if (!ok) {
            printf("%s\tno diff: %s\n", argv[i], err.detail);
            continue;
        }
        qsort(ms, (size_t)runs, sizeof *ms, cmp_d);
        printf("%s\t%ld pairs\tmedian %.1f ms\tworst %.1f ms\n", argv[i], pairs, ms[runs / 2],
               ms[runs - 1]);
    }
    free(ms);
    npc_searcher_close(s);
    return 0;
}

/*
 * eval.c — Recall@10/100, MRR@10 and nDCG@10 with binary relevance (see eval.h).
 */
#include "learn/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The first item (not yet satisfied) that id satisfies, or -1. */
static long satisfies(const char *id, const npc_eval_item *items, size_t nitems,
                      const unsigned char *done)
{
    for (size_t i = 0; i < nitems; i++) {
        if (done[i]) {
            continue;
        }
        for (size_t k = 0; k < items[i].nids; k++) {
            if (strcmp(id, items[i].ids[k]) == 0) {
                return (long)i;
            }
        }
    }
    return -1;
}

npc_eval_scores npc_eval_score(const char *const *ranked, size_t nranked,
                               const npc_eval_item *items, size_t nitems)
{
    npc_eval_scores s = {0, 0, 0, 0};
    if (nitems == 0) {
        return s;
    }
    unsigned char *done = calloc(nitems, 1);
    if (done == NULL) {
        return s;
    }
    size_t found10 = 0, found100 = 0;
    double dcg = 0;
    for (size_t r = 0; r < nranked && r < 100; r++) {
        long i = satisfies(ranked[r], items, nitems, done);
        if (i < 0) {
            continue;
        }
        done[i] = 1;
        found100++;
        if (r < 10) {
            found10++;
            dcg += 1.0 / log2((double)r + 2.0);
            if (s.mrr10 == 0) {
                s.mrr10 = 1.0 / ((double)r + 1.0);
            }
        }
    }
    double idcg = 0;
    for (size_t r = 0; r < nitems && r < 10; r++) {
        idcg += 1.0 / log2((double)r + 2.0);
    }
    s.recall10 = (double)found10 / (double)nitems;
    s.recall100 = (double)found100 / (double)nitems;
    s.ndcg10 = dcg / idcg;
    free(done);
    return s;
}

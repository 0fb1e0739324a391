/*
 * eval.h — ranking metrics with binary relevance, as `npcsearch eval` reports them.
 *
 * A question has relevant items; an item is satisfied by any of its ids (the article id and
 * its equivalent ids: the same provision in other versions of the law).  A hit that satisfies
 * an item already satisfied gains nothing.
 */
#ifndef NPC_EVAL_H
#define NPC_EVAL_H

#include <stddef.h>

typedef struct npc_eval_item {
    const char *const *ids; /* borrowed */
    size_t nids;
} npc_eval_item;

typedef struct npc_eval_scores {
    double recall10, recall100, mrr10, ndcg10;
} npc_eval_scores;

/*
 * Scores one ranked list of ids (best first) against the relevant items.  With no items every
 * score is 0.  Pure function.
 */
npc_eval_scores npc_eval_score(const char *const *ranked, size_t nranked,
                               const npc_eval_item *items, size_t nitems);

#endif

/*
 * qset.h — a set of questions with judged answers, read from JSONL files, and its split into
 * folds for cross-validation; what `npcsearch eval` and `learn` and npc-bench-query read.
 *
 * The format is STARD's (../shared/eval/README.md, docs/relevance.md): one JSON object a line,
 * with a "query" string and a "relevant" array of answers, each an object with an "article_id"
 * string (or null) and "equivalent_ids", the other ids of the same provision.  Blank lines are
 * skipped; other members are ignored.
 *
 * A set owns what it read: every string and array it hands out is borrowed from it and stays
 * valid until npc_qset_free.  A set is read-only once read, and may be shared by threads.
 */
#ifndef NPC_QSET_H
#define NPC_QSET_H

#include <stddef.h>

#include "base/status.h"
#include "learn/eval.h"

typedef struct npc_qset npc_qset;

/* What a line must hold. */
typedef enum npc_qset_need {
    NPC_QSET_JUDGED,  /* a "query" string and a "relevant" array (eval, learn) */
    NPC_QSET_QUERIES, /* a "query" string (benchmarks); "relevant" is read when there is one */
} npc_qset_need;

/* One question of a set (borrowed from it). */
typedef struct npc_qset_question {
    const char *query;
    /* one item per judged answer: its "article_id" first when it has one, then its equivalent
     * ids; at most 64 ids an answer on average over the question */
    const npc_eval_item *answers;
    size_t nanswers;
    /* per answer: its "article_id", NULL when it has none (the text a model learns from) */
    const char *const *article_ids;
} npc_qset_question;

/* An empty set.  *out is the caller's, freed with npc_qset_free.  NPC_ENOMEM. */
npc_status npc_qset_new(npc_qset **out, npc_err *err);
void npc_qset_free(npc_qset *qs);

/*
 * Appends the questions of the JSONL file at path, in file order.  Fails, leaving the set as it
 * was, with NPC_EIO ("cannot read PATH: REASON"), NPC_EFORMAT ("PATH line N: WHAT") for a line
 * that is not JSON or lacks what need asks for, NPC_EEMPTY ("PATH holds no questions") or
 * NPC_ENOMEM.  The detail is a whole sentence for a message of its own.
 */
npc_status npc_qset_read(npc_qset *qs, const char *path, npc_qset_need need, npc_err *err);

/* The number of questions, and question i (i < npc_qset_count). */
size_t npc_qset_count(const npc_qset *qs);
const npc_qset_question *npc_qset_get(const npc_qset *qs, size_t i);

/*
 * k-fold cross-validation by position: question i is held out (measured) in fold i % k and
 * trains the models of the other k - 1 folds.  npc_qset_trains says whether question i trains
 * fold `fold` of k; with k == 0 (no folds) every question trains.
 */
int npc_qset_trains(size_t i, size_t k, size_t fold);

/*
 * Marks the questions held out in fold `fold` of k (k >= 2) whose answers are unseen: none of
 * their ids is an id of an answer of a question that trains the fold.  unseen[i] = 1 for those,
 * 0 for every other question; unseen has npc_qset_count(qs) entries and is the caller's.
 * NPC_ENOMEM.
 */
npc_status npc_qset_unseen(const npc_qset *qs, size_t k, size_t fold, unsigned char *unseen,
                           npc_err *err);

#endif

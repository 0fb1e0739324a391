/*
 * evalrun.h — the evaluation runner behind `npcsearch eval` and `npcsearch learn`
 * (docs/relevance.md).
 *
 * It asks a searcher every question of a set (qset.h) as a search box would, scores the first
 * 100 hits against the judged answers (eval.h) and averages the scores over the questions; it
 * learns a model (assoc.h) from the texts of the questions' answers, fetched from the index; and
 * it cross-validates that learning step with k folds.  It prints nothing: each question scored
 * is handed to a report callback (may be NULL), the totals are returned.
 *
 * Hits and answers match by id, the index's "laws/" corpus folder left out (STARD's ids are
 * relative to the laws folder).  A question the engine refuses (a bad query) scores 0 and is
 * reported with its status; it does not stop the run.
 */
#ifndef NPC_EVALRUN_H
#define NPC_EVALRUN_H

#include <stddef.h>

#include "base/status.h"
#include "learn/assoc.h"
#include "learn/eval.h"
#include "learn/qset.h"
#include "search/search.h"

/* The scores of a run, averaged over its questions, and the time its searches took. */
typedef struct npc_evalrun_summary {
    size_t questions;
    double recall10, recall100, mrr10, ndcg10; /* means; 0 when there are no questions */
    double p50_ms, p95_ms;                     /* the time of one search, median and 95th */
} npc_evalrun_summary;

/* Which model a question was scored with. */
typedef enum npc_evalrun_pass {
    NPC_EVALRUN_AS_IS,     /* npc_evalrun_score: the searcher's model as it is */
    NPC_EVALRUN_NO_MODEL,  /* cross-validation: no model */
    NPC_EVALRUN_HELD_OUT,  /* cross-validation: the model of the other folds */
    NPC_EVALRUN_IN_SAMPLE, /* cross-validation: the model learned from every question */
} npc_evalrun_pass;

/* One question scored, as the report callback sees it; everything is borrowed for the call. */
typedef struct npc_evalrun_question {
    npc_evalrun_pass pass;
    const npc_qset_question *question;
    npc_status status; /* of the search; not NPC_OK: the question scored 0, err says why */
    const npc_err *err;
    const char *const *ranked; /* ids of the hits, best first, as the answers name them */
    size_t nranked;
    npc_eval_scores scores;
    double ms; /* the time the search took */
} npc_evalrun_question;

typedef void (*npc_evalrun_report)(void *ctx, const npc_evalrun_question *q);

/*
 * Scores every question of qs with the searcher as it is (the index's model, or the one given
 * to npc_searcher_set_assoc), reporting each as NPC_EVALRUN_AS_IS, into *out.  Fails only with
 * NPC_ENOMEM.
 */
npc_status npc_evalrun_score(npc_searcher *s, const npc_qset *qs, npc_evalrun_report report,
                             void *ctx, npc_evalrun_summary *out, npc_err *err);

/* The totals of k-fold cross-validation. */
typedef struct npc_evalrun_cv {
    npc_evalrun_summary no_model;        /* every question, no model */
    npc_evalrun_summary in_sample;       /* every question, the model learned from all of them */
    npc_evalrun_summary held_out;        /* every question, the model learned without its fold */
    npc_evalrun_summary unseen;          /* held_out, over the questions whose answers are unseen
                                          * in their fold's training (npc_qset_unseen) */
    npc_evalrun_summary unseen_no_model; /* the same questions, no model */
    size_t found, missing; /* answer lookups over the k + 1 learning runs: in the index or not */
    double seconds;        /* the k folds, learning and scoring */
} npc_evalrun_cv;

/*
 * k-fold cross-validation (2 <= k) of the learning step with parameters p: for each fold, a
 * model learned from the other folds' questions (npc_qset_trains); each question held out in
 * the fold is scored without a model, then with that model; at last every question with the
 * model learned from all of them.  Reports follow that order.  The searcher's model is replaced
 * while it runs and is none (npc_searcher_set_assoc(s, NULL)) afterwards.  Fails with the
 * learner's status (NPC_EINVAL for bad parameters, ...) or NPC_ENOMEM; *out is then undefined.
 */
npc_status npc_evalrun_cross_validate(npc_searcher *s, const npc_qset *qs, size_t k,
                                      const npc_assoc_params *p, npc_evalrun_report report,
                                      void *ctx, npc_evalrun_cv *out, npc_err *err);

/*
 * Learns a model with parameters p from every question of qs and the texts (title, chapter and
 * text) of its answers' articles in the index: the document with the answer's "article_id", or
 * with that id under "laws/"; at most 64 answers a question are used.  *found and *missing count
 * the answers that are documents of the index and those that are not.  *out is the caller's,
 * freed with npc_assoc_free.  NPC_EEMPTY when no answer is a document of the index; the
 * learner's status otherwise (NPC_EINVAL for bad parameters, NPC_ENOMEM, ...).
 */
npc_status npc_evalrun_learn(npc_searcher *s, const npc_qset *qs, const npc_assoc_params *p,
                             npc_assoc **out, size_t *found, size_t *missing, npc_err *err);

#endif

/*
 * evalrun.c — the evaluation runner (evalrun.h): questions asked, hits scored, scores summed;
 * models learned from the answers' texts; k-fold cross-validation of that learning.
 */
#include "learn/evalrun.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "index/schema.h"

#define MAX_HITS 100           /* the hits scored: R@100 */
#define MAX_ANSWERS_LEARNED 64 /* answer texts a question is learned from, at most */

/* ---- scores summed over questions ------------------------------------------------------- */

typedef struct sums {
    size_t n;
    double r10, r100, mrr, ndcg;
    double *ms; /* each question's time */
} sums;

static npc_status sums_add(sums *a, const npc_eval_scores *sc, double ms, npc_err *err)
{
    double *p = realloc(a->ms, (a->n + 1) * sizeof *p);
    if (p == NULL) {
        return npc_fail(err, NPC_ENOMEM, "the scores of %zu questions", a->n + 1);
    }
    a->ms = p;
    a->ms[a->n++] = ms;
    a->r10 += sc->recall10;
    a->r100 += sc->recall100;
    a->mrr += sc->mrr10;
    a->ndcg += sc->ndcg10;
    return NPC_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The means and the times' median and 95th percentile (sorts a->ms). */
static npc_evalrun_summary summarize(sums *a)
{
    npc_evalrun_summary out = {.questions = a->n};
    size_t n = a->n;
    if (n == 0) {
        return out;
    }
    qsort(a->ms, n, sizeof *a->ms, cmp_double);
    out.recall10 = a->r10 / n;
    out.recall100 = a->r100 / n;
    out.mrr10 = a->mrr / n;
    out.ndcg10 = a->ndcg / n;
    out.p50_ms = a->ms[n / 2];
    out.p95_ms = a->ms[n * 95 / 100];
    return out;
}

/* ---- one question ----------------------------------------------------------------------- */

/* Ids of the index may carry the corpus root's "laws/" folder; the answers' ids do not. */
static const char *answer_id(const char *id)
{
    return strncmp(id, "laws/", 5) == 0 ? id + 5 : id;
}

/* Asks s question q (its first MAX_HITS hits, no snippets), scores the hits into *sc and the
 * search's time into *ms, and reports it.  A search that fails scores 0. */
static void score_one(npc_searcher *s, const npc_qset_question *q, npc_evalrun_pass pass,
                      npc_evalrun_report report, void *ctx, npc_eval_scores *sc, double *ms)
{
    npc_search_req r = {
        .q = q->query, .qlen = strlen(q->query), .limit = MAX_HITS, .no_snippets = 1};
    json_t *res = NULL;
    npc_err err;
    double t0 = npc_clock();
    npc_status st = npc_search(s, &r, &res, &err);
    *ms = (npc_clock() - t0) * 1000.0;
    const char *ranked[MAX_HITS];
    size_t n = 0;
    memset(sc, 0, sizeof *sc);
    if (st == NPC_OK) {
        json_t *hits = json_object_get(res, "hits");
        for (size_t i = 0; i < json_array_size(hits) && n < MAX_HITS; i++) {
            json_t *id = json_object_get(json_array_get(hits, i), NPC_FIELD_ID);
            ranked[n++] = answer_id(json_string_value(id));
        }
        *sc = npc_eval_score(ranked, n, q->answers, q->nanswers);
    }
    if (report != NULL) {
        npc_evalrun_question rq = {.pass = pass,
                                   .question = q,
                                   .status = st,
                                   .err = &err,
                                   .ranked = ranked,
                                   .nranked = n,
                                   .scores = *sc,
                                   .ms = *ms};
        report(ctx, &rq);
    }
    json_decref(res);
}

npc_status npc_evalrun_score(npc_searcher *s, const npc_qset *qs, npc_evalrun_report report,
                             void *ctx, npc_evalrun_summary *out, npc_err *err)
{
    sums all = {0};
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < npc_qset_count(qs); i++) {
        npc_eval_scores sc;
        double ms;
        score_one(s, npc_qset_get(qs, i), NPC_EVALRUN_AS_IS, report, ctx, &sc, &ms);
        st = sums_add(&all, &sc, ms, err);
    }
    *out = summarize(&all);
    free(all.ms);
    return st;
}

/* ---- learning from the answers ---------------------------------------------------------- */

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* The text an answer is learned from: title, chapter and text of the document with that id
 * (tried as given, then under the corpus root "laws/"); NULL when the index holds no such
 * document.  *law: its law key ("" for none), *doc_id: its id.  Cached in cache (id -> [text,
 * law key, document id], or null for none). */
static const char *answer_text(npc_searcher *s, const char *id, json_t *cache, const char **law,
                               const char **doc_id)
{
    json_t *c = json_object_get(cache, id);
    if (c != NULL) {
        *law = json_string_value(json_array_get(c, 1));
        *law = *law ? *law : "";
        *doc_id = json_string_value(json_array_get(c, 2));
        *doc_id = *doc_id ? *doc_id : "";
        return json_string_value(json_array_get(c, 0));
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
    json_t *entry =
        t ? json_pack("[sss]", t, str(doc, NPC_FIELD_LAW_KEY), str(doc, NPC_FIELD_ID)) : NULL;
    json_decref(doc);
    free(t);
    json_object_set_new(cache, id, entry ? entry : json_null());
    return answer_text(s, id, cache, law, doc_id);
}

/* Feeds question q to the learner with its answers' texts; *found counts the answers found in
 * the index, *missing those that are not. */
static npc_status learn_one(npc_searcher *s, npc_assoc_learner *l, const npc_qset_question *q,
                            json_t *cache, size_t *found, size_t *missing, npc_err *err)
{
    const char *texts[MAX_ANSWERS_LEARNED], *laws[MAX_ANSWERS_LEARNED], *ids[MAX_ANSWERS_LEARNED];
    size_t lens[MAX_ANSWERS_LEARNED], n = 0;
    for (size_t i = 0; i < q->nanswers && n < MAX_ANSWERS_LEARNED; i++) {
        const char *id = q->article_ids[i];
        const char *law = "", *doc_id = "";
        const char *t = id ? answer_text(s, id, cache, &law, &doc_id) : NULL;
        if (t == NULL) {
            (*missing)++;
            continue;
        }
        (*found)++;
        laws[n] = law;
        ids[n] = doc_id;
        texts[n] = t;
        lens[n++] = strlen(t);
    }
    if (n == 0) {
        return NPC_OK; /* nothing to learn from */
    }
    npc_status st = npc_assoc_learner_add(l, q->query, strlen(q->query), texts, lens, n, err);
    for (size_t i = 0; st == NPC_OK && i < n; i++) {
        st = npc_assoc_learner_law(l, laws[i], strlen(laws[i]), err);
        if (st == NPC_OK) {
            st = npc_assoc_learner_doc(l, ids[i], strlen(ids[i]), err);
        }
    }
    return st;
}

/* Learns a model from the questions of qs that train fold `fold` of k (every question when
 * k == 0). */
static npc_status learn_set(npc_searcher *s, const npc_qset *qs, size_t k, size_t fold,
                            const npc_assoc_params *p, json_t *cache, npc_assoc **out,
                            size_t *found, size_t *missing, npc_err *err)
{
    npc_assoc_learner *l = NULL;
    npc_status st = npc_assoc_learner_new(npc_searcher_analyzer(s), &l, err);
    for (size_t i = 0; st == NPC_OK && i < npc_qset_count(qs); i++) {
        if (npc_qset_trains(i, k, fold)) {
            st = learn_one(s, l, npc_qset_get(qs, i), cache, found, missing, err);
        }
    }
    if (st == NPC_OK) {
        st = npc_assoc_learn(l, p, out, err);
    }
    npc_assoc_learner_free(l);
    return st;
}

npc_status npc_evalrun_learn(npc_searcher *s, const npc_qset *qs, const npc_assoc_params *p,
                             npc_assoc **out, size_t *found, size_t *missing, npc_err *err)
{
    *out = NULL;
    *found = *missing = 0;
    json_t *cache = json_object();
    npc_status st = cache != NULL ? learn_set(s, qs, 0, 0, p, cache, out, found, missing, err)
                                  : npc_fail(err, NPC_ENOMEM, "the answers' texts");
    json_decref(cache);
    if (st == NPC_OK && *found == 0) {
        st = npc_fail(err, NPC_EEMPTY,
                      "none of the %zu answers of %zu questions is a document of the index",
                      *missing, npc_qset_count(qs));
    }
    if (st != NPC_OK) {
        npc_assoc_free(*out);
        *out = NULL;
    }
    return st;
}

/* ---- cross-validation ------------------------------------------------------------------- */

/* The questions held out in fold `fold` of k: each scored without a model, then with model m
 * (learned from the other folds); the unseen ones are summed apart as well. */
static npc_status score_fold(npc_searcher *s, const npc_qset *qs, size_t k, size_t fold,
                             const npc_assoc *m, const unsigned char *unseen,
                             npc_evalrun_report report, void *ctx, sums *no_model, sums *held_out,
                             sums *unseen_no_model, sums *unseen_held_out, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t i = fold; st == NPC_OK && i < npc_qset_count(qs); i += k) {
        const npc_qset_question *q = npc_qset_get(qs, i);
        npc_eval_scores sc;
        double ms;
        npc_searcher_set_assoc(s, NULL);
        score_one(s, q, NPC_EVALRUN_NO_MODEL, report, ctx, &sc, &ms);
        st = sums_add(no_model, &sc, ms, err);
        if (st == NPC_OK && unseen[i]) {
            st = sums_add(unseen_no_model, &sc, ms, err);
        }
        if (st != NPC_OK) {
            break;
        }
        npc_searcher_set_assoc(s, m);
        score_one(s, q, NPC_EVALRUN_HELD_OUT, report, ctx, &sc, &ms);
        st = sums_add(held_out, &sc, ms, err);
        if (st == NPC_OK && unseen[i]) {
            st = sums_add(unseen_held_out, &sc, ms, err);
        }
    }
    npc_searcher_set_assoc(s, NULL);
    return st;
}

npc_status npc_evalrun_cross_validate(npc_searcher *s, const npc_qset *qs, size_t k,
                                      const npc_assoc_params *p, npc_evalrun_report report,
                                      void *ctx, npc_evalrun_cv *out, npc_err *err)
{
    size_t n = npc_qset_count(qs);
    sums no_model = {0}, held_out = {0}, unseen = {0}, unseen_no_model = {0}, in_sample = {0};
    memset(out, 0, sizeof *out);
    json_t *cache = json_object(); /* answer texts, shared by every learning run */
    unsigned char *is_unseen = malloc(n + 1);
    npc_status st = cache != NULL && is_unseen != NULL
                        ? NPC_OK
                        : npc_fail(err, NPC_ENOMEM, "cross-validating %zu questions", n);
    double t0 = npc_clock();
    for (size_t f = 0; st == NPC_OK && f < k; f++) {
        npc_assoc *m = NULL;
        st = learn_set(s, qs, k, f, p, cache, &m, &out->found, &out->missing, err);
        if (st == NPC_OK) {
            st = npc_qset_unseen(qs, k, f, is_unseen, err);
        }
        if (st == NPC_OK) {
            st = score_fold(s, qs, k, f, m, is_unseen, report, ctx, &no_model, &held_out,
                            &unseen_no_model, &unseen, err);
        }
        npc_assoc_free(m);
    }
    out->seconds = npc_clock() - t0;
    npc_assoc *all = NULL;
    if (st == NPC_OK) {
        st = learn_set(s, qs, 0, 0, p, cache, &all, &out->found, &out->missing, err);
    }
    npc_searcher_set_assoc(s, all);
    for (size_t i = 0; st == NPC_OK && i < n; i++) {
        npc_eval_scores sc;
        double ms;
        score_one(s, npc_qset_get(qs, i), NPC_EVALRUN_IN_SAMPLE, report, ctx, &sc, &ms);
        st = sums_add(&in_sample, &sc, ms, err);
    }
    npc_searcher_set_assoc(s, NULL);
    npc_assoc_free(all);
    out->no_model = summarize(&no_model);
    out->in_sample = summarize(&in_sample);
    out->held_out = summarize(&held_out);
    out->unseen = summarize(&unseen);
    out->unseen_no_model = summarize(&unseen_no_model);
    free(no_model.ms);
    free(held_out.ms);
    free(unseen.ms);
    free(unseen_no_model.ms);
    free(in_sample.ms);
    free(is_unseen);
    json_decref(cache);
    return st;
}

/*
 * plan.c — the free text's ranked query: which terms, with what weight (see query_int.h).
 *
 * Weights: words and bigrams are OR-ed as equals (scaling the bigrams by 0.5 measured
 * slightly worse on the STARD questions, docs/relevance.md).  With an index, that OR is the
 * cached BM25 scorer (xc_query_cached_bm25): the same documents and BM25 weights, scored term at
 * a time in memory.  Terms too common to make a match only add weight.  A question
 * (question_shaped) is weighed with BM25's k1 of NPC_BM25_K1, the learned expansion and the
 * thesaurus add the targets of its words, the level prior lifts national law (or the named
 * region's) and, for a long question that asks, the learned priors the laws and the documents
 * that answered questions before (or, with none learned, the cited-law prior the laws the index
 * cites most); a few typed words with NPC_BM25_K1_KEYWORDS, no expansion and no prior, every genre
 * on equal terms.
 */
#include "query/query_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/schema.h"

/* The 效力级别 prior, for questions only: matches that are national law (laws and articles
 * outside 地方性法规) gain this much; when the question names a region present in the index,
 * that region's laws gain it instead.  +0.03 R@100 and +0.025 MRR@10 on the STARD questions;
 * on typed words it buried every report and local regulation under any national law sharing
 * one word (known-item found@10 0.51 with it, 0.79 without, docs/relevance.md). */
#define LEVEL_PRIOR 18.0

/* The learned prior over laws (assoc.h), for long questions that ask (an interrogative such as
 * 怎么 or 吗, and SHORT_QUERY_TERMS terms or more: a few remembered words with 是否 among them
 * lost their passage to it, and a long string naming a law is no question of the kind it was
 * learned from): a law that answered q of the questions the model was learned from (at least
 * its min count) lifts its documents by LAW_PRIOR_SCALE × log(1 + q), beside the level prior.
 * STARD 5-fold CV R@100 0.760 -> 0.804, MRR@10 0.465 -> 0.500; scale 3 / 4.5 / 6 / 6.75 / 9 /
 * 12 gave R@100 0.768 / 0.787 / 0.792 / 0.789 / 0.770 / 0.733 in a first form (every
 * question-shaped query); the known-item queries, with a model, are unchanged
 * (docs/relevance.md). */
#define LAW_PRIOR_SCALE 6.0

/* The learned prior over documents, beside the law prior and for the same questions: an answer's
 * document (an article, in one version) that answered q of the questions the model was learned
 * from (at least its min count) lifts itself by DOC_PRIOR_SCALE × log(1 + q): what an office
 * keeps being asked about.  STARD 5-fold CV R@100 / MRR@10 0.804 / 0.500 -> 0.808 / 0.505,
 * 0.811 / 0.509, 0.813 / 0.510, 0.815 / 0.512 at scale 2 / 3 / 4 / 6; the questions whose answers
 * no other fold held pay for it, 0.837 / 0.535 -> 0.836 / 0.530, 0.833 / 0.528, 0.830 / 0.526,
 * 0.829 / 0.515: 3 is the knee (docs/relevance.md). */
#define DOC_PRIOR_SCALE 3.0

/* The cited-law prior (learn/cited.h), for the same questions when the model keeps no law (none
 * was learned, or an office has no answered questions): the NPC_CITED_LAWS laws that the
 * index's documents cite most, a law cited by c documents lifting its documents by CITE_PRIOR_SCALE
 * × log(1 + c).  Nothing in it is learned from questions.  STARD without a model R@100 0.700 ->
 * 0.745, MRR@10 0.404 -> 0.452; beside the learned prior it added nothing (docs/relevance.md). */
#define CITE_PRIOR_SCALE 4.0

/* Words that make a query a question, whatever its length (question_shaped). */
static const char *const interrogatives[] = {
    "吗",     "呢",     "什么",   "怎么",   "怎样",     "如何",   "为什么", "为何", "是否",
    "能否",   "可否",   "哪些",   "哪个",   "哪里",     "多少",   "多久",   "谁",   "是不是",
    "有没有", "能不能", "会不会", "要不要", "可不可以", "怎么办", "怎么样"};

/* Learned expansion (assoc.h), for questions only (it is learned from questions; on a few typed
 * words it cost the known-item queries 0.026 found@10): the targets of the question's words,
 * their weights summed over
 * the words that lead to them, the strongest ASSOC_MAX_TERMS kept, each OR-ed in with its
 * BM25 weight scaled by ASSOC_SCALE × its weight (capped at 1).  Scale 0.8 measured best on
 * the STARD questions cross-validated without lowering questions with unseen answers; 1.2
 * raised R@100 further but lowered their MRR.  30 terms gained 0.007 R@100 over 10 but
 * tripled the latency instead of adding half (docs/relevance.md). */
#define ASSOC_SCALE 0.8
#define ASSOC_MAX_TERMS 10

/* The lay-to-legal thesaurus (text/thesaurus.h), for questions only, beside the learned
 * expansion: the terms of the colloquial words a question holds, each OR-ed in at THES_SCALE of
 * its BM25 weight, at most THES_MAX_TERMS of them.  On the STARD questions, 5-fold CV R@100 0.751
 * -> 0.754 / 0.758 / 0.759 / 0.759 at scale 0.3 / 0.5 / 0.8 / 1.0 (MRR@10 0.463 -> 0.465 / 0.467
 * / 0.467 / 0.466), without a model 0.684 -> 0.688 / 0.693 / 0.701 / 0.706; applied to typed
 * words too it cost the known-item queries 0.004-0.023 found@10 (docs/relevance.md).  8 or 32
 * terms instead of 16 moved nothing. */
#define THES_SCALE 0.8
#define THES_MAX_TERMS 16

/* Word vectors trained on the index (learn/vectors.h), for questions only: each word of the
 * question in fewer than VEC_RARE_SHARE of the documents brings its VEC_PER_WORD nearest
 * neighbours, each at VEC_SCALE × its cosine of its BM25 weight, at most VEC_MAX_TERMS in all.
 * Trained on ../shared/corpus/laws they did not pay: STARD without a model R@100 0.684 ->
 * 0.683 alone, 0.701 -> 0.697 with the thesaurus; scale 0.3, rare share 0.001 or 1, one
 * neighbour a word, cosine >= 0.75 all within 0.004 (docs/relevance.md).  They apply only
 * when `npcsearch learn --vectors` stored some. */
#define VEC_RARE_SHARE 0.01
#define VEC_PER_WORD 3
#define VEC_SCALE 0.5
#define VEC_MAX_TERMS 12

/* Free-text terms (words and bigrams) found in more than COMMON_SHARE of the documents, and in
 * more than COMMON_MIN of them, do not make a document match when anything else is left (in a
 * long question they are left out altogether, see SHORT_QUERY_TERMS):
 * their low IDF adds little to the order, yet their long posting lists were most of the
 * matching time of the STARD questions.  5 % cut the CPU time of a question by a third and left
 * R@100 and MRR@10 within 0.01 (docs/bench.md, docs/relevance.md).  COMMON_MIN keeps small
 * indexes exact: there every list is short. */
#define COMMON_SHARE 0.05
#define COMMON_MIN 2000

/* In free text of fewer terms than this (words and bigrams), the common terms still add their
 * weight to documents the other terms match (AND_MAYBE): staff type a few words, where every
 * word counts and matching them all stays cheap.  Long questions drop them.  The
 * STARD figures did not move (CV R@100 0.750, MRR@10 0.460 against 0.462); the CPU of a
 * question rose by 1 %. */
#define SHORT_QUERY_TERMS 16

/* A word whose text is one of the query's bigrams (父亲 and XB父亲) matches nearly the same
 * documents with nearly the same weight: the bigram alone, its weight doubled, replaces the
 * pair.  18 % less CPU a STARD question; 5-fold CV R@100 0.753 -> 0.751, MRR@10 0.467 ->
 * 0.464 (docs/relevance.md). */
#define SAME_WORD_BIGRAM 2.0

/* Typed words in the order typed, within ORDER_WINDOW positions (characters) of one field: a
 * few remembered words of a passage are usually typed in its order.  For a few typed words (not
 * a question), documents holding them so are lifted by ORDER_SCALE × the sum of the words' IDFs
 * (about half what the words weigh in such a document): Xapian's phrase operator with a window
 * over each word's first bigram (the terms with positions) filtering a constant weight, so
 * every shard lifts alike.  The ordered window of the sequential dependence model (Metzler &
 * Croft, SIGIR 2005), over all the words at once.  Known-item found@10 0.876 -> 0.900 and
 * MRR@10 0.688 -> 0.735 (seed 1, 300 a genre), and as much on seeds 2-5; windows of 150-300
 * alike, 100 and 50 a little less; lifts from a third to four times this one alike (the
 * documents holding every word in order come first), a tenth less; no order (NEAR) half the
 * gain, NEAR beside it nothing; pairs of adjacent words less.  Questions do not take it: STARD
 * is unchanged.  It costs a few typed words about 0.8 ms of CPU more a request over HTTP
 * (docs/relevance.md, docs/bench.md). */
#define ORDER_WINDOW 150
#define ORDER_SCALE 0.5
#define ORDER_MAX_WORDS 16 /* a few typed words are fewer than SHORT_QUERY_TERMS terms */

const xc_bm25 npc_bm25 = {NPC_BM25_K1, NPC_BM25_B, NPC_BM25_MIN_NORMLEN};
const xc_bm25 npc_bm25_keywords = {NPC_BM25_K1_KEYWORDS, NPC_BM25_B_KEYWORDS,
                                   NPC_BM25_MIN_NORMLEN_KEYWORDS};

/* The region a word names when the index has documents of that region (上海市 -> 上海), written
 * into buf; 0 when none. */
static int named_region(const xc_db *db, const char *word, size_t len, char *buf, size_t cap)
{
    static const char *const suffixes[NPC_NREGION_SUFFIXES] = {NPC_REGION_SUFFIXES};
    if (db == NULL || len < 6 || len + 3 > cap) {
        return 0;
    }
    size_t n = len;
    for (size_t k = 0; k < NPC_NREGION_SUFFIXES; k++) {
        size_t sl = strlen(suffixes[k]);
        if (n > sl + 3 && memcmp(word + n - sl, suffixes[k], sl) == 0) {
            n -= sl;
            break;
        }
    }
    char term[160];
    if (n + 2 > sizeof term) {
        return 0;
    }
    memcpy(term, NPC_P_REGION, 2);
    memcpy(term + 2, word, n);
    uint32_t tf = 0;
    if (xc_db_termfreq(db, term, n + 2, &tf, NULL) != NPC_OK || tf == 0) {
        return 0;
    }
    memcpy(buf, word, n);
    buf[n] = '\0';
    return 1;
}

/* The level prior (see LEVEL_PRIOR) for a question naming `region` ("" for none). */
static npc_status level_prior(const xc_db *db, const char *region, xc_query **out, npc_err *err)
{
    if (region[0] == '\0') {
        /* national law: a lift from an in-memory set, no posting list read per question */
        return xc_query_term_boost(db, NPC_TERM_NATIONAL, strlen(NPC_TERM_NATIONAL), LEVEL_PRIOR,
                                   out, err);
    }
    /* a constant lift for laws of the named region */
    xc_query *fixed = NULL, *sel = NULL, *law = NULL, *art = NULL, *laws = NULL, *regional = NULL,
             *lifted = NULL;
    npc_status st = xc_query_fixed_weight(LEVEL_PRIOR, &fixed, err);
    if (st == NPC_OK) {
        st = term_query(NPC_P_REGION, region, strlen(region), 1, &regional, err);
    }
    if (st == NPC_OK) {
        st = term_query(NPC_P_TYPE, NPC_TYPE_LAW, strlen(NPC_TYPE_LAW), 1, &law, err);
    }
    if (st == NPC_OK) {
        st = term_query(NPC_P_TYPE, NPC_TYPE_ARTICLE, strlen(NPC_TYPE_ARTICLE), 1, &art, err);
    }
    if (st == NPC_OK) {
        xc_query *pair[2] = {law, art};
        st = xc_query_combine(XC_OP_OR, pair, 2, 0, &laws, err);
    }
    if (st == NPC_OK) {
        xc_query *pair[2] = {regional, laws};
        st = xc_query_combine(XC_OP_AND, pair, 2, 0, &sel, err);
    }
    if (st == NPC_OK) {
        xc_query *pair[2] = {fixed, sel};
        st = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &lifted, err);
    }
    if (st == NPC_OK) {
        *out = lifted;
        lifted = NULL;
    }
    xc_query *all[] = {fixed, sel, law, art, laws, regional, lifted};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        xc_query_free(all[i]);
    }
    return st;
}

/* The priors over db: the learned ones of aids' model, its laws (LAW_PRIOR_SCALE) and its
 * documents (DOC_PRIOR_SCALE), or else the most cited laws (CITE_PRIOR_SCALE), all in one
 * boost; *out is NULL when none keeps anything. */
static npc_status law_prior(const npc_query_aids *aids, const xc_db *db, xc_query **out,
                            npc_err *err)
{
    *out = NULL;
    const npc_assoc_count *laws = NULL, *docs = NULL;
    size_t nl = npc_assoc_laws(aids->model, &laws), nd = npc_assoc_docs(aids->model, &docs);
    double scale = LAW_PRIOR_SCALE;
    if (nl + nd == 0) {
        nl = npc_assoc_laws(aids->cited, &laws);
        scale = CITE_PRIOR_SCALE;
    }
    size_t n = nl + nd;
    if (n == 0) {
        return NPC_OK;
    }
    char *buf = malloc(n * TERM_BUF);
    const char **terms = malloc(n * sizeof *terms);
    size_t *lens = malloc(n * sizeof *lens), k = 0;
    double *weights = malloc(n * sizeof *weights);
    npc_status st = NPC_OK;
    if (buf == NULL || terms == NULL || lens == NULL || weights == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "query");
    }
    for (size_t i = 0; st == NPC_OK && i < n; i++) {
        const npc_assoc_count *c = i < nl ? &laws[i] : &docs[i - nl];
        char *t = buf + i * TERM_BUF;
        size_t len = prefixed(t, i < nl ? NPC_P_LAW : NPC_P_ID, c->key, strlen(c->key));
        if (len > 0) {
            terms[k] = t;
            lens[k] = len;
            weights[k++] = (i < nl ? scale : DOC_PRIOR_SCALE) * log1p(c->count);
        }
    }
    if (st == NPC_OK && k > 0) {
        st = xc_query_terms_boost(db, terms, lens, weights, k, out, err);
    }
    free(buf);
    free(terms);
    free(lens);
    free(weights);
    return st;
}

/* The number of documents of db that index prefix+term (0 when unknown). */
static uint32_t term_tf(const xc_db *db, const char *prefix, const char *term, size_t len)
{
    char buf[TERM_BUF];
    size_t n = prefixed(buf, prefix, term, len);
    uint32_t tf = 0;
    return db != NULL && n && xc_db_termfreq(db, buf, n, &tf, NULL) == NPC_OK ? tf : 0;
}

/* A term in tf of ndocs documents is too common to make a match (see COMMON_SHARE). */
static int too_common(uint32_t tf, uint32_t ndocs)
{
    return ndocs > COMMON_MIN && tf > COMMON_MIN && (double)tf > COMMON_SHARE * ndocs;
}

/* The free text's terms, each with the scale of its weight.  A common one only adds weight to
 * documents the others match; kind groups them in the query built without an index. */
enum { KIND_WORD, KIND_BIGRAM, KIND_EXPANSION, NKINDS };

typedef struct wterm {
    char *term; /* with its prefix */
    size_t len;
    uint32_t tf;
    double scale;
    int common, kind;
} wterm;

typedef struct wlist {
    wterm *t;
    size_t n, cap;
} wlist;

static npc_status wlist_add(wlist *l, const char *prefix, const char *term, size_t len, uint32_t tf,
                            double scale, int common, int kind, npc_err *err)
{
    char buf[TERM_BUF];
    size_t n = prefixed(buf, prefix, term, len);
    if (n == 0) {
        return NPC_OK; /* as term_query: no such term in the index */
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        wterm *p = realloc(l->t, cap * sizeof *p);
        if (p == NULL) {
            return npc_fail(err, NPC_ENOMEM, "query");
        }
        l->t = p;
        l->cap = cap;
    }
    char *t = strndup(buf, n);
    if (t == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    l->t[l->n++] = (wterm){t, n, tf, scale, common, kind};
    return NPC_OK;
}

static void wlist_release(wlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->t[i].term);
    }
    free(l->t);
    memset(l, 0, sizeof *l);
}

/* The ranked query of the free text's terms: with an index, the cached BM25 scorer
 * (xc_query_cached_bm25, the same weights as the OR of the terms, scored several times faster);
 * without one, that OR, words, bigrams and expansion grouped, the common terms AND_MAYBE'd. */
static npc_status ranked_query(const xc_db *db, const wlist *l, const xc_bm25 *bm25, xc_query **out,
                               npc_err *err)
{
    *out = NULL;
    npc_status st = NPC_OK;
    if (db != NULL) {
        xc_cached_bm25_term *bt = malloc((l->n + 1) * sizeof *bt);
        if (bt == NULL) {
            return npc_fail(err, NPC_ENOMEM, "query");
        }
        for (size_t i = 0; i < l->n; i++) {
            bt[i] = (xc_cached_bm25_term){l->t[i].term,  l->t[i].len,    l->t[i].tf,
                                          l->t[i].scale, l->t[i].common, 0};
        }
        st = xc_query_cached_bm25(db, bt, l->n, bm25, out, err);
        free(bt);
        return st;
    }
    qlist kinds[NKINDS] = {{0}}, common = {0}, all = {0};
    for (size_t i = 0; st == NPC_OK && i < l->n; i++) {
        const wterm *t = &l->t[i];
        xc_query *q = NULL, *sc = NULL;
        st = xc_query_term(t->term, t->len, 1, &q, err);
        if (st == NPC_OK && t->scale != 1.0) {
            st = xc_query_scale(q, t->scale, &sc, err);
            xc_query_free(q);
            q = sc;
        }
        if (st == NPC_OK) {
            st = qlist_push(t->common ? &common : &kinds[t->kind], q, err);
        }
    }
    for (size_t k = 0; k < NKINDS; k++) {
        xc_query *q = NULL;
        if (st == NPC_OK) {
            st = qlist_combine(&kinds[k], XC_OP_OR, 0, &q, err);
        }
        if (st == NPC_OK) {
            st = qlist_push(&all, q, err);
        }
        qlist_release(&kinds[k]);
    }
    xc_query *matched = NULL, *cq = NULL;
    if (st == NPC_OK) {
        st = qlist_combine(&all, XC_OP_OR, 0, &matched, err);
    }
    if (st == NPC_OK) {
        st = qlist_combine(&common, XC_OP_OR, 0, &cq, err);
    }
    st = and_maybe(st, matched, cq, out, err);
    qlist_release(&all);
    qlist_release(&common);
    return st;
}

typedef struct expansion {
    const char *term;
    double weight;
} expansion;

static int cmp_exp_term(const void *a, const void *b)
{
    return strcmp(((const expansion *)a)->term, ((const expansion *)b)->term);
}

static int cmp_exp_weight(const void *a, const void *b)
{
    double x = ((const expansion *)a)->weight, y = ((const expansion *)b)->weight;
    return x > y ? -1 : x < y;
}

/* Adds the learned expansion of words[0..n) (see ASSOC_SCALE) to terms. */
static npc_status expand(const npc_assoc *m, const xc_db *db, uint32_t ndocs, char *const *words,
                         size_t n, char *const *all, size_t nall, wlist *terms, npc_err *err)
{
    expansion *x = NULL;
    size_t nx = 0, cap = 0;
    for (size_t i = 0; i < n; i++) {
        const npc_assoc_target *t;
        size_t k = npc_assoc_lookup(m, words[i], strlen(words[i]), &t);
        if (nx + k > cap) {
            cap = (nx + k) * 2;
            expansion *p = realloc(x, cap * sizeof *p);
            if (p == NULL) {
                free(x);
                return npc_fail(err, NPC_ENOMEM, "query");
            }
            x = p;
        }
        for (size_t j = 0; j < k; j++) {
            x[nx++] = (expansion){t[j].term, t[j].weight};
        }
    }
    if (nx == 0) {
        free(x);
        return NPC_OK;
    }
    /* one entry per target, its weights summed; the query's own words are left out */
    qsort(x, nx, sizeof *x, cmp_exp_term);
    size_t m2 = 0;
    for (size_t i = 0; i < nx; i++) {
        if (m2 > 0 && strcmp(x[m2 - 1].term, x[i].term) == 0) {
            x[m2 - 1].weight += x[i].weight;
        } else if (!has_string((char **)all, nall, x[i].term)) {
            x[m2++] = x[i];
        }
    }
    qsort(x, m2, sizeof *x, cmp_exp_weight);
    npc_status st = NPC_OK;
    for (size_t i = 0, kept = 0; st == NPC_OK && i < m2 && kept < ASSOC_MAX_TERMS; i++) {
        size_t len = strlen(x[i].term);
        uint32_t tf = term_tf(db, "", x[i].term, len);
        if (too_common(tf, ndocs)) {
            continue; /* as for the question's own words; the next target takes its place */
        }
        kept++;
        double w = x[i].weight < 1.0 ? x[i].weight : 1.0;
        st = wlist_add(terms, "", x[i].term, len, tf, ASSOC_SCALE * w, 0, KIND_EXPANSION, err);
    }
    free(x);
    return st;
}

/* 1 when prefix+term (len bytes unprefixed) may join terms as an expansion, its document count
 * in *tf: not already there, not one of the query's own words or bigrams, in some document (when
 * there is an index) and not too common. */
static int new_expansion(const wlist *terms, const npc_query *nq, const xc_db *db, uint32_t ndocs,
                         const char *prefix, const char *term, size_t len, uint32_t *tf)
{
    char buf[TERM_BUF];
    size_t n = prefixed(buf, prefix, term, len);
    if (n == 0 || has_string(nq->words, nq->nwords, term) ||
        has_string(nq->bigrams, nq->nbigrams, term)) {
        return 0;
    }
    for (size_t k = 0; k < terms->n; k++) {
        if (terms->t[k].len == n && memcmp(terms->t[k].term, buf, n) == 0) {
            return 0;
        }
    }
    *tf = term_tf(db, prefix, term, len);
    return (db == NULL || *tf > 0) && !too_common(*tf, ndocs);
}

/* Adds the thesaurus terms of an's first ntokens tokens (see THES_SCALE) to terms: not the
 * query's own words or terms already there, not terms no document or too many hold. */
static npc_status thesaurus_terms(const npc_thesaurus *th, const npc_analysis *an, size_t ntokens,
                                  const xc_db *db, uint32_t ndocs, const npc_query *nq,
                                  wlist *terms, npc_err *err)
{
    const char *t[THES_MAX_TERMS * 4];
    unsigned char bigram[THES_MAX_TERMS * 4];
    size_t n = npc_thesaurus_terms(th, an, ntokens, t, bigram, sizeof t / sizeof *t);
    npc_status st = NPC_OK;
    for (size_t i = 0, kept = 0; st == NPC_OK && i < n && kept < THES_MAX_TERMS; i++) {
        const char *prefix = bigram[i] ? NPC_P_BIGRAM : "";
        uint32_t tf = 0;
        if (!new_expansion(terms, nq, db, ndocs, prefix, t[i], strlen(t[i]), &tf)) {
            continue;
        }
        kept++;
        st = wlist_add(terms, prefix, t[i], strlen(t[i]), tf, THES_SCALE, 0, KIND_EXPANSION, err);
    }
    return st;
}

/* Adds the vector neighbours of the question's rare words nq->words[w0..] (see VEC_SCALE). */
static npc_status vector_terms(const npc_assoc *vec, const xc_db *db, uint32_t ndocs,
                               const npc_query *nq, size_t w0, wlist *terms, npc_err *err)
{
    npc_status st = NPC_OK;
    size_t kept = 0;
    for (size_t i = w0; st == NPC_OK && i < nq->nwords && kept < VEC_MAX_TERMS; i++) {
        const char *w = nq->words[i];
        uint32_t wtf = term_tf(db, "", w, strlen(w));
        if (db != NULL && (double)wtf > VEC_RARE_SHARE * ndocs) {
            continue;
        }
        const npc_assoc_target *t;
        size_t k = npc_assoc_lookup(vec, w, strlen(w), &t);
        for (size_t j = 0; st == NPC_OK && j < k && j < VEC_PER_WORD && kept < VEC_MAX_TERMS; j++) {
            size_t len = strlen(t[j].term);
            uint32_t tf = 0;
            if (!new_expansion(terms, nq, db, ndocs, "", t[j].term, len, &tf)) {
                continue;
            }
            kept++;
            st = wlist_add(terms, "", t[j].term, len, tf, VEC_SCALE * t[j].weight, 0,
                           KIND_EXPANSION, err);
        }
    }
    return st;
}

/* A question rather than a few typed words: it holds an interrogative, or it is long (nterms
 * terms, at least SHORT_QUERY_TERMS).  Of the two tests only the STARD questions' R@100 told
 * them apart (0.681 with both, 0.679 with the first alone); a known-item query of 2-4 words is
 * never long. */
/* 1 when an holds an interrogative word (interrogatives[]). */
static int asks(const npc_analysis *an)
{
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        const char *term = npc_token_term(an, t);
        for (size_t k = 0;
             t->kind != NPC_TOK_BIGRAM && k < sizeof interrogatives / sizeof *interrogatives; k++) {
            if (strlen(interrogatives[k]) == t->term_len &&
                memcmp(interrogatives[k], term, t->term_len) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

static int question_shaped(const npc_analysis *an, size_t nterms)
{
    return nterms >= SHORT_QUERY_TERMS || asks(an);
}

/* Words of more than one Chinese character (bigrams and lone characters do not count). */
static size_t multi_char_words(const npc_analysis *an)
{
    size_t multi = 0;
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        if (t->kind != NPC_TOK_BIGRAM && !(t->kind == NPC_TOK_HAN && t->end - t->start <= 3)) {
            multi++;
        }
    }
    return multi;
}

/* The free text's terms into *terms, each once, until NPC_QUERY_MAX_TERMS of them (*nterms
 * counts them, *end the tokens read); its words and bigrams into nq for the snippet; the region
 * the first Chinese word names that the index holds into region. */
static npc_status collect_terms(npc_query *nq, const npc_analysis *an, const xc_db *db,
                                uint32_t ndocs, wlist *terms, size_t *nterms, size_t *end,
                                char region[128], npc_err *err)
{
    npc_status st = NPC_OK;
    long bpos[NPC_QUERY_MAX_TERMS + 1]; /* nq->bigrams[k - b0] is terms->t[bpos[k]] or -1 */
    size_t b0 = nq->nbigrams;
    size_t multi = multi_char_words(an);
    size_t i = 0;
    *nterms = 0;
    for (; st == NPC_OK && i < an->ntokens && *nterms < NPC_QUERY_MAX_TERMS; i++) {
        const npc_token *t = &an->tokens[i];
        const char *term = npc_token_term(an, t);
        if (t->kind == NPC_TOK_BIGRAM) {
            if (has_string(nq->bigrams, nq->nbigrams, term)) {
                continue;
            }
            st = add_string(&nq->bigrams, &nq->nbigrams, term, t->term_len, err);
            if (st == NPC_OK) {
                uint32_t tf = term_tf(db, NPC_P_BIGRAM, term, t->term_len);
                int c = too_common(tf, ndocs);
                nq->unknown += db != NULL && tf == 0;
                if (nq->nbigrams - 1 - b0 <= NPC_QUERY_MAX_TERMS) {
                    bpos[nq->nbigrams - 1 - b0] = c ? -1 : (long)terms->n;
                }
                st =
                    wlist_add(terms, NPC_P_BIGRAM, term, t->term_len, tf, 1.0, c, KIND_BIGRAM, err);
            }
            (*nterms)++;
            continue;
        }
        if (region[0] == '\0' && t->kind == NPC_TOK_HAN) {
            named_region(db, term, t->term_len, region, 128);
        }
        /* a lone Chinese character is left to the bigrams when there is anything else */
        int single = t->kind == NPC_TOK_HAN && t->end - t->start <= 3;
        if (single && (multi > 0 || an->ntokens > an->nwords)) {
            continue;
        }
        if (has_string(nq->words, nq->nwords, term)) {
            continue;
        }
        /* a two-character word is its own bigram: that one term, weighted twice, stands for
         * both (SAME_WORD_BIGRAM) */
        long same = -1;
        for (size_t k = b0; k < nq->nbigrams && same < 0; k++) {
            if (strcmp(nq->bigrams[k], term) == 0 && k - b0 <= NPC_QUERY_MAX_TERMS) {
                same = bpos[k - b0];
            }
        }
        st = add_string(&nq->words, &nq->nwords, term, t->term_len, err);
        if (st == NPC_OK && same >= 0) {
            if ((size_t)same < terms->n) {
                terms->t[same].scale = SAME_WORD_BIGRAM;
            }
        } else if (st == NPC_OK) {
            uint32_t tf = term_tf(db, "", term, t->term_len);
            nq->unknown += db != NULL && tf == 0;
            st = wlist_add(terms, "", term, t->term_len, tf, 1.0, too_common(tf, ndocs), KIND_WORD,
                           err);
        }
        (*nterms)++;
    }
    *end = i;
    return st;
}

/* Nothing but common terms: they are the query; in a long question (nterms terms) the common
 * ones are left out. */
static void drop_common(wlist *terms, size_t nterms)
{
    size_t uncommon = 0;
    for (size_t i = 0; i < terms->n; i++) {
        uncommon += !terms->t[i].common;
    }
    size_t kept = 0;
    for (size_t i = 0; i < terms->n; i++) {
        if (uncommon == 0) {
            terms->t[i].common = 0;
        }
        if (terms->t[i].common && nterms >= SHORT_QUERY_TERMS) {
            free(terms->t[i].term);
        } else {
            terms->t[kept++] = terms->t[i];
        }
    }
    terms->n = kept;
}

/* The ordered-window boost of a few typed words (see ORDER_WINDOW): the tokens an[0..end)'s
 * Chinese words of two characters or more, each by the bigram it starts, in order, filtered by
 * the phrase operator.  The lift is ORDER_SCALE × the sum of their IDFs, log(1 + (N - n + 0.5) /
 * (n + 0.5)) over the index's ndocs documents (never negative): a constant, so every shard lifts
 * alike, and no posting list is weighed twice.  *out is NULL when fewer than two. */
static npc_status order_boost(const npc_analysis *an, size_t end, const xc_db *db, uint32_t ndocs,
                              xc_query **out, npc_err *err)
{
    *out = NULL;
    char terms[ORDER_MAX_WORDS][TERM_BUF];
    size_t lens[ORDER_MAX_WORDS], n = 0;
    double lift = 0;
    qlist l = {0};
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < end && n < ORDER_MAX_WORDS; i++) {
        const npc_token *w = &an->tokens[i];
        if (w->kind != NPC_TOK_HAN) {
            continue;
        }
        /* the bigram at the word's start (the analyzer emits it beside the word) */
        const npc_token *b = NULL;
        for (size_t k = 0; k < an->ntokens && b == NULL; k++) {
            if (an->tokens[k].kind == NPC_TOK_BIGRAM && an->tokens[k].start == w->start) {
                b = &an->tokens[k];
            }
        }
        if (b == NULL || b->end > w->end) {
            continue; /* a one-character word */
        }
        size_t len = prefixed(terms[n], NPC_P_BIGRAM, npc_token_term(an, b), b->term_len);
        int dup = len == 0;
        for (size_t k = 0; k < n && !dup; k++) {
            dup = lens[k] == len && memcmp(terms[k], terms[n], len) == 0;
        }
        if (dup) {
            continue;
        }
        uint32_t tf = term_tf(db, "", terms[n], len);
        if (tf == 0) {
            continue; /* in no document: the others keep their order */
        }
        lift += log(1 + ((double)ndocs - tf + 0.5) / (tf + 0.5)); /* never negative */
        lens[n] = len;
        xc_query *q = NULL;
        st = xc_query_term(terms[n], len, 1, &q, err);
        if (st == NPC_OK) {
            st = qlist_push(&l, q, err);
        }
        n++;
    }
    xc_query *ordered = NULL, *fixed = NULL;
    if (st == NPC_OK && n >= 2) {
        st = qlist_combine(&l, XC_OP_PHRASE, ORDER_WINDOW, &ordered, err);
        if (st == NPC_OK) {
            st = xc_query_fixed_weight(ORDER_SCALE * lift, &fixed, err);
        }
        if (st == NPC_OK) {
            xc_query *pair[2] = {fixed, ordered};
            st = xc_query_combine(XC_OP_FILTER, pair, 2, 0, out, err);
        }
    }
    xc_query_free(fixed);
    xc_query_free(ordered);
    qlist_release(&l);
    return st;
}

npc_status plan_free_text(npc_query *nq, const npc_analysis *an, const xc_db *db,
                          const npc_query_aids *aids, size_t *end, xc_query **out, npc_err *err)
{
    const npc_assoc *m = aids->model, *vec = aids->vectors;
    const npc_thesaurus *th = aids->thesaurus;
    *out = NULL;
    size_t w0 = nq->nwords;
    char region[128] = "";
    uint32_t ndocs = 0;
    if (db != NULL && xc_db_doccount(db, &ndocs, NULL) != NPC_OK) {
        ndocs = 0; /* no pruning */
    }
    wlist terms = {0};
    size_t nterms = 0;
    npc_status st = collect_terms(nq, an, db, ndocs, &terms, &nterms, end, region, err);
    drop_common(&terms, nterms);
    int question = question_shaped(an, nterms);
    nq->question |= question;
    nq->asks |= asks(an);
    if (st == NPC_OK && m != NULL && question) {
        st = expand(m, db, ndocs, nq->words + w0, nq->nwords - w0, nq->words, nq->nwords, &terms,
                    err);
    }
    if (st == NPC_OK && th != NULL && question) {
        st = thesaurus_terms(th, an, *end, db, ndocs, nq, &terms, err);
    }
    if (st == NPC_OK && vec != NULL && question) {
        st = vector_terms(vec, db, ndocs, nq, w0, &terms, err);
    }
    xc_query *matched = NULL, *prior = NULL;
    if (st == NPC_OK) {
        st = ranked_query(db, &terms, question ? &npc_bm25 : &npc_bm25_keywords, &matched, err);
    }
    wlist_release(&terms);
    if (st == NPC_OK && matched != NULL && db != NULL && !question) {
        xc_query *ordered = NULL;
        st = order_boost(an, *end, db, ndocs, &ordered, err);
        st = and_maybe(st, matched, ordered, &matched, err);
    }
    if (st == NPC_OK && matched != NULL && db != NULL && asks(an) && nterms >= SHORT_QUERY_TERMS) {
        xc_query *laws = NULL;
        st = law_prior(aids, db, &laws, err);
        st = and_maybe(st, matched, laws, &matched, err);
    }
    if (st == NPC_OK && matched != NULL && db != NULL && question) {
        st = level_prior(db, region, &prior, err);
    }
    return and_maybe(st, matched, prior, out, err); /* the prior only lifts what matches */
}

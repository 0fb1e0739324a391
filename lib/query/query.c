/*
 * query.c — user query syntax to Xapian query (see query.h).
 *
 * Weights: words and bigrams are OR-ed as equals (scaling the bigrams by 0.5 measured
 * slightly worse on the STARD questions, docs/relevance.md).  With an index, that OR is a bag
 * (xc_query_bag): the same documents and BM25 weights, scored term at a time in memory.
 * Citations (a law title followed by 第…条) and a query that is nothing but a law title do not
 * change weights: they make a separate "pin" query of the cited articles (or of the law's
 * whole-law documents) that the search puts first, latest version first (search.c).
 */
#include "query/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/cite.h"
#include "learn/assoc.h"
#include "text/fold.h"
#include "index/schema.h"

/* The 效力级别 prior: matches that are national law (laws and articles outside 地方性法规)
 * gain this much; when the question names a region present in the index, that region's laws
 * gain it instead.  +0.03 R@100 and +0.025 MRR@10 on the STARD questions (docs/relevance.md). */
#define LEVEL_PRIOR 18.0

/* Learned expansion (assoc.h): the targets of the question's words, their weights summed over
 * the words that lead to them, the strongest ASSOC_MAX_TERMS kept, each OR-ed in with its
 * BM25 weight scaled by ASSOC_SCALE × its weight (capped at 1).  Scale 0.8 measured best on
 * the STARD questions cross-validated without lowering questions with unseen answers; 1.2
 * raised R@100 further but lowered their MRR.  30 terms gained 0.007 R@100 over 10 but
 * tripled the latency instead of adding half (docs/relevance.md). */
#define ASSOC_SCALE 0.8
#define ASSOC_MAX_TERMS 10

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

const xc_bm25 npc_bm25 = {NPC_BM25_K1, NPC_BM25_B, NPC_BM25_MIN_NORMLEN};

typedef struct phrase_text {
    uint16_t *u; /* folded, white space removed */
    size_t n;
    size_t group; /* phrases joined by OR share a group */
} phrase_text;

struct npc_query {
    xc_query *q;
    xc_query *pins; /* cited articles / the titled law, NULL when none */
    phrase_text *phrases;
    size_t nphrases, ngroups;
    char **words;
    size_t nwords;
    char **bigrams;
    size_t nbigrams;
    npc_citation *cites;
    size_t ncites;
    char **keys; /* storage of law keys for cites */
    size_t nkeys;
};

typedef struct qlist {
    xc_query **q;
    size_t n, cap;
} qlist;

static npc_status qlist_push(qlist *l, xc_query *q, npc_err *err)
{
    if (q == NULL) {
        return NPC_OK;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        xc_query **p = realloc(l->q, cap * sizeof *p);
        if (p == NULL) {
            xc_query_free(q);
            return npc_fail(err, NPC_ENOMEM, "query");
        }
        l->q = p;
        l->cap = cap;
    }
    l->q[l->n++] = q;
    return NPC_OK;
}

static void qlist_release(qlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        xc_query_free(l->q[i]);
    }
    free(l->q);
    memset(l, 0, sizeof *l);
}

/* Combines the list into one query (the list is emptied); *out is NULL when it was empty. */
static npc_status qlist_combine(qlist *l, enum xc_op op, uint32_t param, xc_query **out,
                                npc_err *err)
{
    *out = NULL;
    npc_status st = NPC_OK;
    if (l->n == 1 && op != XC_OP_PHRASE) {
        *out = l->q[0];
        l->n = 0;
    } else if (l->n > 0) {
        st = xc_query_combine(op, l->q, l->n, param, out, err);
    }
    qlist_release(l);
    return st;
}

static int has_string(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], s) == 0) {
            return 1;
        }
    }
    return 0;
}

static npc_status add_string(char ***v, size_t *n, const char *s, size_t len, npc_err *err)
{
    char **p = realloc(*v, (*n + 1) * sizeof *p);
    if (p == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    *v = p;
    if ((p[*n] = strndup(s, len)) == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    (*n)++;
    return NPC_OK;
}

/* Longest prefixed term a query looks for (schema.h: one over NPC_TERM_MAX is in no index). */
#define TERM_BUF NPC_TERM_LOOKUP_BUF

/* prefix+term written into buf; its length, or 0 when it does not fit. */
static size_t prefixed(char buf[TERM_BUF], const char *prefix, const char *term, size_t len)
{
    size_t pl = strlen(prefix);
    if (pl + len > TERM_BUF) {
        return 0;
    }
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, term, len);
    return pl + len;
}

static npc_status term_query(const char *prefix, const char *term, size_t len, uint32_t wqf,
                             xc_query **out, npc_err *err)
{
    char buf[TERM_BUF];
    size_t n = prefixed(buf, prefix, term, len);
    *out = NULL;
    return n ? xc_query_term(buf, n, wqf, out, err) : NPC_OK;
}

static npc_status key_query(const char *key, const char *article, const char *type, xc_query **out,
                            npc_err *err)
{
    qlist parts = {0};
    xc_query *q = NULL;
    npc_status st = term_query(NPC_P_LAW, key, strlen(key), 1, &q, err);
    if (st == NPC_OK) {
        st = qlist_push(&parts, q, err);
    }
    if (st == NPC_OK && article != NULL) {
        st = term_query(NPC_P_ARTICLE, article, strlen(article), 1, &q, err);
        if (st == NPC_OK) {
            st = qlist_push(&parts, q, err);
        }
    }
    if (st == NPC_OK && type != NULL) {
        st = term_query(NPC_P_TYPE, type, strlen(type), 1, &q, err);
        if (st == NPC_OK) {
            st = qlist_push(&parts, q, err);
        }
    }
    if (st != NPC_OK) {
        qlist_release(&parts);
        return st;
    }
    return qlist_combine(&parts, XC_OP_AND, 0, out, err);
}

/* The region a word names when the index has documents of that region (上海市 -> 上海), written
 * into buf; 0 when none. */
static int named_region(const xc_db *db, const char *word, size_t len, char *buf, size_t cap)
{
    static const char *const suffixes[] = {"自治区", "省", "市"};
    if (db == NULL || len < 6 || len + 3 > cap) {
        return 0;
    }
    size_t n = len;
    for (size_t k = 0; k < 3; k++) {
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
static npc_status level_prior(const char *region, xc_query **out, npc_err *err)
{
    if (region[0] == '\0') {
        /* national law: a lift from an in-memory set, no posting list read per question */
        return xc_query_term_lift(NPC_TERM_NATIONAL, strlen(NPC_TERM_NATIONAL), LEVEL_PRIOR, out,
                                  err);
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

/* *out: a AND_MAYBE b (b only adds weight to what a matches), or the one of them there is.
 * Takes a and b, also when st, the status so far, is already a failure (then returned). */
static npc_status and_maybe(npc_status st, xc_query *a, xc_query *b, xc_query **out, npc_err *err)
{
    if (st == NPC_OK && a != NULL && b != NULL) {
        xc_query *pair[2] = {a, b};
        st = xc_query_combine(XC_OP_AND_MAYBE, pair, 2, 0, out, err);
    } else if (st == NPC_OK) {
        *out = a ? a : b;
        a = b = NULL;
    }
    xc_query_free(a);
    xc_query_free(b);
    return st;
}

/* The ranked query of the free text's terms: with an index, the bag (xc_query_bag, the same
 * weights as the OR of the terms, scored several times faster); without one, that OR, words,
 * bigrams and expansion grouped, the common terms AND_MAYBE'd. */
static npc_status weigh(const xc_db *db, const wlist *l, xc_query **out, npc_err *err)
{
    *out = NULL;
    npc_status st = NPC_OK;
    if (db != NULL) {
        xc_bag_term *bt = malloc((l->n + 1) * sizeof *bt);
        if (bt == NULL) {
            return npc_fail(err, NPC_ENOMEM, "query");
        }
        for (size_t i = 0; i < l->n; i++) {
            bt[i] =
                (xc_bag_term){l->t[i].term, l->t[i].len, l->t[i].tf, l->t[i].scale, l->t[i].common};
        }
        st = xc_query_bag(db, bt, l->n, &npc_bm25, out, err);
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

/* The free text: words, bigrams, citations and titles. */
static npc_status free_text(npc_query *nq, npc_analyzer *a, const xc_db *db, const npc_assoc *m,
                            const char *text, size_t len, xc_query **out, npc_err *err)
{
    *out = NULL;
    size_t w0 = nq->nwords;
    char region[128] = "";
    npc_analysis an;
    npc_status st = npc_analyze(a, text, len, NPC_AN_BIGRAMS, &an, err);
    if (st != NPC_OK) {
        return st;
    }
    const npc_lexicon *lx = npc_analyzer_lexicon(a);
    qlist pins = {0};
    wlist terms = {0};
    long bpos[NPC_QUERY_MAX_TERMS + 1]; /* nq->bigrams[k - b0] is terms.t[bpos[k]] or -1 */
    size_t b0 = nq->nbigrams;
    size_t nterms = 0, multi = 0, titles = 0;
    uint32_t ndocs = 0;
    if (db != NULL && xc_db_doccount(db, &ndocs, NULL) != NPC_OK) {
        ndocs = 0; /* no pruning */
    }
    for (size_t i = 0; i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        if (t->kind != NPC_TOK_BIGRAM && !(t->kind == NPC_TOK_HAN && t->end - t->start <= 3)) {
            multi++; /* words that are more than one Chinese character */
        }
        titles += t->title >= 0;
    }
    for (size_t i = 0; st == NPC_OK && i < an.ntokens && nterms < NPC_QUERY_MAX_TERMS; i++) {
        const npc_token *t = &an.tokens[i];
        const char *term = npc_token_term(&an, t);
        xc_query *q = NULL;
        if (t->kind == NPC_TOK_BIGRAM) {
            if (has_string(nq->bigrams, nq->nbigrams, term)) {
                continue;
            }
            st = add_string(&nq->bigrams, &nq->nbigrams, term, t->term_len, err);
            if (st == NPC_OK) {
                uint32_t tf = term_tf(db, NPC_P_BIGRAM, term, t->term_len);
                int c = too_common(tf, ndocs);
                if (nq->nbigrams - 1 - b0 <= NPC_QUERY_MAX_TERMS) {
                    bpos[nq->nbigrams - 1 - b0] = c ? -1 : (long)terms.n;
                }
                st = wlist_add(&terms, NPC_P_BIGRAM, term, t->term_len, tf, 1.0, c, KIND_BIGRAM,
                               err);
            }
            nterms++;
            continue;
        }
        /* a lone Chinese character is left to the bigrams when there is anything else */
        if (region[0] == '\0' && t->kind == NPC_TOK_HAN) {
            named_region(db, term, t->term_len, region, sizeof region);
        }
        int single = t->kind == NPC_TOK_HAN && t->end - t->start <= 3;
        if (!(single && (multi > 0 || an.ntokens > an.nwords))) {
            /* a two-character word is its own bigram: that one term, weighted twice, stands
             * for both (SAME_WORD_BIGRAM) */
            long same = -1;
            for (size_t k = b0; k < nq->nbigrams && same < 0; k++) {
                if (strcmp(nq->bigrams[k], term) == 0 && k - b0 <= NPC_QUERY_MAX_TERMS) {
                    same = bpos[k - b0];
                }
            }
            if (same >= 0 && !has_string(nq->words, nq->nwords, term)) {
                st = add_string(&nq->words, &nq->nwords, term, t->term_len, err);
                if (st == NPC_OK && (size_t)same < terms.n) {
                    terms.t[same].scale = SAME_WORD_BIGRAM;
                }
                nterms++;
            } else if (!has_string(nq->words, nq->nwords, term)) {
                st = add_string(&nq->words, &nq->nwords, term, t->term_len, err);
                if (st == NPC_OK) {
                    uint32_t tf = term_tf(db, "", term, t->term_len);
                    st = wlist_add(&terms, "", term, t->term_len, tf, 1.0, too_common(tf, ndocs),
                                   KIND_WORD, err);
                }
                nterms++;
            }
        }
        if (st != NPC_OK || t->title < 0 || lx == NULL) {
            continue;
        }
        const char *key = npc_lexicon_title_key(lx, t->title);
        /* a citation: the title followed by an article number (the grammar of cite.h) */
        size_t nk = npc_cite_after_title(&an, text, i);
        const npc_token *next = nk ? &an.tokens[nk] : NULL;
        if (next != NULL) {
            char art[32];
            npc_article_ref(art, sizeof art, next->num, next->sub);
            npc_citation *c = realloc(nq->cites, (nq->ncites + 1) * sizeof *c);
            if (c == NULL) {
                st = npc_fail(err, NPC_ENOMEM, "query");
                break;
            }
            nq->cites = c;
            st = add_string(&nq->keys, &nq->nkeys, key, strlen(key), err);
            if (st != NPC_OK) {
                break;
            }
            nq->cites[nq->ncites++] = (npc_citation){nq->keys[nq->nkeys - 1], next->num, next->sub};
            st = key_query(key, art, NPC_TYPE_ARTICLE, &q, err);
            if (st == NPC_OK) {
                st = qlist_push(&pins, q, err);
            }
        } else if (titles == an.nwords) {
            /* nothing but titles: the law itself */
            st = key_query(key, NULL, NPC_TYPE_LAW, &q, err);
            if (st == NPC_OK) {
                st = qlist_push(&pins, q, err);
            }
        }
    }
    /* nothing but common terms: they are the query; in a long question they are left out */
    size_t plain = 0;
    for (size_t i = 0; i < terms.n; i++) {
        plain += !terms.t[i].common;
    }
    size_t kept = 0;
    for (size_t i = 0; i < terms.n; i++) {
        if (plain == 0) {
            terms.t[i].common = 0;
        }
        if (terms.t[i].common && nterms >= SHORT_QUERY_TERMS) {
            free(terms.t[i].term);
        } else {
            terms.t[kept++] = terms.t[i];
        }
    }
    terms.n = kept;
    if (st == NPC_OK && m != NULL) {
        st = expand(m, db, ndocs, nq->words + w0, nq->nwords - w0, nq->words, nq->nwords, &terms,
                    err);
    }
    xc_query *matched = NULL, *prior = NULL;
    if (st == NPC_OK) {
        st = weigh(db, &terms, &matched, err);
    }
    wlist_release(&terms);
    if (st == NPC_OK && matched != NULL && db != NULL) {
        st = level_prior(region, &prior, err);
    }
    st = and_maybe(st, matched, prior, out, err); /* the prior only lifts what matches */
    if (st == NPC_OK && pins.n > 0) {
        xc_query *p = NULL;
        st = qlist_combine(&pins, XC_OP_OR, 0, &p, err);
        xc_query_free(nq->pins);
        nq->pins = p;
    }
    qlist_release(&pins);
    return st;
}

/* Records the folded text of a required phrase for npc_query_phrases_match. */
static npc_status record_phrase(npc_query *nq, const char *text, size_t len, size_t group,
                                npc_err *err)
{
    npc_folded f = {0};
    npc_status st = npc_fold(text, len, &f, err);
    phrase_text *p = NULL;
    if (st == NPC_OK) {
        p = realloc(nq->phrases, (nq->nphrases + 1) * sizeof *p);
        if (p == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "query");
        }
    }
    if (st == NPC_OK) {
        nq->phrases = p;
        size_t n = 0;
        for (size_t i = 0; i < f.n; i++) {
            if (f.u16[i] != ' ' && f.u16[i] != '\t' && f.u16[i] != '\n' && f.u16[i] != '\r') {
                f.u16[n++] = f.u16[i];
            }
        }
        nq->phrases[nq->nphrases++] = (phrase_text){f.u16, n, group};
        f.u16 = NULL;
    }
    npc_folded_release(&f);
    return st;
}

/* A phrase: all its bigrams when it is all Chinese, else all its words; the candidates are
 * then checked against the stored text (npc_query_phrases_match), since the index keeps no
 * positions. */
static npc_status phrase(npc_query *nq, npc_analyzer *a, const char *text, size_t len,
                         int highlight, xc_query **out, npc_err *err)
{
    *out = NULL;
    npc_analysis an;
    npc_status st = npc_analyze(a, text, len, NPC_AN_BIGRAMS, &an, err);
    if (st != NPC_OK) {
        return st;
    }
    int all_han = an.nwords > 0;
    size_t nbigrams = an.ntokens - an.nwords;
    for (size_t i = 0; i < an.ntokens; i++) {
        all_han &= an.tokens[i].kind == NPC_TOK_HAN || an.tokens[i].kind == NPC_TOK_BIGRAM;
    }
    int use_bigrams = all_han && nbigrams > 0;
    qlist parts = {0};
    for (size_t i = 0; st == NPC_OK && i < an.ntokens && parts.n < NPC_QUERY_MAX_TERMS; i++) {
        const npc_token *t = &an.tokens[i];
        const char *term = npc_token_term(&an, t);
        if ((t->kind == NPC_TOK_BIGRAM) != use_bigrams) {
            continue;
        }
        xc_query *q = NULL;
        st = term_query(use_bigrams ? NPC_P_BIGRAM : "", term, t->term_len, 1, &q, err);
        if (st == NPC_OK) {
            st = qlist_push(&parts, q, err);
        }
        if (st == NPC_OK && highlight) {
            if (use_bigrams && !has_string(nq->bigrams, nq->nbigrams, term)) {
                st = add_string(&nq->bigrams, &nq->nbigrams, term, t->term_len, err);
            } else if (!use_bigrams && !has_string(nq->words, nq->nwords, term)) {
                st = add_string(&nq->words, &nq->nwords, term, t->term_len, err);
            }
        }
    }
    if (st != NPC_OK) {
        qlist_release(&parts);
        return st;
    }
    return qlist_combine(&parts, XC_OP_AND, 0, out, err);
}

/* ---- the user syntax --------------------------------------------------------------------- */

static int is_space_at(const char *s, size_t i, size_t len, size_t *w)
{
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
        *w = 1;
        return 1;
    }
    if (i + 3 <= len && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
        *w = 3;
        return 1;
    }
    return 0;
}

/* Opening quote at s[i]: returns its byte length (0: none). */
static size_t quote_at(const char *s, size_t i, size_t len)
{
    if (s[i] == '"') {
        return 1;
    }
    if (i + 3 <= len && (memcmp(s + i, "\xE2\x80\x9C", 3) == 0 ||  /* “ */
                         memcmp(s + i, "\xE2\x80\x9D", 3) == 0 ||  /* ” */
                         memcmp(s + i, "\xEF\xBC\x82", 3) == 0)) { /* ＂ */
        return 3;
    }
    return 0;
}

static size_t minus_at(const char *s, size_t i, size_t len)
{
    if (s[i] == '-') {
        return 1;
    }
    if (i + 3 <= len && memcmp(s + i, "\xEF\xBC\x8D", 3) == 0) { /* － */
        return 3;
    }
    return 0;
}

npc_status npc_query_parse(npc_analyzer *a, const xc_db *db, const char *q, size_t len,
                           npc_query **out, npc_err *err)
{
    return npc_query_parse_with(a, db, NULL, q, len, out, err);
}

npc_status npc_query_parse_with(npc_analyzer *a, const xc_db *db, const npc_assoc *m, const char *q,
                                size_t len, npc_query **out, npc_err *err)
{
    *out = NULL;
    if (len > NPC_QUERY_MAX_BYTES) {
        return npc_fail(err, NPC_ETOOBIG, "query of %zu bytes is over the limit of %d bytes", len,
                        NPC_QUERY_MAX_BYTES);
    }
    size_t bad;
    if (!npc_utf8_valid(q, len, &bad)) {
        return npc_fail(err, NPC_EUTF8, "query is not valid UTF-8 at byte %zu", bad);
    }
    npc_query *nq = calloc(1, sizeof *nq);
    char *free_buf = malloc(len + 2);
    if (nq == NULL || free_buf == NULL) {
        free(nq);
        free(free_buf);
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    size_t flen = 0;
    qlist required = {0}, group = {0}, excluded = {0};
    npc_status st = NPC_OK;
    int pending_or = 0;
    size_t i = 0, parts = 0;
    while (st == NPC_OK && i < len) {
        size_t w;
        if (is_space_at(q, i, len, &w)) {
            i += w;
            continue;
        }
        /* one chunk: [-]"phrase" | [-]word | OR */
        size_t neg = minus_at(q, i, len);
        size_t j = i + neg;
        if (neg && (j >= len || is_space_at(q, j, len, &w))) {
            neg = 0; /* a lone minus is punctuation */
            j = i;
        }
        size_t ql = j < len ? quote_at(q, j, len) : 0;
        size_t cs, ce, next;
        if (ql) {
            cs = j + ql;
            ce = cs;
            size_t cl = 0;
            while (ce < len && (cl = quote_at(q, ce, len)) == 0) {
                ce++;
            }
            if (ce >= len) {
                /* an unmatched quote (pasted text often has one) is punctuation */
                i = j + ql;
                continue;
            }
            next = ce + cl;
        } else {
            cs = j;
            ce = j;
            while (ce < len && !is_space_at(q, ce, len, &w) && quote_at(q, ce, len) == 0) {
                ce++;
            }
            next = ce;
        }
        if (!ql && !neg && ce - cs == 2 && memcmp(q + cs, "OR", 2) == 0) {
            pending_or = 1;
            i = next;
            continue;
        }
        if ((neg || ql) && ++parts > NPC_QUERY_MAX_PARTS) {
            st = npc_fail(err, NPC_ETOOBIG, "a query may hold at most %d phrases and exclusions",
                          NPC_QUERY_MAX_PARTS);
            break;
        }
        if (neg) {
            xc_query *x = NULL;
            st = phrase(nq, a, q + cs, ce - cs, 0, &x, err);
            if (st == NPC_OK) {
                st = qlist_push(&excluded, x, err);
            }
        } else if (ql) {
            xc_query *p = NULL;
            st = phrase(nq, a, q + cs, ce - cs, 1, &p, err);
            if (st == NPC_OK && p != NULL) {
                if (!pending_or || group.n == 0) {
                    nq->ngroups++;
                }
                st = record_phrase(nq, q + cs, ce - cs, nq->ngroups - 1, err);
            }
            if (st == NPC_OK && p != NULL) {
                if (!pending_or && group.n > 0) {
                    xc_query *g = NULL;
                    st = qlist_combine(&group, XC_OP_OR, 0, &g, err);
                    if (st == NPC_OK) {
                        st = qlist_push(&required, g, err);
                    }
                }
                if (st == NPC_OK) {
                    st = qlist_push(&group, p, err);
                }
            }
            pending_or = 0;
        } else {
            memcpy(free_buf + flen, q + cs, ce - cs);
            flen += ce - cs;
            free_buf[flen++] = ' ';
        }
        i = next;
    }
    xc_query *g = NULL, *req = NULL, *ft = NULL, *ex = NULL, *final = NULL;
    if (st == NPC_OK && group.n > 0) {
        st = qlist_combine(&group, XC_OP_OR, 0, &g, err);
        if (st == NPC_OK) {
            st = qlist_push(&required, g, err);
        }
    }
    if (st == NPC_OK) {
        st = qlist_combine(&required, XC_OP_AND, 0, &req, err);
    }
    if (st == NPC_OK && flen > 0) {
        st = free_text(nq, a, db, m, free_buf, flen, &ft, err);
    }
    if (st == NPC_OK) {
        st = qlist_combine(&excluded, XC_OP_OR, 0, &ex, err);
    }
    st = and_maybe(st, req, ft, &final, err); /* takes req and ft */
    if (st == NPC_OK && (final == NULL || xc_query_is_empty(final))) {
        st = npc_fail(err, NPC_EQUERY,
                      ex ? "a query cannot consist only of exclusions"
                         : "the query has nothing to search for (no words or numbers)");
    }
    if (st == NPC_OK && ex != NULL) {
        xc_query *pair[2] = {final, ex}, *r = NULL;
        st = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &r, err);
        xc_query_free(final);
        final = r;
    }
    xc_query_free(ex);
    qlist_release(&required);
    qlist_release(&group);
    qlist_release(&excluded);
    free(free_buf);
    if (st != NPC_OK) {
        xc_query_free(final);
        npc_query_free(nq);
        return st;
    }
    nq->q = final;
    *out = nq;
    return NPC_OK;
}

npc_status npc_query_all(npc_query **out, npc_err *err)
{
    *out = NULL;
    npc_query *nq = calloc(1, sizeof *nq);
    if (nq == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    npc_status st = xc_query_match_all(&nq->q, err);
    if (st != NPC_OK) {
        free(nq);
        return st;
    }
    *out = nq;
    return NPC_OK;
}

void npc_query_free(npc_query *q)
{
    if (q == NULL) {
        return;
    }
    for (size_t i = 0; i < q->nphrases; i++) {
        free(q->phrases[i].u);
    }
    free(q->phrases);
    xc_query_free(q->q);
    xc_query_free(q->pins);
    for (size_t i = 0; i < q->nwords; i++) {
        free(q->words[i]);
    }
    for (size_t i = 0; i < q->nbigrams; i++) {
        free(q->bigrams[i]);
    }
    for (size_t i = 0; i < q->nkeys; i++) {
        free(q->keys[i]);
    }
    free(q->words);
    free(q->bigrams);
    free(q->keys);
    free(q->cites);
    free(q);
}

const xc_query *npc_query_xapian(const npc_query *q)
{
    return q->q;
}

const xc_query *npc_query_pins(const npc_query *q)
{
    return q->pins;
}

size_t npc_query_words(const npc_query *q, const char *const **out)
{
    *out = (const char *const *)q->words;
    return q->nwords;
}

size_t npc_query_bigrams(const npc_query *q, const char *const **out)
{
    *out = (const char *const *)q->bigrams;
    return q->nbigrams;
}

size_t npc_query_citations(const npc_query *q, const npc_citation **out)
{
    *out = q->cites;
    return q->ncites;
}

int npc_query_has_phrases(const npc_query *q)
{
    return q->nphrases > 0;
}

static int contains(const uint16_t *h, size_t hn, const uint16_t *n, size_t nn)
{
    if (nn == 0) {
        return 1;
    }
    for (size_t i = 0; i + nn <= hn; i++) {
        if (h[i] == n[0] && memcmp(h + i, n, nn * sizeof *n) == 0) {
            return 1;
        }
    }
    return 0;
}

int npc_query_phrases_match(const npc_query *q, const char *text, size_t len, npc_folded *scratch)
{
    if (q->nphrases == 0) {
        return 1;
    }
    if (npc_fold(text, len, scratch, NULL) != NPC_OK) {
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < scratch->n; i++) {
        uint16_t c = scratch->u16[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            scratch->u16[n++] = c;
        }
    }
    for (size_t g = 0; g < q->ngroups; g++) {
        int found = 0;
        for (size_t i = 0; i < q->nphrases && !found; i++) {
            found = q->phrases[i].group == g &&
                    contains(scratch->u16, n, q->phrases[i].u, q->phrases[i].n);
        }
        if (!found) {
            return 0;
        }
    }
    return 1;
}

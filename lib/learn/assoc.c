/*
 * assoc.c — learning, storing and looking up term associations (see assoc.h).
 *
 * The learner interns every word to a number, keeps each question as two sorted sets of
 * numbers (its words, the words of its answers) and counts the co-occurring pairs in one
 * open-addressing table when the model is asked for.
 */
#include "learn/assoc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fnv.h"

/* ---- interned words ----------------------------------------------------------------------- */

typedef struct interner {
    char **str;
    size_t n, cap;
    uint32_t *slot; /* index + 1; 0 = empty */
    size_t slots;   /* a power of two */
} interner;

static int interner_grow(interner *in)
{
    size_t slots = in->slots ? in->slots * 2 : 4096;
    uint32_t *s = calloc(slots, sizeof *s);
    if (s == NULL) {
        return 0;
    }
    for (size_t i = 0; i < in->n; i++) {
        size_t h = npc_fnv1a64(in->str[i], strlen(in->str[i])) & (slots - 1);
        while (s[h] != 0) {
            h = (h + 1) & (slots - 1);
        }
        s[h] = (uint32_t)i + 1;
    }
    free(in->slot);
    in->slot = s;
    in->slots = slots;
    return 1;
}

/* The number of word s[0..len), added when new; -1 when out of memory. */
static long intern(interner *in, const char *s, size_t len)
{
    if ((in->n + 1) * 2 > in->slots && !interner_grow(in)) {
        return -1;
    }
    size_t h = npc_fnv1a64(s, len) & (in->slots - 1);
    while (in->slot[h] != 0) {
        const char *o = in->str[in->slot[h] - 1];
        if (strncmp(o, s, len) == 0 && o[len] == '\0') {
            return (long)in->slot[h] - 1;
        }
        h = (h + 1) & (in->slots - 1);
    }
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 1024;
        char **p = realloc(in->str, cap * sizeof *p);
        if (p == NULL) {
            return -1;
        }
        in->str = p;
        in->cap = cap;
    }
    if ((in->str[in->n] = strndup(s, len)) == NULL) {
        return -1;
    }
    in->slot[h] = (uint32_t)in->n + 1;
    return (long)in->n++;
}

static void interner_release(interner *in)
{
    for (size_t i = 0; i < in->n; i++) {
        free(in->str[i]);
    }
    free(in->str);
    free(in->slot);
}

/* ---- the learner -------------------------------------------------------------------------- */

typedef struct idvec {
    uint32_t *v;
    size_t n, cap;
} idvec;

static int idvec_push(idvec *x, uint32_t id)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 4096;
        uint32_t *p = realloc(x->v, cap * sizeof *p);
        if (p == NULL) {
            return 0;
        }
        x->v = p;
        x->cap = cap;
    }
    x->v[x->n++] = id;
    return 1;
}

/* Keys counted once a question: laws, documents. */
typedef struct tally {
    interner keys;
    idvec q;    /* per key: the questions it answered */
    idvec last; /* per key: 1 + the last question it was counted for */
} tally;

static void tally_release(tally *t)
{
    interner_release(&t->keys);
    free(t->q.v);
    free(t->last.v);
}

/* Counts key[0..len) for question nq (1-based); 0 when out of memory. */
static int tally_count(tally *t, size_t nq, const char *key, size_t len)
{
    long id = intern(&t->keys, key, len);
    if (id < 0) {
        return 0;
    }
    while (t->q.n <= (size_t)id) {
        if (!idvec_push(&t->q, 0) || !idvec_push(&t->last, 0)) {
            return 0;
        }
    }
    if (t->last.v[id] != nq) { /* once a question */
        t->last.v[id] = (uint32_t)nq;
        t->q.v[id]++;
    }
    return 1;
}

struct npc_assoc_learner {
    npc_analyzer *a;
    interner words;
    idvec pool;     /* each question: its words, then its answers' words (sorted sets) */
    size_t *qstart; /* per question: start of its words in pool */
    size_t *tstart; /* per question: start of its answers' words; end = next qstart */
    size_t nq, qcap;
    tally laws; /* the answers' law keys */
    tally docs; /* the answers' document ids */
};

npc_status npc_assoc_learner_new(npc_analyzer *a, npc_assoc_learner **out, npc_err *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL) {
        return npc_fail(err, NPC_ENOMEM, "learner");
    }
    (*out)->a = a;
    return NPC_OK;
}

void npc_assoc_learner_free(npc_assoc_learner *l)
{
    if (l != NULL) {
        interner_release(&l->words);
        tally_release(&l->laws);
        tally_release(&l->docs);
        free(l->pool.v);
        free(l->qstart);
        free(l->tstart);
        free(l);
    }
}

size_t npc_assoc_learner_count(const npc_assoc_learner *l)
{
    return l->nq;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts pool[from..] and drops duplicates. */
static void make_set(idvec *pool, size_t from)
{
    size_t n = pool->n - from;
    if (n < 2) {
        return;
    }
    uint32_t *v = pool->v + from;
    qsort(v, n, sizeof *v, cmp_u32);
    size_t k = 1;
    for (size_t i = 1; i < n; i++) {
        if (v[i] != v[k - 1]) {
            v[k++] = v[i];
        }
    }
    pool->n = from + k;
}

/* 1 for the words a model speaks of: Chinese words of two characters or more (law titles
 * included) and ASCII words that are not plain numbers. */
static int is_model_word(const npc_analysis *an, const npc_token *t)
{
    if (t->kind == NPC_TOK_HAN) {
        return t->term_len > 3;
    }
    if (t->kind == NPC_TOK_ALNUM) {
        const char *s = npc_token_term(an, t);
        for (uint32_t i = 0; i < t->term_len; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return 1;
            }
        }
    }
    return 0;
}

/* Appends the model words of text to the pool. */
static npc_status add_words(npc_assoc_learner *l, const char *text, size_t len, npc_err *err)
{
    npc_analysis an;
    npc_status st = npc_analyze(l->a, text, len, 0, &an, err);
    for (size_t i = 0; st == NPC_OK && i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        if (!is_model_word(&an, t)) {
            continue;
        }
        long id = intern(&l->words, npc_token_term(&an, t), t->term_len);
        if (id < 0 || !idvec_push(&l->pool, (uint32_t)id)) {
            st = npc_fail(err, NPC_ENOMEM, "learner");
        }
    }
    return st;
}

npc_status npc_assoc_learner_add(npc_assoc_learner *l, const char *question, size_t qlen,
                                 const char *const *answers, const size_t *alens, size_t nanswers,
                                 npc_err *err)
{
    if (l->nq == l->qcap) {
        size_t cap = l->qcap ? l->qcap * 2 : 256;
        size_t *q = realloc(l->qstart, (cap + 1) * sizeof *q);
        if (q == NULL) {
            return npc_fail(err, NPC_ENOMEM, "learner");
        }
        l->qstart = q;
        size_t *t = realloc(l->tstart, cap * sizeof *t);
        if (t == NULL) {
            return npc_fail(err, NPC_ENOMEM, "learner");
        }
        l->tstart = t;
        l->qcap = cap;
    }
    size_t qs = l->pool.n;
    npc_status st = add_words(l, question, qlen, err);
    make_set(&l->pool, qs);
    size_t ts = l->pool.n;
    for (size_t i = 0; st == NPC_OK && i < nanswers; i++) {
        st = add_words(l, answers[i], alens[i], err);
    }
    make_set(&l->pool, ts);
    if (st != NPC_OK) {
        l->pool.n = qs; /* the question is not added */
        return st;
    }
    l->qstart[l->nq] = qs;
    l->tstart[l->nq] = ts;
    l->nq++;
    l->qstart[l->nq] = l->pool.n;
    return NPC_OK;
}

npc_status npc_assoc_learner_law(npc_assoc_learner *l, const char *key, size_t len, npc_err *err)
{
    if (l->nq > 0 && len > 0 && !tally_count(&l->laws, l->nq, key, len)) {
        return npc_fail(err, NPC_ENOMEM, "learner");
    }
    return NPC_OK;
}

npc_status npc_assoc_learner_doc(npc_assoc_learner *l, const char *id, size_t len, npc_err *err)
{
    if (l->nq > 0 && len > 0 && !tally_count(&l->docs, l->nq, id, len)) {
        return npc_fail(err, NPC_ENOMEM, "learner");
    }
    return NPC_OK;
}

/* ---- the model ---------------------------------------------------------------------------- */

typedef struct src_entry {
    char *term;
    size_t first, n; /* its targets in npc_assoc.targets */
} src_entry;

struct npc_assoc {
    src_entry *src; /* sorted by term */
    size_t nsrc;
    npc_assoc_target *targets; /* term strings owned */
    size_t ntargets;
    size_t questions;
    npc_assoc_count *laws; /* sorted by key; keys owned */
    size_t nlaws;
    npc_assoc_count *docs; /* sorted by id; ids owned */
    size_t ndocs;
};

void npc_assoc_free(npc_assoc *m)
{
    if (m == NULL) {
        return;
    }
    for (size_t i = 0; i < m->nsrc; i++) {
        free(m->src[i].term);
    }
    for (size_t i = 0; i < m->ntargets; i++) {
        free((char *)m->targets[i].term);
    }
    for (size_t i = 0; i < m->nlaws; i++) {
        free((char *)m->laws[i].key);
    }
    for (size_t i = 0; i < m->ndocs; i++) {
        free((char *)m->docs[i].key);
    }
    free(m->laws);
    free(m->docs);
    free(m->src);
    free(m->targets);
    free(m);
}

size_t npc_assoc_size(const npc_assoc *m)
{
    return m ? m->nsrc : 0;
}

size_t npc_assoc_questions(const npc_assoc *m)
{
    return m ? m->questions : 0;
}

size_t npc_assoc_laws(const npc_assoc *m, const npc_assoc_count **out)
{
    *out = m ? m->laws : NULL;
    return m ? m->nlaws : 0;
}

size_t npc_assoc_docs(const npc_assoc *m, const npc_assoc_count **out)
{
    *out = m ? m->docs : NULL;
    return m ? m->ndocs : 0;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const npc_assoc_count *)a)->key, ((const npc_assoc_count *)b)->key);
}

/* Appends key[0..len) with count to the array *v of *n; 0 when out of memory. */
static int add_count(npc_assoc_count **v, size_t *n, size_t *cap, const char *key, size_t len,
                     unsigned count)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        npc_assoc_count *p = realloc(*v, nc * sizeof *p);
        if (p == NULL) {
            return 0;
        }
        *v = p;
        *cap = nc;
    }
    char *k = strndup(key, len);
    if (k == NULL) {
        return 0;
    }
    (*v)[(*n)++] = (npc_assoc_count){k, count};
    return 1;
}

static void sort_counts(npc_assoc_count *v, size_t n)
{
    if (n > 1) {
        qsort(v, n, sizeof *v, cmp_key);
    }
}

/* Sorts v[0..n) by key; 1 (and err says which, with status st) when a key appears twice. */
static int keys_repeat(npc_assoc_count *v, size_t n, const char *what, npc_status st, npc_err *err)
{
    sort_counts(v, n);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(v[i - 1].key, v[i].key) == 0) {
            npc_fail(err, st, "model %s %s appears twice", what, v[i].key);
            return 1;
        }
    }
    return 0;
}

/* keys_repeat over m's laws and documents. */
static int laws_repeat(npc_assoc *m, npc_status st, npc_err *err)
{
    return keys_repeat(m->laws, m->nlaws, "law", st, err) ||
           keys_repeat(m->docs, m->ndocs, "document", st, err);
}

/* Appends to *v (of *n) the keys of t counted at least min times, sorted; 0 when out of memory. */
static int keep_tally(const tally *t, unsigned min, npc_assoc_count **v, size_t *n)
{
    size_t cap = 0;
    for (size_t i = 0; i < t->keys.n; i++) {
        if (t->q.v[i] >= min &&
            !add_count(v, n, &cap, t->keys.str[i], strlen(t->keys.str[i]), t->q.v[i])) {
            return 0;
        }
    }
    sort_counts(*v, *n); /* interned: no key repeats */
    return 1;
}

npc_status npc_assoc_of_laws(const npc_assoc_count *laws, size_t n, npc_assoc **out, npc_err *err)
{
    *out = NULL;
    npc_assoc *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return npc_fail(err, NPC_ENOMEM, "model");
    }
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        if (!add_count(&m->laws, &m->nlaws, &cap, laws[i].key, strlen(laws[i].key),
                       laws[i].count)) {
            npc_assoc_free(m);
            return npc_fail(err, NPC_ENOMEM, "model");
        }
    }
    if (laws_repeat(m, NPC_EINVAL, err)) {
        npc_assoc_free(m);
        return NPC_EINVAL;
    }
    *out = m;
    return NPC_OK;
}

size_t npc_assoc_lookup(const npc_assoc *m, const char *term, size_t len,
                        const npc_assoc_target **out)
{
    *out = NULL;
    if (m == NULL) {
        return 0;
    }
    size_t lo = 0, hi = m->nsrc;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *s = m->src[mid].term;
        int c = strncmp(s, term, len);
        if (c == 0 && s[len] != '\0') {
            c = 1;
        }
        if (c == 0) {
            *out = m->targets + m->src[mid].first;
            return m->src[mid].n;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

/* A candidate pair while learning. */
typedef struct cand {
    uint32_t q, t;
    double w;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->q != y->q) {
        return x->q < y->q ? -1 : 1;
    }
    return x->w > y->w ? -1 : x->w < y->w;
}

static double xlogx_term(double k, double n, double row, double col)
{
    return k > 0 ? k * log(k * n / (row * col)) : 0.0;
}

/* Dunning's G² of the 2×2 table (c, a-c; b-c, n-a-b+c). */
static double g2(double c, double a, double b, double n)
{
    double k12 = a - c, k21 = b - c, k22 = n - a - b + c;
    return 2.0 * (xlogx_term(c, n, a, b) + xlogx_term(k12, n, a, n - b) +
                  xlogx_term(k21, n, n - a, b) + xlogx_term(k22, n, n - a, n - b));
}

static int cmp_src(const void *a, const void *b)
{
    return strcmp(((const src_entry *)a)->term, ((const src_entry *)b)->term);
}

/* Builds a model from candidates sorted by (q, weight desc), keeping top_k per q. */
static npc_status build_model(const interner *words, cand *c, size_t nc, unsigned top_k,
                              size_t questions, npc_assoc **out, npc_err *err)
{
    npc_assoc *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return npc_fail(err, NPC_ENOMEM, "model");
    }
    m->questions = questions;
    m->src = calloc(nc + 1, sizeof *m->src);
    m->targets = calloc(nc + 1, sizeof *m->targets);
    if (m->src == NULL || m->targets == NULL) {
        npc_assoc_free(m);
        return npc_fail(err, NPC_ENOMEM, "model");
    }
    for (size_t i = 0; i < nc;) {
        size_t j = i;
        while (j < nc && c[j].q == c[i].q) {
            j++;
        }
        src_entry *e = &m->src[m->nsrc];
        if ((e->term = strdup(words->str[c[i].q])) == NULL) {
            npc_assoc_free(m);
            return npc_fail(err, NPC_ENOMEM, "model");
        }
        m->nsrc++;
        e->first = m->ntargets;
        for (size_t k = i; k < j && k - i < top_k; k++) {
            npc_assoc_target *t = &m->targets[m->ntargets];
            if ((t->term = strdup(words->str[c[k].t])) == NULL) {
                npc_assoc_free(m);
                return npc_fail(err, NPC_ENOMEM, "model");
            }
            t->weight = c[k].w;
            m->ntargets++;
            e->n++;
        }
        i = j;
    }
    if (m->nsrc > 1) {
        qsort(m->src, m->nsrc, sizeof *m->src, cmp_src);
    }
    *out = m;
    return NPC_OK;
}

npc_status npc_assoc_learn(const npc_assoc_learner *l, const npc_assoc_params *p, npc_assoc **out,
                           npc_err *err)
{
    *out = NULL;
    if (p->min_count < 2 || p->top_k == 0) {
        return npc_fail(err, NPC_EINVAL, "min count must be at least 2 and top_k at least 1");
    }
    size_t nw = l->words.n, n = l->nq;
    uint32_t *a = calloc(nw + 1, sizeof *a), *b = calloc(nw + 1, sizeof *b);
    /* pair counts: key (q << 32 | t) + 1 */
    size_t slots = 1 << 16, used = 0;
    uint64_t *key = calloc(slots, sizeof *key);
    uint32_t *cnt = calloc(slots, sizeof *cnt);
    cand *c = NULL;
    size_t nc = 0;
    npc_status st = NPC_OK;
    if (a == NULL || b == NULL || key == NULL || cnt == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "learner");
    }
    for (size_t i = 0; st == NPC_OK && i < n; i++) {
        const uint32_t *qv = l->pool.v + l->qstart[i], *tv = l->pool.v + l->tstart[i];
        size_t nqw = l->tstart[i] - l->qstart[i], ntw = l->qstart[i + 1] - l->tstart[i];
        for (size_t x = 0; x < nqw; x++) {
            a[qv[x]]++;
        }
        for (size_t y = 0; y < ntw; y++) {
            b[tv[y]]++;
        }
        for (size_t x = 0; st == NPC_OK && x < nqw; x++) {
            for (size_t y = 0; y < ntw; y++) {
                if (qv[x] == tv[y]) {
                    continue;
                }
                if ((used + 1) * 2 > slots) {
                    size_t ns = slots * 2;
                    uint64_t *nk = calloc(ns, sizeof *nk);
                    uint32_t *ncnt = calloc(ns, sizeof *ncnt);
                    if (nk == NULL || ncnt == NULL) {
                        free(nk);
                        free(ncnt);
                        st = npc_fail(err, NPC_ENOMEM, "learner");
                        break;
                    }
                    for (size_t s = 0; s < slots; s++) {
                        if (key[s] != 0) {
                            size_t h = (size_t)(key[s] * 0x9E3779B97F4A7C15ULL >> 20) & (ns - 1);
                            while (nk[h] != 0) {
                                h = (h + 1) & (ns - 1);
                            }
                            nk[h] = key[s];
                            ncnt[h] = cnt[s];
                        }
                    }
                    free(key);
                    free(cnt);
                    key = nk;
                    cnt = ncnt;
                    slots = ns;
                }
                uint64_t k = (((uint64_t)qv[x] << 32) | tv[y]) + 1;
                size_t h = (size_t)(k * 0x9E3779B97F4A7C15ULL >> 20) & (slots - 1);
                while (key[h] != 0 && key[h] != k) {
                    h = (h + 1) & (slots - 1);
                }
                if (key[h] == 0) {
                    key[h] = k;
                    used++;
                }
                cnt[h]++;
            }
        }
    }
    size_t ccap = 0;
    for (size_t s = 0; st == NPC_OK && s < slots; s++) {
        if (key[s] == 0 || cnt[s] < p->min_count) {
            continue;
        }
        uint32_t q = (uint32_t)((key[s] - 1) >> 32), t = (uint32_t)((key[s] - 1) & 0xffffffffu);
        double cc = cnt[s], aa = a[q], bb = b[t], nn = (double)n;
        double base = bb / nn, conf = cc / aa;
        if (conf <= base || bb >= nn || g2(cc, aa, bb, nn) < p->min_g2) {
            continue;
        }
        if (nc == ccap) {
            ccap = ccap ? ccap * 2 : 4096;
            cand *np = realloc(c, ccap * sizeof *np);
            if (np == NULL) {
                st = npc_fail(err, NPC_ENOMEM, "learner");
                break;
            }
            c = np;
        }
        c[nc++] = (cand){q, t, (conf - base) / (1.0 - base)};
    }
    if (st == NPC_OK) {
        if (nc > 1) {
            qsort(c, nc, sizeof *c, cmp_cand);
        }
        st = build_model(&l->words, c, nc, p->top_k, n, out, err);
    }
    /* the laws and the documents that answered at least min_count questions */
    if (st == NPC_OK && (!keep_tally(&l->laws, p->min_count, &(*out)->laws, &(*out)->nlaws) ||
                         !keep_tally(&l->docs, p->min_count, &(*out)->docs, &(*out)->ndocs))) {
        st = npc_fail(err, NPC_ENOMEM, "learner");
    }
    if (st != NPC_OK) {
        npc_assoc_free(*out);
        *out = NULL;
    }
    free(a);
    free(b);
    free(key);
    free(cnt);
    free(c);
    return st;
}

/* ---- text format -------------------------------------------------------------------------- */

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static int sbuf_add(sbuf *b, const char *s, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len + 1) {
            cap *= 2;
        }
        char *p = realloc(b->s, cap);
        if (p == NULL) {
            return 0;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, len);
    b->n += len;
    b->s[b->n] = '\0';
    return 1;
}

npc_status npc_assoc_serialize(const npc_assoc *m, char **out, size_t *out_len, npc_err *err)
{
    sbuf b = {0};
    char num[64];
    int ok = 1;
    int nl = snprintf(num, sizeof num, "npc.assoc 3 %zu\n", m->questions);
    ok &= sbuf_add(&b, num, (size_t)nl);
    for (size_t i = 0; ok && i < m->nlaws + m->ndocs; i++) {
        const npc_assoc_count *c = i < m->nlaws ? &m->laws[i] : &m->docs[i - m->nlaws];
        nl = snprintf(num, sizeof num, "\t%u\n", c->count);
        ok &= sbuf_add(&b, i < m->nlaws ? "=" : "+", 1) && sbuf_add(&b, c->key, strlen(c->key)) &&
              sbuf_add(&b, num, (size_t)nl);
    }
    for (size_t i = 0; ok && i < m->nsrc; i++) {
        const src_entry *e = &m->src[i];
        ok &= sbuf_add(&b, e->term, strlen(e->term));
        for (size_t k = 0; ok && k < e->n; k++) {
            const npc_assoc_target *t = &m->targets[e->first + k];
            ok &= sbuf_add(&b, "\t", 1) && sbuf_add(&b, t->term, strlen(t->term));
            nl = snprintf(num, sizeof num, "\t%.4g", t->weight);
            ok &= sbuf_add(&b, num, (size_t)nl);
        }
        ok &= sbuf_add(&b, "\n", 1);
    }
    if (!ok) {
        free(b.s);
        return npc_fail(err, NPC_ENOMEM, "model");
    }
    *out = b.s;
    *out_len = b.n;
    return NPC_OK;
}

npc_status npc_assoc_load(const char *text, size_t len, npc_assoc **out, npc_err *err)
{
    *out = NULL;
    npc_assoc *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return npc_fail(err, NPC_ENOMEM, "model");
    }
    size_t srccap = 0, tcap = 0, lawcap = 0, doccap = 0, lineno = 0;
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < len;) {
        const char *line = text + i;
        const char *end = memchr(line, '\n', len - i);
        size_t ll = end ? (size_t)(end - line) : len - i;
        i += ll + (end != NULL);
        lineno++;
        if (ll == 0) {
            continue;
        }
        if (lineno == 1) {
            char head[64];
            size_t q = 0;
            if (ll >= sizeof head) {
                st = npc_fail(err, NPC_EFORMAT, "model line 1 is not an npc.assoc header");
                break;
            }
            memcpy(head, line, ll);
            head[ll] = '\0';
            if (sscanf(head, "npc.assoc 1 %zu", &q) != 1 &&
                sscanf(head, "npc.assoc 2 %zu", &q) != 1 &&
                sscanf(head, "npc.assoc 3 %zu", &q) != 1) {
                st =
                    npc_fail(err, NPC_EFORMAT, "model line 1 is not an npc.assoc 1, 2 or 3 header");
            }
            m->questions = q;
            continue;
        }
        const char *f = line, *le = line + ll;
        if (line[0] == '=' || line[0] == '+') { /* =LAW\tQUESTIONS, +ID\tQUESTIONS */
            const char *tab = memchr(f, '\t', ll);
            char nb[16];
            char *endp = NULL;
            size_t nlen = tab ? (size_t)(le - tab - 1) : 0;
            unsigned long count = 0;
            if (tab != NULL && tab > f + 1 && nlen > 0 && nlen < sizeof nb) {
                memcpy(nb, tab + 1, nlen);
                nb[nlen] = '\0';
                count = strtoul(nb, &endp, 10);
            }
            int law = line[0] == '=';
            if (count == 0 || count > UINT32_MAX || *endp != '\0') {
                st = npc_fail(err, NPC_EFORMAT, "model line %zu is not %s<TAB>QUESTIONS", lineno,
                              law ? "=LAW" : "+ID");
            } else if (!add_count(law ? &m->laws : &m->docs, law ? &m->nlaws : &m->ndocs,
                                  law ? &lawcap : &doccap, f + 1, (size_t)(tab - f - 1),
                                  (unsigned)count)) {
                st = npc_fail(err, NPC_ENOMEM, "model");
            }
            continue;
        }
        /* WORD (\tTARGET\tWEIGHT)+ */
        const char *tab = memchr(f, '\t', (size_t)(le - f));
        if (tab == NULL || tab == f) {
            st = npc_fail(err, NPC_EFORMAT, "model line %zu has no word and targets", lineno);
            break;
        }
        if (m->nsrc == srccap) {
            srccap = srccap ? srccap * 2 : 1024;
            src_entry *p = realloc(m->src, srccap * sizeof *p);
            if (p == NULL) {
                st = npc_fail(err, NPC_ENOMEM, "model");
                break;
            }
            m->src = p;
        }
        src_entry *e = &m->src[m->nsrc];
        e->first = m->ntargets;
        e->n = 0;
        if ((e->term = strndup(f, (size_t)(tab - f))) == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "model");
            break;
        }
        m->nsrc++;
        f = tab + 1;
        while (st == NPC_OK && f < le) {
            const char *t2 = memchr(f, '\t', (size_t)(le - f));
            if (t2 == NULL || t2 == f) {
                st =
                    npc_fail(err, NPC_EFORMAT, "model line %zu: a target without a weight", lineno);
                break;
            }
            const char *w = t2 + 1;
            const char *we = memchr(w, '\t', (size_t)(le - w));
            we = we ? we : le;
            char wb[32];
            char *endp = NULL;
            if ((size_t)(we - w) == 0 || (size_t)(we - w) >= sizeof wb) {
                st = npc_fail(err, NPC_EFORMAT, "model line %zu: a bad weight", lineno);
                break;
            }
            memcpy(wb, w, (size_t)(we - w));
            wb[we - w] = '\0';
            double weight = strtod(wb, &endp);
            if (*endp != '\0' || !(weight > 0 && weight <= 1)) {
                st = npc_fail(err, NPC_EFORMAT, "model line %zu: weight %s is not in (0, 1]",
                              lineno, wb);
                break;
            }
            if (m->ntargets == tcap) {
                tcap = tcap ? tcap * 2 : 4096;
                npc_assoc_target *p = realloc(m->targets, tcap * sizeof *p);
                if (p == NULL) {
                    st = npc_fail(err, NPC_ENOMEM, "model");
                    break;
                }
                m->targets = p;
            }
            char *term = strndup(f, (size_t)(t2 - f));
            if (term == NULL) {
                st = npc_fail(err, NPC_ENOMEM, "model");
                break;
            }
            m->targets[m->ntargets++] = (npc_assoc_target){term, weight};
            e->n++;
            f = we < le ? we + 1 : le;
        }
    }
    if (st != NPC_OK) {
        npc_assoc_free(m);
        return st;
    }
    if (m->nsrc > 1) {
        qsort(m->src, m->nsrc, sizeof *m->src, cmp_src);
    }
    if (laws_repeat(m, NPC_EFORMAT, err)) {
        npc_assoc_free(m);
        return NPC_EFORMAT;
    }
    for (size_t i = 1; i < m->nsrc; i++) {
        if (strcmp(m->src[i - 1].term, m->src[i].term) == 0) {
            npc_fail(err, NPC_EFORMAT, "model word %s appears twice", m->src[i].term);
            npc_assoc_free(m);
            return NPC_EFORMAT;
        }
    }
    *out = m;
    return NPC_OK;
}

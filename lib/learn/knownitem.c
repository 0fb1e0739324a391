/*
 * knownitem.c — simulated known-item queries (knownitem.h): a genre's documents in a seeded
 * random order, a passage of each, words sampled by tf·idf; then each query asked with no filter
 * and its source document's rank recorded.
 */
#include "learn/knownitem.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "index/docdata.h"
#include "index/schema.h"
#include "text/analyzer.h"
#include "text/fold.h"
#include "xapian-c/xc.h"

#define PASSAGE_CHARS 150 /* a passage's length before it is widened to sentence ends */
#define SNAP_CHARS 60     /* how far a passage's ends move to reach a sentence end */
#define MAX_DF_SHARE 0.05 /* words in more documents than this share are too common to recall */
#define MAX_CANDIDATES 512
#define HITS 10

static const char *const genre_types[NPC_KNOWNITEM_NGENRES] = {NPC_TYPE_ARTICLE, NPC_TYPE_REPORT,
                                                               NPC_TYPE_FEEDBACK};

const char *npc_knownitem_genre_name(npc_knownitem_genre g)
{
    return g < NPC_KNOWNITEM_NGENRES ? genre_types[g] : "";
}

/* ---- random numbers: splitmix64 (Steele, Lea & Flood 2014) ----------------------------- */

static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in 0..n-1 (n > 0); the modulo's bias is below 2^-40 for the sizes used here. */
static size_t random_below(uint64_t *state, size_t n)
{
    return (size_t)(next_random(state) % n);
}

/* Uniform in [0, 1). */
static double random_unit(uint64_t *state)
{
    return (double)(next_random(state) >> 11) * 0x1p-53;
}

/* ---- the set ---------------------------------------------------------------------------- */

struct npc_knownitem_set {
    npc_knownitem_query *queries; /* their strings malloc'd, owned here */
    size_t n;
};

size_t npc_knownitem_count(const npc_knownitem_set *set)
{
    return set->n;
}

const npc_knownitem_query *npc_knownitem_get(const npc_knownitem_set *set, size_t i)
{
    return &set->queries[i];
}

void npc_knownitem_free(npc_knownitem_set *set)
{
    if (set == NULL) {
        return;
    }
    for (size_t i = 0; i < set->n; i++) {
        free((char *)set->queries[i].query);
        free((char *)set->queries[i].source_id);
    }
    free(set->queries);
    free(set);
}

/* Adds a query, taking query and id (malloc'd, NULL when memory ran out) whatever happens. */
static npc_status set_add(npc_knownitem_set *set, npc_knownitem_genre g, char *query, size_t nwords,
                          char *id, npc_err *err)
{
    npc_knownitem_query *q =
        query != NULL && id != NULL ? realloc(set->queries, (set->n + 1) * sizeof *q) : NULL;
    if (q == NULL) {
        free(query);
        free(id);
        return npc_fail(err, NPC_ENOMEM, "known-item query %zu", set->n + 1);
    }
    set->queries = q;
    q[set->n++] = (npc_knownitem_query){g, query, nwords, id};
    return NPC_OK;
}

/* ---- a genre's documents ---------------------------------------------------------------- */

static int cmp_docid(const void *a, const void *b)
{
    xc_docid x = *(const xc_docid *)a, y = *(const xc_docid *)b;
    return x < y ? -1 : x > y;
}

/* The documents of type `type`, in docid order: *out (malloc'd, caller frees) and *n. */
static npc_status genre_docs(xc_db *db, const char *type, xc_docid **out, size_t *n, npc_err *err)
{
    *out = NULL;
    *n = 0;
    char term[64];
    size_t tl = npc_term(term, sizeof term, NPC_P_TYPE, type, strlen(type));
    uint32_t tf = 0;
    npc_status st = xc_db_termfreq(db, term, tl, &tf, err);
    if (st != NPC_OK || tf == 0) {
        return st;
    }
    xc_query *q = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    st = xc_query_term(term, tl, 1, &q, err);
    if (st == NPC_OK) {
        st = xc_enquire_new(db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, tf, tf, &m, err);
    }
    if (st == NPC_OK && (*out = malloc((xc_mset_size(m) + 1) * sizeof **out)) == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "the %u documents of type %s", tf, type);
    }
    if (st == NPC_OK) {
        *n = xc_mset_size(m);
        for (size_t i = 0; i < *n; i++) {
            (*out)[i] = xc_mset_docid(m, (uint32_t)i);
        }
        qsort(*out, *n, sizeof **out, cmp_docid); /* the hits' order is no contract */
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(q);
    return st;
}

/* ---- a passage and its words ------------------------------------------------------------ */

static int sentence_end(uint32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == '\n'; /* 。！？；*/
}

/* The byte offset of the code point after the first sentence end in at most SNAP_CHARS code
 * points from byte i of text, or i when there is none. */
static size_t snap_to_sentence(const char *text, size_t len, size_t i)
{
    size_t j = i;
    for (int k = 0; k < SNAP_CHARS && j < len; k++) {
        if (sentence_end(npc_utf8_next(text, &j))) {
            return j;
        }
    }
    return i;
}

/* The byte offset of code point `chars` of text (len when it has fewer). */
static size_t char_offset(const char *text, size_t len, size_t chars)
{
    size_t i = 0;
    for (size_t k = 0; k < chars && i < len; k++) {
        npc_utf8_next(text, &i);
    }
    return i;
}

/* A random passage of text[0..len): [*start, *end) in bytes; the whole text when it is short. */
static void pick_passage(const char *text, size_t len, uint64_t *rng, size_t *start, size_t *end)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; chars++) {
        npc_utf8_next(text, &i);
    }
    *start = 0;
    *end = len;
    if (chars <= PASSAGE_CHARS) {
        return;
    }
    size_t from = random_below(rng, chars - PASSAGE_CHARS + 1);
    *start = from > 0 ? snap_to_sentence(text, len, char_offset(text, len, from)) : 0;
    size_t to = *start + char_offset(text + *start, len - *start, PASSAGE_CHARS);
    *end = to < len ? snap_to_sentence(text, len, to) : len;
}

/* A word a person could recall and type: not a bigram, a numbering or a number (2,160, 3.5),
 * more than one character (no single Chinese character), not too long to be a term. */
static int typable(const npc_analysis *an, const npc_token *t)
{
    if (t->kind == NPC_TOK_BIGRAM || t->kind == NPC_TOK_NUMBERING || t->term_len > NPC_TERM_MAX) {
        return 0;
    }
    const char *term = npc_token_term(an, t);
    size_t i = 0, chars = 0, letters = 0;
    for (; i < t->term_len; chars++) {
        uint32_t c = npc_utf8_next(term, &i);
        letters += (c >= 'a' && c <= 'z') || c >= 0x80;
    }
    return letters > 0 && chars > 1;
}

typedef struct candidate {
    const char *term; /* borrowed from the analysis */
    size_t len;
    unsigned tf;
    double weight; /* tf × idf; 0 once sampled */
} candidate;

/* The passage's typable words, each once, in order of first occurrence, with their tf·idf,
 * leaving out those in more than MAX_DF_SHARE of the n documents or in none. */
static npc_status candidates_of(const xc_db *db, uint32_t ndocs, const npc_analysis *an,
                                candidate *c, size_t *nc, npc_err *err)
{
    *nc = 0;
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        if (!typable(an, t)) {
            continue;
        }
        const char *term = npc_token_term(an, t);
        size_t k = 0;
        while (k < *nc && !(c[k].len == t->term_len && memcmp(c[k].term, term, c[k].len) == 0)) {
            k++;
        }
        if (k < *nc) {
            c[k].tf++;
        } else if (*nc < MAX_CANDIDATES) {
            c[(*nc)++] = (candidate){term, t->term_len, 1, 0};
        }
    }
    size_t kept = 0;
    for (size_t k = 0; k < *nc; k++) {
        uint32_t df = 0;
        npc_status st = xc_db_termfreq(db, c[k].term, c[k].len, &df, err);
        if (st != NPC_OK) {
            return st;
        }
        if (df > 0 && df <= MAX_DF_SHARE * ndocs) {
            c[k].weight = c[k].tf * log((double)ndocs / df);
            c[kept++] = c[k];
        }
    }
    *nc = kept;
    return NPC_OK;
}

/* Samples k of the nc candidates without replacement, each with probability proportional to
 * its weight, marking the chosen (chosen[i] = 1). */
static void sample_words(candidate *c, size_t nc, size_t k, uint64_t *rng, unsigned char *chosen)
{
    memset(chosen, 0, nc);
    for (size_t picked = 0; picked < k; picked++) {
        double total = 0;
        for (size_t i = 0; i < nc; i++) {
            total += chosen[i] ? 0 : c[i].weight;
        }
        double r = random_unit(rng) * total;
        size_t last = nc;
        for (size_t i = 0; i < nc; i++) {
            if (chosen[i]) {
                continue;
            }
            last = i;
            if ((r -= c[i].weight) < 0) {
                break;
            }
        }
        chosen[last] = 1; /* rounding past the end takes the last one left */
    }
}

/* The chosen candidates joined by spaces, in passage order (malloc'd; NULL without memory). */
static char *join_words(const candidate *c, size_t nc, const unsigned char *chosen)
{
    size_t len = 1;
    for (size_t i = 0; i < nc; i++) {
        len += chosen[i] ? c[i].len + 1 : 0;
    }
    char *q = malloc(len), *p = q;
    for (size_t i = 0; q != NULL && i < nc; i++) {
        if (chosen[i]) {
            if (p > q) {
                *p++ = ' ';
            }
            memcpy(p, c[i].term, c[i].len);
            p += c[i].len;
        }
    }
    if (q != NULL) {
        *p = '\0';
    }
    return q;
}

/* ---- one document's query --------------------------------------------------------------- */

typedef struct generator {
    xc_db *db;
    npc_analyzer *analyzer;
    uint32_t ndocs;
    const npc_knownitem_params *p;
    uint64_t rng;
    candidate cand[MAX_CANDIDATES];
    unsigned char chosen[MAX_CANDIDATES];
} generator;

/* Adds to set the query of document docid of genre g, or nothing when its passage holds fewer
 * than min_words typable words. */
static npc_status query_of_doc(generator *g, xc_docid docid, npc_knownitem_genre genre,
                               npc_knownitem_set *set, npc_err *err)
{
    char *data = NULL;
    size_t dlen = 0, tlen = 0, idlen = 0;
    npc_docdata *d = NULL;
    npc_status st = xc_db_doc_data(g->db, docid, &data, &dlen, err);
    if (st == NPC_OK) {
        st = npc_docdata_parse(data, dlen, &d, err);
    }
    free(data);
    const char *text = st == NPC_OK ? npc_docdata_str(d, NPC_FIELD_TEXT, &tlen) : NULL;
    const char *id = st == NPC_OK ? npc_docdata_str(d, NPC_FIELD_ID, &idlen) : NULL;
    if (text == NULL || id == NULL) {
        npc_docdata_free(d);
        return st;
    }
    unsigned span = g->p->max_words - g->p->min_words + 1;
    size_t k = g->p->min_words + random_below(&g->rng, span), start, end, nc = 0;
    pick_passage(text, tlen, &g->rng, &start, &end);
    npc_analysis an;
    st = npc_analyze(g->analyzer, text + start, end - start, 0, &an, err);
    if (st == NPC_OK) {
        st = candidates_of(g->db, g->ndocs, &an, g->cand, &nc, err);
    }
    k = k < nc ? k : nc;
    if (st == NPC_OK && k >= g->p->min_words) {
        sample_words(g->cand, nc, k, &g->rng, g->chosen);
        st = set_add(set, genre, join_words(g->cand, nc, g->chosen), k, strndup(id, idlen), err);
    }
    npc_docdata_free(d);
    return st;
}

/* Adds up to p->per_genre queries of genre g to set: its documents in a random order (a
 * Fisher-Yates shuffle drawn as far as needed), each tried once. */
static npc_status genre_queries(generator *g, npc_knownitem_genre genre, npc_knownitem_set *set,
                                npc_err *err)
{
    xc_docid *docs = NULL;
    size_t n = 0, made = 0;
    npc_status st = genre_docs(g->db, genre_types[genre], &docs, &n, err);
    for (size_t i = 0; st == NPC_OK && i < n && made < g->p->per_genre; i++) {
        size_t j = i + random_below(&g->rng, n - i);
        xc_docid pick = docs[j];
        docs[j] = docs[i];
        docs[i] = pick;
        size_t before = set->n;
        st = query_of_doc(g, pick, genre, set, err);
        made += set->n - before;
    }
    free(docs);
    return st;
}

npc_status npc_knownitem_generate(npc_searcher *s, const npc_knownitem_params *p,
                                  npc_knownitem_set **out, npc_err *err)
{
    *out = NULL;
    if (p->per_genre == 0 || p->min_words == 0 || p->min_words > p->max_words ||
        p->max_words > NPC_KNOWNITEM_MAX_WORDS) {
        return npc_fail(err, NPC_EINVAL, "known-item: %zu queries a genre of %u to %u words",
                        p->per_genre, p->min_words, p->max_words);
    }
    generator *g = calloc(1, sizeof *g);
    npc_knownitem_set *set = calloc(1, sizeof *set);
    if (g == NULL || set == NULL) {
        free(g);
        free(set);
        return npc_fail(err, NPC_ENOMEM, "known-item generator");
    }
    g->db = npc_searcher_db(s);
    g->analyzer = npc_searcher_analyzer(s);
    g->p = p;
    npc_status st = xc_db_doccount(g->db, &g->ndocs, err);
    for (int genre = 0; st == NPC_OK && genre < NPC_KNOWNITEM_NGENRES; genre++) {
        /* each genre its own stream: a genre's queries do not depend on the others' */
        g->rng = p->seed ^ (0xD1B54A32D192ED03u * (uint64_t)(genre + 1));
        st = genre_queries(g, (npc_knownitem_genre)genre, set, err);
    }
    free(g);
    if (st != NPC_OK) {
        npc_knownitem_free(set);
        return st;
    }
    *out = set;
    return NPC_OK;
}

/* ---- the run ---------------------------------------------------------------------------- */

/* The rank among the first HITS hits of query q with no filter of a hit of the item of id (a
 * passage's section: the unit the hits are collapsed to, schema.h npc_doc_item_len), 0 when
 * none is there. */
static npc_status rank_of(npc_searcher *s, const char *q, const char *id, unsigned *rank,
                          npc_err *err)
{
    npc_search_req r = {.q = q, .qlen = strlen(q), .limit = HITS, .no_snippets = 1};
    json_t *res = NULL;
    *rank = 0;
    npc_status st = npc_search(s, &r, &res, err);
    json_t *hits = json_object_get(res, "hits");
    for (size_t i = 0; st == NPC_OK && i < json_array_size(hits) && *rank == 0; i++) {
        const char *hit = json_string_value(json_object_get(json_array_get(hits, i), NPC_FIELD_ID));
        size_t item = npc_doc_item_len(id);
        *rank = hit != NULL && npc_doc_item_len(hit) == item && strncmp(hit, id, item) == 0
                    ? (unsigned)i + 1
                    : 0;
    }
    json_decref(res);
    return st;
}

void npc_knownitem_run(npc_searcher *s, const npc_knownitem_set *set, npc_knownitem_report report,
                       void *ctx, npc_knownitem_summary out[NPC_KNOWNITEM_NGENRES + 1])
{
    memset(out, 0, (NPC_KNOWNITEM_NGENRES + 1) * sizeof *out);
    npc_knownitem_summary *all = &out[NPC_KNOWNITEM_NGENRES];
    for (size_t i = 0; i < set->n; i++) {
        const npc_knownitem_query *q = &set->queries[i];
        npc_err err = {0};
        unsigned rank;
        npc_status st = rank_of(s, q->query, q->source_id, &rank, &err);
        npc_knownitem_summary *g = &out[q->genre];
        double rr = rank > 0 ? 1.0 / rank : 0;
        g->queries++, all->queries++;
        g->found10 += rank > 0, all->found10 += rank > 0;
        g->mrr10 += rr, all->mrr10 += rr;
        if (report != NULL) {
            npc_knownitem_result r = {q, st, &err, rank};
            report(ctx, &r);
        }
    }
    for (int k = 0; k <= NPC_KNOWNITEM_NGENRES; k++) {
        if (out[k].queries > 0) {
            out[k].found10 /= out[k].queries;
            out[k].mrr10 /= out[k].queries;
        }
    }
}

/*
 * query.c — a user's query → the Xapian query, the pins and what the snippet marks (see
 * query.h): the syntax taken apart (syntax.c), each phrase and exclusion a phrase query
 * (phrase.c), the free text weighed (plan.c) and its citations pinned (pins.c), the parts put
 * together here.
 */
#include "query/query.h"

#include <stdlib.h>
#include <string.h>

#include "query/query_int.h"

/* The free text: words, bigrams, citations and titles. */
static npc_status free_text(npc_query *nq, npc_analyzer *a, const xc_db *db,
                            const npc_query_aids *aids, const char *text, size_t len,
                            xc_query **out, npc_err *err)
{
    *out = NULL;
    npc_analysis an;
    npc_status st = npc_analyze(a, text, len, NPC_AN_BIGRAMS, &an, err);
    size_t end = 0;
    if (st == NPC_OK) {
        st = plan_free_text(nq, &an, db, aids, &end, out, err);
    }
    if (st == NPC_OK) {
        st = record_pair_words(nq, &an, end, err);
    }
    if (st == NPC_OK) {
        st = pins_of(nq, &an, npc_analyzer_lexicon(a), text, end, err);
    }
    return st;
}

/* Adds the phrase c to the OR group being built (a phrase not after OR closes the previous
 * group into required first).  With lean, a phrase of one term is left to the weights, which
 * require its term (phrase_weights). */
static npc_status add_phrase(npc_query *nq, npc_analyzer *a, const query_chunk *c, int lean,
                             qlist *group, qlist *required, npc_err *err)
{
    xc_query *p = NULL;
    int one_term = 0;
    npc_status st = phrase_query(nq, a, c->text, c->len, 1, &p, &one_term, err);
    if (st != NPC_OK || p == NULL) {
        return st;
    }
    nq->nphrases++;
    if (lean && one_term) {
        xc_query_free(p);
        return NPC_OK;
    }
    if (!c->or_before && group->n > 0) {
        xc_query *g = NULL;
        st = qlist_combine(group, XC_OP_OR, 0, &g, err);
        if (st == NPC_OK) {
            st = qlist_push(required, g, err);
        }
    }
    if (st != NPC_OK) {
        xc_query_free(p);
        return st;
    }
    return qlist_push(group, p, err);
}

/* The query of the syntax's parts: the required phrases AND_MAYBE the free text, less the
 * exclusions. */
static npc_status assemble(npc_query *nq, npc_analyzer *a, const xc_db *db,
                           const npc_query_aids *aids, const query_syntax *syn, xc_query **out,
                           npc_err *err)
{
    qlist required = {0}, group = {0}, excluded = {0};
    npc_status st = NPC_OK;
    int ors = 0;
    for (size_t i = 0; i < syn->nchunks; i++) {
        ors |= syn->chunks[i].or_before;
    }
    int lean = db != NULL && !ors; /* the weights can require every phrase's terms */
    for (size_t i = 0; st == NPC_OK && i < syn->nchunks; i++) {
        const query_chunk *c = &syn->chunks[i];
        if (c->excluded) {
            xc_query *x = NULL;
            st = phrase_query(nq, a, c->text, c->len, 0, &x, NULL, err);
            if (st == NPC_OK) {
                st = qlist_push(&excluded, x, err);
            }
        } else {
            st = add_phrase(nq, a, c, lean, &group, &required, err);
        }
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
    if (st == NPC_OK && syn->free_len > 0) {
        st = free_text(nq, a, db, aids, syn->free_text, syn->free_len, &ft, err);
    }
    if (st == NPC_OK) {
        st = qlist_combine(&excluded, XC_OP_OR, 0, &ex, err);
    }
    xc_query *w = NULL;
    if (st == NPC_OK && nq->nphrases > 0) {
        st = phrase_weights(nq, db, lean, &w, err);
    }
    if (w != NULL) { /* the phrases filter, their terms weigh as the phrases would */
        xc_query *ranked = NULL, *pair[2];
        st = and_maybe(st, w, ft, &ranked, err); /* takes w and ft */
        pair[0] = ranked;
        pair[1] = req;
        if (st == NPC_OK && req != NULL) {
            st = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &final, err);
            xc_query_free(ranked);
        } else {
            final = ranked;
        }
        xc_query_free(req);
    } else {
        st = and_maybe(st, req, ft, &final, err); /* takes req and ft */
    }
    if (st == NPC_OK && (final == NULL || xc_query_is_empty(final))) {
        st = ex ? npc_fail_reason(err, NPC_EQUERY, "only_exclusions",
                                  "a query cannot consist only of exclusions")
                : npc_fail_reason(err, NPC_EQUERY, "nothing_to_search",
                                  "the query has nothing to search for (no words or numbers)");
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
    if (st != NPC_OK) {
        xc_query_free(final);
        final = NULL;
    }
    *out = final;
    return st;
}

npc_status npc_query_parse(npc_analyzer *a, const xc_db *db, const char *q, size_t len,
                           npc_query **out, npc_err *err)
{
    return npc_query_parse_with(a, db, NULL, q, len, out, err);
}

/* 1 when q[0..len) holds a question mark, half or full width (npc_query_asks). */
static int has_question_mark(const char *q, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (q[i] == '?' || (i + 3 <= len && memcmp(q + i, "\xEF\xBC\x9F", 3) == 0)) {
            return 1;
        }
    }
    return 0;
}

npc_status npc_query_parse_with(npc_analyzer *a, const xc_db *db, const npc_assoc *m, const char *q,
                                size_t len, npc_query **out, npc_err *err)
{
    return npc_query_parse_aided(a, db, &(npc_query_aids){.model = m}, q, len, out, err);
}

npc_status npc_query_parse_aided(npc_analyzer *a, const xc_db *db, const npc_query_aids *aids,
                                 const char *q, size_t len, npc_query **out, npc_err *err)
{
    *out = NULL;
    if (len > NPC_QUERY_MAX_BYTES) {
        return npc_fail_reason(err, NPC_ETOOBIG, "query_too_long",
                               "query of %zu bytes is over the limit of %d bytes", len,
                               NPC_QUERY_MAX_BYTES);
    }
    size_t bad;
    if (!npc_utf8_valid(q, len, &bad)) {
        return npc_fail(err, NPC_EUTF8, "query is not valid UTF-8 at byte %zu", bad);
    }
    npc_query *nq = calloc(1, sizeof *nq);
    if (nq == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    nq->asks = has_question_mark(q, len);
    query_syntax syn;
    npc_status st = query_syntax_parse(q, len, &syn, err);
    if (st == NPC_OK) {
        st = assemble(nq, a, db, aids != NULL ? aids : &(npc_query_aids){0}, &syn, &nq->q, err);
        query_syntax_release(&syn);
    }
    if (st != NPC_OK) {
        npc_query_free(nq);
        return st;
    }
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
    xc_query_free(q->q);
    xc_query_free(q->pins);
    for (size_t i = 0; i < q->nwords; i++) {
        free(q->words[i]);
    }
    for (size_t i = 0; i < q->nbigrams; i++) {
        free(q->bigrams[i]);
    }
    for (size_t i = 0; i < q->npairs; i++) {
        free(q->pairs[i]);
    }
    for (size_t i = 0; i < q->nkeys; i++) {
        free(q->keys[i]);
    }
    for (size_t i = 0; i < q->nranked; i++) {
        free(q->ranked[i]);
    }
    free(q->ranked);
    free(q->words);
    free(q->bigrams);
    free(q->pairs);
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

size_t npc_query_pair_words(const npc_query *q, const char *const **out)
{
    *out = (const char *const *)q->pairs;
    return q->npairs;
}

size_t npc_query_citations(const npc_query *q, const npc_citation **out)
{
    *out = q->cites;
    return q->ncites;
}

const xc_bm25 *npc_query_bm25(const npc_query *q)
{
    return q != NULL && q->question ? &npc_bm25 : &npc_bm25_keywords;
}

int npc_query_is_question(const npc_query *q)
{
    return q->question;
}

size_t npc_query_unknown(const npc_query *q)
{
    return q->unknown;
}

int npc_query_asks(const npc_query *q)
{
    return q->asks;
}

int npc_query_has_phrases(const npc_query *q)
{
    return q->nphrases > 0;
}

/*
 * phrase.c — the query of a "phrase" or an -exclusion (see query_int.h): Xapian's phrase
 * operator over the terms the indexer stored with positions (analyzer.h, docs/schema.md).
 *
 * The phrase is analysed as the indexer analyses a field (NPC_AN_INDEX), and each of its
 * positions gives one term: a Chinese character the bigram it starts, or its run's end when the
 * run stops there; any other word itself.  At consecutive positions they match exactly where a
 * field of a document holds the phrase.  Where the phrase ends its last run is open (the text
 * may go on: 醉酒驾 is in 醉酒驾驶), so a last run's end is left out, and a last run of one
 * character after others asks for the character starting a run instead.  A phrase of one
 * character is every term that starts with it (its bigrams and its run's end).  White space
 * typed between two Chinese characters is taken out first: "个人信息 处理者" is the phrase
 * 个人信息处理者 (Chinese text puts no spaces between words); other white space and
 * punctuation stand for any separator.
 */
#include "query/query_int.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"

/* The term of position token t: a bigram or a run's edge with its prefix. */
static npc_status position_term(const npc_analysis *an, const npc_token *t, xc_query **out,
                                npc_err *err)
{
    const char *prefix = t->kind == NPC_TOK_RUN_START                              ? NPC_P_RUN_START
                         : t->kind == NPC_TOK_BIGRAM || t->kind == NPC_TOK_RUN_END ? NPC_P_BIGRAM
                                                                                   : "";
    return term_query(prefix, npc_token_term(an, t), t->term_len, 1, out, err);
}

/* Adds the prefixed term of position token t to the terms the phrases weigh by. */
static npc_status add_ranked(npc_query *nq, const npc_analysis *an, const npc_token *t,
                             npc_err *err)
{
    char buf[TERM_BUF];
    size_t len = prefixed(buf, t->kind == NPC_TOK_BIGRAM ? NPC_P_BIGRAM : "", npc_token_term(an, t),
                          t->term_len);
    return len ? add_string(&nq->ranked, &nq->nranked, buf, len, err) : NPC_OK;
}

/* The snippet's terms of the phrase: its bigrams when it is all Chinese (of two characters or
 * more), else its words. */
static npc_status highlight_terms(npc_query *nq, const npc_analysis *an, npc_err *err)
{
    int all_han = an->nwords > 0, bigrams = 0;
    for (size_t i = 0; i < an->ntokens; i++) {
        all_han &= an->tokens[i].kind != NPC_TOK_ALNUM && an->tokens[i].kind != NPC_TOK_NUMBERING;
        bigrams |= an->tokens[i].kind == NPC_TOK_BIGRAM;
    }
    int want = all_han && bigrams ? NPC_TOK_BIGRAM : -1;
    /* a two-character word, or two one-character words typed together, is marked whole */
    npc_status st = want == NPC_TOK_BIGRAM ? record_pair_words(nq, an, an->ntokens, err) : NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        const char *term = npc_token_term(an, t);
        if (want == NPC_TOK_BIGRAM && t->kind == NPC_TOK_BIGRAM &&
            !has_string(nq->bigrams, nq->nbigrams, term)) {
            st = add_string(&nq->bigrams, &nq->nbigrams, term, t->term_len, err);
        } else if (want < 0 && npc_token_is_word(t->kind) &&
                   !has_string(nq->words, nq->nwords, term)) {
            st = add_string(&nq->words, &nq->nwords, term, t->term_len, err);
        }
    }
    return st;
}

/* The last position of an's tokens (0 for none). */
static size_t last_position(const npc_analysis *an)
{
    size_t n = 0;
    for (size_t i = 0; i < an->ntokens; i++) {
        n = an->tokens[i].pos > n ? an->tokens[i].pos : n;
    }
    return n;
}

/* slot[p - 1]: the token that stands for position p, for p up to an's last position (NULL for
 * none: a word too long to be indexed). */
static void position_tokens(const npc_analysis *an, const npc_token **slot)
{
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        if (t->kind != NPC_TOK_HAN && t->kind != NPC_TOK_RUN_START) {
            slot[t->pos - 1] = t;
        }
    }
}

/* The phrase of positions slot[0..n): consecutive, the open end of its last run as above.  Its
 * terms that weigh (not runs' edges) are added to nq->ranked unless nq is NULL. */
static npc_status phrase_of(npc_query *nq, const npc_analysis *an, const npc_token **slot, size_t n,
                            xc_query **out, int *one_term, npc_err *err)
{
    *out = NULL;
    int last_alone = n > 0 && slot[n - 1] && slot[n - 1]->kind == NPC_TOK_RUN_END &&
                     !(n > 1 && slot[n - 2] && slot[n - 2]->kind == NPC_TOK_BIGRAM);
    if (n > 1 && !last_alone && slot[n - 1] && slot[n - 1]->kind == NPC_TOK_RUN_END) {
        n--; /* the last run goes on in the text, or not */
    }
    if (n == 1 && last_alone) {
        char buf[TERM_BUF];
        size_t len = prefixed(buf, NPC_P_BIGRAM, npc_token_term(an, slot[0]), slot[0]->term_len);
        return len ? xc_query_wildcard(buf, len, out, err) : NPC_OK;
    }
    qlist parts = {0};
    npc_status st = NPC_OK;
    for (size_t p = 0; st == NPC_OK && p < n; p++) {
        xc_query *q = NULL;
        if (slot[p] != NULL) {
            npc_token start = *slot[p];
            start.kind = NPC_TOK_RUN_START; /* the last character alone starts a run */
            st = position_term(an, p == n - 1 && last_alone ? &start : slot[p], &q, err);
        }
        if (st == NPC_OK && q != NULL && nq != NULL && slot[p]->kind != NPC_TOK_RUN_END) {
            st = add_ranked(nq, an, slot[p], err);
        }
        if (st == NPC_OK) {
            st = qlist_push(&parts, q, err);
        }
    }
    if (st != NPC_OK) {
        qlist_release(&parts);
        return st;
    }
    *one_term = n == 1 && parts.n == 1;
    return qlist_combine(&parts, XC_OP_PHRASE, (uint32_t)n, out, err);
}

npc_status phrase_weights(const npc_query *nq, const xc_db *db, int required, xc_query **out,
                          npc_err *err)
{
    *out = NULL;
    if (db == NULL || nq->nranked == 0) {
        return NPC_OK;
    }
    xc_cached_bm25_term *bt = calloc(nq->nranked, sizeof *bt);
    if (bt == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    size_t n = 0;
    for (size_t i = 0; i < nq->nranked; i++) {
        size_t k = 0;
        while (k < n && strcmp(bt[k].term, nq->ranked[i]) != 0) {
            k++;
        }
        if (k == n) {
            bt[n++] =
                (xc_cached_bm25_term){nq->ranked[i], strlen(nq->ranked[i]), 0, 0.0, 0, required};
        }
        bt[k].scale += 1.0; /* a phrase query weighs a term once for each place it takes */
    }
    /* weighed as the free text is: a query has one set of BM25 parameters */
    npc_status st = xc_query_cached_bm25(db, bt, n, npc_query_bm25(nq), out, err);
    free(bt);
    return st;
}

/* text[0..len) (valid UTF-8) into buf (room for len bytes) without the white space between
 * two Chinese characters; returns the length written. */
static size_t join_chinese(const char *text, size_t len, char *buf)
{
    size_t n = 0;
    int after_han = 0;
    for (size_t i = 0; i < len;) {
        size_t w = npc_space_len(text, i, len), j = i;
        while (w > 0 && j < len) {
            j += w;
            w = j < len ? npc_space_len(text, j, len) : 0;
        }
        size_t k = j;
        int before_han = j < len && npc_is_han(npc_utf8_next(text, &k));
        if (j > i && !(after_han && before_han)) {
            memcpy(buf + n, text + i, j - i);
            n += j - i;
        }
        if (j < len) {
            memcpy(buf + n, text + j, k - j);
            n += k - j;
        }
        after_han = before_han;
        i = k;
    }
    return n;
}

npc_status phrase_query(npc_query *nq, npc_analyzer *a, const char *text, size_t len, int highlight,
                        xc_query **out, int *one_term, npc_err *err)
{
    *out = NULL;
    int one = 0;
    char *joined = malloc(len + 1);
    if (joined == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    npc_analysis an;
    npc_status st = npc_analyze(a, joined, join_chinese(text, len, joined), NPC_AN_INDEX, &an, err);
    size_t n = st == NPC_OK ? last_position(&an) : 0;
    const npc_token **slot = NULL;
    if (n > 0 && (slot = calloc(n, sizeof *slot)) == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "query");
    }
    if (st == NPC_OK && slot != NULL) {
        position_tokens(&an, slot);
        st = phrase_of(highlight ? nq : NULL, &an, slot, n, out, &one, err);
    }
    if (st == NPC_OK && highlight) {
        st = highlight_terms(nq, &an, err);
    }
    free(slot);
    free(joined);
    if (one_term != NULL) {
        *one_term = one;
    }
    return st;
}

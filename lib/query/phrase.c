/*
 * phrase.c — "phrases" and -exclusions: their boolean queries, and the check that a candidate's
 * text holds every required phrase (see query_int.h).  The index keeps no positions: a phrase
 * is an AND of its bigrams (or words), and the search checks each candidate's stored text.
 */
#include "query/query_int.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"

npc_status phrase_record(npc_query *nq, const char *text, size_t len, size_t group, npc_err *err)
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
npc_status phrase_query(npc_query *nq, npc_analyzer *a, const char *text, size_t len, int highlight,
                        xc_query **out, npc_err *err)
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
    if (st == NPC_OK && highlight && use_bigrams) {
        st = record_pair_words(nq, &an, an.ntokens, err);
    }
    if (st != NPC_OK) {
        qlist_release(&parts);
        return st;
    }
    return qlist_combine(&parts, XC_OP_AND, 0, out, err);
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

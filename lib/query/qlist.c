/*
 * qlist.c — the small builders the files of lib/query share: lists of queries combined into one,
 * prefixed term queries, string sets (see query_int.h).
 */
#include "query/query_int.h"

#include <stdlib.h>
#include <string.h>

npc_status qlist_push(qlist *l, xc_query *q, npc_err *err)
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

void qlist_release(qlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        xc_query_free(l->q[i]);
    }
    free(l->q);
    memset(l, 0, sizeof *l);
}

npc_status qlist_combine(qlist *l, enum xc_op op, uint32_t param, xc_query **out, npc_err *err)
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

int has_string(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], s) == 0) {
            return 1;
        }
    }
    return 0;
}

npc_status add_string(char ***v, size_t *n, const char *s, size_t len, npc_err *err)
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

size_t prefixed(char buf[TERM_BUF], const char *prefix, const char *term, size_t len)
{
    size_t pl = strlen(prefix);
    if (pl + len > TERM_BUF) {
        return 0;
    }
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, term, len);
    return pl + len;
}

npc_status term_query(const char *prefix, const char *term, size_t len, uint32_t wqf,
                      xc_query **out, npc_err *err)
{
    char buf[TERM_BUF];
    size_t n = prefixed(buf, prefix, term, len);
    *out = NULL;
    return n ? xc_query_term(buf, n, wqf, out, err) : NPC_OK;
}

npc_status and_maybe(npc_status st, xc_query *a, xc_query *b, xc_query **out, npc_err *err)
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

/* The number of characters of a Chinese word token (0 for any other token). */
static size_t han_chars(const npc_analysis *an, const npc_token *t)
{
    if (t->kind != NPC_TOK_HAN) {
        return 0;
    }
    const char *s = npc_token_term(an, t);
    size_t n = 0;
    for (size_t i = 0; i < t->term_len; i++) {
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return n;
}

/* Records the pair of one-character words a, b. */
static npc_status record_pair(npc_query *nq, const npc_analysis *an, const npc_token *a,
                              const npc_token *b, npc_err *err)
{
    char pair[16];
    size_t la = a->term_len, lb = b->term_len;
    if (la + lb >= sizeof pair) {
        return NPC_OK;
    }
    memcpy(pair, npc_token_term(an, a), la);
    memcpy(pair + la, npc_token_term(an, b), lb);
    pair[la + lb] = '\0';
    return has_string(nq->pairs, nq->npairs, pair)
               ? NPC_OK
               : add_string(&nq->pairs, &nq->npairs, pair, la + lb, err);
}

npc_status record_pair_words(npc_query *nq, const npc_analysis *an, size_t ntokens, npc_err *err)
{
    npc_status st = NPC_OK;
    const npc_token *first = NULL, *second = NULL,
                    *last = NULL; /* the run of one-character words */
    size_t nrun = 0;
    for (size_t i = 0; st == NPC_OK && i <= ntokens; i++) {
        const npc_token *t = i < ntokens ? &an->tokens[i] : NULL;
        if (t != NULL && !npc_token_is_word(t->kind)) {
            continue; /* bigrams, and the runs' edges a phrase's analysis adds */
        }
        size_t chars = t != NULL ? han_chars(an, t) : 0;
        if (chars == 1 && nrun > 0 && last->end == t->start) {
            second = nrun == 1 ? t : second;
            last = t;
            nrun++;
            continue;
        }
        if (nrun == 2) {
            st = record_pair(nq, an, first, second, err);
        }
        first = last = t;
        nrun = chars == 1;
        const char *term = t != NULL ? npc_token_term(an, t) : NULL;
        if (st == NPC_OK && chars == 2 && !has_string(nq->pairs, nq->npairs, term)) {
            st = add_string(&nq->pairs, &nq->npairs, term, t->term_len, err);
        }
    }
    return st;
}

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

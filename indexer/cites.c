/*
 * cites.c — a document's citations as terms and stored forms (see cites.h).
 */
#include "cites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_term(npc_cites *l, const char *term)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->terms[i], term) == 0) {
            return;
        }
    }
    if (l->n < sizeof l->terms / sizeof *l->terms) {
        snprintf(l->terms[l->n++], sizeof l->terms[0], "%s", term);
    }
}

int npc_cites_collect(const npc_cite *c, void *ctx)
{
    npc_cites *l = ctx;
    char t[sizeof l->terms[0]];
    size_t before = l->n;
    if (npc_cite_term(c->key, c->article, c->sub, t, sizeof t) != 0) {
        add_term(l, t);
        if (l->n > before && l->arr != NULL) {
            json_array_append_new(l->arr, json_string(t + strlen(NPC_P_CITES)));
        }
    }
    if (npc_cite_term(c->key, 0, 0, t, sizeof t) != 0) {
        add_term(l, t);
    }
    return 0;
}

npc_status npc_cites_add_terms(xc_doc *d, const npc_cites *l, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < l->n; i++) {
        st = xc_doc_add_boolean_term(d, l->terms[i], strlen(l->terms[i]), err);
    }
    return st;
}

int npc_cites_text_keep(const npc_cite *c, void *ctx)
{
    npc_cites_text *t = ctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        npc_cite *v = realloc(t->v, cap * sizeof *v);
        if (v == NULL) {
            t->oom = 1;
            return 1;
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n++] = *c;
    return 0;
}

void npc_cites_text_release(npc_cites_text *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

void npc_cites_text_between(const npc_cites_text *t, size_t from, size_t to, npc_cites *l)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->v[i].start >= from && t->v[i].start < to) {
            npc_cites_collect(&t->v[i], l);
        }
    }
}

/* cited.c — the most cited laws of an index (see cited.h). */
#include "learn/cited.h"

#include <stdlib.h>
#include <string.h>

#include "index/cite.h"
#include "index/schema.h"

typedef struct cited {
    npc_assoc_count *v; /* keys malloc'd */
    size_t n, cap;
    int oom;
} cited;

static int collect(const char *term, size_t len, uint32_t docs, void *ctx)
{
    cited *c = ctx;
    const char *key = NULL;
    size_t klen = 0;
    if (!npc_cite_term_law(term, len, &key, &klen)) {
        return 0;
    }
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 256;
        npc_assoc_count *p = realloc(c->v, nc * sizeof *p);
        if (p == NULL) {
            c->oom = 1;
            return 1;
        }
        c->v = p;
        c->cap = nc;
    }
    char *k = strndup(key, klen);
    if (k == NULL) {
        c->oom = 1;
        return 1;
    }
    c->v[c->n++] = (npc_assoc_count){k, docs};
    return 0;
}

/* Most cited first, then by key. */
static int cmp_cited(const void *a, const void *b)
{
    const npc_assoc_count *x = a, *y = b;
    if (x->count != y->count) {
        return x->count > y->count ? -1 : 1;
    }
    return strcmp(x->key, y->key);
}

npc_status npc_cited_read(const xc_db *db, size_t max, npc_assoc **out, npc_err *err)
{
    *out = NULL;
    cited c = {0};
    npc_status st = xc_db_all_terms(db, NPC_P_CITES, strlen(NPC_P_CITES), collect, &c, err);
    if (st == NPC_OK && c.oom) {
        st = npc_fail(err, NPC_ENOMEM, "cited laws");
    }
    if (st == NPC_OK) {
        if (c.n > 1) {
            qsort(c.v, c.n, sizeof *c.v, cmp_cited);
        }
        st = npc_assoc_of_laws(c.v, c.n < max ? c.n : max, out, err);
    }
    for (size_t i = 0; i < c.n; i++) {
        free((char *)c.v[i].key);
    }
    free(c.v);
    return st;
}

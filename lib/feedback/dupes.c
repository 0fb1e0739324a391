/*
 * dupes.c — near-duplicate suggestions by weighted Jaccard over the analyzer's words (see
 * dupes.h): each suggestion a sorted set of term hashes, the weights from the terms' document
 * frequencies among the suggestions, every pair compared, groups by union-find.
 */
#include "feedback/dupes.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/fnv.h"

/* One suggestion: its words' hashes, sorted and distinct. */
typedef struct item {
    uint64_t *h;
    size_t n;
} item;

struct npc_dupes {
    npc_analyzer *an;
    item *items;
    size_t n, cap;
    /* from npc_dupes_group or npc_dupes_similarity (weights_for: fresh while wn == n) */
    double **w; /* w[i][k]: the weight of term k of suggestion i */
    double *total;
    size_t wn;
    size_t *group; /* group of each of the first gn suggestions, from 1 */
    size_t gn;
    size_t *size; /* size[g - 1] */
    size_t ngroups;
};

npc_status npc_dupes_new(npc_analyzer *a, npc_dupes **out, npc_err *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL) {
        return npc_fail(err, NPC_ENOMEM, "duplicates");
    }
    (*out)->an = a;
    return NPC_OK;
}

static void drop_weights(npc_dupes *d)
{
    for (size_t i = 0; d->w != NULL && i < d->wn; i++) {
        free(d->w[i]);
    }
    free(d->w);
    free(d->total);
    d->w = NULL;
    d->total = NULL;
    d->wn = 0;
}

void npc_dupes_free(npc_dupes *d)
{
    if (d == NULL) {
        return;
    }
    drop_weights(d);
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].h);
    }
    free(d->items);
    free(d->group);
    free(d->size);
    free(d);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts h[0..n) and drops repeats; returns the count left. */
static size_t sort_unique(uint64_t *h, size_t n)
{
    qsort(h, n, sizeof *h, cmp_u64);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || h[k - 1] != h[i]) {
            h[k++] = h[i];
        }
    }
    return k;
}

npc_status npc_dupes_add(npc_dupes *d, const char *text, size_t len, npc_err *err)
{
    if (d->n >= NPC_DUPES_MAX) {
        return npc_fail(err, NPC_ETOOBIG, "more than %d suggestions to compare", NPC_DUPES_MAX);
    }
    npc_analysis an;
    npc_status st = npc_analyze(d->an, text, len, 0, &an, err); /* words: dupes.h */
    if (st != NPC_OK) {
        return st;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        item *items = realloc(d->items, cap * sizeof *items);
        if (items == NULL) {
            return npc_fail(err, NPC_ENOMEM, "duplicates");
        }
        d->items = items;
        d->cap = cap;
    }
    item it = {malloc((an.ntokens + 1) * sizeof *it.h), 0};
    if (it.h == NULL) {
        return npc_fail(err, NPC_ENOMEM, "duplicates");
    }
    for (size_t k = 0; k < an.ntokens; k++) {
        const npc_token *t = &an.tokens[k];
        if (npc_token_is_word(t->kind)) {
            it.h[it.n++] = npc_fnv1a64(npc_token_term(&an, t), t->term_len);
        }
    }
    it.n = sort_unique(it.h, it.n);
    d->items[d->n++] = it;
    return NPC_OK;
}

size_t npc_dupes_count(const npc_dupes *d)
{
    return d->n;
}

/* The document frequency of every term: (hash, df) pairs sorted by hash, *n of them. */
static npc_status term_df(const npc_dupes *d, uint64_t **hs, uint32_t **dfs, size_t *n,
                          npc_err *err)
{
    size_t all = 0;
    for (size_t i = 0; i < d->n; i++) {
        all += d->items[i].n;
    }
    uint64_t *h = malloc((all + 1) * sizeof *h);
    uint32_t *df = malloc((all + 1) * sizeof *df);
    if (h == NULL || df == NULL) {
        free(h);
        free(df);
        return npc_fail(err, NPC_ENOMEM, "duplicates");
    }
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++) {
        memcpy(h + k, d->items[i].h, d->items[i].n * sizeof *h);
        k += d->items[i].n;
    }
    qsort(h, all, sizeof *h, cmp_u64);
    size_t m = 0;
    for (size_t i = 0; i < all; i++) {
        if (m > 0 && h[m - 1] == h[i]) {
            df[m - 1]++;
        } else {
            h[m] = h[i];
            df[m++] = 1;
        }
    }
    *hs = h;
    *dfs = df;
    *n = m;
    return NPC_OK;
}

/* The weight of every term of every suggestion, unless they are fresh. */
static npc_status weights_for(npc_dupes *d, npc_err *err)
{
    if (d->w != NULL && d->wn == d->n) {
        return NPC_OK;
    }
    drop_weights(d);
    uint64_t *h = NULL;
    uint32_t *df = NULL;
    size_t nt = 0;
    npc_status st = term_df(d, &h, &df, &nt, err);
    if (st == NPC_OK && ((d->w = calloc(d->n + 1, sizeof *d->w)) == NULL ||
                         (d->total = calloc(d->n + 1, sizeof *d->total)) == NULL)) {
        st = npc_fail(err, NPC_ENOMEM, "duplicates");
    }
    for (size_t i = 0; st == NPC_OK && i < d->n; i++, d->wn = i) {
        const item *it = &d->items[i];
        if ((d->w[i] = malloc((it->n + 1) * sizeof **d->w)) == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "duplicates");
            break;
        }
        for (size_t k = 0; k < it->n; k++) {
            const uint64_t *at = bsearch(&it->h[k], h, nt, sizeof *h, cmp_u64);
            d->w[i][k] = log(1.0 + (double)d->n / df[at - h]);
            d->total[i] += d->w[i][k];
        }
    }
    free(h);
    free(df);
    if (st != NPC_OK) {
        drop_weights(d);
    }
    return st;
}

/* The weighted Jaccard similarity of i and j, weights fresh. */
static double similarity(const npc_dupes *d, size_t i, size_t j)
{
    const item *a = &d->items[i], *b = &d->items[j];
    double shared = 0;
    size_t x = 0, y = 0;
    while (x < a->n && y < b->n) {
        if (a->h[x] < b->h[y]) {
            x++;
        } else if (a->h[x] > b->h[y]) {
            y++;
        } else {
            shared += d->w[i][x]; /* one term, one weight in both */
            x++;
            y++;
        }
    }
    double either = d->total[i] + d->total[j] - shared;
    return either > 0 ? shared / either : 0;
}

double npc_dupes_similarity(const npc_dupes *d, size_t i, size_t j)
{
    if (i >= d->n || j >= d->n || weights_for((npc_dupes *)d, NULL) != NPC_OK) {
        return 0;
    }
    return similarity(d, i, j);
}

static size_t find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* Numbers the sets of parent[] as groups: largest first, then by first member. */
static npc_status number_groups(npc_dupes *d, size_t *parent, npc_err *err)
{
    size_t n = d->n, *count = calloc(n + 1, sizeof *count),
           *order = malloc((n + 1) * sizeof *order);
    size_t *num = calloc(n + 1, sizeof *num);
    if (count == NULL || order == NULL || num == NULL) {
        free(count);
        free(order);
        free(num);
        return npc_fail(err, NPC_ENOMEM, "duplicates");
    }
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = find(parent, i);
        if (count[r]++ == 0) {
            order[roots++] = r; /* roots in order of their first member */
        }
    }
    /* a stable insertion sort by size, descending (few groups, mostly presorted) */
    for (size_t a = 1; a < roots; a++) {
        size_t r = order[a], b = a;
        for (; b > 0 && count[order[b - 1]] < count[r]; b--) {
            order[b] = order[b - 1];
        }
        order[b] = r;
    }
    for (size_t g = 0; g < roots; g++) {
        num[order[g]] = g + 1;
        d->size[g] = count[order[g]];
    }
    for (size_t i = 0; i < n; i++) {
        d->group[i] = num[find(parent, i)];
    }
    d->ngroups = roots;
    d->gn = n;
    free(count);
    free(order);
    free(num);
    return NPC_OK;
}

npc_status npc_dupes_group(npc_dupes *d, double threshold, npc_err *err)
{
    if (!(threshold > 0 && threshold <= 1)) {
        return npc_fail(err, NPC_EINVAL, "the similarity threshold must lie in (0, 1]");
    }
    npc_status st = weights_for(d, err);
    if (st != NPC_OK) {
        return st;
    }
    free(d->group);
    free(d->size);
    d->ngroups = d->gn = 0;
    d->group = malloc((d->n + 1) * sizeof *d->group);
    d->size = malloc((d->n + 1) * sizeof *d->size);
    size_t *parent = malloc((d->n + 1) * sizeof *parent);
    if (d->group == NULL || d->size == NULL || parent == NULL) {
        free(parent);
        return npc_fail(err, NPC_ENOMEM, "duplicates");
    }
    for (size_t i = 0; i < d->n; i++) {
        parent[i] = i;
    }
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = i + 1; j < d->n; j++) {
            if (similarity(d, i, j) >= threshold) {
                parent[find(parent, j)] = find(parent, i);
            }
        }
    }
    st = number_groups(d, parent, err);
    free(parent);
    return st;
}

size_t npc_dupes_group_of(const npc_dupes *d, size_t i)
{
    return d->group != NULL && i < d->gn ? d->group[i] : 0;
}

size_t npc_dupes_ngroups(const npc_dupes *d)
{
    return d->ngroups;
}

size_t npc_dupes_group_size(const npc_dupes *d, size_t group)
{
    return group >= 1 && group <= d->ngroups ? d->size[group - 1] : 0;
}

/*
 * lexicon.c — a trie over folded UTF-16 units for the domain lexicon (see lexicon.h).
 *
 * Nodes are numbered; an edge (node, unit) -> child lives in one open-addressing hash table, so
 * a lookup costs one probe per character and the whole trie is a few flat arrays.  The analyzer
 * asks at every character of Chinese text, and the table (a megabyte for the laws' titles) misses
 * the cache on most probes, so a bitmap of the entries' first two units answers "no entry starts
 * here" without it (for about half the characters of legal text).
 */
#include "text/lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "text/fold.h"

#define NOT_TERMINAL (-2)
#define VOCAB (-1)
#define PAIR_BITS 16 /* 8 KiB of bits, for about a thousand pairs (4,874 entries of the laws) */

typedef struct entry {
    char *text; /* as added (UTF-8) */
    char *key;  /* law key for titles, NULL for vocabulary */
} entry;

struct npc_lexicon {
    int32_t *tag; /* per node: NOT_TERMINAL, VOCAB or a title number */
    size_t nodes, nodes_cap;
    uint64_t *edge_key; /* (node << 16 | unit) + 1; 0 = empty slot */
    uint32_t *edge_child;
    size_t edges, edges_cap; /* edges_cap is a power of two */
    entry *entries;
    size_t nentries, entries_cap;
    int32_t *title_entry; /* title number -> index in entries */
    uint64_t *pairs;      /* bit pair_bit(u0, u1) set: some entry may start with units u0 u1 */
    size_t ntitles;
    npc_folded fold;
};

static size_t hash_key(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

static size_t pair_bit(uint16_t u0, uint16_t u1)
{
    return (size_t)(((uint32_t)u0 << 16 | u1) * 0x9E3779B1u >> (32 - PAIR_BITS));
}

static int grow_edges(npc_lexicon *lx)
{
    size_t cap = lx->edges_cap ? lx->edges_cap * 2 : 1024;
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *child = malloc(cap * sizeof *child);
    if (keys == NULL || child == NULL) {
        free(keys);
        free(child);
        return 0;
    }
    for (size_t i = 0; i < lx->edges_cap; i++) {
        if (lx->edge_key[i] != 0) {
            size_t h = hash_key(lx->edge_key[i]) & (cap - 1);
            while (keys[h] != 0) {
                h = (h + 1) & (cap - 1);
            }
            keys[h] = lx->edge_key[i];
            child[h] = lx->edge_child[i];
        }
    }
    free(lx->edge_key);
    free(lx->edge_child);
    lx->edge_key = keys;
    lx->edge_child = child;
    lx->edges_cap = cap;
    return 1;
}

static int64_t find_child(const npc_lexicon *lx, uint32_t node, uint16_t unit)
{
    if (lx->edges_cap == 0) {
        return -1;
    }
    uint64_t k = (((uint64_t)node << 16) | unit) + 1;
    size_t h = hash_key(k) & (lx->edges_cap - 1);
    while (lx->edge_key[h] != 0) {
        if (lx->edge_key[h] == k) {
            return lx->edge_child[h];
        }
        h = (h + 1) & (lx->edges_cap - 1);
    }
    return -1;
}

static int64_t add_node(npc_lexicon *lx)
{
    if (lx->nodes == lx->nodes_cap) {
        size_t cap = lx->nodes_cap ? lx->nodes_cap * 2 : 1024;
        int32_t *t = realloc(lx->tag, cap * sizeof *t);
        if (t == NULL) {
            return -1;
        }
        lx->tag = t;
        lx->nodes_cap = cap;
    }
    lx->tag[lx->nodes] = NOT_TERMINAL;
    return (int64_t)lx->nodes++;
}

static int64_t add_child(npc_lexicon *lx, uint32_t node, uint16_t unit)
{
    int64_t c = find_child(lx, node, unit);
    if (c >= 0) {
        return c;
    }
    if ((lx->edges + 1) * 2 > lx->edges_cap && !grow_edges(lx)) {
        return -1;
    }
    int64_t child = add_node(lx);
    if (child < 0) {
        return -1;
    }
    uint64_t k = (((uint64_t)node << 16) | unit) + 1;
    size_t h = hash_key(k) & (lx->edges_cap - 1);
    while (lx->edge_key[h] != 0) {
        h = (h + 1) & (lx->edges_cap - 1);
    }
    lx->edge_key[h] = k;
    lx->edge_child[h] = (uint32_t)child;
    lx->edges++;
    return child;
}

npc_status npc_lexicon_new(npc_lexicon **out, npc_err *err)
{
    *out = NULL;
    npc_lexicon *lx = calloc(1, sizeof *lx);
    if (lx == NULL || (lx->pairs = calloc((1u << PAIR_BITS) / 64, sizeof *lx->pairs)) == NULL ||
        add_node(lx) < 0) {
        npc_lexicon_free(lx);
        return npc_fail(err, NPC_ENOMEM, "lexicon");
    }
    *out = lx;
    return NPC_OK;
}

void npc_lexicon_free(npc_lexicon *lx)
{
    if (lx == NULL) {
        return;
    }
    for (size_t i = 0; i < lx->nentries; i++) {
        free(lx->entries[i].text);
        free(lx->entries[i].key);
    }
    free(lx->entries);
    free(lx->title_entry);
    free(lx->tag);
    free(lx->edge_key);
    free(lx->edge_child);
    free(lx->pairs);
    npc_folded_release(&lx->fold);
    free(lx);
}

/* Inserts text; sets *node to its terminal node, or returns an error. */
static npc_status insert(npc_lexicon *lx, const char *text, size_t len, uint32_t *node,
                         size_t *units, npc_err *err)
{
    npc_status st = npc_fold(text, len, &lx->fold, err);
    if (st != NPC_OK) {
        return st;
    }
    uint32_t cur = 0;
    size_t n = 0;
    uint16_t first = 0;
    for (size_t i = 0; i < lx->fold.n; i++) {
        uint16_t u = lx->fold.u16[i];
        if (u == ' ') {
            continue; /* titles are matched without inner spaces */
        }
        int64_t c = add_child(lx, cur, u);
        if (c < 0) {
            return npc_fail(err, NPC_ENOMEM, "lexicon");
        }
        if (n == 0) {
            first = u;
        } else if (n == 1) {
            size_t b = pair_bit(first, u);
            lx->pairs[b / 64] |= (uint64_t)1 << (b % 64);
        }
        cur = (uint32_t)c;
        n++;
    }
    *node = cur;
    *units = n;
    return NPC_OK;
}

static npc_status add_entry(npc_lexicon *lx, const char *text, size_t len, const char *key,
                            size_t key_len, npc_err *err)
{
    uint32_t node = 0;
    size_t units = 0;
    npc_status st = insert(lx, text, len, &node, &units, err);
    if (st != NPC_OK) {
        return st;
    }
    if (units < 2) {
        return NPC_OK;
    }
    if (key == NULL) {
        if (lx->tag[node] == NOT_TERMINAL) {
            lx->tag[node] = VOCAB;
        }
    } else if (lx->tag[node] >= 0) {
        return NPC_OK; /* the first key wins */
    }
    if (lx->nentries == lx->entries_cap) {
        size_t cap = lx->entries_cap ? lx->entries_cap * 2 : 256;
        entry *e = realloc(lx->entries, cap * sizeof *e);
        int32_t *te = realloc(lx->title_entry, cap * sizeof *te);
        if (e != NULL) {
            lx->entries = e;
        }
        if (te != NULL) {
            lx->title_entry = te;
        }
        if (e == NULL || te == NULL) {
            return npc_fail(err, NPC_ENOMEM, "lexicon");
        }
        lx->entries_cap = cap;
    }
    entry *e = &lx->entries[lx->nentries];
    e->text = strndup(text, len);
    e->key = key != NULL ? strndup(key, key_len) : NULL;
    if (e->text == NULL || (key != NULL && e->key == NULL)) {
        free(e->text);
        free(e->key);
        return npc_fail(err, NPC_ENOMEM, "lexicon");
    }
    if (key != NULL) {
        lx->title_entry[lx->ntitles] = (int32_t)lx->nentries;
        lx->tag[node] = (int32_t)lx->ntitles++;
    }
    lx->nentries++;
    return NPC_OK;
}

npc_status npc_lexicon_add_word(npc_lexicon *lx, const char *word, size_t len, npc_err *err)
{
    return add_entry(lx, word, len, NULL, 0, err);
}

npc_status npc_lexicon_add_title(npc_lexicon *lx, const char *alias, size_t alias_len,
                                 const char *key, size_t key_len, npc_err *err)
{
    if (key_len == 0) {
        return npc_fail(err, NPC_EINVAL, "empty law key");
    }
    return add_entry(lx, alias, alias_len, key, key_len, err);
}

npc_status npc_lexicon_load(npc_lexicon *lx, const char *text, size_t len, npc_err *err)
{
    size_t lineno = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n') {
            e++;
        }
        lineno++;
        const char *line = text + i;
        size_t n = e - i;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        i = e + 1;
        if (n == 0 || line[0] == '#') {
            continue;
        }
        const char *tab = memchr(line, '\t', n);
        npc_status st;
        if (n > 2 && line[0] == 'w' && line[1] == '\t') {
            st = npc_lexicon_add_word(lx, line + 2, n - 2, err);
        } else if (n > 2 && line[0] == 't' && tab == line + 1) {
            const char *rest = line + 2;
            size_t rn = n - 2;
            const char *tab2 = memchr(rest, '\t', rn);
            if (tab2 == NULL || tab2 + 1 == rest + rn) {
                return npc_fail(err, NPC_EFORMAT, "lexicon line %zu: title without key", lineno);
            }
            st = npc_lexicon_add_title(lx, rest, (size_t)(tab2 - rest), tab2 + 1,
                                       rn - (size_t)(tab2 - rest) - 1, err);
        } else {
            return npc_fail(err, NPC_EFORMAT,
                            "lexicon line %zu: expected \"w\\tWORD\" or "
                            "\"t\\tALIAS\\tKEY\"",
                            lineno);
        }
        if (st != NPC_OK) {
            return st;
        }
    }
    return NPC_OK;
}

npc_status npc_lexicon_serialize(const npc_lexicon *lx, char **out, size_t *out_len, npc_err *err)
{
    size_t total = 1;
    for (size_t i = 0; i < lx->nentries; i++) {
        total += strlen(lx->entries[i].text) + 4;
        if (lx->entries[i].key != NULL) {
            total += strlen(lx->entries[i].key) + 1;
        }
    }
    char *buf = malloc(total);
    if (buf == NULL) {
        return npc_fail(err, NPC_ENOMEM, "lexicon");
    }
    size_t o = 0;
    for (size_t i = 0; i < lx->nentries; i++) {
        const entry *e = &lx->entries[i];
        size_t tl = strlen(e->text);
        buf[o++] = e->key != NULL ? 't' : 'w';
        buf[o++] = '\t';
        memcpy(buf + o, e->text, tl);
        o += tl;
        if (e->key != NULL) {
            size_t kl = strlen(e->key);
            buf[o++] = '\t';
            memcpy(buf + o, e->key, kl);
            o += kl;
        }
        buf[o++] = '\n';
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return NPC_OK;
}

size_t npc_lexicon_match(const npc_lexicon *lx, const uint16_t *s, size_t n, int32_t *title)
{
    uint32_t node = 0;
    size_t best = 0;
    int32_t best_tag = -1;
    size_t b = n >= 2 ? pair_bit(s[0], s[1]) : 0;
    if (n < 2 || !(lx->pairs[b / 64] >> (b % 64) & 1)) {
        *title = -1; /* every entry has two units or more */
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t c = find_child(lx, node, s[i]);
        if (c < 0) {
            break;
        }
        node = (uint32_t)c;
        if (lx->tag[node] != NOT_TERMINAL) {
            best = i + 1;
            best_tag = lx->tag[node];
        }
    }
    *title = best_tag;
    return best;
}

const char *npc_lexicon_title_key(const npc_lexicon *lx, int32_t t)
{
    if (t < 0 || (size_t)t >= lx->ntitles) {
        return NULL;
    }
    return lx->entries[lx->title_entry[t]].key;
}

size_t npc_lexicon_titles(const npc_lexicon *lx)
{
    return lx->ntitles;
}

size_t npc_lexicon_size(const npc_lexicon *lx)
{
    return lx->nentries;
}

const char *npc_lexicon_entry(const npc_lexicon *lx, size_t i, const char **key)
{
    if (i >= lx->nentries) {
        return NULL;
    }
    *key = lx->entries[i].key;
    return lx->entries[i].text;
}

/*
 * titles.c — titles, keys and short-title aliases (see titles.h).
 */
#include "titles.h"

#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyzer.h"
#include "index/schema.h"

struct npc_titles {
    char **title;
    size_t n, cap;
};

npc_status npc_titles_new(npc_titles **out, npc_err *err)
{
    *out = calloc(1, sizeof **out);
    return *out ? NPC_OK : npc_fail(err, NPC_ENOMEM, "titles");
}

void npc_titles_free(npc_titles *t)
{
    if (t != NULL) {
        for (size_t i = 0; i < t->n; i++) {
            free(t->title[i]);
        }
        free(t->title);
        free(t);
    }
}

npc_status npc_titles_add(npc_titles *t, const char *title, npc_err *err)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        char **p = realloc(t->title, cap * sizeof *p);
        if (p == NULL) {
            return npc_fail(err, NPC_ENOMEM, "titles");
        }
        t->title = p;
        t->cap = cap;
    }
    if ((t->title[t->n] = strdup(title)) == NULL) {
        return npc_fail(err, NPC_ENOMEM, "titles");
    }
    t->n++;
    return NPC_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Number of distinct keys (sorted array) that end with suffix. */
static size_t keys_ending_with(char **keys, size_t n, const char *suffix, size_t limit)
{
    size_t sl = strlen(suffix), count = 0;
    for (size_t i = 0; i < n && count < limit; i++) {
        size_t kl = strlen(keys[i]);
        if (kl >= sl && memcmp(keys[i] + kl - sl, suffix, sl) == 0) {
            count++;
        }
    }
    return count;
}

static int ends_with_law(const char *key)
{
    size_t n = strlen(key);
    return (n >= 3 && strcmp(key + n - 3, "法") == 0) ||
           (n >= 6 && strcmp(key + n - 6, "法典") == 0);
}

npc_status npc_titles_to_lexicon(const npc_titles *t, npc_lexicon *lx, size_t *added, npc_err *err)
{
    size_t before = npc_lexicon_size(lx);
    char **keys = calloc(t->n + 1, sizeof *keys);
    if (keys == NULL) {
        return npc_fail(err, NPC_ENOMEM, "titles");
    }
    npc_status st = NPC_OK;
    size_t nk = 0;
    for (size_t i = 0; i < t->n && st == NPC_OK; i++) {
        char key[NPC_LAW_KEY_MAX + 8];
        size_t kl = npc_law_key(t->title[i], strlen(t->title[i]), key, sizeof key);
        if (kl == 0) {
            continue;
        }
        st = npc_lexicon_add_title(lx, t->title[i], strlen(t->title[i]), key, kl, err);
        if (st == NPC_OK) {
            st = npc_lexicon_add_title(lx, key, kl, key, kl, err);
        }
        if (st == NPC_OK && (keys[nk] = strdup(key)) == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "titles");
        }
        nk += st == NPC_OK;
    }
    /* distinct keys */
    qsort(keys, nk, sizeof *keys, cmp_str);
    size_t nd = 0;
    for (size_t i = 0; i < nk; i++) {
        if (nd == 0 || strcmp(keys[nd - 1], keys[i]) != 0) {
            keys[nd++] = keys[i];
        } else {
            free(keys[i]);
        }
    }
    /* short titles: word-aligned endings of a law's key that end no other key */
    npc_analyzer *plain = NULL;
    if (st == NPC_OK) {
        st = npc_analyzer_new(NULL, &plain, err);
    }
    for (size_t i = 0; i < nd && st == NPC_OK; i++) {
        if (!ends_with_law(keys[i])) {
            continue;
        }
        npc_analysis an;
        if (npc_analyze(plain, keys[i], strlen(keys[i]), 0, &an, NULL) != NPC_OK) {
            continue;
        }
        size_t kl = strlen(keys[i]);
        for (size_t w = 1; w < an.ntokens && st == NPC_OK; w++) {
            const char *suffix = keys[i] + an.tokens[w].start;
            size_t sl = kl - an.tokens[w].start;
            if (sl < 9) {
                break; /* at least three characters */
            }
            if (keys_ending_with(keys, nd, suffix, 2) == 1) {
                st = npc_lexicon_add_title(lx, suffix, sl, keys[i], kl, err);
            }
        }
    }
    npc_analyzer_free(plain);
    for (size_t i = 0; i < nd; i++) {
        free(keys[i]);
    }
    free(keys);
    if (added != NULL) {
        *added = npc_lexicon_size(lx) - before;
    }
    return st;
}

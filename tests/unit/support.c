/*
 * support.c — fixtures shared by the unit tests (see support.h).
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/abbrev.h"

char *npc_test_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 131072;
            char *p = realloc(buf, cap);
            if (p == NULL) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = p;
        }
        got = fread(buf + n, 1, 65536, fp);
        n += got;
    } while (got > 0);
    fclose(fp);
    buf[n] = '\0';
    *len = n;
    return buf;
}

npc_lexicon *npc_test_lexicon(void)
{
    static const char *const titles[][2] = {
        {"中华人民共和国残疾人保障法", "残疾人保障法"},
        {"残疾人保障法", "残疾人保障法"},
        {"各级人民代表大会常务委员会监督法", "各级人民代表大会常务委员会监督法"},
        {"监督法", "各级人民代表大会常务委员会监督法"},
    };
    npc_lexicon *lx = NULL;
    npc_err err;
    size_t bl;
    const char *b = npc_lexicon_builtin(&bl);
    if (npc_lexicon_new(&lx, &err) != NPC_OK || npc_lexicon_load(lx, b, bl, &err) != NPC_OK) {
        npc_lexicon_free(lx);
        return NULL;
    }
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        if (npc_lexicon_add_title(lx, titles[i][0], strlen(titles[i][0]), titles[i][1],
                                  strlen(titles[i][1]), &err) != NPC_OK) {
            npc_lexicon_free(lx);
            return NULL;
        }
    }
    if (npc_abbrev_add(lx, &err) != NPC_OK) { /* as a searcher's lexicon */
        npc_lexicon_free(lx);
        return NULL;
    }
    return lx;
}

char *npc_test_describe_tokens(const npc_analysis *an, size_t lo, size_t hi)
{
    size_t cap = 256 + an->ntokens * 240, o = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        return NULL;
    }
    buf[0] = '\0';
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        if (t->start < lo || t->start >= hi) {
            continue;
        }
        int n = snprintf(buf + o, cap - o, "%d %s %u-%u %d\n", t->kind, npc_token_term(an, t),
                         t->start - (uint32_t)lo, t->end - (uint32_t)lo, (int)t->title);
        if (n < 0 || (size_t)n >= cap - o) {
            free(buf);
            return NULL;
        }
        o += (size_t)n;
    }
    return buf;
}

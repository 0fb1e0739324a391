/*
 * titles.h — law titles and their aliases for the lexicon.
 *
 * From the titles of the laws in a corpus it derives, for each law: the full title
 * (中华人民共和国残疾人保障法), its key without 中华人民共和国 (残疾人保障法), and short titles:
 * the word-aligned endings of a key that name no other law (监督法 for
 * 各级人民代表大会常务委员会监督法; never 保障法, which ends several titles).
 */
#ifndef NPC_TITLES_H
#define NPC_TITLES_H

#include <stddef.h>

#include "text/lexicon.h"
#include "base/status.h"

typedef struct npc_titles npc_titles;

npc_status npc_titles_new(npc_titles **out, npc_err *err);
void npc_titles_free(npc_titles *t);

/* Records a title (UTF-8, copied). */
npc_status npc_titles_add(npc_titles *t, const char *title, npc_err *err);

/* Adds every title, key and alias to lx.  Returns the number of lexicon entries added
 * through *added (may be NULL). */
npc_status npc_titles_to_lexicon(const npc_titles *t, npc_lexicon *lx, size_t *added, npc_err *err);

#endif

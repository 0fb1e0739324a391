/*
 * support.h — fixtures shared by the unit tests.
 */
#ifndef NPC_TEST_SUPPORT_H
#define NPC_TEST_SUPPORT_H

#include <stddef.h>

#include "text/analyzer.h"
#include "text/lexicon.h"

/* The whole file at path, NUL-terminated, malloc'd (caller frees); NULL when unreadable. */
char *npc_test_read_file(const char *path, size_t *len);

/* The built-in vocabulary plus four law titles and aliases (残疾人保障法 in full and short,
 * 各级人民代表大会常务委员会监督法 and its short title 监督法) and, as in a searcher's, their
 * abbreviations (index/abbrev.h: 残保法); NULL on failure.  Caller frees with
 * npc_lexicon_free. */
npc_lexicon *npc_test_lexicon(void);

/* The tokens of an whose start lies in bytes [lo, hi), one a line with offsets less lo: kind,
 * term, byte range, title.  For comparing two analyses; malloc'd (caller frees), NULL when
 * memory runs out. */
char *npc_test_describe_tokens(const npc_analysis *an, size_t lo, size_t hi);

#endif

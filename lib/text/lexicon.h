/*
 * lexicon.h — the domain lexicon that corrects ICU's segmentation.
 *
 * Two kinds of entries: vocabulary (常务委员会, 基层立法联系点 …) and law titles, each title or
 * alias mapped to its law key (the title without 中华人民共和国: 残疾人保障法; the alias 监督法
 * maps to 各级人民代表大会常务委员会监督法).  Entries are folded with the analyzer's folding
 * (fold.h) when added, so lookups run over folded text.
 *
 * Built once, then read-only: a finished lexicon may be shared by any number of threads.  The
 * indexer stores it in the database (npc_lexicon_serialize) and every query path loads it from
 * there, so indexing and querying always segment with the same lexicon (both then add the same
 * abbreviations of law names, index/abbrev.h).
 */
#ifndef NPC_LEXICON_H
#define NPC_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct npc_lexicon npc_lexicon;

/* Creates an empty lexicon; *out is the caller's, freed with npc_lexicon_free. */
npc_status npc_lexicon_new(npc_lexicon **out, npc_err *err);
void npc_lexicon_free(npc_lexicon *lx);

/* Adds a vocabulary word (UTF-8).  Words shorter than two characters are ignored. */
npc_status npc_lexicon_add_word(npc_lexicon *lx, const char *word, size_t len, npc_err *err);

/* Adds a title or alias for the law whose key is `key` (both UTF-8).  Adding the same alias
 * twice keeps the first key. */
npc_status npc_lexicon_add_title(npc_lexicon *lx, const char *alias, size_t alias_len,
                                 const char *key, size_t key_len, npc_err *err);

/* Loads entries from text: one per line, "w\tWORD" or "t\tALIAS\tKEY"; '#' lines and blank
 * lines are skipped.  NPC_EFORMAT names the first bad line. */
npc_status npc_lexicon_load(npc_lexicon *lx, const char *text, size_t len, npc_err *err);

/* Writes every entry in the format npc_lexicon_load reads.  *out is malloc'd (caller frees). */
npc_status npc_lexicon_serialize(const npc_lexicon *lx, char **out, size_t *out_len, npc_err *err);

/* The vocabulary shipped with npcsearch (data/lexicon.txt, embedded at build time). */
const char *npc_lexicon_builtin(size_t *len);

/*
 * Finds the longest entry that starts at s[0] in the folded UTF-16 text s[0..n).  Returns its
 * length in UTF-16 units (0: none) and sets *title to the title number (>= 0) or -1 for a
 * vocabulary word.
 */
size_t npc_lexicon_match(const npc_lexicon *lx, const uint16_t *s, size_t n, int32_t *title);

/* The law key of title number t (borrowed, valid while lx lives); NULL when out of range. */
const char *npc_lexicon_title_key(const npc_lexicon *lx, int32_t t);

/* Number of title numbers (0 … n-1 name a title or alias, npc_lexicon_title_key). */
size_t npc_lexicon_titles(const npc_lexicon *lx);

/* Number of entries (words + titles). */
size_t npc_lexicon_size(const npc_lexicon *lx);

/* Entry i (0 … npc_lexicon_size-1, in the order added): its text as added, and in *key the law
 * key of a title or alias, NULL for a vocabulary word.  Both borrowed, valid while lx lives and
 * gains no entry.  NULL when i is out of range (*key unchanged). */
const char *npc_lexicon_entry(const npc_lexicon *lx, size_t i, const char **key);

#endif

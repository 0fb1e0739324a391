/*
 * thesaurus.h — the lay-to-legal thesaurus: colloquial words and the legal terms they stand for
 * (老公 → 配偶, 夫妻; 房东 → 出租人), applied to questions at query time (lib/query/plan.c).
 *
 * The data is a plain file written by hand (data/thesaurus.tsv, embedded at build time; its
 * format in docs/thesaurus.md): one mapping a line, "DOMAIN\tCOLLOQUIAL\tTERM,TERM…".  Both sides
 * go through the one analyzer when the thesaurus is loaded: the colloquial side becomes the
 * sequence of words the analyzer makes of it (a key it splits, 被狗咬 → 被|狗|咬, matches as that
 * sequence of adjacent words), each target the words it makes of it (解除劳动合同 → 解除,
 * 劳动合同), which are the terms a question gains.  So a thesaurus belongs to the analyzer (the
 * lexicon) it was loaded with.
 *
 * Built once, then read-only: a finished thesaurus may be shared by any number of threads.
 */
#ifndef NPC_THESAURUS_H
#define NPC_THESAURUS_H

#include <stddef.h>

#include "base/status.h"
#include "text/analyzer.h"

typedef struct npc_thesaurus npc_thesaurus;

/* One mapping of the file.  Everything is borrowed from the thesaurus. */
typedef struct npc_thesaurus_entry {
    const char *domain;        /* as written (婚姻家庭) */
    const char *key;           /* the colloquial word as written */
    const char *const *kwords; /* the analyzer's words of the key (folded), in order */
    size_t nkwords;
    const char *kfolded;        /* those words joined: what adjacent words of a text must spell */
    const char *const *targets; /* the legal terms as written */
    size_t ntargets;
    const char *const *terms; /* the analyzer's words of the targets (folded, each once, words of
                               * one Chinese character left out; of a target made only of such
                               * words, its character bigrams): what a question gains */
    const unsigned char *term_bigram; /* term_bigram[i]: 1 when terms[i] is a bigram */
    size_t nterms;
    size_t line; /* its line in the text loaded */
} npc_thesaurus_entry;

/* An entry whose key a text holds: its words are tokens first..last of the analysis. */
typedef struct npc_thesaurus_hit {
    const npc_thesaurus_entry *entry;
    size_t first, last; /* indexes into npc_analysis.tokens (word tokens, last inclusive) */
} npc_thesaurus_hit;

/*
 * Loads the thesaurus text[0..len) (the file's format; '#' lines and blank lines are skipped)
 * through analyzer a (borrowed for the call only; use the analyzer the queries will be
 * analysed with).  A key may appear on several lines (one per domain).  Fails with NPC_EFORMAT
 * naming the first bad line (not three tab-separated fields, an empty field or target, a key
 * of fewer than two characters, a key the analyzer makes no word of, a target it makes no
 * term of), NPC_EUTF8,
 * NPC_EICU or NPC_ENOMEM; *out is then NULL.  *out is the caller's, freed with
 * npc_thesaurus_free.
 */
npc_status npc_thesaurus_load(npc_analyzer *a, const char *text, size_t len, npc_thesaurus **out,
                              npc_err *err);
void npc_thesaurus_free(npc_thesaurus *th);

/* The thesaurus shipped with npcsearch (data/thesaurus.tsv, embedded at build time). */
const char *npc_thesaurus_builtin(size_t *len);

/* Number of entries (mappings), and entry i of them in the order of the file (NULL when out of
 * range; borrowed). */
size_t npc_thesaurus_size(const npc_thesaurus *th);
const npc_thesaurus_entry *npc_thesaurus_entry_at(const npc_thesaurus *th, size_t i);

/*
 * The entries whose keys occur among the first ntokens tokens of an (an analysis by the
 * thesaurus's analyzer): a key matches where consecutive word tokens of an, each starting where
 * the one before ended, spell its folded words (kfolded), whole words at both ends.  Every
 * match is reported, by its first token, then its last (a shorter key inside a longer one
 * too).  Writes up to max hits into hits[] and returns how many there are
 * (which may be more than max).
 */
size_t npc_thesaurus_find(const npc_thesaurus *th, const npc_analysis *an, size_t ntokens,
                          npc_thesaurus_hit *hits, size_t max);

/*
 * The terms the hits of an's first ntokens tokens lead to, each once, in the order of the hits
 * and of each entry's terms: up to max of them into out[] (borrowed from th), bigram[i] 1 when
 * out[i] is a character bigram, 0 for a word.  Returns how many were written.
 */
size_t npc_thesaurus_terms(const npc_thesaurus *th, const npc_analysis *an, size_t ntokens,
                           const char **out, unsigned char *bigram, size_t max);

#endif

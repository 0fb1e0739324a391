/*
 * correct.h — "did you mean": a query typed with the wrong homophone (残急人保障法), one
 * character off (残疾人保章法), or in pinyin with the input method off (canjirenbaozhangfa),
 * corrected against the suggestion table (suggest.h) on pinyin, not on bytes.
 *
 * Chinese: each run of Chinese characters that is no word of the index and holds a character
 * pair (bigram) the index lacks is read as pinyin (pinyin.h); its longest spans over such a
 * pair, from a word boundary to a word boundary as the analyzer segments the run, whose
 * syllables are those of an entry of the table (a law title, short title, abbreviation, a word
 * of the vocabulary) and that are neither an entry nor a word of the index themselves become
 * that entry, the most frequent when several share the pinyin.  A run of four characters or
 * more that gains nothing so is compared with the entries of as many characters that differ
 * from it in one character only, next to a lacking pair.  (Over the 1,235 STARD questions, all
 * typed correctly, spans inside words made 不幸发生 不刑法生 and a run of three 商标吗 商标法.)  An
 * entry counts when at least NPC_CORRECT_MIN_FREQ documents hold it (its law, for a title or alias;
 * the word, for vocabulary).
 *
 * Pinyin: a query wholly in pinyin (pinyin.h npc_pinyin_typed) becomes the entry whose pinyin
 * is all of it, else, word by word, the entries each space-separated word reads as; nothing
 * when any word reads as none.
 *
 * The index is asked through a callback, so this module knows nothing of Xapian.
 */
#ifndef NPC_CORRECT_H
#define NPC_CORRECT_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "suggest/pinyin.h"
#include "suggest/suggest.h"
#include "text/analyzer.h"

/* Documents that must hold an entry before a query is corrected to it. */
#define NPC_CORRECT_MIN_FREQ 2

/* What the callback is asked about. */
enum npc_freq_of {
    NPC_FREQ_WORD,   /* an (unprefixed) word of the index, folded */
    NPC_FREQ_BIGRAM, /* a pair of Chinese characters (schema.h's bigram term) */
    NPC_FREQ_LAW     /* a law, by its key: the documents of its versions and articles */
};

/* The number of documents of the index holding s[0..len) (0 when none or unknown). */
typedef uint32_t (*npc_freq_fn)(void *ctx, enum npc_freq_of of, const char *s, size_t len);

enum npc_correct_kind {
    NPC_CORRECT_NONE,
    NPC_CORRECT_PINYIN,    /* typed pinyin read as Chinese */
    NPC_CORRECT_HOMOPHONE, /* a span replaced by the entry of the same pinyin */
    NPC_CORRECT_NEAR       /* a run replaced by the entry one character off */
};

/* The JSON name of a kind: "pinyin", "homophone", "near" ("" for none; static). */
const char *npc_correct_kind_name(enum npc_correct_kind k);

/*
 * The correction of q[0..len) (UTF-8) against sg, asking freq(ctx, …) about the index,
 * transliterating with py and finding word boundaries with an (the index's analyzer).  *out is the
 * corrected query (folded as the analyzer folds, so 殘 reads 残), malloc'd, or NULL when there is
 * none; *kind says which (NPC_CORRECT_NONE with NULL).  NPC_EUTF8, NPC_ENOMEM or NPC_EICU on
 * failure (*out NULL).
 */
npc_status npc_correct(const npc_suggest *sg, npc_pinyin *py, npc_analyzer *an, const char *q,
                       size_t len, npc_freq_fn freq, void *ctx, char **out,
                       enum npc_correct_kind *kind, npc_err *err);

#endif

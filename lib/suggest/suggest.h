/*
 * suggest.h — the suggestion table: every entry of an index's lexicon (law titles, the laws'
 * keys, short titles, abbreviations, the built-in vocabulary) with its pinyin, made by the
 * indexer and stored with the index (docs/schema.md, NPC_META_SUGGEST), loaded by a searcher
 * when it first needs it, and matched in memory against what a user is typing:
 *
 *   Chinese   the entries whose folded text starts with it, then those that contain it
 *   pinyin    the entries whose pinyin, without spaces, starts with it (canjiren, can ji ren,
 *             cán jí rén, can2ji2ren2), or whose initials start with it (cjrbzf)
 *
 * The stored form is text: a header line "npc.suggest 1", then one line an entry,
 * "KIND\tTEXT\tKEY\tSYLLABLES" (KIND t: a title or a law's key, s: a short title, a: an
 * abbreviation, w: a vocabulary word, whose KEY is empty; SYLLABLES: pinyin.h).  The pinyin is
 * made once, by the indexer; loading only folds the texts and sorts.
 *
 * A loaded table is read-only: any number of threads may match against it.
 */
#ifndef NPC_SUGGEST_H
#define NPC_SUGGEST_H

#include <stddef.h>

#include "base/status.h"
#include "suggest/pinyin.h"
#include "text/lexicon.h"

/* What an entry is, in the order suggestions of equal length are listed. */
enum npc_suggest_kind {
    NPC_SUGGEST_TITLE, /* a law's title or key: 中华人民共和国残疾人保障法, 残疾人保障法 */
    NPC_SUGGEST_SHORT,  /* a short title, an ending of the key: 监督法 */
    NPC_SUGGEST_ABBREV, /* an abbreviation (index/abbrev.h): 残保法 */
    NPC_SUGGEST_TERM    /* a word of the vocabulary: 基层立法联系点 */
};

/* How an entry matched what was typed, best first. */
enum npc_suggest_how {
    NPC_SUGGEST_PREFIX,   /* its text starts with it */
    NPC_SUGGEST_PINYIN,   /* its pinyin starts with it */
    NPC_SUGGEST_INITIALS, /* its initials start with it */
    NPC_SUGGEST_CONTAINS  /* its text contains it */
};

/* One entry, as the table holds it.  Every pointer is borrowed from the table. */
typedef struct npc_suggest_entry {
    const char *text;   /* as the lexicon holds it */
    const char *folded; /* folded (text/fold.h), UTF-8: what typed text is matched against */
    const char *key;    /* the law key of a title, short title or abbreviation; NULL for a word */
    const char *syllables; /* "can ji ren bao zhang fa" */
    const char *joined;    /* "canjirenbaozhangfa" */
    const char *initials;  /* "cjrbzf" */
    enum npc_suggest_kind kind;
    size_t chars; /* code points of folded */
} npc_suggest_entry;

typedef struct npc_suggest npc_suggest;

/*
 * The stored form of the table of lx's entries (a finished lexicon: abbreviations added), their
 * pinyin made with py.  *out is malloc'd (caller frees), *out_len its length.  NPC_ENOMEM,
 * NPC_EICU on failure.
 */
npc_status npc_suggest_dump(const npc_lexicon *lx, npc_pinyin *py, char **out, size_t *out_len,
                            npc_err *err);

/* Loads a table from its stored form (text[0..len); len 0: an empty table).  NPC_EFORMAT names
 * the first bad line.  *out is the caller's, freed with npc_suggest_free (which accepts NULL). */
npc_status npc_suggest_load(const char *text, size_t len, npc_suggest **out, npc_err *err);
void npc_suggest_free(npc_suggest *s);

/* Number of entries, and entry i of them (NULL when out of range). */
size_t npc_suggest_size(const npc_suggest *s);
const npc_suggest_entry *npc_suggest_get(const npc_suggest *s, size_t i);

/* text[0..len) folded as the analyzer folds (text/fold.h), as UTF-8, white space dropped unless
 * keep_space; *chars (may be NULL) counts its code points.  malloc'd (caller frees); NULL on
 * failure, with err set (NPC_EUTF8, NPC_ENOMEM). */
char *npc_suggest_fold(const char *text, size_t len, int keep_space, size_t *chars, npc_err *err);

/* One match: entry `entry` of the table, and how it matched. */
typedef struct npc_suggest_hit {
    size_t entry;
    enum npc_suggest_how how;
} npc_suggest_hit;

/*
 * The entries that match q[0..len) (UTF-8), best first: by how they matched (enum
 * npc_suggest_how, a prefix before a containing entry), then shorter first, then by kind; one a
 * law (the best of its title, key and aliases) and one a word.  Writes at most max into out and
 * returns how many.  Typed pinyin (pinyin.h npc_pinyin_typed) is matched as pinyin, anything
 * else as text; q that folds to nothing matches nothing.  NPC_EUTF8 or NPC_ENOMEM on failure.
 */
npc_status npc_suggest_match(const npc_suggest *s, const char *q, size_t len, npc_suggest_hit *out,
                             size_t max, size_t *n, npc_err *err);

/*
 * The entries whose syllables are exactly `syllables` (pinyin.h form): their indices into
 * out, at most max.  Returns how many.
 */
size_t npc_suggest_homophones(const npc_suggest *s, const char *syllables, size_t *out, size_t max);

/* The entries whose pinyin without spaces is exactly joined (typed pinyin: pinyin.h
 * npc_pinyin_typed), indices into out, at most max.  Returns how many. */
size_t npc_suggest_reading(const npc_suggest *s, const char *joined, size_t *out, size_t max);

#endif

/*
 * analyzer.h — the one analyzer: text in, terms out, for the indexer and every query path.
 *
 * Steps: fold (fold.h: NFKC, case fold, traditional→simplified); ICU word segmentation
 * corrected by the domain lexicon (lexicon.h: vocabulary and law titles as single words);
 * legal numbering as one unit (第三十三条, 第33条, 第３３条 and 第三十三條 all give the term
 * 第33条; 第五十一条之一 gives 第51条之1); ASCII words and numbers kept whole (2024, gdp);
 * and character bigrams over runs of Chinese characters, beside the words, as a recall net;
 * for the index, also each run's first and last character alone, which with the bigrams and
 * the positions make phrases exact (npc_analyze).
 *
 * Every token carries the byte range of the original text it came from, so snippets mark the
 * original words.  An analyzer is not thread-safe: use one per thread.  It borrows the lexicon,
 * which must outlive it and may be shared.
 */
#ifndef NPC_ANALYZER_H
#define NPC_ANALYZER_H

#include <stddef.h>
#include <stdint.h>

#include "text/lexicon.h"
#include "base/status.h"

typedef struct npc_analyzer npc_analyzer;

enum npc_tok_kind {
    NPC_TOK_HAN,       /* a Chinese word (lexicon word, law title or ICU word) */
    NPC_TOK_ALNUM,     /* an ASCII/Latin word or a number, kept whole */
    NPC_TOK_NUMBERING, /* 第…条/款/项/章/节/编 */
    NPC_TOK_BIGRAM,    /* two adjacent Chinese characters */
    NPC_TOK_RUN_START, /* the first Chinese character of a run, alone (NPC_AN_RUN_EDGES) */
    NPC_TOK_RUN_END,   /* the last Chinese character of a run, alone (NPC_AN_RUN_EDGES) */
};

/* 1 for a word (Chinese, letters and digits, numbering); 0 for a bigram or a run's edge. */
static inline int npc_token_is_word(int kind)
{
    return kind == NPC_TOK_HAN || kind == NPC_TOK_ALNUM || kind == NPC_TOK_NUMBERING;
}

enum npc_numbering_unit {
    NPC_UNIT_NONE = 0,
    NPC_UNIT_ARTICLE, /* 条 */
    NPC_UNIT_CLAUSE,  /* 款 */
    NPC_UNIT_ITEM,    /* 项 */
    NPC_UNIT_CHAPTER, /* 章 */
    NPC_UNIT_SECTION, /* 节 */
    NPC_UNIT_PART,    /* 编 */
};

typedef struct npc_token {
    uint32_t term_off, term_len; /* the term (folded UTF-8) in npc_analysis.terms */
    uint32_t start, end;         /* byte range in the original text */
    uint32_t pos;                /* position (from 1), see npc_analyze */
    uint8_t kind;                /* enum npc_tok_kind */
    uint8_t unit;                /* enum npc_numbering_unit, for NPC_TOK_NUMBERING */
    int32_t title;               /* law title number in the lexicon, or -1 */
    uint32_t num, sub;           /* NPC_TOK_NUMBERING: 第51条之1 -> 51, 1 */
} npc_token;

/* Borrowed from the analyzer: valid until its next npc_analyze call or its free. */
typedef struct npc_analysis {
    const npc_token *tokens; /* words, bigrams and runs' edges, in text order */
    size_t ntokens;
    const char *terms; /* term bytes, see npc_token.term_off */
    size_t nwords;     /* tokens that are words (npc_token_is_word) */
    int stored;        /* 1: npc_analyze_stored used the boundaries it was given */
} npc_analysis;

enum npc_analyze_flags {
    NPC_AN_BIGRAMS = 1,   /* also emit character bigrams */
    NPC_AN_RUN_EDGES = 2, /* also emit the first and the last character of each run of
                           * Chinese characters, alone (a run of one: both) */
    NPC_AN_INDEX = 3,     /* what the index holds (the indexer, and phrases): both */
};

/* Creates an analyzer over lx (borrowed, may be NULL for none).  *out is the caller's, freed
 * with npc_analyzer_free. */
npc_status npc_analyzer_new(const npc_lexicon *lx, npc_analyzer **out, npc_err *err);
void npc_analyzer_free(npc_analyzer *a);

/*
 * Analyses text[0..len).  Positions (npc_token.pos, for phrases) go one to each Chinese
 * character and one to each other word (letters and digits, a numbering), in text order; white
 * space and punctuation take none.  A bigram is at its first character's, a run's edge at its
 * character's, a Chinese word at its first character's.  A run of Chinese characters is what
 * adjacent characters make: white space, punctuation, any other character or a numbering ends
 * it.  So a phrase's bigrams (and the edges of its runs) are at consecutive positions exactly
 * where the text holds the phrase.  Fails with NPC_EUTF8 on invalid UTF-8 (detail: the byte
 * offset), NPC_ETOOBIG over 256 MiB, NPC_EICU or NPC_ENOMEM; *out is then empty.
 */
npc_status npc_analyze(npc_analyzer *a, const char *text, size_t len, unsigned flags,
                       npc_analysis *out, npc_err *err);

/*
 * As npc_analyze, with the word boundaries ICU found when the text was indexed (breaks[0..blen),
 * from npc_analysis_breaks) instead of running ICU again; a snippet pays for little else.  When
 * they cannot be the text's (damaged, or ending before it does), ICU runs as in npc_analyze.  A
 * prefix of the indexed text may be given: the boundaries past its end are ignored.
 */
npc_status npc_analyze_stored(npc_analyzer *a, const char *text, size_t len, const char *breaks,
                              size_t blen, unsigned flags, npc_analysis *out, npc_err *err);

/*
 * Writes the word boundaries of the analyser's last analysis that lie in bytes [start, end) of
 * its text, as a short printable string (about one character a word) for npc_analyze_stored of
 * that slice.  The tokens npc_analyze_stored then gives for the slice are the ones the whole
 * analysis gave there.  *out is malloc'd and NUL-terminated, freed by the caller with free().
 */
npc_status npc_analysis_breaks(const npc_analyzer *a, size_t start, size_t end, char **out,
                               npc_err *err);

static inline const char *npc_token_term(const npc_analysis *an, const npc_token *t)
{
    return an->terms + t->term_off;
}

/* The article numbers (第…条 tokens) of an, in order: up to max of them into num[] and sub[]
 * (sub 0 for none, 1 for 之一 …).  Returns how many were written.  The indexer reads a
 * suggestion's articles and a searcher an article filter with it. */
size_t npc_analysis_articles(const npc_analysis *an, uint32_t *num, uint32_t *sub, size_t max);

/* The lexicon the analyzer was made with (borrowed). */
const npc_lexicon *npc_analyzer_lexicon(const npc_analyzer *a);

/*
 * Writes the canonical term of a numbering into buf (第33条, 第51条之1, 第2章): the form the
 * analyzer emits for every spelling of it.  Returns the length (no NUL is counted), 0 when it
 * does not fit.
 */
size_t npc_numbering_term(enum npc_numbering_unit unit, uint32_t num, uint32_t sub, char *buf,
                          size_t cap);

#endif

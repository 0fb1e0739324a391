/*
 * query.h — turns what a user types into a Xapian query, through the one analyzer.
 *
 * Syntax: free text (words are OR-ed and ranked by BM25, with character bigrams as a recall
 * net); "a phrase" or “a phrase” (must occur as written in one field of a document, folded as
 * the analyzer folds: "醉酒驾驶" is not in 醉酒、驾驶 nor across a line break; white space typed
 * between Chinese characters is dropped, any other separator stands for any, so "醉酒、驾驶"
 * finds 醉酒 驾驶; a numbering such as 第三十三条 is one word); -word or －word (must not occur);
 * OR between phrases; law citations understood anywhere in the free text: 《中华人民共和国
 * 残疾人保障法》第三十三条, 残疾人保障法第33条, 残保法第33条 (an abbreviation, index/abbrev.h),
 * 第33条 残疾人保障法, 民法典第1165条 pin that article (every version of it) to the top; a
 * query that is only a law title pins that law's whole-law documents.
 */
#ifndef NPC_QUERY_H
#define NPC_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "text/analyzer.h"
#include "learn/assoc.h"
#include "text/fold.h"
#include "text/thesaurus.h"
#include "base/status.h"
#include "xapian-c/xc.h"

#define NPC_QUERY_MAX_BYTES 4096 /* longer queries are refused */
#define NPC_QUERY_MAX_TERMS 256  /* analysed terms kept from one query's free text */
#define NPC_QUERY_MAX_PARTS 32   /* "phrases" and -exclusions in one query; more are refused */

/* BM25's parameters (Xapian's BM25Weight; k2 is 0): stronger length normalisation than
 * Xapian's default measured slightly better on the STARD questions and on the known-item
 * queries (docs/relevance.md).  k1 is NPC_BM25_K1 for a question (plan.c question_shaped)
 * and NPC_BM25_K1_KEYWORDS for a few typed words: there a word's repetitions add little and a
 * passage holding every word should come first (known-item found@10 0.80 -> 0.87, MRR@10 0.56
 * -> 0.68; a question's R@100 fell 0.014 with it).  A few typed words also take full length
 * normalisation (b NPC_BM25_B_KEYWORDS) with a low floor (NPC_BM25_MIN_NORMLEN_KEYWORDS): of the
 * many articles holding two remembered words, the short one they make most of comes first
 * (known-item articles found@10 +0.004 to +0.020 and MRR@10 +0.02 on each of seeds 4-8, chosen
 * on seeds 1-3; questions do not take it, docs/relevance.md). */
#define NPC_BM25_K1 1.5
#define NPC_BM25_K1_KEYWORDS 0.3
#define NPC_BM25_K3 1.0
#define NPC_BM25_B 0.9
#define NPC_BM25_B_KEYWORDS 1.0
#define NPC_BM25_MIN_NORMLEN 0.5
#define NPC_BM25_MIN_NORMLEN_KEYWORDS 0.1 /* above 0: no 0/0 for a term of wdf 0 */
extern const xc_bm25 npc_bm25;            /* a question's, for xc_query_cached_bm25 */
extern const xc_bm25 npc_bm25_keywords;   /* a few typed words' */

typedef struct npc_query npc_query;

typedef struct npc_citation {
    const char *law_key; /* borrowed from the query */
    uint32_t article, sub;
} npc_citation;

/*
 * Parses q[0..len) with analyzer a.  db (may be NULL: no level prior) is read for the regions
 * the index holds, which decide the 效力级别 prior.  An unmatched quotation mark counts as
 * punctuation.  Free text keeps its first NPC_QUERY_MAX_TERMS analysed terms (a pasted question
 * loses its tail); more than NPC_QUERY_MAX_PARTS phrases and exclusions are refused.  Fails with
 * NPC_EQUERY (err->reason says what: only_exclusions, nothing_to_search), NPC_EUTF8 or NPC_ETOOBIG
 * (query_too_long: over NPC_QUERY_MAX_BYTES; too_many_terms: over NPC_QUERY_MAX_PARTS).  White
 * space (between words, after a minus) is text/fold.h's npc_space_len.  *out is the caller's, freed
 * with npc_query_free.
 */
npc_status npc_query_parse(npc_analyzer *a, const xc_db *db, const char *q, size_t len,
                           npc_query **out, npc_err *err);

/* What a query may be expanded and lifted with; each borrowed, NULL for none. */
typedef struct npc_query_aids {
    const npc_assoc *model;         /* learned expansion and law prior (assoc.h) */
    const npc_thesaurus *thesaurus; /* text/thesaurus.h, loaded with the parse's analyzer */
    const npc_assoc *vectors;       /* word-vector neighbours (learn/vectors.h) */
    const npc_assoc *cited;         /* the most cited laws (learn/cited.h): the law prior of
                                     * a question when model keeps no law */
} npc_query_aids;

/* The same, with aids (may be NULL for none): a question's words expanded by the model's
 * associations, the thesaurus's legal terms for its colloquial words and the neighbours of its
 * rare words, each OR-ed in at a reduced weight, and a long question that asks lifted by the
 * model's law prior, or else by the most cited laws.  A few typed words are not expanded. */
npc_status npc_query_parse_aided(npc_analyzer *a, const xc_db *db, const npc_query_aids *aids,
                                 const char *q, size_t len, npc_query **out, npc_err *err);
/* npc_query_parse_aided with the model m alone. */
npc_status npc_query_parse_with(npc_analyzer *a, const xc_db *db, const npc_assoc *m, const char *q,
                                size_t len, npc_query **out, npc_err *err);
void npc_query_free(npc_query *q);

/* A query that matches every document (a search by filters alone).  *out as for parse. */
npc_status npc_query_all(npc_query **out, npc_err *err);

/* The Xapian query (borrowed, valid while q lives). */
const xc_query *npc_query_xapian(const npc_query *q);

/* The pinned documents (cited articles, or the law a bare title names) as a boolean query that
 * the search puts first, newest version first; NULL when there are none.  Borrowed. */
const xc_query *npc_query_pins(const npc_query *q);

/* Folded terms the snippet marks: words (with numbering terms) and bigrams (unprefixed). */
size_t npc_query_words(const npc_query *q, const char *const **out);
size_t npc_query_bigrams(const npc_query *q, const char *const **out);
/* Those of the bigrams that are whole query words, a word of two characters or two
 * one-character words typed together (养犬, which ICU splits 养|犬): the snippet marks them
 * alone, where other bigrams need a run of two. */
size_t npc_query_pair_words(const npc_query *q, const char *const **out);

/* 1 when the query's free text is a question (an interrogative such as 怎么 or 吗, or many
 * words), weighed as one with the level prior and the learned expansion; 0 for a few typed
 * words, where every genre competes on equal terms (docs/relevance.md). */
int npc_query_is_question(const npc_query *q);

/* The BM25 parameters the query's weights were made with (npc_bm25 for a question, else
 * npc_bm25_keywords): an enquire over a remote database, where the weights are Xapian's
 * BM25Weight, must weigh with them (xc_enquire_set_bm25). */
const xc_bm25 *npc_query_bm25(const npc_query *q);

/* 1 when the query requires "phrases": its matches are the documents that hold them, all of
 * them count (no cutoff), and their number is worth counting exactly. */
int npc_query_has_phrases(const npc_query *q);

/* The number of the free text's words and bigrams that no document of the index holds (0 when
 * parsed without a database): a query with none is all in the index and is never corrected
 * (search.h "did_you_mean"), so it pays nothing for the correction. */
size_t npc_query_unknown(const npc_query *q);

/* 1 when the query's free text holds an interrogative word (什么, 怎么, 吗 …: what makes a
 * few words a question, npc_query_is_question) or a question mark; never corrected (search.h
 * "did_you_mean"): a question is written, not typed in haste. */
int npc_query_asks(const npc_query *q);

/* Citations found in the query, in order. */
size_t npc_query_citations(const npc_query *q, const npc_citation **out);

#endif

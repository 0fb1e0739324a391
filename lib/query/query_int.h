/*
 * query_int.h — what the files of lib/query share; not part of the API (query.h is).
 *
 * The path of a query (docs/architecture.md):
 *   syntax.c   what the user typed → its parts: free text, "phrases" (OR groups), -exclusions
 *   plan.c     the free text → the ranked query: terms and their weights, the pruning of common
 *              terms, the learned expansion and the thesaurus, the level prior
 *   pins.c     citations and bare law titles in the free text → the pinned documents
 *   phrase.c   a phrase or an exclusion → its phrase query over the indexed positions
 *   qlist.c    the small builders they share: lists of queries, prefixed terms, string sets
 *   query.c    puts the parts together (npc_query_parse_with), owns the npc_query
 */
#ifndef NPC_QUERY_INT_H
#define NPC_QUERY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "index/schema.h"
#include "query/query.h"

/* The parsed query.  Every pointer is owned (npc_query_free). */
struct npc_query {
    xc_query *q;
    xc_query *pins;  /* cited articles / the titled law, NULL when none */
    size_t nphrases; /* required phrases */
    char **ranked;   /* their terms that weigh (prefixed; a term twice in them twice) */
    size_t nranked;
    char **words; /* folded terms for the snippet: words and numbering */
    size_t nwords;
    char **bigrams; /* unprefixed */
    size_t nbigrams;
    char **pairs; /* the bigrams that are whole query words (npc_query_pair_words) */
    size_t npairs;
    npc_citation *cites;
    size_t ncites;
    char **keys; /* storage of law keys for cites */
    size_t nkeys;
    int question;   /* its free text is a question (plan.c question_shaped), not a few words */
    size_t unknown; /* free-text words and bigrams in no document (npc_query_unknown) */
    int asks;       /* its free text holds an interrogative word (npc_query_asks) */
};

/* ---- qlist.c ------------------------------------------------------------------------------ */

/* A growing list of owned queries. */
typedef struct qlist {
    xc_query **q;
    size_t n, cap;
} qlist;

/* Appends q (taken; NULL is ignored).  On failure q is freed. */
npc_status qlist_push(qlist *l, xc_query *q, npc_err *err);
void qlist_release(qlist *l);
/* Combines the list into one query (the list is emptied); *out is NULL when it was empty. */
npc_status qlist_combine(qlist *l, enum xc_op op, uint32_t param, xc_query **out, npc_err *err);

/* *out: a AND_MAYBE b (b only adds weight to what a matches), or the one of them there is.
 * Takes a and b, also when st, the status so far, is already a failure (then returned). */
npc_status and_maybe(npc_status st, xc_query *a, xc_query *b, xc_query **out, npc_err *err);

/* Longest prefixed term a query looks for (schema.h: one over NPC_TERM_MAX is in no index). */
#define TERM_BUF NPC_TERM_LOOKUP_BUF

/* prefix+term written into buf; its length, or 0 when it does not fit. */
size_t prefixed(char buf[TERM_BUF], const char *prefix, const char *term, size_t len);
/* The query of one prefixed term; *out NULL (and NPC_OK) when it cannot be in an index. */
npc_status term_query(const char *prefix, const char *term, size_t len, uint32_t wqf,
                      xc_query **out, npc_err *err);

/* A small set of strings kept in order of arrival: 1 when s is among v[0..n). */
int has_string(char **v, size_t n, const char *s);
/* Appends a copy of s[0..len) to *v. */
npc_status add_string(char ***v, size_t *n, const char *s, size_t len, npc_err *err);

/* Records in nq->pairs the two-character words among an's first ntokens tokens: a Chinese word
 * of two characters, or a run of exactly two one-character words side by side (ICU's 养|犬). */
npc_status record_pair_words(npc_query *nq, const npc_analysis *an, size_t ntokens, npc_err *err);

/* ---- syntax.c ----------------------------------------------------------------------------- */

/* One "phrase" or -exclusion of the query, in the order typed. */
typedef struct query_chunk {
    const char *text; /* inside the quotes, or the excluded word; borrowed from the query */
    size_t len;
    int excluded;  /* -word or -"phrase" */
    int or_before; /* a phrase after OR: it joins the previous phrase's group */
} query_chunk;

/* What the user typed, taken apart.  Owned by the caller: query_syntax_release. */
typedef struct query_syntax {
    query_chunk *chunks;
    size_t nchunks;
    char *free_text; /* the remaining words, each followed by a space */
    size_t free_len;
} query_syntax;

/* Splits q[0..len) (valid UTF-8) into its parts.  NPC_ETOOBIG when it holds more than
 * NPC_QUERY_MAX_PARTS phrases and exclusions. */
npc_status query_syntax_parse(const char *q, size_t len, query_syntax *out, npc_err *err);
void query_syntax_release(query_syntax *s);

/* ---- phrase.c ----------------------------------------------------------------------------- */

/* The query of a phrase or an exclusion (phrase.c says how): it matches the documents one of
 * whose fields holds it (*out NULL when it has no words); *one_term (unless NULL) is 1 when it
 * is one term, which needs no position.  With highlight (a required phrase), its terms join the
 * query's words and bigrams for the snippet, and its weights (phrase_weights). */
npc_status phrase_query(npc_query *nq, npc_analyzer *a, const char *text, size_t len, int highlight,
                        xc_query **out, int *one_term, npc_err *err);
/* The weights of the required phrases: the BM25 weights their phrase queries give a document,
 * of db's statistics, from the cached scorer (xc_query_cached_bm25), so that the phrase
 * queries only filter.  With required, only the documents holding all their terms match (no
 * phrase was joined by OR): a phrase of one term needs no filter then.  *out NULL when db is
 * NULL or they weigh nothing. */
npc_status phrase_weights(const npc_query *nq, const xc_db *db, int required, xc_query **out,
                          npc_err *err);

/* ---- plan.c ------------------------------------------------------------------------------- */

/* The ranked query of the free text's analysis an (words and bigrams; the expansions and law
 * priors of aids, never NULL, those it holds; the level prior when db is given), its words and
 * bigrams recorded in nq for the snippet.  *end: the number of an's tokens it read (it stops at
 * NPC_QUERY_MAX_TERMS). */
npc_status plan_free_text(npc_query *nq, const npc_analysis *an, const xc_db *db,
                          const npc_query_aids *aids, size_t *end, xc_query **out, npc_err *err);

/* ---- pins.c ------------------------------------------------------------------------------- */

/* The pins of an's first ntokens tokens (text is what was analysed): each law title with an
 * article number after it or before it (npc_cite_article_of_title) pins that article (and is
 * recorded in nq->cites); a free text of nothing but titles pins those laws.  Sets nq->pins
 * (NULL when none). */
npc_status pins_of(npc_query *nq, const npc_analysis *an, const npc_lexicon *lx, const char *text,
                   size_t ntokens, npc_err *err);

#endif

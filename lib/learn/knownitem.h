/*
 * knownitem.h — simulated known-item queries drawn from the index itself, and their run through
 * the search box, behind `npcsearch eval --known-item` (docs/relevance.md).
 *
 * The method is Azzopardi, de Rijke & Balog's ("Building simulated queries for known-item
 * topics", SIGIR 2007): for each genre, documents picked at random; in each, a passage of its
 * stored text picked at random; of the passage's words, k picked by tf·idf sampling — the query
 * of someone who remembers that passage and types a few of its words.  The runner asks each
 * query as the search box does (no filter) and records the rank of its source document among
 * the first ten hits.  Nothing is judged by hand, so an office can measure its own corpus.
 *
 * A generator is seeded: the same index, parameters and seed give the same queries.
 */
#ifndef NPC_KNOWNITEM_H
#define NPC_KNOWNITEM_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "search/search.h"

/* The genres measured, by document type: law articles, report sections, feedback. */
typedef enum npc_knownitem_genre {
    NPC_KNOWNITEM_ARTICLE,
    NPC_KNOWNITEM_REPORT,
    NPC_KNOWNITEM_FEEDBACK,
    NPC_KNOWNITEM_NGENRES,
} npc_knownitem_genre;

/* The genre's document type (schema.h NPC_TYPE_*), a static string. */
const char *npc_knownitem_genre_name(npc_knownitem_genre g);

#define NPC_KNOWNITEM_MAX_WORDS 8

/* 300 queries a genre by default: at found@10 near 0.9 a genre's figure then has a standard
 * error of about 0.017, against 0.03 at 100 (the first 100 are the same queries either way). */
typedef struct npc_knownitem_params {
    size_t per_genre;              /* queries a genre, at most (1 ..) */
    uint64_t seed;                 /* of the generator's random numbers */
    unsigned min_words, max_words; /* k uniform in min..max (1 <= min <= max <= MAX_WORDS) */
} npc_knownitem_params;

#define NPC_KNOWNITEM_DEFAULT_PARAMS                                                               \
    {                                                                                              \
        .per_genre = 300, .seed = 1, .min_words = 2, .max_words = 4                                \
    }

/* One generated query; its strings are borrowed from the set that holds it. */
typedef struct npc_knownitem_query {
    npc_knownitem_genre genre;
    const char *query;     /* the words, in passage order, joined by single spaces */
    size_t nwords;         /* k */
    const char *source_id; /* the id of the document the passage came from */
} npc_knownitem_query;

typedef struct npc_knownitem_set npc_knownitem_set;

/*
 * Generates the queries of every genre in turn over s's index, with s's analyzer.  In each
 * genre, documents are taken in a seeded random order until p->per_genre queries are made or
 * the genre's documents run out (a genre with fewer documents gives what it has; one with none,
 * nothing).  For each document: a passage of its text (about 150 characters from a random
 * offset, widened to sentence ends), analysed; its words are the analyzer's words, not bigrams,
 * numberings, numbers, single Chinese characters or words in more than 5 % of the index's
 * documents; k is drawn from p's range, and k distinct words are sampled with probability
 * proportional to tf (in the passage) × idf (log N/df over the index).  A document with fewer
 * than p->min_words such words in its passage is passed over.
 *
 * *out is the caller's, freed with npc_knownitem_free.  Fails with NPC_EINVAL for bad
 * parameters, NPC_ENOMEM, or the database's or the analyzer's status; *out is then NULL.
 */
npc_status npc_knownitem_generate(npc_searcher *s, const npc_knownitem_params *p,
                                  npc_knownitem_set **out, npc_err *err);
void npc_knownitem_free(npc_knownitem_set *set);

/* The number of queries, and query i (i < count) in generation order: every query of the
 * first genre, then the next …  Borrowed: valid until npc_knownitem_free. */
size_t npc_knownitem_count(const npc_knownitem_set *set);
const npc_knownitem_query *npc_knownitem_get(const npc_knownitem_set *set, size_t i);

/* One query asked, as the report callback sees it; borrowed for the call. */
typedef struct npc_knownitem_result {
    const npc_knownitem_query *query;
    npc_status status; /* of the search; not NPC_OK: the query counts as not found */
    const npc_err *err;
    unsigned rank; /* of the source document among the first ten hits, 1..10; 0: not there */
} npc_knownitem_result;

typedef void (*npc_knownitem_report)(void *ctx, const npc_knownitem_result *r);

/* The figures of a genre, or of all of them. */
typedef struct npc_knownitem_summary {
    size_t queries;
    double found10, mrr10; /* means over the queries; 0 when there are none */
} npc_knownitem_summary;

/*
 * Asks s every query of set with no filter (the first ten hits, no snippets), reports each
 * (report may be NULL) and writes the figures of each genre into out[genre] and of every
 * query into out[NPC_KNOWNITEM_NGENRES].  A search that fails counts as not found; nothing
 * else can fail.
 */
void npc_knownitem_run(npc_searcher *s, const npc_knownitem_set *set, npc_knownitem_report report,
                       void *ctx, npc_knownitem_summary out[NPC_KNOWNITEM_NGENRES + 1]);

#endif

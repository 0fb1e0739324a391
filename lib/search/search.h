/*
 * search.h — one search over an index, answered as the JSON object that both
 * `npcsearch query --json` and searchd print (docs/json.md):
 *
 *   {"query", "total", "total_exact", "offset", "limit", ["partial", "missing_shards"],
 *    ["time_limited"],
 *    "hits": [{"rank", "score", "id", "type", "title", "article", "article_label", "path",
 *              "date", "category", "region", "chapter", "snippet"}],
 *    "facets": {"type": [{"value", "count"}], "category": […], "year": […], "region": […],
 *               "draft", "article", "contact_point", "submitter", "status": […]},
 *    "did_you_mean": {"query", "kind", "searched"}   (only when a correction is offered)}
 *
 * A searcher owns one database handle, the lexicon stored in that index and an analyzer made
 * from it: queries are analysed exactly as the index was.  It is not thread-safe: one per
 * thread.
 */
#ifndef NPC_SEARCH_H
#define NPC_SEARCH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "search/request.h"

typedef struct npc_searcher npc_searcher;

/* Opens the index at path: an npcsearch index directory, or a shard list (shardlist.h: local
 * and remote shards as one index).  NPC_EDB_OPEN when it cannot be opened, NPC_EDB_VERSION when
 * it was written by an incompatible indexer, NPC_EREMOTE when no shard of a list answers (one
 * that does not is left out: the searcher's answers are then partial and name it).  *out is the
 * caller's, freed with npc_searcher_close. */
npc_status npc_searcher_open(const char *path, npc_searcher **out, npc_err *err);
void npc_searcher_close(npc_searcher *s);

/* Moves to the latest revision of the index (reloading the lexicon when it changed);
 * *changed (may be NULL) tells whether it moved.  A shard list is opened anew when a local
 * shard's stub changed (a full rebuild, a replica's full copy), every 30 s for its remote
 * shards (xapian-tcpsrv sees a new generation only on a new connection), and every 2 s while a
 * shard is down (it is used again once it answers). */
npc_status npc_searcher_reopen(npc_searcher *s, int *changed, npc_err *err);

/* A public-only searcher never returns, counts or facets internal documents (schema.h
 * NPC_TERM_INTERNAL): not in hits, totals, facets, pins, document fetches or its statistics. */
void npc_searcher_set_public_only(npc_searcher *s, int on);

/* Whether one search matches the index's shards in parallel threads (the default) or one
 * after the other in the caller's thread.  A thread per shard and search costs about as much
 * as it saves when every core is already busy with other searches (searchd's workers). */
void npc_searcher_set_parallel(npc_searcher *s, int on);

/* Each match of a search stops after about `seconds` (0, the default: never) and the search
 * answers with the best matches found by then, marked "partial" and "time_limited" (over
 * local shards; a remote server runs its match to the end). */
void npc_searcher_set_time_limit(npc_searcher *s, double seconds);

/*
 * The learned expansion (assoc.h) that searches use.  By default a searcher uses the model
 * stored in the index by `npcsearch learn` (NPC_META_ASSOC), reloaded when a new one is stored.
 * npc_searcher_set_assoc makes it use m instead (borrowed: m must outlive its use; NULL: no
 * expansion) from then on, as `npcsearch eval --model`, --no-model and --folds do.
 */
struct npc_assoc;
void npc_searcher_set_assoc(npc_searcher *s, const struct npc_assoc *m);
/* The model in use (borrowed), NULL when none. */
const struct npc_assoc *npc_searcher_assoc(const npc_searcher *s);

/*
 * The lay-to-legal thesaurus (text/thesaurus.h) that questions are expanded with: the built-in
 * one (data/thesaurus.tsv), loaded through the searcher's analyzer on first use and again when
 * the index's lexicon changes; on by default.  Off (on 0): none, as `npcsearch eval
 * --no-thesaurus` measures.
 */
void npc_searcher_set_thesaurus(npc_searcher *s, int on);
/* The thesaurus in use, loaded now when it is on and not loaded yet; *out NULL when off.
 * Borrowed from s: valid until s is reopened or closed.  Fails as npc_thesaurus_load. */
struct npc_thesaurus;
npc_status npc_searcher_thesaurus(npc_searcher *s, const struct npc_thesaurus **out, npc_err *err);

/*
 * The word-vector neighbours (learn/vectors.h) that questions' rare words bring: those stored
 * in the index by `npcsearch learn --vectors`, read on first use and again after the index
 * changed; none when it has none.  Off (on 0): none, as `npcsearch eval --no-vectors`
 * measures.  npc_searcher_vectors gives them (*out NULL for none; borrowed from s, valid until
 * the next search or reopen).
 */
void npc_searcher_set_vectors(npc_searcher *s, int on);
npc_status npc_searcher_vectors(npc_searcher *s, const struct npc_assoc **out, npc_err *err);

/*
 * The laws the index's documents cite most (learn/cited.h), which lift long questions when the
 * model keeps no law prior: read on first use and again after the index changed.  Off (on 0):
 * none, as `npcsearch eval --no-cited` measures.  npc_searcher_cited gives them (*out NULL when
 * off; borrowed from s, valid until the next search or reopen).
 */
void npc_searcher_set_cited(npc_searcher *s, int on);
npc_status npc_searcher_cited(npc_searcher *s, const struct npc_assoc **out, npc_err *err);

/* The analyzer made from the index's lexicon (borrowed; same thread rules as the searcher). */
struct npc_analyzer;
struct npc_analyzer *npc_searcher_analyzer(npc_searcher *s);

/*
 * Runs the search req (request.h: checked with npc_search_req_check first; a blank query with a
 * filter matches every document the filters let through).  *out is a new JSON object (caller's
 * reference: json_decref).  Fails with NPC_EQUERY / NPC_EUTF8 / NPC_ETOOBIG / NPC_EINVAL for a
 * bad request (detail says what, err->reason where the status does not), or a database
 * status.  A database that changes underneath is reopened and the search retried once.
 */
npc_status npc_search(npc_searcher *s, const npc_search_req *req, json_t **out, npc_err *err);

/* The stored document with this id as a JSON object (caller's reference), NPC_ENOTFOUND when
 * there is none. */
npc_status npc_search_doc(npc_searcher *s, const char *id, json_t **out, npc_err *err);

/*
 * The document with this id and its context, for a document view:
 *   {"doc": {stored fields, with "text"},
 *    "law": {"id","title","date","category","region"}        (laws and articles)
 *    "articles": [{"id","article","article_sub","article_label","chapter","text"}]  (in order)
 *    "sections": [{"id","section","chapter","text"}]  (a report split by headings, in order)
 *    "cited_by": {"total", "docs": [{"id","type","title","article_label","chapter","date"}]}
 *                (laws and articles: documents citing them, newest first; for a law, not its own)
 *    "citations": [{"cite": "残疾人保障法#33", "id": article id or null}]  (what it cites)
 *    "versions": [{"id","date","adopted","in_force","in_force_until","status"}]  (laws and
 *                articles: every version of the law, in the order they took effect)}
 * *out is the caller's reference.  NPC_ENOTFOUND when there is no such document.
 */
npc_status npc_search_doc_view(npc_searcher *s, const char *id, json_t **out, npc_err *err);

/*
 * Every document the filters of req let through (its query text, paging, sort and facets are
 * not read; no filter: every document the searcher may show), in index order: each one's
 * stored fields as npc_search_doc gives them appended to docs (a JSON array, borrowed), at most
 * max of them; *total (may be NULL) the exact number of such documents, beyond max too.  The
 * filters fail as npc_search's do (NPC_EINVAL for an article that is no article number).  A
 * database that changes underneath is reopened and the listing retried once; on failure docs
 * holds what it held.
 */
npc_status npc_search_list(npc_searcher *s, const npc_search_req *req, uint32_t max, json_t *docs,
                           uint32_t *total, npc_err *err);

/*
 * Two versions of a law compared article by article (diff/diff.h; docs/json.md "Diff"): the
 * law by its title (law, npc_law_key; NULL or "" to take it from the versions), the versions
 * by id or by a date they start with (2015, 2015-03-15: the version's date or the day it took
 * effect); from and to NULL or "": the two latest.  *out a new object {"law", "from", "to",
 * "counts", "pairs"}.  NPC_EINVAL when the two name versions of different laws, or one is not
 * a law; NPC_ENOTFOUND when there is no such law or version, or the law has one version.
 */
npc_status npc_search_diff(npc_searcher *s, const char *law, const char *from, const char *to,
                           json_t **out, npc_err *err);

/*
 * The newest version of the law titled title (matched by its law key, schema.h npc_law_key)
 * and its articles: *law a new object {"id","title","date","category","region"}, *articles a
 * new array [{"id","article","article_sub","article_label","chapter","text"}] in order (the
 * caller's references).  NPC_ENOTFOUND when the index holds no such law; both NULL on failure.
 */
npc_status npc_search_law_articles(npc_searcher *s, const char *title, json_t **law,
                                   json_t **articles, npc_err *err);

/*
 * Suggestions for what is being typed into a search box, q[0..len) (UTF-8): the law titles,
 * short titles, abbreviations and vocabulary of the index's suggestion table
 * (suggest/suggest.h) that start with it or contain it, or whose pinyin or initials start
 * with it, best first, at most limit (1..NPC_SUGGEST_MAX_LIMIT):
 *   {"query", "suggestions": [{"text", "kind": "title"|"short"|"abbrev"|"term",
 *     "match": "prefix"|"pinyin"|"initials"|"contains",
 *     "law", "id", "title", "date"  (a law: its key and its newest version's document)}]}
 * A law this searcher does not hold (removed, or internal for a public-only searcher) is left
 * out.  *out is the caller's reference.  NPC_EINVAL for a limit out of range, NPC_ETOOBIG
 * (reason query_too_long) for q over NPC_SUGGEST_MAX_BYTES, NPC_EUTF8, or a database status.
 */
#define NPC_SUGGEST_MAX_LIMIT 20
#define NPC_SUGGEST_MAX_BYTES 256
npc_status npc_search_suggest(npc_searcher *s, const char *q, size_t len, uint32_t limit,
                              json_t **out, npc_err *err);

/* The index's size and revision (the sum of its shards' revisions; of a shard list, of its
 * local shards) for monitoring. */
npc_status npc_searcher_stats(npc_searcher *s, uint64_t *revision, uint32_t *documents,
                              npc_err *err);

/* The shards of a searcher opened from a shard list (0 for an index directory): *names[k] as
 * the list names it (host:port, or the path), *down[k] 1 when it is left out.  Borrowed: valid
 * until the next search or reopen. */
size_t npc_searcher_shards(const npc_searcher *s, const char *const **names,
                           const unsigned char **down);
/* How many shards of the list are down (0 for an index directory). */
size_t npc_searcher_missing(const npc_searcher *s);

/* The underlying database (borrowed: valid until the searcher is closed). */
struct xc_db *npc_searcher_db(npc_searcher *s);

#endif

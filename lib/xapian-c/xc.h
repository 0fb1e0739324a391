/*
 * xc.h — the C face of libxapian.  The only C++ in npcsearch lives behind this header (xc.cc,
 * and the ranking and facet helpers of xc_rank.h).
 *
 * Handles are opaque.  Strings go in as pointer + length and may contain any bytes.  Every call
 * that can fail returns an npc_status and fills the optional npc_err; no C++ exception, type or
 * std::string ever crosses this boundary.  Xapian exceptions are sorted as follows:
 *   DatabaseModifiedError                          -> NPC_EDB_MODIFIED (reopen and retry)
 *   DatabaseLockError                              -> NPC_EDB_LOCK
 *   DatabaseOpeningError / NotFound / VersionError -> NPC_EDB_OPEN
 *   DocNotFoundError                               -> NPC_ENOTFOUND
 *   NetworkError (and its NetworkTimeoutError)     -> NPC_EREMOTE (a remote shard is down or
 *                                                     slow: the handle must be opened again)
 *   InvalidArgumentError / InvalidOperationError   -> NPC_EINVAL
 *   any other Xapian::Error                        -> NPC_EDB
 *   std::bad_alloc                                 -> NPC_ENOMEM
 *   anything else                                  -> NPC_EINTERNAL
 * err->detail then carries Xapian's own description.
 *
 * Threads: a handle and everything made from it is used by one thread at a time.  Give each
 * thread its own xc_db.  Free functions accept NULL.
 */
#ifndef NPC_XC_H
#define NPC_XC_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xc_db xc_db;           /* a database open for reading */
typedef struct xc_wdb xc_wdb;         /* a database open for writing (one writer at a time) */
typedef struct xc_doc xc_doc;         /* a document being built */
typedef struct xc_query xc_query;     /* an immutable query tree */
typedef struct xc_enquire xc_enquire; /* a search session over one xc_db */
typedef struct xc_mset xc_mset;       /* one page of results */

typedef uint32_t xc_docid;

/* ---- reading ---------------------------------------------------------------------------- */

/* Opens the database at path (a directory or a stub file) for reading.  On success *out is the
 * caller's, freed with xc_db_close. */
npc_status xc_db_open(const char *path, xc_db **out, npc_err *err);
void xc_db_close(xc_db *db);

/* One shard of a database opened from a list: a local database (path: a directory or a stub
 * file) or one served by a stock xapian-tcpsrv (host and port).  The remote timeouts are in
 * milliseconds (0: Xapian's default of 10 s): timeout_ms bounds each exchange with the server,
 * connect_timeout_ms the connection. */
typedef struct xc_shard {
    const char *path; /* NULL for a remote shard */
    const char *host;
    unsigned port;
    unsigned timeout_ms, connect_timeout_ms;
} xc_shard;

/* Opens the n shards as one database (Xapian numbers their documents round robin and merges
 * their statistics, also over the remote protocol).  A remote shard that cannot be reached
 * fails with NPC_EREMOTE.  *out is the caller's, freed with xc_db_close. */
npc_status xc_db_open_shards(const xc_shard *shards, size_t n, xc_db **out, npc_err *err);

/* 1 when some shard of db is remote.  Queries, facets and weights made for such a handle use
 * only what a stock xapian-tcpsrv can unserialise: Xapian's own operators, posting sources and
 * match spies, weighed by the enquire's BM25Weight (xc_enquire_set_bm25). */
int xc_db_is_remote(const xc_db *db);

/* Brings db up to the latest committed revision.  *changed (may be NULL) is set to 1 when the
 * revision moved.  Enquires made from db must be made again after a reopen. */
npc_status xc_db_reopen(xc_db *db, int *changed, npc_err *err);

/* Runs Xapian's consistency check (Database::check) over the local database at path (a shard
 * directory).  NPC_OK when it is sound; NPC_EDB_CORRUPT with Xapian's finding (a table and what
 * is wrong with it) in err when not, NPC_EDB_OPEN when it cannot be opened at all. */
npc_status xc_db_check(const char *path, npc_err *err);

npc_status xc_db_doccount(const xc_db *db, uint32_t *out, npc_err *err);
npc_status xc_db_revision(const xc_db *db, uint64_t *out, npc_err *err);
/* Number of documents that contain term.  A reader's handle remembers the answer until a
 * reopen moves it to a new revision (a handle is used by one thread at a time); a writer's
 * view asks the database each time. */
npc_status xc_db_termfreq(const xc_db *db, const char *term, size_t len, uint32_t *out,
                          npc_err *err);

/* Reads user metadata under key.  *out is a NUL-terminated malloc'd copy the caller frees with
 * free(); an absent key gives an empty string, not an error. */
npc_status xc_db_metadata(const xc_db *db, const char *key, char **out, size_t *out_len,
                          npc_err *err);

/* Finds the first document that indexes term (used with unique-id terms).  NPC_ENOTFOUND when
 * there is none. */
npc_status xc_db_find_term(const xc_db *db, const char *term, size_t len, xc_docid *out,
                           npc_err *err);

/* Document data and values; *out is malloc'd, NUL-terminated, freed by the caller with free().
 * A missing value gives an empty string. */
npc_status xc_db_doc_data(const xc_db *db, xc_docid id, char **out, size_t *out_len, npc_err *err);
npc_status xc_db_doc_value(const xc_db *db, xc_docid id, unsigned slot, char **out, size_t *out_len,
                           npc_err *err);

/* Calls cb for each term of a document (in term order) with its wdf; stops early when cb
 * returns non-zero.  The term pointer is valid only during the call. */
typedef int (*xc_term_cb)(const char *term, size_t len, uint32_t wdf, void *ctx);
npc_status xc_db_doc_terms(const xc_db *db, xc_docid id, xc_term_cb cb, void *ctx, npc_err *err);

/* Calls cb for each term in the database that starts with prefix, with its term frequency in
 * place of wdf. */
npc_status xc_db_all_terms(const xc_db *db, const char *prefix, size_t prefix_len, xc_term_cb cb,
                           void *ctx, npc_err *err);

/* ---- writing ---------------------------------------------------------------------------- */

enum xc_wdb_mode {
    XC_WDB_CREATE_OR_OPEN = 1,      /* open, creating it if missing */
    XC_WDB_CREATE_OR_OVERWRITE = 2, /* start from an empty database */
    XC_WDB_CREATE_BULK = 3,         /* an empty database that is compacted before anything reads
                                       it (xc_db_compact): 64 KiB blocks while it is built */
};

/* Opens path for writing.  Fails with NPC_EDB_LOCK when another writer holds it.  *out is the
 * caller's; xc_wdb_close commits and frees it. */
npc_status xc_wdb_open(const char *path, enum xc_wdb_mode mode, xc_wdb **out, npc_err *err);

/* Commits pending changes and closes; the handle is freed even when the commit fails. */
npc_status xc_wdb_close(xc_wdb *db, npc_err *err);

/* Drops pending changes and frees the handle without committing (after a failed run). */
void xc_wdb_abandon(xc_wdb *db);

/* A read view of the writer (sees its own pending changes).  Borrowed: valid until the
 * xc_wdb is closed or abandoned; never pass it to xc_db_close. */
xc_db *xc_wdb_reader(xc_wdb *db);

/* Adds doc, replacing every document that indexes idterm (the doc must index idterm itself). */
npc_status xc_wdb_replace(xc_wdb *db, const char *idterm, size_t len, const xc_doc *doc,
                          npc_err *err);
/* Deletes every document that indexes idterm (none is not an error). */
npc_status xc_wdb_delete(xc_wdb *db, const char *idterm, size_t len, npc_err *err);
npc_status xc_wdb_commit(xc_wdb *db, npc_err *err);

/* A change to documents already written (xc_wdb_restamp): the terms starting with drop_prefix
 * removed (NULL: none) and add_term added (NULL: none); slots[i] set to values[i] (""
 * removes it); packed value `pack_index` of the packed slot `packed` (xc_doc_pack_values) set
 * to pack_value (NULL: left as it is); and, when data is not NULL, the stored data replaced by
 * what data writes into *out (malloc'd, freed here; a callback that leaves *out NULL keeps the
 * data).  Everything is borrowed for the call. */
typedef struct xc_restamp {
    const char *drop_prefix, *add_term;
    const unsigned *slots;
    const char *const *values;
    size_t nvalues;
    unsigned packed;
    size_t pack_index;
    const char *pack_value;
    npc_status (*data)(const char *in, size_t len, char **out, void *ctx, npc_err *err);
    void *ctx;
} xc_restamp;

/* Applies r to every document indexed by term[0..len) (a file's XF term), in the pending
 * transaction; *ndocs (may be NULL) counts them. */
npc_status xc_wdb_restamp(xc_wdb *db, const char *term, size_t len, const xc_restamp *r,
                          size_t *ndocs, npc_err *err);
npc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value, size_t len,
                               npc_err *err);

/* Writes a compacted copy of the database at src into the new directory dst, in blocks of
 * block_size bytes (2048 to 65536, a power of two), keeping document ids and metadata.  Full
 * B-tree blocks and fewer of them: fewer reads for every later search. */
npc_status xc_db_compact(const char *src, const char *dst, unsigned block_size, npc_err *err);

/* ---- documents -------------------------------------------------------------------------- */

npc_status xc_doc_new(xc_doc **out, npc_err *err);
void xc_doc_free(xc_doc *doc);

/* Adds an occurrence of term at position pos (positions make phrase search possible). */
npc_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, uint32_t pos,
                              uint32_t wdf_inc, npc_err *err);
/* Adds term without position. */
npc_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len, uint32_t wdf_inc,
                           npc_err *err);
/* Adds a filter term: no position, no wdf, so it never changes BM25 document length. */
npc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len, npc_err *err);
npc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len, npc_err *err);
/* The data set on doc, copied into *out (malloc'd, freed by the caller with free()). */
npc_status xc_doc_data(const xc_doc *doc, char **out, size_t *out_len, npc_err *err);
npc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len,
                            npc_err *err);
/* Moves the values of slots[0..n) into slot `into` as one packed value (each value in turn,
 * its length first as a LEB128 number; a missing value packs as empty): a match spy then
 * reads one value per document instead of n (xc_enquire_add_facets).  The slots are left
 * empty. */
npc_status xc_doc_pack_values(xc_doc *doc, const unsigned *slots, size_t n, unsigned into,
                              npc_err *err);

/* Xapian's sortable_serialise: writes at most 18 bytes to buf and returns how many. */
size_t xc_sortable_serialise(double value, char buf[18]);
double xc_sortable_unserialise(const char *buf, size_t len);

/* ---- queries ---------------------------------------------------------------------------- */

enum xc_op {
    XC_OP_AND,
    XC_OP_OR,
    XC_OP_AND_NOT,
    XC_OP_FILTER,    /* weight from the first subquery, matches also need the rest */
    XC_OP_AND_MAYBE, /* matches the first, the rest only add weight */
    XC_OP_PHRASE,    /* param: window (0 = number of subqueries) */
    XC_OP_NEAR,      /* param: window */
    XC_OP_ELITE_SET, /* param: how many subqueries to keep (0 = Xapian's default) */
    XC_OP_SYNONYM,
    XC_OP_MAX,
};

/* Every constructor gives a new query that the caller frees with xc_query_free; subqueries
 * passed in are copied (Xapian shares them), so the caller still owns and frees them. */
npc_status xc_query_term(const char *term, size_t len, uint32_t wqf, xc_query **out, npc_err *err);
/* Every term that starts with prefix[0..len), as one term (Xapian's OP_WILDCARD, expanded
 * in full on each database when the query runs, into OP_SYNONYM). */
npc_status xc_query_wildcard(const char *prefix, size_t len, xc_query **out, npc_err *err);
npc_status xc_query_match_all(xc_query **out, npc_err *err);
/* terms[i][0..lens[i]) for i < n, each with wqf 1, combined with op (an AND of filter terms). */
npc_status xc_query_terms(enum xc_op op, const char *const *terms, const size_t *lens, size_t n,
                          xc_query **out, npc_err *err);
/* The documents whose value in slot lies in [lo, hi] (byte order); a NULL bound is open. */
npc_status xc_query_value_range(unsigned slot, const char *lo, size_t lolen, const char *hi,
                                size_t hilen, xc_query **out, npc_err *err);
/* NULL entries in subs are skipped; with none left the result is the empty query. */
npc_status xc_query_combine(enum xc_op op, xc_query *const *subs, size_t n, uint32_t param,
                            xc_query **out, npc_err *err);
npc_status xc_query_scale(const xc_query *q, double factor, xc_query **out, npc_err *err);
/* Matches every document with the same weight (>= 0): a constant lift once filtered. */
npc_status xc_query_fixed_weight(double weight, xc_query **out, npc_err *err);
/* Matches the documents that index term (a filter term, typically), each with the same weight
 * (>= 0): a constant boost for a fixed set of documents.  For a local db each shard's set is
 * read once per revision into a bitmap kept in memory (about 1 bit per document, shared by all
 * queries and threads), so the boost costs no posting-list reads once the set is loaded; for a
 * remote one (or NULL) it is Xapian's fixed weight filtered by the term, the same weights. */
npc_status xc_query_term_boost(const xc_db *db, const char *term, size_t len, double weight,
                               xc_query **out, npc_err *err);
/* The same for n terms (n >= 1), each with its own weight (>= 0): a document that indexes
 * several of them gets the sum of their weights (local: one bitmap of the terms' documents and
 * their sums, read once per shard revision and set of terms; remote: the OR of each term's fixed
 * weight filtered by the term). */
npc_status xc_query_terms_boost(const xc_db *db, const char *const *terms, const size_t *lens,
                                const double *weights, size_t n, xc_query **out, npc_err *err);
/* BM25's parameters (Xapian's BM25Weight with k2 = 0; k3 has no effect on terms of wqf 1). */
typedef struct xc_bm25 {
    double k1, b, min_normlen;
} xc_bm25;

/* One term of xc_query_cached_bm25: tf is its document frequency in that call's db when the
 * caller has it (0: looked up); scale multiplies its weight (as xc_query_scale); an extra term
 * only adds weight to documents the other terms match (as XC_OP_AND_MAYBE); when some terms
 * are required, only the documents holding all of them match (as XC_OP_AND), the others only
 * add weight. */
typedef struct xc_cached_bm25_term {
    const char *term;
    size_t len;
    uint32_t tf;
    double scale;
    int extra;
    int required;
} xc_cached_bm25_term;

/* The OR of terms (extra ones AND_MAYBE'd onto it) with the documents and weights of that OR
 * under BM25Weight, with db's statistics, but scored term at a time from posting lists kept in
 * memory: per shard revision, the document lengths, and each term's postings in an LRU of
 * 512 MiB shared by all queries and threads.  Several times faster than the OR for questions
 * of many terms.  Terms of scale 0 are dropped (none left: the empty query).  The weights use
 * db's statistics whatever database the query later runs on.  For a remote db the query is that
 * OR itself, to run with an enquire weighing by the same bm25 (xc_enquire_set_bm25), which
 * exchanges the statistics with the servers. */
npc_status xc_query_cached_bm25(const xc_db *db, const xc_cached_bm25_term *terms, size_t n,
                                const xc_bm25 *bm25, xc_query **out, npc_err *err);
/* A deep copy of q sharing nothing with it (Xapian's queries are reference-counted without
 * atomics: two threads must never hold the same query tree). */
npc_status xc_query_clone(const xc_query *q, xc_query **out, npc_err *err);
int xc_query_is_empty(const xc_query *q);
/* Xapian's description of q, for tests and logs; malloc'd, freed with free(); NULL on failure. */
char *xc_query_describe(const xc_query *q);
void xc_query_free(xc_query *q);

/* ---- searching -------------------------------------------------------------------------- */

/* db must outlive the enquire. */
npc_status xc_enquire_new(xc_db *db, xc_enquire **out, npc_err *err);
void xc_enquire_free(xc_enquire *e);

npc_status xc_enquire_set_query(xc_enquire *e, const xc_query *q, npc_err *err);
npc_status xc_enquire_set_bm25(xc_enquire *e, double k1, double k2, double k3, double b,
                               double min_normlen, npc_err *err);
/* Sort order: relevance (the default), or by a value slot (string order; reverse = descending)
 * with relevance breaking ties (relevance_first = 0) or the value breaking ties of relevance
 * (relevance_first = 1). */
npc_status xc_enquire_sort_relevance(xc_enquire *e, npc_err *err);
npc_status xc_enquire_sort_value(xc_enquire *e, unsigned slot, int reverse, int relevance_first,
                                 npc_err *err);

/* Counts the n facets packed in slot (xc_doc_pack_values) over the documents the next
 * xc_enquire_mset considers: one match spy counts the packed values as Xapian's
 * ValueCountMatchSpy would, whose counts are then summed per facet.  Facet i is the i-th value
 * packed.  Once per enquire.  On a reader's handle of one shard the spy reads the values from
 * a column of the slot held in memory (read on first use at each revision, about 4 bytes a
 * document), elsewhere each document's value from the database. */
npc_status xc_enquire_add_facets(xc_enquire *e, unsigned slot, size_t n, npc_err *err);
/* After xc_enquire_mset: calls cb for the top `max` values of facet `index` (empty values are
 * not counted), most frequent first, equal counts in value order.  The value pointer is valid
 * only during the call. */
typedef int (*xc_facet_cb)(const char *value, size_t len, uint32_t count, void *ctx);
npc_status xc_enquire_facet(const xc_enquire *e, size_t index, size_t max, xc_facet_cb cb,
                            void *ctx, npc_err *err);

/* Drops matches scoring below percent % of the best match or below weight (Xapian's
 * set_cutoff; 0, 0 for none): they leave the total and the facets too. */
npc_status xc_enquire_set_cutoff(xc_enquire *e, int percent, double weight, npc_err *err);

/* After xc_enquire_mset on both: adds the facet counts and total of from (an enquire with the
 * same facets, on another shard) to those of into. */
npc_status xc_enquire_merge_facets(xc_enquire *into, const xc_enquire *from, npc_err *err);

/* After xc_enquire_mset: how many documents the facets saw (the ValueCountMatchSpy's total):
 * the whole match set when check_at_least covered it, else a sample. */
npc_status xc_enquire_facet_total(const xc_enquire *e, uint32_t *out, npc_err *err);

/* Each later xc_enquire_mset stops matching after about `seconds` (Xapian's
 * Enquire::set_time_limit; local shards only) and answers with what it found; 0: no limit. */
npc_status xc_enquire_set_time_limit(xc_enquire *e, double seconds, npc_err *err);

/* Runs the search.  check_at_least makes the total exact up to that many matches (and is
 * needed for exact facet counts).  *out is the caller's, freed with xc_mset_free. */
npc_status xc_enquire_mset(xc_enquire *e, uint32_t offset, uint32_t limit, uint32_t check_at_least,
                           xc_mset **out, npc_err *err);

uint32_t xc_mset_size(const xc_mset *m);
/* 1 when the match ran to its enquire's time limit (xc_enquire_set_time_limit) and Xapian
 * stopped it there: the hits are the best found so far, the counts estimates. */
int xc_mset_timed_out(const xc_mset *m);
/* The value in slot of hit i (malloc'd, NUL-terminated, freed by the caller; "" when none).
 * Over a remote database the hits' documents come in one exchange (xc_enquire_mset asks for
 * them all), not one each. */
npc_status xc_mset_doc_value(const xc_mset *m, uint32_t i, unsigned slot, char **out,
                             size_t *out_len, npc_err *err);
/* Estimated number of matches (exact when it is below check_at_least). */
uint32_t xc_mset_matches_estimated(const xc_mset *m);
uint32_t xc_mset_matches_lower_bound(const xc_mset *m);
uint32_t xc_mset_matches_upper_bound(const xc_mset *m);
/* i in [0, size) */
xc_docid xc_mset_docid(const xc_mset *m, uint32_t i);
double xc_mset_weight(const xc_mset *m, uint32_t i);
/* Document data of hit i; malloc'd, NUL-terminated, caller frees with free(). */
npc_status xc_mset_doc_data(const xc_mset *m, uint32_t i, char **out, size_t *out_len,
                            npc_err *err);
void xc_mset_free(xc_mset *m);

#ifdef __cplusplus
}
#endif

#endif

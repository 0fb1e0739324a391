/*
 * search_int.h — what the files of lib/search share; not part of the API (search.h is).
 *
 * The path of a search (docs/architecture.md):
 *   search.c    npc_search: the request's query parsed (lib/query), then run: pins, ranked
 *               matches, the page, the answer
 *   searcher.c  the searcher: the database and its shards, the analyzer made from the index's
 *               lexicon, the learned model, reopening, statistics
 *   filters.c   the request's filters and the searcher's visibility as boolean queries
 *   match.c     the enquire of a query (BM25, cutoff, facets, how many matches to count) and
 *               the ranked matches of a search over one database
 *   shards.c    the same over each shard on its own, merged by weight
 *   page.c      the pinned documents, and the page: pins first, then the ranked matches
 *   render.c    a hit and the facets as JSON
 *   docview.c   one document and its context (articles, sections, citations, backlinks)
 *   suggest.c   suggestions as one types, and "did you mean" (lib/suggest over this index)
 */
#ifndef NPC_SEARCH_INT_H
#define NPC_SEARCH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "index/docdata.h"
#include "index/layout.h"
#include "learn/assoc.h"
#include "query/query.h"
#include "search/search.h"
#include "search/shardlist.h"
#include "suggest/correct.h"
#include "suggest/suggest.h"
#include "text/analyzer.h"
#include "text/fold.h"
#include "text/lexicon.h"
#include "text/thesaurus.h"
#include "xapian-c/xc.h"

struct npc_searcher {
    char *path;
    xc_db *db;
    xc_db *shards[NPC_SHARDS_MAX]; /* each shard on its own, for parallel matching */
    size_t nshards;
    npc_layout layout; /* the generation open, when path is an npcsearch index directory */
    int has_layout;
    /* when path is a shard list (shardlist.h): its shards, which are down (left out of db),
     * the identity of each local shard's stub when opened (a replica's full copy or a full
     * rebuild switches it, which a reopen does not see), and when the remote ones were last
     * connected and the down ones last tried */
    npc_shardlist list;
    int has_list;
    unsigned char down[NPC_SHARDS_MAX];
    size_t ndown;
    struct stub_identity {
        unsigned long long dev, ino;
        long long mtime_ns;
    } stubs[NPC_SHARDS_MAX];
    double connected, probed;
    int public_only;   /* internal documents do not exist for this searcher */
    int serial;        /* shards matched one after the other (npc_searcher_set_parallel) */
    double time_limit; /* seconds a match may take (npc_searcher_set_time_limit), 0: none */
    npc_lexicon *lx;
    npc_analyzer *an;
    uint64_t lex_hash;      /* FNV-1a of the stored lexicon the analyzer was made from */
    const npc_assoc *assoc; /* the learned expansion in use, NULL for none */
    npc_assoc *own;         /* the index's model (assoc points to it unless assoc_fixed) */
    char *assoc_stamp;      /* NPC_META_ASSOC_STAMP of the index's model loaded, NULL when none */
    int assoc_fixed;        /* the caller chose the model (npc_searcher_set_assoc) */
    int assoc_synced;       /* the stamp was read at the handle's revision (sync_assoc) */
    npc_suggest *sg;        /* the index's suggestion table, loaded on first use; NULL before */
    json_t **sg_law;        /* per entry of sg: its law's newest version once resolved, JSON null
                             * when the searcher holds none, NULL before (search/suggest.c) */
    npc_pinyin *py;         /* made on the first correction, kept across reopening */
    npc_thesaurus *thes;    /* loaded on first use through an, NULL before or when off */
    uint64_t thes_hash;     /* lex_hash of the lexicon thes was loaded with */
    int thes_off;           /* npc_searcher_set_thesaurus(s, 0) */
    npc_assoc *vec;         /* the index's vector neighbours (learn/vectors.h), NULL: none */
    int vec_loaded;         /* vec was read at the handle's revision */
    int vec_off;            /* npc_searcher_set_vectors(s, 0) */
    npc_assoc *cited;       /* the index's most cited laws (learn/cited.h), NULL before read */
    int cited_loaded;       /* cited was read at the handle's revision */
    int cited_off;          /* npc_searcher_set_cited(s, 0) */
};

/* ---- searcher.c --------------------------------------------------------------------------- */

/* Loads the index's learned model when its stamp differs from the one loaded (once per
 * revision of the handle), unless the caller chose the model. */
npc_status searcher_sync_model(npc_searcher *s, npc_err *err);
/* Opens the searcher's index again from its path (every shard of a list tried again), keeping
 * the open one when that fails: after a remote shard failed in the middle of a search. */
npc_status searcher_reconnect(npc_searcher *s, npc_err *err);
/* NPC_ENOTFOUND when a public-only searcher must not show document did. */
npc_status check_visible(const npc_searcher *s, xc_docid did, npc_err *err);

/* ---- suggest.c ---------------------------------------------------------------------------- */

/* The index's suggestion table (NPC_META_SUGGEST; empty for an index written before it),
 * loaded on first use and again after the index changed.  Borrowed from s. */
npc_status searcher_suggest_table(npc_searcher *s, const npc_suggest **out, npc_err *err);
/* Drops the table and what was resolved with it (the index changed). */
void searcher_suggest_drop(npc_searcher *s);
/* The "did you mean" of q[0..len) over s's index (suggest/correct.h): *out malloc'd or NULL
 * when there is none, *kind which. */
npc_status search_correction(npc_searcher *s, const char *q, size_t len, char **out,
                             enum npc_correct_kind *kind, npc_err *err);

/* ---- filters.c ---------------------------------------------------------------------------- */

/* The filters of a request (and the searcher's visibility) combined with AND; *out (the
 * caller's) NULL when there are none. */
npc_status search_filters(npc_searcher *s, const npc_search_req *r, xc_query **out, npc_err *err);
/* Matches *q (first made visible to the searcher) newest first: the first n documents into *m
 * (the caller's). */
npc_status newest_first(npc_searcher *s, xc_query **q, uint32_t n, xc_mset **m, npc_err *err);

/* ---- match.c ------------------------------------------------------------------------------ */

/* A match scores at least this share of the best match.  Long questions OR dozens of terms and
 * bigrams, so without a floor nearly every document "matched" and the total meant nothing.
 * 5 % loses nothing on the STARD questions (R@100 0.639 with and without; 15 % gave 0.615).
 * A query that requires phrases has no floor: every document holding them is a match. */
#define MATCH_CUTOFF_PERCENT 5

/* Facets are counted over at least this many evaluated matches; over a larger match set the
 * counts are scaled to the estimated total and marked approximate.  Exact counts over the
 * match sets of long questions cost ~120 ms per question; a sample of 2,000 cost 1 ms of the
 * 6.8 ms CPU of a STARD question, 500 about 0.4 ms (docs/bench.md). */
#define FACET_SAMPLE 500

/* The matches of a query that requires phrases are counted exactly up to this many (Xapian's
 * check_at_least: it checks the positions of every candidate up to there), over that Xapian's
 * estimate, flagged (total_exact).  Below it counting costs nothing more: the candidates of a
 * phrase are all read for the page anyway.  Above it, over ../shared/corpus, a phrase in 14,121
 * documents (人民法院) costs 4.7 ms over both shards counting to 5,000 (2.7 ms counting none,
 * 9 ms counting all). */
#define PHRASE_COUNT 5000

/* How many matches of pq one of nshards shards must evaluate: PHRASE_COUNT for a query with
 * phrases, FACET_SAMPLE for facets, else 0 (as few as the page needs), shared by the shards. */
uint32_t match_check(const npc_query *pq, int facets, size_t nshards);

/* An enquire over q (filtered by filter when not NULL) weighing with bm25 (the query's:
 * npc_query_bm25), its matches stopped after time_limit seconds (0: never).  *out the
 * caller's. */
npc_status make_enquire(xc_db *db, const xc_query *q, const xc_query *filter, const xc_bm25 *bm25,
                        double time_limit, xc_enquire **out, npc_err *err);

/* One hit of the ranked list: item i of mset m, with its id in the combined database. */
typedef struct ranked {
    const xc_mset *m;
    uint32_t i;
    xc_docid id;
} ranked;

/* The ranked query over one shard (shards.c), run in its own thread. */
typedef struct shard_job {
    xc_db *db;
    xc_query *own; /* this job's copy of the query */
    const xc_query *q, *filter;
    const xc_bm25 *bm25;
    uint32_t want, check; /* check: matches evaluated at least (match_check) */
    int facets, cutoff;
    double floor;      /* with cutoff: the weight floor, 0 for a share of the shard's own best */
    double time_limit; /* the searcher's (make_enquire) */
    xc_enquire *e;
    xc_mset *m;
    npc_status st;
    npc_err err;
} shard_job;

/* The ranked matches of a search, best first (or newest first), and what holds them. */
typedef struct ranking {
    ranked *list; /* the first `want` matches */
    size_t n;
    uint32_t total;     /* Xapian's estimate of the matches */
    uint32_t collapsed; /* matches collapse_reports dropped from list */
    int may_collapse;   /* the index has reports: matches past the list may collapse too */
    uint32_t floored;   /* matches under the cutoff floor of the best of all shards (shards.c),
                         * which the facets still count */
    int all_fetched;    /* every match is in list */
    int bounds_exact;   /* every count of matches is exact */
    int timed_out;      /* a match was stopped at the searcher's time limit */
    xc_enquire *facets; /* the enquire that counted the facets (borrowed), NULL when none */
    /* owned: */
    shard_job jobs[NPC_SHARDS_MAX];
    size_t njobs;
    xc_enquire *e;
    xc_mset *m;
} ranking;

/* The first `want` ranked matches of pq filtered by f (may be NULL): over each shard on its
 * own and merged when the index has several and the request sorts by relevance, else over the
 * combined database.  *out is released with ranking_release, also on failure. */
npc_status rank_matches(npc_searcher *s, const npc_search_req *r, const npc_query *pq,
                        const xc_query *f, uint32_t want, ranking *out, npc_err *err);
void ranking_release(ranking *rk);

/* ---- shards.c ----------------------------------------------------------------------------- */

/* Fills rk (list allocated for want) from every shard of s, each matched on its own (in
 * parallel unless the searcher is serial), merged by weight, facets summed. */
npc_status rank_sharded(npc_searcher *s, const npc_search_req *r, const npc_query *pq,
                        const xc_query *f, uint32_t want, ranking *rk, npc_err *err);

/* Lists of matches in descending weight (equal weights in ascending id), merged: out[k] names
 * list and index of the k-th heaviest; equal weights go to the lower id first, as Xapian orders
 * the matches of the shards opened as one (a remote shard list).  Returns how many (at most
 * want). */
typedef struct weight_list {
    const double *w;
    const xc_docid *id; /* each match's id in the combined database */
    size_t n;
} weight_list;
typedef struct merged {
    size_t list;
    uint32_t index;
} merged;
size_t merge_by_weight(const weight_list *lists, size_t nlists, size_t want, merged *out);

/* The id in a database made of nshards shards (a stub file listing them, opened as one) of
 * document `local` of shard `shard`: Xapian interleaves them (its documented rule). */
xc_docid combined_docid(xc_docid local, size_t shard, size_t nshards);

/* ---- page.c ------------------------------------------------------------------------------- */

/* The pinned documents of a search (query.h: cited articles, or the law a bare title names),
 * newest first, at most PIN_MAX.  Owned: pinned_release. */
#define PIN_MAX 50
typedef struct pinned {
    xc_query *q;
    xc_enquire *e;
    xc_mset *m;
    uint32_t n;
} pinned;
npc_status pinned_matches(npc_searcher *s, const npc_query *pq, const xc_query *f, pinned *out,
                          npc_err *err);
void pinned_release(pinned *p);

/* Ranked matches to fetch for a page that needs `want` of them once collapsed (see
 * collapse_reports): room for the documents of a report beyond NPC_COLLAPSE_MAX. */
#define COLLAPSE_FETCH(want) ((want)*2 + 20)
/* Drops from rk's list every document of a report (NPC_SLOT_COLLAPSE) after its first
 * NPC_COLLAPSE_MAX, keeping the order, and counts them in rk->collapsed: one report does not
 * fill a page.  The answer's total leaves them out (exact when every match was fetched); the
 * facets count every document. */
npc_status collapse_reports(npc_searcher *s, ranking *rk, npc_err *err);

/* One hit of a page: the index-th pinned document or the index-th ranked match. */
typedef struct page_item {
    int pinned;
    size_t index;
} page_item;
/* The page [offset, offset + limit) of the pinned documents (pins[0..np)) followed by the
 * ranked matches (ranks[0..nr)) less those pinned, into out (room for limit items); *missing
 * counts the pins the ranked matches lack.  Returns the number of items. */
size_t page_layout(const xc_docid *pins, size_t np, const xc_docid *ranks, size_t nr,
                   uint32_t offset, uint32_t limit, page_item *out, uint32_t *missing);

/* ---- render.c ----------------------------------------------------------------------------- */

/* The stored document of item i of m.  *out the caller's (npc_docdata_free). */
/* Every document of a type in the file at path, in file order (docid order within its shard),
 * with the named fields, appended to out (docview.c). */
npc_status file_docs(npc_searcher *s, const char *path, const char *type, const char *const *fields,
                     size_t nfields, json_t *out, npc_err *err);
/* The versions of the law with this key and book (NULL: none) as a new array of
 * {"id","title","date","adopted","in_force","in_force_until","status","path"}, in the order
 * they took effect (versions.c). */
npc_status search_versions(npc_searcher *s, const char *key, const char *book, json_t **out,
                           npc_err *err);
npc_status mset_doc(const xc_mset *m, uint32_t i, npc_docdata **out, npc_err *err);
/* The named fields a stored document has, as a new object. */
json_t *pick_stored(const npc_docdata *d, const char *const *fields, size_t n);
/* Appends item i of m as a hit of this rank to hits (with a snippet unless snippet is 0). */
npc_status render_hit(npc_searcher *s, const npc_query *pq, const xc_mset *m, uint32_t i,
                      uint32_t rank, int snippet, json_t *hits, npc_err *err);
/* Sets res's "facets" and "facets_exact" from the facets counted by fe, scaled to total when
 * they were counted over a sample. */
npc_status render_facets(xc_enquire *fe, uint32_t total, int bounds_exact, json_t *res,
                         npc_err *err);

#endif

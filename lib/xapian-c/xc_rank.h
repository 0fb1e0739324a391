/*
 * xc_rank.h — the ranking and facet helpers behind xc.h: subclasses of Xapian's MatchSpy and
 * PostingSource, and the caches they read from.  Internal C++, included by xc.cc and
 * xc_rank.cc only; C sees none of it (the C API is xc.h).
 *
 *   FacetSpy + FacetColumns  xc_enquire_add_facets: counts a slot's values over the matches,
 *                            from a column of the slot held in memory per reader handle.
 *   TermBitmapBoost          xc_query_term_boost(s): a constant weight for the documents that
 *                            index a term (one of several terms, each its own weight), tested
 *                            against bitmaps of them held in memory.
 *   CachedBM25Source         xc_query_cached_bm25: the BM25 weights of an OR of terms, scored
 *                            term at a time from posting lists held in memory.
 *
 * State and memory, all of it (N: a shard's last document id + 1, about its document count):
 *   per xc_db handle  FacetColumns: one FacetColumn per facet slot, about 4 bytes * N plus
 *                     each distinct value once.  Owned by the xc_db, used only by its thread
 *                     (not locked), emptied by a reopen that moves the revision.
 *   per xc_enquire    FacetSpy: a count per distinct value; owned by the xc_enquire.
 *   per query         TermBitmapBoost and CachedBM25Source are owned by the Xapian::Query they
 *                     are released to (an xc_query), and the matcher's clones by the matcher;
 *                     each holds references to the cache entries it has read, and a
 *                     CachedBM25Source its matches and their weights (12 bytes for each
 *                     posting of its terms, at most for each document of the shard).
 *   process-wide      (each cache behind its own mutex, shared by every handle and thread,
 *                     living until exit; entries are shared_ptr, so an entry in use outlives
 *                     its eviction; a shard without a uuid is never cached, read each time)
 *                     - term bitmaps (TermBitmapBoost): N / 8 + 8 * N bytes per shard
 *                       revision and set of terms and boosts, at most 256 entries, then
 *                       emptied whole;
 *                     - BM25 length norms (CachedBM25Source): 2 bytes * N per shard revision
 *                       and BM25 parameters (4 with more than 65,536 distinct lengths), plus
 *                       40 bytes a distinct length, at most 16 entries, then emptied whole;
 *                     - postings (CachedBM25Source): 8 bytes a posting per shard revision and
 *                       term, an LRU of at most POSTINGS_CACHE_BYTES (512 MiB); a list of more
 *                       than an eighth of that (64 MiB) is read each time, never kept.
 *                     - CachedBM25Source's working arrays: 64 KiB of block weights and a
 *                       match bitmap of N / 8 bytes of the largest shard it has served; one
 *                       for each init() that ran at the same time as others (at most one per
 *                       thread), lent to one init() at a time and zeroed before it is given
 *                       back.
 * A shard's revision in these caches is its uuid, revision, document count and last id (the
 * last two tell a writer's view with pending changes from its committed revision).
 */
#ifndef NPC_XC_RANK_H
#define NPC_XC_RANK_H

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace xc_rank {

/* ---- facets ------------------------------------------------------------------------------ */

/* One value slot of every document of one shard revision, in memory: each distinct value once,
 * and by document id its number (0: no value). */
struct FacetColumn {
    std::vector<uint32_t> code;      /* by document id: 1 + the value's index, 0 for none */
    std::vector<std::string> values; /* values[code - 1] */
};

/* The facet columns of one reader's handle, by slot, each read on first use (one pass over the
 * slot's value stream) and kept until clear().  Not locked: the owning xc_db is used by one
 * thread at a time.  Only for a reader: a writer's view, whose values change with each change,
 * has none. */
class FacetColumns {
    /* NULL for several shards opened as one, asked once per revision */
    std::map<unsigned, std::shared_ptr<const FacetColumn>> by_slot;

  public:
    /* db's column of slot; NULL for several shards opened as one (Xapian 1.4 hands a match spy
     * each document with its shard's own id, which does not tell the shard).  The column is
     * shared: it stays valid for whoever holds it after clear(). */
    std::shared_ptr<const FacetColumn> get(const Xapian::Database &db, unsigned slot);
    /* Forgets every column (the revision moved). */
    void clear();
};

/* A MatchSpy counting the values of one slot over the documents the matcher considers, as
 * Xapian's ValueCountMatchSpy does (empty values are not counted, every document is in the
 * total), but from a FacetColumn when given one: a random-access value read costs a B-tree
 * descent and its preads, and a facet count reads at least FACET_SAMPLE of them per question.
 * Without a column (a writer's view, several shards) it reads each document's value.  Owned by
 * the xc_enquire that adds it (the Enquire only borrows it); holds its own reference to the
 * column. */
class FacetSpy : public Xapian::MatchSpy {
    unsigned slot;
    std::shared_ptr<const FacetColumn> column;
    std::vector<Xapian::doccount> count_by_code;            /* with a column */
    std::map<std::string, Xapian::doccount> count_by_value; /* without a column */
    Xapian::doccount total = 0;

  public:
    FacetSpy(unsigned slot, std::shared_ptr<const FacetColumn> column);
    void operator()(const Xapian::Document &doc, double wt) override;
    /* every document seen, with a value or without */
    Xapian::doccount get_total() const;
    /* calls f(value, count) for every value counted */
    template <class F> void each(F f) const
    {
        for (size_t c = 1; c < count_by_code.size(); c++) {
            if (count_by_code[c] != 0) {
                f(column->values[c - 1], count_by_code[c]);
            }
        }
        for (const auto &kv : count_by_value) {
            f(kv.first, kv.second);
        }
    }
};

/* ---- a constant boost for a term's documents --------------------------------------------- */

/* The documents of one or more terms, each with a boost, as a bitmap over one shard's ids, how
 * many there are, and by document id the sum of the boosts of the terms it indexes. */
struct TermBitmap {
    std::vector<uint64_t> words; /* bit d % 64 of words[d / 64]: document d indexes a term */
    Xapian::doccount count = 0;
    std::vector<double> sum; /* by id */
    double max_sum = 0;      /* the largest of sum */
};

/* A PostingSource giving a constant weight (its boost) to every document that indexes a term
 * (a filter term, typically); with several terms, each its own boost, a document the sum of
 * the boosts of the terms it indexes.  init() takes the terms' bitmap and sums for the shard from
 * the process-wide term bitmap cache, reading the posting lists into it once per shard revision;
 * the matcher's skip_to on each candidate is then a test of one bit instead of a block read and a
 * varint decode.  Serialised as "npc.TermBitmapBoost" (xc_query_clone). */
class TermBitmapBoost : public Xapian::PostingSource {
  public:
    /* What a boost is, shared by its clones (one per shard and match). */
    struct Spec {
        std::vector<std::string> terms;
        std::vector<double> boosts; /* by term */
        std::string key;            /* the terms and boosts as the tail of the cache key */
    };

  private:
    std::shared_ptr<const Spec> spec;
    std::shared_ptr<const TermBitmap> bitmap; /* the shard's, of all the terms, after init() */
    Xapian::docid did = 0;                    /* the current document; 0 before the first next() */
    bool ended = false;

    void seek(Xapian::docid d);
    explicit TermBitmapBoost(std::shared_ptr<const Spec> spec);

  public:
    TermBitmapBoost(const std::string &term, double boost);
    TermBitmapBoost(std::vector<std::string> terms, std::vector<double> boosts);
    Xapian::doccount get_termfreq_min() const override;
    Xapian::doccount get_termfreq_est() const override;
    Xapian::doccount get_termfreq_max() const override;
    double get_weight() const override;
    Xapian::docid get_docid() const override;
    bool at_end() const override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid d, double min_wt) override;
    void init(const Xapian::Database &db) override;
    TermBitmapBoost *clone() const override;
    std::string name() const override;
    std::string serialise() const override;
    TermBitmapBoost *unserialise(const std::string &s) const override;
    std::string get_description() const override;
};

/* ---- BM25 over cached postings ----------------------------------------------------------- */

/* The postings cache's bound (process-wide, all shards and terms).  It only bounds: an index
 * whose questions' lists fit in less holds less (searchd over ../shared/corpus/laws: 80-100 MB
 * in all).  Over ten times the laws (scripts/bench-scale) the STARD questions' lists take about
 * 320 MB (the process grew from 330 to 518 MB): at 128 MiB every question re-read many of them
 * from the B-trees, and the slowest question took 36-41 ms in process against 19-23 ms here
 * (p99 16.7-20.4 ms against 12.7-12.8 ms, docs/bench.md). */
const size_t POSTINGS_CACHE_BYTES = size_t(512) << 20;

/* Xapian 1.4's BM25Weight term weight for a term of wqf 1 under OP_SCALE_WEIGHT by scale (see
 * xc_rank.cc for the formula): with collection_size documents, termfreq of them indexing the
 * term, and BM25's k1.  Bit-identical to the termweight BM25Weight::init computes. */
double bm25_term_weight(double collection_size, double termfreq, double scale, double k1);

/* One term of a CachedBM25Source. */
struct CachedBM25Term {
    std::string term;
    double weight; /* BM25's term weight (bm25_term_weight): idf, the scale and (k1 + 1) */
    bool extra;    /* adds weight only to documents the other terms match */
    bool required; /* only documents holding every required term match */
};

/* A PostingSource that matches and weighs an OR of terms (the extra ones AND_MAYBE'd onto it;
 * with required terms, their AND with all the others AND_MAYBE'd) as Xapian's matcher does under
 * BM25Weight with k2 = 0, but term at a time in memory: Xapian walks such an OR document at a time,
 * through a tree of posting lists that each read and decode B-tree blocks (about 150 ns a posting,
 * and a STARD question has 22,000 of them); here a posting costs an add into an array.  The term
 * weights are fixed when the source is made, from the statistics of the database the query was made
 * for, and the average length given, so the weights are the same however that database is split
 * into shards.  init() takes the shard's length norms and each term's postings from the
 * process-wide caches (reading what is missing), scores every matching document into a score
 * array lent from a pool (a block of ids at a time), and keeps the matches and their weights in
 * id order (4 + 8 bytes a match) until the next init(). Serialised as "npc.CachedBM25Source"
 * (xc_query_clone). */
class CachedBM25Source : public Xapian::PostingSource {
    std::vector<CachedBM25Term> terms;
    double k1, b, min_normlen, avlen;
    /* after init: the matching documents in id order and their weights, nmatches of each
     * (arrays, not vectors: init fills them through plain pointers, which the compiler keeps
     * in registers where a vector's end was reloaded and stored on every push_back) */
    std::unique_ptr<Xapian::docid[]> docs;
    std::unique_ptr<double[]> weights;
    size_t nmatches = 0;
    size_t pos = 0;
    bool started = false;

    void advance(Xapian::docid d, double min_wt);

  public:
    CachedBM25Source(std::vector<CachedBM25Term> terms, double k1, double b, double min_normlen,
                     double avlen);
    Xapian::doccount get_termfreq_min() const override;
    Xapian::doccount get_termfreq_est() const override;
    Xapian::doccount get_termfreq_max() const override;
    double get_weight() const override;
    Xapian::docid get_docid() const override;
    bool at_end() const override;
    void next(double min_wt) override;
    void skip_to(Xapian::docid d, double min_wt) override;
    void init(const Xapian::Database &db) override;
    CachedBM25Source *clone() const override;
    std::string name() const override;
    std::string serialise() const override;
    CachedBM25Source *unserialise(const std::string &s) const override;
    std::string get_description() const override;
};

} // namespace xc_rank

#endif

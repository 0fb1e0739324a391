/*
 * xc_rank.cc — the ranking and facet helpers behind xc.h (see xc_rank.h for each one's job,
 * cost and state): the facet columns and their match spy, the term bitmap boost, BM25 over
 * cached postings, and the process-wide caches the last two read from.
 */
#include "xapian-c/xc_rank.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <list>
#include <mutex>
#include <unordered_map>

namespace xc_rank {

/* ---- facets ------------------------------------------------------------------------------ */

std::shared_ptr<const FacetColumn> FacetColumns::get(const Xapian::Database &db, unsigned slot)
{
    auto it = by_slot.find(slot);
    if (it != by_slot.end()) {
        return it->second; /* (NULL for several shards: asked once per revision) */
    }
    try {
        (void)db.get_revision(); /* refused unless there is exactly one shard */
    } catch (const Xapian::InvalidOperationError &) {
        by_slot[slot] = nullptr;
        return nullptr;
    }
    auto column = std::make_shared<FacetColumn>();
    column->code.assign(db.get_lastdocid() + 1, 0);
    std::unordered_map<std::string, uint32_t> seen;
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
        const std::string &value = *v;
        Xapian::docid d = v.get_docid();
        if (value.empty() || d >= column->code.size()) {
            continue;
        }
        auto ins = seen.emplace(value, uint32_t(column->values.size() + 1));
        if (ins.second) {
            column->values.push_back(value);
        }
        column->code[d] = ins.first->second;
    }
    by_slot[slot] = column;
    return column;
}

void FacetColumns::clear()
{
    by_slot.clear();
}

FacetSpy::FacetSpy(unsigned slot_, std::shared_ptr<const FacetColumn> column_)
    : slot(slot_), column(std::move(column_))
{
    if (column) {
        count_by_code.assign(column->values.size() + 1, 0);
    }
}

void FacetSpy::operator()(const Xapian::Document &doc, double)
{
    total++;
    if (column) {
        Xapian::docid d = doc.get_docid();
        count_by_code[d < column->code.size() ? column->code[d] : 0]++;
        return;
    }
    std::string v = doc.get_value(slot);
    if (!v.empty()) {
        count_by_value[v]++;
    }
}

Xapian::doccount FacetSpy::get_total() const
{
    return total;
}

/* ---- the process-wide caches ------------------------------------------------------------- */

namespace {

/* What is read once per shard revision and shared by threads, by key: emptied whole when it
 * holds max entries, which lets the entries of shards long replaced go.  An empty key (a shard
 * without uuid) is never kept. */
template <class V> class ShardRevisionCache {
    std::mutex mu;
    std::map<std::string, std::shared_ptr<const V>> entries;
    size_t max;

  public:
    explicit ShardRevisionCache(size_t max_) : max(max_)
    {
    }
    std::shared_ptr<const V> get(const std::string &key)
    {
        std::lock_guard<std::mutex> lock(mu);
        auto it = key.empty() ? entries.end() : entries.find(key);
        return it == entries.end() ? nullptr : it->second;
    }
    void put(const std::string &key, std::shared_ptr<const V> v)
    {
        if (key.empty()) {
            return;
        }
        std::lock_guard<std::mutex> lock(mu);
        if (entries.size() >= max) {
            entries.clear();
        }
        entries[key] = std::move(v);
    }
};

/* What names one shard's contents in the caches below ("" when the shard has no uuid, and
 * nothing is cached): uuid, revision, document count and last id.  The count and last id tell
 * a writer's view with pending changes from its committed revision. */
std::string shard_key(const Xapian::Database &db)
{
    std::string uuid = db.get_uuid();
    if (uuid.empty()) {
        return uuid;
    }
    return uuid + '/' + std::to_string(db.get_revision()) + '/' +
           std::to_string(db.get_doccount()) + '/' + std::to_string(db.get_lastdocid()) + '/';
}

/* Term bitmaps by shard (shard_key) and term. */
ShardRevisionCache<TermBitmap> term_bitmap_cache(256);

/* The largest wdf whose shares Norms keeps. */
const unsigned SHARE_WDF = 4;

/* A shard's BM25 length norms: by document id the number of its norm among the distinct ones
 * (2 bytes a document while a shard has at most 65,536 distinct lengths, 4 beyond), so that the
 * norms a question's scoring reads fit the core's cache where 8 bytes a document did not. */
struct Norms {
    std::vector<uint16_t> code16; /* by id, while value has at most 65,536 entries */
    std::vector<uint32_t> code32; /* by id, otherwise */
    std::vector<double> value;    /* value[0] is 0, the norm of an id with no document */
    /* share[c * SHARE_WDF + w - 1]: w / (value[c] + w), a posting's share of its term's weight
     * for a wdf w of at most SHARE_WDF (nearly every posting), computed once per norm instead
     * of once per posting and question */
    std::vector<double> share;
    size_t size() const
    {
        return code16.empty() ? code32.size() : code16.size();
    }
};

/* BM25 length norms by shard (shard_key) and parameters. */
ShardRevisionCache<Norms> norms_cache(16);

/* One term's postings in one shard, in id order. */
struct Postings {
    std::vector<Xapian::docid> docs;
    std::vector<Xapian::termcount> wdf;
};

/* Postings by shard (shard_key) and term, in an LRU of at most POSTINGS_CACHE_BYTES. */
struct PostingsCacheEntry {
    std::shared_ptr<const Postings> postings;
    std::list<std::string>::iterator lru;
    size_t bytes;
};
std::mutex postings_mu; /* guards the three below */
std::unordered_map<std::string, PostingsCacheEntry> postings_cache;
std::list<std::string> postings_lru; /* most recently used first */
size_t postings_bytes = 0;

/* The documents of terms as a bitmap with, by document, the sum of its terms' boosts, from the
 * cache or read into it under the terms and boosts. */
std::shared_ptr<const TermBitmap> cached_boost_bitmap(const Xapian::Database &db,
                                                      const TermBitmapBoost::Spec &spec)
{
    const std::vector<std::string> &terms = spec.terms;
    const std::vector<double> &boosts = spec.boosts;
    std::string key = shard_key(db);
    if (!key.empty()) {
        key += spec.key;
    }
    if (auto cached = term_bitmap_cache.get(key)) {
        return cached;
    }
    auto bitmap = std::make_shared<TermBitmap>();
    bitmap->words.assign(db.get_lastdocid() / 64 + 1, 0);
    bitmap->sum.assign(db.get_lastdocid() + 1, 0.0);
    for (size_t i = 0; i < terms.size(); i++) {
        for (auto p = db.postlist_begin(terms[i]); p != db.postlist_end(terms[i]); ++p) {
            Xapian::docid d = *p;
            if (!(bitmap->words[d / 64] >> (d % 64) & 1)) {
                bitmap->words[d / 64] |= uint64_t(1) << (d % 64);
                bitmap->count++;
            }
            bitmap->sum[d] += boosts[i];
            bitmap->max_sum = std::max(bitmap->max_sum, bitmap->sum[d]);
        }
    }
    term_bitmap_cache.put(key, bitmap);
    return bitmap;
}

/* Per document id of the shard: k1 * (max(length / avlen, min_normlen) * b + (1 - b)), the
 * divisor BM25Weight::get_sumpart adds a posting's wdf to (its len_factor is 1 / avlen, 0 when
 * avlen is 0).  norm_params is {k1, b, min_normlen, avlen}; cached under the shard and those
 * parameters (avlen is the whole database's). */
std::shared_ptr<const Norms> cached_norms(const Xapian::Database &db, const std::string &shard,
                                          const double norm_params[4])
{
    std::string cache_key =
        shard.empty() ? shard
                      : shard + std::string(reinterpret_cast<const char *>(norm_params), 32);
    if (auto cached = norms_cache.get(cache_key)) {
        return cached;
    }
    double k1 = norm_params[0], b = norm_params[1], min_normlen = norm_params[2];
    double len_factor = norm_params[3] > 0 ? 1.0 / norm_params[3] : 0.0;
    auto norms = std::make_shared<Norms>();
    norms->value.push_back(0.0);
    std::vector<uint32_t> code(db.get_lastdocid() + 1, 0);
    std::unordered_map<Xapian::termcount, uint32_t> by_length;
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        Xapian::termcount len = p.get_doclength();
        auto it = by_length.find(len);
        if (it == by_length.end()) {
            double normlen = std::max(len * len_factor, min_normlen);
            it = by_length.emplace(len, uint32_t(norms->value.size())).first;
            norms->value.push_back(k1 * (normlen * b + (1 - b)));
        }
        code[*p] = it->second;
    }
    for (double v : norms->value) {
        for (unsigned w = 1; w <= SHARE_WDF; w++) {
            norms->share.push_back(double(w) / (v + double(w)));
        }
    }
    if (norms->value.size() <= 65536) {
        norms->code16.assign(code.begin(), code.end());
    } else {
        norms->code32 = std::move(code);
    }
    norms_cache.put(cache_key, norms);
    return norms;
}

/* term's postings in the shard db, from the LRU or read (and kept when small enough) */
std::shared_ptr<const Postings> cached_postings(const Xapian::Database &db,
                                                const std::string &shard, const std::string &term)
{
    std::string cache_key = shard + term;
    if (!shard.empty()) {
        std::lock_guard<std::mutex> lock(postings_mu);
        auto it = postings_cache.find(cache_key);
        if (it != postings_cache.end()) {
            postings_lru.splice(postings_lru.begin(), postings_lru, it->second.lru);
            return it->second.postings;
        }
    }
    auto p = std::make_shared<Postings>();
    for (auto i = db.postlist_begin(term); i != db.postlist_end(term); ++i) {
        p->docs.push_back(*i);
        p->wdf.push_back(i.get_wdf());
    }
    size_t bytes =
        cache_key.size() + p->docs.size() * (sizeof(Xapian::docid) + sizeof(Xapian::termcount));
    if (!shard.empty() && bytes <= POSTINGS_CACHE_BYTES / 8) {
        std::lock_guard<std::mutex> lock(postings_mu);
        if (postings_cache.find(cache_key) == postings_cache.end()) {
            while (postings_bytes + bytes > POSTINGS_CACHE_BYTES && !postings_lru.empty()) {
                auto old = postings_cache.find(postings_lru.back());
                postings_bytes -= old->second.bytes;
                postings_cache.erase(old);
                postings_lru.pop_back();
            }
            postings_lru.push_front(cache_key);
            postings_cache[cache_key] = PostingsCacheEntry{p, postings_lru.begin(), bytes};
            postings_bytes += bytes;
        }
    }
    return p;
}

} // namespace

/* ---- a constant boost for a term's documents --------------------------------------------- */

TermBitmapBoost::TermBitmapBoost(const std::string &term_, double boost_)
    : TermBitmapBoost(std::vector<std::string>{term_}, std::vector<double>{boost_})
{
}

TermBitmapBoost::TermBitmapBoost(std::vector<std::string> terms_, std::vector<double> boosts_)
{
    auto s = std::make_shared<Spec>();
    for (size_t i = 0; i < terms_.size(); i++) {
        s->key += std::to_string(terms_[i].size()) + ':' + terms_[i] +
                  Xapian::sortable_serialise(boosts_[i]);
    }
    s->terms = std::move(terms_);
    s->boosts = std::move(boosts_);
    spec = std::move(s);
}

TermBitmapBoost::TermBitmapBoost(std::shared_ptr<const Spec> spec_) : spec(std::move(spec_))
{
}

/* the first document in the set at or after d */
void TermBitmapBoost::seek(Xapian::docid d)
{
    const std::vector<uint64_t> &words = bitmap->words;
    size_t w = d / 64;
    if (w >= words.size()) {
        ended = true;
        return;
    }
    uint64_t word = words[w] & (~uint64_t(0) << (d % 64));
    while (word == 0) {
        if (++w == words.size()) {
            ended = true;
            return;
        }
        word = words[w];
    }
    did = Xapian::docid(w * 64 + unsigned(__builtin_ctzll(word)));
}

Xapian::doccount TermBitmapBoost::get_termfreq_min() const
{
    return bitmap ? bitmap->count : 0; /* known once init() has run */
}

Xapian::doccount TermBitmapBoost::get_termfreq_est() const
{
    return bitmap ? bitmap->count : 0; /* known once init() has run */
}

Xapian::doccount TermBitmapBoost::get_termfreq_max() const
{
    return bitmap ? bitmap->count : 0; /* known once init() has run */
}

double TermBitmapBoost::get_weight() const
{
    return did < bitmap->sum.size() ? bitmap->sum[did] : 0;
}

Xapian::docid TermBitmapBoost::get_docid() const
{
    return did;
}

bool TermBitmapBoost::at_end() const
{
    return ended;
}

void TermBitmapBoost::next(double)
{
    seek(did + 1);
}

void TermBitmapBoost::skip_to(Xapian::docid d, double)
{
    if (d > did) {
        seek(d);
    }
}

void TermBitmapBoost::init(const Xapian::Database &db)
{
    bitmap = cached_boost_bitmap(db, *spec);
    did = 0;
    ended = false;
    /* the bound the matcher prunes by: the largest weight a document has, not the sum of all */
    set_maxweight(bitmap->max_sum);
}

TermBitmapBoost *TermBitmapBoost::clone() const
{
    return new TermBitmapBoost(spec);
}

std::string TermBitmapBoost::name() const
{
    return "npc.TermBitmapBoost";
}

std::string TermBitmapBoost::get_description() const
{
    std::string d = "npc.TermBitmapBoost(";
    for (size_t i = 0; i < spec->terms.size(); i++) {
        d += (i ? " " : "") + spec->terms[i] + '=' + std::to_string(spec->boosts[i]);
    }
    return d + ')';
}

/* Each term: LEN:BYTES of its boost (sortable_serialise), then LEN:BYTES of the term. */
std::string TermBitmapBoost::serialise() const
{
    std::string s;
    for (size_t i = 0; i < spec->terms.size(); i++) {
        const std::string &t = spec->terms[i];
        std::string b = Xapian::sortable_serialise(spec->boosts[i]);
        s += std::to_string(b.size()) + ':' + b + std::to_string(t.size()) + ':' + t;
    }
    return s;
}

/* The LEN:BYTES at s[*at..), *at moved past it. */
static std::string serialised_field(const std::string &s, size_t *at)
{
    size_t colon = s.find(':', *at);
    if (colon == std::string::npos || colon == *at ||
        s.find_first_not_of("0123456789", *at) != colon || colon - *at > 9) {
        throw Xapian::SerialisationError("bad npc.TermBitmapBoost");
    }
    size_t len = std::stoul(s.substr(*at, colon - *at));
    if (len > s.size() - colon - 1) {
        throw Xapian::SerialisationError("bad npc.TermBitmapBoost");
    }
    *at = colon + 1 + len;
    return s.substr(colon + 1, len);
}

TermBitmapBoost *TermBitmapBoost::unserialise(const std::string &s) const
{
    std::vector<std::string> ts;
    std::vector<double> bs;
    for (size_t at = 0; at < s.size();) {
        bs.push_back(Xapian::sortable_unserialise(serialised_field(s, &at)));
        ts.push_back(serialised_field(s, &at));
    }
    if (ts.empty()) {
        throw Xapian::SerialisationError("bad npc.TermBitmapBoost");
    }
    return new TermBitmapBoost(std::move(ts), std::move(bs));
}

/* ---- BM25 over cached postings ----------------------------------------------------------- */

/*
 * Mirrors Xapian 1.4's BM25Weight::init(factor) (xapian-core/weight/bm25weight.cc), without an
 * RSet, operation for operation so that the result is bit-identical:
 *     tw = (get_collection_size() - tf + 0.5) / (tf + 0.5);
 *     if (tw < 2) tw = tw * 0.5 + 1;   (a term in over a third of the documents: log(tw) > 0)
 *     termweight = log(tw) * factor;    (factor: the OP_SCALE_WEIGHT scale, else 1)
 *     termweight *= (k3 + 1) * wqf / (k3 + wqf);   (exactly 1 for wqf 1: left out)
 *     termweight *= (k1 + 1);
 * tf is get_termfreq(), the term's frequency in the whole database (all shards).  The rest of
 * BM25Weight's weight, get_sumpart's termweight * (wdf / (k1 * (normlen * b + (1 - b)) +
 * wdf)), is CachedBM25Source::init with the norms of cached_norms.
 */
double bm25_term_weight(double collection_size, double termfreq, double scale, double k1)
{
    double idf = (collection_size - termfreq + 0.5) / (termfreq + 0.5);
    if (idf < 2) {
        idf = idf * 0.5 + 1;
    }
    return std::log(idf) * scale * (k1 + 1);
}

CachedBM25Source::CachedBM25Source(std::vector<CachedBM25Term> terms_, double k1_, double b_,
                                   double min_normlen_, double avlen_)
    : terms(std::move(terms_)), k1(k1_), b(b_), min_normlen(min_normlen_), avlen(avlen_)
{
}

void CachedBM25Source::advance(Xapian::docid d, double min_wt)
{
    if (!started) {
        started = true;
    } else if (d == 0) {
        pos++;
    }
    while (pos < nmatches && (docs[pos] < d || weights[pos] < min_wt)) {
        pos++;
    }
}

Xapian::doccount CachedBM25Source::get_termfreq_min() const
{
    return Xapian::doccount(nmatches); /* known once init() has run */
}

Xapian::doccount CachedBM25Source::get_termfreq_est() const
{
    return Xapian::doccount(nmatches);
}

Xapian::doccount CachedBM25Source::get_termfreq_max() const
{
    return Xapian::doccount(nmatches);
}

double CachedBM25Source::get_weight() const
{
    return weights[pos];
}

Xapian::docid CachedBM25Source::get_docid() const
{
    return docs[pos];
}

bool CachedBM25Source::at_end() const
{
    return started && pos >= nmatches;
}

void CachedBM25Source::next(double min_wt)
{
    advance(0, min_wt);
}

void CachedBM25Source::skip_to(Xapian::docid d, double min_wt)
{
    advance(d, min_wt);
}

/* Marks in matched the documents that hold every required term of terms (postings[k] are
 * terms[k]'s); false, marking nothing, when no term is required. */
static bool mark_required(const std::vector<CachedBM25Term> &terms,
                          const std::vector<std::shared_ptr<const Postings>> &postings,
                          std::vector<uint64_t> &matched)
{
    size_t rarest = terms.size();
    for (size_t k = 0; k < terms.size(); k++) {
        if (terms[k].required &&
            (rarest == terms.size() || postings[k]->docs.size() < postings[rarest]->docs.size())) {
            rarest = k;
        }
    }
    if (rarest == terms.size()) {
        return false;
    }
    for (Xapian::docid d : postings[rarest]->docs) {
        bool all = true;
        for (size_t k = 0; k < terms.size() && all; k++) {
            const std::vector<Xapian::docid> &v = postings[k]->docs;
            all = !terms[k].required || k == rarest || std::binary_search(v.begin(), v.end(), d);
        }
        if (all) {
            matched[d / 64] |= uint64_t(1) << (d % 64);
        }
    }
    return true;
}

/* Ids a block of CachedBM25Source::init's scoring: 64 KiB of weights. */
const size_t SCORE_BLOCK = 8192;

/* CachedBM25Source::init's working arrays: the weights of one block of ids and the set of
 * matched ids of the shard, all zero between uses.  Kept in a process-wide pool rather than per
 * thread, because a search starts a thread for each shard but the first (lib/search/shards.c),
 * and arrays per thread were allocated and zeroed afresh by every such thread. */
namespace {

struct Scratch {
    std::vector<double> weight_in_block; /* by id - the block's first id */
    std::vector<uint64_t> matched;       /* bit d % 64 of matched[d / 64]: d matches */
};
std::mutex scratch_mu; /* guards scratch_pool */
std::vector<std::unique_ptr<Scratch>> scratch_pool;

/* One Scratch of at least n ids, taken from the pool (or made) and given back, still zeroed, on
 * destruction. */
struct ScratchLease {
    std::unique_ptr<Scratch> scratch;
    explicit ScratchLease(size_t n)
    {
        {
            std::lock_guard<std::mutex> lock(scratch_mu);
            if (!scratch_pool.empty()) {
                scratch = std::move(scratch_pool.back());
                scratch_pool.pop_back();
            }
        }
        if (!scratch) {
            scratch.reset(new Scratch);
        }
        if (scratch->weight_in_block.empty()) {
            scratch->weight_in_block.assign(SCORE_BLOCK, 0.0);
        }
        if (scratch->matched.size() < n / 64 + 1) {
            scratch->matched.assign(n / 64 + 1, 0);
        }
    }
    ~ScratchLease()
    {
        std::lock_guard<std::mutex> lock(scratch_mu);
        try {
            scratch_pool.push_back(std::move(scratch));
        } catch (...) { /* no room to keep it: it is freed */
        }
    }
    ScratchLease(const ScratchLease &) = delete;
    ScratchLease &operator=(const ScratchLease &) = delete;
};

} // namespace

/* Adds t's shares to weight_in_block (by id - lo) for its postings p from the at-th up to id
 * hi (in pass 0 marking each in matched, in pass 1 only where matched is marked); returns the
 * first posting left. */
template <class Code>
static size_t score_block(const CachedBM25Term &t, const Postings &p, size_t at, Xapian::docid hi,
                          Xapian::docid lo, int pass, const Code *code, const Norms &norms,
                          double *weight_in_block, std::vector<uint64_t> &matched)
{
    size_t i = at;
    for (; i < p.docs.size() && p.docs[i] < hi; i++) {
        Xapian::docid d = p.docs[i];
        uint64_t bit = uint64_t(1) << (d % 64);
        if (pass == 0) {
            matched[d / 64] |= bit;
        } else if (!(matched[d / 64] & bit)) {
            continue;
        }
        Xapian::termcount w = p.wdf[i];
        double wdf = w;
        weight_in_block[d - lo] +=
            t.weight * (w - 1 < SHARE_WDF ? norms.share[code[d] * SHARE_WDF + w - 1]
                                          : wdf / (norms.value[code[d]] + wdf));
    }
    return i;
}

void CachedBM25Source::init(const Xapian::Database &db)
{
    std::string shard = shard_key(db);
    const double norm_params[4] = {k1, b, min_normlen, avlen};
    auto norms = cached_norms(db, shard, norm_params);
    size_t n = norms->size();
    /* everything that may throw comes first: the per-thread arrays below must be left zeroed
     * for the next source whatever happens */
    std::vector<std::shared_ptr<const Postings>> term_postings;
    size_t max_matches = 0;
    for (const CachedBM25Term &t : terms) {
        term_postings.push_back(cached_postings(db, shard, t.term));
        max_matches += t.extra && !t.required ? 0 : term_postings.back()->docs.size();
    }
    size_t most = std::min(max_matches, n);
    docs.reset(new Xapian::docid[most]); /* left uninitialised: only nmatches are written */
    weights.reset(new double[most]);
    nmatches = 0;
    ScratchLease lease(n);
    double *weight_in_block = lease.scratch->weight_in_block.data();
    std::vector<uint64_t> &matched = lease.scratch->matched;
    double max_weight = 0;
    bool required = mark_required(terms, term_postings, matched);
    /* Scored a block of SCORE_BLOCK ids at a time, every term's postings in the block before the
     * next block, into weights of the block only: they stay in the core's cache for all the
     * terms and blocks, where weights by id over the whole shard (6 MB over ten times the laws)
     * went through memory for every question.  A document's weight is still the sum of its
     * terms' shares in the order of terms, so the weights are the same. */
    std::vector<size_t> at(terms.size(), 0); /* by term: its first posting not yet scored */
    for (size_t lo = 0; lo < n; lo += SCORE_BLOCK) {
        Xapian::docid hi = Xapian::docid(std::min(n, lo + SCORE_BLOCK));
        for (int pass = 0; pass < 2; pass++) {
            for (size_t k = 0; k < terms.size(); k++) {
                const CachedBM25Term &t = terms[k];
                const Postings &p = *term_postings[k];
                if ((t.extra || required) != (pass == 1)) {
                    continue;
                }
                at[k] = norms->code16.empty()
                            ? score_block(t, p, at[k], hi, Xapian::docid(lo), pass,
                                          norms->code32.data(), *norms, weight_in_block, matched)
                            : score_block(t, p, at[k], hi, Xapian::docid(lo), pass,
                                          norms->code16.data(), *norms, weight_in_block, matched);
            }
        }
        /* a match holds a posting of a term that is not extra, or of every required term (each
         * counted in max_matches, extra or not), so there are at most `most` of them */
        Xapian::docid *out_doc = docs.get() + nmatches;
        double *out_weight = weights.get() + nmatches;
        for (size_t w = lo / 64; w < (hi + 63) / 64 && w < n / 64 + 1; w++) {
            for (uint64_t word = matched[w]; word != 0; word &= word - 1) {
                Xapian::docid d = Xapian::docid(w * 64 + unsigned(__builtin_ctzll(word)));
                double &wt = weight_in_block[d - lo];
                *out_doc++ = d;
                *out_weight++ = wt;
                max_weight = std::max(max_weight, wt);
                wt = 0;
            }
            matched[w] = 0;
        }
        nmatches = size_t(out_doc - docs.get());
    }
    pos = 0;
    started = false;
    set_maxweight(max_weight);
}

CachedBM25Source *CachedBM25Source::clone() const
{
    return new CachedBM25Source(terms, k1, b, min_normlen, avlen);
}

std::string CachedBM25Source::name() const
{
    return "npc.CachedBM25Source";
}

std::string CachedBM25Source::serialise() const
{
    std::string s;
    for (double v : {k1, b, min_normlen, avlen}) {
        s.append(reinterpret_cast<const char *>(&v), sizeof v);
    }
    for (const CachedBM25Term &t : terms) {
        uint32_t l = uint32_t(t.term.size());
        s.append(reinterpret_cast<const char *>(&t.weight), sizeof t.weight);
        s += char((t.extra ? 1 : 0) | (t.required ? 2 : 0));
        s.append(reinterpret_cast<const char *>(&l), sizeof l);
        s += t.term;
    }
    return s;
}

CachedBM25Source *CachedBM25Source::unserialise(const std::string &s) const
{
    double v[4];
    size_t at = sizeof v;
    if (s.size() < at) {
        throw Xapian::SerialisationError("bad npc.CachedBM25Source");
    }
    std::memcpy(v, s.data(), sizeof v);
    std::vector<CachedBM25Term> t;
    while (at < s.size()) {
        CachedBM25Term ct;
        uint32_t l;
        if (s.size() - at < sizeof ct.weight + 1 + sizeof l) {
            throw Xapian::SerialisationError("bad npc.CachedBM25Source");
        }
        std::memcpy(&ct.weight, s.data() + at, sizeof ct.weight);
        ct.extra = (s[at + sizeof ct.weight] & 1) != 0;
        ct.required = (s[at + sizeof ct.weight] & 2) != 0;
        std::memcpy(&l, s.data() + at + sizeof ct.weight + 1, sizeof l);
        at += sizeof ct.weight + 1 + sizeof l;
        if (s.size() - at < l) {
            throw Xapian::SerialisationError("bad npc.CachedBM25Source");
        }
        ct.term = s.substr(at, l);
        at += l;
        t.push_back(std::move(ct));
    }
    return new CachedBM25Source(std::move(t), v[0], v[1], v[2], v[3]);
}

std::string CachedBM25Source::get_description() const
{
    std::string d = "npc.CachedBM25Source(";
    for (size_t i = 0; i < terms.size(); i++) {
        d += (i ? " " : "") + std::string(terms[i].extra ? "+" : "") +
             std::string(terms[i].required ? "!" : "") + terms[i].term;
    }
    return d + ")";
}

} // namespace xc_rank

/*
 * xc.cc — the C face of libxapian (see xc.h); the only C++ in npcsearch.
 *
 * This module owns the Xapian objects behind the opaque xc_* handles and the translation of every
 * Xapian (or C++) exception into an npc_status + npc_err.  Each extern "C" function runs its body
 * inside try/catch and hands the caught exception to map_exception(); functions that return a
 * plain value instead of a status return 0/NULL on failure.  Strings handed back to C are
 * malloc'd, NUL-terminated copies.  The match spy and posting sources that facets, boosts and
 * cached BM25 need, and their caches, are in xc_rank.h; here they are only made and handed to
 * Xapian.
 *
 * Writers and abandon: Xapian 1.4 commits pending changes when a WritableDatabase is closed or
 * destroyed outside a transaction, so there is no way to drop them afterwards.  A writer therefore
 * always works inside a flushed transaction: xc_wdb_open begins one, xc_wdb_commit commits it
 * (which writes a new revision) and begins the next, xc_wdb_close commits it and closes, and
 * xc_wdb_abandon cancels it, which discards everything since the last commit.  Glass still
 * flushes postings to disk at the usual threshold inside a transaction, so memory stays bounded.
 */
#include "xapian-c/xc.h"
#include "xapian-c/xc_rank.h"

#include "base/clock.h"

#include <xapian.h>

#include <algorithm>
#include <functional>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <sstream>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

struct xc_db {
    Xapian::Database db;
    bool writable = false; /* a writer's view: its term frequencies change with each change */
    bool remote = false;   /* some shard is remote: only what xapian-tcpsrv unserialises */
    /* term frequencies looked up at this revision (xc_db_termfreq), emptied by a reopen that
     * moves; a handle is used by one thread at a time */
    mutable std::unordered_map<std::string, Xapian::doccount> tf;
    /* facet columns read at this revision (a reader's only), by slot; emptied with tf */
    mutable xc_rank::FacetColumns columns;
};

/* Term frequencies kept per handle: enough for every term of a day's questions. */
static const size_t TF_CACHE_MAX = 200000;

struct xc_wdb {
    Xapian::WritableDatabase w;
    xc_db view;          /* shares w's internals, so it sees pending changes */
    bool in_txn = false; /* a transaction is open: every change goes into it */
};

struct xc_doc {
    Xapian::Document d;
};

struct xc_query {
    Xapian::Query q;
};

struct xc_enquire {
    /* Declared before e so that they outlive it: the Enquire only borrows them.  One of the two
     * counts the packed facet values: spy on a local database, vspy (Xapian's own, which a
     * remote server runs and whose counts it merges) on a remote one. */
    std::unique_ptr<xc_rank::FacetSpy> spy;
    std::unique_ptr<Xapian::ValueCountMatchSpy> vspy;
    const xc_db *db;
    Xapian::Enquire e;
    size_t nfacets = 0;
    /* the spy's counts summed per facet, made by xc_enquire_mset */
    std::vector<std::map<std::string, Xapian::doccount>> facets;
    Xapian::doccount merged_total = 0; /* the totals of enquires merged in */

    double time_limit = 0; /* seconds (xc_enquire_set_time_limit), 0: none */

    explicit xc_enquire(const xc_db *d) : db(d), e(d->db)
    {
    }
};

struct xc_mset {
    Xapian::MSet m;
    Xapian::doccount n = 0; /* the hits asked for: m holds more over a remote database */
    bool timed_out = false; /* the match ran to the time limit (xc_mset_timed_out) */
};

/* Sorts the exception in flight into a status and fills err.  Call only from a catch block. */
static npc_status map_exception(npc_err *err)
{
    try {
        throw;
    } catch (const Xapian::DatabaseModifiedError &e) {
        return npc_fail(err, NPC_EDB_MODIFIED, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseLockError &e) {
        return npc_fail(err, NPC_EDB_LOCK, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* also DatabaseNotFoundError and DatabaseVersionError, its subclasses */
        return npc_fail(err, NPC_EDB_OPEN, "%s", e.get_description().c_str());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return npc_fail(err, NPC_EDB_CORRUPT, "%s", e.get_description().c_str());
    } catch (const Xapian::DocNotFoundError &e) {
        return npc_fail(err, NPC_ENOTFOUND, "%s", e.get_description().c_str());
    } catch (const Xapian::NetworkError &e) {
        return npc_fail(err, NPC_EREMOTE, "%s", e.get_description().c_str());
    } catch (const Xapian::InvalidArgumentError &e) {
        return npc_fail(err, NPC_EINVAL, "%s", e.get_description().c_str());
    } catch (const Xapian::InvalidOperationError &e) {
        return npc_fail(err, NPC_EINVAL, "%s", e.get_description().c_str());
    } catch (const Xapian::Error &e) {
        return npc_fail(err, NPC_EDB, "%s", e.get_description().c_str());
    } catch (const std::bad_alloc &) {
        return npc_fail(err, NPC_ENOMEM, "out of memory in the Xapian wrapper");
    } catch (const std::exception &e) {
        return npc_fail(err, NPC_EINTERNAL, "%s", e.what());
    } catch (...) {
        return npc_fail(err, NPC_EINTERNAL, "unknown C++ exception in the Xapian wrapper");
    }
}

/* Hands s to C as a malloc'd, NUL-terminated copy. */
static npc_status copy_out(const std::string &s, char **out, size_t *out_len, npc_err *err)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (p == nullptr) {
        return npc_fail(err, NPC_ENOMEM, "cannot copy a string of %zu bytes", s.size());
    }
    if (!s.empty()) {
        std::memcpy(p, s.data(), s.size());
    }
    p[s.size()] = '\0';
    *out = p;
    if (out_len != nullptr) {
        *out_len = s.size();
    }
    return NPC_OK;
}

/* A std::string from pointer + length (NULL only with length 0). */
static std::string str(const char *p, size_t len)
{
    return len == 0 ? std::string() : std::string(p, len);
}

static npc_status bad_arg(npc_err *err, const char *func)
{
    return npc_fail(err, NPC_EINVAL, "%s: missing argument", func);
}

/* Makes sure a transaction is open before a change (after a failed commit there is none). */
static void ensure_txn(xc_wdb *db)
{
    if (!db->in_txn) {
        db->w.begin_transaction(true);
        db->in_txn = true;
    }
}

extern "C" {

/* ---- reading ---------------------------------------------------------------------------- */

npc_status xc_db_open(const char *path, xc_db **out, npc_err *err)
{
    if (path == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        std::unique_ptr<xc_db> h(new xc_db);
        h->db = Xapian::Database(path);
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_open_shards(const xc_shard *shards, size_t n, xc_db **out, npc_err *err)
{
    if (shards == nullptr || n == 0 || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        std::unique_ptr<xc_db> h(new xc_db);
        for (size_t k = 0; k < n; k++) {
            const xc_shard &sh = shards[k];
            if (sh.path != nullptr) {
                h->db.add_database(Xapian::Database(sh.path));
                continue;
            }
            if (sh.host == nullptr || sh.port == 0 || sh.port > 65535) {
                return bad_arg(err, __func__);
            }
            unsigned timeout = sh.timeout_ms ? sh.timeout_ms : 10000;
            unsigned connect = sh.connect_timeout_ms ? sh.connect_timeout_ms : 10000;
            h->db.add_database(Xapian::Remote::open(sh.host, sh.port, timeout, connect));
            h->remote = true;
        }
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

int xc_db_is_remote(const xc_db *db)
{
    return db != nullptr && db->remote;
}

void xc_db_close(xc_db *db)
{
    delete db; /* a Database destructor never throws */
}

npc_status xc_db_reopen(xc_db *db, int *changed, npc_err *err)
{
    if (db == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        bool moved = db->db.reopen();
        if (moved) {
            db->tf.clear();
            db->columns.clear();
        }
        if (changed != nullptr) {
            *changed = moved ? 1 : 0;
        }
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

#if defined(__SANITIZE_ADDRESS__)
#define XC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XC_ASAN 1
#endif
#endif
#ifdef XC_ASAN
/* libxapian 1.4.22's Database::check deletes one of its objects through a base of another size
 * (ASan: new-delete-type-mismatch, 440 vs 432 bytes, inside libxapian whatever it checks; the
 * same with a four-line program).  Harmless with glibc's allocator, but it aborts an ASan
 * build: that one report is turned off for every binary linked with the wrapper. */
extern "C" const char *__asan_default_options(void);
extern "C" const char *__asan_default_options(void)
{
    return "new_delete_type_mismatch=0";
}
#endif

npc_status xc_db_check(const char *path, npc_err *err)
{
    if (path == nullptr) {
        return bad_arg(err, __func__);
    }
    std::ostringstream found; /* a "postlist:" line before each table's findings */
    try {
        size_t n = Xapian::Database::check(path, 0, &found);
        if (n == 0) {
            return NPC_OK;
        }
        std::string what = found.str();
        std::replace(what.begin(), what.end(), '\n', ' ');
        return npc_fail(err, NPC_EDB_CORRUPT, "%zu error%s: %s", n, n == 1 ? "" : "s",
                        what.c_str());
    } catch (...) {
        npc_err e;
        npc_status st = map_exception(&e);
        /* the table being checked when it stopped: the last "name:" line */
        std::string table, line;
        std::istringstream lines(found.str());
        while (std::getline(lines, line)) {
            if (!line.empty() && line.back() == ':' && line.find(' ') == std::string::npos) {
                table = line.substr(0, line.size() - 1);
            }
        }
        /* whatever else stops the check (a short read, a bad block) is damage too */
        return npc_fail(err, st == NPC_EDB ? NPC_EDB_CORRUPT : st, "%s%s%s",
                        table.empty() ? "" : table.c_str(),
                        table.empty() ? "" : " table: ", e.detail);
    }
}

npc_status xc_db_doccount(const xc_db *db, uint32_t *out, npc_err *err)
{
    if (db == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = db->db.get_doccount();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_revision(const xc_db *db, uint64_t *out, npc_err *err)
{
    if (db == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = db->db.get_revision();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* The term's frequency in db, from the handle's cache (a writer's view asks every time). */
static Xapian::doccount termfreq(const xc_db *db, const std::string &t)
{
    if (db->writable) {
        return db->db.get_termfreq(t);
    }
    auto it = db->tf.find(t);
    if (it == db->tf.end()) {
        if (db->tf.size() >= TF_CACHE_MAX) {
            db->tf.clear();
        }
        it = db->tf.emplace(t, db->db.get_termfreq(t)).first;
    }
    return it->second;
}

npc_status xc_db_termfreq(const xc_db *db, const char *term, size_t len, uint32_t *out,
                          npc_err *err)
{
    if (db == nullptr || (term == nullptr && len != 0) || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = termfreq(db, str(term, len));
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_metadata(const xc_db *db, const char *key, char **out, size_t *out_len,
                          npc_err *err)
{
    if (db == nullptr || key == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        return copy_out(db->db.get_metadata(key), out, out_len, err);
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_find_term(const xc_db *db, const char *term, size_t len, xc_docid *out,
                           npc_err *err)
{
    if (db == nullptr || (term == nullptr && len != 0) || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        std::string t = str(term, len);
        Xapian::PostingIterator it = db->db.postlist_begin(t);
        if (it == db->db.postlist_end(t)) {
            return npc_fail(err, NPC_ENOTFOUND, "no document indexes %s", t.c_str());
        }
        *out = *it;
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_doc_data(const xc_db *db, xc_docid id, char **out, size_t *out_len, npc_err *err)
{
    if (db == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        return copy_out(db->db.get_document(id).get_data(), out, out_len, err);
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_doc_value(const xc_db *db, xc_docid id, unsigned slot, char **out, size_t *out_len,
                           npc_err *err)
{
    if (db == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        return copy_out(db->db.get_document(id).get_value(slot), out, out_len, err);
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_doc_terms(const xc_db *db, xc_docid id, xc_term_cb cb, void *ctx, npc_err *err)
{
    if (db == nullptr || cb == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        for (Xapian::TermIterator it = db->db.termlist_begin(id); it != db->db.termlist_end(id);
             ++it) {
            const std::string &t = *it;
            if (cb(t.data(), t.size(), it.get_wdf(), ctx) != 0) {
                break;
            }
        }
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_all_terms(const xc_db *db, const char *prefix, size_t prefix_len, xc_term_cb cb,
                           void *ctx, npc_err *err)
{
    if (db == nullptr || (prefix == nullptr && prefix_len != 0) || cb == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        std::string p = str(prefix, prefix_len);
        for (Xapian::TermIterator it = db->db.allterms_begin(p); it != db->db.allterms_end(p);
             ++it) {
            const std::string &t = *it;
            if (cb(t.data(), t.size(), it.get_termfreq(), ctx) != 0) {
                break;
            }
        }
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* ---- writing ---------------------------------------------------------------------------- */

npc_status xc_wdb_open(const char *path, enum xc_wdb_mode mode, xc_wdb **out, npc_err *err)
{
    if (path == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    int action;
    int block_size = 0; /* Xapian's default, 8 KiB */
    switch (mode) {
    case XC_WDB_CREATE_OR_OPEN:
        action = Xapian::DB_CREATE_OR_OPEN;
        break;
    case XC_WDB_CREATE_OR_OVERWRITE:
        action = Xapian::DB_CREATE_OR_OVERWRITE;
        break;
    case XC_WDB_CREATE_BULK:
        /* a full build's flushes insert all over the position table: larger blocks read and
         * write it in fewer system calls (a third less system time over the laws, docs/bench.md),
         * and the compaction rewrites it in the blocks it is read with */
        action = Xapian::DB_CREATE_OR_OVERWRITE;
        block_size = 65536;
        break;
    default:
        return npc_fail(err, NPC_EINVAL, "xc_wdb_open: unknown mode %d", (int)mode);
    }
    try {
        std::unique_ptr<xc_wdb> h(
            new xc_wdb{Xapian::WritableDatabase(path, action, block_size), {}});
        h->view.db = h->w;
        h->view.writable = true;
        ensure_txn(h.get());
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_wdb_close(xc_wdb *db, npc_err *err)
{
    if (db == nullptr) {
        return bad_arg(err, __func__);
    }
    npc_status s = NPC_OK;
    try {
        if (db->in_txn) {
            db->in_txn = false; /* over whatever commit_transaction does */
            db->w.commit_transaction();
        }
        db->w.close(); /* the view shares w's internals, so this closes it too */
    } catch (...) {
        s = map_exception(err);
    }
    /* After a failed commit nothing is pending (the transaction was dropped), so the implicit
     * commit of the destructor cannot write anything. */
    delete db;
    return s;
}

void xc_wdb_abandon(xc_wdb *db)
{
    if (db == nullptr) {
        return;
    }
    try {
        if (db->in_txn) {
            db->in_txn = false;
            db->w.cancel_transaction(); /* cancels even when it throws */
        }
    } catch (...) {
        /* nothing to report to: the changes are gone either way */
    }
    delete db;
}

xc_db *xc_wdb_reader(xc_wdb *db)
{
    return db == nullptr ? nullptr : &db->view;
}

npc_status xc_wdb_replace(xc_wdb *db, const char *idterm, size_t len, const xc_doc *doc,
                          npc_err *err)
{
    if (db == nullptr || idterm == nullptr || len == 0 || doc == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        ensure_txn(db);
        db->w.replace_document(std::string(idterm, len), doc->d);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_wdb_delete(xc_wdb *db, const char *idterm, size_t len, npc_err *err)
{
    if (db == nullptr || idterm == nullptr || len == 0) {
        return bad_arg(err, __func__);
    }
    try {
        ensure_txn(db);
        db->w.delete_document(std::string(idterm, len));
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_wdb_commit(xc_wdb *db, npc_err *err)
{
    if (db == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        if (db->in_txn) {
            db->in_txn = false; /* the transaction ends whether or not the commit succeeds */
            db->w.commit_transaction();
        }
        ensure_txn(db);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_db_compact(const char *src, const char *dst, unsigned block_size, npc_err *err)
{
    if (src == nullptr || dst == nullptr || block_size < 2048 || block_size > 65536 ||
        (block_size & (block_size - 1)) != 0) {
        return bad_arg(err, __func__);
    }
    try {
        Xapian::Database(src).compact(dst, Xapian::DBCOMPACT_NO_RENUMBER, (int)block_size);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value, size_t len,
                               npc_err *err)
{
    if (db == nullptr || key == nullptr || (value == nullptr && len != 0)) {
        return bad_arg(err, __func__);
    }
    try {
        ensure_txn(db);
        db->w.set_metadata(key, str(value, len));
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* ---- documents -------------------------------------------------------------------------- */

npc_status xc_doc_new(xc_doc **out, npc_err *err)
{
    if (out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = new xc_doc;
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

void xc_doc_free(xc_doc *doc)
{
    delete doc;
}

npc_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, uint32_t pos,
                              uint32_t wdf_inc, npc_err *err)
{
    if (doc == nullptr || term == nullptr || len == 0) {
        return bad_arg(err, __func__);
    }
    try {
        doc->d.add_posting(std::string(term, len), pos, wdf_inc);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len, uint32_t wdf_inc,
                           npc_err *err)
{
    if (doc == nullptr || term == nullptr || len == 0) {
        return bad_arg(err, __func__);
    }
    try {
        doc->d.add_term(std::string(term, len), wdf_inc);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len, npc_err *err)
{
    if (doc == nullptr || term == nullptr || len == 0) {
        return bad_arg(err, __func__);
    }
    try {
        doc->d.add_boolean_term(std::string(term, len));
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len, npc_err *err)
{
    if (doc == nullptr || (data == nullptr && len != 0)) {
        return bad_arg(err, __func__);
    }
    try {
        doc->d.set_data(str(data, len));
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_doc_data(const xc_doc *doc, char **out, size_t *out_len, npc_err *err)
{
    if (doc == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        return copy_out(doc->d.get_data(), out, out_len, err);
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len, npc_err *err)
{
    if (doc == nullptr || (value == nullptr && len != 0)) {
        return bad_arg(err, __func__);
    }
    try {
        doc->d.add_value(slot, str(value, len));
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* LEB128 lengths before each packed value (xc_doc_pack_values). */
static void pack_append(std::string &out, const std::string &v)
{
    size_t n = v.size();
    do {
        unsigned char b = n & 0x7f;
        n >>= 7;
        out.push_back(static_cast<char>(n ? b | 0x80 : b));
    } while (n != 0);
    out += v;
}

/* The next packed value of p[*at..len) into *v; false when the packing is cut short. */
static bool unpack_next(const std::string &p, size_t *at, std::string *v)
{
    size_t n = 0;
    for (unsigned shift = 0;; shift += 7) {
        if (*at >= p.size() || shift > 28) {
            return false;
        }
        unsigned char b = static_cast<unsigned char>(p[(*at)++]);
        n |= static_cast<size_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            break;
        }
    }
    if (n > p.size() - *at) {
        return false;
    }
    v->assign(p, *at, n);
    *at += n;
    return true;
}

npc_status xc_doc_pack_values(xc_doc *doc, const unsigned *slots, size_t n, unsigned into,
                              npc_err *err)
{
    if (doc == nullptr || (slots == nullptr && n != 0)) {
        return bad_arg(err, __func__);
    }
    try {
        std::string packed;
        for (size_t i = 0; i < n; i++) {
            pack_append(packed, doc->d.get_value(slots[i]));
        }
        for (size_t i = 0; i < n; i++) {
            doc->d.add_value(slots[i], std::string()); /* removes it, present or not */
        }
        doc->d.add_value(into, packed);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

size_t xc_sortable_serialise(double value, char buf[18])
{
    return Xapian::sortable_serialise_(value, buf); /* declared XAPIAN_NOTHROW */
}

double xc_sortable_unserialise(const char *buf, size_t len)
{
    try {
        return Xapian::sortable_unserialise(str(buf, len));
    } catch (...) {
        return 0.0;
    }
}

npc_status xc_wdb_restamp(xc_wdb *db, const char *term, size_t len, const xc_restamp *r,
                          size_t *ndocs, npc_err *err)
{
    if (ndocs != nullptr) {
        *ndocs = 0;
    }
    if (db == nullptr || term == nullptr || len == 0 || r == nullptr ||
        (r->nvalues != 0 && (r->slots == nullptr || r->values == nullptr))) {
        return bad_arg(err, __func__);
    }
    try {
        ensure_txn(db);
        std::vector<Xapian::docid> ids;
        std::string t(term, len);
        for (auto p = db->w.postlist_begin(t); p != db->w.postlist_end(t); ++p) {
            ids.push_back(*p);
        }
        for (Xapian::docid id : ids) {
            Xapian::Document d = db->w.get_document(id);
            if (r->drop_prefix != nullptr) {
                std::vector<std::string> drop;
                std::string pre(r->drop_prefix);
                auto it = d.termlist_begin();
                for (it.skip_to(pre);
                     it != d.termlist_end() && (*it).compare(0, pre.size(), pre) == 0; ++it) {
                    drop.push_back(*it);
                }
                for (const std::string &x : drop) {
                    d.remove_term(x);
                }
            }
            if (r->add_term != nullptr) {
                d.add_boolean_term(r->add_term);
            }
            for (size_t i = 0; i < r->nvalues; i++) {
                d.add_value(r->slots[i], r->values[i]);
            }
            if (r->pack_value != nullptr) {
                std::string old = d.get_value(r->packed), v, packed;
                size_t at = 0;
                for (size_t i = 0; unpack_next(old, &at, &v) || i <= r->pack_index; i++) {
                    pack_append(packed, i == r->pack_index ? std::string(r->pack_value) : v);
                    v.clear();
                }
                d.add_value(r->packed, packed);
            }
            if (r->data != nullptr) {
                std::string in = d.get_data();
                char *out = nullptr;
                npc_status st = r->data(in.data(), in.size(), &out, r->ctx, err);
                if (st != NPC_OK) {
                    return st;
                }
                if (out != nullptr) {
                    d.set_data(out);
                    free(out);
                }
            }
            db->w.replace_document(id, d);
            if (ndocs != nullptr) {
                (*ndocs)++;
            }
        }
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* ---- queries ---------------------------------------------------------------------------- */

npc_status xc_query_term(const char *term, size_t len, uint32_t wqf, xc_query **out, npc_err *err)
{
    if ((term == nullptr && len != 0) || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = new xc_query{Xapian::Query(str(term, len), wqf)};
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_query_wildcard(const char *prefix, size_t len, xc_query **out, npc_err *err)
{
    if ((prefix == nullptr && len != 0) || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_WILDCARD, str(prefix, len))};
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_query_terms(enum xc_op op, const char *const *terms, const size_t *lens, size_t n,
                          xc_query **out, npc_err *err)
{
    if (out == nullptr || (n != 0 && (terms == nullptr || lens == nullptr))) {
        return bad_arg(err, __func__);
    }
    std::vector<xc_query *> subs(n, nullptr);
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < n; i++) {
        st = xc_query_term(terms[i], lens[i], 1, &subs[i], err);
    }
    if (st == NPC_OK) {
        st = xc_query_combine(op, subs.data(), n, 0, out, err);
    }
    for (xc_query *q : subs) {
        xc_query_free(q);
    }
    return st;
}

npc_status xc_query_value_range(unsigned slot, const char *lo, size_t lolen, const char *hi,
                                size_t hilen, xc_query **out, npc_err *err)
{
    if (out == nullptr || (lo == nullptr && hi == nullptr)) {
        return bad_arg(err, __func__);
    }
    try {
        if (lo == nullptr) {
            *out = new xc_query{Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, str(hi, hilen))};
        } else if (hi == nullptr) {
            *out = new xc_query{Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, str(lo, lolen))};
        } else {
            *out = new xc_query{
                Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, str(lo, lolen), str(hi, hilen))};
        }
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_query_match_all(xc_query **out, npc_err *err)
{
    if (out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = new xc_query{Xapian::Query::MatchAll};
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_query_combine(enum xc_op op, xc_query *const *subs, size_t n, uint32_t param,
                            xc_query **out, npc_err *err)
{
    if ((subs == nullptr && n != 0) || out == nullptr) {
        return bad_arg(err, __func__);
    }
    Xapian::Query::op xop;
    switch (op) {
    case XC_OP_AND:
        xop = Xapian::Query::OP_AND;
        break;
    case XC_OP_OR:
        xop = Xapian::Query::OP_OR;
        break;
    case XC_OP_AND_NOT:
        xop = Xapian::Query::OP_AND_NOT;
        break;
    case XC_OP_FILTER:
        xop = Xapian::Query::OP_FILTER;
        break;
    case XC_OP_AND_MAYBE:
        xop = Xapian::Query::OP_AND_MAYBE;
        break;
    case XC_OP_PHRASE:
        xop = Xapian::Query::OP_PHRASE;
        break;
    case XC_OP_NEAR:
        xop = Xapian::Query::OP_NEAR;
        break;
    case XC_OP_ELITE_SET:
        xop = Xapian::Query::OP_ELITE_SET;
        break;
    case XC_OP_SYNONYM:
        xop = Xapian::Query::OP_SYNONYM;
        break;
    case XC_OP_MAX:
        xop = Xapian::Query::OP_MAX;
        break;
    default:
        return npc_fail(err, NPC_EINVAL, "xc_query_combine: unknown operator %d", (int)op);
    }
    try {
        std::vector<Xapian::Query> kept;
        kept.reserve(n);
        for (size_t i = 0; i < n; i++) {
            if (subs[i] != nullptr) {
                kept.push_back(subs[i]->q);
            }
        }
        std::unique_ptr<xc_query> h(new xc_query);
        if (!kept.empty()) {
            /* The window (PHRASE/NEAR) and set size (ELITE_SET) are Xapian's own parameter;
             * 0 there already means "number of subqueries" and "10" respectively. */
            Xapian::termcount window =
                (op == XC_OP_PHRASE || op == XC_OP_NEAR || op == XC_OP_ELITE_SET) ? param : 0;
            h->q = Xapian::Query(xop, kept.begin(), kept.end(), window);
        }
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_query_scale(const xc_query *q, double factor, xc_query **out, npc_err *err)
{
    if (q == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_query_fixed_weight(double weight, xc_query **out, npc_err *err)
{
    if (out == nullptr || !(weight >= 0)) {
        return bad_arg(err, __func__);
    }
    try {
        std::unique_ptr<xc_query> h(new xc_query);
        h->q = Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release());
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_query_term_boost(const xc_db *db, const char *term, size_t len, double weight,
                               xc_query **out, npc_err *err)
{
    return xc_query_terms_boost(db, &term, &len, &weight, 1, out, err);
}

npc_status xc_query_terms_boost(const xc_db *db, const char *const *terms, const size_t *lens,
                                const double *weights, size_t n, xc_query **out, npc_err *err)
{
    if (terms == nullptr || lens == nullptr || weights == nullptr || n == 0 || out == nullptr) {
        return bad_arg(err, __func__);
    }
    for (size_t i = 0; i < n; i++) {
        if (terms[i] == nullptr || !(weights[i] >= 0)) {
            return bad_arg(err, __func__);
        }
    }
    try {
        std::unique_ptr<xc_query> h(new xc_query);
        std::vector<std::string> ts;
        std::vector<double> ws(weights, weights + n);
        for (size_t i = 0; i < n; i++) {
            ts.emplace_back(terms[i], lens[i]);
        }
        if (db == nullptr || db->remote) {
            std::vector<Xapian::Query> subs;
            for (size_t i = 0; i < n; i++) {
                subs.emplace_back(
                    Xapian::Query::OP_FILTER,
                    Xapian::Query((new Xapian::FixedWeightPostingSource(ws[i]))->release()),
                    Xapian::Query(ts[i]));
            }
            h->q = n == 1 ? subs[0] : Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
        } else {
            h->q = Xapian::Query(
                (new xc_rank::TermBitmapBoost(std::move(ts), std::move(ws)))->release());
        }
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* The Xapian query a CachedBM25Source of these terms stands for: the OR of the terms (each
 * scaled), the extra ones AND_MAYBE'd onto it; with required terms, their AND with every other
 * term AND_MAYBE'd. */
static Xapian::Query bm25_or(const xc_cached_bm25_term *terms, size_t n)
{
    bool required = false;
    for (size_t i = 0; i < n; i++) {
        required |= terms[i].required != 0 && terms[i].scale > 0;
    }
    std::vector<Xapian::Query> main, extra;
    for (size_t i = 0; i < n; i++) {
        if (!(terms[i].scale > 0)) {
            continue;
        }
        Xapian::Query t(str(terms[i].term, terms[i].len));
        if (terms[i].scale != 1.0) {
            t = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, t, terms[i].scale);
        }
        bool side = terms[i].extra || (required && !terms[i].required);
        (side ? extra : main).push_back(t);
    }
    if (main.empty()) {
        return Xapian::Query();
    }
    Xapian::Query q(required ? Xapian::Query::OP_AND : Xapian::Query::OP_OR, main.begin(),
                    main.end());
    if (extra.empty()) {
        return q;
    }
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                         Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()));
}

npc_status xc_query_cached_bm25(const xc_db *db, const xc_cached_bm25_term *terms, size_t n,
                                const xc_bm25 *bm25, xc_query **out, npc_err *err)
{
    if (db == nullptr || (terms == nullptr && n != 0) || bm25 == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    if (db->remote) {
        try {
            std::unique_ptr<xc_query> h(new xc_query);
            h->q = bm25_or(terms, n);
            *out = h.release();
            return NPC_OK;
        } catch (...) {
            return map_exception(err);
        }
    }
    try {
        /* the statistics of db, as BM25Weight takes them: its document count, each term's
         * frequency and its average document length */
        double ndocs = db->db.get_doccount();
        std::vector<xc_rank::CachedBM25Term> weighed;
        for (size_t i = 0; i < n; i++) {
            if (!(terms[i].scale > 0)) {
                continue;
            }
            std::string t = str(terms[i].term, terms[i].len);
            double tf = terms[i].tf ? terms[i].tf : termfreq(db, t);
            double w = xc_rank::bm25_term_weight(ndocs, tf, terms[i].scale, bm25->k1);
            weighed.push_back(
                xc_rank::CachedBM25Term{t, w, terms[i].extra != 0, terms[i].required != 0});
        }
        std::unique_ptr<xc_query> h(new xc_query);
        if (!weighed.empty()) {
            h->q = Xapian::Query(
                (new xc_rank::CachedBM25Source(std::move(weighed), bm25->k1, bm25->b,
                                               bm25->min_normlen, db->db.get_avlength()))
                    ->release());
        }
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_query_clone(const xc_query *q, xc_query **out, npc_err *err)
{
    if (q == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        std::unique_ptr<xc_query> h(new xc_query);
        /* serialise + unserialise: no node is shared with q, so another thread may use it */
        Xapian::Registry reg;
        reg.register_posting_source(xc_rank::TermBitmapBoost("", 0));
        reg.register_posting_source(xc_rank::CachedBM25Source({}, 0, 0, 0, 0));
        h->q = Xapian::Query::unserialise(q->q.serialise(), reg);
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

int xc_query_is_empty(const xc_query *q)
{
    return q == nullptr || q->q.empty() ? 1 : 0;
}

char *xc_query_describe(const xc_query *q)
{
    if (q == nullptr) {
        return nullptr;
    }
    try {
        char *out = nullptr;
        if (copy_out(q->q.get_description(), &out, nullptr, nullptr) != NPC_OK) {
            return nullptr;
        }
        return out;
    } catch (...) {
        return nullptr;
    }
}

void xc_query_free(xc_query *q)
{
    delete q;
}

/* ---- searching -------------------------------------------------------------------------- */

npc_status xc_enquire_new(xc_db *db, xc_enquire **out, npc_err *err)
{
    if (db == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        *out = new xc_enquire(db);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

void xc_enquire_free(xc_enquire *e)
{
    delete e;
}

npc_status xc_enquire_set_query(xc_enquire *e, const xc_query *q, npc_err *err)
{
    if (e == nullptr || q == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        e->e.set_query(q->q);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_enquire_set_bm25(xc_enquire *e, double k1, double k2, double k3, double b,
                               double min_normlen, npc_err *err)
{
    if (e == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        e->e.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_enquire_sort_relevance(xc_enquire *e, npc_err *err)
{
    if (e == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        e->e.set_sort_by_relevance();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_enquire_sort_value(xc_enquire *e, unsigned slot, int reverse, int relevance_first,
                                 npc_err *err)
{
    if (e == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        if (relevance_first) {
            e->e.set_sort_by_relevance_then_value(slot, reverse != 0);
        } else {
            e->e.set_sort_by_value_then_relevance(slot, reverse != 0);
        }
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_enquire_add_facets(xc_enquire *e, unsigned slot, size_t n, npc_err *err)
{
    if (e == nullptr || n == 0 || e->nfacets != 0) {
        return bad_arg(err, __func__);
    }
    try {
        const xc_db *db = e->db;
        if (db->remote) {
            e->vspy.reset(new Xapian::ValueCountMatchSpy(slot));
            e->e.add_matchspy(e->vspy.get()); /* borrowed: e->vspy keeps it alive */
        } else {
            /* a writer's view, whose values change with each change, has no column */
            e->spy.reset(new xc_rank::FacetSpy(slot, db->writable ? nullptr
                                                                  : db->columns.get(db->db, slot)));
            e->e.add_matchspy(e->spy.get()); /* borrowed: e->spy keeps it alive */
        }
        e->nfacets = n;
        return NPC_OK;
    } catch (...) {
        e->spy.reset();
        e->vspy.reset();
        return map_exception(err);
    }
}

/* Calls f(packed value, count) for every value the enquire's spy counted. */
static void each_count(const xc_enquire *e,
                       const std::function<void(const std::string &, Xapian::doccount)> &f)
{
    if (e->spy) {
        e->spy->each(f);
        return;
    }
    for (Xapian::TermIterator it = e->vspy->values_begin(); it != e->vspy->values_end(); ++it) {
        f(*it, it.get_termfreq());
    }
}

/* The documents the enquire's spy saw. */
static Xapian::doccount spy_total(const xc_enquire *e)
{
    return e->spy ? e->spy->get_total() : e->vspy ? e->vspy->get_total() : 0;
}

/* Sums the spy's counts of packed values per facet. */
static void sum_facets(xc_enquire *e)
{
    e->facets.assign(e->nfacets, {});
    std::string v;
    each_count(e, [&](const std::string &packed, Xapian::doccount count) {
        size_t at = 0;
        for (size_t i = 0; i < e->nfacets && unpack_next(packed, &at, &v); i++) {
            if (!v.empty()) {
                e->facets[i][v] += count;
            }
        }
    });
}

npc_status xc_enquire_facet(const xc_enquire *e, size_t index, size_t max, xc_facet_cb cb,
                            void *ctx, npc_err *err)
{
    if (e == nullptr || cb == nullptr) {
        return bad_arg(err, __func__);
    }
    if (index >= e->facets.size()) { /* (none before the first xc_enquire_mset) */
        return npc_fail(err, NPC_EINVAL, "xc_enquire_facet: no facet %zu", index);
    }
    try {
        using entry = std::pair<const std::string *, Xapian::doccount>;
        std::vector<entry> top;
        for (const auto &kv : e->facets[index]) {
            top.emplace_back(&kv.first, kv.second);
        }
        auto order = [](const entry &a, const entry &b) {
            return a.second != b.second ? a.second > b.second : *a.first < *b.first;
        };
        size_t k = std::min(max, top.size());
        std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(k), top.end(),
                          order);
        for (size_t i = 0; i < k; i++) {
            if (cb(top[i].first->data(), top[i].first->size(), top[i].second, ctx) != 0) {
                break;
            }
        }
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_enquire_merge_facets(xc_enquire *into, const xc_enquire *from, npc_err *err)
{
    if (into == nullptr || from == nullptr || into->nfacets == 0 || from->nfacets == 0 ||
        into->nfacets != from->nfacets || into->facets.size() != from->facets.size()) {
        return bad_arg(err, __func__);
    }
    try {
        for (size_t i = 0; i < from->facets.size(); i++) {
            for (const auto &kv : from->facets[i]) {
                into->facets[i][kv.first] += kv.second;
            }
        }
        into->merged_total += spy_total(from) + from->merged_total;
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_enquire_facet_total(const xc_enquire *e, uint32_t *out, npc_err *err)
{
    if (e == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    if (e->nfacets == 0) {
        return npc_fail(err, NPC_EINVAL, "xc_enquire_facet_total: no facets");
    }
    try {
        *out = static_cast<uint32_t>(spy_total(e) + e->merged_total);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_enquire_set_cutoff(xc_enquire *e, int percent, double weight, npc_err *err)
{
    if (e == nullptr || percent < 0 || percent > 100 || weight < 0) {
        return bad_arg(err, __func__);
    }
    try {
        e->e.set_cutoff(percent, weight);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_enquire_mset(xc_enquire *e, uint32_t offset, uint32_t limit, uint32_t check_at_least,
                           xc_mset **out, npc_err *err)
{
    if (e == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        std::unique_ptr<xc_mset> h(new xc_mset);
        double t0 = e->time_limit > 0 ? npc_clock() : 0;
        if (e->db->remote) {
            /* Each server is asked for at least check_at_least matches: Xapian 1.4 takes the
             * matches it receives for all there are when they are fewer than check_at_least,
             * and a server with a percentage cutoff sends only those asked for (its lower
             * bound), which made every total and facet count over remote shards that small. */
            h->m = e->e.get_mset(offset, std::max(limit, check_at_least), check_at_least);
            h->n = std::min<Xapian::doccount>(h->m.size(), limit);
            /* the hits' documents asked for at once, not one round trip each */
            h->m.fetch(h->m.begin(), h->m[h->n]);
        } else {
            h->m = e->e.get_mset(offset, limit, check_at_least);
            h->n = h->m.size();
        }
        /* Xapian does not say whether it stopped at the limit: a match that took that long did */
        h->timed_out = e->time_limit > 0 && npc_clock() - t0 >= e->time_limit;
        if (e->nfacets != 0) {
            sum_facets(e);
        }
        *out = h.release();
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

int xc_mset_timed_out(const xc_mset *m)
{
    return m != nullptr && m->timed_out;
}

npc_status xc_enquire_set_time_limit(xc_enquire *e, double seconds, npc_err *err)
{
    if (e == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        e->time_limit = seconds > 0 ? seconds : 0;
        e->e.set_time_limit(e->time_limit);
        return NPC_OK;
    } catch (...) {
        return map_exception(err);
    }
}

uint32_t xc_mset_size(const xc_mset *m)
{
    if (m == nullptr) {
        return 0;
    }
    try {
        return m->n;
    } catch (...) {
        return 0;
    }
}

uint32_t xc_mset_matches_estimated(const xc_mset *m)
{
    if (m == nullptr) {
        return 0;
    }
    try {
        return m->m.get_matches_estimated();
    } catch (...) {
        return 0;
    }
}

uint32_t xc_mset_matches_lower_bound(const xc_mset *m)
{
    if (m == nullptr) {
        return 0;
    }
    try {
        return m->m.get_matches_lower_bound();
    } catch (...) {
        return 0;
    }
}

uint32_t xc_mset_matches_upper_bound(const xc_mset *m)
{
    if (m == nullptr) {
        return 0;
    }
    try {
        return m->m.get_matches_upper_bound();
    } catch (...) {
        return 0;
    }
}

xc_docid xc_mset_docid(const xc_mset *m, uint32_t i)
{
    if (m == nullptr) {
        return 0;
    }
    try {
        if (i >= m->n) {
            return 0;
        }
        return *m->m[i];
    } catch (...) {
        return 0;
    }
}

double xc_mset_weight(const xc_mset *m, uint32_t i)
{
    if (m == nullptr) {
        return 0.0;
    }
    try {
        if (i >= m->n) {
            return 0.0;
        }
        return m->m[i].get_weight();
    } catch (...) {
        return 0.0;
    }
}

npc_status xc_mset_doc_data(const xc_mset *m, uint32_t i, char **out, size_t *out_len, npc_err *err)
{
    if (m == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        if (i >= m->n) {
            return npc_fail(err, NPC_EINVAL, "xc_mset_doc_data: hit %u of %u", (unsigned)i,
                            (unsigned)m->n);
        }
        return copy_out(m->m[i].get_document().get_data(), out, out_len, err);
    } catch (...) {
        return map_exception(err);
    }
}

npc_status xc_mset_doc_value(const xc_mset *m, uint32_t i, unsigned slot, char **out,
                             size_t *out_len, npc_err *err)
{
    if (m == nullptr || out == nullptr) {
        return bad_arg(err, __func__);
    }
    try {
        if (i >= m->n) {
            return npc_fail(err, NPC_EINVAL, "xc_mset_doc_value: hit %u of %u", (unsigned)i,
                            (unsigned)m->n);
        }
        return copy_out(m->m[i].get_document().get_value(slot), out, out_len, err);
    } catch (...) {
        return map_exception(err);
    }
}

void xc_mset_free(xc_mset *m)
{
    delete m;
}

} /* extern "C" */

/*
 * searcher.c — the searcher: the index's database and its shards, the analyzer made from the
 * index's own lexicon, the learned model, reopening after a change, statistics (see search.h).
 */
#include "search/search_int.h"

#include "base/clock.h"
#include "base/fnv.h"
#include "index/abbrev.h"
#include "index/schema.h"
#include "learn/assocdb.h"
#include "learn/cited.h"
#include "learn/vectors.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Seconds between two attempts to reach a shard that is down (each may cost a connect
 * timeout), and between new connections to the remote shards: xapian-tcpsrv opens its
 * databases when a connection starts, so only a new one sees a generation that a full rebuild
 * (or a replica's full copy) switched to. */
#define PROBE_SECONDS 2.0
#define RECONNECT_SECONDS 30.0

/* Loads the index's lexicon and the analyzer made from it into s, checking its schema; the
 * analysis of prev (may be NULL) moves into s instead when its lexicon is the same (a shard
 * list opened anew: making the analyzer costs tens of milliseconds). */
static npc_status load_analysis(npc_searcher *s, npc_searcher *prev, npc_err *err)
{
    char *schema = NULL, *lex = NULL;
    size_t sl, ll;
    npc_lexicon *lx = NULL;
    npc_analyzer *an = NULL;
    npc_status st = xc_db_metadata(s->db, NPC_META_SCHEMA, &schema, &sl, err);
    if (st == NPC_OK && strcmp(schema, NPC_SCHEMA_VERSION) != 0) {
        st = npc_fail(err, NPC_EDB_VERSION,
                      schema[0] ? "index schema %s, this program reads schema %s: rebuild it "
                                  "with npcsearch index"
                                : "not an npcsearch index (no schema%s), expected schema %s",
                      schema, NPC_SCHEMA_VERSION);
    }
    if (st == NPC_OK) {
        st = xc_db_metadata(s->db, NPC_META_LEXICON, &lex, &ll, err);
    }
    uint64_t hash = st == NPC_OK ? npc_fnv1a64(lex, ll) : 0;
    if (st == NPC_OK && prev != NULL && prev->an != NULL && prev->lex_hash == hash) {
        an = prev->an;
        lx = prev->lx;
        prev->an = NULL;
        prev->lx = NULL;
    } else {
        if (st == NPC_OK) {
            st = npc_lexicon_new(&lx, err);
        }
        if (st == NPC_OK) {
            st = npc_lexicon_load(lx, lex, ll, err);
        }
        if (st == NPC_OK) { /* as the indexer did after storing the lexicon */
            st = npc_abbrev_add(lx, err);
        }
        if (st == NPC_OK) {
            st = npc_analyzer_new(lx, &an, err);
        }
    }
    free(schema);
    free(lex);
    if (st != NPC_OK) {
        npc_lexicon_free(lx);
        return st;
    }
    if (an != s->an) {
        npc_analyzer_free(s->an);
        npc_lexicon_free(s->lx);
    }
    s->an = an;
    s->lx = lx;
    s->lex_hash = hash;
    searcher_suggest_drop(s); /* made with the lexicon: loaded again when next needed */
    return NPC_OK;
}

/* What identifies the database at path as opened: its stub file (a file, or DIR/XAPIANDB) by
 * device, inode and time of change, else the directory by device and inode (a symbolic link
 * moved to a new generation leads to another one; a commit changes neither). */
static struct stub_identity stub_of(const char *path)
{
    struct stat sb;
    char stub[4200];
    if (stat(path, &sb) != 0) {
        return (struct stub_identity){0};
    }
    if (S_ISDIR(sb.st_mode)) {
        struct stat in;
        if (snprintf(stub, sizeof stub, "%s/XAPIANDB", path) >= (int)sizeof stub ||
            stat(stub, &in) != 0) {
            return (struct stub_identity){sb.st_dev, sb.st_ino, 0};
        }
        sb = in;
    }
    return (struct stub_identity){sb.st_dev, sb.st_ino,
                                  (long long)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec};
}

/* Opens the shards of s->list as s->db; a remote shard that cannot be reached is left out and
 * marked down (all of them down: NPC_EREMOTE). */
static npc_status open_list(npc_searcher *s, npc_err *err)
{
    const npc_shardlist *l = &s->list;
    memset(s->down, 0, sizeof s->down);
    s->ndown = 0;
    for (size_t k = 0; k < l->n; k++) {
        s->stubs[k] = l->shards[k].path ? stub_of(l->shards[k].path) : (struct stub_identity){0};
    }
    s->connected = s->probed = npc_clock();
    npc_status st = xc_db_open_shards(l->shards, l->n, &s->db, err);
    if (st != NPC_EREMOTE) {
        return st;
    }
    xc_shard up[NPC_SHARDS_MAX];
    size_t nup = 0;
    for (size_t k = 0; k < l->n; k++) {
        xc_db *one = NULL;
        if (l->shards[k].path == NULL &&
            xc_db_open_shards(&l->shards[k], 1, &one, NULL) != NPC_OK) {
            s->down[k] = 1;
            s->ndown++;
        } else {
            up[nup++] = l->shards[k];
        }
        xc_db_close(one);
    }
    return nup > 0 ? xc_db_open_shards(up, nup, &s->db, err)
                   : npc_fail(err, NPC_EREMOTE, "no shard of %s answers", s->path);
}

/* 1 when the shards of s's list should be opened again: a local one's stub changed, the
 * remote ones were connected long enough ago, or a down one is due another try. */
static int list_stale(const npc_searcher *s)
{
    double now = npc_clock();
    int remote = 0;
    for (size_t k = 0; k < s->list.n; k++) {
        const xc_shard *sh = &s->list.shards[k];
        remote |= sh->path == NULL;
        if (sh->path != NULL) {
            struct stub_identity id = stub_of(sh->path);
            if (memcmp(&id, &s->stubs[k], sizeof id) != 0) {
                return 1;
            }
        }
    }
    return (remote && now - s->connected >= RECONNECT_SECONDS) ||
           (s->ndown > 0 && now - s->probed >= PROBE_SECONDS);
}

/* Opens the index at s->path into s (whose handles are all NULL). */
static npc_status open_state(npc_searcher *s, npc_searcher *prev, npc_err *err)
{
    s->has_list = npc_shardlist_is(s->path);
    if (s->has_list) {
        npc_status st = npc_shardlist_read(s->path, &s->list, err);
        if (st == NPC_OK) {
            st = open_list(s, err);
        }
        return st == NPC_OK ? load_analysis(s, prev, err) : st;
    }
    npc_status st = xc_db_open(s->path, &s->db, err);
    if (st == NPC_OK) {
        st = load_analysis(s, prev, err);
    }
    s->has_layout = st == NPC_OK && npc_layout_read(s->path, &s->layout, NULL) == NPC_OK;
    if (st == NPC_OK && s->has_layout && s->layout.nshards > 1) {
        for (size_t k = 0; st == NPC_OK && k < s->layout.nshards; k++) {
            char sp[4200];
            st = npc_layout_shard_path(s->path, &s->layout, k, sp, sizeof sp)
                     ? xc_db_open(sp, &s->shards[k], err)
                     : npc_fail(err, NPC_EINVAL, "path too long");
            s->nshards += st == NPC_OK;
        }
    }
    return st;
}

/* Releases the handles of s (not its path). */
static void drop_state(npc_searcher *s)
{
    npc_analyzer_free(s->an);
    npc_lexicon_free(s->lx);
    searcher_suggest_drop(s);
    xc_db_close(s->db);
    for (size_t k = 0; k < s->nshards; k++) {
        xc_db_close(s->shards[k]);
    }
    npc_shardlist_free(&s->list);
    s->an = NULL;
    s->lx = NULL;
    s->db = NULL;
    s->nshards = 0;
}

npc_status npc_searcher_open(const char *path, npc_searcher **out, npc_err *err)
{
    *out = NULL;
    npc_searcher *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return npc_fail(err, NPC_ENOMEM, "searcher");
    }
    s->path = strdup(path);
    npc_status st = s->path ? open_state(s, NULL, err) : npc_fail(err, NPC_ENOMEM, "path");
    if (st != NPC_OK) {
        npc_searcher_close(s);
        return st;
    }
    *out = s;
    return NPC_OK;
}

void npc_searcher_close(npc_searcher *s)
{
    if (s != NULL) {
        drop_state(s);
        npc_assoc_free(s->own);
        npc_pinyin_close(s->py);
        npc_thesaurus_free(s->thes);
        npc_assoc_free(s->vec);
        npc_assoc_free(s->cited);
        free(s->assoc_stamp);
        free(s->path);
        free(s);
    }
}

void npc_searcher_set_public_only(npc_searcher *s, int on)
{
    s->public_only = on != 0;
}

void npc_searcher_set_parallel(npc_searcher *s, int on)
{
    s->serial = on == 0;
}

void npc_searcher_set_time_limit(npc_searcher *s, double seconds)
{
    s->time_limit = seconds > 0 ? seconds : 0;
}

static int find_internal(const char *term, size_t len, uint32_t wdf, void *ctx)
{
    (void)wdf;
    size_t il = strlen(NPC_TERM_INTERNAL);
    int c = strncmp(term, NPC_TERM_INTERNAL, len < il ? len : il);
    if (c == 0 && len == il) {
        *(int *)ctx = 1;
        return 1;
    }
    return c > 0; /* terms come sorted: past it, stop */
}

npc_status check_visible(const npc_searcher *s, xc_docid did, npc_err *err)
{
    int internal = 0;
    npc_status st =
        s->public_only ? xc_db_doc_terms(s->db, did, find_internal, &internal, err) : NPC_OK;
    return st == NPC_OK && internal ? NPC_ENOTFOUND : st;
}

struct xc_db *npc_searcher_db(npc_searcher *s)
{
    return s->db;
}

size_t npc_searcher_shards(const npc_searcher *s, const char *const **names,
                           const unsigned char **down)
{
    *names = (const char *const *)s->list.names;
    *down = s->down;
    return s->has_list ? s->list.n : 0;
}

size_t npc_searcher_missing(const npc_searcher *s)
{
    return s->ndown;
}

/* Opens s afresh from its path, keeping the open state until the new one works. */
static npc_status replace_state(npc_searcher *s, npc_err *err)
{
    npc_searcher fresh = {.path = s->path,
                          .public_only = s->public_only,
                          .assoc = s->assoc, /* the model goes with the searcher: its */
                          .own = s->own,     /* stamp is copied into new generations */
                          .assoc_stamp = s->assoc_stamp,
                          .assoc_fixed = s->assoc_fixed,
                          .py = s->py,
                          .thes = s->thes, /* loaded with a lexicon: its hash says which */
                          .thes_hash = s->thes_hash,
                          .thes_off = s->thes_off,
                          .vec = s->vec,
                          .vec_loaded = s->vec_loaded,
                          .vec_off = s->vec_off,
                          .cited_off = s->cited_off,
                          .serial = s->serial};
    npc_status st = open_state(&fresh, s, err);
    if (st != NPC_OK && s->an == NULL) { /* the analysis moved into fresh goes back */
        s->an = fresh.an;
        s->lx = fresh.lx;
        fresh.an = NULL;
        fresh.lx = NULL;
    }
    if (st != NPC_OK) {
        drop_state(&fresh);
        s->probed = npc_clock(); /* tried: the next try waits PROBE_SECONDS */
        return st;
    }
    drop_state(s);
    npc_assoc_free(s->cited); /* fresh reads the new index's */
    *s = fresh;
    return NPC_OK;
}

npc_status searcher_reconnect(npc_searcher *s, npc_err *err)
{
    return replace_state(s, err);
}

npc_status npc_searcher_reopen(npc_searcher *s, int *changed, npc_err *err)
{
    if (changed != NULL) {
        *changed = 0;
    }
    if ((s->has_layout && npc_layout_changed(s->path, &s->layout)) ||
        (s->has_list && list_stale(s))) {
        /* a full run switched generations, a replica was copied afresh, a remote connection is
         * due to be made again or a down shard to be tried: open anew */
        npc_status st = replace_state(s, err);
        if (st == NPC_OK && changed != NULL) {
            *changed = 1;
        }
        return st;
    }
    int moved = 0;
    npc_status st = xc_db_reopen(s->db, &moved, err);
    for (size_t k = 0; st == NPC_OK && k < s->nshards; k++) {
        st = xc_db_reopen(s->shards[k], NULL, err);
    }
    if (st == NPC_OK && moved) {
        st = load_analysis(s, NULL, err);
        s->assoc_synced = 0;
        s->vec_loaded = 0; /* `npcsearch learn --vectors` may have stored new ones */
        s->cited_loaded = 0;
    }
    if (changed != NULL) {
        *changed = moved;
    }
    return st;
}

npc_analyzer *npc_searcher_analyzer(npc_searcher *s)
{
    return s->an;
}

void npc_searcher_set_assoc(npc_searcher *s, const npc_assoc *m)
{
    s->assoc = m;
    s->assoc_fixed = 1;
}

const npc_assoc *npc_searcher_assoc(const npc_searcher *s)
{
    return s->assoc;
}

void npc_searcher_set_thesaurus(npc_searcher *s, int on)
{
    s->thes_off = on == 0;
}

npc_status npc_searcher_thesaurus(npc_searcher *s, const npc_thesaurus **out, npc_err *err)
{
    *out = NULL;
    if (s->thes_off) {
        return NPC_OK;
    }
    if (s->thes != NULL && s->thes_hash == s->lex_hash) {
        *out = s->thes;
        return NPC_OK;
    }
    npc_thesaurus_free(s->thes); /* the lexicon changed: its words may split otherwise */
    s->thes = NULL;
    size_t len;
    const char *text = npc_thesaurus_builtin(&len);
    npc_status st = npc_thesaurus_load(s->an, text, len, &s->thes, err);
    if (st == NPC_OK) {
        s->thes_hash = s->lex_hash;
        *out = s->thes;
    }
    return st;
}

void npc_searcher_set_vectors(npc_searcher *s, int on)
{
    s->vec_off = on == 0;
}

/* A model read from s's index by read into *slot once a revision (*loaded), unless off: *out. */
static npc_status read_once(npc_searcher *s, int off, int *loaded, npc_assoc **slot,
                            npc_status (*read)(const xc_db *, npc_assoc **, npc_err *),
                            const npc_assoc **out, npc_err *err)
{
    *out = NULL;
    if (off) {
        return NPC_OK;
    }
    if (!*loaded) {
        npc_assoc *m = NULL;
        npc_status st = read(s->db, &m, err);
        if (st != NPC_OK) {
            return st;
        }
        npc_assoc_free(*slot);
        *slot = m;
        *loaded = 1;
    }
    *out = *slot;
    return NPC_OK;
}

npc_status npc_searcher_vectors(npc_searcher *s, const npc_assoc **out, npc_err *err)
{
    return read_once(s, s->vec_off, &s->vec_loaded, &s->vec, npc_vectors_read, out, err);
}

void npc_searcher_set_cited(npc_searcher *s, int on)
{
    s->cited_off = on == 0;
}

static npc_status read_cited(const xc_db *db, npc_assoc **out, npc_err *err)
{
    return npc_cited_read(db, NPC_CITED_LAWS, out, err);
}

npc_status npc_searcher_cited(npc_searcher *s, const npc_assoc **out, npc_err *err)
{
    return read_once(s, s->cited_off, &s->cited_loaded, &s->cited, read_cited, out, err);
}

/* `npcsearch learn` may store a new model while searchd runs, in a new revision that a reopen
 * brings. */
npc_status searcher_sync_model(npc_searcher *s, npc_err *err)
{
    if (s->assoc_fixed || s->assoc_synced) {
        return NPC_OK;
    }
    char *stamp = NULL;
    size_t sl;
    npc_status st = xc_db_metadata(s->db, NPC_META_ASSOC_STAMP, &stamp, &sl, err);
    if (st != NPC_OK) {
        return st;
    }
    if (s->assoc_stamp != NULL && strcmp(stamp, s->assoc_stamp) == 0) {
        free(stamp);
        s->assoc_synced = 1;
        return NPC_OK;
    }
    npc_assoc *m = NULL;
    if (sl > 0) {
        st = npc_assoc_read(s->db, &m, err);
    }
    if (st != NPC_OK) {
        free(stamp);
        return st;
    }
    npc_assoc_free(s->own);
    free(s->assoc_stamp);
    s->own = m;
    s->assoc = m;
    s->assoc_stamp = stamp;
    s->assoc_synced = 1;
    return NPC_OK;
}

/* The sum of the revisions of a shard list's local shards (a remote one's is its server's). */
static npc_status list_revision(const npc_searcher *s, uint64_t *revision, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t k = 0; st == NPC_OK && k < s->list.n; k++) {
        xc_db *one = NULL;
        uint64_t rev = 0;
        if (s->list.shards[k].path == NULL) {
            continue;
        }
        st = xc_db_open(s->list.shards[k].path, &one, err);
        if (st == NPC_OK) {
            st = xc_db_revision(one, &rev, err);
        }
        *revision += rev;
        xc_db_close(one);
    }
    return st;
}

npc_status npc_searcher_stats(npc_searcher *s, uint64_t *revision, uint32_t *documents,
                              npc_err *err)
{
    npc_status st = xc_db_doccount(s->db, documents, err);
    *revision = 0;
    if (st == NPC_OK && s->public_only) {
        uint32_t internal = 0;
        st = xc_db_termfreq(s->db, NPC_TERM_INTERNAL, strlen(NPC_TERM_INTERNAL), &internal, err);
        *documents -= internal;
    }
    if (st == NPC_OK && s->has_list) {
        return list_revision(s, revision, err);
    }
    if (st != NPC_OK || !s->has_layout) {
        return st == NPC_OK ? xc_db_revision(s->db, revision, err) : st; /* a plain database */
    }
    for (size_t k = 0; k < s->layout.nshards && st == NPC_OK; k++) {
        char path[4200];
        xc_db *shard = NULL;
        uint64_t rev = 0;
        if (!npc_layout_shard_path(s->path, &s->layout, k, path, sizeof path)) {
            return npc_fail(err, NPC_EINVAL, "path too long");
        }
        st = xc_db_open(path, &shard, err);
        if (st == NPC_OK) {
            st = xc_db_revision(shard, &rev, err);
        }
        *revision += rev;
        xc_db_close(shard);
    }
    return st;
}

/*
 * searcher.c — the searcher: the index's database and its shards, the analyzer made from the
 * index's own lexicon, the learned model, reopening after a change, statistics (see search.h).
 */
#include "search/search_int.h"

#include "index/abbrev.h"
#include "index/schema.h"
#include "learn/assocdb.h"
#include <stdlib.h>
#include <string.h>

static npc_status load_analysis(npc_searcher *s, npc_err *err)
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
    free(schema);
    free(lex);
    if (st != NPC_OK) {
        npc_lexicon_free(lx);
        return st;
    }
    npc_analyzer_free(s->an);
    npc_lexicon_free(s->lx);
    s->an = an;
    s->lx = lx;
    searcher_suggest_drop(s); /* made with the lexicon: loaded again when next needed */
    return NPC_OK;
}

/* Opens the index at s->path into s (whose handles are all NULL). */
static npc_status open_state(npc_searcher *s, npc_err *err)
{
    npc_status st = xc_db_open(s->path, &s->db, err);
    if (st == NPC_OK) {
        st = load_analysis(s, err);
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
    npc_status st = s->path ? open_state(s, err) : npc_fail(err, NPC_ENOMEM, "path");
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

npc_status npc_searcher_reopen(npc_searcher *s, int *changed, npc_err *err)
{
    if (changed != NULL) {
        *changed = 0;
    }
    if (s->has_layout && npc_layout_changed(s->path, &s->layout)) {
        /* a full run switched generations: open the new one, keep the old until it works */
        npc_searcher fresh = {.path = s->path,
                              .public_only = s->public_only,
                              .assoc = s->assoc, /* the model goes with the searcher: its */
                              .own = s->own,     /* stamp is copied into new generations */
                              .assoc_stamp = s->assoc_stamp,
                              .assoc_fixed = s->assoc_fixed,
                              .py = s->py,
                              .serial = s->serial};
        npc_status st = open_state(&fresh, err);
        if (st != NPC_OK) {
            drop_state(&fresh);
            return st;
        }
        drop_state(s);
        *s = fresh;
        if (changed != NULL) {
            *changed = 1;
        }
        return NPC_OK;
    }
    int moved = 0;
    npc_status st = xc_db_reopen(s->db, &moved, err);
    for (size_t k = 0; st == NPC_OK && k < s->nshards; k++) {
        st = xc_db_reopen(s->shards[k], NULL, err);
    }
    if (st == NPC_OK && moved) {
        st = load_analysis(s, err);
        s->assoc_synced = 0;
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

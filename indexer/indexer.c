/*
 * indexer.c — the index run: plan, lexicon, worker threads, one writer per shard (indexer.h).
 */
#include "indexer.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "index/abbrev.h"
#include "index/layout.h"
#include "suggest/suggest.h"
#include "text/lexicon.h"
#include "manifest.h"
#include "prep.h"
#include "index/schema.h"
#include "titles.h"
#include "versions.h"
#include "walk.h"
#include "xapian-c/xc.h"

#define DEFAULT_MAX_FILE (64u << 20)
#define DEFAULT_BATCH 1000
#define AHEAD 64 /* how many files the workers may prepare ahead of the writers */

/* One file to read: the slot the workers fill and a writer empties. */
typedef struct slot {
    size_t file;  /* index in the file list */
    int has_old;  /* the manifest knew the file */
    uint64_t old; /* its content hash then */
    npc_prepared docs;
    npc_status st;
    npc_err err;
    int ready;
    int released;
} slot;

typedef struct job {
    const npc_filelist *files;
    const npc_lexicon *lx;
    size_t max_bytes;
    FILE *log;
    slot *slots;      /* the files to read, in file order */
    size_t n;         /* how many */
    size_t *shard_of; /* shard of each slot */
    size_t batch;
    size_t next; /* next slot to prepare */
    size_t low;  /* every slot below this one has been written */
    int stop;    /* a writer failed: everybody stops */
    npc_index_stats *stats;
    npc_index_progress_fn progress;
    void *progress_ctx;
    npc_index_progress shown; /* the last report (files, bytes and totals kept up to date) */
    double t0, phase_t0, shown_at;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} job;

typedef struct writer {
    job *j;
    size_t shard;
    xc_wdb *w;
    npc_manifest *man; /* the shard's files; the run's plan marks those still present */
    size_t pending;    /* files changed since the last commit */
    int fresh;         /* a new generation: no old documents to remove */
    npc_status st;
    npc_err err;
} writer;

static void failpoint(const char *name)
{
    const char *fp = getenv("NPCSEARCH_FAILPOINT");
    if (fp != NULL && strcmp(fp, name) == 0) {
        raise(SIGKILL);
    }
}

#define PROGRESS_EVERY 0.2 /* seconds between two reports while indexing */

/* Reports the run's progress: at a phase change, or (force 0) when PROGRESS_EVERY passed.
 * Called with j->mu held once the threads run. */
static void progress(job *j, const char *phase, int force)
{
    if (j->progress == NULL) {
        return;
    }
    double now = npc_clock();
    if (phase != NULL && (j->shown.phase == NULL || strcmp(phase, j->shown.phase) != 0)) {
        j->shown.phase = phase;
        j->phase_t0 = now;
        force = 1;
    }
    if (!force && now - j->shown_at < PROGRESS_EVERY) {
        return;
    }
    j->shown_at = now;
    j->shown.documents = j->stats->documents;
    j->shown.seconds = now - j->t0;
    j->shown.phase_seconds = now - j->phase_t0;
    j->progress(&j->shown, j->progress_ctx);
}

static void *worker(void *arg)
{
    job *j = arg;
    npc_prep *p = NULL;
    npc_err err;
    npc_status pst = npc_prep_new(j->lx, j->max_bytes, &p, &err);
    for (;;) {
        pthread_mutex_lock(&j->mu);
        while (!j->stop && j->next < j->n && j->next >= j->low + AHEAD) {
            pthread_cond_wait(&j->cv, &j->mu);
        }
        if (j->stop || j->next >= j->n) {
            pthread_mutex_unlock(&j->mu);
            break;
        }
        size_t i = j->next++;
        pthread_mutex_unlock(&j->mu);
        slot *s = &j->slots[i];
        npc_err_clear(&s->err);
        s->st = pst != NPC_OK ? npc_fail(&s->err, pst, "%s", err.detail)
                              : npc_prep_file(p, &j->files->files[s->file], &s->docs, &s->err);
        pthread_mutex_lock(&j->mu);
        s->ready = 1;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
    npc_prep_free(p);
    return NULL;
}

/* Builds the lexicon: the built-in vocabulary, what the index already holds (stored: NULL for a
 * full run) and the titles of the laws about to be read. */
static npc_status build_lexicon(const char *stored, size_t stored_len, const job *j,
                                npc_lexicon **out, npc_err *err)
{
    npc_lexicon *lx = NULL;
    npc_titles *titles = NULL;
    size_t blen;
    const char *builtin = npc_lexicon_builtin(&blen);
    npc_status st = npc_lexicon_new(&lx, err);
    if (st == NPC_OK) {
        st = npc_lexicon_load(lx, builtin, blen, err);
    }
    if (st == NPC_OK && stored != NULL) {
        st = npc_lexicon_load(lx, stored, stored_len, err);
    }
    if (st == NPC_OK) {
        st = npc_titles_new(&titles, err);
    }
    for (size_t i = 0; st == NPC_OK && i < j->n; i++) {
        const npc_file *f = &j->files->files[j->slots[i].file];
        char title[512];
        if (npc_prep_law_title(f->abs, f->rel, title, sizeof title)) {
            st = npc_titles_add(titles, title, err);
        }
    }
    if (st == NPC_OK) {
        st = npc_titles_to_lexicon(titles, lx, NULL, err);
    }
    npc_titles_free(titles);
    if (st != NPC_OK) {
        npc_lexicon_free(lx);
        return st;
    }
    *out = lx;
    return NPC_OK;
}

static npc_status delete_file(xc_wdb *w, const char *rel, npc_err *err)
{
    size_t n = strlen(NPC_P_FILE) + strlen(rel) + 1;
    char *term = malloc(n);
    if (term == NULL) {
        return npc_fail(err, NPC_ENOMEM, "file term");
    }
    npc_term(term, n, NPC_P_FILE, rel, strlen(rel));
    npc_status st = xc_wdb_delete(w, term, n - 1, err);
    free(term);
    return st;
}

static npc_status write_file(xc_wdb *w, npc_prepared *d, int fresh, npc_err *err)
{
    npc_status st = NPC_OK;
    if (!fresh) {
        st = xc_wdb_delete(w, d->file_term, strlen(d->file_term), err);
    }
    for (size_t k = 0; st == NPC_OK && k < d->n; k++) {
        st = xc_wdb_replace(w, d->ids[k], strlen(d->ids[k]), d->docs[k], err);
    }
    return st;
}

static npc_status store_manifest(writer *wr, npc_err *err)
{
    char *blob = NULL;
    size_t len = 0;
    npc_status st = npc_manifest_serialize(wr->man, &blob, &len, err);
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(wr->w, NPC_META_FILES, blob, len, err);
    }
    free(blob);
    return st;
}

/* Commits the shard's pending files with the manifest that describes them. */
static npc_status commit_batch(writer *wr, npc_err *err)
{
    npc_status st = store_manifest(wr, err);
    if (st == NPC_OK) {
        st = xc_wdb_commit(wr->w, err);
    }
    if (st == NPC_OK) {
        pthread_mutex_lock(&wr->j->mu);
        wr->j->stats->commits++;
        pthread_mutex_unlock(&wr->j->mu);
        wr->pending = 0;
        failpoint("batch");
    }
    return st;
}

/* Marks slot i written and moves `low` past every written slot. */
static void release(job *j, size_t i)
{
    pthread_mutex_lock(&j->mu);
    j->slots[i].released = 1;
    while (j->low < j->n && j->slots[j->low].released) {
        j->low++;
    }
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

/* Removes from the shard every file of its manifest the walk did not see. */
static npc_status remove_gone(writer *wr, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < npc_manifest_size(wr->man); i++) {
        npc_manifest_entry *e = npc_manifest_at(wr->man, i);
        if (e->dead || e->seen) {
            continue;
        }
        st = delete_file(wr->w, e->rel, err);
        if (st == NPC_OK) {
            e->dead = 1; /* same as npc_manifest_drop, without a lookup */
            wr->pending++;
            pthread_mutex_lock(&wr->j->mu);
            wr->j->stats->removed++;
            pthread_mutex_unlock(&wr->j->mu);
        }
    }
    return st;
}

/* Writes one prepared file (or keeps what the index has of it) and records it. */
static npc_status write_slot(writer *wr, slot *s, npc_err *err)
{
    job *j = wr->j;
    const npc_file *f = &j->files->files[s->file];
    npc_status st = NPC_OK;
    if (s->st != NPC_OK) {
        if (s->st == NPC_ENOMEM || s->st == NPC_EDB || s->st == NPC_EINTERNAL) {
            return npc_fail(err, s->st, "%s: %s", f->rel, s->err.detail);
        }
        pthread_mutex_lock(&j->mu);
        if (j->progress != NULL) { /* a line on the screen goes before the warning */
            npc_index_progress m = j->shown;
            m.phase = "message";
            j->progress(&m, j->progress_ctx);
        }
        fprintf(j->log, "npcsearch: skipped %s: %s%s\n", f->abs,
                s->err.detail[0] ? s->err.detail : npc_status_str(s->st),
                s->has_old ? " (the index keeps its previous version)" : "");
        j->stats->skipped++;
        pthread_mutex_unlock(&j->mu);
        return NPC_OK;
    }
    if (s->docs.ignored) {
        pthread_mutex_lock(&j->mu);
        j->stats->ignored++;
        pthread_mutex_unlock(&j->mu);
        return NPC_OK;
    }
    int same = s->has_old && s->old == s->docs.hash;
    if (!same) {
        st = write_file(wr->w, &s->docs, wr->fresh, err);
    }
    if (st == NPC_OK) {
        st = npc_manifest_put(wr->man, f->rel, (int64_t)f->size, f->mtime_ns, s->docs.hash, err);
    }
    if (st != NPC_OK) {
        return st;
    }
    wr->pending++;
    pthread_mutex_lock(&j->mu);
    if (same) {
        j->stats->unchanged++;
    } else {
        *(s->has_old ? &j->stats->changed : &j->stats->added) += 1;
        j->stats->files++;
        j->stats->documents += s->docs.n;
        j->stats->articles += s->docs.articles;
        j->stats->bytes += (size_t)f->size;
    }
    pthread_mutex_unlock(&j->mu);
    return NPC_OK;
}

/* One shard's writer: removals, then its files in order, committed in batches. */
static void *write_shard(void *arg)
{
    writer *wr = arg;
    job *j = wr->j;
    npc_status st = remove_gone(wr, &wr->err);
    for (size_t i = 0; st == NPC_OK && i < j->n; i++) {
        if (j->shard_of[i] != wr->shard) {
            continue;
        }
        slot *s = &j->slots[i];
        pthread_mutex_lock(&j->mu);
        while (!s->ready && !j->stop) {
            pthread_cond_wait(&j->cv, &j->mu);
        }
        int stop = j->stop;
        pthread_mutex_unlock(&j->mu);
        if (stop) {
            break;
        }
        st = write_slot(wr, s, &wr->err);
        npc_prepared_release(&s->docs);
        pthread_mutex_lock(&j->mu);
        j->shown.files++;
        j->shown.bytes += (uint64_t)j->files->files[s->file].size;
        progress(j, NULL, 0);
        pthread_mutex_unlock(&j->mu);
        release(j, i);
        if (st == NPC_OK && wr->pending >= j->batch) {
            st = commit_batch(wr, &wr->err);
        }
    }
    if (st != NPC_OK) {
        wr->st = st;
        pthread_mutex_lock(&j->mu);
        j->stop = 1;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
    return NULL;
}

/* ---- the plan: what this run has to do ----------------------------------------------------- */

/* What `npcsearch learn` stored in the live index, carried over by a full run (its documents
 * are rebuilt; what was learned from them stays until learned again). */
static const char *const kept_keys[] = {NPC_META_ASSOC, NPC_META_ASSOC_STAMP, NPC_META_VECTORS,
                                        NPC_META_VECTORS_STAMP};
#define NKEPT (sizeof kept_keys / sizeof *kept_keys)

typedef struct plan {
    npc_layout live, target;
    int full;
    size_t nshards;
    npc_manifest *man[NPC_SHARDS_MAX]; /* the target's manifests */
    char *lexicon;                     /* the live index's stored lexicon (incremental run) */
    size_t lexlen;
    char *kept[NKEPT]; /* the live index's learned data (npcsearch learn), kept_keys[] */
    size_t keptlen[NKEPT];
    size_t indexed; /* files the live index holds */
} plan;

/* The suggestion table of the finished lexicon lx (abbreviations added), with the pinyin of its
 * entries (suggest/suggest.h); *out the caller's.  About 0.5 s over ../shared/corpus, most of it
 * ICU compiling its Han-Latin rules. */
static npc_status suggest_table(const npc_lexicon *lx, char **out, size_t *len, npc_err *err)
{
    npc_pinyin *py = NULL;
    npc_status st = npc_pinyin_open(&py, err);
    if (st == NPC_OK) {
        st = npc_suggest_dump(lx, py, out, len, err);
    }
    npc_pinyin_close(py);
    return st;
}

/* Stores the lexicon, the suggestion table, schema version, time and manifest in a shard; in a new
 * generation also the live one's learned model, so that a full rebuild keeps what `npcsearch learn`
 * stored. */
static npc_status write_metadata(writer *wr, const plan *p, const char *lex, size_t lexlen,
                                 const char *sug, size_t suglen, npc_err *err)
{
    char stamp[32];
    time_t tt = time(NULL);
    struct tm tm;
    gmtime_r(&tt, &tm);
    size_t sl = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    npc_status st = xc_wdb_set_metadata(wr->w, NPC_META_LEXICON, lex, lexlen, err);
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(wr->w, NPC_META_SUGGEST, sug, suglen, err);
    }
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(wr->w, NPC_META_SCHEMA, NPC_SCHEMA_VERSION,
                                 strlen(NPC_SCHEMA_VERSION), err);
    }
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(wr->w, NPC_META_INDEXED_AT, stamp, sl, err);
    }
    for (size_t k = 0; st == NPC_OK && p->full && k < NKEPT; k++) {
        if (p->keptlen[k] > 0) {
            st = xc_wdb_set_metadata(wr->w, kept_keys[k], p->kept[k], p->keptlen[k], err);
        }
    }
    if (st == NPC_OK) {
        st = store_manifest(wr, err);
    }
    return st;
}

static void plan_release(plan *p)
{
    for (size_t k = 0; k < NPC_SHARDS_MAX; k++) {
        npc_manifest_free(p->man[k]);
    }
    free(p->lexicon);
    for (size_t k = 0; k < NKEPT; k++) {
        free(p->kept[k]);
    }
}

/* Reads the live shards' manifests; decides on a full run when they cannot serve. */
static npc_status read_live(const char *dir, plan *p, FILE *log, npc_err *err)
{
    npc_status st = NPC_OK;
    const char *why = NULL;
    for (size_t k = 0; st == NPC_OK && k < p->live.nshards && why == NULL; k++) {
        char path[4200], *schema = NULL, *files = NULL;
        size_t sl = 0, fl = 0;
        xc_db *db = NULL;
        if (!npc_layout_shard_path(dir, &p->live, k, path, sizeof path)) {
            return npc_fail(err, NPC_EINVAL, "database path too long");
        }
        st = xc_db_open(path, &db, err);
        if (st == NPC_OK) {
            st = xc_db_metadata(db, NPC_META_SCHEMA, &schema, &sl, err);
        }
        if (st == NPC_OK) {
            st = xc_db_metadata(db, NPC_META_FILES, &files, &fl, err);
        }
        if (st == NPC_OK && k == 0) {
            st = xc_db_metadata(db, NPC_META_LEXICON, &p->lexicon, &p->lexlen, err);
        }
        for (size_t m = 0; st == NPC_OK && k == 0 && m < NKEPT; m++) {
            st = xc_db_metadata(db, kept_keys[m], &p->kept[m], &p->keptlen[m], err);
        }
        if (st == NPC_OK && strcmp(schema, NPC_SCHEMA_VERSION) != 0) {
            why = "it was written for another schema";
        } else if (st == NPC_OK && fl == 0) {
            why = "it has no file manifest";
        } else if (st == NPC_OK) {
            st = npc_manifest_parse(files, fl, &p->man[k], err);
            p->indexed += st == NPC_OK ? npc_manifest_live(p->man[k]) : 0;
        }
        free(schema);
        free(files);
        xc_db_close(db);
    }
    if (st == NPC_OK && why != NULL && !p->full) {
        fprintf(log, "npcsearch: rebuilding %s in full: %s\n", dir, why);
        p->full = 1;
    }
    return st;
}

/* Picks the files to read: those the manifest does not know or whose stat changed (all of them
 * in a full run); marks the manifest entries of files still present. */
static npc_status pick_files(const npc_filelist *files, plan *p, job *j, npc_err *err)
{
    j->slots = calloc(files->n + 1, sizeof *j->slots);
    j->shard_of = calloc(files->n + 1, sizeof *j->shard_of);
    if (j->slots == NULL || j->shard_of == NULL) {
        return npc_fail(err, NPC_ENOMEM, "index job");
    }
    size_t wanted = 0;
    for (size_t i = 0; i < files->n; i++) {
        const npc_file *f = &files->files[i];
        if (!npc_prep_wants(f->rel)) {
            j->stats->ignored++;
            continue;
        }
        wanted++;
        size_t k = npc_layout_shard_of(f->rel, p->nshards);
        npc_manifest_entry *e = p->full ? NULL : npc_manifest_find(p->man[k], f->rel);
        if (e != NULL) {
            e->seen = 1;
            if (e->size == (int64_t)f->size && e->mtime_ns == f->mtime_ns) {
                j->stats->unchanged++;
                continue;
            }
        }
        slot *s = &j->slots[j->n];
        s->file = i;
        j->shown.files_total++;
        j->shown.bytes_total += (uint64_t)f->size;
        s->has_old = e != NULL;
        s->old = e != NULL ? e->hash : 0;
        j->shard_of[j->n++] = k;
    }
    if (wanted == 0 && p->indexed > 0) {
        return npc_fail(err, NPC_EINVAL,
                        "the paths given hold no document: refusing to remove the %zu files "
                        "the index holds",
                        p->indexed);
    }
    return NPC_OK;
}

static size_t removals(plan *p)
{
    size_t n = 0;
    for (size_t k = 0; !p->full && k < p->nshards; k++) {
        for (size_t i = 0; i < npc_manifest_size(p->man[k]); i++) {
            const npc_manifest_entry *e = npc_manifest_at(p->man[k], i);
            n += !e->dead && !e->seen;
        }
    }
    return n;
}

/* ---- the run ----------------------------------------------------------------------------- */

/* Prepares and writes the job's files: workers, one writer per shard, commits. */
typedef struct compaction {
    char path[4096];
    npc_status st;
    npc_err err;
} compaction;

static void *compact_shard(void *arg)
{
    compaction *c = arg;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.compact", c->path);
    c->st = xc_db_compact(c->path, tmp, NPC_BLOCK_SIZE, &c->err);
    if (c->st == NPC_OK) {
        c->st = npc_layout_replace(c->path, tmp, &c->err);
    }
    return NULL;
}

/* Compacts each shard of a new, not yet published generation (NPC_BLOCK_SIZE), the shards side
 * by side (a thread each): the cores share the work as they did the writing. */
static npc_status compact_gen(const char *dir, const npc_layout *l, npc_err *err)
{
    compaction c[NPC_SHARDS_MAX];
    pthread_t tids[NPC_SHARDS_MAX];
    int started[NPC_SHARDS_MAX] = {0};
    for (size_t k = 0; k < l->nshards; k++) {
        if (!npc_layout_shard_path(dir, l, k, c[k].path, sizeof c[k].path)) {
            return npc_fail(err, NPC_EINVAL, "index path too long: %s", dir);
        }
    }
    for (size_t k = 0; k < l->nshards; k++) {
        c[k].st = NPC_OK;
        started[k] = pthread_create(&tids[k], NULL, compact_shard, &c[k]) == 0;
        if (!started[k]) {
            compact_shard(&c[k]); /* no thread to be had: here, then */
        }
    }
    npc_status st = NPC_OK;
    for (size_t k = 0; k < l->nshards; k++) {
        if (started[k]) {
            pthread_join(tids[k], NULL);
        }
        if (st == NPC_OK && c[k].st != NPC_OK) {
            st = c[k].st;
            *err = c[k].err;
        }
    }
    return st;
}

static npc_status run_job(const char *dir, plan *p, job *j, int nthreads, npc_err *err)
{
    writer wr[NPC_SHARDS_MAX];
    memset(wr, 0, sizeof wr);
    npc_status st = NPC_OK;
    size_t opened = 0;
    for (; st == NPC_OK && opened < p->nshards; opened++) {
        char path[4200];
        if (!npc_layout_shard_path(dir, &p->target, opened, path, sizeof path)) {
            st = npc_fail(err, NPC_EINVAL, "database path too long");
            break;
        }
        st = xc_wdb_open(path, p->full ? XC_WDB_CREATE_BULK : XC_WDB_CREATE_OR_OPEN, &wr[opened].w,
                         err);
        if (st != NPC_OK) {
            break;
        }
        wr[opened].fresh = p->full;
        wr[opened].shard = opened;
        wr[opened].man = p->man[opened];
        wr[opened].j = j;
    }
    npc_lexicon *lx = NULL;
    char *lexdump = NULL;
    size_t lexlen = 0;
    if (st == NPC_OK) {
        st = build_lexicon(p->full ? NULL : p->lexicon, p->lexlen, j, &lx, err);
    }
    if (st == NPC_OK) {
        st = npc_lexicon_serialize(lx, &lexdump, &lexlen, err);
    }
    if (st == NPC_OK) { /* not stored: every searcher adds them to the lexicon it loads */
        st = npc_abbrev_add(lx, err);
    }
    char *sugdump = NULL;
    size_t suglen = 0;
    if (st == NPC_OK) {
        st = suggest_table(lx, &sugdump, &suglen, err);
    }
    for (size_t k = 0; st == NPC_OK && k < p->nshards; k++) {
        st = write_metadata(&wr[k], p, lexdump, lexlen, sugdump, suglen, err);
    }
    free(sugdump);
    j->lx = lx;
    progress(j, "indexing", 1);
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, NULL);
    pthread_t tids[64], wtids[NPC_SHARDS_MAX];
    int started = 0;
    size_t wstarted = 0;
    for (; st == NPC_OK && started < nthreads; started++) {
        if (pthread_create(&tids[started], NULL, worker, j) != 0) {
            st = npc_fail(err, NPC_EINTERNAL, "cannot start a worker thread");
            break;
        }
    }
    for (; st == NPC_OK && wstarted < p->nshards; wstarted++) {
        if (pthread_create(&wtids[wstarted], NULL, write_shard, &wr[wstarted]) != 0) {
            st = npc_fail(err, NPC_EINTERNAL, "cannot start a writer thread");
            break;
        }
    }
    if (st != NPC_OK) {
        pthread_mutex_lock(&j->mu);
        j->stop = 1;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
    for (size_t k = 0; k < wstarted; k++) {
        pthread_join(wtids[k], NULL);
        if (st == NPC_OK && wr[k].st != NPC_OK) {
            st = wr[k].st;
            *err = wr[k].err;
        }
    }
    pthread_mutex_lock(&j->mu);
    j->stop = 1;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    for (int t = 0; t < started; t++) {
        pthread_join(tids[t], NULL);
    }
    for (size_t i = 0; i < j->n; i++) {
        npc_prepared_release(&j->slots[i].docs);
    }
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->cv);
    /* every law version's end and status, from all its versions, in the last batch */
    if (st == NPC_OK) {
        xc_wdb *ws[NPC_SHARDS_MAX];
        char today[11];
        progress(j, "versions", 1);
        for (size_t k = 0; k < opened; k++) {
            ws[k] = wr[k].w;
        }
        npc_today(today);
        st = npc_versions_stamp(ws, opened, today, NULL, err);
    }
    /* the last batch of every shard, with the final manifest */
    for (size_t k = 0; k < opened; k++) {
        if (st == NPC_OK) {
            st = store_manifest(&wr[k], err);
        }
        if (st == NPC_OK) {
            st = xc_wdb_close(wr[k].w, err);
            j->stats->commits += st == NPC_OK;
        } else {
            xc_wdb_abandon(wr[k].w);
        }
    }
    free(lexdump);
    npc_lexicon_free(lx);
    return st;
}

npc_status npc_index_run(const npc_index_opts *opts, npc_index_stats *stats, npc_err *err)
{
    memset(stats, 0, sizeof *stats);
    double t0 = npc_clock();
    FILE *log = opts->log ? opts->log : stderr;
    npc_filelist files = {0};
    plan p;
    memset(&p, 0, sizeof p);
    job j = {.files = &files,
             .stats = stats,
             .log = log,
             .batch = opts->batch ? opts->batch : DEFAULT_BATCH,
             .progress = opts->progress,
             .progress_ctx = opts->progress_ctx,
             .t0 = t0,
             .max_bytes = opts->max_file_bytes ? opts->max_file_bytes : DEFAULT_MAX_FILE};
    int lock = -1, published = 0;
    npc_status st = npc_layout_prepare(opts->db, &p.live, err);
    if (st == NPC_OK) {
        st = npc_layout_lock(opts->db, &lock, err);
    }
    if (st == NPC_OK) { /* leftovers of a killed run */
        st = npc_layout_sweep(opts->db, &p.live, err);
    }
    size_t nshards = opts->shards     ? opts->shards
                     : p.live.nshards ? p.live.nshards
                                      : NPC_SHARDS_DEFAULT;
    p.full = opts->full || p.live.nshards == 0;
    if (st == NPC_OK && !p.full && nshards != p.live.nshards) {
        fprintf(log, "npcsearch: %zu shards asked for, the index has %zu: rebuilding it\n", nshards,
                p.live.nshards);
        p.full = 1;
    }
    if (st == NPC_OK && p.live.nshards > 0) {
        npc_err lerr; /* a full run does not need the live index to be readable */
        npc_status ls = read_live(opts->db, &p, log, opts->full ? &lerr : err);
        st = opts->full ? NPC_OK : ls;
    }
    for (size_t r = 0; st == NPC_OK && r < opts->nroots; r++) {
        st = npc_walk(opts->roots[r], &files, err);
    }
    if (st == NPC_OK && p.full) {
        /* the manifests of the new generation start empty; the old count guards the roots */
        for (size_t k = 0; k < NPC_SHARDS_MAX; k++) {
            npc_manifest_free(p.man[k]);
            p.man[k] = NULL;
        }
        st = npc_layout_new_gen(opts->db, nshards, &p.target, err);
        p.nshards = p.target.nshards;
    } else if (st == NPC_OK) {
        p.target = p.live;
        p.nshards = p.live.nshards;
    }
    for (size_t k = 0; st == NPC_OK && k < p.nshards; k++) {
        if (p.man[k] == NULL) {
            st = npc_manifest_parse("", 0, &p.man[k], err);
        }
    }
    if (st == NPC_OK) {
        st = pick_files(&files, &p, &j, err);
    }
    size_t gone = st == NPC_OK ? removals(&p) : 0;
    failpoint("walked");
    stats->full = p.full;
    if (p.full) {
        j.batch = SIZE_MAX; /* a new generation shows only when complete: commit once */
    }
    if (st == NPC_OK && (p.full || j.n > 0 || gone > 0)) {
        /* Xapian's inverter slows down as its in-memory maps grow, and positions grow them
         * fast: over ../shared/corpus flushing every 500 documents instead of Xapian's 10,000
         * took the run from 179 s of CPU to 141 s (docs/bench.md) */
        setenv("XAPIAN_FLUSH_THRESHOLD", "500", 0);
        int nthreads = opts->threads > 0 ? opts->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
        nthreads = nthreads < 1 ? 1 : nthreads > 64 ? 64 : nthreads;
        progress(&j, "lexicon", 1);
        st = run_job(opts->db, &p, &j, nthreads, err);
        if (st == NPC_OK && p.full) {
            progress(&j, "compacting", 1);
            st = compact_gen(opts->db, &p.target, err);
        }
        if (st == NPC_OK && p.full) {
            failpoint("built");
            st = npc_layout_publish(opts->db, &p.target, err);
            published = st == NPC_OK;
        }
        if (st == NPC_OK && p.full) {
            failpoint("switched");
            st = npc_layout_sweep(opts->db, &p.target, err);
        }
    }
    if (st != NPC_OK && p.full && p.target.nshards > 0 && !published) {
        npc_err ignored;
        npc_layout_sweep(opts->db, &p.live, &ignored); /* the unfinished generation */
    }
    if (st == NPC_OK) {
        progress(&j, "done", 1);
    }
    free(j.slots);
    free(j.shard_of);
    plan_release(&p);
    npc_filelist_release(&files);
    npc_layout_unlock(lock);
    stats->seconds = npc_clock() - t0;
    return st;
}

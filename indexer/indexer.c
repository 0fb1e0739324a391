/*
 * indexer.c — the index run: titles, lexicon, worker threads, one ordered writer (indexer.h).
 */
#include "clock.h"
#include "indexer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "layout.h"
#include "lexicon.h"
#include "prep.h"
#include "schema.h"
#include "titles.h"
#include "walk.h"
#include "xc.h"

#define DEFAULT_MAX_FILE (64u << 20)
#define AHEAD 64 /* how many files the workers may prepare ahead of the writer */

typedef struct slot {
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
    slot *slots;
    size_t *shard_of; /* shard of each file */
    size_t next;      /* next file to prepare */
    size_t low;       /* every file below this one has been written */
    int stop;         /* a writer failed: everybody stops */
    npc_index_stats *stats;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} job;

typedef struct writer {
    job *j;
    size_t shard;
    xc_wdb *w;
    int fresh; /* the shard was empty: no old documents to remove */
    npc_status st;
    npc_err err;
} writer;

static void *worker(void *arg)
{
    job *j = arg;
    npc_prep *p = NULL;
    npc_err err;
    npc_status pst = npc_prep_new(j->lx, j->max_bytes, &p, &err);
    for (;;) {
        pthread_mutex_lock(&j->mu);
        while (!j->stop && j->next < j->files->n && j->next >= j->low + AHEAD) {
            pthread_cond_wait(&j->cv, &j->mu);
        }
        if (j->stop || j->next >= j->files->n) {
            pthread_mutex_unlock(&j->mu);
            break;
        }
        size_t i = j->next++;
        pthread_mutex_unlock(&j->mu);
        slot *s = &j->slots[i];
        npc_err_clear(&s->err);
        s->st = pst != NPC_OK ? npc_fail(&s->err, pst, "%s", err.detail)
                              : npc_prep_file(p, &j->files->files[i], &s->docs, &s->err);
        pthread_mutex_lock(&j->mu);
        s->ready = 1;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
    npc_prep_free(p);
    return NULL;
}

/* Builds the lexicon: the built-in vocabulary, what the database already holds, and the
 * titles of the laws about to be indexed. */
static npc_status build_lexicon(xc_wdb *w, const npc_filelist *files, npc_lexicon **out,
                                npc_err *err)
{
    npc_lexicon *lx = NULL;
    npc_titles *titles = NULL;
    char *stored = NULL;
    size_t stored_len = 0, blen;
    const char *builtin = npc_lexicon_builtin(&blen);
    npc_status st = npc_lexicon_new(&lx, err);
    if (st == NPC_OK) {
        st = npc_lexicon_load(lx, builtin, blen, err);
    }
    if (st == NPC_OK) {
        st = xc_db_metadata(xc_wdb_reader(w), NPC_META_LEXICON, &stored, &stored_len, err);
    }
    if (st == NPC_OK) {
        st = npc_lexicon_load(lx, stored, stored_len, err);
    }
    if (st == NPC_OK) {
        st = npc_titles_new(&titles, err);
    }
    for (size_t i = 0; st == NPC_OK && i < files->n; i++) {
        char title[512];
        if (npc_prep_law_title(files->files[i].abs, files->files[i].rel, title, sizeof title)) {
            st = npc_titles_add(titles, title, err);
        }
    }
    if (st == NPC_OK) {
        st = npc_titles_to_lexicon(titles, lx, NULL, err);
    }
    free(stored);
    npc_titles_free(titles);
    if (st != NPC_OK) {
        npc_lexicon_free(lx);
        return st;
    }
    *out = lx;
    return NPC_OK;
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

/* Marks slot i written and moves `low` past every written slot. */
static void release(job *j, size_t i)
{
    pthread_mutex_lock(&j->mu);
    j->slots[i].released = 1;
    while (j->low < j->files->n && j->slots[j->low].released) {
        j->low++;
    }
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

/* One shard's writer: its files, in order. */
static void *write_shard(void *arg)
{
    writer *wr = arg;
    job *j = wr->j;
    for (size_t i = 0; i < j->files->n; i++) {
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
        const npc_file *f = &j->files->files[i];
        npc_status st = NPC_OK;
        if (s->st != NPC_OK) {
            if (s->st == NPC_ENOMEM || s->st == NPC_EDB || s->st == NPC_EINTERNAL) {
                st = npc_fail(&wr->err, s->st, "%s: %s", f->rel, s->err.detail);
            } else {
                pthread_mutex_lock(&j->mu);
                fprintf(j->log, "npcsearch: skipped %s: %s\n", f->abs,
                        s->err.detail[0] ? s->err.detail : npc_status_str(s->st));
                j->stats->skipped++;
                pthread_mutex_unlock(&j->mu);
            }
        } else if (s->docs.ignored) {
            pthread_mutex_lock(&j->mu);
            j->stats->ignored++;
            pthread_mutex_unlock(&j->mu);
        } else {
            st = write_file(wr->w, &s->docs, wr->fresh, &wr->err);
            pthread_mutex_lock(&j->mu);
            j->stats->files++;
            j->stats->documents += s->docs.n;
            j->stats->articles += s->docs.articles;
            j->stats->bytes += (size_t)f->size;
            pthread_mutex_unlock(&j->mu);
        }
        npc_prepared_release(&s->docs);
        release(j, i);
        if (st != NPC_OK) {
            wr->st = st;
            pthread_mutex_lock(&j->mu);
            j->stop = 1;
            pthread_cond_broadcast(&j->cv);
            pthread_mutex_unlock(&j->mu);
            break;
        }
    }
    return NULL;
}

/* Stores the lexicon, schema version and time in a shard. */
static npc_status write_metadata(xc_wdb *w, const char *lex, size_t lexlen, npc_err *err)
{
    char stamp[32];
    time_t tt = time(NULL);
    struct tm tm;
    gmtime_r(&tt, &tm);
    size_t sl = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    npc_status st = xc_wdb_set_metadata(w, NPC_META_LEXICON, lex, lexlen, err);
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(w, NPC_META_SCHEMA, NPC_SCHEMA_VERSION, strlen(NPC_SCHEMA_VERSION),
                                 err);
    }
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(w, NPC_META_INDEXED_AT, stamp, sl, err);
    }
    return st;
}

npc_status npc_index_run(const npc_index_opts *opts, npc_index_stats *stats, npc_err *err)
{
    memset(stats, 0, sizeof *stats);
    double t0 = npc_clock();
    npc_filelist files = {0};
    npc_status st = NPC_OK;
    size_t nshards = 0;
    for (size_t r = 0; st == NPC_OK && r < opts->nroots; r++) {
        st = npc_walk(opts->roots[r], &files, err);
    }
    if (st == NPC_OK) {
        st = npc_layout_prepare(opts->db, NPC_SHARDS_DEFAULT, &nshards, err);
    }
    if (st != NPC_OK) {
        npc_filelist_release(&files);
        return st;
    }
    /* Xapian's inverter slows down as its in-memory maps grow: on 行政法规 (9.5 MB) flushing every
     * 500 documents took ~14 s against ~25-30 s with the default 10,000 (docs/bench.md). */
    setenv("XAPIAN_FLUSH_THRESHOLD", "500", 0);
    writer wr[NPC_SHARDS_MAX];
    memset(wr, 0, sizeof wr);
    size_t opened = 0;
    for (; st == NPC_OK && opened < nshards; opened++) {
        char path[4200];
        uint32_t count = 0;
        if (!npc_layout_shard_path(opts->db, opened, path, sizeof path)) {
            st = npc_fail(err, NPC_EINVAL, "database path too long");
            break;
        }
        st = xc_wdb_open(path, XC_WDB_CREATE_OR_OPEN, &wr[opened].w, err);
        if (st == NPC_OK) {
            st = xc_db_doccount(xc_wdb_reader(wr[opened].w), &count, err);
        }
        if (st != NPC_OK) {
            break;
        }
        wr[opened].fresh = count == 0;
        wr[opened].shard = opened;
    }
    npc_lexicon *lx = NULL;
    char *lexdump = NULL;
    size_t lexlen = 0;
    if (st == NPC_OK) {
        st = build_lexicon(wr[0].w, &files, &lx, err);
    }
    if (st == NPC_OK) {
        st = npc_lexicon_serialize(lx, &lexdump, &lexlen, err);
    }
    for (size_t k = 0; st == NPC_OK && k < nshards; k++) {
        st = write_metadata(wr[k].w, lexdump, lexlen, err);
    }
    free(lexdump);

    job j = {.files = &files,
             .lx = lx,
             .stats = stats,
             .log = opts->log ? opts->log : stderr,
             .max_bytes = opts->max_file_bytes ? opts->max_file_bytes : DEFAULT_MAX_FILE};
    j.slots = calloc(files.n + 1, sizeof *j.slots);
    j.shard_of = calloc(files.n + 1, sizeof *j.shard_of);
    if (st == NPC_OK && (j.slots == NULL || j.shard_of == NULL)) {
        st = npc_fail(err, NPC_ENOMEM, "index job");
    }
    for (size_t i = 0; st == NPC_OK && i < files.n; i++) {
        j.shard_of[i] = npc_layout_shard_of(files.files[i].rel, nshards);
    }
    pthread_mutex_init(&j.mu, NULL);
    pthread_cond_init(&j.cv, NULL);
    int nthreads = opts->threads > 0 ? opts->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    nthreads = nthreads < 1 ? 1 : nthreads > 64 ? 64 : nthreads;
    pthread_t tids[64], wtids[NPC_SHARDS_MAX];
    int started = 0;
    size_t wstarted = 0;
    for (; st == NPC_OK && started < nthreads; started++) {
        if (pthread_create(&tids[started], NULL, worker, &j) != 0) {
            st = npc_fail(err, NPC_EINTERNAL, "cannot start a worker thread");
            break;
        }
    }
    for (; st == NPC_OK && wstarted < nshards; wstarted++) {
        wr[wstarted].j = &j;
        if (pthread_create(&wtids[wstarted], NULL, write_shard, &wr[wstarted]) != 0) {
            st = npc_fail(err, NPC_EINTERNAL, "cannot start a writer thread");
            break;
        }
    }
    if (st != NPC_OK) {
        pthread_mutex_lock(&j.mu);
        j.stop = 1;
        pthread_cond_broadcast(&j.cv);
        pthread_mutex_unlock(&j.mu);
    }
    for (size_t k = 0; k < wstarted; k++) {
        pthread_join(wtids[k], NULL);
        if (st == NPC_OK && wr[k].st != NPC_OK) {
            st = wr[k].st;
            *err = wr[k].err;
        }
    }
    pthread_mutex_lock(&j.mu);
    j.stop = 1;
    pthread_cond_broadcast(&j.cv);
    pthread_mutex_unlock(&j.mu);
    for (int t = 0; t < started; t++) {
        pthread_join(tids[t], NULL);
    }
    for (size_t i = 0; j.slots != NULL && i < files.n; i++) {
        npc_prepared_release(&j.slots[i].docs);
    }
    free(j.slots);
    free(j.shard_of);
    pthread_mutex_destroy(&j.mu);
    pthread_cond_destroy(&j.cv);
    /* commit every shard, then (for a new index) publish the stub */
    for (size_t k = 0; k < opened; k++) {
        if (st == NPC_OK) {
            st = xc_wdb_close(wr[k].w, err);
        } else {
            xc_wdb_abandon(wr[k].w);
        }
    }
    if (st == NPC_OK) {
        st = npc_layout_write_stub(opts->db, nshards, err);
    }
    npc_lexicon_free(lx);
    npc_filelist_release(&files);
    stats->seconds = npc_clock() - t0;
    return st;
}

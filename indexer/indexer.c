/*
 * indexer.c — the index run: titles, lexicon, worker threads, one ordered writer (indexer.h).
 */
#include "indexer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
} slot;

typedef struct job {
    const npc_filelist *files;
    const npc_lexicon *lx;
    size_t max_bytes;
    slot *slots;
    size_t next;    /* next file to prepare */
    size_t written; /* files handed to the writer so far */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} job;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
    job *j = arg;
    npc_prep *p = NULL;
    npc_err err;
    npc_status pst = npc_prep_new(j->lx, j->max_bytes, &p, &err);
    for (;;) {
        pthread_mutex_lock(&j->mu);
        while (!j->stop && j->next < j->files->n && j->next >= j->written + AHEAD) {
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

npc_status npc_index_run(const npc_index_opts *opts, npc_index_stats *stats, npc_err *err)
{
    memset(stats, 0, sizeof *stats);
    FILE *log = opts->log ? opts->log : stderr;
    double t0 = now();
    npc_filelist files = {0};
    npc_status st = NPC_OK;
    for (size_t r = 0; st == NPC_OK && r < opts->nroots; r++) {
        st = npc_walk(opts->roots[r], &files, err);
    }
    if (st != NPC_OK) {
        npc_filelist_release(&files);
        return st;
    }
    xc_wdb *w = NULL;
    st = xc_wdb_open(opts->db, XC_WDB_CREATE_OR_OPEN, &w, err);
    if (st != NPC_OK) {
        npc_filelist_release(&files);
        return st;
    }
    uint32_t existing = 0;
    npc_lexicon *lx = NULL;
    char *lexdump = NULL;
    size_t lexlen = 0;
    st = xc_db_doccount(xc_wdb_reader(w), &existing, err);
    if (st == NPC_OK) {
        st = build_lexicon(w, &files, &lx, err);
    }
    if (st == NPC_OK) {
        st = npc_lexicon_serialize(lx, &lexdump, &lexlen, err);
    }
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(w, NPC_META_LEXICON, lexdump, lexlen, err);
    }
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(w, NPC_META_SCHEMA, NPC_SCHEMA_VERSION, strlen(NPC_SCHEMA_VERSION),
                                 err);
    }
    free(lexdump);

    job j = {.files = &files,
             .lx = lx,
             .max_bytes = opts->max_file_bytes ? opts->max_file_bytes : DEFAULT_MAX_FILE};
    j.slots = calloc(files.n + 1, sizeof *j.slots);
    if (st == NPC_OK && j.slots == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "index job");
    }
    pthread_mutex_init(&j.mu, NULL);
    pthread_cond_init(&j.cv, NULL);
    int nthreads = opts->threads > 0 ? opts->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (nthreads < 1) {
        nthreads = 1;
    }
    if (nthreads > 64) {
        nthreads = 64;
    }
    pthread_t tids[64];
    int started = 0;
    for (; st == NPC_OK && started < nthreads; started++) {
        if (pthread_create(&tids[started], NULL, worker, &j) != 0) {
            st = npc_fail(err, NPC_EINTERNAL, "cannot start a worker thread");
            break;
        }
    }
    /* the writer: files in order */
    for (size_t i = 0; st == NPC_OK && i < files.n; i++) {
        slot *s = &j.slots[i];
        pthread_mutex_lock(&j.mu);
        while (!s->ready) {
            pthread_cond_wait(&j.cv, &j.mu);
        }
        pthread_mutex_unlock(&j.mu);
        const npc_file *f = &files.files[i];
        if (s->st != NPC_OK) {
            if (s->st == NPC_ENOMEM || s->st == NPC_EDB || s->st == NPC_EINTERNAL) {
                st = npc_fail(err, s->st, "%s: %s", f->rel, s->err.detail);
            } else {
                fprintf(log, "npcsearch: skipped %s: %s\n", f->abs,
                        s->err.detail[0] ? s->err.detail : npc_status_str(s->st));
                stats->skipped++;
            }
        } else if (s->docs.ignored) {
            stats->ignored++;
        } else {
            st = write_file(w, &s->docs, existing == 0, err);
            stats->files++;
            stats->documents += s->docs.n;
            stats->articles += s->docs.articles;
            stats->bytes += (size_t)f->size;
        }
        npc_prepared_release(&s->docs);
        pthread_mutex_lock(&j.mu);
        j.written = i + 1;
        pthread_cond_broadcast(&j.cv);
        pthread_mutex_unlock(&j.mu);
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
    pthread_mutex_destroy(&j.mu);
    pthread_cond_destroy(&j.cv);
    if (st == NPC_OK) {
        char stamp[32];
        time_t tt = time(NULL);
        struct tm tm;
        gmtime_r(&tt, &tm);
        size_t sl = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
        st = xc_wdb_set_metadata(w, NPC_META_INDEXED_AT, stamp, sl, err);
    }
    if (st == NPC_OK) {
        st = xc_wdb_close(w, err);
    } else {
        xc_wdb_abandon(w);
    }
    npc_lexicon_free(lx);
    npc_filelist_release(&files);
    stats->seconds = now() - t0;
    return st;
}

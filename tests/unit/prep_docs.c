/*
 * prep_docs.c — the preparer's documents read back from a scratch index (see prep_docs.h).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "prep_docs.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prep.h"
#include "support.h"
#include "walk.h"
#include "xapian-c/xc.h"

char *npc_test_tmpdir(void)
{
    const char *tmp = getenv("TMPDIR");
    char buf[1024];
    snprintf(buf, sizeof buf, "%s/npc-test-prep-XXXXXX", tmp ? tmp : "/tmp");
    return mkdtemp(buf) ? strdup(buf) : NULL;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void npc_test_rmdir(char *dir)
{
    if (dir != NULL) {
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(dir);
    }
}

int npc_test_write(const char *root, const char *rel, const char *content)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *s = strchr(path + strlen(root) + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(path, 0700);
        *s = '/';
    }
    FILE *fp = fopen(path, "wb");
    if (fp == NULL) {
        return 0;
    }
    size_t len = strlen(content);
    int ok = fwrite(content, 1, len, fp) == len;
    return fclose(fp) == 0 && ok;
}

/* ---- reading a document back (the callbacks only collect) --------------------------------- */

static int collect_term(const char *term, size_t len, uint32_t wdf, void *ctx)
{
    npc_test_doc *d = ctx;
    char **terms = realloc(d->terms, (d->nterms + 1) * sizeof *terms);
    uint32_t *w = realloc(d->wdf, (d->nterms + 1) * sizeof *w);
    if (terms != NULL) {
        d->terms = terms;
    }
    if (w != NULL) {
        d->wdf = w;
    }
    if (terms == NULL || w == NULL || (terms[d->nterms] = strndup(term, len)) == NULL) {
        return 1;
    }
    w[d->nterms++] = wdf;
    return 0;
}

/* Splits a value packed by xc_doc_pack_values (LEB128 length, bytes, in turn). */
static int unpack_facets(const char *v, size_t len, npc_test_doc *d)
{
    size_t at = 0;
    for (size_t k = 0; k < NPC_NFACETS; k++) {
        size_t n = 0;
        unsigned shift = 0;
        while (at < len) {
            unsigned char b = (unsigned char)v[at++];
            n |= (size_t)(b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (at + n > len || (d->facets[k] = strndup(v + at, n)) == NULL) {
            return 0;
        }
        at += n;
    }
    return at == len;
}

static int read_doc(const xc_db *db, const char *idterm, npc_test_doc *d)
{
    xc_docid did;
    char *data = NULL, *date = NULL, *packed = NULL;
    size_t dl, vl, pl;
    int ok = xc_db_find_term(db, idterm, strlen(idterm), &did, NULL) == NPC_OK &&
             xc_db_doc_terms(db, did, collect_term, d, NULL) == NPC_OK &&
             xc_db_doc_value(db, did, NPC_SLOT_DATE, &date, &vl, NULL) == NPC_OK &&
             xc_db_doc_value(db, did, NPC_SLOT_FACETS, &packed, &pl, NULL) == NPC_OK &&
             xc_db_doc_data(db, did, &data, &dl, NULL) == NPC_OK;
    if (ok) {
        d->id = strdup(idterm + strlen(NPC_P_ID));
        d->date = date;
        date = NULL;
        d->data = json_loadb(data, dl, 0, NULL);
        ok = d->id != NULL && d->data != NULL && unpack_facets(packed, pl, d);
    }
    free(date);
    free(packed);
    free(data);
    return ok;
}

/* Writes the prepared documents into a scratch database at dir and reads each back. */
static int read_back(const char *dir, const npc_prepared *prepared, npc_test_prepared *out)
{
    xc_wdb *w = NULL;
    if (xc_wdb_open(dir, XC_WDB_CREATE_OR_OVERWRITE, &w, NULL) != NPC_OK) {
        return 0;
    }
    int ok = 1;
    for (size_t k = 0; ok && k < prepared->n; k++) {
        ok = xc_wdb_replace(w, prepared->ids[k], strlen(prepared->ids[k]), prepared->docs[k],
                            NULL) == NPC_OK;
    }
    out->docs = calloc(prepared->n + 1, sizeof *out->docs);
    ok = ok && out->docs != NULL;
    for (size_t k = 0; ok && k < prepared->n; k++) {
        ok = read_doc(xc_wdb_reader(w), prepared->ids[k], &out->docs[k]);
        out->n = k + 1;
    }
    xc_wdb_abandon(w);
    return ok;
}

int npc_test_prepare(const char *root, const char *rel, const char *content, npc_test_prepared *out)
{
    memset(out, 0, sizeof *out);
    char abs[2048], db[2048];
    snprintf(abs, sizeof abs, "%s/%s", root, rel);
    snprintf(db, sizeof db, "%s/.db", root);
    if (!npc_test_write(root, rel, content)) {
        return 0;
    }
    npc_lexicon *lx = npc_test_lexicon();
    npc_prep *p = NULL;
    if (lx == NULL || npc_prep_new(lx, 1 << 20, &p, NULL) != NPC_OK) {
        npc_lexicon_free(lx);
        return 0;
    }
    npc_file f = {.abs = abs, .rel = (char *)rel};
    npc_prepared prepared;
    out->st = npc_prep_file(p, &f, &prepared, &out->err);
    int ok = 1;
    if (out->st == NPC_OK) {
        out->articles = prepared.articles;
        ok = read_back(db, &prepared, out);
        npc_prepared_release(&prepared);
    }
    npc_prep_free(p);
    npc_lexicon_free(lx);
    return ok;
}

void npc_test_prepared_release(npc_test_prepared *p)
{
    for (size_t i = 0; p->docs != NULL && i < p->n; i++) {
        npc_test_doc *d = &p->docs[i];
        for (size_t k = 0; k < d->nterms; k++) {
            free(d->terms[k]);
        }
        for (size_t k = 0; k < NPC_NFACETS; k++) {
            free(d->facets[k]);
        }
        free(d->terms);
        free(d->wdf);
        free(d->id);
        free(d->date);
        json_decref(d->data);
    }
    free(p->docs);
    memset(p, 0, sizeof *p);
}

const npc_test_doc *npc_test_doc_by_id(const npc_test_prepared *p, const char *id)
{
    for (size_t i = 0; i < p->n; i++) {
        if (p->docs[i].id != NULL && strcmp(p->docs[i].id, id) == 0) {
            return &p->docs[i];
        }
    }
    return NULL;
}

long npc_test_term(const npc_test_doc *d, const char *term)
{
    for (size_t k = 0; k < d->nterms; k++) {
        if (strcmp(d->terms[k], term) == 0) {
            return (long)d->wdf[k];
        }
    }
    return -1;
}

size_t npc_test_terms_with(const npc_test_doc *d, const char *prefix)
{
    size_t n = 0, pl = strlen(prefix);
    for (size_t k = 0; k < d->nterms; k++) {
        n += strncmp(d->terms[k], prefix, pl) == 0;
    }
    return n;
}

const char *npc_test_facet(const npc_test_doc *d, const char *name)
{
    for (size_t k = 0; k < NPC_NFACETS; k++) {
        if (strcmp(npc_facet_names[k], name) == 0) {
            return d->facets[k] ? d->facets[k] : "";
        }
    }
    return "";
}

const char *npc_test_field(const npc_test_doc *d, const char *key)
{
    return json_string_value(json_object_get(d->data, key));
}

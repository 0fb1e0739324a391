/*
 * versions.c — law versions' ends and statuses, from all of a law's versions (see versions.h).
 */
#include "versions.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "index/docdata.h"
#include "index/schema.h"

typedef struct version {
    size_t shard;
    xc_docid doc;
    char *group, *in_force, *until, *repealed, *status;
} version;

typedef struct versions {
    version *v;
    size_t n, cap;
} versions;

static void versions_release(versions *vs)
{
    for (size_t i = 0; i < vs->n; i++) {
        free(vs->v[i].group), free(vs->v[i].in_force), free(vs->v[i].until);
        free(vs->v[i].repealed), free(vs->v[i].status);
    }
    free(vs->v);
}

/* Every law document of one shard, with its version values, appended to vs. */
static npc_status collect(xc_wdb *w, size_t shard, versions *vs, npc_err *err)
{
    xc_db *db = xc_wdb_reader(w);
    char tt[32];
    size_t tl = npc_term(tt, sizeof tt, NPC_P_TYPE, NPC_TYPE_LAW, strlen(NPC_TYPE_LAW));
    uint32_t count = 0;
    xc_query *q = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    npc_status st = xc_db_doccount(db, &count, err);
    if (st == NPC_OK) {
        st = xc_query_term(tt, tl, 1, &q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_new(db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, count + 1, 0, &m, err);
    }
    for (uint32_t i = 0; st == NPC_OK && i < xc_mset_size(m); i++) {
        if (vs->n == vs->cap) {
            size_t cap = vs->cap ? 2 * vs->cap : 256;
            version *nv = realloc(vs->v, cap * sizeof *nv);
            if (nv == NULL) {
                st = npc_fail(err, NPC_ENOMEM, "versions");
                break;
            }
            vs->v = nv;
            vs->cap = cap;
        }
        version *v = &vs->v[vs->n];
        memset(v, 0, sizeof *v);
        v->shard = shard;
        v->doc = xc_mset_docid(m, i);
        vs->n++;
        size_t len;
        if ((st = xc_mset_doc_value(m, i, NPC_SLOT_VERSION_GROUP, &v->group, &len, err)) ||
            (st = xc_mset_doc_value(m, i, NPC_SLOT_IN_FORCE, &v->in_force, &len, err)) ||
            (st = xc_mset_doc_value(m, i, NPC_SLOT_IN_FORCE_UNTIL, &v->until, &len, err)) ||
            (st = xc_mset_doc_value(m, i, NPC_SLOT_REPEALED, &v->repealed, &len, err))) {
            break;
        }
        st = xc_mset_doc_value(m, i, NPC_SLOT_LAW_STATUS, &v->status, &len, err);
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(q);
    return st;
}

/* By group, then by the day they took effect, then by shard and document. */
static int by_group(const void *x, const void *y)
{
    const version *a = x, *b = y;
    int c = strcmp(a->group, b->group);
    if (c == 0) {
        c = strcmp(a->in_force, b->in_force);
    }
    if (c == 0) {
        c = a->shard != b->shard ? (a->shard < b->shard ? -1 : 1)
                                 : (a->doc < b->doc ? -1 : a->doc > b->doc);
    }
    return c;
}

typedef struct stamp {
    const char *status, *until;
    json_t *later; /* article id → its NPC_FIELD_LATER note; NULL for none */
} stamp;

/* The stored document with its new status and end. */
static npc_status restamp_data(const char *in, size_t len, char **out, void *ctx, npc_err *err)
{
    const stamp *sp = ctx;
    json_error_t je;
    json_t *o = json_loadb(in, len, 0, &je);
    if (!json_is_object(o)) {
        json_decref(o);
        return npc_fail(err, NPC_EDB, "a stored document is not valid JSON");
    }
    json_object_set_new(o, NPC_FIELD_STATUS, json_string(sp->status));
    json_object_set_new(o, NPC_FIELD_IN_FORCE_UNTIL,
                        json_string(strcmp(sp->until, NPC_IN_FORCE_OPEN) == 0 ? "" : sp->until));
    json_t *note =
        sp->later ? json_object_get(sp->later, json_string_value(json_object_get(o, NPC_FIELD_ID)))
                  : NULL;
    if (note != NULL) {
        json_object_set(o, NPC_FIELD_LATER, note);
    } else {
        json_object_del(o, NPC_FIELD_LATER);
    }
    *out = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return *out ? NPC_OK : npc_fail(err, NPC_ENOMEM, "versions");
}

/* The index of NPC_SLOT_STATUS among the packed facets. */
static size_t status_facet(void)
{
    for (size_t i = 0; i < NPC_NFACETS; i++) {
        if (npc_facet_slots[i] == NPC_SLOT_STATUS) {
            return i;
        }
    }
    return 0;
}

/* The stored document of version v: its law document. */
static npc_status law_doc(xc_wdb *w, const version *v, npc_docdata **doc, npc_err *err)
{
    char *data = NULL;
    size_t dl;
    *doc = NULL;
    npc_status st = xc_db_doc_data(xc_wdb_reader(w), v->doc, &data, &dl, err);
    if (st == NPC_OK) {
        st = npc_docdata_parse(data, dl, doc, err);
    }
    free(data);
    return st;
}

/* The articles of the law at path in shard w, in order: [{"id", "article_label", "text"}]. */
static npc_status articles_of(xc_wdb *w, const char *path, json_t *out, npc_err *err)
{
    char ft[4200], tt[32];
    size_t fl = npc_term(ft, sizeof ft, NPC_P_FILE, path, strlen(path));
    size_t tl = npc_term(tt, sizeof tt, NPC_P_TYPE, NPC_TYPE_ARTICLE, strlen(NPC_TYPE_ARTICLE));
    const char *terms[2] = {ft, tt};
    size_t lens[2] = {fl, tl};
    xc_query *q = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    npc_status st = fl ? xc_query_terms(XC_OP_AND, terms, lens, 2, &q, err) : NPC_OK;
    if (st == NPC_OK && q != NULL) {
        st = xc_enquire_new(xc_wdb_reader(w), &e, err);
    }
    if (st == NPC_OK && e != NULL) {
        st = xc_enquire_set_query(e, q, err);
    }
    if (st == NPC_OK && e != NULL) {
        st = xc_enquire_mset(e, 0, 20000, 0, &m, err);
    }
    for (uint32_t i = 0; st == NPC_OK && m != NULL && i < xc_mset_size(m); i++) {
        char *data = NULL;
        size_t dl;
        npc_docdata *d = NULL;
        st = xc_mset_doc_data(m, i, &data, &dl, err);
        if (st == NPC_OK) {
            st = npc_docdata_parse(data, dl, &d, err);
        }
        free(data);
        if (st == NPC_OK) {
            json_array_append_new(out, json_pack("{s:o?, s:o?, s:o?}", "id",
                                                 npc_docdata_get(d, NPC_FIELD_ID), "label",
                                                 npc_docdata_get(d, NPC_FIELD_ARTICLE_LABEL),
                                                 "text", npc_docdata_get(d, NPC_FIELD_TEXT)));
        }
        npc_docdata_free(d);
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(q);
    return st;
}

/* The diff's view of articles arr (borrowed from it). */
static npc_diff_article *diff_articles(json_t *arr)
{
    size_t n = json_array_size(arr);
    npc_diff_article *a = calloc(n + 1, sizeof *a);
    for (size_t i = 0; a != NULL && i < n; i++) {
        json_t *x = json_array_get(arr, i);
        const char *label = json_string_value(json_object_get(x, "label"));
        const char *text = json_string_value(json_object_get(x, "text"));
        label = label ? label : "";
        text = text ? text : "";
        size_t ll = strlen(label), tl = strlen(text), at = npc_diff_content_at(text, tl, label, ll);
        a[i] = (npc_diff_article){label, text + at, ll, tl - at};
    }
    return a;
}

/* The notes of the articles of version v that next (the version after it) changed, moved or
 * removed: {article id: {"version", "date", "mark", "article", "label"}} (the "later" field). */
static npc_status later_notes(xc_wdb *const *w, const version *v, const version *next,
                              const char *path, json_t **out, npc_err *err)
{
    *out = NULL;
    npc_docdata *nd = NULL;
    npc_status st = law_doc(w[next->shard], next, &nd, err);
    const char *npath = st == NPC_OK ? npc_docdata_str(nd, NPC_FIELD_PATH, NULL) : NULL;
    json_t *a = json_array(), *b = json_array(), *notes = json_object();
    if (st == NPC_OK && (a == NULL || b == NULL || notes == NULL || npath == NULL)) {
        st = npc_fail(err, NPC_ENOMEM, "versions");
    }
    if (st == NPC_OK) {
        st = articles_of(w[v->shard], path, a, err);
    }
    if (st == NPC_OK) {
        st = articles_of(w[next->shard], npath, b, err);
    }
    npc_diff_article *da = st == NPC_OK ? diff_articles(a) : NULL;
    npc_diff_article *db = st == NPC_OK ? diff_articles(b) : NULL;
    npc_diff_pair *p = NULL;
    size_t np = 0;
    if (st == NPC_OK && (da == NULL || db == NULL)) {
        st = npc_fail(err, NPC_ENOMEM, "versions");
    }
    if (st == NPC_OK) {
        st = npc_diff_align(da, json_array_size(a), db, json_array_size(b), &p, &np, err);
    }
    for (size_t i = 0; st == NPC_OK && i < np; i++) {
        if (p[i].from < 0 || p[i].mark == NPC_DIFF_UNCHANGED) {
            continue;
        }
        json_t *from = json_array_get(a, (size_t)p[i].from);
        json_t *to = p[i].to >= 0 ? json_array_get(b, (size_t)p[i].to) : NULL;
        json_object_set_new(notes, json_string_value(json_object_get(from, "id")),
                            json_pack("{s:s, s:s, s:s, s:O?, s:O?}", "version", npath, "date",
                                      next->in_force, "mark", npc_diff_mark_name(p[i].mark),
                                      "article", to ? json_object_get(to, "id") : NULL, "label",
                                      to ? json_object_get(to, "label") : NULL));
    }
    free(p), free(da), free(db);
    json_decref(a), json_decref(b);
    npc_docdata_free(nd);
    if (st != NPC_OK) {
        json_decref(notes);
        return st;
    }
    *out = notes;
    return NPC_OK;
}

/* Rewrites the documents of version v's file with status and until, and the notes of what
 * next (the version after it, or NULL) changed in its articles. */
static npc_status restamp(xc_wdb *const *ws, const version *v, const version *next,
                          const char *status, const char *until, npc_err *err)
{
    xc_wdb *w = ws[v->shard];
    npc_docdata *doc = NULL;
    npc_status st = law_doc(w, v, &doc, err);
    const char *path = st == NPC_OK ? npc_docdata_str(doc, NPC_FIELD_PATH, NULL) : NULL;
    char ft[4200];
    size_t fl = path ? npc_term(ft, sizeof ft, NPC_P_FILE, path, strlen(path)) : 0;
    if (st == NPC_OK && fl == 0) {
        st = npc_fail(err, NPC_EDB, "a law's stored document has no path");
    }
    if (st == NPC_OK) {
        static const unsigned slots[] = {NPC_SLOT_IN_FORCE_UNTIL, NPC_SLOT_LAW_STATUS};
        const char *values[] = {until, status};
        stamp sp = {status, until, NULL};
        if (next != NULL) {
            st = later_notes(ws, v, next, path, &sp.later, err);
        }
        /* values and data only: no term changes, so Xapian keeps the postings as they are */
        xc_restamp r = {.slots = slots,
                        .values = values,
                        .nvalues = 2,
                        .packed = NPC_SLOT_FACETS,
                        .pack_index = status_facet(),
                        .pack_value = status,
                        .data = restamp_data,
                        .ctx = &sp};
        if (st == NPC_OK) {
            st = xc_wdb_restamp(w, ft, fl, &r, NULL, err);
        }
        json_decref(sp.later);
    }
    npc_docdata_free(doc);
    return st;
}

npc_status npc_versions_stamp(xc_wdb *const *w, size_t n, const char *today, size_t *files,
                              npc_err *err)
{
    if (files != NULL) {
        *files = 0;
    }
    versions vs = {0};
    npc_status st = NPC_OK;
    for (size_t k = 0; st == NPC_OK && k < n; k++) {
        st = collect(w[k], k, &vs, err);
    }
    if (st == NPC_OK && vs.n > 0) {
        qsort(vs.v, vs.n, sizeof *vs.v, by_group);
    }
    for (size_t i = 0; st == NPC_OK && i < vs.n; i++) {
        const version *v = &vs.v[i];
        if (v->group[0] == '\0') {
            continue; /* written before versions were (cannot be: the schema changed) */
        }
        /* it ends with its repeal, or when the next version takes effect */
        char until[16] = NPC_IN_FORCE_OPEN;
        if (v->repealed[0]) {
            snprintf(until, sizeof until, "%s", v->repealed);
        }
        const version *next =
            i + 1 < vs.n && strcmp(vs.v[i + 1].group, v->group) == 0 ? &vs.v[i + 1] : NULL;
        if (next != NULL && strcmp(next->in_force, until) < 0) {
            snprintf(until, sizeof until, "%s", next->in_force);
        }
        const char *status = npc_version_status(v->in_force, until, v->repealed, today);
        if (strcmp(until, v->until) == 0 && strcmp(status, v->status) == 0) {
            continue;
        }
        st = restamp(w, v, next, status, until, err);
        if (st == NPC_OK && files != NULL) {
            (*files)++;
        }
    }
    versions_release(&vs);
    return st;
}

/*
 * versions.c — law versions' ends and statuses, from all of a law's versions (see versions.h).
 */
#include "versions.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

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
        st = xc_mset_doc_value(m, i, NPC_SLOT_STATUS, &v->status, &len, err);
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

/* Rewrites the documents of version v's file with status and until. */
static npc_status restamp(xc_wdb *w, const version *v, const char *status, const char *until,
                          npc_err *err)
{
    char *data = NULL;
    size_t dl;
    npc_docdata *doc = NULL;
    npc_status st = xc_db_doc_data(xc_wdb_reader(w), v->doc, &data, &dl, err);
    if (st == NPC_OK) {
        st = npc_docdata_parse(data, dl, &doc, err);
    }
    free(data);
    const char *path = st == NPC_OK ? npc_docdata_str(doc, NPC_FIELD_PATH, NULL) : NULL;
    char ft[4200], zt[NPC_TERM_MAX + 1];
    size_t fl = path ? npc_term(ft, sizeof ft, NPC_P_FILE, path, strlen(path)) : 0;
    npc_term(zt, sizeof zt, NPC_P_STATUS, status, strlen(status));
    if (st == NPC_OK && fl == 0) {
        st = npc_fail(err, NPC_EDB, "a law's stored document has no path");
    }
    if (st == NPC_OK) {
        static const unsigned slots[] = {NPC_SLOT_IN_FORCE_UNTIL};
        const char *values[] = {until};
        stamp sp = {status, until};
        xc_restamp r = {.drop_prefix = NPC_P_STATUS,
                        .add_term = zt,
                        .slots = slots,
                        .values = values,
                        .nvalues = 1,
                        .packed = NPC_SLOT_FACETS,
                        .pack_index = status_facet(),
                        .pack_value = status,
                        .data = restamp_data,
                        .ctx = &sp};
        st = xc_wdb_restamp(w, ft, fl, &r, NULL, err);
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
        if (i + 1 < vs.n && strcmp(vs.v[i + 1].group, v->group) == 0 &&
            strcmp(vs.v[i + 1].in_force, until) < 0) {
            snprintf(until, sizeof until, "%s", vs.v[i + 1].in_force);
        }
        const char *status = npc_version_status(v->in_force, until, v->repealed, today);
        if (strcmp(until, v->until) == 0 && strcmp(status, v->status) == 0) {
            continue;
        }
        st = restamp(w[v->shard], v, status, until, err);
        if (st == NPC_OK && files != NULL) {
            (*files)++;
        }
    }
    versions_release(&vs);
    return st;
}

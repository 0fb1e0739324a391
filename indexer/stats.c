/*
 * stats.c — the engine of `npcsearch stats`: index statistics (stats.h).
 */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "index/layout.h"
#include "manifest.h"
#include "index/schema.h"
#include "xapian-c/xc.h"

static const char *const types[] = {NPC_TYPE_LAW, NPC_TYPE_ARTICLE, NPC_TYPE_REPORT,
                                    NPC_TYPE_FEEDBACK};

typedef struct facet_ctx {
    json_t *obj;
    size_t skip; /* prefix length */
} facet_ctx;

static int add_facet(const char *term, size_t len, uint32_t freq, void *ctx)
{
    facet_ctx *c = ctx;
    char key[512];
    size_t n = len - c->skip < sizeof key - 1 ? len - c->skip : sizeof key - 1;
    memcpy(key, term + c->skip, n);
    key[n] = '\0';
    json_object_set_new(c->obj, key, json_integer(freq));
    return 0;
}

/* Per shard: revision and files of its manifest. */
static npc_status shard_info(const char *dir, const npc_layout *l, size_t k, json_t *shards,
                             json_int_t *files, npc_err *err)
{
    char path[4200], *blob = NULL;
    size_t bl = 0;
    uint64_t rev = 0;
    uint32_t docs = 0;
    xc_db *db = NULL;
    npc_manifest *m = NULL;
    if (!npc_layout_shard_path(dir, l, k, path, sizeof path)) {
        return npc_fail(err, NPC_EINVAL, "database path too long");
    }
    npc_status st = xc_db_open(path, &db, err);
    if (st == NPC_OK) {
        st = xc_db_revision(db, &rev, err);
    }
    if (st == NPC_OK) {
        st = xc_db_doccount(db, &docs, err);
    }
    if (st == NPC_OK) {
        st = xc_db_metadata(db, NPC_META_FILES, &blob, &bl, err);
    }
    if (st == NPC_OK) {
        st = npc_manifest_parse(blob, bl, &m, err);
    }
    if (st == NPC_OK) {
        *files += (json_int_t)npc_manifest_live(m);
        json_array_append_new(shards, json_pack("{s:I,s:I,s:I}", "revision", (json_int_t)rev,
                                                "documents", (json_int_t)docs, "files",
                                                (json_int_t)npc_manifest_live(m)));
    }
    npc_manifest_free(m);
    free(blob);
    xc_db_close(db);
    return st;
}

npc_status npc_stats_describe(const char *dir, json_t **out, npc_err *err)
{
    *out = NULL;
    npc_layout l;
    npc_status st = npc_layout_read(dir, &l, err);
    if (st != NPC_OK) {
        return st;
    }
    xc_db *db = NULL;
    uint32_t docs = 0;
    char *schema = NULL, *when = NULL, *model = NULL, *mstamp = NULL;
    size_t sl, wl, ml, msl;
    json_t *res = json_object(), *by_type = json_object(), *by_cat = json_object(),
           *shards = json_array();
    json_int_t files = 0;
    if (res == NULL || by_type == NULL || by_cat == NULL || shards == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "stats");
    }
    if (st == NPC_OK) {
        st = xc_db_open(dir, &db, err);
    }
    if (st == NPC_OK) {
        st = xc_db_doccount(db, &docs, err);
    }
    for (size_t i = 0; st == NPC_OK && i < sizeof types / sizeof *types; i++) {
        char term[64];
        uint32_t n = 0;
        size_t tl = npc_term(term, sizeof term, NPC_P_TYPE, types[i], strlen(types[i]));
        st = xc_db_termfreq(db, term, tl, &n, err);
        if (st == NPC_OK && n > 0) {
            json_object_set_new(by_type, types[i], json_integer(n));
        }
    }
    if (st == NPC_OK) {
        facet_ctx c = {by_cat, strlen(NPC_P_CATEGORY)};
        st = xc_db_all_terms(db, NPC_P_CATEGORY, c.skip, add_facet, &c, err);
    }
    if (st == NPC_OK) {
        st = xc_db_metadata(db, NPC_META_SCHEMA, &schema, &sl, err);
    }
    if (st == NPC_OK) {
        st = xc_db_metadata(db, NPC_META_INDEXED_AT, &when, &wl, err);
    }
    if (st == NPC_OK) {
        st = xc_db_metadata(db, NPC_META_ASSOC, &model, &ml, err);
    }
    if (st == NPC_OK) {
        st = xc_db_metadata(db, NPC_META_ASSOC_STAMP, &mstamp, &msl, err);
    }
    for (size_t k = 0; st == NPC_OK && k < l.nshards; k++) {
        st = shard_info(dir, &l, k, shards, &files, err);
    }
    if (st == NPC_OK) {
        json_object_set_new(res, "db", json_string(dir));
        json_object_set_new(res, "generation", json_string(l.gen));
        json_object_set_new(res, "schema", json_string(schema));
        json_object_set_new(res, "indexed_at", json_string(when));
        json_object_set_new(res, "documents", json_integer(docs));
        json_object_set_new(res, "files", json_integer(files));
        json_object_set_new(res, "bytes", json_integer((json_int_t)npc_layout_bytes(dir, &l)));
        json_object_set(res, "by_type", by_type);
        json_object_set(res, "by_category", by_cat);
        json_object_set(res, "shards", shards);
        /* the learned model's header line, "npc.assoc VERSION QUESTIONS" (assoc.h: 1 to 3) */
        unsigned long questions = 0;
        unsigned version = 0;
        if (ml > 0 && sscanf(model, "npc.assoc %u %lu", &version, &questions) == 2 &&
            version >= 1 && version <= 3) {
            json_object_set_new(
                res, "model",
                json_pack("{s:I,s:s}", "questions", (json_int_t)questions, "stamp", mstamp));
        } else {
            json_object_set_new(res, "model", json_null());
        }
    }
    json_decref(by_type);
    json_decref(by_cat);
    json_decref(shards);
    free(schema);
    free(when);
    free(model);
    free(mstamp);
    xc_db_close(db);
    if (st != NPC_OK) {
        json_decref(res);
        return st;
    }
    *out = res;
    return NPC_OK;
}

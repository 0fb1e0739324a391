/*
 * assocdb.c — reading and storing the learned model in an index (see assocdb.h).
 */
#include "learn/assocdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/fnv.h"
#include "index/layout.h"
#include "index/schema.h"

npc_status npc_assoc_read(const xc_db *db, npc_assoc **out, npc_err *err)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    npc_status st = xc_db_metadata(db, NPC_META_ASSOC, &text, &len, err);
    if (st == NPC_OK && len > 0) {
        st = npc_assoc_load(text, len, out, err);
    }
    free(text);
    return st;
}

static npc_status store_one(const char *path, const char *key, const char *stamp_key,
                            const char *text, size_t len, const char *stamp, npc_err *err)
{
    xc_wdb *w = NULL;
    npc_status st = xc_wdb_open(path, XC_WDB_CREATE_OR_OPEN, &w, err);
    if (st != NPC_OK) {
        return st;
    }
    st = xc_wdb_set_metadata(w, key, text, len, err);
    if (st == NPC_OK) {
        st = xc_wdb_set_metadata(w, stamp_key, stamp, strlen(stamp), err);
    }
    if (st != NPC_OK) {
        xc_wdb_abandon(w);
        return st;
    }
    return xc_wdb_close(w, err);
}

npc_status npc_assoc_store(const char *dir, const npc_assoc *m, npc_err *err)
{
    return npc_assoc_store_as(dir, m, NPC_META_ASSOC, NPC_META_ASSOC_STAMP, err);
}

npc_status npc_assoc_store_as(const char *dir, const npc_assoc *m, const char *key,
                              const char *stamp_key, npc_err *err)
{
    /* the index must exist: its schema is read through the stub first */
    xc_db *db = NULL;
    char *schema = NULL;
    size_t sl;
    npc_status st = xc_db_open(dir, &db, err);
    if (st == NPC_OK) {
        st = xc_db_metadata(db, NPC_META_SCHEMA, &schema, &sl, err);
    }
    if (st == NPC_OK && sl == 0) {
        st = npc_fail(err, NPC_EDB_OPEN, "%s is not an npcsearch index", dir);
    }
    free(schema);
    xc_db_close(db);
    if (st != NPC_OK) {
        return st;
    }
    char *text = NULL;
    size_t len = 0;
    if (m != NULL && (st = npc_assoc_serialize(m, &text, &len, err)) != NPC_OK) {
        return st;
    }
    /* a stamp that differs from every earlier one: the time and the text's hash */
    unsigned long long h = npc_fnv1a64(text, len);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char stamp[96];
    snprintf(stamp, sizeof stamp, "%lld.%09ld-%016llx", (long long)ts.tv_sec, ts.tv_nsec, h);
    if (m == NULL) {
        stamp[0] = '\0';
    }
    /* one writer at a time: an index run holds the same lock while it writes */
    int lock = -1;
    npc_layout l;
    st = npc_layout_lock(dir, &lock, err);
    npc_status rs = st == NPC_OK ? npc_layout_read(dir, &l, NULL) : st;
    if (st == NPC_OK && rs != NPC_OK) {
        st = store_one(dir, key, stamp_key, text ? text : "", len, stamp, err); /* a plain db */
    }
    for (size_t k = 0; st == NPC_OK && rs == NPC_OK && k < l.nshards; k++) {
        char path[4200];
        st = npc_layout_shard_path(dir, &l, k, path, sizeof path)
                 ? store_one(path, key, stamp_key, text ? text : "", len, stamp, err)
                 : npc_fail(err, NPC_EINVAL, "path too long");
    }
    npc_layout_unlock(lock);
    free(text);
    return st;
}

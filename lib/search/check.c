/*
 * check.c — the consistency check over an index's shards (see check.h).
 */
#include "search/check.h"

#include <stdio.h>

#include "index/layout.h"
#include "search/shardlist.h"
#include "xapian-c/xc.h"

/* Checks one shard, reports it, and keeps the first failure in *first. */
static void check_one(const char *name, const char *path, npc_check_cb cb, void *ctx,
                      size_t *ndamaged, npc_status *first, npc_err *err)
{
    npc_err e;
    npc_err_clear(&e);
    npc_status st = xc_db_check(path, &e);
    if (cb != NULL) {
        cb(name, path, st, &e, ctx);
    }
    if (st != NPC_OK) {
        (*ndamaged)++;
        if (*first == NPC_OK) {
            *first = npc_fail(err, st, "%s: %s", name, e.detail);
        }
    }
}

npc_status npc_index_check(const char *path, npc_check_cb cb, void *ctx, size_t *ndamaged,
                           npc_err *err)
{
    size_t n = 0;
    npc_status first = NPC_OK;
    npc_layout l;
    if (npc_shardlist_is(path)) {
        npc_shardlist list;
        npc_status st = npc_shardlist_read(path, &list, err);
        for (size_t k = 0; st == NPC_OK && k < list.n; k++) {
            if (list.shards[k].path != NULL) {
                check_one(list.names[k], list.shards[k].path, cb, ctx, &n, &first, err);
            }
        }
        npc_shardlist_free(&list);
        if (st != NPC_OK) {
            return st;
        }
    } else if (npc_layout_read(path, &l, NULL) == NPC_OK) {
        for (size_t k = 0; k < l.nshards; k++) {
            char sp[4200], name[32];
            if (!npc_layout_shard_path(path, &l, k, sp, sizeof sp)) {
                return npc_fail(err, NPC_EINVAL, "path too long");
            }
            snprintf(name, sizeof name, "shard%zu", k);
            check_one(name, sp, cb, ctx, &n, &first, err);
        }
    } else {
        check_one(path, path, cb, ctx, &n, &first, err);
    }
    if (ndamaged != NULL) {
        *ndamaged = n;
    }
    return first;
}

/*
 * listing.c — every document a request's filters let through, stored fields and all, counted
 * exactly (see search.h npc_search_list): what a draft's dashboard reads its suggestions from.
 */
#include "search/search_int.h"

#include <stdlib.h>

/* One try of npc_search_list over the searcher's current revision. */
static npc_status list_once(npc_searcher *s, const xc_query *q, uint32_t max, json_t *docs,
                            uint32_t *total, npc_err *err)
{
    uint32_t all = 0;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    npc_status st = xc_db_doccount(s->db, &all, err);
    if (st == NPC_OK) {
        st = xc_enquire_new(s->db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, max, all, &m, err); /* checks every match: exact */
    }
    size_t before = json_array_size(docs);
    for (uint32_t i = 0; st == NPC_OK && i < xc_mset_size(m); i++) {
        npc_docdata *doc;
        if ((st = mset_doc(m, i, &doc, err)) == NPC_OK) {
            json_t *o = npc_docdata_json(doc);
            npc_docdata_free(doc);
            st = o && json_array_append_new(docs, o) == 0 ? NPC_OK
                                                          : npc_fail(err, NPC_ENOMEM, "listing");
        }
    }
    if (st == NPC_OK && total != NULL) {
        *total = xc_mset_matches_estimated(m);
    }
    while (st != NPC_OK && json_array_size(docs) > before) {
        json_array_remove(docs, before); /* a retry starts afresh */
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    return st;
}

npc_status npc_search_list(npc_searcher *s, const npc_search_req *r, uint32_t max, json_t *docs,
                           uint32_t *total, npc_err *err)
{
    xc_query *q = NULL;
    npc_status st = search_filters(s, r, &q, err);
    if (st == NPC_OK && q == NULL) {
        st = xc_query_match_all(&q, err);
    }
    for (int attempt = 0; st == NPC_OK; attempt++) {
        st = list_once(s, q, max, docs, total, err);
        if (st != NPC_EDB_MODIFIED || attempt > 0) {
            break;
        }
        st = npc_searcher_reopen(s, NULL, err);
    }
    xc_query_free(q);
    return st;
}

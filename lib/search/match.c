/*
 * match.c — the enquire of a query (BM25's parameters) and the ranked matches of a search (see
 * search_int.h).
 */
#include "search/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"

uint32_t match_check(const npc_query *pq, int facets, size_t nshards)
{
    uint32_t want = npc_query_has_phrases(pq) ? PHRASE_COUNT : facets ? FACET_SAMPLE : 0;
    return (want + (uint32_t)nshards - 1) / (uint32_t)nshards;
}

npc_status make_enquire(xc_db *db, const xc_query *q, const xc_query *filter, const xc_bm25 *bm25,
                        double time_limit, xc_enquire **out, npc_err *err)
{
    xc_query *fq = NULL;
    xc_enquire *e = NULL;
    npc_status st = NPC_OK;
    if (filter != NULL) {
        xc_query *pair[2] = {(xc_query *)q, (xc_query *)filter};
        st = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &fq, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_new(db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, fq ? fq : q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_bm25(e, bm25->k1, 0.0, NPC_BM25_K3, bm25->b, bm25->min_normlen, err);
    }
    if (st == NPC_OK && time_limit > 0) {
        st = xc_enquire_set_time_limit(e, time_limit, err);
    }
    xc_query_free(fq);
    if (st != NPC_OK) {
        xc_enquire_free(e);
        return st;
    }
    *out = e;
    return NPC_OK;
}

/* The weight floor of MATCH_CUTOFF_PERCENT over remote shards: that share of the best match's
 * weight, found by a first match for the best alone (0 when nothing matches).  Xapian's own
 * percentage there is the weight times the share of the query's terms that the best match
 * holds, and the OR of a long question's terms (where a local shard has one cached BM25
 * source) cut even its best matches. */
static npc_status remote_floor(npc_searcher *s, const npc_query *pq, const xc_query *f,
                               double *floor, npc_err *err)
{
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    npc_status st =
        make_enquire(s->db, npc_query_xapian(pq), f, npc_query_bm25(pq), s->time_limit, &e, err);
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, 1, 0, &m, err);
    }
    *floor =
        st == NPC_OK && xc_mset_size(m) > 0 ? xc_mset_weight(m, 0) * MATCH_CUTOFF_PERCENT / 100 : 0;
    xc_mset_free(m);
    xc_enquire_free(e);
    return st;
}

/* The ranked matches over the combined database (one shard, or sorted by date). */
static npc_status rank_combined(npc_searcher *s, const npc_search_req *r, const npc_query *pq,
                                const xc_query *f, uint32_t want, ranking *rk, npc_err *err)
{
    /* over remote shards each server counts its own share, as each local shard does */
    size_t shares = xc_db_is_remote(s->db) ? s->list.n - s->ndown : 1;
    uint32_t check = match_check(pq, r->facets, shares);
    npc_status st = make_enquire(s->db, npc_query_xapian(pq), f, npc_query_bm25(pq), s->time_limit,
                                 &rk->e, err);
    if (st == NPC_OK && r->sort == NPC_SORT_DATE) {
        st = xc_enquire_sort_value(rk->e, NPC_SLOT_DATE, 1, 0, err);
    }
    if (st == NPC_OK && r->sort == NPC_SORT_RELEVANCE && !npc_query_has_phrases(pq)) {
        /* (Xapian cannot combine a percentage cutoff with sorting by value) */
        double floor = 0;
        st = xc_db_is_remote(s->db) ? remote_floor(s, pq, f, &floor, err) : NPC_OK;
        if (st == NPC_OK) {
            st = xc_enquire_set_cutoff(rk->e, floor > 0 ? 0 : MATCH_CUTOFF_PERCENT, floor, err);
        }
    }
    if (st == NPC_OK && r->facets) {
        st = xc_enquire_add_facets(rk->e, NPC_SLOT_FACETS, NPC_NFACETS, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(rk->e, 0, want, check, &rk->m, err);
    }
    for (uint32_t k = 0; st == NPC_OK && k < xc_mset_size(rk->m); k++) {
        rk->list[rk->n++] = (ranked){rk->m, k, xc_mset_docid(rk->m, k)};
    }
    if (st == NPC_OK) {
        rk->total = xc_mset_matches_estimated(rk->m);
        rk->all_fetched = xc_mset_size(rk->m) < want;
        rk->bounds_exact = xc_mset_matches_lower_bound(rk->m) == xc_mset_matches_upper_bound(rk->m);
        rk->timed_out = xc_mset_timed_out(rk->m);
    }
    rk->facets = r->facets ? rk->e : NULL;
    return st;
}

npc_status rank_matches(npc_searcher *s, const npc_search_req *r, const npc_query *pq,
                        const xc_query *f, uint32_t want, ranking *out, npc_err *err)
{
    *out = (ranking){.all_fetched = 1, .bounds_exact = 1};
    if ((out->list = calloc(want + 1, sizeof *out->list)) == NULL) {
        return npc_fail(err, NPC_ENOMEM, "result");
    }
    if (s->nshards > 1 && r->sort == NPC_SORT_RELEVANCE) {
        return rank_sharded(s, r, pq, f, want, out, err);
    }
    return rank_combined(s, r, pq, f, want, out, err);
}

void ranking_release(ranking *rk)
{
    free(rk->list);
    for (size_t k = 0; k < rk->njobs; k++) {
        xc_mset_free(rk->jobs[k].m);
        xc_enquire_free(rk->jobs[k].e);
        xc_query_free(rk->jobs[k].own);
    }
    xc_mset_free(rk->m);
    xc_enquire_free(rk->e);
    memset(rk, 0, sizeof *rk);
}

/*
 * shards.c — a search over each shard on its own (one thread each, or one after the other),
 * the ranked lists merged by weight and the facets summed (see search_int.h).
 */
#include "search/search_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "index/schema.h"

static void *match_shard(void *arg)
{
    shard_job *j = arg;
    j->st = make_enquire(j->db, j->q, j->filter, j->bm25, j->time_limit, &j->e, &j->err);
    if (j->st == NPC_OK && j->cutoff) {
        j->st =
            xc_enquire_set_cutoff(j->e, j->floor > 0 ? 0 : MATCH_CUTOFF_PERCENT, j->floor, &j->err);
    }
    if (j->st == NPC_OK && j->facets) {
        j->st = xc_enquire_add_facets(j->e, NPC_SLOT_FACETS, NPC_NFACETS, &j->err);
    }
    if (j->st == NPC_OK) {
        j->st = xc_enquire_mset(j->e, 0, j->want, j->check, &j->m, &j->err);
    }
    return NULL;
}

/*
 * Matches the query on every shard, at once (one thread each; shard 0 in the caller) or one
 * after the other (npc_searcher_set_parallel), each with its own handle.  The cached BM25 query
 * of the free text and of the phrases' terms carries the whole index's statistics
 * (xc_query_cached_bm25), so every shard weighs a document as the whole index would.
 */
static npc_status match_shards(npc_searcher *s, const npc_query *pq, const xc_query *f,
                               uint32_t want, int facets, shard_job *jobs, size_t n, npc_err *err)
{
    pthread_t tid[NPC_SHARDS_MAX];
    int started[NPC_SHARDS_MAX] = {0};
    /* in parallel every job gets its own copy of the query: Xapian's trees must not be shared
     * by threads */
    npc_status st = NPC_OK;
    xc_query *combined = NULL;
    if (f != NULL) {
        xc_query *pair[2] = {(xc_query *)npc_query_xapian(pq), (xc_query *)f};
        st = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &combined, err);
    }
    for (size_t k = 0; k < n; k++) {
        jobs[k] = (shard_job){.db = s->shards[k],
                              .bm25 = npc_query_bm25(pq),
                              .want = want,
                              .check = match_check(pq, facets, n),
                              .facets = facets,
                              .time_limit = s->time_limit,
                              .cutoff = !npc_query_has_phrases(pq)};
        if (st == NPC_OK && !s->serial) {
            st = xc_query_clone(combined ? combined : npc_query_xapian(pq), &jobs[k].own, err);
        }
        jobs[k].q = s->serial ? (combined ? combined : npc_query_xapian(pq)) : jobs[k].own;
    }
    if (s->serial) {
        jobs[0].own = combined; /* freed with the jobs */
    } else {
        xc_query_free(combined);
    }
    if (st != NPC_OK) {
        return st;
    }
    for (size_t k = 1; k < n; k++) {
        started[k] = !s->serial && pthread_create(&tid[k], NULL, match_shard, &jobs[k]) == 0;
        if (!started[k]) {
            match_shard(&jobs[k]);
        }
    }
    match_shard(&jobs[0]);
    for (size_t k = 1; k < n; k++) {
        if (started[k]) {
            pthread_join(tid[k], NULL);
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (jobs[k].st != NPC_OK) {
            if (err != NULL) {
                *err = jobs[k].err;
            }
            return jobs[k].st;
        }
    }
    return NPC_OK;
}

size_t merge_by_weight(const weight_list *lists, size_t nlists, size_t want, merged *out)
{
    size_t at[NPC_SHARDS_MAX] = {0}, n = 0;
    while (n < want) {
        long best = -1;
        for (size_t k = 0; k < nlists && k < NPC_SHARDS_MAX; k++) {
            if (at[k] >= lists[k].n) {
                continue;
            }
            double w = lists[k].w[at[k]], bw = best < 0 ? 0 : lists[best].w[at[best]];
            if (best < 0 || w > bw || (w == bw && lists[k].id[at[k]] < lists[best].id[at[best]])) {
                best = (long)k;
            }
        }
        if (best < 0) {
            break;
        }
        out[n++] = (merged){(size_t)best, (uint32_t)at[best]++};
    }
    return n;
}

xc_docid combined_docid(xc_docid local, size_t shard, size_t nshards)
{
    /* Xapian numbers the documents of a combined database round robin over its shards:
     * document d of shard k (from 0) of n is (d - 1) * n + k + 1 */
    return (local - 1) * (xc_docid)nshards + (xc_docid)shard + 1;
}

/* The weights and combined ids of every item of m, shard k of n, in order, into new arrays
 * (*out's, the caller's). */
static npc_status weights_of(const xc_mset *m, size_t k, size_t nshards, weight_list *out,
                             npc_err *err)
{
    uint32_t n = xc_mset_size(m);
    double *w = malloc((n + 1) * sizeof *w);
    xc_docid *id = malloc((n + 1) * sizeof *id);
    if (w == NULL || id == NULL) {
        free(w);
        free(id);
        return npc_fail(err, NPC_ENOMEM, "result");
    }
    for (uint32_t i = 0; i < n; i++) {
        w[i] = xc_mset_weight(m, i);
        id[i] = combined_docid(xc_mset_docid(m, i), k, nshards);
    }
    *out = (weight_list){w, id, n};
    return NPC_OK;
}

/* Each shard's cutoff is a share of its own best match; the floor is that share of the best of
 * all (as over remote shards, match.c remote_floor): the merged matches under it are dropped
 * and counted in rk->floored, and the total is then theirs when every match was fetched.
 * Returns how many are kept. */
static size_t below_floor(const weight_list *lists, const merged *order, size_t n, ranking *rk)
{
    double floor = n > 0 ? lists[order[0].list].w[order[0].index] * MATCH_CUTOFF_PERCENT / 100 : 0;
    size_t kept = n;
    while (kept > 0 && lists[order[kept - 1].list].w[order[kept - 1].index] < floor) {
        kept--;
    }
    rk->floored = (uint32_t)(n - kept);
    rk->total = rk->total > rk->floored ? rk->total - rk->floored : (uint32_t)kept;
    return kept;
}

/* Each shard cut its matches at Xapian's percentage of its own best, which is the weight times
 * the share of the query's parts that best match holds: a floor of its own, at or above the
 * common one (MATCH_CUTOFF_PERCENT of the best weight of all).  The shards whose count is exact
 * are matched again at the common floor, so that exact totals and facets are those of one floor,
 * as over remote shards (match.c remote_floor); only small match sets are exact, so the second
 * match costs little.  The others' estimates stay, and their pages lose nothing (a full page
 * is above any floor). */
static npc_status refloor(shard_job *jobs, size_t n, npc_err *err)
{
    double best = 0;
    for (size_t k = 0; k < n; k++) {
        if (xc_mset_size(jobs[k].m) > 0 && xc_mset_weight(jobs[k].m, 0) > best) {
            best = xc_mset_weight(jobs[k].m, 0);
        }
    }
    for (size_t k = 0; k < n; k++) {
        shard_job *j = &jobs[k];
        if (!j->cutoff || best == 0 ||
            xc_mset_matches_lower_bound(j->m) != xc_mset_matches_upper_bound(j->m)) {
            continue;
        }
        xc_mset_free(j->m);
        xc_enquire_free(j->e);
        j->m = NULL;
        j->e = NULL;
        j->floor = best * MATCH_CUTOFF_PERCENT / 100;
        match_shard(j);
        if (j->st != NPC_OK) {
            if (err != NULL) {
                *err = j->err;
            }
            return j->st;
        }
    }
    return NPC_OK;
}

npc_status rank_sharded(npc_searcher *s, const npc_search_req *r, const npc_query *pq,
                        const xc_query *f, uint32_t want, ranking *rk, npc_err *err)
{
    rk->njobs = s->nshards;
    npc_status st = match_shards(s, pq, f, want, r->facets, rk->jobs, rk->njobs, err);
    if (st == NPC_OK) {
        st = refloor(rk->jobs, rk->njobs, err);
    }
    weight_list lists[NPC_SHARDS_MAX] = {{0}};
    for (size_t k = 0; st == NPC_OK && k < rk->njobs; k++) {
        const xc_mset *m = rk->jobs[k].m;
        rk->total += xc_mset_matches_estimated(m);
        rk->all_fetched &= xc_mset_size(m) < want;
        rk->bounds_exact &= xc_mset_matches_lower_bound(m) == xc_mset_matches_upper_bound(m);
        rk->timed_out |= xc_mset_timed_out(m);
        if (r->facets && k > 0) {
            st = xc_enquire_merge_facets(rk->jobs[0].e, rk->jobs[k].e, err);
        }
        if (st == NPC_OK) {
            st = weights_of(m, k, rk->njobs, &lists[k], err);
        }
    }
    rk->facets = r->facets ? rk->jobs[0].e : NULL;
    merged *order = st == NPC_OK ? malloc((want + 1) * sizeof *order) : NULL;
    if (st == NPC_OK && order == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "result");
    }
    if (st == NPC_OK) {
        size_t n = merge_by_weight(lists, rk->njobs, want, order), fetched = 0;
        for (size_t k = 0; k < rk->njobs; k++) {
            fetched += lists[k].n;
        }
        rk->all_fetched &= n == fetched; /* the merge cut none off */
        if (rk->jobs[0].cutoff) {
            n = below_floor(lists, order, n, rk);
        }
        for (size_t i = 0; i < n; i++) {
            const shard_job *j = &rk->jobs[order[i].list];
            xc_docid id = lists[order[i].list].id[order[i].index];
            rk->list[rk->n++] = (ranked){j->m, order[i].index, id};
        }
    }
    free(order);
    for (size_t k = 0; k < rk->njobs; k++) {
        free((double *)lists[k].w);
        free((xc_docid *)lists[k].id);
    }
    return st;
}

/*
 * search.c — one search (see search.h): the request's query parsed through the searcher's
 * analyzer (lib/query), then run: the pinned documents, the ranked matches, the page, the
 * answer.  A database that changes underneath is reopened and the search tried once more.
 */
#include "search/search.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"
#include "search/search_int.h"

/* Renders the page of pins p and ranking rk into hits; *missing: pins rk lacks. */
static npc_status render_page(npc_searcher *s, const npc_search_req *r, const npc_query *pq,
                              const pinned *p, const ranking *rk, json_t *hits, uint32_t *missing,
                              npc_err *err)
{
    xc_docid *ids = malloc((p->n + rk->n + 1) * sizeof *ids);
    page_item *items = malloc((r->limit + 1) * sizeof *items);
    npc_status st = ids && items ? NPC_OK : npc_fail(err, NPC_ENOMEM, "result");
    size_t n = 0;
    if (st == NPC_OK) {
        for (uint32_t i = 0; i < p->n; i++) {
            ids[i] = xc_mset_docid(p->m, i);
        }
        for (size_t k = 0; k < rk->n; k++) {
            ids[p->n + k] = rk->list[k].id;
        }
        n = page_layout(ids, p->n, ids + p->n, rk->n, r->offset, r->limit, items, missing);
    }
    for (size_t k = 0; st == NPC_OK && k < n; k++) {
        uint32_t rank = r->offset + (uint32_t)k + 1;
        const ranked *h = items[k].pinned ? NULL : &rk->list[items[k].index];
        st =
            h ? render_hit(s, pq, h->m, h->i, rank, !r->no_snippets, hits, err)
              : render_hit(s, pq, p->m, (uint32_t)items[k].index, rank, !r->no_snippets, hits, err);
    }
    free(ids);
    free(items);
    return st;
}

/* 1 when documents of a report may collapse among the matches of r (the index holds reports and
 * the filter lets them through). */
static int collapsible(const npc_search_req *r, const ranking *rk)
{
    return rk->may_collapse &&
           (r->type == NULL || r->type[0] == '\0' || strcmp(r->type, NPC_TYPE_REPORT) == 0);
}

/* A match set at most this large, counted exactly, is fetched whole when reports may collapse
 * in it, so that its total (less the collapsed) stays exact. */
#define EXACT_COLLAPSE_MAX 200

/* The first `want` ranked matches once collapsed (collapse_reports): fetched for the page alone
 * first, and again with room (COLLAPSE_FETCH) only when the collapse emptied places of a full
 * list, or whole when a small exact count must stay exact.  Fetching room for every page cost
 * the STARD questions twice their CPU on an index of laws, where nothing collapses
 * (docs/bench.md). */
static npc_status ranked_page(npc_searcher *s, const npc_search_req *r, const npc_query *pq,
                              const xc_query *f, uint32_t want, ranking *rk, npc_err *err)
{
    /* a phrase query counts its matches up to PHRASE_COUNT (match_check): when there are few,
     * all of them are taken at once, not matched a second time to collapse them */
    uint32_t first =
        npc_query_has_phrases(pq) && want <= EXACT_COLLAPSE_MAX ? EXACT_COLLAPSE_MAX + 1 : want;
    npc_status st = rank_matches(s, r, pq, f, first, rk, err);
    if (st == NPC_OK && first > want && !(rk->bounds_exact && rk->total <= EXACT_COLLAPSE_MAX) &&
        rk->n > COLLAPSE_FETCH(want)) {
        /* many: the page's room alone is collapsed (each match collapsed reads a value) */
        rk->n = COLLAPSE_FETCH(want);
        rk->all_fetched = 0;
    }
    if (st == NPC_OK) {
        st = collapse_reports(s, rk, err);
    }
    int small = rk->bounds_exact && rk->total <= EXACT_COLLAPSE_MAX && collapsible(r, rk);
    if (st == NPC_OK && (rk->n < want || small) && !rk->all_fetched) {
        uint32_t room = COLLAPSE_FETCH(want);
        room = small && rk->total + 1 > room ? rk->total + 1 : room;
        ranking_release(rk);
        st = rank_matches(s, r, pq, f, room, rk, err);
        if (st == NPC_OK) {
            st = collapse_reports(s, rk, err);
        }
    }
    return st;
}

/* The answer's object: the query, the total (exact or an estimate), the page's position and its
 * hits (taken). */
static npc_status answer(const npc_search_req *r, uint32_t total, int exact, json_t *hits,
                         json_t **out, npc_err *err)
{
    json_t *res = json_object();
    if (res == NULL) {
        json_decref(hits);
        return npc_fail(err, NPC_ENOMEM, "result");
    }
    json_object_set_new(res, "query", json_stringn(r->q, r->qlen));
    json_object_set_new(res, "total", json_integer(total));
    json_object_set_new(res, "total_exact", json_boolean(exact));
    json_object_set_new(res, "offset", json_integer(r->offset));
    json_object_set_new(res, "limit", json_integer(r->limit));
    json_object_set_new(res, "hits", hits);
    *out = res;
    return NPC_OK;
}

/* Marks an answer made without the shards that are down: "partial" and their names. */
static npc_status mark_partial(const npc_searcher *s, json_t *res, npc_err *err)
{
    json_t *names = json_array();
    for (size_t k = 0; names != NULL && k < s->list.n; k++) {
        if (s->down[k] && json_array_append_new(names, json_string(s->list.names[k])) != 0) {
            json_decref(names);
            names = NULL;
        }
    }
    if (names == NULL || json_object_set_new(res, "missing_shards", names) != 0 ||
        json_object_set_new(res, "partial", json_true()) != 0) {
        return npc_fail(err, NPC_ENOMEM, "result");
    }
    return NPC_OK;
}

/*
 * The pinned documents (query.h: cited articles, or the law a bare title names) come first,
 * newest first; then the ranked matches without them.  Facets and the total are those of the
 * ranked query, which normally holds the pinned documents too.
 */
static npc_status run(npc_searcher *s, const npc_search_req *r, const npc_query *pq, json_t **out,
                      npc_err *err)
{
    pinned p = {0};
    ranking rk = {0};
    xc_query *f = NULL;
    json_t *res = NULL, *hits = json_array();
    uint32_t missing = 0;
    npc_status st = hits ? search_filters(s, r, &f, err) : npc_fail(err, NPC_ENOMEM, "result");
    if (st == NPC_OK && npc_query_pins(pq) != NULL) {
        st = pinned_matches(s, pq, f, &p, err);
    }
    /* enough ranked matches to fill the page after skipping the pinned ones and collapsing */
    if (st == NPC_OK) {
        st = ranked_page(s, r, pq, f, r->offset + r->limit + p.n, &rk, err);
    }
    if (st == NPC_OK) {
        st = render_page(s, r, pq, &p, &rk, hits, &missing, err);
    }
    if (st == NPC_OK) {
        /* a pinned document the ranked query does not match adds to the total; that is known
         * only when the ranked matches were all fetched */
        uint32_t total = rk.total > rk.collapsed ? rk.total - rk.collapsed : (uint32_t)rk.n;
        /* a report's documents past the list may collapse too */
        int exact = rk.bounds_exact && (rk.all_fetched || (missing == 0 && !collapsible(r, &rk)));
        st = answer(r, total + (rk.all_fetched ? missing : 0), exact, hits, &res, err);
        hits = NULL;
    }
    if (st == NPC_OK && r->facets) {
        st = render_facets(rk.facets, rk.total, rk.bounds_exact && rk.floored == 0, res, err);
    }
    if (st == NPC_OK && s->ndown > 0) {
        st = mark_partial(s, res, err);
    }
    if (st == NPC_OK && rk.timed_out &&
        (json_object_set_new(res, "partial", json_true()) != 0 ||
         json_object_set_new(res, "time_limited", json_true()) != 0)) {
        st = npc_fail(err, NPC_ENOMEM, "result");
    }
    json_decref(hits);
    ranking_release(&rk);
    pinned_release(&p);
    xc_query_free(f);
    if (st != NPC_OK) {
        json_decref(res);
        return st;
    }
    *out = res;
    return NPC_OK;
}

/* What a search's query was, beside its answer. */
typedef struct query_facts {
    size_t unknown; /* free-text words and bigrams no document holds (npc_query_unknown) */
    int pinned;     /* it pins documents: it names a law or cites an article */
    int asks;       /* it is written as a question (npc_query_asks) */
} query_facts;

/* Runs r once, retried after a reopen when the database changed underneath. */
static npc_status search_once(npc_searcher *s, const npc_search_req *r, json_t **out,
                              query_facts *facts, npc_err *err)
{
    for (int attempt = 0;; attempt++) {
        npc_query *pq = NULL;
        const npc_thesaurus *th = NULL;
        const npc_assoc *vec = NULL, *cited = NULL;
        npc_status st = searcher_sync_model(s, err);
        if (st == NPC_OK && !npc_search_req_blank(r)) {
            st = npc_searcher_thesaurus(s, &th, err);
        }
        if (st == NPC_OK && !npc_search_req_blank(r)) {
            st = npc_searcher_vectors(s, &vec, err);
        }
        if (st == NPC_OK && !npc_search_req_blank(r)) {
            st = npc_searcher_cited(s, &cited, err);
        }
        if (st == NPC_OK) {
            npc_query_aids aids = {
                .model = s->assoc, .thesaurus = th, .vectors = vec, .cited = cited};
            st = npc_search_req_blank(r)
                     ? npc_query_all(&pq, err)
                     : npc_query_parse_aided(s->an, s->db, &aids, r->q, r->qlen, &pq, err);
        }
        if (st == NPC_OK) {
            facts->unknown = npc_query_unknown(pq);
            facts->pinned = npc_query_pins(pq) != NULL;
            facts->asks = npc_query_asks(pq);
            st = run(s, r, pq, out, err);
        }
        npc_query_free(pq);
        if ((st != NPC_EDB_MODIFIED && st != NPC_EREMOTE) || attempt > 0) {
            return st;
        }
        /* a remote shard that failed: every shard tried again, the down ones left out */
        st = st == NPC_EREMOTE ? searcher_reconnect(s, err) : npc_searcher_reopen(s, NULL, err);
        if (st != NPC_OK) {
            return st;
        }
    }
}

/* The answer *res of r, whose query holds words no document holds (facts), with its "did you
 * mean".  The correction is searched instead, "searched" saying so, when the original found
 * nothing, or when the correction names a law or cites an article that the original did not
 * (残急人保障法 → 残疾人保障法: the law and its articles first).  The correction is a help:
 * when it fails, the original answer stands as it is. */
static void offer_correction(npc_searcher *s, const npc_search_req *r, const query_facts *facts,
                             json_t **res)
{
    char *fix = NULL;
    enum npc_correct_kind kind;
    if (search_correction(s, r->q, r->qlen, &fix, &kind, NULL) != NPC_OK || fix == NULL) {
        free(fix);
        return;
    }
    int searched = 0, none = json_integer_value(json_object_get(*res, "total")) == 0;
    if (none || !facts->pinned) {
        npc_search_req again = *r;
        again.q = fix;
        again.qlen = strlen(fix);
        json_t *other = NULL;
        query_facts of;
        if (search_once(s, &again, &other, &of, NULL) == NPC_OK && (none || of.pinned)) {
            json_object_set_new(other, "query", json_stringn(r->q, r->qlen));
            json_decref(*res);
            *res = other;
            other = NULL;
            searched = 1;
        }
        json_decref(other);
    }
    json_object_set_new(*res, "did_you_mean",
                        json_pack("{s:s,s:s,s:b}", "query", fix, "kind",
                                  npc_correct_kind_name(kind), "searched", searched));
    free(fix);
}

npc_status npc_search(npc_searcher *s, const npc_search_req *r, json_t **out, npc_err *err)
{
    *out = NULL;
    npc_status checked = npc_search_req_check(r, err);
    if (checked != NPC_OK) {
        return checked;
    }
    query_facts facts = {0};
    npc_status st = search_once(s, r, out, &facts, err);
    /* a query all in the index pays nothing for it, nor a question: written with 怎么 or a
     * question mark, it is not typed in haste, and correcting the STARD questions cost searchd
     * 0.2-0.5 ms of CPU a question and found no typo in them (docs/bench.md) */
    if (st == NPC_OK && facts.unknown > 0 && !facts.asks) {
        offer_correction(s, r, &facts, out);
    }
    return st;
}

/*
 * page.c — the pinned documents of a search (a citation's articles, newest version first, or
 * the law a bare title names) and the page: the pins first, then the ranked matches without
 * them, at most NPC_COLLAPSE_MAX of a report (see search_int.h).
 */
#include "search/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"

npc_status pinned_matches(npc_searcher *s, const npc_query *pq, const xc_query *f, pinned *out,
                          npc_err *err)
{
    *out = (pinned){0};
    xc_query *pair[2] = {(xc_query *)npc_query_pins(pq), (xc_query *)npc_query_xapian(pq)};
    npc_status st = xc_query_combine(XC_OP_AND_MAYBE, pair, 2, 0, &out->q, err);
    if (st == NPC_OK) {
        st = make_enquire(s->db, out->q, f, npc_query_bm25(pq), s->time_limit, &out->e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_sort_value(out->e, NPC_SLOT_DATE, 1, 0, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(out->e, 0, PIN_MAX, 0, &out->m, err);
    }
    out->n = st == NPC_OK ? xc_mset_size(out->m) : 0;
    return st;
}

void pinned_release(pinned *p)
{
    xc_mset_free(p->m);
    xc_enquire_free(p->e);
    xc_query_free(p->q);
    memset(p, 0, sizeof *p);
}

/* A report already shown `count` times in the list so far. */
typedef struct seen_report {
    char *path;
    unsigned count;
} seen_report;

/* Counts one more document of report path (taken) among seen[0..*n) (with room for one
 * more); returns the count before it. */
static unsigned seen_before(seen_report *seen, size_t *n, char *path)
{
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(seen[i].path, path) == 0) {
            free(path);
            return seen[i].count++;
        }
    }
    seen[(*n)++] = (seen_report){path, 1};
    return 0;
}

/* 1 when the index holds reports (only their documents carry NPC_SLOT_COLLAPSE). */
static int has_reports(npc_searcher *s)
{
    char term[64];
    size_t tl = npc_term(term, sizeof term, NPC_P_TYPE, NPC_TYPE_REPORT, strlen(NPC_TYPE_REPORT));
    uint32_t tf = 1;
    return xc_db_termfreq(s->db, term, tl, &tf, NULL) != NPC_OK || tf > 0;
}

npc_status collapse_reports(npc_searcher *s, ranking *rk, npc_err *err)
{
    rk->collapsed = 0;
    rk->may_collapse = has_reports(s);
    if (!rk->may_collapse) {
        return NPC_OK; /* nothing to collapse: no value to read */
    }
    seen_report *seen = malloc((rk->n + 1) * sizeof *seen);
    if (seen == NULL) {
        return npc_fail(err, NPC_ENOMEM, "result");
    }
    size_t nseen = 0, kept = 0;
    npc_status st = NPC_OK;
    for (size_t k = 0; st == NPC_OK && k < rk->n; k++) {
        char *path = NULL;
        size_t len = 0;
        st = xc_mset_doc_value(rk->list[k].m, rk->list[k].i, NPC_SLOT_COLLAPSE, &path, &len, err);
        if (st == NPC_OK && len == 0) {
            free(path);
            rk->list[kept++] = rk->list[k];
        } else if (st == NPC_OK && seen_before(seen, &nseen, path) < NPC_COLLAPSE_MAX) {
            rk->list[kept++] = rk->list[k];
        }
    }
    for (size_t i = 0; i < nseen; i++) {
        free(seen[i].path);
    }
    free(seen);
    if (st == NPC_OK) {
        rk->collapsed = (uint32_t)(rk->n - kept);
        rk->n = kept;
    }
    return st;
}

static int holds(const xc_docid *ids, size_t n, xc_docid id)
{
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == id) {
            return 1;
        }
    }
    return 0;
}

size_t page_layout(const xc_docid *pins, size_t np, const xc_docid *ranks, size_t nr,
                   uint32_t offset, uint32_t limit, page_item *out, uint32_t *missing)
{
    size_t n = 0;
    uint32_t pos = 0;
    *missing = 0;
    for (size_t i = 0; i < np; i++, pos++) {
        *missing += !holds(ranks, nr, pins[i]);
        if (pos >= offset && pos < offset + limit) {
            out[n++] = (page_item){1, i};
        }
    }
    for (size_t k = 0; k < nr && pos < offset + limit; k++) {
        if (holds(pins, np, ranks[k])) {
            continue;
        }
        if (pos >= offset) {
            out[n++] = (page_item){0, k};
        }
        pos++;
    }
    return n;
}

/*
 * filters.c — a request's filters (type, category, region, years, the feedback fields, an
 * article, a citation) and the searcher's visibility, as boolean Xapian queries (see
 * search_int.h).  Values go through the same builders as the indexer's terms (schema.h).
 */
#include "search/search_int.h"

#include "index/cite.h"
#include "index/schema.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static npc_status filter_term(const char *prefix, const char *value, xc_query **out, npc_err *err)
{
    char buf[NPC_TERM_LOOKUP_BUF];
    size_t n = npc_term(buf, sizeof buf, prefix, value, strlen(value));
    if (n == 0) {
        return npc_fail(err, NPC_EINVAL, "filter value too long");
    }
    return xc_query_term(buf, n, 1, out, err);
}

/* For a public-only searcher, replaces *q with *q AND_NOT internal (backlinks, citations). */
static npc_status visible_only(const npc_searcher *s, xc_query **q, npc_err *err)
{
    if (!s->public_only || *q == NULL) {
        return NPC_OK;
    }
    xc_query *pair[2] = {*q, NULL}, *out = NULL;
    npc_status st = xc_query_term(NPC_TERM_INTERNAL, strlen(NPC_TERM_INTERNAL), 1, &pair[1], err);
    if (st == NPC_OK) {
        st = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &out, err);
    }
    xc_query_free(pair[1]);
    if (st == NPC_OK) {
        xc_query_free(*q);
        *q = out;
    }
    return st;
}

/* Everything this searcher may show (a public-only searcher's filter). */
static npc_status public_only(const npc_searcher *s, xc_query **out, npc_err *err)
{
    npc_status st = xc_query_match_all(out, err);
    return st == NPC_OK ? visible_only(s, out, err) : st;
}

npc_status newest_first(npc_searcher *s, xc_query **q, uint32_t n, xc_mset **m, npc_err *err)
{
    xc_enquire *e = NULL;
    npc_status st = visible_only(s, q, err);
    if (st == NPC_OK) {
        st = xc_enquire_new(s->db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, *q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_sort_value(e, NPC_SLOT_DATE, 1, 0, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, n, 0, m, err);
    }
    xc_enquire_free(e);
    return st;
}

/* A field filter through npc_field_key (feedback: draft, contact point, status). */
static npc_status field_filter(const char *prefix, const char *value, int strip_prc, xc_query **out,
                               npc_err *err)
{
    char key[NPC_LAW_KEY_MAX + 8];
    npc_field_key(value, strlen(value), strip_prc, key, sizeof key);
    return filter_term(prefix, key, out, err);
}

/* A status filter: feedback's (its term) or a law version's (its value). */
static npc_status status_filter(const char *value, xc_query **out, npc_err *err)
{
    char key[NPC_LAW_KEY_MAX + 8];
    size_t kl = npc_field_key(value, strlen(value), 0, key, sizeof key);
    xc_query *either[2] = {NULL, NULL};
    npc_status st = filter_term(NPC_P_STATUS, key, &either[0], err);
    if (st == NPC_OK) {
        st = xc_query_value_range(NPC_SLOT_LAW_STATUS, key, kl, key, kl, &either[1], err);
    }
    if (st == NPC_OK) {
        st = xc_query_combine(XC_OP_OR, either, 2, 0, out, err);
    }
    xc_query_free(either[0]);
    xc_query_free(either[1]);
    return st;
}

/* An article filter: 第二十六条, 第26条 or 26, read by the analyzer as the indexer read it. */
static npc_status article_filter(npc_searcher *s, const char *value, xc_query **out, npc_err *err)
{
    char art[32] = "";
    char *end;
    unsigned long v = strtoul(value, &end, 10);
    if (value[0] >= '0' && value[0] <= '9' && *end == '\0' && v > 0 && v < 100000) {
        npc_article_ref(art, sizeof art, (unsigned)v, 0);
    } else {
        npc_analysis an;
        npc_status st = npc_analyze(s->an, value, strlen(value), 0, &an, err);
        if (st != NPC_OK) {
            return st;
        }
        uint32_t num, sub;
        if (npc_analysis_articles(&an, &num, &sub, 1) == 1) {
            npc_article_ref(art, sizeof art, num, sub);
        }
    }
    if (art[0] == '\0') {
        return npc_fail(err, NPC_EINVAL,
                        "article \"%.64s\" is not an article number (第二十六条, 第26条 or 26)",
                        value);
    }
    return filter_term(NPC_P_ARTICLE, art, out, err);
}

/* A citation filter: the documents citing an article (or a law). */
static npc_status cites_filter(npc_searcher *s, const char *value, xc_query **out, npc_err *err)
{
    npc_cite c;
    npc_status st = npc_cite_parse(s->an, value, strlen(value), &c, err);
    if (st != NPC_OK) {
        return st;
    }
    char term[NPC_LAW_KEY_MAX + 48];
    size_t tl = npc_cite_term(c.key, c.article, c.sub, term, sizeof term);
    if (tl == 0) {
        return npc_fail(err, NPC_EINVAL, "citation too long");
    }
    return xc_query_term(term, tl, 1, out, err);
}

/* An as-of filter: the laws and articles of the versions in force on day d (in_force <= d <
 * in_force_until), and every document that is neither. */
static npc_status as_of_filter(const char *d, xc_query **out, npc_err *err)
{
    xc_query *types[2] = {NULL, NULL}, *all = NULL, *laws = NULL, *rest = NULL, *from = NULL,
             *until = NULL, *in = NULL;
    npc_status st = filter_term(NPC_P_TYPE, NPC_TYPE_LAW, &types[0], err);
    if (st == NPC_OK) {
        st = filter_term(NPC_P_TYPE, NPC_TYPE_ARTICLE, &types[1], err);
    }
    if (st == NPC_OK) {
        st = xc_query_combine(XC_OP_OR, types, 2, 0, &laws, err);
    }
    if (st == NPC_OK) {
        st = xc_query_match_all(&all, err);
    }
    if (st == NPC_OK) {
        xc_query *pair[2] = {all, laws};
        st = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &rest, err);
    }
    if (st == NPC_OK) {
        st = xc_query_value_range(NPC_SLOT_IN_FORCE, NULL, 0, d, strlen(d), &from, err);
    }
    if (st == NPC_OK) { /* until > d: at least d followed by a NUL, the next string after d */
        st = xc_query_value_range(NPC_SLOT_IN_FORCE_UNTIL, d, strlen(d) + 1, NULL, 0, &until, err);
    }
    if (st == NPC_OK) {
        xc_query *pair[2] = {from, until};
        st = xc_query_combine(XC_OP_AND, pair, 2, 0, &in, err);
    }
    if (st == NPC_OK) {
        xc_query *pair[2] = {rest, in};
        st = xc_query_combine(XC_OP_OR, pair, 2, 0, out, err);
    }
    xc_query *all_q[] = {types[0], types[1], all, laws, rest, from, until, in};
    for (size_t i = 0; i < sizeof all_q / sizeof *all_q; i++) {
        xc_query_free(all_q[i]);
    }
    return st;
}

npc_status search_filters(npc_searcher *s, const npc_search_req *r, xc_query **out, npc_err *err)
{
    xc_query *parts[12] = {0};
    size_t n = 0;
    npc_status st = NPC_OK;
    if (s->public_only) {
        st = public_only(s, &parts[n++], err);
    }
    if (st == NPC_OK && npc_search_req_given(r->draft)) {
        st = field_filter(NPC_P_DRAFT, r->draft, 1, &parts[n++], err);
    }
    if (st == NPC_OK && npc_search_req_given(r->contact_point)) {
        st = field_filter(NPC_P_CONTACT_POINT, r->contact_point, 0, &parts[n++], err);
    }
    if (st == NPC_OK && npc_search_req_given(r->status)) {
        st = status_filter(r->status, &parts[n++], err);
    }
    if (st == NPC_OK && npc_search_req_given(r->article)) {
        st = article_filter(s, r->article, &parts[n++], err);
    }
    if (st == NPC_OK && npc_search_req_given(r->cites)) {
        st = cites_filter(s, r->cites, &parts[n++], err);
    }
    if (st == NPC_OK && npc_search_req_given(r->as_of)) {
        st = as_of_filter(r->as_of, &parts[n++], err);
    }
    if (st == NPC_OK && r->type && r->type[0]) {
        st = filter_term(NPC_P_TYPE, r->type, &parts[n++], err);
    }
    if (st == NPC_OK && r->category && r->category[0]) {
        st = filter_term(NPC_P_CATEGORY, r->category, &parts[n++], err);
    }
    if (st == NPC_OK && r->region && r->region[0]) {
        st = filter_term(NPC_P_REGION, r->region, &parts[n++], err);
    }
    if (st == NPC_OK && (r->year_from || r->year_to)) {
        /* npc_search_req_check has seen that they lie within the schema's years */
        int from = r->year_from ? r->year_from : NPC_YEAR_MIN;
        int to = r->year_to ? r->year_to : NPC_YEAR_MAX;
        xc_query *years[NPC_YEAR_MAX - NPC_YEAR_MIN + 1] = {0};
        size_t ny = 0;
        for (int y = from; st == NPC_OK && y <= to; y++) {
            char v[8];
            snprintf(v, sizeof v, "%d", y);
            st = filter_term(NPC_P_YEAR, v, &years[ny++], err);
        }
        if (st == NPC_OK) {
            st = xc_query_combine(XC_OP_OR, years, ny, 0, &parts[n++], err);
        }
        for (size_t i = 0; i < ny; i++) {
            xc_query_free(years[i]);
        }
    }
    *out = NULL;
    if (st == NPC_OK && n > 0) {
        st = xc_query_combine(XC_OP_AND, parts, n, 0, out, err);
    }
    for (size_t i = 0; i < n; i++) {
        xc_query_free(parts[i]);
    }
    return st;
}

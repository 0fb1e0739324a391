/*
 * request.c — the one check of a search request (see request.h).
 */
#include "search/request.h"

#include <stdio.h>
#include <string.h>

#include "index/schema.h"
#include "text/fold.h"

static const char *const doc_types[NPC_NTYPES] = {NPC_TYPE_LIST};

int npc_search_req_given(const char *v)
{
    return v != NULL && v[0] != '\0';
}

int npc_search_req_blank(const npc_search_req *r)
{
    size_t i = 0, w;
    while (r->q != NULL && i < r->qlen && (w = npc_space_len(r->q, i, r->qlen)) > 0) {
        i += w;
    }
    return r->q == NULL || i == r->qlen;
}

/* Every field of the request that narrows it (the one list: keep it with the struct's). */
static int has_filter(const npc_search_req *r)
{
    return npc_search_req_given(r->type) || npc_search_req_given(r->category) ||
           npc_search_req_given(r->region) || r->year_from || r->year_to ||
           npc_search_req_given(r->draft) || npc_search_req_given(r->article) ||
           npc_search_req_given(r->contact_point) || npc_search_req_given(r->status) ||
           npc_search_req_given(r->cites) || npc_search_req_given(r->as_of);
}

/* 1 for a YYYY-MM-DD date (month 01-12, day 01-31). */
static int is_date(const char *s)
{
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7 ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9')) {
            return 0;
        }
    }
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return s[10] == '\0' && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int known_type(const char *type)
{
    for (size_t i = 0; i < NPC_NTYPES; i++) {
        if (strcmp(type, doc_types[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* "type must be law, article, report or feedback", from the schema's list. */
static npc_status bad_type(npc_err *err)
{
    char names[128] = "";
    size_t n = 0;
    for (size_t i = 0; i < NPC_NTYPES && n < sizeof names; i++) {
        const char *sep = i == 0 ? "" : i + 1 < NPC_NTYPES ? ", " : " or ";
        n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", sep, doc_types[i]);
    }
    return npc_fail(err, NPC_EINVAL, "type must be %s", names);
}

npc_status npc_search_req_check(const npc_search_req *r, npc_err *err)
{
    if (npc_search_req_blank(r) && !has_filter(r)) {
        return npc_fail_reason(err, NPC_EINVAL, "blank_query", "q is required (or a filter)");
    }
    if (r->limit == 0 || r->limit > NPC_SEARCH_MAX_LIMIT) {
        return npc_fail(err, NPC_EINVAL, "limit must be between 1 and %d", NPC_SEARCH_MAX_LIMIT);
    }
    if (r->offset > NPC_SEARCH_MAX_OFFSET) {
        return npc_fail(err, NPC_EINVAL, "offset must be at most %d", NPC_SEARCH_MAX_OFFSET);
    }
    if (r->sort != NPC_SORT_RELEVANCE && r->sort != NPC_SORT_DATE) {
        return npc_fail(err, NPC_EINVAL, "sort must be relevance or date");
    }
    if (npc_search_req_given(r->type) && !known_type(r->type)) {
        return bad_type(err);
    }
    if (npc_search_req_given(r->as_of) && !is_date(r->as_of)) {
        return npc_fail(err, NPC_EINVAL, "as_of \"%.32s\" is not a date (YYYY-MM-DD)", r->as_of);
    }
    int from = r->year_from ? r->year_from : NPC_YEAR_MIN;
    int to = r->year_to ? r->year_to : NPC_YEAR_MAX;
    if (from > to || from < NPC_YEAR_MIN || to > NPC_YEAR_MAX) {
        return npc_fail(err, NPC_EINVAL, "year range %d-%d is not within %d-%d", from, to,
                        NPC_YEAR_MIN, NPC_YEAR_MAX);
    }
    return NPC_OK;
}

npc_status npc_sort_parse(const char *name, enum npc_sort *out, npc_err *err)
{
    if (strcmp(name, "relevance") == 0) {
        *out = NPC_SORT_RELEVANCE;
    } else if (strcmp(name, "date") == 0) {
        *out = NPC_SORT_DATE;
    } else {
        return npc_fail(err, NPC_EINVAL, "sort must be relevance or date");
    }
    return NPC_OK;
}

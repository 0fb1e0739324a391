/*
 * request.h — one search request, as `npcsearch query` and searchd's /api/search put it to
 * npc_search (search.h), and the one check of it: limits, a blank query, filters, the document
 * type, the sort order, the years.  npc_search checks every request it runs; a front end may
 * check first to answer before it opens an index.  The query's own syntax and length are the
 * parser's (query/query.h).
 */
#ifndef NPC_REQUEST_H
#define NPC_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

enum npc_sort { NPC_SORT_RELEVANCE = 0, NPC_SORT_DATE = 1 };

#define NPC_SEARCH_MAX_LIMIT 100    /* hits in one answer */
#define NPC_SEARCH_MAX_OFFSET 10000 /* hits skipped before them */
#define NPC_SEARCH_MAX_PAGE 1000    /* searchd counts the offset in pages: 1..1000 */

typedef struct npc_search_req {
    const char *q; /* UTF-8; may be blank (every document) when a filter is given */
    size_t qlen;
    const char *type, *category, *region; /* NULL or "" for any */
    /* feedback: the draft, its article (第二十六条, 第26条 or 26), contact point and status,
     * matched through npc_field_key; cites: documents citing an article or a law
     * (残疾人保障法第三十三条, 残疾人保障法) */
    const char *draft, *article, *contact_point, *status, *cites;
    /* YYYY-MM-DD: of each law, only the version in force that day (its laws and articles;
     * other documents pass); status: a law version's too (有效, 已修改, 尚未生效, 已废止) */
    const char *as_of;
    int year_from, year_to; /* 0 for open */
    enum npc_sort sort;
    uint32_t offset, limit; /* limit 1..NPC_SEARCH_MAX_LIMIT, offset <= NPC_SEARCH_MAX_OFFSET */
    int facets;             /* count facets over the whole match set */
    int no_snippets;        /* leave "snippet" empty (evaluation wants ids only) */
} npc_search_req;

/*
 * Checks r before a search.  NPC_OK, or NPC_EINVAL with a detail naming the problem, in this
 * order: a blank query (npc_search_req_blank) without any filter (a type, category, region, year
 * bound, draft, article, contact point, status or citation; "" is none), with err->reason
 * "blank_query"; a limit outside 1..NPC_SEARCH_MAX_LIMIT; an offset over NPC_SEARCH_MAX_OFFSET;
 * a sort order that is not an enum npc_sort; a type that is not one of schema.h's
 * NPC_TYPE_LIST; an as_of that is not a YYYY-MM-DD date; a year bound outside
 * NPC_YEAR_MIN..NPC_YEAR_MAX, or year_from after year_to.
 */
npc_status npc_search_req_check(const npc_search_req *r, npc_err *err);

/* 1 when r->q is NULL, empty or nothing but white space (text/fold.h npc_space_len, as the
 * query parser reads it): a request that searches by its filters alone. */
int npc_search_req_blank(const npc_search_req *r);

/* 1 when a filter value is given: not NULL and not "". */
int npc_search_req_given(const char *v);

/* Reads a sort order by its name, "relevance" or "date", into *out; NPC_EINVAL ("sort must be
 * relevance or date") for any other, *out unchanged. */
npc_status npc_sort_parse(const char *name, enum npc_sort *out, npc_err *err);

#endif

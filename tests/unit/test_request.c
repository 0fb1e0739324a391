/*
 * test_request.c — the one check of a search request (lib/search/request.h): what a blank query
 * is (and that the query parser reads the same text as nothing), which fields count as a filter,
 * and each refusal with its detail and reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "search/request.h"

/* Every white space character of text/fold.h's npc_space_len, as UTF-8. */
static const char *const spaces[] = {" ",
                                     "\t",
                                     "\n",
                                     "\v",
                                     "\f",
                                     "\r",
                                     "\xC2\x85",
                                     "\xC2\xA0",
                                     "\xE1\x9A\x80",
                                     "\xE2\x80\x80",
                                     "\xE2\x80\x83",
                                     "\xE2\x80\x8A",
                                     "\xE2\x80\xA8",
                                     "\xE2\x80\xA9",
                                     "\xE2\x80\xAF",
                                     "\xE2\x81\x9F",
                                     "\xE3\x80\x80"};
#define NSPACES (sizeof spaces / sizeof *spaces)

/* Text that is no white space: a word, U+200B (zero width space, not White_Space), U+3001 、,
 * U+2000's first two bytes, a lone 0xC2. */
static const char *const not_blank[] = {"a", "\xE2\x80\x8B", "\xE3\x80\x81", "\xE2\x80", "\xC2"};

static npc_search_req req_q(const char *q)
{
    npc_search_req r = {.q = q, .qlen = q ? strlen(q) : 0, .limit = 10};
    return r;
}

static void space_lengths(void **state)
{
    for (size_t i = 0; i < NSPACES; i++) {
        size_t n = strlen(spaces[i]);
        assert_int_equal(npc_space_len(spaces[i], 0, n), n);
    }
    for (size_t i = 0; i < sizeof not_blank / sizeof *not_blank; i++) {
        assert_int_equal(npc_space_len(not_blank[i], 0, strlen(not_blank[i])), 0);
    }
    /* a character cut by the end of the text is none */
    assert_int_equal(npc_space_len("\xE3\x80\x80", 0, 2), 0);
    assert_int_equal(npc_space_len("a\xE3\x80\x80", 1, 4), 3);
}

static void blank_queries(void **state)
{
    npc_search_req r = req_q(NULL);
    assert_true(npc_search_req_blank(&r));
    r = req_q("");
    assert_true(npc_search_req_blank(&r));
    char all[128] = "";
    for (size_t i = 0; i < NSPACES; i++) {
        r = req_q(spaces[i]);
        assert_true(npc_search_req_blank(&r));
        strcat(all, spaces[i]);
    }
    r = req_q(all);
    assert_true(npc_search_req_blank(&r));
    for (size_t i = 0; i < sizeof not_blank / sizeof *not_blank; i++) {
        char text[64];
        strcpy(text, all);
        strcat(text, not_blank[i]);
        r = req_q(text);
        assert_false(npc_search_req_blank(&r));
    }
    /* qlen counts, not the NUL */
    r = (npc_search_req){.q = "\xE3\x80\x80x", .qlen = 3};
    assert_true(npc_search_req_blank(&r));
}

/* The query parser reads a blank query as nothing to search for, and a minus after any white
 * space as an exclusion: one definition of white space for both. */
static void the_parser_agrees(void **state)
{
    npc_lexicon *lx = npc_test_lexicon();
    assert_non_null(lx);
    npc_analyzer *a = NULL;
    npc_err err;
    assert_int_equal(npc_analyzer_new(lx, &a, &err), NPC_OK);
    char all[128] = "";
    for (size_t i = 0; i < NSPACES; i++) {
        strcat(all, spaces[i]);
    }
    npc_query *q = NULL;
    assert_int_equal(npc_query_parse(a, NULL, all, strlen(all), &q, &err), NPC_EQUERY);
    assert_string_equal(err.reason, "nothing_to_search");
    /* -x after U+00A0 is an exclusion (a minus after white space), so only exclusions remain */
    const char *excl = "\xC2\xA0-x\xE2\x80\x83";
    assert_int_equal(npc_query_parse(a, NULL, excl, strlen(excl), &q, &err), NPC_EQUERY);
    assert_string_equal(err.reason, "only_exclusions");
    npc_analyzer_free(a);
    npc_lexicon_free(lx);
}

static void a_filter_stands_for_the_query(void **state)
{
    npc_search_req r = req_q("\xE3\x80\x80");
    npc_err err;
    npc_err_clear(&err);
    assert_int_equal(npc_search_req_check(&r, &err), NPC_EINVAL);
    assert_string_equal(err.reason, "blank_query");
    assert_string_equal(err.detail, "q is required (or a filter)");
    r.type = ""; /* an empty filter is none */
    r.draft = "";
    assert_int_equal(npc_search_req_check(&r, &err), NPC_EINVAL);
    assert_string_equal(err.reason, "blank_query");
    /* each filter alone is enough */
    const char **fields[] = {&r.type,    &r.category, &r.region,        &r.draft,
                             &r.article, &r.status,   &r.contact_point, &r.cites};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        r = req_q("\xE3\x80\x80");
        *fields[i] = i == 0 ? "law" : "x";
        assert_int_equal(npc_search_req_check(&r, &err), NPC_OK);
    }
    r = req_q(" ");
    r.year_from = 2020;
    assert_int_equal(npc_search_req_check(&r, &err), NPC_OK);
    r = req_q(NULL);
    r.year_to = 2020;
    assert_int_equal(npc_search_req_check(&r, &err), NPC_OK);
}

static void refusals(void **state)
{
    static const struct {
        uint32_t limit, offset;
        int sort;
        const char *type;
        int year_from, year_to;
        const char *detail;
    } cases[] = {
        {0, 0, 0, NULL, 0, 0, "limit must be between 1 and 100"},
        {101, 0, 0, NULL, 0, 0, "limit must be between 1 and 100"},
        {10, 10001, 0, NULL, 0, 0, "offset must be at most 10000"},
        {10, 0, 2, NULL, 0, 0, "sort must be relevance or date"},
        {10, 0, 0, "laws", 0, 0, "type must be law, article, report or feedback"},
        {10, 0, 0, "Law", 0, 0, "type must be law, article, report or feedback"},
        {10, 0, 0, NULL, 1899, 0, "year range 1899-2100 is not within 1900-2100"},
        {10, 0, 0, NULL, 0, 2101, "year range 1900-2101 is not within 1900-2100"},
        {10, 0, 0, NULL, 2101, 0, "year range 2101-2100 is not within 1900-2100"},
        {10, 0, 0, NULL, 0, 1899, "year range 1900-1899 is not within 1900-2100"},
        {10, 0, 0, NULL, 2020, 2010, "year range 2020-2010 is not within 1900-2100"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        npc_search_req r = req_q("a");
        r.limit = cases[i].limit;
        r.offset = cases[i].offset;
        r.sort = (enum npc_sort)cases[i].sort;
        r.type = cases[i].type;
        r.year_from = cases[i].year_from;
        r.year_to = cases[i].year_to;
        npc_err err;
        assert_int_equal(npc_search_req_check(&r, &err), NPC_EINVAL);
        assert_string_equal(err.detail, cases[i].detail);
        assert_null(err.reason);
    }
}

static void the_bounds_are_allowed(void **state)
{
    static const char *const types[] = {"law", "article", "report", "feedback"};
    npc_err err;
    for (size_t i = 0; i < 4; i++) {
        npc_search_req r = req_q("a");
        r.type = types[i];
        assert_int_equal(npc_search_req_check(&r, &err), NPC_OK);
    }
    npc_search_req r = req_q("a");
    r.limit = 100;
    r.offset = 10000;
    r.sort = NPC_SORT_DATE;
    r.year_from = 1900;
    r.year_to = 2100;
    assert_int_equal(npc_search_req_check(&r, &err), NPC_OK);
    r.year_from = r.year_to = 2020;
    assert_int_equal(npc_search_req_check(&r, &err), NPC_OK);
}

static void sort_names(void **state)
{
    enum npc_sort s = NPC_SORT_DATE;
    npc_err err;
    assert_int_equal(npc_sort_parse("relevance", &s, &err), NPC_OK);
    assert_int_equal(s, NPC_SORT_RELEVANCE);
    assert_int_equal(npc_sort_parse("date", &s, &err), NPC_OK);
    assert_int_equal(s, NPC_SORT_DATE);
    assert_int_equal(npc_sort_parse("random", &s, &err), NPC_EINVAL);
    assert_string_equal(err.detail, "sort must be relevance or date");
    assert_int_equal(s, NPC_SORT_DATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(space_lengths),     cmocka_unit_test(blank_queries),
        cmocka_unit_test(the_parser_agrees), cmocka_unit_test(a_filter_stands_for_the_query),
        cmocka_unit_test(refusals),          cmocka_unit_test(the_bounds_are_allowed),
        cmocka_unit_test(sort_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

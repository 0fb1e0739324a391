/*
 * test_search.c — a search's own steps (lib/search/search_int.h): the merge of the shards'
 * ranked lists, the document ids of a combined database against Xapian's own, the page of pins
 * and ranked matches; and over a real two-shard index of the built-in corpus, pins first with
 * paging that neither repeats nor loses a hit, and the same answer matched in parallel or
 * serially, snippets that mark a word matched through its bigram, and typed words ranked by
 * their order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../indexer/indexer.h"
#include "search/search_int.h"
#include "tmpdir.h"

static void merge_takes_the_heaviest_head_and_ties_to_the_lower_id(void **state)
{
    (void)state;
    const double a[] = {5, 3, 1}, b[] = {4, 3, 2}, c[] = {0};
    /* ids as in two shards opened as one: shard 0 odd, shard 1 even; the tie of weight 3 is
     * between id 5 (a) and id 2 (b): b's first */
    const xc_docid ia[] = {1, 5, 7}, ib[] = {4, 2, 6}, ic[] = {0};
    weight_list lists[3] = {{a, ia, 3}, {b, ib, 3}, {c, ic, 0}};
    merged out[8];
    size_t n = merge_by_weight(lists, 3, 8, out);
    const merged want[] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {1, 2}, {0, 2}};
    assert_int_equal(n, 6);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(out[i].list, want[i].list);
        assert_int_equal(out[i].index, want[i].index);
    }
    assert_int_equal(merge_by_weight(lists, 3, 2, out), 2); /* at most want */
    assert_int_equal(out[1].list, 1);
    assert_int_equal(merge_by_weight(lists + 2, 1, 8, out), 0); /* an empty shard */
}

/* Writes a shard at path holding n documents, each indexing its id term Q<tag><i>. */
static void write_shard(const char *path, char tag, int n)
{
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_WDB_CREATE_OR_OVERWRITE, &w, NULL), NPC_OK);
    for (int i = 0; i < n; i++) {
        char id[16];
        int l = snprintf(id, sizeof id, "Q%c%d", tag, i);
        xc_doc *d = NULL;
        assert_int_equal(xc_doc_new(&d, NULL), NPC_OK);
        assert_int_equal(xc_doc_add_boolean_term(d, id, (size_t)l, NULL), NPC_OK);
        assert_int_equal(xc_wdb_replace(w, id, (size_t)l, d, NULL), NPC_OK);
        xc_doc_free(d);
    }
    assert_int_equal(xc_wdb_close(w, NULL), NPC_OK);
}

static void combined_ids_are_xapians(void **state)
{
    (void)state;
    char dir[] = "/tmp/npc-test-search-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    const int sizes[3] = {5, 2, 4};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/shard%d", dir, k);
        write_shard(path, (char)('a' + k), sizes[k]);
    }
    snprintf(path, sizeof path, "%s/stub", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("auto shard0\nauto shard1\nauto shard2\n", f);
    fclose(f);
    xc_db *all = NULL;
    assert_int_equal(xc_db_open(path, &all, NULL), NPC_OK);
    for (int k = 0; k < 3; k++) {
        xc_db *one = NULL;
        snprintf(path, sizeof path, "%s/shard%d", dir, k);
        assert_int_equal(xc_db_open(path, &one, NULL), NPC_OK);
        for (int i = 0; i < sizes[k]; i++) {
            char id[16];
            int l = snprintf(id, sizeof id, "Q%c%d", 'a' + k, i);
            xc_docid local = 0, combined = 0;
            assert_int_equal(xc_db_find_term(one, id, (size_t)l, &local, NULL), NPC_OK);
            assert_int_equal(xc_db_find_term(all, id, (size_t)l, &combined, NULL), NPC_OK);
            assert_int_equal(combined_docid(local, (size_t)k, 3), combined);
        }
        xc_db_close(one);
    }
    xc_db_close(all);
    assert_int_equal(npc_test_rmtree(dir), 0);
}

static void page_puts_pins_first_and_skips_them_later(void **state)
{
    (void)state;
    const xc_docid pins[] = {10, 20}, ranks[] = {30, 10, 40, 50};
    page_item out[8];
    uint32_t missing = 99;
    size_t n = page_layout(pins, 2, ranks, 4, 0, 4, out, &missing);
    assert_int_equal(missing, 1); /* 20 is pinned but not ranked */
    assert_int_equal(n, 4);
    const page_item first[] = {{1, 0}, {1, 1}, {0, 0}, {0, 2}}; /* 10, 20, 30, (not 10) 40 */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(out[i].pinned, first[i].pinned);
        assert_int_equal(out[i].index, first[i].index);
    }
    n = page_layout(pins, 2, ranks, 4, 1, 2, out, &missing); /* the second page of two */
    assert_int_equal(n, 2);
    assert_true(out[0].pinned && out[0].index == 1);
    assert_true(!out[1].pinned && out[1].index == 0);
    n = page_layout(pins, 2, ranks, 4, 4, 10, out, &missing); /* past the pins: 50 alone */
    assert_int_equal(n, 1);
    assert_true(!out[0].pinned && out[0].index == 3);
    assert_int_equal(page_layout(NULL, 0, ranks, 4, 4, 10, out, &missing), 0);
    assert_int_equal(missing, 0);
}

static char index_dir[] = "/tmp/npc-test-search-index-XXXXXX";

static int build_index(void **state)
{
    (void)state;
    const char *src = getenv("NPC_SOURCE_DIR");
    if (src == NULL || mkdtemp(index_dir) == NULL) {
        return -1;
    }
    char corpus[4096];
    snprintf(corpus, sizeof corpus, "%s/corpus", src);
    const char *roots[] = {corpus};
    FILE *log = fopen("/dev/null", "w");
    npc_index_opts o = {.db = index_dir, .roots = roots, .nroots = 1, .log = log};
    npc_index_stats st;
    int rc = npc_index_run(&o, &st, NULL) == NPC_OK ? 0 : -1;
    fclose(log);
    return rc;
}

static int remove_index(void **state)
{
    (void)state;
    return npc_test_rmtree(index_dir) == 0 ? 0 : -1;
}

/* The ids of the hits of q from offset, limit of them, one a line (malloc'd). */
static char *hit_ids(npc_searcher *s, const char *q, uint32_t offset, uint32_t limit)
{
    npc_search_req r = {.q = q, .qlen = strlen(q), .offset = offset, .limit = limit};
    json_t *res = NULL;
    assert_int_equal(npc_search(s, &r, &res, NULL), NPC_OK);
    size_t cap = 1, n = 0, i;
    json_t *h;
    char *out = calloc(1, 1);
    json_array_foreach(json_object_get(res, "hits"), i, h)
    {
        const char *id = json_string_value(json_object_get(h, "id"));
        cap += strlen(id) + 1;
        out = realloc(out, cap);
        n += (size_t)sprintf(out + n, "%s\n", id);
    }
    json_decref(res);
    return out;
}

static void pins_come_first_and_pages_join_up(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(index_dir, &s, NULL), NPC_OK);
    const char *q = "示范市电动自行车停放充电管理规定第七条 充电";
    char *all = hit_ids(s, q, 0, 12);
    /* the cited article first, newest version first */
    const char *first = "laws/地方性法规/示范市电动自行车停放充电管理规定(2025-06-01).md#7\n"
                        "laws/地方性法规/示范市电动自行车停放充电管理规定(2021-01-01).md#7\n";
    assert_memory_equal(all, first, strlen(first));
    /* pages of three laid end to end are the page of twelve: nothing repeated or lost */
    size_t len = 0;
    char joined[8192] = "";
    for (uint32_t off = 0; off < 12; off += 3) {
        char *page = hit_ids(s, q, off, 3);
        len += strlen(page);
        assert_true(len < sizeof joined);
        strcat(joined, page);
        free(page);
    }
    assert_string_equal(joined, all);
    /* no id twice */
    const char *ids[64];
    size_t n = 0;
    for (char *line = all; *line && n < 64; line = strchr(line, '\n') + 1) {
        ids[n++] = line;
    }
    assert_int_equal(n, 12);
    for (size_t a = 0; a < n; a++) {
        for (size_t b = a + 1; b < n; b++) {
            size_t la = (size_t)(strchr(ids[a], '\n') - ids[a]);
            assert_false(strncmp(ids[a], ids[b], la + 1) == 0);
        }
    }
    free(all);
    npc_searcher_close(s);
}

static void parallel_and_serial_shards_answer_the_same(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(index_dir, &s, NULL), NPC_OK);
    const char *queries[] = {"基层立法联系点", "电动自行车 充电", "养犬 牵引", "年度工作报告"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        npc_search_req r = {.q = queries[i], .qlen = strlen(queries[i]), .limit = 20, .facets = 1};
        json_t *a = NULL, *b = NULL;
        npc_searcher_set_parallel(s, 1);
        assert_int_equal(npc_search(s, &r, &a, NULL), NPC_OK);
        npc_searcher_set_parallel(s, 0);
        assert_int_equal(npc_search(s, &r, &b, NULL), NPC_OK);
        char *ja = json_dumps(a, JSON_SORT_KEYS), *jb = json_dumps(b, JSON_SORT_KEYS);
        assert_string_equal(ja, jb);
        assert_true(json_array_size(json_object_get(a, "hits")) > 1); /* a real merge */
        free(ja);
        free(jb);
        json_decref(a);
        json_decref(b);
    }
    npc_searcher_close(s);
}

/* A word ICU splits into single characters (养|犬) matches through its bigram; every snippet
 * that shows it marks it, over the index of the built-in corpus. */
static void snippets_mark_words_matched_by_bigram(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(index_dir, &s, NULL), NPC_OK);
    npc_search_req r = {.q = "养犬", .qlen = strlen("养犬"), .limit = 50};
    json_t *res = NULL;
    assert_int_equal(npc_search(s, &r, &res, NULL), NPC_OK);
    size_t i, shown = 0;
    json_t *h;
    json_array_foreach(json_object_get(res, "hits"), i, h)
    {
        const char *snip = json_string_value(json_object_get(h, "snippet"));
        for (const char *p = strstr(snip, "养犬"); p != NULL; p = strstr(p + 1, "养犬")) {
            shown++;
            size_t before = strlen("<mark>");
            if (p - snip < (long)before || strncmp(p - before, "<mark>", before) != 0) {
                fail_msg("养犬 unmarked in \"%s\"", snip);
            }
        }
    }
    assert_true(shown >= 3);
    json_decref(res);
    npc_searcher_close(s);
}

/* Writes text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The id of q's first hit over s, copied into buf. */
static const char *first_hit(npc_searcher *s, const char *q, char *buf, size_t cap)
{
    npc_search_req r = {.q = q, .qlen = strlen(q), .limit = 2};
    json_t *res = NULL;
    assert_int_equal(npc_search(s, &r, &res, NULL), NPC_OK);
    assert_int_equal(json_array_size(json_object_get(res, "hits")), 2);
    const char *id =
        json_string_value(json_object_get(json_array_get(json_object_get(res, "hits"), 0), "id"));
    snprintf(buf, cap, "%s", id);
    json_decref(res);
    return buf;
}

/* Two reports holding the same words as often, of the same length, one in each order: a few
 * typed words rank first the report that holds them in the order typed (plan.c ORDER_WINDOW),
 * whichever order is typed; a question does not take the order into account. */
static void typed_words_in_order_rank_first(void **state)
{
    (void)state;
    char dir[] = "/tmp/npc-test-order-XXXXXX", corpus[256], db[256];
    assert_non_null(mkdtemp(dir));
    snprintf(corpus, sizeof corpus, "%s/reports", dir);
    snprintf(db, sizeof db, "%s/db", dir);
    assert_int_equal(mkdir(corpus, 0700), 0);
    write_file(
        corpus, "a.txt",
        "甲区工作情况\n\n今年以来，常委会加强监督工作，并且推动执法检查落到实处，成效明显。\n");
    write_file(
        corpus, "b.txt",
        "乙区工作情况\n\n今年以来，常委会推动执法检查工作，并且加强监督落到实处，成效明显。\n");
    const char *roots[] = {corpus};
    FILE *log = fopen("/dev/null", "w");
    npc_index_opts o = {.db = db, .roots = roots, .nroots = 1, .log = log};
    npc_index_stats st;
    assert_int_equal(npc_index_run(&o, &st, NULL), NPC_OK);
    fclose(log);
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(db, &s, NULL), NPC_OK);
    char id[256];
    assert_non_null(strstr(first_hit(s, "监督 执法", id, sizeof id), "a.txt"));
    assert_non_null(strstr(first_hit(s, "执法 监督", id, sizeof id), "b.txt"));
    /* the same words asked as a question: both orders give one answer */
    char q1[256];
    snprintf(q1, sizeof q1, "%s", first_hit(s, "监督 执法 是什么", id, sizeof id));
    assert_string_equal(q1, first_hit(s, "执法 监督 是什么", id, sizeof id));
    npc_searcher_close(s);
    assert_int_equal(npc_test_rmtree(dir), 0);
}

/* A search over a time budget answers with what it found, marked partial and time_limited
 * (json.md); with no budget it is not marked.  A budget of a nanosecond is always spent. */
static void a_match_past_its_time_limit_answers_partial(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(index_dir, &s, NULL), NPC_OK);
    npc_search_req r = {.q = "基层立法联系点", .qlen = strlen("基层立法联系点"), .limit = 10};
    json_t *res = NULL;
    assert_int_equal(npc_search(s, &r, &res, NULL), NPC_OK);
    assert_null(json_object_get(res, "partial"));
    assert_null(json_object_get(res, "time_limited"));
    json_decref(res);
    for (int parallel = 0; parallel < 2; parallel++) { /* the sharded match and the combined */
        npc_searcher_set_parallel(s, parallel);
        npc_searcher_set_time_limit(s, 1e-9);
        assert_int_equal(npc_search(s, &r, &res, NULL), NPC_OK);
        assert_true(json_is_true(json_object_get(res, "partial")));
        assert_true(json_is_true(json_object_get(res, "time_limited")));
        assert_non_null(json_object_get(res, "hits"));
        json_decref(res);
    }
    r.sort = NPC_SORT_DATE; /* one match over the combined database */
    assert_int_equal(npc_search(s, &r, &res, NULL), NPC_OK);
    assert_true(json_is_true(json_object_get(res, "time_limited")));
    json_decref(res);
    npc_searcher_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(merge_takes_the_heaviest_head_and_ties_to_the_lower_id),
        cmocka_unit_test(combined_ids_are_xapians),
        cmocka_unit_test(page_puts_pins_first_and_skips_them_later),
        cmocka_unit_test(pins_come_first_and_pages_join_up),
        cmocka_unit_test(parallel_and_serial_shards_answer_the_same),
        cmocka_unit_test(snippets_mark_words_matched_by_bigram),
        cmocka_unit_test(a_match_past_its_time_limit_answers_partial),
        cmocka_unit_test(typed_words_in_order_rank_first),
    };
    return cmocka_run_group_tests(tests, build_index, remove_index);
}

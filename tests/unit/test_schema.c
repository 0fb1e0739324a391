/*
 * test_schema.c — the index contract's builders (lib/index/schema.h): terms, article references,
 * document ids and the term caps, as the indexer writes them and every searcher looks for them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "index/cite.h"
#include "index/schema.h"

static void test_term(void **state)
{
    (void)state;
    char buf[NPC_TERM_MAX + 1];
    assert_int_equal(npc_term(buf, sizeof buf, NPC_P_TYPE, "law", 3), 5);
    assert_string_equal(buf, "XTlaw");
    /* a value with a length: only its first bytes */
    assert_int_equal(npc_term(buf, sizeof buf, NPC_P_LAW, "残疾人保障法#33", 18), 20);
    assert_string_equal(buf, "XL残疾人保障法");
    assert_int_equal(npc_term(buf, sizeof buf, NPC_TERM_NATIONAL, "", 0), 10);
    assert_string_equal(buf, "XNnational");
}

static void test_term_cap(void **state)
{
    (void)state;
    char value[300];
    memset(value, 'a', sizeof value);
    char buf[NPC_TERM_MAX + 1];
    /* the longest term the indexer writes is NPC_TERM_MAX bytes, prefix included */
    assert_int_equal(npc_term(buf, sizeof buf, "XR", value, NPC_TERM_MAX - 2), NPC_TERM_MAX);
    assert_int_equal(strlen(buf), NPC_TERM_MAX);
    /* one byte more does not fit: 0 and "" */
    assert_int_equal(npc_term(buf, sizeof buf, "XR", value, NPC_TERM_MAX - 1), 0);
    assert_string_equal(buf, "");
    /* the read side still looks up a longer term, up to its 256-byte buffer */
    char look[NPC_TERM_LOOKUP_BUF];
    assert_int_equal(sizeof look, 256);
    assert_int_equal(npc_term(look, sizeof look, "XR", value, 253), 255);
    assert_int_equal(npc_term(look, sizeof look, "XR", value, 254), 0);
}

static void test_article_ref(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(npc_article_ref(buf, sizeof buf, 33, 0), 2);
    assert_string_equal(buf, "33");
    assert_int_equal(npc_article_ref(buf, sizeof buf, 51, 1), 4);
    assert_string_equal(buf, "51-1");
    assert_int_equal(npc_article_ref(buf, 4, 51, 1), 0);
    assert_string_equal(buf, "");
}

static void test_term_article(void **state)
{
    (void)state;
    char buf[NPC_TERM_MAX + 1];
    assert_int_equal(npc_term_article(buf, sizeof buf, 33, 0), 4);
    assert_string_equal(buf, "XA33");
    assert_int_equal(npc_term_article(buf, sizeof buf, 51, 1), 6);
    assert_string_equal(buf, "XA51-1");
    assert_int_equal(npc_term_article(buf, 6, 51, 1), 0);
}

static void test_doc_ids(void **state)
{
    (void)state;
    char buf[128];
    const char *path = "社会法/残疾人保障法(2018-10-26).md";
    size_t pl = strlen(path);
    assert_int_equal(npc_doc_id_article(buf, sizeof buf, path, 33, 0, 0), pl + 3);
    assert_string_equal(buf, "社会法/残疾人保障法(2018-10-26).md#33");
    npc_doc_id_article(buf, sizeof buf, path, 51, 1, 0);
    assert_string_equal(buf, "社会法/残疾人保障法(2018-10-26).md#51-1");
    npc_doc_id_article(buf, sizeof buf, path, 33, 0, 2);
    assert_string_equal(buf, "社会法/残疾人保障法(2018-10-26).md#33~2");
    npc_doc_id_article(buf, sizeof buf, path, 51, 1, 3);
    assert_string_equal(buf, "社会法/残疾人保障法(2018-10-26).md#51-1~3");
    assert_int_equal(npc_doc_id_section(buf, sizeof buf, "reports/a.txt", 3), 16);
    assert_string_equal(buf, "reports/a.txt#s3");
    assert_int_equal(npc_doc_id_passage(buf, sizeof buf, "reports/a.txt", 3, 2), 18);
    assert_string_equal(buf, "reports/a.txt#s3.2");
    assert_int_equal(npc_doc_item_len(buf), 16); /* its section, reports/a.txt#s3 */
    assert_int_equal(npc_doc_id_passage(buf, sizeof buf, "reports/a.txt", 0, 12), 17);
    assert_string_equal(buf, "reports/a.txt#p12");
    assert_int_equal(npc_doc_item_len(buf), 13); /* its report */
    /* every other document is its own item */
    const char *own[] = {"reports/a.txt#s3",
                         "reports/a.txt",
                         "a.md#33",
                         "a.md#51-1~3",
                         "b.csv#r2",
                         "x#s3.",
                         "x#s.2",
                         "x#p",
                         "x#p2a",
                         "x#s3.2b",
                         "#p#s1"};
    for (size_t i = 0; i < sizeof own / sizeof *own; i++) {
        assert_int_equal(npc_doc_item_len(own[i]), strlen(own[i]));
    }
    assert_int_equal(npc_doc_id_row(buf, sizeof buf, "feedback/b.csv", 12), 18);
    assert_string_equal(buf, "feedback/b.csv#r12");
    /* too long for the buffer: 0 and "", never a cut id */
    assert_int_equal(npc_doc_id_article(buf, pl + 3, path, 33, 0, 0), 0);
    assert_string_equal(buf, "");
    assert_int_equal(npc_doc_id_row(buf, 8, "feedback/b.csv", 1), 0);
}

/* The citation term is built on the same article reference as XA terms and ids. */
/* A version's status on a day: ended by a repeal or a later version, not yet, or in force. */
static void test_version_status(void **state)
{
    (void)state;
    const char *d = "2020-01-01";
    assert_string_equal(npc_version_status("2015-03-15", NPC_IN_FORCE_OPEN, "", d),
                        NPC_LAW_IN_FORCE);
    assert_string_equal(npc_version_status("2015-03-15", "2019-12-31", "", d), NPC_LAW_SUPERSEDED);
    assert_string_equal(npc_version_status("2015-03-15", "2020-01-01", "", d), NPC_LAW_SUPERSEDED);
    assert_string_equal(npc_version_status("2015-03-15", "2020-01-02", "", d), NPC_LAW_IN_FORCE);
    assert_string_equal(npc_version_status("2015-03-15", "2019-06-01", "2019-06-01", d),
                        NPC_LAW_REPEALED);
    assert_string_equal(npc_version_status("2020-01-02", NPC_IN_FORCE_OPEN, NULL, d),
                        NPC_LAW_NOT_YET);
    assert_string_equal(npc_version_status(NULL, NULL, NULL, d), NPC_LAW_IN_FORCE);
    setenv("NPCSEARCH_TODAY", "2031-02-03", 1);
    char today[11];
    npc_today(today);
    assert_string_equal(today, "2031-02-03");
    setenv("NPCSEARCH_TODAY", "2031-2-3", 1); /* not YYYY-MM-DD: the real date */
    npc_today(today);
    assert_int_equal(strlen(today), 10);
    assert_string_not_equal(today, "2031-2-3");
    unsetenv("NPCSEARCH_TODAY");
}

static void test_cite_term(void **state)
{
    (void)state;
    char buf[NPC_LAW_KEY_MAX + 48];
    assert_int_equal(npc_cite_term("残疾人保障法", 33, 0, buf, sizeof buf), 23);
    assert_string_equal(buf, "XK残疾人保障法#33");
    npc_cite_term("刑法", 17, 1, buf, sizeof buf);
    assert_string_equal(buf, "XK刑法#17-1");
    npc_cite_term("刑法", 0, 0, buf, sizeof buf);
    assert_string_equal(buf, "XK刑法");
    assert_int_equal(npc_cite_term("刑法", 17, 1, buf, 10), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_term),           cmocka_unit_test(test_term_cap),
        cmocka_unit_test(test_article_ref),    cmocka_unit_test(test_term_article),
        cmocka_unit_test(test_doc_ids),        cmocka_unit_test(test_cite_term),
        cmocka_unit_test(test_version_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

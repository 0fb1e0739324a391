/*
 * test_prep_law.c — what the preparer makes of a law file (indexer/prep_law.c), read back from
 * an index: the law's and each article's id, type, law key, article and category terms, the
 * date value and facets, the national or local mark, chapter paths, citations on the article
 * holding them, and the title's words heavy in the law, light in its articles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "prep_docs.h"

#define NATIONAL "laws/国家法律/中华人民共和国示范法(2020-01-01).md"

static const char national_law[] =
    "# 中华人民共和国示范法\n"
    "\n"
    "2019年6月12日 第十三届全国人民代表大会常务委员会第十次会议通过\n"
    "\n"
    "<!-- INFO END -->\n"
    "\n"
    "## 第一章 总则\n"
    "\n"
    "第一条 为了示范，制定本法。\n"
    "\n"
    "第二条 本法第一条所称示范，依照《中华人民共和国残疾人保障法》第三十三条的规定。\n"
    "\n"
    "### 第一节 一般规定\n"
    "\n"
    "第五十一条之一 示范条款。\n"
    "\n"
    "第二条 重复编号的条文。\n";

static void test_law_and_articles(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, NATIONAL, national_law, &p));
    assert_int_equal(p.st, NPC_OK);
    /* the law first, then its articles in file order */
    assert_int_equal(p.n, 5);
    assert_int_equal(p.articles, 4);
    assert_string_equal(p.docs[0].id, NATIONAL);
    assert_string_equal(p.docs[1].id, NATIONAL "#1");
    assert_string_equal(p.docs[2].id, NATIONAL "#2");
    assert_string_equal(p.docs[3].id, NATIONAL "#51-1");
    assert_string_equal(p.docs[4].id, NATIONAL "#2~2"); /* the second 第二条 of the file */

    const npc_test_doc *law = &p.docs[0], *art = &p.docs[3];
    assert_int_equal(npc_test_term(law, "Q" NATIONAL), 0);
    assert_int_equal(npc_test_term(law, "XF" NATIONAL), 0);
    assert_int_equal(npc_test_term(law, "XTlaw"), 0);
    assert_int_equal(npc_test_term(law, "XL示范法"), 0); /* the key: no 中华人民共和国 */
    assert_int_equal(npc_test_terms_with(law, "XA"), 0);
    assert_int_equal(npc_test_term(art, "XTarticle"), 0);
    assert_int_equal(npc_test_term(art, "XL示范法"), 0);
    assert_int_equal(npc_test_term(art, "XA51-1"), 0);
    assert_int_equal(npc_test_terms_with(art, "XA"), 1);
    assert_int_equal(npc_test_term(art, "Q" NATIONAL "#51-1"), 0);
    /* category from the folder, date from the file name; a national law */
    for (size_t i = 0; i < p.n; i++) {
        assert_int_equal(npc_test_term(&p.docs[i], "XC国家法律"), 0);
        assert_int_equal(npc_test_term(&p.docs[i], "XY2020"), 0);
        assert_int_equal(npc_test_term(&p.docs[i], NPC_TERM_NATIONAL), 0);
        assert_int_equal(npc_test_terms_with(&p.docs[i], "XR"), 0);
        assert_string_equal(p.docs[i].date, "2020-01-01");
        assert_string_equal(npc_test_facet(&p.docs[i], "category"), "国家法律");
        assert_string_equal(npc_test_facet(&p.docs[i], "year"), "2020");
        assert_string_equal(npc_test_facet(&p.docs[i], "region"), "");
    }
    assert_string_equal(npc_test_facet(law, "type"), "law");
    assert_string_equal(npc_test_facet(art, "type"), "article");

    /* stored fields */
    assert_string_equal(npc_test_field(law, NPC_FIELD_TITLE), "中华人民共和国示范法");
    assert_string_equal(npc_test_field(law, NPC_FIELD_LAW_KEY), "示范法");
    assert_string_equal(npc_test_field(law, NPC_FIELD_CATEGORY), "国家法律");
    assert_string_equal(npc_test_field(art, NPC_FIELD_ARTICLE_LABEL), "第五十一条之一");
    assert_int_equal(json_integer_value(json_object_get(art->data, NPC_FIELD_ARTICLE)), 51);
    assert_int_equal(json_integer_value(json_object_get(art->data, NPC_FIELD_ARTICLE_SUB)), 1);
    assert_string_equal(npc_test_field(art, NPC_FIELD_CHAPTER), "第一章 总则 › 第一节 一般规定");
    assert_string_equal(npc_test_field(art, NPC_FIELD_TEXT), "第五十一条之一 示范条款。");
    assert_string_equal(npc_test_field(&p.docs[1], NPC_FIELD_CHAPTER), "第一章 总则");
    assert_non_null(npc_test_field(art, NPC_FIELD_BREAKS));

    /* a body bigram lives in its article, not in the law that has articles; a title bigram is
     * in both, ×3 in the law and ×1 in an article */
    assert_true(npc_test_term(&p.docs[4], "XB重复") >= 1);
    assert_int_equal(npc_test_term(law, "XB重复"), -1);
    assert_int_equal(npc_test_term(law, "XB示范"), 3);
    assert_int_equal(npc_test_term(&p.docs[4], "XB示范"), 1);
    /* the chapter path ×2 in its articles */
    assert_int_equal(npc_test_term(&p.docs[1], "XB总则"), 2);

    /* citations go to the article holding them: 本法第一条 is this law's */
    const npc_test_doc *a2 = &p.docs[2];
    assert_int_equal(npc_test_term(a2, "XK示范法#1"), 0);
    assert_int_equal(npc_test_term(a2, "XK示范法"), 0);
    assert_int_equal(npc_test_term(a2, "XK残疾人保障法#33"), 0);
    assert_int_equal(npc_test_term(a2, "XK残疾人保障法"), 0);
    assert_int_equal(npc_test_terms_with(law, "XK"), 0);
    assert_int_equal(npc_test_terms_with(&p.docs[1], "XK"), 0);
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

#define LOCAL "laws/地方性法规/示范市养犬管理条例(2023-05-01).md"

/* A local regulation: its region from its title, no national mark. */
static void test_local_law(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, LOCAL,
                                 "# 示范市养犬管理条例\n\n<!-- INFO END -->\n\n"
                                 "第一条 为了规范养犬行为，制定本条例。\n",
                                 &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(p.n, 2);
    for (size_t i = 0; i < p.n; i++) {
        assert_int_equal(npc_test_term(&p.docs[i], "XC地方性法规"), 0);
        assert_int_equal(npc_test_term(&p.docs[i], "XR示范"), 0);
        assert_int_equal(npc_test_term(&p.docs[i], NPC_TERM_NATIONAL), -1);
        assert_string_equal(npc_test_facet(&p.docs[i], "region"), "示范");
        assert_string_equal(p.docs[i].date, "2023-05-01");
    }
    assert_int_equal(npc_test_term(&p.docs[1], "XA1"), 0);
    assert_int_equal(npc_test_term(&p.docs[1], "XL示范市养犬管理条例"), 0);
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

/* The date of a law without one in its name: the latest of its promulgation lines. */
static void test_date_from_info(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, "laws/国家法律/示范法.md",
                                 "# 示范法\n2001年2月3日 通过\n2012年12月28日 修正\n"
                                 "<!-- INFO END -->\n第一条 示范。\n",
                                 &p));
    assert_int_equal(p.st, NPC_OK);
    assert_string_equal(p.docs[0].date, "2012-12-28");
    assert_int_equal(npc_test_term(&p.docs[1], "XY2012"), 0);
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

/* Front matter may mark a law internal; a value other than public or internal is refused. */
static void test_visibility(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, "laws/国家法律/内部法.md",
                                 "---\nvisibility: 内部\n---\n# 内部法\n<!-- INFO END -->\n"
                                 "第一条 内部。\n",
                                 &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(p.n, 2);
    assert_int_equal(npc_test_term(&p.docs[0], NPC_TERM_INTERNAL), 0);
    assert_int_equal(npc_test_term(&p.docs[1], NPC_TERM_INTERNAL), 0);
    npc_test_prepared_release(&p);
    assert_true(npc_test_prepare(root, "laws/国家法律/公开法.md",
                                 "---\nvisibility: secret\n---\n# 公开法\n<!-- INFO END -->\n",
                                 &p));
    assert_int_equal(p.st, NPC_EFORMAT);
    assert_non_null(strstr(p.err.detail, "visibility"));
    assert_int_equal(p.n, 0);
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_law_and_articles),
        cmocka_unit_test(test_local_law),
        cmocka_unit_test(test_date_from_info),
        cmocka_unit_test(test_visibility),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_prep_feedback.c — what the preparer makes of feedback (indexer/prep_feedback.c), read
 * back from an index: a CSV summary table's rows and a Markdown submission, with their draft,
 * article, contact point, submitter and status as filter terms (XD, XA, XP, XS, XZ), facet
 * values and stored fields, their dates, the citations in their text, and their region.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "prep_docs.h"

#define TABLE "feedback/2024-09-示范市联系点-意见汇总.csv"

static const char table[] =
    "联系点,序号,意见建议,草案名称,条款,日期,办理情况,提出方,理由,备注\n"
    "示范市东城社区基层立法联系点,1,建议增加夜间巡查。,示范市养犬管理条例(草案),"
    "\"第十五条、第十六条\",2024/9/19,已采纳,社区 居民代表,"
    "依照《中华人民共和国残疾人保障法》第三十三条,会后补充\n"
    "示范市西湖街道联系点,2,建议删去本条。,示范市养犬管理条例(草案),第二十条之一,,,,,\n";

static void test_csv_rows(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, TABLE, table, &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(p.n, 2);
    const npc_test_doc *r1 = npc_test_doc_by_id(&p, TABLE "#r1");
    assert_non_null(r1);
    assert_non_null(npc_test_doc_by_id(&p, TABLE "#r2"));
    /* filter terms: the field keys (no spaces, full-width parentheses) */
    assert_int_equal(npc_test_term(r1, "XTfeedback"), 0);
    assert_int_equal(npc_test_term(r1, "XD示范市养犬管理条例（草案）"), 0);
    assert_int_equal(npc_test_term(r1, "XP示范市东城社区基层立法联系点"), 0);
    assert_int_equal(npc_test_term(r1, "XS社区居民代表"), 0);
    assert_int_equal(npc_test_term(r1, "XZ已采纳"), 0);
    assert_int_equal(npc_test_term(r1, "XA15"), 0);
    assert_int_equal(npc_test_term(r1, "XA16"), 0);
    assert_int_equal(npc_test_terms_with(r1, "XA"), 2);
    assert_int_equal(npc_test_term(r1, "XC意见建议"), 0);
    assert_int_equal(npc_test_term(r1, "XR示范"), 0); /* the draft's region */
    assert_int_equal(npc_test_term(r1, "XY2024"), 0);
    assert_int_equal(npc_test_term(r1, "XK残疾人保障法#33"), 0); /* cited in the reason */
    assert_int_equal(npc_test_term(r1, NPC_TERM_NATIONAL), -1);
    /* values: the date as YYYY-MM-DD, the facets */
    assert_string_equal(r1->date, "2024-09-19");
    assert_string_equal(npc_test_facet(r1, "type"), "feedback");
    assert_string_equal(npc_test_facet(r1, "draft"), "示范市养犬管理条例（草案）");
    assert_string_equal(npc_test_facet(r1, "article"), "第15条"); /* the first */
    assert_string_equal(npc_test_facet(r1, "contact_point"), "示范市东城社区基层立法联系点");
    assert_string_equal(npc_test_facet(r1, "submitter"), "社区居民代表");
    assert_string_equal(npc_test_facet(r1, "status"), "已采纳");
    assert_string_equal(npc_test_facet(r1, "category"), "意见建议");
    /* stored: the fields as written, the row's own */
    assert_string_equal(npc_test_field(r1, NPC_FIELD_TITLE), "示范市养犬管理条例(草案)");
    assert_string_equal(npc_test_field(r1, NPC_FIELD_DRAFT), "示范市养犬管理条例(草案)");
    assert_string_equal(npc_test_field(r1, NPC_FIELD_ARTICLE_LABEL), "第十五条、第十六条");
    assert_int_equal(json_integer_value(json_object_get(r1->data, NPC_FIELD_ARTICLE)), 15);
    assert_string_equal(npc_test_field(r1, NPC_FIELD_SUBMITTER), "社区 居民代表");
    assert_string_equal(npc_test_field(r1, NPC_FIELD_SEQ), "1");
    assert_string_equal(npc_test_field(r1, NPC_FIELD_REASON),
                        "依照《中华人民共和国残疾人保障法》第三十三条");
    assert_int_equal(json_integer_value(json_object_get(r1->data, NPC_FIELD_LINE)), 2);
    json_t *cols = json_object_get(r1->data, NPC_FIELD_COLUMNS);
    assert_string_equal(json_string_value(json_object_get(cols, "备注")), "会后补充");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(r1->data, NPC_FIELD_CITES), 0)),
        "残疾人保障法#33");
    /* the text: the suggestion, its reason, the other columns */
    assert_string_equal(npc_test_field(r1, NPC_FIELD_TEXT),
                        "建议增加夜间巡查。\n理由：依照《中华人民共和国残疾人保障法》第三十三条\n"
                        "备注：会后补充");
    /* the title (the draft) ×2, the contact point ×1 */
    assert_int_equal(npc_test_term(r1, "XB养犬"), 2);
    assert_int_equal(npc_test_term(r1, "XB东城"), 1);
    /* a row without a date takes the file name's; 之一 is sub 1 */
    const npc_test_doc *r2 = npc_test_doc_by_id(&p, TABLE "#r2");
    assert_string_equal(r2->date, "2024-09");
    assert_int_equal(npc_test_term(r2, "XA20-1"), 0);
    assert_string_equal(npc_test_facet(r2, "article"), "第20条之1");
    assert_int_equal(npc_test_terms_with(r2, "XZ"), 0);
    assert_int_equal(npc_test_terms_with(r2, "XS"), 0);
    assert_string_equal(npc_test_facet(r2, "status"), "");
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

#define SUBMISSION "feedback/2025-03-12-示范市东城社区-物业管理条例草案-第二十条.md"

static const char submission[] = "---\n"
                                 "type: feedback\n"
                                 "draft: 中华人民共和国示范物业管理条例（修订草案）\n"
                                 "article: 第二十条之一\n"
                                 "contact_point: 示范市东城社区基层立法联系点\n"
                                 "submitter: 业主代表\n"
                                 "date: 2025年3月15日\n"
                                 "status: 待研究\n"
                                 "visibility: internal\n"
                                 "title: 不应覆盖\n"
                                 "text: 不应覆盖\n"
                                 "source: 座谈会\n"
                                 "---\n"
                                 "# 关于物业费公示的建议\n"
                                 "\n"
                                 "建议物业服务人每季度公示收支。\n";

static void test_markdown(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, SUBMISSION, submission, &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(p.n, 1);
    const npc_test_doc *d = &p.docs[0];
    assert_string_equal(d->id, SUBMISSION);
    assert_int_equal(npc_test_term(d, "XTfeedback"), 0);
    /* a draft's key loses 中华人民共和国, a contact point's would not */
    assert_int_equal(npc_test_term(d, "XD示范物业管理条例（修订草案）"), 0);
    assert_int_equal(npc_test_term(d, "XA20-1"), 0);
    assert_int_equal(npc_test_term(d, "XP示范市东城社区基层立法联系点"), 0);
    assert_int_equal(npc_test_term(d, "XS业主代表"), 0);
    assert_int_equal(npc_test_term(d, "XZ待研究"), 0);
    assert_int_equal(npc_test_term(d, NPC_TERM_INTERNAL), 0);
    assert_int_equal(npc_test_term(d, "XC意见建议"), 0);
    /* the front matter's date over the file name's */
    assert_string_equal(d->date, "2025-03-15");
    assert_int_equal(npc_test_term(d, "XY2025"), 0);
    assert_string_equal(npc_test_facet(d, "article"), "第20条之1");
    assert_string_equal(npc_test_facet(d, "draft"), "示范物业管理条例（修订草案）");
    /* stored: the title is the first line, the text the body; the front matter may add fields
     * but not override every document's */
    assert_string_equal(npc_test_field(d, NPC_FIELD_TITLE), "关于物业费公示的建议");
    assert_string_equal(npc_test_field(d, NPC_FIELD_TEXT),
                        "# 关于物业费公示的建议\n\n建议物业服务人每季度公示收支。\n");
    assert_string_equal(npc_test_field(d, "source"), "座谈会");
    assert_string_equal(npc_test_field(d, NPC_FIELD_DRAFT),
                        "中华人民共和国示范物业管理条例（修订草案）");
    assert_int_equal(json_integer_value(json_object_get(d->data, NPC_FIELD_ARTICLE)), 20);
    assert_int_equal(json_integer_value(json_object_get(d->data, NPC_FIELD_ARTICLE_SUB)), 1);
    assert_string_equal(npc_test_field(d, NPC_FIELD_ARTICLE_LABEL), "第二十条之一");
    assert_string_equal(npc_test_field(d, NPC_FIELD_TYPE), "feedback");
    assert_int_equal(json_array_size(json_object_get(d->data, NPC_FIELD_CITES)), 0);
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

/* A submission's region: its draft's, else its contact point's or file name's; never the
 * first characters of its title (关于《示范市…》 names no region 关于《示范). */
static void test_region(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(
        npc_test_prepare(root, "feedback/2024-10-08-东城社区-第十二条.md",
                         "---\ntype: feedback\ncontact_point: 示范市东城社区基层立法联系点\n"
                         "---\n\n# 关于《示范市养犬管理条例（草案）》第十二条的意见\n\n"
                         "建议明确牵引绳长度。\n",
                         &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(npc_test_term(&p.docs[0], "XR示范"), 0);
    assert_int_equal(npc_test_terms_with(&p.docs[0], "XR"), 1);
    npc_test_prepared_release(&p);
    assert_true(npc_test_prepare(root, "feedback/2024-10-08-示范市西湖街道-第八条.md",
                                 "---\ntype: feedback\n---\n\n# 关于《示范县停车管理办法（草案）》"
                                 "的意见\n\n建议增加车位。\n",
                                 &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(npc_test_term(&p.docs[0], "XR示范"), 0); /* the file name's */
    assert_int_equal(npc_test_terms_with(&p.docs[0], "XR"), 1);
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_rows),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_region),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

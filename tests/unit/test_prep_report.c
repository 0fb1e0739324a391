/*
 * test_prep_report.c — what the preparer makes of a report (indexer/prep_report.c), read back
 * from an index: one document per section with its id, heading path, words and citations;
 * category, region, date and issuing body from the title and file name, or from the
 * reports/index.json beside it; a printed newspaper page of corpus/reports read as a person
 * reads it (title, byline, run-in sections, broken words whole).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prep_docs.h"
#include "support.h"

#define REPORT "reports/2025-示范市人大常委会工作报告.txt"
#define PAGE "2025-02-示范市南岭区人大常委会2024年工作综述-报纸版.txt"

static const char report[] = "示范市人民代表大会常务委员会工作报告\n"
                             "\n"
                             "各位代表：\n"
                             "\n"
                             "现在，我代表市人大常委会报告工作。\n"
                             "\n"
                             "一、依法履行立法职责\n"
                             "\n"
                             "（一）配合立法调研。检查《中华人民共和国残疾人保障法》第三十三条的"
                             "实施情况。\n"
                             "\n"
                             "二、加强监督工作\n"
                             "\n"
                             "全年审查规范性文件12件。\n";

static void test_sections(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, REPORT, report, &p));
    assert_int_equal(p.st, NPC_OK);
    /* the words before the first heading, 一、, its （一）, 二、 */
    assert_int_equal(p.n, 4);
    assert_int_equal(p.articles, 0);
    assert_string_equal(p.docs[0].id, REPORT "#s1");
    assert_string_equal(p.docs[3].id, REPORT "#s4");
    for (size_t i = 0; i < p.n; i++) {
        const npc_test_doc *d = &p.docs[i];
        assert_int_equal(npc_test_term(d, "XTreport"), 0);
        assert_int_equal(npc_test_term(d, "XF" REPORT), 0);
        assert_int_equal(npc_test_term(d, "XC工作报告"), 0);
        assert_int_equal(npc_test_term(d, "XR示范"), 0);
        assert_int_equal(npc_test_term(d, "XY2025"), 0);
        assert_int_equal(npc_test_term(d, "XO示范市人民代表大会常务委员会"), 0);
        assert_int_equal(npc_test_term(d, NPC_TERM_NATIONAL), -1);
        assert_int_equal(npc_test_terms_with(d, "XL"), 0);
        assert_string_equal(d->date, "2025");
        assert_string_equal(npc_test_facet(d, "type"), "report");
        assert_string_equal(npc_test_field(d, NPC_FIELD_TITLE),
                            "示范市人民代表大会常务委员会工作报告");
        assert_string_equal(npc_test_field(d, NPC_FIELD_BODY), "示范市人民代表大会常务委员会");
        assert_int_equal(json_integer_value(json_object_get(d->data, NPC_FIELD_SECTION)),
                         (json_int_t)i + 1);
        assert_int_equal(json_integer_value(json_object_get(d->data, NPC_FIELD_SECTIONS)), 4);
    }
    /* the title: ×2 where the report starts, not in its other sections */
    assert_int_equal(npc_test_term(&p.docs[0], "XB报告"), 2 + 1); /* and 报告工作 */
    assert_int_equal(npc_test_term(&p.docs[3], "XB报告"), -1);
    /* a level-2 section: its heading path, ×2; its citations, stored and as terms */
    const npc_test_doc *s3 = &p.docs[2];
    assert_string_equal(npc_test_field(s3, NPC_FIELD_CHAPTER),
                        "一、依法履行立法职责 › （一）配合立法调研");
    assert_int_equal(npc_test_term(s3, "XB调研"), 2 + 1); /* heading path and text */
    assert_int_equal(npc_test_term(s3, "XK残疾人保障法#33"), 0);
    assert_int_equal(npc_test_term(s3, "XK残疾人保障法"), 0);
    json_t *cites = json_object_get(s3->data, NPC_FIELD_CITES);
    assert_int_equal(json_array_size(cites), 1);
    assert_string_equal(json_string_value(json_array_get(cites, 0)), "残疾人保障法#33");
    /* the other sections cite nothing and have their own words only */
    assert_int_equal(npc_test_terms_with(&p.docs[3], "XK"), 0);
    assert_int_equal(json_array_size(json_object_get(p.docs[3].data, NPC_FIELD_CITES)), 0);
    assert_int_equal(npc_test_term(&p.docs[3], "XB调研"), -1);
    assert_string_equal(npc_test_field(&p.docs[3], NPC_FIELD_CHAPTER), "二、加强监督工作");
    assert_string_equal(npc_test_field(&p.docs[0], NPC_FIELD_CHAPTER), "");
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

/* A section longer than a passage (passage.h) is cut into passages, each a document of the
 * section: path#sN.M, its heading path, the section's place and its own. */
static void test_passages(void **state)
{
    (void)state;
    char text[8192] = "示范市人民代表大会常务委员会工作报告\n\n一、加强监督工作\n\n";
    for (int i = 0; i < 14; i++) {
        /* 14 paragraphs of 48 characters: passages of 6, 6 and 2 of them */
        snprintf(text + strlen(text), sizeof text - strlen(text),
                 "第%s次执法检查听取专项工作报告，跟踪督办审议意见落实情况，推动问题整改到位。"
                 "审查规范性文件。\n",
                 (const char *[]){"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                  "十一", "十二", "十三", "十四"}[i]);
    }
    strcat(text, "评议养犬管理工作。\n");
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, REPORT, text, &p));
    assert_int_equal(p.st, NPC_OK);
    assert_true(p.n >= 3);
    size_t np = p.n;
    for (size_t j = 0; j < np; j++) {
        const npc_test_doc *d = &p.docs[j];
        char want[512];
        snprintf(want, sizeof want, REPORT "#s1.%zu", j + 1);
        assert_string_equal(d->id, want);
        assert_string_equal(npc_test_field(d, NPC_FIELD_CHAPTER), "一、加强监督工作");
        /* the heading path ×2 where the section starts; not in its other passages */
        assert_int_equal(npc_test_term(d, "XB监督"), j == 0 ? 2 + 1 : -1); /* and its line */
        assert_int_equal(json_integer_value(json_object_get(d->data, NPC_FIELD_SECTION)), 1);
        assert_int_equal(json_integer_value(json_object_get(d->data, NPC_FIELD_PASSAGE)),
                         (json_int_t)j + 1);
        assert_int_equal(json_integer_value(json_object_get(d->data, NPC_FIELD_PASSAGES)),
                         (json_int_t)np);
        assert_int_equal(npc_test_term(d, "XF" REPORT), 0);
    }
    /* the title ×2 where the report starts; a paragraph's words in its own passage only */
    assert_int_equal(npc_test_term(&p.docs[0], "XB报告"), 2 + 6); /* and 6 paragraphs' 报告 */
    assert_int_equal(npc_test_term(&p.docs[0], "XB养犬"), -1);
    assert_int_equal(npc_test_term(&p.docs[np - 1], "XB养犬"), 1);
    assert_null(strstr(npc_test_field(&p.docs[0], NPC_FIELD_TEXT), "养犬"));
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

/* A report without headings is one document, its id the path. */
static void test_one_document(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, "reports/2024-03-示范区人大常委会工作综述.txt",
                                 "示范区人大常委会工作综述\n\n全年召开会议十次。\n", &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(p.n, 1);
    const npc_test_doc *d = &p.docs[0];
    assert_string_equal(d->id, "reports/2024-03-示范区人大常委会工作综述.txt");
    assert_int_equal(npc_test_term(d, "XC工作综述"), 0);
    assert_int_equal(npc_test_terms_with(d, "XR"), 0); /* 示范区: a district is no region */
    assert_string_equal(d->date, "2024-03");
    assert_null(json_object_get(d->data, NPC_FIELD_SECTION));
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

/* reports/index.json gives the region, the date and, for a government work report, the body. */
static void test_index_json(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    assert_true(
        npc_test_write(root, "reports/index.json",
                       "[{\"file\": \"关于经济社会发展的报告.txt\", \"region\": \"上海市\", "
                       "\"publish_date\": \"2024-01-23\", \"level\": \"provincial\", "
                       "\"genre\": \"政府工作报告\"}]"));
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, "reports/关于经济社会发展的报告.txt",
                                 "关于经济社会发展的报告\n\n经济平稳增长。\n", &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(p.n, 1);
    const npc_test_doc *d = &p.docs[0];
    assert_int_equal(npc_test_term(d, "XC报告"), 0);
    assert_int_equal(npc_test_term(d, "XR上海"), 0);
    assert_int_equal(npc_test_term(d, "XO上海市人民政府"), 0);
    assert_int_equal(npc_test_term(d, "XY2024"), 0);
    assert_string_equal(d->date, "2024-01-23");
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

/* The section of p whose heading path is chapter; fails when there is none. */
static const npc_test_doc *section_headed(const npc_test_prepared *p, const char *chapter)
{
    for (size_t i = 0; i < p->n; i++) {
        const char *c = npc_test_field(&p->docs[i], NPC_FIELD_CHAPTER);
        if (c != NULL && strcmp(c, chapter) == 0) {
            return &p->docs[i];
        }
    }
    fail_msg("no section headed %s", chapter);
    return NULL;
}

/* The newspaper page of corpus/reports (printed.h): read as a person reads it.  Its title is
 * the headline and subtitle, the byline a field of every section, the run-in headings its
 * sections; a word broken across printed lines (收容能|力, across a column's end, and 联系|点)
 * is indexed whole, in the text stored for snippets as in the terms. */
static void test_newspaper_page(void **state)
{
    (void)state;
    const char *src = getenv("NPC_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/reports/%s", src ? src : ".", PAGE);
    size_t len;
    char *page = npc_test_read_file(path, &len);
    assert_non_null(page);
    assert_non_null(strstr(page, "收容能\n\n力不足")); /* as printed */
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, "reports/" PAGE, page, &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(p.n, 9); /* the lead, and 8 run-in headings */
    for (size_t i = 0; i < p.n; i++) {
        const npc_test_doc *d = &p.docs[i];
        assert_string_equal(npc_test_field(d, NPC_FIELD_TITLE),
                            "践行全过程人民民主 书写基层人大新答卷——示范市南岭区人大常委会2024年"
                            "工作综述");
        assert_string_equal(npc_test_field(d, NPC_FIELD_BYLINE), "本报记者 周明远");
        assert_string_equal(npc_test_field(d, NPC_FIELD_BODY), "示范市南岭区人大常委会");
        assert_int_equal(npc_test_term(d, "XC工作综述"), 0);
        assert_int_equal(npc_test_term(d, "XR示范"), 0);
        assert_int_equal(npc_test_terms_with(d, "XR"), 1);
    }
    /* the subtitle's words are the title's: ×2 where the report starts */
    assert_int_equal(npc_test_term(&p.docs[0], "XB综述"), 2);
    /* section 1: the byline, the lead and the display headings, doubled text collapsed */
    const char *lead = npc_test_field(&p.docs[0], NPC_FIELD_TEXT);
    assert_true(strncmp(lead, "本报记者 周明远\n岁序更替", strlen("本报记者 周明远\n岁序更替")) ==
                0);
    assert_non_null(strstr(lead, "\n彰显人大担当\n"));
    assert_null(strstr(lead, "彰显人大担当彰显"));
    assert_null(strstr(lead, "——")); /* the subtitle is the title's, not the text's */
    /* a broken word is whole: stored, and as a bigram of its two halves */
    const npc_test_doc *law = section_headed(&p, "聚焦法律法规实施");
    assert_non_null(strstr(npc_test_field(law, NPC_FIELD_TEXT), "流浪犬收容能力不足"));
    assert_true(npc_test_term(law, "XB能力") > 0);
    const npc_test_doc *cp = section_headed(&p, "畅通立法民意直通车");
    assert_non_null(strstr(npc_test_field(cp, NPC_FIELD_TEXT), "基层立法联系点全年"));
    assert_true(npc_test_term(cp, "XB系点") > 0);
    assert_int_equal(npc_test_term(cp, "XB能力"), -1);
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
    free(page);
}

/* The region is the issuing body's or the file name's, never a title's first characters. */
static void test_region(void **state)
{
    (void)state;
    char *root = npc_test_tmpdir();
    assert_non_null(root);
    npc_test_prepared p;
    assert_true(npc_test_prepare(root, "reports/2025-示范市养犬管理条例（草案）起草说明.txt",
                                 "关于《示范市养犬管理条例（草案）》的起草说明\n\n"
                                 "现就草案作如下说明。\n",
                                 &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(npc_test_term(&p.docs[0], "XR示范"), 0); /* from the file name */
    assert_int_equal(npc_test_terms_with(&p.docs[0], "XR"), 1);
    npc_test_prepared_release(&p);
    /* the body names the region, whatever the file is called */
    assert_true(
        npc_test_prepare(root, "reports/2024-年度工作综述.txt",
                         "实干争先促发展 履职为民践初心——西宁市城中区人大常委会2024年工作综述"
                         "\n\n全年召开会议十次。\n",
                         &p));
    assert_int_equal(p.st, NPC_OK);
    assert_int_equal(npc_test_term(&p.docs[0], "XO西宁市城中区人大常委会"), 0);
    assert_int_equal(npc_test_term(&p.docs[0], "XR西宁"), 0);
    npc_test_prepared_release(&p);
    npc_test_rmdir(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sections),       cmocka_unit_test(test_passages),
        cmocka_unit_test(test_one_document),   cmocka_unit_test(test_index_json),
        cmocka_unit_test(test_newspaper_page), cmocka_unit_test(test_region),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

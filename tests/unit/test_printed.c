/*
 * test_printed.c — printed pages read as a person reads them (indexer/printed.h), on inline
 * texts written for the test: a newspaper page in columns (lines broken inside words, a column
 * ending inside a sentence, the headline in the middle over its —— subtitle, a byline, doubled
 * display headings), a scan (page numbers, numbered headings, a spaced name line), a report
 * with one paragraph a line (left alone), and one that opens with a sentence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "printed.h"

/* A page of two columns: the end of the article first, then the headline and subtitle, then
 * its beginning; 联系点 and 收容能力 broken across lines, the second column ending inside a
 * sentence (…收容能 | 力不足…); the byline and the lead after the body; doubled headings. */
static const char newspaper[] = "畅通民意直通车。东城社区基层立法联\n"
                                "系点全年承接法规草案征求意见任务7件\n"
                                "，组织座谈会19场，一批意见被吸收采纳\n"
                                "。\n"
                                "\n"
                                "践行全过程人民民主 书写基层人大新答卷\n"
                                "——示范市南岭区人大常委会2024年工作综述\n"
                                "\n"
                                "聚焦法律法规实施。配合市人大常委会开展\n"
                                "养犬管理条例执法检查，梳理出流浪犬收容能\n"
                                "\n"
                                "力不足等问题清单，督促有关部门逐项整改。\n"
                                "聚焦财政资金绩效。首次对区级教育专项资\n"
                                "金开展绩效评价跟踪监督，推动优化支出结\n"
                                "构。\n"
                                "\n"
                                "本报记者 周明远\n"
                                "\n"
                                "岁序更替，华章日新。回望2024年，南岭区\n"
                                "人大常委会紧扣中心工作依法履职。\n"
                                "\n"
                                "在依法监督中\n"
                                "\n"
                                "彰显人大担当彰显人大担当\n"
                                "\n"
                                "在联系群众中在联系群众中 厚植民主根基厚植民主根基\n";

static npc_printed read_page(const char *s)
{
    npc_printed p;
    assert_int_equal(npc_printed_read(s, strlen(s), &p, NULL), NPC_OK);
    return p;
}

/* Line i (from 0) of the rewritten text, into out. */
static void line_of(const npc_printed *p, size_t i, char *out, size_t cap)
{
    const char *s = p->text;
    for (; i > 0 && s != NULL; i--) {
        s = strchr(s, '\n');
        s = s ? s + 1 : NULL;
    }
    assert_non_null(s);
    size_t n = strcspn(s, "\n");
    assert_true(n < cap);
    memcpy(out, s, n);
    out[n] = '\0';
}

static void test_lines_joined(void **state)
{
    (void)state;
    npc_printed p = read_page(newspaper);
    assert_int_equal(p.printed, 1);
    assert_non_null(p.text);
    assert_int_equal(strlen(p.text), p.len);
    /* a word broken across lines is one again, also across a column's end (a blank line) */
    assert_non_null(strstr(p.text, "基层立法联系点全年"));
    assert_non_null(strstr(p.text, "流浪犬收容能力不足"));
    /* punctuation that came alone on its line closes its sentence */
    assert_non_null(strstr(p.text, "被吸收采纳。\n"));
    /* a sentence that ends a line ends its paragraph: the next run-in heading opens a line */
    assert_non_null(strstr(p.text, "逐项整改。\n聚焦财政资金绩效。首次"));
    assert_non_null(strstr(p.text, "推动优化支出结构。\n"));
    npc_printed_release(&p);
    assert_null(p.text);
}

static void test_title_byline_lead(void **state)
{
    (void)state;
    npc_printed p = read_page(newspaper);
    char line[512];
    /* the headline over its subtitle is the first line, and nowhere else */
    line_of(&p, 0, line, sizeof line);
    assert_string_equal(
        line, "践行全过程人民民主 书写基层人大新答卷——示范市南岭区人大常委会2024年工作综述");
    const char *rest = strchr(p.text, '\n');
    assert_null(strstr(rest, "践行"));
    assert_null(strstr(rest, "——"));
    /* the byline is kept, and opens the lead after the title */
    assert_string_equal(p.byline, "本报记者 周明远");
    line_of(&p, 1, line, sizeof line);
    assert_string_equal(line, "本报记者 周明远");
    line_of(&p, 2, line, sizeof line);
    assert_string_equal(line,
                        "岁序更替，华章日新。回望2024年，南岭区人大常委会紧扣中心工作依法履职。");
    /* display headings follow the lead, their doubled words collapsed */
    line_of(&p, 3, line, sizeof line);
    assert_string_equal(line, "在依法监督中");
    line_of(&p, 4, line, sizeof line);
    assert_string_equal(line, "彰显人大担当");
    line_of(&p, 5, line, sizeof line);
    assert_string_equal(line, "在联系群众中 厚植民主根基");
    /* then the rest in the order of the page */
    line_of(&p, 6, line, sizeof line);
    assert_true(strncmp(line, "畅通民意直通车。", strlen("畅通民意直通车。")) == 0);
    npc_printed_release(&p);
}

/* A scan: lines of one width, numbered headings on lines of their own, a page number between
 * pages (inside a sentence), the title over its subtitle and a spaced name, no blank lines. */
static const char scan[] = "示范市北山区人民代表大会常务委员会工作报告\n"
                           "——2025年1月8日在示范市北山区第三届人民代表大会第五次会议上\n"
                           "区人大常委会主任 林秋华\n"
                           "各位代表：\n"
                           "　　现在，我代表区人民代表大会常务委员会向大会报告\n"
                           "工作，请予审议。\n"
                           "一、2024年主要工作\n"
                           "　　过去一年，区人大常委会全年召开常委会会议8次，听\n"
                           "取和审议专项工作报告14个，开展执法检查3次，作出\n"
                           "决议决定5项。\n"
                           "（一）紧扣发展大局，监督工作有力有效\n"
                           "　　常委会把优化营商环境作为监督重点，组织代表暗访\n"
                           "政务服务大厅和12345热线工单办理情况，发现问题18\n"
                           "\n"
                           "— 1 —\n"
                           "\n"
                           "个，督促区人民政府建立问题销号台账。\n";

static void test_scan(void **state)
{
    (void)state;
    npc_printed p = read_page(scan);
    assert_int_equal(p.printed, 1);
    assert_string_equal(p.text,
                        "示范市北山区人民代表大会常务委员会工作报告——2025年1月8日在示范市北"
                        "山区第三届人民代表大会第五次会议上\n"
                        "区人大常委会主任 林秋华\n"
                        "各位代表：\n"
                        "现在，我代表区人民代表大会常务委员会向大会报告工作，请予审议。\n"
                        "一、2024年主要工作\n"
                        "过去一年，区人大常委会全年召开常委会会议8次，听取和审议专项工作"
                        "报告14个，开展执法检查3次，作出决议决定5项。\n"
                        "（一）紧扣发展大局，监督工作有力有效\n"
                        "常委会把优化营商环境作为监督重点，组织代表暗访政务服务大厅和12345"
                        "热线工单办理情况，发现问题18个，督促区人民政府建立问题销号台账。\n");
    assert_string_equal(p.byline, "");
    npc_printed_release(&p);
}

/* One paragraph a line, the title first: read as it is. */
static void test_not_printed(void **state)
{
    (void)state;
    const char *t = "示范市临河区人大常委会2024年工作综述\n"
                    "\n"
                    "2024年，临河区人大常委会围绕全区中心工作依法履职，全年召开常委会会议7次。\n"
                    "\n"
                    "服务大局有作为。常委会围绕老旧小区改造开展专题调研，形成调研报告4篇。\n"
                    "\n"
                    "监督工作有力度。常委会配合市人大常委会开展残疾人保障法执法检查。\n";
    npc_printed p = read_page(t);
    assert_int_equal(p.printed, 0);
    assert_null(p.text);
    /* a title with a —— subtitle on its next line stays the first line alone */
    const char *sub = "示范市人民政府工作报告\n——2025年1月在示范市人民代表大会上\n各位代表：\n"
                      "现在，我代表市人民政府向大会报告工作。\n";
    p = read_page(sub);
    assert_null(p.text);
}

/* Not printed, but opening with a sentence while a headline and subtitle stand inside: they
 * become the first line, the other lines follow as they were. */
static void test_better_title(void **state)
{
    (void)state;
    const char *t = "强化党建引领。常委会认真履行全面从严治党主体责任。\n"
                    "推动严管严治。常委会持续改进文风会风。\n"
                    "实干争先促发展 履职为民践初心\n"
                    "——示范市临河区人大常委会2024年工作综述\n"
                    "突出政治引领。常委会把学习贯彻党的创新理论作为首要政治任务。\n";
    npc_printed p = read_page(t);
    assert_int_equal(p.printed, 0);
    assert_non_null(p.text);
    assert_string_equal(p.text,
                        "实干争先促发展 履职为民践初心——示范市临河区人大常委会2024年工作综述\n"
                        "强化党建引领。常委会认真履行全面从严治党主体责任。\n"
                        "推动严管严治。常委会持续改进文风会风。\n"
                        "突出政治引领。常委会把学习贯彻党的创新理论作为首要政治任务。\n");
    npc_printed_release(&p);
}

/* Only display text is collapsed, and only a word made of the same half twice. */
static void test_doubled_only_in_display(void **state)
{
    (void)state;
    char *t = malloc(4096);
    assert_non_null(t);
    strcpy(t, "标题一行\n\n");
    for (int i = 0; i < 8; i++) {
        strcat(t, "常委会听取和审议区人民政府关于老旧小区加\n装电梯工作情况的报告");
        strcat(t, "，哈哈哈哈。\n");
    }
    strcat(t, "\n天天向上天天向上\n\n好好\n");
    npc_printed p = read_page(t);
    assert_int_equal(p.printed, 1);
    assert_non_null(strstr(p.text, "老旧小区加装电梯")); /* joined */
    assert_non_null(strstr(p.text, "，哈哈哈哈。\n"));   /* a body line is left as it is */
    assert_non_null(strstr(p.text, "\n天天向上\n"));     /* a display line collapsed */
    assert_non_null(strstr(p.text, "\n好好\n"));         /* halves of one character stay */
    npc_printed_release(&p);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_joined), cmocka_unit_test(test_title_byline_lead),
        cmocka_unit_test(test_scan),         cmocka_unit_test(test_not_printed),
        cmocka_unit_test(test_better_title), cmocka_unit_test(test_doubled_only_in_display),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

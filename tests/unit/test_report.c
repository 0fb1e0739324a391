/*
 * test_report.c — work reports split by their headings (indexer/report.h) on
 * tests/data/report-sample.txt (an invented report) and inline texts, or by their run-in
 * headings (突出政治引领。…), and the issuing body read from a title.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/charset.h"
#include "report.h"

static void assert_range_is(const char *text, npc_range r, const char *want)
{
    size_t n = r.end - r.start;
    if (r.end < r.start || n != strlen(want) || memcmp(text + r.start, want, n) != 0) {
        fail_msg("range [%zu, %zu) is \"%.*s\", expected \"%s\"", r.start, r.end,
                 r.end < r.start ? 0 : (int)n, text + r.start, want);
    }
}

static int starts_with(const char *text, npc_range r, const char *prefix)
{
    return r.end - r.start >= strlen(prefix) && memcmp(text + r.start, prefix, strlen(prefix)) == 0;
}

static void test_sample(void **state)
{
    (void)state;
    const char *dir = getenv("NPC_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/report-sample.txt", dir ? dir : "tests/data");
    size_t len;
    char *text = npc_test_read_file(path, &len);
    assert_non_null(text);
    npc_report *r = malloc(sizeof *r);
    assert_non_null(r);
    npc_report_split(text, len, 0, r);
    assert_range_is(text, r->title, "示范县人民代表大会常务委员会工作报告");
    assert_int_equal(r->n, 7);
    /* section 0: the words before the first heading */
    assert_int_equal(r->sections[0].level, 0);
    assert_int_equal(r->sections[0].heading.end, r->sections[0].heading.start);
    assert_true(starts_with(text, r->sections[0].text, "各位代表："));
    assert_int_equal(r->sections[1].level, 1);
    assert_range_is(text, r->sections[1].heading, "一、依法履行立法相关职责");
    /* a level-2 heading runs on into its paragraph: the heading stops at 。 */
    assert_int_equal(r->sections[2].level, 2);
    assert_range_is(text, r->sections[2].heading, "（一）配合上级人大立法调研");
    assert_range_is(text, r->sections[2].parent, "一、依法履行立法相关职责");
    assert_range_is(text, r->sections[3].heading, "（二）做好规范性文件备案审查");
    /* "三、" out of sequence stays in the text of （二） */
    assert_true(starts_with(text, r->sections[4].text, "二、加强监督工作"));
    assert_non_null(strstr(text + r->sections[3].text.start, "三、这一行的编号跳过了二"));
    assert_true(r->sections[3].text.end == r->sections[4].text.start);
    assert_range_is(text, r->sections[4].heading, "二、加强监督工作");
    /* the level-2 count restarts; an ideographic indent is allowed; ： ends a heading */
    assert_range_is(text, r->sections[5].heading, "（一）执法检查");
    assert_range_is(text, r->sections[5].parent, "二、加强监督工作");
    /* the over-long 三、 is text; the short one is the heading */
    assert_range_is(text, r->sections[6].heading, "三、2025年工作安排");
    assert_int_equal(r->sections[6].text.end, len);
    assert_non_null(strstr(text + r->sections[5].text.start, "这个标题写得非常非常长"));
    /* the sections cover the body without gaps */
    for (size_t k = 1; k < r->n; k++) {
        assert_int_equal(r->sections[k - 1].text.end, r->sections[k].text.start);
    }
    free(r);
    free(text);
}

static void test_no_headings(void **state)
{
    (void)state;
    const char *t = "临河区工作综述\n\n一年来，常委会依法履职。\n\n服务大局有作为。\n";
    npc_report r;
    npc_report_split(t, strlen(t), 0, &r);
    assert_int_equal(r.n, 0);
    assert_range_is(t, r.title, "临河区工作综述");
}

static void test_heading_first(void **state)
{
    (void)state;
    /* no preamble: section 1 is the first; a front matter's end is respected */
    const char *t = "---\ntitle: x\n---\n# 报告\n\n一、第一部分\n正文。\n二、第二部分\n正文。";
    size_t start = strlen("---\ntitle: x\n---\n");
    npc_report r;
    npc_report_split(t, strlen(t), start, &r);
    assert_range_is(t, r.title, "报告");
    assert_int_equal(r.n, 2);
    assert_range_is(t, r.sections[0].heading, "一、第一部分");
    assert_range_is(t, r.sections[1].heading, "二、第二部分");
}

/* A report without numbered headings whose paragraphs open with run-in headings: a section
 * each (the heading without its 。), the text before the first one section 0. */
static void test_runin_headings(void **state)
{
    (void)state;
    const char *t = "示范市临河区人大常委会2024年工作综述\n"
                    "本报记者 周明远\n"
                    "一年来，常委会依法履职。\n"
                    "服务大局有作为。常委会围绕老旧小区改造开展专题调研。\n"
                    "调研报告被区人民政府采纳。\n"
                    "监督工作有力度。常委会配合开展残疾人保障法执法检查。\n"
                    "落实“三联系”制度。代表联系群众620人次。\n";
    npc_report r;
    npc_report_split(t, strlen(t), 0, &r);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.sections[0].level, 0);
    assert_true(starts_with(t, r.sections[0].text, "本报记者 周明远\n一年来"));
    assert_range_is(t, r.sections[1].heading, "服务大局有作为");
    assert_int_equal(r.sections[1].level, 1);
    /* a paragraph without one stays in the section before it */
    assert_true(strstr(t + r.sections[1].text.start, "调研报告被") < t + r.sections[1].text.end);
    assert_range_is(t, r.sections[2].heading, "监督工作有力度");
    assert_range_is(t, r.sections[3].heading, "落实“三联系”制度"); /* quotes are no break */
    assert_int_equal(r.sections[3].text.end, strlen(t));
    /* a short sentence alone on its line, or one with a comma, is no run-in heading */
    assert_int_equal(npc_report_runin("服务大局有作为。", 0, strlen("服务大局有作为。")), 0);
    const char *comma = "一年来，常委会依法履职。全年召开会议。";
    assert_int_equal(npc_report_runin(comma, 0, strlen(comma)), 0);
    const char *longer = "常委会坚持以人民为中心的发展思想不动摇。全年…";
    assert_int_equal(npc_report_runin(longer, 0, strlen(longer)), 0); /* over 12 characters */
}

/* Run-in headings are a report's sections only when they are its style: in a speech where a
 * few of many paragraphs open with a short sentence, and in a report with numbered headings,
 * they are text. */
static void test_runin_not_the_style(void **state)
{
    (void)state;
    char t[2048] = "政府工作报告\n";
    for (int i = 0; i < 7; i++) {
        strcat(t, "我们坚持稳中求进，全年经济运行总体平稳。\n");
    }
    strcat(t, "过去一年极不平凡。我们经受住了考验。\n"
              "成绩来之不易。这是全国人民团结奋斗的结果。\n"
              "我们深知不足。一些困难和问题依然存在。\n");
    npc_report r;
    npc_report_split(t, strlen(t), 0, &r);
    assert_int_equal(r.n, 0); /* 3 of 10 paragraphs */
    const char *numbered = "报告\n一、工作回顾\n服务大局有作为。全年调研。\n"
                           "监督工作有力度。全年检查。\n代表工作有温度。全年接待。\n";
    npc_report_split(numbered, strlen(numbered), 0, &r);
    assert_int_equal(r.n, 1);
    assert_range_is(numbered, r.sections[0].heading, "一、工作回顾");
}

static void test_body(void **state)
{
    (void)state;
    char b[256];
    npc_report_body("1954年中华人民共和国国务院政府工作报告", b, sizeof b);
    assert_string_equal(b, "国务院");
    npc_report_body("2026年上海市政府工作报告", b, sizeof b);
    assert_string_equal(b, "上海市人民政府");
    npc_report_body("示范市人民代表大会常务委员会工作报告", b, sizeof b);
    assert_string_equal(b, "示范市人民代表大会常务委员会");
    npc_report_body("西宁市城中区人大常委会2024年工作综述", b, sizeof b);
    assert_string_equal(b, "西宁市城中区人大常委会");
    npc_report_body("第十一届全国人民代表大会第一次会议关于政府工作报告的决议", b, sizeof b);
    assert_string_equal(b, "第十一届全国人民代表大会第一次会议");
    npc_report_body("2026年政府工作报告", b, sizeof b);
    assert_string_equal(b, "");
    /* a headline——subtitle title: the subtitle names the body, else the headline */
    npc_report_body("实干争先促发展 履职为民践初心——西宁市城中区人大常委会2024年工作综述", b,
                    sizeof b);
    assert_string_equal(b, "西宁市城中区人大常委会");
    npc_report_body("示范市人民代表大会常务委员会工作报告——2025年1月8日在示范市人民代表大会上", b,
                    sizeof b);
    assert_string_equal(b, "示范市人民代表大会常务委员会");
    /* a body that does not fit is left out, never cut inside a character (found by fuzz_text) */
    char small[16];
    npc_report_body("示范市人民代表大会常务委员会工作报告", small, sizeof small);
    assert_string_equal(small, "");
    npc_report_body("示范市人大常委会工作报告", small, sizeof small);
    assert_string_equal(small, ""); /* 24 bytes do not fit in 16 */
    char fits[25];
    npc_report_body("示范市人大常委会工作报告", fits, sizeof fits);
    assert_string_equal(fits, "示范市人大常委会");
}

/* tests/data/report-gbk.txt converts and splits like a UTF-8 report; report-broken.txt (a
 * character cut in half, bytes neither encoding defines) is refused, saying where. */
static void test_gbk_files(void **state)
{
    (void)state;
    const char *dir = getenv("NPC_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/report-gbk.txt", dir ? dir : "tests/data");
    size_t len, ul;
    char *raw = npc_test_read_file(path, &len), *utf8 = NULL;
    assert_non_null(raw);
    const char *from;
    assert_int_equal(npc_to_utf8(raw, len, &utf8, &ul, &from, NULL), NPC_OK);
    assert_string_equal(from, "GB18030");
    npc_report r;
    npc_report_split(utf8, ul, 0, &r);
    assert_range_is(utf8, r.title, "示范市南岭区人大常委会2024年工作报告");
    assert_int_equal(r.n, 2); /* nothing but the title before the first heading */
    assert_range_is(utf8, r.sections[0].heading, "一、依法履职");
    assert_range_is(utf8, r.sections[1].heading, "二、代表工作");
    free(utf8);
    free(raw);
    snprintf(path, sizeof path, "%s/report-broken.txt", dir ? dir : "tests/data");
    raw = npc_test_read_file(path, &len);
    assert_non_null(raw);
    npc_err err;
    assert_int_equal(npc_to_utf8(raw, len, &utf8, &ul, &from, &err), NPC_EUTF8);
    assert_null(utf8);
    assert_non_null(strstr(err.detail, "neither UTF-8 nor GB18030"));
    free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample),
        cmocka_unit_test(test_no_headings),
        cmocka_unit_test(test_heading_first),
        cmocka_unit_test(test_runin_headings),
        cmocka_unit_test(test_runin_not_the_style),
        cmocka_unit_test(test_body),
        cmocka_unit_test(test_gbk_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_report.c — work reports split by their headings (indexer/report.h) on
 * tests/data/report-sample.txt (an invented report) and inline texts, and the issuing body read
 * from a title.
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
        cmocka_unit_test(test_sample),        cmocka_unit_test(test_no_headings),
        cmocka_unit_test(test_heading_first), cmocka_unit_test(test_body),
        cmocka_unit_test(test_gbk_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

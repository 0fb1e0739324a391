/*
 * test_feedback.c — the CSV reader (indexer/csv.h), the encoding detection (charset.h) as a table
 * sees it and feedback tables (feedback.h), inline and on the files in tests/data/: a UTF-8 table
 * with a BOM, CRLF, columns out of order, an extra column, quoted commas, doubled quotes and a line
 * break inside a field; a GB18030 table; and one broken file of each kind.
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

#include "csv.h"
#include "feedback.h"

static char *data_file(const char *name, size_t *len)
{
    const char *dir = getenv("NPC_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/data", name);
    char *s = npc_test_read_file(path, len);
    if (s == NULL) {
        fail_msg("cannot read %s", path);
    }
    return s;
}

/* ---- CSV ---------------------------------------------------------------------------------- */

static void test_csv_rfc4180(void **state)
{
    (void)state;
    const char *in = "\xEF\xBB\xBF"
                     "a,b,c\r\n"
                     "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
                     "\r\n"
                     "2,\"two\nlines\",\r\n"
                     "3,,last";
    npc_csv t;
    npc_err err;
    assert_int_equal(npc_csv_parse(in, strlen(in), &t, &err), NPC_OK);
    assert_int_equal(t.n, 4); /* the blank line is skipped */
    assert_int_equal(t.records[0].n, 3);
    assert_string_equal(t.records[0].fields[0], "a"); /* the BOM is gone */
    assert_string_equal(t.records[1].fields[1], "x, y");
    assert_string_equal(t.records[1].fields[2], "say \"hi\"");
    assert_int_equal(t.records[2].line, 4);
    assert_string_equal(t.records[2].fields[1], "two\nlines");
    assert_int_equal(t.records[2].n, 3);
    assert_string_equal(t.records[2].fields[2], "");
    assert_int_equal(t.records[3].line, 6);
    assert_string_equal(t.records[3].fields[1], "");
    assert_string_equal(t.records[3].fields[2], "last");
    npc_csv_release(&t);
}

static void test_csv_trailing_comma(void **state)
{
    (void)state;
    npc_csv t;
    assert_int_equal(npc_csv_parse("a,b,", 4, &t, NULL), NPC_OK);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.records[0].n, 3);
    npc_csv_release(&t);
}

static void test_csv_errors(void **state)
{
    (void)state;
    npc_csv t;
    npc_err err;
    const char *q = "a,b\n1,x\"y\n";
    assert_int_equal(npc_csv_parse(q, strlen(q), &t, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "line 2"));
    assert_non_null(strstr(err.detail, "quote inside an unquoted field"));
    assert_int_equal(t.n, 0);
    const char *after = "a,b\n\"1\"x,2\n";
    assert_int_equal(npc_csv_parse(after, strlen(after), &t, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "after the closing quote"));
    const char *open = "a,b\n1,\"never\nclosed\n";
    assert_int_equal(npc_csv_parse(open, strlen(open), &t, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "line 2: quoted field is not closed"));
    assert_int_equal(npc_csv_parse("\r\n\n", 3, &t, &err), NPC_EEMPTY);
}

/* ---- encodings (charset.h) ------------------------------------------------------------------ */

static void test_charset(void **state)
{
    (void)state;
    char *out;
    size_t n;
    const char *from;
    assert_int_equal(npc_to_utf8("人大", 6, &out, &n, &from, NULL), NPC_OK);
    assert_null(out); /* already UTF-8: used as it is */
    assert_string_equal(from, "UTF-8");
    /* 人民代表大会 in GB18030 */
    const char gb[] = "\xC8\xCB\xC3\xF1\xB4\xFA\xB1\xED\xB4\xF3\xBB\xE1";
    assert_int_equal(npc_to_utf8(gb, sizeof gb - 1, &out, &n, &from, NULL), NPC_OK);
    assert_string_equal(from, "GB18030");
    assert_string_equal(out, "人民代表大会");
    assert_int_equal(n, strlen("人民代表大会"));
    free(out);
    npc_err err;
    assert_int_equal(npc_to_utf8("ab\xFF\xFE", 4, &out, &n, &from, &err), NPC_EUTF8);
    assert_null(out);
    assert_non_null(strstr(err.detail, "neither UTF-8 nor GB18030 (invalid UTF-8 at byte 2"));
}

/* ---- feedback tables ---------------------------------------------------------------------- */

static void test_table_utf8(void **state)
{
    (void)state;
    size_t len;
    char *raw = data_file("feedback-utf8.csv", &len);
    npc_fb_table t;
    npc_err err;
    assert_int_equal(npc_fb_parse(raw, len, &t, &err), NPC_OK);
    assert_string_equal(t.encoding, "UTF-8");
    assert_int_equal(t.n, 2); /* the trailing ",,,," row is dropped */
    const npc_fb_row *r = &t.rows[0];
    assert_string_equal(r->col[NPC_FB_SEQ], "1");
    assert_string_equal(r->col[NPC_FB_DRAFT], "示范市电动自行车停放充电管理规定（修订草案）");
    assert_string_equal(r->col[NPC_FB_ARTICLE], "第五条");
    assert_string_equal(r->col[NPC_FB_TEXT], "建议写明\"集中充电设施\"的建设标准,并规定验收程序。");
    assert_string_equal(r->col[NPC_FB_REASON], "第一行理由\r\n第二行理由");
    assert_string_equal(r->col[NPC_FB_SUBMITTER], "物业企业负责人");
    assert_string_equal(r->col[NPC_FB_CONTACT_POINT], "示范市东城社区基层立法联系点");
    assert_string_equal(r->col[NPC_FB_DATE], "2024/9/19");
    assert_string_equal(r->col[NPC_FB_STATUS], "已采纳");
    assert_int_equal(r->line, 2);
    /* the extra column, kept by its name */
    assert_int_equal(t.nextra, 1);
    assert_string_equal(t.extra_names[0], "备注");
    assert_string_equal(t.extra_values[0], "会后补充");
    assert_string_equal(t.extra_values[1], "");
    assert_string_equal(t.rows[1].col[NPC_FB_ARTICLE], "第六条、第七条");
    assert_int_equal(t.rows[1].line, 5); /* after a record of two lines and a blank line */
    npc_fb_release(&t);
    free(raw);
}

static void test_table_gb18030(void **state)
{
    (void)state;
    size_t len;
    char *raw = data_file("feedback-gb18030.csv", &len);
    npc_fb_table t;
    npc_err err;
    assert_int_equal(npc_fb_parse(raw, len, &t, &err), NPC_OK);
    assert_string_equal(t.encoding, "GB18030");
    assert_int_equal(t.n, 2);
    assert_string_equal(t.rows[0].col[NPC_FB_DRAFT], "示范市养犬管理条例（草案）");
    assert_string_equal(t.rows[0].col[NPC_FB_REASON],
                        "社区反映免疫证明难以核实,需要统一查验办法。");
    assert_string_equal(t.rows[1].col[NPC_FB_CONTACT_POINT], "示范市西湖街道基层立法联系点");
    assert_int_equal(t.nextra, 0);
    npc_fb_release(&t);
    free(raw);
}

static void expect_error(const char *file, npc_status want, const char *detail)
{
    size_t len;
    char *raw = data_file(file, &len);
    npc_fb_table t;
    npc_err err;
    assert_int_equal(npc_fb_parse(raw, len, &t, &err), want);
    if (strstr(err.detail, detail) == NULL) {
        fail_msg("%s: detail \"%s\" lacks \"%s\"", file, err.detail, detail);
    }
    assert_int_equal(t.n, 0);
    assert_null(t.rows);
    npc_fb_release(&t);
    free(raw);
}

static void test_table_broken(void **state)
{
    (void)state;
    expect_error("feedback-bad-quote.csv", NPC_EFORMAT, "line 2: a quote inside an unquoted field");
    expect_error("feedback-unclosed.csv", NPC_EFORMAT, "line 2: quoted field is not closed");
    expect_error("feedback-bad-encoding.csv", NPC_EUTF8, "neither UTF-8 nor GB18030");
    expect_error("feedback-no-header.csv", NPC_EFORMAT, "no column \"意见建议\"");
}

static void test_table_shapes(void **state)
{
    (void)state;
    npc_fb_table t;
    npc_err err;
    const char *twice = "草案名称,意见建议,草案名称\na,b,c\n";
    assert_int_equal(npc_fb_parse(twice, strlen(twice), &t, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "\"草案名称\" appears twice"));
    const char *wide = "草案名称,意见建议\na,b\nc,d,e\n";
    assert_int_equal(npc_fb_parse(wide, strlen(wide), &t, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "line 3: 3 fields, but the header names only 2"));
    const char *only = "草案名称,意见建议\n";
    assert_int_equal(npc_fb_parse(only, strlen(only), &t, &err), NPC_EEMPTY);
    /* a short row: the missing fields are empty; spaces around headers are ignored */
    const char *shortrow = " 意见建议 ,草案名称,日期\n建议,草案\n";
    assert_int_equal(npc_fb_parse(shortrow, strlen(shortrow), &t, &err), NPC_OK);
    assert_string_equal(t.rows[0].col[NPC_FB_TEXT], "建议");
    assert_string_equal(t.rows[0].col[NPC_FB_DRAFT], "草案");
    assert_string_equal(t.rows[0].col[NPC_FB_DATE], "");
    assert_string_equal(t.rows[0].col[NPC_FB_STATUS], "");
    npc_fb_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_rfc4180),  cmocka_unit_test(test_csv_trailing_comma),
        cmocka_unit_test(test_csv_errors),   cmocka_unit_test(test_charset),
        cmocka_unit_test(test_table_utf8),   cmocka_unit_test(test_table_gb18030),
        cmocka_unit_test(test_table_broken), cmocka_unit_test(test_table_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

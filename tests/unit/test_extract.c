/*
 * test_extract.c — text out of .docx, .pdf and .html, and a broken file of each refused by
 * name (fixtures: tests/data/formats/, written by make-fixtures.py there).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract.h"
#include "support.h"

#define MAX (1u << 20)

/* Extracts tests/data/formats/name; returns the status, the text in *text (or NULL). */
static npc_status extract(const char *name, char **text, npc_err *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/formats/%s", getenv("NPC_TEST_DATA"), name);
    size_t size = 0, len = 0;
    char *data = npc_test_read_file(path, &size);
    assert_non_null(data);
    *text = NULL;
    npc_status st = npc_extract(npc_format_of(name), data, size, MAX, text, &len, err);
    if (st == NPC_OK) {
        assert_int_equal(strlen(*text), len);
    }
    free(data);
    return st;
}

static void formats_by_extension(void **state)
{
    (void)state;
    assert_int_equal(npc_format_of("a/b/说明.DOCX"), NPC_FORMAT_DOCX);
    assert_int_equal(npc_format_of("x.pdf"), NPC_FORMAT_PDF);
    assert_int_equal(npc_format_of("x.htm"), NPC_FORMAT_HTML);
    assert_int_equal(npc_format_of("x.html"), NPC_FORMAT_HTML);
    assert_int_equal(npc_format_of("x.txt"), NPC_FORMAT_TEXT);
    assert_int_equal(npc_format_of("pdf"), NPC_FORMAT_TEXT);
    assert_int_equal(npc_format_of("dir.pdf/file"), NPC_FORMAT_TEXT);
}

static void docx(void **state)
{
    (void)state;
    char *t;
    npc_err err;
    assert_int_equal(extract("sample.docx", &t, &err), NPC_OK);
    /* the title property first, then one paragraph a line, tabs kept */
    assert_true(
        strncmp(t, "养犬管理条例草案说明\n\n示范市养犬管理条例（草案）征求意见稿说明\n",
                strlen("养犬管理条例草案说明\n\n示范市养犬管理条例（草案）征求意见稿说明\n")) == 0);
    assert_non_null(strstr(t, "第十二条\t携犬出户应当束犬链，由成年人牵领。\n"));
    assert_non_null(strstr(t, "附则从略&完")); /* entities decoded */
    assert_null(strstr(t, "已删除的旧文字"));  /* tracked deletions left out */
    free(t);
    assert_int_equal(extract("broken.docx", &t, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "no word/document.xml"));
    assert_int_equal(extract("bomb.docx", &t, &err), NPC_ETOOBIG);
    assert_null(t);
    assert_int_equal(extract("sample.pdf", &t, &err), NPC_OK); /* not confused by the name */
    free(t);
    assert_int_equal(npc_extract(NPC_FORMAT_DOCX, "PK\3\4garbage", 11, MAX, &t, &(size_t){0}, &err),
                     NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "not a Word file"));
}

static void pdf(void **state)
{
    (void)state;
    char *t;
    npc_err err;
    assert_int_equal(extract("sample.pdf", &t, &err), NPC_OK);
    assert_true(strncmp(t, "养犬管理条例草案说明\n\n", strlen("养犬管理条例草案说明\n\n")) == 0);
    assert_non_null(strstr(t, "为了规范养犬行为，保障公民健康和人身安全，起草本条例。"));
    assert_non_null(strstr(t, "携犬出户应当束犬链"));
    free(t);
    assert_int_equal(extract("broken.pdf", &t, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "PDF"));
    assert_null(t);
}

static void html(void **state)
{
    (void)state;
    char *t;
    npc_err err;
    assert_int_equal(extract("sample.html", &t, &err), NPC_OK);
    assert_true(strncmp(t, "示范市人大常委会 & 立法动态\n\n",
                        strlen("示范市人大常委会 & 立法动态\n\n")) == 0);
    /* white space collapsed, entities decoded, blocks on their own lines */
    assert_non_null(
        strstr(t, "常委会 组织开展 养犬管理条例（草案）立法调研，<征求意见>至月底。\n"));
    assert_non_null(strstr(t, "\n第一项\n第二项\n"));
    assert_null(strstr(t, "脚本不是正文"));
    assert_null(strstr(t, "样式不是正文"));
    assert_null(strstr(t, "提示不是正文"));
    free(t);
    assert_int_equal(extract("sample-gbk.html", &t, &err), NPC_OK); /* <meta charset=gbk> */
    assert_non_null(strstr(t, "示范市政务公开"));
    assert_non_null(strstr(t, "基层立法联系点收集意见建议。"));
    free(t);
    assert_int_equal(extract("broken.html", &t, &err), NPC_EBINARY);
    assert_non_null(strstr(err.detail, "binary"));
    assert_int_equal(npc_extract(NPC_FORMAT_HTML, "<p> </p>", 8, MAX, &t, &(size_t){0}, &err),
                     NPC_EEMPTY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_by_extension),
        cmocka_unit_test(docx),
        cmocka_unit_test(pdf),
        cmocka_unit_test(html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

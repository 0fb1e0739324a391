/*
 * test_docdata.c — stored documents read back (lib/index/docdata.h): strings borrowed with their
 * length, fields as jansson values of the right kind, the whole document without the index's
 * own fields, and damaged data refused or its bad strings left out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "index/docdata.h"

static npc_docdata *parse(const char *s)
{
    npc_docdata *d = NULL;
    npc_err err;
    assert_int_equal(npc_docdata_parse(s, strlen(s), &d, &err), NPC_OK);
    return d;
}

static void test_fields(void **state)
{
    (void)state;
    /* as the indexer writes it: compact, non-ASCII as is, escapes where JSON needs them */
    npc_docdata *d =
        parse("{\"id\":\"laws/a.md#3\",\"article\":3,\"score\":1.5,\"ok\":true,"
              "\"text\":\"第三条 \\\"引号\\\"\\n下一行\",\"cites\":[{\"cite\":\"x#1\"}],"
              "\"columns\":{\"序号\":\"1\"},\"none\":null,\"breaks\":\"1H\"}");
    size_t len;
    const char *text = npc_docdata_str(d, "text", &len);
    assert_string_equal(text, "第三条 \"引号\"\n下一行");
    assert_int_equal(len, strlen(text));
    assert_null(npc_docdata_str(d, "article", &len)); /* not a string */
    assert_int_equal(len, 0);
    assert_null(npc_docdata_str(d, "missing", NULL));
    json_t *v = npc_docdata_get(d, "article");
    assert_true(json_is_integer(v) && json_integer_value(v) == 3);
    json_decref(v);
    v = npc_docdata_get(d, "score");
    assert_true(json_is_real(v) && json_real_value(v) == 1.5);
    json_decref(v);
    v = npc_docdata_get(d, "cites");
    assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "cite")), "x#1");
    json_decref(v);
    assert_null(npc_docdata_get(d, "missing"));
    json_t *all = npc_docdata_json(d);
    assert_non_null(all);
    assert_null(json_object_get(all, "breaks")); /* the index's own */
    assert_int_equal(json_object_size(all), 8);
    assert_true(json_is_true(json_object_get(all, "ok")));
    assert_true(json_is_null(json_object_get(all, "none")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(all, "columns"), "序号")),
                        "1");
    json_decref(all);
    npc_docdata_free(d);
}

static void test_damaged(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "[1,2]", "\"text\"", "{\"id\":", "{\"id\" \"x\"}", "nul"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        npc_docdata *d = (npc_docdata *)1;
        npc_err err;
        assert_int_equal(npc_docdata_parse(bad[i], strlen(bad[i]), &d, &err), NPC_EDB);
        assert_null(d);
        assert_non_null(strstr(err.detail, "not valid JSON"));
    }
    /* a string that is not UTF-8 is no jansson value: left out, the rest kept */
    npc_docdata *d = parse("{\"id\":\"a\",\"title\":\"\xff\xfe\"}");
    assert_null(npc_docdata_get(d, "title"));
    json_t *all = npc_docdata_json(d);
    assert_int_equal(json_object_size(all), 1);
    json_decref(all);
    npc_docdata_free(d);
    /* the length given is respected: what follows is not read; within it, nothing may follow
     * the object but white space */
    const char *s = "{\"id\":\"a\"} \n{\"id\":\"b\"}";
    assert_int_equal(npc_docdata_parse(s, 12, &d, NULL), NPC_OK);
    assert_string_equal(npc_docdata_str(d, "id", NULL), "a");
    npc_docdata_free(d);
    assert_int_equal(npc_docdata_parse(s, strlen(s), &d, NULL), NPC_EDB);
    assert_int_equal(npc_docdata_parse(s, 13, &d, NULL), NPC_EDB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_params.c — searchd's strict query-string and path decoding (searchd/params.h):
 * decoding, the errors (detail and reason) for each kind of bad input, and details that stay
 * valid UTF-8 (they go into JSON errors).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "params.h"

static const char *const allowed[] = {"q", "page", "per_page", NULL};

/* Parses qs; returns the status and leaves the detail in err. */
static npc_status parse(const char *qs, npc_params *p, npc_err *err)
{
    npc_err_clear(err);
    return npc_params_parse(qs, strlen(qs), allowed, p, err);
}

static void decodes_values(void **state)
{
    npc_params p;
    npc_err err;
    assert_int_equal(parse("q=%E5%9F%BA+a%2Bb&&page=2&per_page", &p, &err), NPC_OK);
    size_t len = 0;
    assert_string_equal(npc_params_get(&p, "q", &len), "基 a+b");
    assert_int_equal(len, strlen("基 a+b"));
    assert_string_equal(npc_params_get(&p, "page", NULL), "2");
    assert_string_equal(npc_params_get(&p, "per_page", NULL), "");
    npc_params_release(&p);
}

static void refuses_bad_input(void **state)
{
    static const struct {
        const char *qs, *detail, *reason;
    } cases[] = {
        {"q=%G1", "bad percent-encoding in parameter \"q\"", "bad_encoding"},
        {"q=a%2", "bad percent-encoding in parameter \"q\"", "bad_encoding"},
        {"q=%FF", "parameter \"q\" is not valid UTF-8", "bad_utf8"},
        {"q=%C0%AF", "parameter \"q\" is not valid UTF-8", "bad_utf8"},
        {"q=a%00b", "parameter \"q\" holds a control character", "control_character"},
        {"q=a&q=b", "parameter \"q\" given twice", "repeated_parameter"},
        {"debug=1", "unknown parameter \"debug\"", "unknown_parameter"},
        {"%ZZ=1", "bad percent-encoding in a parameter name", "bad_encoding"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        npc_params p;
        npc_err err;
        assert_int_equal(parse(cases[i].qs, &p, &err), NPC_EINVAL);
        assert_string_equal(err.detail, cases[i].detail);
        assert_string_equal(err.reason, cases[i].reason);
        npc_params_release(&p);
    }
}

/* Regression: an unknown name of 22 Chinese characters (66 bytes) was echoed cut at 64 bytes,
 * in the middle of a character; the invalid UTF-8 detail made the JSON error fail to build and
 * searchd closed the connection without an answer. */
static void long_unknown_name_is_cut_at_a_character(void **state)
{
    char qs[256] = "";
    for (int i = 0; i < 22; i++) {
        strcat(qs, "%E6%B3%95"); /* 法 */
    }
    strcat(qs, "=1");
    npc_params p;
    npc_err err;
    assert_int_equal(parse(qs, &p, &err), NPC_EINVAL);
    assert_true(npc_utf8_valid(err.detail, strlen(err.detail), NULL));
    assert_string_equal(err.detail,
                        "unknown parameter \"法法法法法法法法法法法法法法法法法法法法法\"…");
    npc_params_release(&p);
}

static void too_long_and_too_many(void **state)
{
    size_t n = NPC_PARAM_MAX_BYTES + 3;
    char *qs = malloc(n + 1);
    assert_non_null(qs);
    memcpy(qs, "q=", 2);
    memset(qs + 2, 'a', n - 2);
    qs[n] = '\0';
    npc_params p;
    npc_err err;
    assert_int_equal(parse(qs, &p, &err), NPC_EINVAL);
    assert_string_equal(err.detail, "parameter \"q\" is too long");
    assert_string_equal(err.reason, "parameter_too_long");
    npc_params_release(&p);
    qs[n - 1] = '\0'; /* exactly NPC_PARAM_MAX_BYTES */
    assert_int_equal(parse(qs, &p, &err), NPC_OK);
    npc_params_release(&p);
    free(qs);
}

static void decodes_paths_strictly(void **state)
{
    char *out = NULL;
    size_t len = 0;
    npc_err err;
    assert_int_equal(npc_path_decode("a%2Fb+c", 7, &out, &len, &err), NPC_OK);
    assert_string_equal(out, "a/b+c");
    free(out);
    assert_int_equal(npc_path_decode("%00", 3, &out, &len, &err), NPC_EINVAL);
    assert_string_equal(err.detail, "the path holds a control character");
    assert_int_equal(npc_path_decode("%2", 2, &out, &len, &err), NPC_EINVAL);
    assert_string_equal(err.detail, "bad percent-encoding in the path");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_values),
        cmocka_unit_test(refuses_bad_input),
        cmocka_unit_test(long_unknown_name_is_cut_at_a_character),
        cmocka_unit_test(too_long_and_too_many),
        cmocka_unit_test(decodes_paths_strictly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

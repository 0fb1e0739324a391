/*
 * test_errors.c — searchd's table of error answers (searchd/errors.h): every failure the
 * library reports gets the HTTP status and code it always had, each reason its own row, an
 * unknown reason the answer of its status, and docs/api.md names every reason.
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

#include "errors.h"

/* The answer each status had before reasons existed: HTTP status and code. */
static void statuses_keep_their_answer(void **state)
{
    for (int s = 1; s < NPC_STATUS_COUNT; s++) {
        unsigned http = 500;
        const char *code = "internal";
        switch (s) {
        case NPC_EQUERY:
        case NPC_EUTF8:
        case NPC_ETOOBIG:
        case NPC_EINVAL:
            http = 400, code = "bad_request";
            break;
        case NPC_ENOTFOUND:
            http = 404, code = "not_found";
            break;
        case NPC_EDB_OPEN:
        case NPC_EDB_LOCK:
        case NPC_EDB_MODIFIED:
        case NPC_EDB_VERSION:
        case NPC_EREMOTE:
        case NPC_EDB_CORRUPT: /* damaged_index */
            http = 503, code = "unavailable";
            break;
        }
        const npc_api_error *e = npc_api_error_for((npc_status)s, NULL);
        assert_int_equal(e->http, http);
        assert_string_equal(e->code, code);
    }
}

/* The reasons the library and params.c give keep their status's answer (400, bad_request). */
static void reasons_of_bad_requests(void **state)
{
    static const char *const reasons[] = {
        "bad_encoding",       "bad_utf8",           "control_character", "unknown_parameter",
        "repeated_parameter", "parameter_too_long", "blank_query",       "query_too_long",
        "too_many_terms",     "nothing_to_search",  "only_exclusions"};
    for (size_t i = 0; i < sizeof reasons / sizeof *reasons; i++) {
        const npc_api_error *e = npc_api_error_for(NPC_EINVAL, reasons[i]);
        assert_string_equal(e->reason, reasons[i]);
        assert_int_equal(e->http, 400);
        assert_string_equal(e->code, "bad_request");
    }
    /* one searchd names itself */
    const npc_api_error *e = npc_api_error_for(NPC_OK, "uri_too_long");
    assert_int_equal(e->http, 414);
    assert_string_equal(e->code, "uri_too_long");
}

static void unknown_reasons_fall_back(void **state)
{
    assert_string_equal(npc_api_error_for(NPC_EINVAL, "no_such_reason")->reason, "bad_parameter");
    assert_string_equal(npc_api_error_for(NPC_EUTF8, NULL)->reason, "bad_utf8");
    assert_string_equal(npc_api_error_for(NPC_OK, "no_such_reason")->reason, "internal");
    assert_string_equal(npc_api_error_for((npc_status)99, NULL)->reason, "internal");
}

/* Each reason and each status in one row at most; the last row is the fallback. */
static void one_row_each(void **state)
{
    size_t n;
    const npc_api_error *t = npc_api_errors(&n);
    unsigned seen = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            assert_string_not_equal(t[i].reason, t[j].reason);
        }
        assert_int_equal(seen & t[i].statuses, 0);
        seen |= t[i].statuses;
    }
    assert_string_equal(t[n - 1].reason, "internal");
}

static void docs_name_every_reason(void **state)
{
    const char *src = getenv("NPC_SOURCE_DIR");
    assert_non_null(src);
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/api.md", src);
    size_t len;
    char *doc = npc_test_read_file(path, &len);
    assert_non_null(doc);
    size_t n;
    const npc_api_error *t = npc_api_errors(&n);
    for (size_t i = 0; i < n; i++) {
        char row[128];
        snprintf(row, sizeof row, "| `%s` | %u | `%s` |", t[i].reason, t[i].http, t[i].code);
        if (strstr(doc, row) == NULL) {
            fail_msg("docs/api.md has no row \"%s\"", row);
        }
    }
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statuses_keep_their_answer), cmocka_unit_test(reasons_of_bad_requests),
        cmocka_unit_test(unknown_reasons_fall_back),  cmocka_unit_test(one_row_each),
        cmocka_unit_test(docs_name_every_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

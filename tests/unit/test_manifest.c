/*
 * test_manifest.c — the per-shard file manifest: round trip, lookups, drops, refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "manifest.h"

static void round_trip(void **state)
{
    (void)state;
    npc_manifest *m = NULL;
    npc_err err;
    assert_int_equal(npc_manifest_parse("", 0, &m, &err), NPC_OK);
    assert_int_equal(npc_manifest_put(m, "b/第二.md", 10, 20, 0xabcdef, &err), NPC_OK);
    assert_int_equal(npc_manifest_put(m, "a file with  spaces.txt", 1, -5, 7, &err), NPC_OK);
    assert_int_equal(npc_manifest_put(m, "c.md", 3, 4, 5, &err), NPC_OK);
    npc_manifest_drop(m, "c.md");
    assert_null(npc_manifest_find(m, "c.md"));
    assert_int_equal(npc_manifest_live(m), 2);
    char *blob = NULL;
    size_t len = 0;
    assert_int_equal(npc_manifest_serialize(m, &blob, &len, &err), NPC_OK);
    assert_string_equal(blob, "npc-manifest 1\n"
                              "0000000000000007 1 -5 a file with  spaces.txt\n"
                              "0000000000abcdef 10 20 b/第二.md\n");
    npc_manifest *back = NULL;
    assert_int_equal(npc_manifest_parse(blob, len, &back, &err), NPC_OK);
    npc_manifest_entry *e = npc_manifest_find(back, "a file with  spaces.txt");
    assert_non_null(e);
    assert_int_equal(e->size, 1);
    assert_int_equal(e->mtime_ns, -5);
    assert_int_equal(e->hash, 7);
    assert_non_null(npc_manifest_find(back, "b/第二.md"));
    assert_null(npc_manifest_find(back, "b"));
    /* a put replaces, a dropped entry comes back with a put */
    assert_int_equal(npc_manifest_put(back, "b/第二.md", 11, 21, 1, &err), NPC_OK);
    assert_int_equal(npc_manifest_find(back, "b/第二.md")->size, 11);
    npc_manifest_drop(back, "b/第二.md");
    assert_int_equal(npc_manifest_put(back, "b/第二.md", 12, 22, 2, &err), NPC_OK);
    assert_int_equal(npc_manifest_live(back), 2);
    free(blob);
    npc_manifest_free(m);
    npc_manifest_free(back);
}

static void refusals(void **state)
{
    (void)state;
    npc_manifest *m = NULL;
    npc_err err;
    assert_int_equal(npc_manifest_parse("something else\n", 15, &m, &err), NPC_EFORMAT);
    assert_null(m);
    const char *cut = "npc-manifest 1\n0000000000000007 1 2 a.md";
    assert_int_equal(npc_manifest_parse(cut, strlen(cut), &m, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "truncated"));
    const char *bad = "npc-manifest 1\nzz 1 2 a.md\n";
    assert_int_equal(npc_manifest_parse(bad, strlen(bad), &m, &err), NPC_EFORMAT);
    assert_int_equal(npc_manifest_parse("", 0, &m, &err), NPC_OK);
    assert_int_equal(npc_manifest_put(m, "a\nb", 1, 2, 3, &err), NPC_EINVAL);
    assert_int_equal(npc_manifest_live(m), 0);
    npc_manifest_free(m);
}

static void content_hash(void **state)
{
    (void)state;
    assert_int_equal(npc_content_hash("", 0), 0xcbf29ce484222325ull); /* FNV-1a offset basis */
    assert_int_equal(npc_content_hash("a", 1), 0xaf63dc4c8601ec8cull);
    assert_int_not_equal(npc_content_hash("ab", 2), npc_content_hash("ba", 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(refusals),
        cmocka_unit_test(content_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_lexicon.c — the domain lexicon (lib/text/lexicon.h): longest match, vocabulary and titles,
 * first key wins, folding of entries, the text format (load errors, serialize round trip).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "text/lexicon.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static npc_lexicon *new_lexicon(void)
{
    npc_lexicon *lx = NULL;
    npc_err err;
    assert_int_equal(npc_lexicon_new(&lx, &err), NPC_OK);
    assert_non_null(lx);
    assert_int_equal(npc_lexicon_size(lx), 0);
    return lx;
}

static void add_word(npc_lexicon *lx, const char *w)
{
    npc_err err;
    assert_int_equal(npc_lexicon_add_word(lx, w, strlen(w), &err), NPC_OK);
}

static void add_title(npc_lexicon *lx, const char *alias, const char *key)
{
    npc_err err;
    assert_int_equal(npc_lexicon_add_title(lx, alias, strlen(alias), key, strlen(key), &err),
                     NPC_OK);
}

/* The longest entry at the start of text, folded as the analyzer folds it: its length in
 * UTF-16 units, *title set as npc_lexicon_match sets it. */
static size_t match(const npc_lexicon *lx, const char *text, int32_t *title)
{
    npc_folded f = {0};
    npc_err err;
    assert_int_equal(npc_fold(text, strlen(text), &f, &err), NPC_OK);
    *title = -99;
    size_t n = npc_lexicon_match(lx, f.u16, f.n, title);
    npc_folded_release(&f);
    return n;
}

/* The law key matched at the start of text, or NULL for none / a vocabulary word. */
static const char *key_at(const npc_lexicon *lx, const char *text)
{
    int32_t t;
    if (match(lx, text, &t) == 0 || t < 0) {
        return NULL;
    }
    return npc_lexicon_title_key(lx, t);
}

static npc_lexicon *builtin_with_titles(void)
{
    npc_lexicon *lx = new_lexicon();
    npc_err err;
    size_t bl = 0;
    const char *b = npc_lexicon_builtin(&bl);
    assert_int_equal(npc_lexicon_load(lx, b, bl, &err), NPC_OK);
    add_title(lx, "中华人民共和国残疾人保障法", "残疾人保障法");
    add_title(lx, "残疾人保障法", "残疾人保障法");
    add_title(lx, "各级人民代表大会常务委员会监督法", "各级人民代表大会常务委员会监督法");
    add_title(lx, "监督法", "各级人民代表大会常务委员会监督法");
    return lx;
}

/* ---- matching ----------------------------------------------------------------------------- */

static void test_longest_entry(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    add_word(lx, "人民代表大会");
    add_word(lx, "人民代表大会常务委员会");
    add_word(lx, "常务委员会");
    assert_int_equal(npc_lexicon_size(lx), 3);
    int32_t t;
    assert_int_equal(match(lx, "人民代表大会常务委员会会议", &t), 11);
    assert_int_equal(t, -1);
    assert_int_equal(match(lx, "人民代表大会开会", &t), 6);
    assert_int_equal(t, -1);
    /* only a whole entry counts: a prefix of one does not */
    assert_int_equal(match(lx, "人民代表大", &t), 0);
    assert_int_equal(t, -1);
    assert_int_equal(match(lx, "人民代表大会常务委员", &t), 6);
    /* the match starts at s[0] only */
    assert_int_equal(match(lx, "县人民代表大会", &t), 0);
    assert_int_equal(match(lx, "", &t), 0);
    npc_lexicon_free(lx);
}

static void test_short_words_ignored(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    add_word(lx, "法");
    add_word(lx, "");
    assert_int_equal(npc_lexicon_size(lx), 0);
    int32_t t;
    assert_int_equal(match(lx, "法律", &t), 0);
    npc_lexicon_free(lx);
}

static void test_vocabulary_and_titles(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    add_word(lx, "监督");
    add_title(lx, "监督法", "各级人民代表大会常务委员会监督法");
    add_title(lx, "残疾人保障法", "残疾人保障法");
    assert_int_equal(npc_lexicon_size(lx), 3);
    int32_t t;
    assert_int_equal(match(lx, "监督法第十条", &t), 3);
    assert_true(t >= 0);
    assert_string_equal(npc_lexicon_title_key(lx, t), "各级人民代表大会常务委员会监督法");
    assert_int_equal(match(lx, "监督工作", &t), 2);
    assert_int_equal(t, -1);
    assert_int_equal(match(lx, "残疾人保障法", &t), 6);
    assert_string_equal(npc_lexicon_title_key(lx, t), "残疾人保障法");
    /* titles are numbered 0, 1, … */
    assert_non_null(npc_lexicon_title_key(lx, 0));
    assert_non_null(npc_lexicon_title_key(lx, 1));
    assert_null(npc_lexicon_title_key(lx, 2));
    assert_null(npc_lexicon_title_key(lx, -1));
    npc_lexicon_free(lx);
}

/* A title that is also a vocabulary word is found as the title, whichever came first. */
static void test_title_beats_vocabulary(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    add_word(lx, "立法法");
    add_title(lx, "立法法", "立法法");
    add_title(lx, "监督法", "各级人民代表大会常务委员会监督法");
    add_word(lx, "监督法");
    assert_string_equal(key_at(lx, "立法法第十条"), "立法法");
    assert_string_equal(key_at(lx, "监督法第十条"), "各级人民代表大会常务委员会监督法");
    npc_lexicon_free(lx);
}

static void test_first_key_wins(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    add_title(lx, "监督法", "各级人民代表大会常务委员会监督法");
    add_title(lx, "监督法", "监察法");
    assert_string_equal(key_at(lx, "监督法"), "各级人民代表大会常务委员会监督法");
    assert_int_equal(npc_lexicon_size(lx), 1);
    /* the same alias in another spelling folds to the same entry */
    add_title(lx, "監督法", "监察法");
    assert_string_equal(key_at(lx, "监督法"), "各级人民代表大会常务委员会监督法");
    npc_lexicon_free(lx);
}

static void test_empty_key_refused(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    npc_err err;
    assert_int_equal(npc_lexicon_add_title(lx, "监督法", strlen("监督法"), "", 0, &err),
                     NPC_EINVAL);
    assert_int_equal(npc_lexicon_size(lx), 0);
    assert_null(key_at(lx, "监督法"));
    npc_lexicon_free(lx);
}

/* Entries are folded when added: traditional, full-width and upper-case entries match the
 * folded (simplified, half-width, lower-case) text, and the other way round. */
static void test_folded_matching(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    add_word(lx, "常務委員會");
    add_word(lx, "ＷＴＯ規則");
    add_title(lx, "中華人民共和國殘疾人保障法", "残疾人保障法");
    int32_t t;
    assert_int_equal(match(lx, "常务委员会会议", &t), 5);
    assert_int_equal(t, -1);
    assert_int_equal(match(lx, "常務委員會", &t), 5);
    assert_int_equal(match(lx, "wto规则", &t), 5);
    assert_int_equal(match(lx, "WTO規則", &t), 5);
    assert_int_equal(match(lx, "中华人民共和国残疾人保障法第三十三条", &t), 13);
    assert_string_equal(npc_lexicon_title_key(lx, t), "残疾人保障法");
    npc_lexicon_free(lx);
}

static void test_invalid_utf8_entry(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    npc_err err;
    assert_int_equal(npc_lexicon_add_word(lx, "残疾\xff", 7, &err), NPC_EUTF8);
    assert_int_equal(npc_lexicon_size(lx), 0);
    npc_lexicon_free(lx);
}

/* ---- the text format ---------------------------------------------------------------------- */

static void test_builtin(void **state)
{
    (void)state;
    size_t bl = 0;
    const char *b = npc_lexicon_builtin(&bl);
    assert_non_null(b);
    assert_true(bl > 0);
    npc_lexicon *lx = new_lexicon();
    npc_err err;
    assert_int_equal(npc_lexicon_load(lx, b, bl, &err), NPC_OK);
    assert_true(npc_lexicon_size(lx) > 50);
    int32_t t;
    assert_int_equal(match(lx, "基层立法联系点", &t), 7);
    assert_int_equal(t, -1);
    /* the built-in vocabulary has no titles */
    assert_null(npc_lexicon_title_key(lx, 0));
    npc_lexicon_free(lx);
}

static void test_load_format(void **state)
{
    (void)state;
    const char text[] = "# a comment\n"
                        "\n"
                        "w\t执法检查\r\n"
                        "t\t监督法\t各级人民代表大会常务委员会监督法\n"
                        "w\t专题询问"; /* no final newline */
    npc_lexicon *lx = new_lexicon();
    npc_err err;
    assert_int_equal(npc_lexicon_load(lx, text, strlen(text), &err), NPC_OK);
    assert_int_equal(npc_lexicon_size(lx), 3);
    int32_t t;
    assert_int_equal(match(lx, "执法检查", &t), 4); /* the \r is not part of the word */
    assert_int_equal(match(lx, "专题询问", &t), 4);
    assert_string_equal(key_at(lx, "监督法"), "各级人民代表大会常务委员会监督法");
    npc_lexicon_free(lx);
}

/* Loading `text` fails with NPC_EFORMAT and a detail naming line `line`. */
static void check_load_error(const char *text, size_t line)
{
    npc_lexicon *lx = new_lexicon();
    npc_err err;
    npc_status st = npc_lexicon_load(lx, text, strlen(text), &err);
    npc_lexicon_free(lx);
    if (st != NPC_EFORMAT) {
        fail_msg("loading \"%s\": %s, expected format (%s)", text, npc_status_name(st), err.detail);
    }
    char want[32];
    snprintf(want, sizeof want, "line %zu", line);
    const char *p = strstr(err.detail, want);
    if (p == NULL || (p[strlen(want)] >= '0' && p[strlen(want)] <= '9')) {
        fail_msg("\"%s\" does not name %s", err.detail, want);
    }
}

static void test_load_errors(void **state)
{
    (void)state;
    check_load_error("w\t基层\nnot an entry\n", 2);
    check_load_error("# header\n\nw\t执法检查\nt\t监督法\n", 4); /* a title without its key */
    check_load_error("x\t执法检查\n", 1);
    check_load_error("w执法检查\n", 1);
    check_load_error("w\t执法检查\nw\t\n", 2);
    check_load_error("w\t执法检查\r\nw 专题询问\r\n", 2);
    /* line numbers past 9 */
    char buf[256];
    size_t o = 0;
    for (int k = 0; k < 11; k++) {
        o += (size_t)snprintf(buf + o, sizeof buf - o, "w\t词语%d\n", k);
    }
    snprintf(buf + o, sizeof buf - o, "oops\n");
    check_load_error(buf, 12);
}

/* A title line with an empty key is a bad line like any other. */
static void test_load_error_empty_key(void **state)
{
    (void)state;
    check_load_error("w\t执法检查\nt\t监督法\t\n", 2);
}

static void test_serialize_round_trip(void **state)
{
    (void)state;
    npc_lexicon *lx = builtin_with_titles();
    add_word(lx, "常務委員會"); /* entries keep their spelling, and fold again on load */
    char *text = NULL;
    size_t len = 0;
    npc_err err;
    assert_int_equal(npc_lexicon_serialize(lx, &text, &len, &err), NPC_OK);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    assert_non_null(strstr(text, "t\t监督法\t各级人民代表大会常务委员会监督法\n"));
    assert_non_null(strstr(text, "w\t基层立法联系点\n"));

    npc_lexicon *back = new_lexicon();
    assert_int_equal(npc_lexicon_load(back, text, len, &err), NPC_OK);
    assert_int_equal(npc_lexicon_size(back), npc_lexicon_size(lx));

    /* every position of a text full of entries matches the same way in both */
    const char *probe = "全国人民代表大会常务委员会依照《中华人民共和国残疾人保障法》和监督法，"
                        "在基层立法联系点开展执法检查、专题询问和备案审查，各级人民代表大会常务"
                        "委员会监督法第十条，常務委員會";
    npc_folded f = {0};
    assert_int_equal(npc_fold(probe, strlen(probe), &f, &err), NPC_OK);
    size_t matched = 0, titled = 0;
    for (size_t i = 0; i < f.n; i++) {
        int32_t t1, t2;
        size_t m1 = npc_lexicon_match(lx, f.u16 + i, f.n - i, &t1);
        size_t m2 = npc_lexicon_match(back, f.u16 + i, f.n - i, &t2);
        assert_int_equal(m1, m2);
        assert_int_equal(t1 >= 0, t2 >= 0);
        if (t1 >= 0) {
            assert_string_equal(npc_lexicon_title_key(lx, t1), npc_lexicon_title_key(back, t2));
            titled++;
        }
        matched += m1 > 0;
    }
    assert_true(matched >= 10);
    assert_true(titled >= 3);

    /* serializing the loaded copy gives the same text */
    char *again = NULL;
    size_t again_len = 0;
    assert_int_equal(npc_lexicon_serialize(back, &again, &again_len, &err), NPC_OK);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, text, len);

    free(again);
    free(text);
    npc_folded_release(&f);
    npc_lexicon_free(back);
    npc_lexicon_free(lx);
}

static void test_serialize_empty(void **state)
{
    (void)state;
    npc_lexicon *lx = new_lexicon();
    char *text = NULL;
    size_t len = 99;
    npc_err err;
    assert_int_equal(npc_lexicon_serialize(lx, &text, &len, &err), NPC_OK);
    assert_non_null(text);
    assert_int_equal(len, 0);
    assert_string_equal(text, "");
    free(text);
    npc_lexicon_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_longest_entry),
        cmocka_unit_test(test_short_words_ignored),
        cmocka_unit_test(test_vocabulary_and_titles),
        cmocka_unit_test(test_title_beats_vocabulary),
        cmocka_unit_test(test_first_key_wins),
        cmocka_unit_test(test_empty_key_refused),
        cmocka_unit_test(test_folded_matching),
        cmocka_unit_test(test_invalid_utf8_entry),
        cmocka_unit_test(test_builtin),
        cmocka_unit_test(test_load_format),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_load_error_empty_key),
        cmocka_unit_test(test_serialize_round_trip),
        cmocka_unit_test(test_serialize_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

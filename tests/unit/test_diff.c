/*
 * test_diff.c — article alignment by content and the character diff (lib/diff/diff.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"

static npc_diff_article art(const char *label, const char *text)
{
    return (npc_diff_article){label, text, strlen(label), strlen(text)};
}

/* Aligns and returns the pairs (the caller frees them). */
static npc_diff_pair *align(const npc_diff_article *a, size_t na, const npc_diff_article *b,
                            size_t nb, size_t *n)
{
    npc_diff_pair *p = NULL;
    npc_err err;
    assert_int_equal(npc_diff_align(a, na, b, nb, &p, n, &err), NPC_OK);
    return p;
}

/* The pair holding old article from (or, from < 0, new article to). */
static const npc_diff_pair *find(const npc_diff_pair *p, size_t n, long from, long to)
{
    for (size_t i = 0; i < n; i++) {
        if ((from >= 0 && p[i].from == from) || (from < 0 && p[i].to == to)) {
            return &p[i];
        }
    }
    fail_msg("no pair for %ld/%ld", from, to);
    return NULL;
}

static void test_unchanged_and_changed(void **state)
{
    (void)state;
    npc_diff_article a[] = {art("第一条", "为了规范立法活动，制定本法。"),
                            art("第二条", "法律的制定、修改和废止，适用本法。")};
    npc_diff_article b[] = {art("第一条", "为了规范立法活动，制定本法。"),
                            art("第二条", "法律的制定、修改、废止和解释，适用本法。")};
    size_t n;
    npc_diff_pair *p = align(a, 2, b, 2, &n);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].mark, NPC_DIFF_UNCHANGED);
    assert_int_equal(p[1].mark, NPC_DIFF_CHANGED);
    assert_int_equal(p[1].from, 1);
    assert_int_equal(p[1].to, 1);
    assert_true(p[1].alike >= NPC_DIFF_ALIKE && p[1].alike < 1.0);
    free(p);
}

/* An article inserted before others renumbers them: the same content under a new label is
 * moved, not removed and added; a changed one keeps its pair across the renumbering. */
static void test_renumbered(void **state)
{
    (void)state;
    npc_diff_article a[] = {art("第一条", "总则的规定。"),
                            art("第二条", "全国人民代表大会常务委员会行使国家立法权。"),
                            art("第三条", "立法应当遵循宪法的基本原则，坚持改革开放。")};
    npc_diff_article b[] = {
        art("第一条", "总则的规定。"), art("第二条", "立法应当坚持党的领导。"),
        art("第三条", "全国人民代表大会常务委员会行使国家立法权。"),
        art("第四条", "立法应当遵循宪法的基本原则，坚持改革开放，坚持依宪立法。")};
    size_t n;
    npc_diff_pair *p = align(a, 3, b, 4, &n);
    assert_int_equal(n, 4);
    const npc_diff_pair *moved = find(p, n, 1, -1);
    assert_int_equal(moved->mark, NPC_DIFF_MOVED);
    assert_int_equal(moved->to, 2);
    const npc_diff_pair *changed = find(p, n, 2, -1);
    assert_int_equal(changed->mark, NPC_DIFF_CHANGED);
    assert_int_equal(changed->to, 3);
    assert_int_equal(find(p, n, -1, 1)->mark, NPC_DIFF_ADDED);
    /* in the new version's order */
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(p[i].to, (long)i);
    }
    free(p);
}

/* A removed article comes after the pair of its old predecessor; unlike texts never pair. */
static void test_removed_and_unlike(void **state)
{
    (void)state;
    npc_diff_article a[] = {art("第一条", "甲乙丙丁戊己庚辛。"),
                            art("第二条", "子丑寅卯辰巳午未。"),
                            art("第三条", "天地玄黄宇宙洪荒。")};
    npc_diff_article b[] = {art("第一条", "甲乙丙丁戊己庚辛。"),
                            art("第二条", "天地玄黄宇宙洪荒。"),
                            art("第三条", "一二三四五六七八。")};
    size_t n;
    npc_diff_pair *p = align(a, 3, b, 3, &n);
    assert_int_equal(n, 4);
    assert_int_equal(p[0].mark, NPC_DIFF_UNCHANGED);
    assert_int_equal(p[1].mark, NPC_DIFF_REMOVED);
    assert_int_equal(p[1].from, 1);
    assert_int_equal(p[2].mark, NPC_DIFF_MOVED);
    assert_int_equal(p[3].mark, NPC_DIFF_ADDED);
    free(p);
}

static void test_empty_versions(void **state)
{
    (void)state;
    npc_diff_article b[] = {art("第一条", "新的规定。")};
    size_t n;
    npc_diff_pair *p = align(NULL, 0, b, 1, &n);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].mark, NPC_DIFF_ADDED);
    free(p);
    p = align(b, 1, NULL, 0, &n);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].mark, NPC_DIFF_REMOVED);
    free(p);
}

/* Rebuilds both texts from the spans: EQUAL and DELETE give the old, EQUAL and INSERT the
 * new. */
static void check_spans(const char *a, const char *b, const npc_diff_span *s, size_t n)
{
    char old[1024] = "", neu[1024] = "";
    for (size_t i = 0; i < n; i++) {
        assert_true(s[i].start < s[i].end);
        if (s[i].op != NPC_DIFF_INSERT) {
            strncat(old, a + s[i].start, s[i].end - s[i].start);
        }
        if (s[i].op != NPC_DIFF_DELETE) {
            strncat(neu, (s[i].op == NPC_DIFF_INSERT ? b : a) + s[i].start, s[i].end - s[i].start);
        }
    }
    assert_string_equal(old, a);
    assert_string_equal(neu, b);
}

static void test_chars(void **state)
{
    (void)state;
    const char *a = "法律的制定、修改和废止，适用本法。";
    const char *b = "法律的制定、修改、废止和解释，适用本法。";
    npc_diff_span *s = NULL;
    size_t n;
    npc_err err;
    assert_int_equal(npc_diff_chars(a, strlen(a), b, strlen(b), &s, &n, &err), NPC_OK);
    check_spans(a, b, s, n);
    /* the edit is small: 和 becomes 、, 和解释 is inserted; the rest is kept */
    size_t kept = 0, ins = 0, del = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = s[i].end - s[i].start;
        *(s[i].op == NPC_DIFF_EQUAL ? &kept : s[i].op == NPC_DIFF_INSERT ? &ins : &del) += len;
    }
    assert_int_equal(del, strlen("和"));
    assert_int_equal(ins, strlen("、和解释"));
    assert_int_equal(kept, strlen(a) - del);
    /* never inside a character: every span boundary starts a UTF-8 sequence */
    for (size_t i = 0; i < n; i++) {
        const char *t = s[i].op == NPC_DIFF_INSERT ? b : a;
        assert_true(((unsigned char)t[s[i].start] & 0xC0) != 0x80);
    }
    free(s);
}

static void test_chars_edges(void **state)
{
    (void)state;
    npc_diff_span *s = NULL;
    size_t n;
    npc_err err;
    assert_int_equal(npc_diff_chars("", 0, "新增", strlen("新增"), &s, &n, &err), NPC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].op, NPC_DIFF_INSERT);
    free(s);
    assert_int_equal(npc_diff_chars("相同", strlen("相同"), "相同", strlen("相同"), &s, &n, &err),
                     NPC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].op, NPC_DIFF_EQUAL);
    free(s);
}

static void test_chars_myers_classic(void **state)
{
    (void)state;
    const char *a = "abcabba", *b = "cbabac";
    npc_diff_span *s = NULL;
    size_t n;
    npc_err err;
    assert_int_equal(npc_diff_chars(a, strlen(a), b, strlen(b), &s, &n, &err), NPC_OK);
    check_spans(a, b, s, n);
    size_t edits = 0;
    for (size_t i = 0; i < n; i++) {
        edits += s[i].op != NPC_DIFF_EQUAL ? s[i].end - s[i].start : 0;
    }
    assert_int_equal(edits, 5); /* Myers' paper: D = 5 */
    free(s);
    assert_int_equal(npc_diff_chars("\xff", 1, "a", 1, &s, &n, &err), NPC_EUTF8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unchanged_and_changed),
        cmocka_unit_test(test_renumbered),
        cmocka_unit_test(test_removed_and_unlike),
        cmocka_unit_test(test_empty_versions),
        cmocka_unit_test(test_chars),
        cmocka_unit_test(test_chars_edges),
        cmocka_unit_test(test_chars_myers_classic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

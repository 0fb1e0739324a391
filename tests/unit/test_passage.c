/* test_passage.c — a long text cut into passages (indexer/passage.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "passage.h"
#include "text/fold.h"

static size_t chars(const char *s, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; n++) {
        npc_utf8_next(s, &i);
    }
    return n;
}

/* The passages cover [from, to) in order, without gaps, each valid UTF-8 and within max
 * characters (the last one within max * 5 / 4: a short tail joins it). */
static void assert_cover(const char *text, size_t from, size_t to, size_t max,
                         const npc_passages *ps)
{
    assert_true(ps->n >= 1);
    assert_int_equal(ps->p[0].start, from);
    assert_int_equal(ps->p[ps->n - 1].end, to);
    for (size_t j = 0; j < ps->n; j++) {
        const npc_passage *p = &ps->p[j];
        assert_true(p->start < p->end || from == to);
        if (j > 0) {
            assert_int_equal(p->start, ps->p[j - 1].end);
        }
        size_t bad;
        assert_true(npc_utf8_valid(text + p->start, p->end - p->start, &bad));
        assert_true(chars(text, p->start, p->end) <= (j + 1 < ps->n ? max : max * 5 / 4));
    }
}

/* n copies of unit joined into buf */
static void repeat(char *buf, size_t cap, const char *unit, int n)
{
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        strncat(buf, unit, cap - strlen(buf) - 1);
    }
}

static void test_short_text_is_one_passage(void **state)
{
    (void)state;
    const char *t = "一、总体要求\n坚持依法治理。\n";
    npc_passages ps = {0};
    assert_int_equal(npc_passages_cut(t, 0, strlen(t), 300, &ps, NULL), NPC_OK);
    assert_int_equal(ps.n, 1);
    assert_cover(t, 0, strlen(t), 300, &ps);
    npc_passages_release(&ps);
}

static void test_paragraphs_are_gathered(void **state)
{
    (void)state;
    /* 10 paragraphs of 40 characters (39 and the line break): three fit in 120 */
    char para[256], text[4096];
    repeat(para, sizeof para, "加强监督工作推进依法行政", 3); /* 36 characters */
    strcat(para, "完善制度\n");                               /* 41 with the break */
    repeat(text, sizeof text, para, 10);
    npc_passages ps = {0};
    assert_int_equal(npc_passages_cut(text, 0, strlen(text), 130, &ps, NULL), NPC_OK);
    assert_cover(text, 0, strlen(text), 130, &ps);
    assert_int_equal(ps.n, 4); /* 3, 3, 3 paragraphs and the last with them: 10 / 3 */
    for (size_t j = 0; j + 1 < ps.n; j++) {
        assert_int_equal(text[ps.p[j].end - 1], '\n'); /* cut between paragraphs */
    }
    npc_passages_release(&ps);
}

static void test_long_paragraph_cut_at_sentences(void **state)
{
    (void)state;
    char text[8192];
    repeat(text, sizeof text, "全年审查规范性文件十二件，纠正三件。", 30); /* 18 characters each */
    size_t len = strlen(text);
    npc_passages ps = {0};
    assert_int_equal(npc_passages_cut(text, 0, len, 100, &ps, NULL), NPC_OK);
    assert_cover(text, 0, len, 100, &ps);
    assert_true(ps.n >= 5);
    for (size_t j = 0; j + 1 < ps.n; j++) {
        assert_memory_equal(text + ps.p[j].end - 3, "。", 3); /* after a sentence end */
    }
    npc_passages_release(&ps);
}

static void test_endless_sentence_cut_at_max(void **state)
{
    (void)state;
    char text[8192];
    repeat(text, sizeof text, "立法", 350); /* 700 characters, no sentence end */
    size_t len = strlen(text);
    npc_passages ps = {0};
    assert_int_equal(npc_passages_cut(text, 0, len, 200, &ps, NULL), NPC_OK);
    assert_cover(text, 0, len, 200, &ps);
    assert_int_equal(ps.n, 4); /* 200, 200, 200 and the last 100 */
    npc_passages_release(&ps);
}

static void test_short_tail_joins(void **state)
{
    (void)state;
    char text[4096];
    repeat(text, sizeof text, "依法履行职责。\n", 26); /* 8 characters a paragraph: 208 */
    size_t len = strlen(text);
    npc_passages ps = {0};
    assert_int_equal(npc_passages_cut(text, 0, len, 100, &ps, NULL), NPC_OK);
    assert_cover(text, 0, len, 100, &ps);
    /* 96, 96 and a tail of 16 characters (under 25): joined to the second */
    assert_int_equal(ps.n, 2);
    assert_int_equal(chars(text, ps.p[1].start, ps.p[1].end), 112);
    npc_passages_release(&ps);
}

static void test_range_inside_text(void **state)
{
    (void)state;
    char text[4096] = "标题\n";
    size_t from = strlen(text);
    char body[4000];
    repeat(body, sizeof body, "推进全过程人民民主。\n", 40);
    strcat(text, body);
    size_t to = strlen(text) - 4; /* stops before the last 。 and line break */
    npc_passages ps = {0};
    assert_int_equal(npc_passages_cut(text, from, to, 60, &ps, NULL), NPC_OK);
    assert_cover(text, from, to, 60, &ps);
    npc_passages_release(&ps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_text_is_one_passage),
        cmocka_unit_test(test_paragraphs_are_gathered),
        cmocka_unit_test(test_long_paragraph_cut_at_sentences),
        cmocka_unit_test(test_endless_sentence_cut_at_max),
        cmocka_unit_test(test_short_tail_joins),
        cmocka_unit_test(test_range_inside_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

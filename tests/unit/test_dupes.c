/*
 * test_dupes.c — near-duplicate suggestions (lib/feedback/dupes.h) with the real analyzer: a
 * request reworded three ways is one group, two different requests on the same article are
 * not merged (nor with it), copies are found, groups are numbered largest first, and bad input
 * and thresholds are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "feedback/dupes.h"

typedef struct fixture {
    npc_lexicon *lx;
    npc_analyzer *a;
    npc_dupes *d;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    npc_err err;
    if (f == NULL || (f->lx = npc_test_lexicon()) == NULL ||
        npc_analyzer_new(f->lx, &f->a, &err) != NPC_OK ||
        npc_dupes_new(f->a, &f->d, &err) != NPC_OK) {
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    npc_dupes_free(f->d);
    npc_analyzer_free(f->a);
    npc_lexicon_free(f->lx);
    free(f);
    return 0;
}

/* One draft's suggestions: 0-3 one request on 第十二条 (the lead's length) as written and
 * reworded three ways; 4 and 5 two other requests on the same article; 6-9 other articles. */
static const char *const draft[] = {
    "建议将“携犬出户应当束犬链”修改为“携犬出户应当束牵引绳，牵引绳长度不超过1.5米”。",
    "建议明确牵引绳的长度上限，携犬出户时牵引绳长度不得超过1.5米。",
    "建议对携犬出户使用的牵引绳规定长度，不超过1.5米为宜，伸缩牵引绳不得放长使用。",
    "建议第十二条规定犬链或者牵引绳长度不超过1.5米，防止伸缩绳放得过长伤人。",
    "建议规定携犬人在电梯内应当怀抱犬只或者收紧牵引绳，并主动避让他人。",
    "建议规定未满十六周岁的未成年人不得单独携犬出户。",
    "建议明确犬只免疫证明的查验方式，由社区协助登记。",
    "建议对未及时清理犬只粪便的行为先予警告，再犯的处50元以上200元以下罚款。",
    "建议在禁止携犬进入的公共场所中增加“社区老年人日间照料中心、养老机构”。",
    "建议规定公安机关接到违法养犬投诉后应当在七个工作日内处理并反馈。",
};
#define NDRAFT (sizeof draft / sizeof *draft)

static void add_all(npc_dupes *d, const char *const *texts, size_t n)
{
    npc_err err;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(npc_dupes_add(d, texts[i], strlen(texts[i]), &err), NPC_OK);
    }
}

static void test_reworded_three_ways_is_one_group(void **state)
{
    fixture *f = *state;
    npc_err err;
    add_all(f->d, draft, NDRAFT);
    assert_int_equal(npc_dupes_group(f->d, NPC_DUPES_THRESHOLD, &err), NPC_OK);
    size_t g = npc_dupes_group_of(f->d, 0);
    for (size_t i = 1; i <= 3; i++) {
        assert_int_equal(npc_dupes_group_of(f->d, i), g);
    }
    assert_int_equal(npc_dupes_group_size(f->d, g), 4);
    assert_int_equal(g, 1); /* the largest group comes first */
}

static void test_different_requests_on_one_article_are_apart(void **state)
{
    fixture *f = *state;
    npc_err err;
    add_all(f->d, draft, NDRAFT);
    assert_int_equal(npc_dupes_group(f->d, NPC_DUPES_THRESHOLD, &err), NPC_OK);
    size_t lead = npc_dupes_group_of(f->d, 0);
    size_t lift = npc_dupes_group_of(f->d, 4), minors = npc_dupes_group_of(f->d, 5);
    assert_int_not_equal(lift, lead);
    assert_int_not_equal(minors, lead);
    assert_int_not_equal(lift, minors);
    /* every other suggestion alone: 1 group of 4 and 6 of one */
    assert_int_equal(npc_dupes_ngroups(f->d), 7);
    for (size_t i = 4; i < NDRAFT; i++) {
        assert_int_equal(npc_dupes_group_size(f->d, npc_dupes_group_of(f->d, i)), 1);
    }
    /* groups of one are numbered in the order of their suggestion */
    assert_int_equal(npc_dupes_group_of(f->d, 4), 2);
    assert_int_equal(npc_dupes_group_of(f->d, 9), 7);
}

static void test_similarity(void **state)
{
    fixture *f = *state;
    add_all(f->d, draft, NDRAFT);
    add_all(f->d, draft, 1); /* 10: an exact copy of 0 */
    double same = npc_dupes_similarity(f->d, 0, 10);
    assert_true(same > 0.999 && same <= 1.0);
    double reworded = npc_dupes_similarity(f->d, 0, 1);
    assert_true(reworded >= NPC_DUPES_THRESHOLD && reworded < 1.0);
    assert_true(npc_dupes_similarity(f->d, 1, 0) == reworded);
    assert_true(npc_dupes_similarity(f->d, 0, 4) < NPC_DUPES_THRESHOLD);
    assert_true(npc_dupes_similarity(f->d, 0, 99) == 0);
}

/* A copy that another contact point edited ("我们建议", a semicolon) is in the group. */
static void test_edited_copy(void **state)
{
    fixture *f = *state;
    npc_err err;
    const char *copy[] = {"我们建议明确犬只免疫证明的查验方式；由社区协助登记。"};
    add_all(f->d, draft, NDRAFT);
    add_all(f->d, copy, 1);
    assert_int_equal(npc_dupes_group(f->d, NPC_DUPES_THRESHOLD, &err), NPC_OK);
    assert_int_equal(npc_dupes_group_of(f->d, 10), npc_dupes_group_of(f->d, 6));
    assert_int_equal(npc_dupes_group_size(f->d, npc_dupes_group_of(f->d, 6)), 2);
}

/* A threshold of 1 groups exact copies only; a group can be recomputed after adding. */
static void test_threshold_and_regroup(void **state)
{
    fixture *f = *state;
    npc_err err;
    add_all(f->d, draft, 4);
    assert_int_equal(npc_dupes_group(f->d, 1.0, &err), NPC_OK);
    assert_int_equal(npc_dupes_ngroups(f->d), 4);
    add_all(f->d, draft, 1);
    assert_int_equal(npc_dupes_group(f->d, 1.0, &err), NPC_OK);
    assert_int_equal(npc_dupes_ngroups(f->d), 4);
    assert_int_equal(npc_dupes_group_of(f->d, 4), npc_dupes_group_of(f->d, 0));
    assert_int_equal(npc_dupes_group_of(f->d, 0), 1);
    assert_int_equal(npc_dupes_group(f->d, 0.0, &err), NPC_EINVAL);
    assert_int_equal(npc_dupes_group(f->d, 1.5, &err), NPC_EINVAL);
}

static void test_empty_and_bad_input(void **state)
{
    fixture *f = *state;
    npc_err err;
    assert_int_equal(npc_dupes_group(f->d, NPC_DUPES_THRESHOLD, &err), NPC_OK);
    assert_int_equal(npc_dupes_ngroups(f->d), 0);
    assert_int_equal(npc_dupes_add(f->d, "\xff\xfe", 2, &err), NPC_EUTF8);
    assert_int_equal(npc_dupes_count(f->d), 0);
    /* a suggestion of punctuation alone has no words: alike to nothing, a group of its own */
    assert_int_equal(npc_dupes_add(f->d, "。。", strlen("。。"), &err), NPC_OK);
    assert_int_equal(npc_dupes_add(f->d, "。。", strlen("。。"), &err), NPC_OK);
    assert_int_equal(npc_dupes_group(f->d, NPC_DUPES_THRESHOLD, &err), NPC_OK);
    assert_int_equal(npc_dupes_ngroups(f->d), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reworded_three_ways_is_one_group, setup, teardown),
        cmocka_unit_test_setup_teardown(test_different_requests_on_one_article_are_apart, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_similarity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edited_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threshold_and_regroup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_bad_input, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_eval.c — the ranking metrics of `npcsearch eval` (lib/learn/eval.h) on hand-computed cases.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "learn/eval.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static const char *const art33[] = {"law.md#33", "law-old.md#33"};
static const char *const art34[] = {"law.md#34"};

static void test_first_rank(void **state)
{
    (void)state;
    const char *ranked[] = {"law.md#33", "x.md#1"};
    npc_eval_item items[] = {{art33, 2}};
    npc_eval_scores s = npc_eval_score(ranked, 2, items, 1);
    NEAR(s.recall10, 1.0);
    NEAR(s.recall100, 1.0);
    NEAR(s.mrr10, 1.0);
    NEAR(s.ndcg10, 1.0);
}

static void test_equivalent_id_counts_once(void **state)
{
    (void)state;
    /* both versions of article 33 retrieved: the item is satisfied once, at rank 2 */
    const char *ranked[] = {"x.md#1", "law-old.md#33", "law.md#33", "law.md#34"};
    npc_eval_item items[] = {{art33, 2}, {art34, 1}};
    npc_eval_scores s = npc_eval_score(ranked, 4, items, 2);
    NEAR(s.recall10, 1.0);
    NEAR(s.mrr10, 0.5);
    /* gains at ranks 2 and 4; ideal at ranks 1 and 2 */
    double dcg = 1 / log2(3.0) + 1 / log2(5.0), idcg = 1 + 1 / log2(3.0);
    NEAR(s.ndcg10, dcg / idcg);
}

static void test_beyond_ten(void **state)
{
    (void)state;
    const char *ranked[20];
    for (int i = 0; i < 20; i++) {
        ranked[i] = "x.md#1";
    }
    ranked[14] = "law.md#34";
    npc_eval_item items[] = {{art33, 2}, {art34, 1}};
    npc_eval_scores s = npc_eval_score(ranked, 20, items, 2);
    NEAR(s.recall10, 0.0);
    NEAR(s.recall100, 0.5);
    NEAR(s.mrr10, 0.0);
    NEAR(s.ndcg10, 0.0);
}

static void test_nothing(void **state)
{
    (void)state;
    npc_eval_scores s = npc_eval_score(NULL, 0, NULL, 0);
    NEAR(s.recall10 + s.recall100 + s.mrr10 + s.ndcg10, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_rank),
        cmocka_unit_test(test_equivalent_id_counts_once),
        cmocka_unit_test(test_beyond_ten),
        cmocka_unit_test(test_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

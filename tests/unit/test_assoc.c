/*
 * test_assoc.c — the learning step of `npcsearch learn` (lib/learn/assoc.h) on a tiny hand-made set
 * of answered questions: an association it must find, ones it must not, the laws that answered
 * them, and the text format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/analyzer.h"
#include "learn/assoc.h"
#include "support.h"

typedef struct fixture {
    npc_lexicon *lx;
    npc_analyzer *a;
    npc_assoc *m;
} fixture;

static const char CHILD[] = "离婚后，不满两周岁的子女，以由母亲直接抚养为原则。";
static const char WAGE[] = "用人单位应当按时足额支付劳动报酬，不得克扣或者无故拖欠。";

/* Four questions on divorce answered by the custody article, four on wages by the pay
 * article; one wage question also says 离婚 once (a single co-occurrence: never learned). */
static const struct {
    const char *q, *answer, *law;
} PAIRS[] = {
    {"离婚以后孩子由谁抚养", CHILD, "民法典"},
    {"离婚了孩子跟谁", CHILD, "民法典"},
    {"协议离婚孩子归属怎么定", CHILD, "民法典"},
    {"离婚时两岁的孩子判给谁", CHILD, "民法典"},
    {"公司拖欠工资怎么办", WAGE, "劳动法"},
    {"老板不发工资可以告吗", WAGE, "劳动法"},
    {"工资被克扣怎么维权", WAGE, "劳动合同法"},
    {"离婚期间单位拖欠工资，妻子能领吗", WAGE, "劳动合同法"},
};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    npc_err err;
    f->lx = npc_test_lexicon();
    assert_non_null(f->lx);
    assert_int_equal(npc_analyzer_new(f->lx, &f->a, &err), NPC_OK);
    npc_assoc_learner *l = NULL;
    assert_int_equal(npc_assoc_learner_new(f->a, &l, &err), NPC_OK);
    for (size_t i = 0; i < sizeof PAIRS / sizeof *PAIRS; i++) {
        const char *ans[1] = {PAIRS[i].answer};
        size_t len[1] = {strlen(PAIRS[i].answer)};
        assert_int_equal(
            npc_assoc_learner_add(l, PAIRS[i].q, strlen(PAIRS[i].q), ans, len, 1, &err), NPC_OK);
        /* twice: a law and a document count once a question */
        char id[64];
        int il = snprintf(id, sizeof id, "laws/%s.md#1", PAIRS[i].law);
        for (int k = 0; k < 2; k++) {
            assert_int_equal(npc_assoc_learner_law(l, PAIRS[i].law, strlen(PAIRS[i].law), &err),
                             NPC_OK);
            assert_int_equal(npc_assoc_learner_doc(l, id, (size_t)il, &err), NPC_OK);
        }
    }
    assert_int_equal(npc_assoc_learner_count(l), 8);
    npc_assoc_params p = {.min_count = 3, .min_g2 = 3.84, .top_k = 20};
    assert_int_equal(npc_assoc_learn(l, &p, &f->m, &err), NPC_OK);
    npc_assoc_learner_free(l);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    npc_assoc_free(f->m);
    npc_analyzer_free(f->a);
    npc_lexicon_free(f->lx);
    free(f);
    return 0;
}

/* The weight of src -> dst in m, 0 when absent. */
static double weight(const npc_assoc *m, const char *src, const char *dst)
{
    const npc_assoc_target *t;
    size_t n = npc_assoc_lookup(m, src, strlen(src), &t);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].term, dst) == 0) {
            return t[i].weight;
        }
    }
    return 0;
}

static void test_finds_lay_to_legal(void **state)
{
    fixture *f = *state;
    /* 孩子 (lay) is in four custody questions and never in a wage question */
    assert_true(weight(f->m, "孩子", "抚养") > 0.99);
    assert_true(weight(f->m, "孩子", "子女") > 0.99);
    assert_true(weight(f->m, "工资", "劳动报酬") > 0.99);
    assert_int_equal(npc_assoc_questions(f->m), 8);
}

static void test_does_not_learn_chance(void **state)
{
    fixture *f = *state;
    /* 孩子 never meets the wage article; 离婚 meets it in one question only */
    assert_true(weight(f->m, "孩子", "劳动报酬") == 0);
    assert_true(weight(f->m, "离婚", "劳动报酬") == 0);
    /* a word is never its own target, and a word of every answer (none here) is no target */
    assert_true(weight(f->m, "离婚", "离婚") == 0);
    /* 妻子 occurs in one question only: it learns nothing */
    const npc_assoc_target *t;
    assert_int_equal(npc_assoc_lookup(f->m, "妻子", strlen("妻子"), &t), 0);
}

/* Laws and documents that answered at least min count (3) questions are kept, with their
 * count. */
static void test_law_prior(void **state)
{
    fixture *f = *state;
    const npc_assoc_count *laws = NULL, *docs = NULL;
    assert_int_equal(npc_assoc_laws(f->m, &laws), 1); /* 劳动法 and 劳动合同法: 2 each */
    assert_string_equal(laws[0].key, "民法典");
    assert_int_equal(laws[0].count, 4);
    assert_int_equal(npc_assoc_docs(f->m, &docs), 1);
    assert_string_equal(docs[0].key, "laws/民法典.md#1");
    assert_int_equal(docs[0].count, 4);
}

static void test_text_round_trip(void **state)
{
    fixture *f = *state;
    char *text = NULL;
    size_t len = 0;
    npc_err err;
    assert_int_equal(npc_assoc_serialize(f->m, &text, &len, &err), NPC_OK);
    npc_assoc *m2 = NULL;
    assert_int_equal(npc_assoc_load(text, len, &m2, &err), NPC_OK);
    assert_int_equal(npc_assoc_size(m2), npc_assoc_size(f->m));
    assert_true(weight(m2, "孩子", "抚养") > 0.99);
    assert_true(weight(m2, "孩子", "劳动报酬") == 0);
    const npc_assoc_count *laws = NULL;
    assert_int_equal(npc_assoc_laws(m2, &laws), 1);
    assert_string_equal(laws[0].key, "民法典");
    assert_int_equal(laws[0].count, 4);
    assert_int_equal(npc_assoc_docs(m2, &laws), 1);
    assert_string_equal(laws[0].key, "laws/民法典.md#1");
    assert_int_equal(laws[0].count, 4);
    assert_memory_equal(text, "npc.assoc 3 8\n", strlen("npc.assoc 3 8\n"));
    npc_assoc_free(m2);
    free(text);
    /* a model of format 2 (before the documents) still loads, with none */
    static const char v2[] = "npc.assoc 2 3\n=民法典\t4\n孩子\t抚养\t0.5\n";
    assert_int_equal(npc_assoc_load(v2, strlen(v2), &m2, &err), NPC_OK);
    assert_int_equal(npc_assoc_laws(m2, &laws), 1);
    assert_int_equal(npc_assoc_docs(m2, &laws), 0);
    npc_assoc_free(m2);
    /* a model of format 1 (before the laws) still loads, with none */
    static const char v1[] = "npc.assoc 1 3\n孩子\t抚养\t0.5\n";
    assert_int_equal(npc_assoc_load(v1, strlen(v1), &m2, &err), NPC_OK);
    assert_int_equal(npc_assoc_size(m2), 1);
    assert_int_equal(npc_assoc_laws(m2, &laws), 0);
    npc_assoc_free(m2);
}

static void test_bad_text(void **state)
{
    (void)state;
    npc_assoc *m = NULL;
    npc_err err;
    static const char *const bad[] = {"not a model\n",
                                      "npc.assoc 1 3\n孩子\n",
                                      "npc.assoc 1 3\n孩子\t抚养\n",
                                      "npc.assoc 1 3\n孩子\t抚养\t2.5\n",
                                      "npc.assoc 1 3\n孩子\t抚养\t0.5\n孩子\t子女\t0.5\n",
                                      "npc.assoc 2 3\n=民法典\n",
                                      "npc.assoc 2 3\n=民法典\t0\n",
                                      "npc.assoc 2 3\n=\t4\n",
                                      "npc.assoc 2 3\n=民法典\t4x\n",
                                      "npc.assoc 2 3\n=民法典\t4\n=民法典\t5\n",
                                      "npc.assoc 3 3\n+\t4\n",
                                      "npc.assoc 3 3\n+laws/a.md#1\t0\n",
                                      "npc.assoc 3 3\n+laws/a.md#1\n",
                                      "npc.assoc 3 3\n+laws/a.md#1\t2\n+laws/a.md#1\t3\n",
                                      "npc.assoc 4 3\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(npc_assoc_load(bad[i], strlen(bad[i]), &m, &err), NPC_EFORMAT);
        assert_null(m);
        assert_true(strlen(err.detail) > 0);
    }
    assert_int_equal(npc_assoc_load("", 0, &m, &err), NPC_OK);
    assert_int_equal(npc_assoc_size(m), 0);
    npc_assoc_free(m);
}

static void test_bad_params(void **state)
{
    fixture *f = *state;
    npc_assoc_learner *l = NULL;
    npc_assoc *m = NULL;
    npc_err err;
    assert_int_equal(npc_assoc_learner_new(f->a, &l, &err), NPC_OK);
    npc_assoc_params p = {.min_count = 1, .min_g2 = 0, .top_k = 5};
    assert_int_equal(npc_assoc_learn(l, &p, &m, &err), NPC_EINVAL);
    assert_null(m);
    npc_assoc_learner_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finds_lay_to_legal), cmocka_unit_test(test_does_not_learn_chance),
        cmocka_unit_test(test_law_prior),          cmocka_unit_test(test_text_round_trip),
        cmocka_unit_test(test_bad_text),           cmocka_unit_test(test_bad_params),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

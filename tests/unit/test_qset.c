/*
 * test_qset.c — question sets (lib/learn/qset.h): the JSONL reader over small files of
 * tests/data, and the split into folds with its "unseen answers".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "learn/qset.h"

static void data_path(char *buf, size_t cap, const char *name)
{
    const char *dir = getenv("NPC_TEST_DATA");
    snprintf(buf, cap, "%s/%s", dir ? dir : "tests/data", name);
}

/* A new set holding the questions of data file name (read as need asks). */
static npc_qset *read_set(const char *name, npc_qset_need need)
{
    char path[4096];
    data_path(path, sizeof path, name);
    npc_qset *qs = NULL;
    npc_err err;
    assert_int_equal(npc_qset_new(&qs, &err), NPC_OK);
    npc_status st = npc_qset_read(qs, path, need, &err);
    if (st != NPC_OK) {
        fail_msg("%s: %s", name, err.detail);
    }
    return qs;
}

static void assert_ids(const npc_eval_item *item, const char *const *want, size_t n)
{
    assert_int_equal(item->nids, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(item->ids[i], want[i]);
    }
}

static void test_reads_questions_in_order(void **state)
{
    (void)state;
    npc_qset *qs = read_set("qset-sample.jsonl", NPC_QSET_JUDGED);
    assert_int_equal(npc_qset_count(qs), 6); /* blank and white lines skipped */
    assert_string_equal(npc_qset_get(qs, 0)->query, "谁可以成为个体工商户？");
    assert_string_equal(npc_qset_get(qs, 3)->query, "个体工商户起字号");
    assert_string_equal(npc_qset_get(qs, 5)->query, "没有答案的问题");
    assert_int_equal(npc_qset_get(qs, 5)->nanswers, 0);
    npc_qset_free(qs);
}

static void test_answer_ids(void **state)
{
    (void)state;
    npc_qset *qs = read_set("qset-sample.jsonl", NPC_QSET_JUDGED);
    const npc_qset_question *q0 = npc_qset_get(qs, 0), *q1 = npc_qset_get(qs, 1);
    /* the article id first, then its equivalents */
    assert_int_equal(q0->nanswers, 1);
    assert_ids(&q0->answers[0], (const char *[]){"民法典/总则.md#54", "民法典/总则-旧.md#54"}, 2);
    assert_string_equal(q0->article_ids[0], "民法典/总则.md#54");
    /* an answer without an article id keeps its string equivalents only */
    assert_int_equal(q1->nanswers, 2);
    assert_ids(&q1->answers[0], (const char *[]){"民法典/合同编.md#563"}, 1);
    assert_ids(&q1->answers[1], (const char *[]){"民法典/合同编.md#562"}, 1);
    assert_string_equal(q1->article_ids[0], "民法典/合同编.md#563");
    assert_null(q1->article_ids[1]);
    /* no "equivalent_ids" at all */
    assert_ids(&npc_qset_get(qs, 3)->answers[0], (const char *[]){"民法典/总则-旧.md#54"}, 1);
    npc_qset_free(qs);
}

static void test_appends_files(void **state)
{
    (void)state;
    char path[4096];
    npc_err err;
    npc_qset *qs = read_set("qset-sample.jsonl", NPC_QSET_JUDGED);
    data_path(path, sizeof path, "qset-sample.jsonl");
    assert_int_equal(npc_qset_read(qs, path, NPC_QSET_JUDGED, &err), NPC_OK);
    assert_int_equal(npc_qset_count(qs), 12);
    assert_string_equal(npc_qset_get(qs, 6)->query, npc_qset_get(qs, 0)->query);
    npc_qset_free(qs);
}

/* A bad line fails the file, names it, and leaves the set as it was. */
static void test_bad_line(void **state)
{
    (void)state;
    char path[4096], want[4200];
    npc_err err;
    npc_qset *qs = read_set("qset-sample.jsonl", NPC_QSET_JUDGED);
    data_path(path, sizeof path, "qset-bad-json.jsonl");
    assert_int_equal(npc_qset_read(qs, path, NPC_QSET_JUDGED, &err), NPC_EFORMAT);
    snprintf(want, sizeof want, "%s line 3: ", path);
    assert_memory_equal(err.detail, want, strlen(want));
    assert_int_equal(npc_qset_count(qs), 6);
    npc_qset_free(qs);
}

static void test_judged_needs_answers(void **state)
{
    (void)state;
    char path[4096], want[4200];
    npc_err err;
    npc_qset *qs = NULL;
    assert_int_equal(npc_qset_new(&qs, &err), NPC_OK);
    data_path(path, sizeof path, "qset-queries-only.jsonl");
    assert_int_equal(npc_qset_read(qs, path, NPC_QSET_JUDGED, &err), NPC_EFORMAT);
    snprintf(want, sizeof want, "%s line 1: no \"query\" string and \"relevant\" array", path);
    assert_string_equal(err.detail, want);
    assert_int_equal(npc_qset_count(qs), 0);
    /* a benchmark needs the questions only */
    assert_int_equal(npc_qset_read(qs, path, NPC_QSET_QUERIES, &err), NPC_OK);
    assert_int_equal(npc_qset_count(qs), 2);
    assert_int_equal(npc_qset_get(qs, 0)->nanswers, 0);
    assert_int_equal(npc_qset_get(qs, 1)->nanswers, 1);
    npc_qset_free(qs);
}

static void test_missing_and_empty_files(void **state)
{
    (void)state;
    char path[4096], want[4200];
    npc_err err;
    npc_qset *qs = NULL;
    assert_int_equal(npc_qset_new(&qs, &err), NPC_OK);
    data_path(path, sizeof path, "qset-no-such-file.jsonl");
    assert_int_equal(npc_qset_read(qs, path, NPC_QSET_JUDGED, &err), NPC_EIO);
    snprintf(want, sizeof want, "cannot read %s: No such file or directory", path);
    assert_string_equal(err.detail, want);
    data_path(path, sizeof path, "qset-blank.jsonl");
    assert_int_equal(npc_qset_read(qs, path, NPC_QSET_QUERIES, &err), NPC_EEMPTY);
    snprintf(want, sizeof want, "%s holds no questions", path);
    assert_string_equal(err.detail, want);
    npc_qset_free(qs);
}

static void test_fold_split(void **state)
{
    (void)state;
    /* question i is held out in fold i % k and trains every other fold */
    for (size_t i = 0; i < 10; i++) {
        assert_true(npc_qset_trains(i, 0, 0));
        for (size_t f = 0; f < 3; f++) {
            assert_int_equal(npc_qset_trains(i, 3, f), i % 3 != f);
        }
    }
    size_t held_out[3] = {0};
    for (size_t i = 0; i < 10; i++) {
        for (size_t f = 0; f < 3; f++) {
            held_out[f] += !npc_qset_trains(i, 3, f);
        }
    }
    assert_int_equal(held_out[0], 4);
    assert_int_equal(held_out[1], 3);
    assert_int_equal(held_out[2], 3);
}

static void assert_unseen(const npc_qset *qs, size_t k, size_t fold, const unsigned char *want)
{
    unsigned char got[6];
    npc_err err;
    memset(got, 0xff, sizeof got);
    assert_int_equal(npc_qset_unseen(qs, k, fold, got, &err), NPC_OK);
    assert_memory_equal(got, want, sizeof got);
}

/*
 * The sample's answers overlap: 0 and 3 share 总则-旧.md#54 (an equivalent id of 0, the article
 * of 3), 1 and 4 share 合同编.md#563; 2 shares nothing, 5 has no answer (none of its answers is
 * seen, so it counts as unseen).
 */
static void test_unseen_answers(void **state)
{
    (void)state;
    npc_qset *qs = read_set("qset-sample.jsonl", NPC_QSET_JUDGED);
    /* 2 folds: 0, 2, 4 held out in fold 0; 1, 3, 5 in fold 1 */
    assert_unseen(qs, 2, 0, (const unsigned char[]){0, 0, 1, 0, 0, 0});
    assert_unseen(qs, 2, 1, (const unsigned char[]){0, 0, 0, 0, 0, 1});
    /* 3 folds: 0 and 3 held out together, so neither has seen the other's answer; 1 and 4
     * likewise */
    assert_unseen(qs, 3, 0, (const unsigned char[]){1, 0, 0, 1, 0, 0});
    assert_unseen(qs, 3, 1, (const unsigned char[]){0, 1, 0, 0, 1, 0});
    assert_unseen(qs, 3, 2, (const unsigned char[]){0, 0, 1, 0, 0, 1});
    npc_qset_free(qs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_questions_in_order),
        cmocka_unit_test(test_answer_ids),
        cmocka_unit_test(test_appends_files),
        cmocka_unit_test(test_bad_line),
        cmocka_unit_test(test_judged_needs_answers),
        cmocka_unit_test(test_missing_and_empty_files),
        cmocka_unit_test(test_fold_split),
        cmocka_unit_test(test_unseen_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

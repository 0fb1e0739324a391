/*
 * test_thesaurus.c — the lay-to-legal thesaurus (lib/text/thesaurus.h): the format and its
 * refusals, keys and targets through the analyzer, matching a text's words (a key of several
 * words only where they are adjacent), the terms a text gains, the built-in file, and the
 * query: a question gains the terms, a few typed words do not.
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

#include "query/query.h"
#include "text/thesaurus.h"

typedef struct fixture {
    npc_lexicon *lx;
    npc_analyzer *a;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    npc_err err;
    if (f == NULL || (f->lx = npc_test_lexicon()) == NULL ||
        npc_analyzer_new(f->lx, &f->a, &err) != NPC_OK) {
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    npc_analyzer_free(f->a);
    npc_lexicon_free(f->lx);
    free(f);
    return 0;
}

static const char sample[] = "# a comment, then a blank line\n"
                             "\n"
                             "婚姻家庭\t老公\t配偶,夫妻\n"
                             "劳动\t开除\t解除劳动合同,辞退\r\n"
                             "侵权\t被狗咬\t饲养动物\n"
                             "劳动\t老板\t用人单位\n"
                             "消费\t老板\t经营者\n";

static npc_thesaurus *load(fixture *f, const char *text)
{
    npc_thesaurus *th = NULL;
    npc_err err;
    npc_status st = npc_thesaurus_load(f->a, text, strlen(text), &th, &err);
    if (st != NPC_OK) {
        fprintf(stderr, "load: %s\n", err.detail);
    }
    assert_int_equal(st, NPC_OK);
    assert_non_null(th);
    return th;
}

/* The status of loading text, its detail into detail. */
static npc_status load_fails(fixture *f, const char *text, char *detail, size_t cap)
{
    npc_thesaurus *th = (npc_thesaurus *)1;
    npc_err err;
    npc_status st = npc_thesaurus_load(f->a, text, strlen(text), &th, &err);
    assert_null(th);
    snprintf(detail, cap, "%s", st == NPC_OK ? "" : err.detail);
    return st;
}

/* The hits of text, described as "KEY@DOMAIN[first-last] …" over the word tokens. */
static void hits_of(fixture *f, const npc_thesaurus *th, const char *text, char *out, size_t cap)
{
    npc_analysis an;
    npc_err err;
    assert_int_equal(npc_analyze(f->a, text, strlen(text), NPC_AN_BIGRAMS, &an, &err), NPC_OK);
    npc_thesaurus_hit hits[16];
    size_t n = npc_thesaurus_find(th, &an, an.ntokens, hits, 16);
    assert_true(n <= 16);
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        const npc_thesaurus_hit *h = &hits[i];
        assert_true(h->first <= h->last && h->last < an.ntokens);
        used += (size_t)snprintf(out + used, cap - used, "%s%s@%s[%.*s]", i ? " " : "",
                                 h->entry->key, h->entry->domain,
                                 (int)(an.tokens[h->last].end - an.tokens[h->first].start),
                                 text + an.tokens[h->first].start);
    }
}

static void test_entries(void **state)
{
    fixture *f = *state;
    npc_thesaurus *th = load(f, sample);
    assert_int_equal(npc_thesaurus_size(th), 5);
    const npc_thesaurus_entry *e = npc_thesaurus_entry_at(th, 0);
    assert_string_equal(e->domain, "婚姻家庭");
    assert_string_equal(e->key, "老公");
    assert_int_equal(e->line, 3);
    assert_int_equal(e->ntargets, 2);
    assert_string_equal(e->targets[1], "夫妻");
    /* the carriage return of a CRLF line is not part of its last target */
    e = npc_thesaurus_entry_at(th, 1);
    assert_string_equal(e->targets[1], "辞退");
    /* a target's terms are the analyzer's words: 解除劳动合同 is 解除 + 劳动合同 */
    assert_int_equal(e->nterms, 3);
    assert_string_equal(e->terms[0], "解除");
    assert_string_equal(e->terms[1], "劳动合同");
    assert_string_equal(e->terms[2], "辞退");
    assert_int_equal(e->term_bigram[0], 0);
    /* a key the analyzer splits keeps its words in order */
    e = npc_thesaurus_entry_at(th, 2);
    assert_true(e->nkwords >= 2);
    assert_null(npc_thesaurus_entry_at(th, 5));
    npc_thesaurus_free(th);
    npc_thesaurus_free(NULL);
}

static void test_find(void **state)
{
    fixture *f = *state;
    npc_thesaurus *th = load(f, sample);
    char got[512];
    hits_of(f, th, "我老公被开除了怎么办", got, sizeof got);
    assert_string_equal(got, "老公@婚姻家庭[老公] 开除@劳动[开除]");
    /* a key of several words matches as that sequence, and only where its words touch */
    hits_of(f, th, "邻居家被狗咬了", got, sizeof got);
    assert_string_equal(got, "被狗咬@侵权[被狗咬]");
    hits_of(f, th, "被，狗咬", got, sizeof got);
    assert_string_equal(got, "");
    /* a key on two lines (two domains) gives both */
    hits_of(f, th, "老板不给钱", got, sizeof got);
    assert_string_equal(got, "老板@劳动[老板] 老板@消费[老板]");
    /* only whole words: 公 of 公司 is not 老公 */
    hits_of(f, th, "公司章程", got, sizeof got);
    assert_string_equal(got, "");
    /* more hits than room: the count says so, max are written */
    npc_analysis an;
    npc_err err;
    const char *text = "老公老板";
    assert_int_equal(npc_analyze(f->a, text, strlen(text), 0, &an, &err), NPC_OK);
    npc_thesaurus_hit one[1];
    assert_int_equal(npc_thesaurus_find(th, &an, an.ntokens, one, 1), 3);
    assert_string_equal(one[0].entry->key, "老公");
    /* only the first ntokens tokens are read */
    assert_int_equal(npc_thesaurus_find(th, &an, 1, one, 1), 1);
    npc_thesaurus_free(th);
}

static void test_terms(void **state)
{
    fixture *f = *state;
    npc_thesaurus *th =
        load(f, "婚姻家庭\t老公\t配偶,夫妻\n婚姻家庭\t老婆\t夫妻,配偶,妻子\n劳动\t开除\t辞退\n");
    npc_analysis an;
    npc_err err;
    const char *text = "老公和老婆吵架";
    assert_int_equal(npc_analyze(f->a, text, strlen(text), NPC_AN_BIGRAMS, &an, &err), NPC_OK);
    const char *t[8];
    unsigned char bigram[8];
    /* each term once, in the order of the hits */
    size_t n = npc_thesaurus_terms(th, &an, an.ntokens, t, bigram, 8);
    assert_int_equal(n, 3);
    assert_string_equal(t[0], "配偶");
    assert_string_equal(t[1], "夫妻");
    assert_string_equal(t[2], "妻子");
    assert_int_equal(bigram[2], 0);
    assert_int_equal(npc_thesaurus_terms(th, &an, an.ntokens, t, bigram, 2), 2);
    npc_thesaurus_free(th);
}

static void test_refusals(void **state)
{
    fixture *f = *state;
    char d[NPC_ERR_DETAIL_MAX];
    assert_int_equal(load_fails(f, "婚姻家庭\t老公\n", d, sizeof d), NPC_EFORMAT);
    assert_non_null(strstr(d, "line 1"));
    assert_int_equal(load_fails(f, "# c\n婚姻家庭\t老公\t配偶\t夫妻\n", d, sizeof d), NPC_EFORMAT);
    assert_non_null(strstr(d, "line 2"));
    assert_int_equal(load_fails(f, "婚姻家庭\t老公\t配偶,,夫妻\n", d, sizeof d), NPC_EFORMAT);
    assert_non_null(strstr(d, "empty target"));
    assert_int_equal(load_fails(f, "婚姻家庭\t老公\t配偶,\n", d, sizeof d), NPC_EFORMAT);
    assert_int_equal(load_fails(f, "\t老公\t配偶\n", d, sizeof d), NPC_EFORMAT);
    assert_int_equal(load_fails(f, "婚姻家庭\t\t配偶\n", d, sizeof d), NPC_EFORMAT);
    /* a key of one character would match nearly every question */
    assert_int_equal(load_fails(f, "侵权\t狗\t饲养动物\n", d, sizeof d), NPC_EFORMAT);
    assert_non_null(strstr(d, "one character"));
    /* a target of one character gives no term */
    assert_int_equal(load_fails(f, "税收\t交税\t纳税,税\n", d, sizeof d), NPC_EFORMAT);
    assert_non_null(strstr(d, "税"));
    /* a key of punctuation gives no word */
    assert_int_equal(load_fails(f, "其他\t，。\t配偶\n", d, sizeof d), NPC_EFORMAT);
    assert_int_equal(load_fails(f, "婚姻家庭\t老\xff\t配偶\n", d, sizeof d), NPC_EUTF8);
    /* nothing but comments: an empty thesaurus, which matches nothing */
    npc_thesaurus *th = load(f, "# nothing\n\n");
    assert_int_equal(npc_thesaurus_size(th), 0);
    char got[64];
    hits_of(f, th, "老公", got, sizeof got);
    assert_string_equal(got, "");
    npc_thesaurus_free(th);
}

/* The built-in file parses, is thousands of mappings, and each gives terms. */
static void test_builtin(void **state)
{
    fixture *f = *state;
    size_t len;
    const char *text = npc_thesaurus_builtin(&len);
    assert_true(len > 0 && strlen(text) == len);
    npc_thesaurus *th = load(f, text);
    assert_true(npc_thesaurus_size(th) >= 2000);
    for (size_t i = 0; i < npc_thesaurus_size(th); i++) {
        const npc_thesaurus_entry *e = npc_thesaurus_entry_at(th, i);
        assert_true(e->nkwords > 0 && e->nterms > 0);
    }
    char got[512];
    hits_of(f, th, "房东", got, sizeof got);
    assert_non_null(strstr(got, "房东@租赁"));
    npc_thesaurus_free(th);
}

/* Xapian's description of the query of q parsed with th (no index). */
static char *described(fixture *f, const npc_thesaurus *th, const char *q)
{
    npc_query *pq = NULL;
    npc_err err;
    assert_int_equal(npc_query_parse_aided(f->a, NULL, &(npc_query_aids){.thesaurus = th}, q,
                                           strlen(q), &pq, &err),
                     NPC_OK);
    char *d = xc_query_describe(npc_query_xapian(pq));
    assert_non_null(d);
    npc_query_free(pq);
    return d;
}

static void test_query(void **state)
{
    fixture *f = *state;
    npc_thesaurus *th = load(f, sample);
    /* a question gains the terms, weighted below its own words */
    char *d = described(f, th, "老公被开除了怎么办");
    assert_non_null(strstr(d, "配偶"));
    assert_non_null(strstr(d, "劳动合同"));
    assert_non_null(strstr(d, " * 配偶")); /* OP_SCALE_WEIGHT: "0.5 * 配偶" */
    free(d);
    /* without the thesaurus it does not */
    d = described(f, NULL, "老公被开除了怎么办");
    assert_null(strstr(d, "配偶"));
    free(d);
    /* nor do a few typed words */
    d = described(f, th, "老公 开除");
    assert_null(strstr(d, "配偶"));
    free(d);
    /* a term the question already holds is not added again */
    d = described(f, th, "老公是不是配偶");
    assert_null(strstr(d, " * 配偶"));
    free(d);
    npc_thesaurus_free(th);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries), cmocka_unit_test(test_find),
        cmocka_unit_test(test_terms),   cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_builtin), cmocka_unit_test(test_query),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

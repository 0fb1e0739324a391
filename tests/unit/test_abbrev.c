/*
 * test_abbrev.c — abbreviations of law names (lib/index/abbrev.h): the rule of one character a
 * word, the curated table, the ambiguity check, and what a lexicon that gained them makes of
 * a citation or a title written short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "index/abbrev.h"
#include "index/cite.h"
#include "support.h"
#include "text/fold.h"

/* The abbreviation the rule gives key ("" for none). */
static const char *derive(const char *key)
{
    static char buf[64];
    npc_analyzer *plain = NULL;
    assert_int_equal(npc_analyzer_new(NULL, &plain, NULL), NPC_OK);
    size_t n = npc_abbrev_derive(plain, key, buf, sizeof buf);
    npc_analyzer_free(plain);
    assert_int_equal(n, strlen(buf) * (n > 0));
    return n ? buf : "";
}

static void test_rule(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"残疾人保障法", "残保法"}, /* 残疾|人: one word */
        {"民事诉讼法", "民诉法"},
        {"刑事诉讼法", "刑诉法"},
        {"未成年人保护法", "未保法"},
        {"环境保护法", "环保法"},
        {"国家安全法", "国安法"}, /* 国家安全, one word of two words */
        {"反家庭暴力法", "反家暴法"},
        {"物业管理条例", "物管条例"},
        {"预算法", ""}, /* one character before the ending */
        {"禁毒法", ""}, /* 禁|毒|法 is already as short */
        {"刑法", ""},
        {"民法典", ""}, /* no ending of its own */
        {"全国人民代表大会常务委员会关于加强法制宣传教育的决议", ""},
        {"中国人民解放军现役士兵服役条例", ""}, /* more than four characters */
        {"种子法（试行）", ""},
        {"2024年统计法", ""},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = derive(cases[i][0]);
        if (strcmp(got, cases[i][1]) != 0) {
            fail_msg("%s: \"%s\", expected \"%s\"", cases[i][0], got, cases[i][1]);
        }
    }
    char small[8];
    npc_analyzer *plain = NULL;
    assert_int_equal(npc_analyzer_new(NULL, &plain, NULL), NPC_OK);
    assert_int_equal(npc_abbrev_derive(plain, "残疾人保障法", small, sizeof small), 0);
    npc_analyzer_free(plain);
}

/* A lexicon of the vocabulary and the laws of keys[] (each its own title), abbreviations
 * added. */
static npc_lexicon *lexicon_of(const char *const *keys, size_t n)
{
    npc_lexicon *lx = NULL;
    size_t bl;
    const char *b = npc_lexicon_builtin(&bl);
    assert_int_equal(npc_lexicon_new(&lx, NULL), NPC_OK);
    assert_int_equal(npc_lexicon_load(lx, b, bl, NULL), NPC_OK);
    assert_int_equal(npc_lexicon_add_word(lx, "食安法", strlen("食安法"), NULL), NPC_OK);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(
            npc_lexicon_add_title(lx, keys[i], strlen(keys[i]), keys[i], strlen(keys[i]), NULL),
            NPC_OK);
    }
    assert_int_equal(npc_abbrev_add(lx, NULL), NPC_OK);
    return lx;
}

/* The key s names in lx: a title's key, "word" for a vocabulary word, "" for no entry. */
static const char *meaning(const npc_lexicon *lx, const char *s)
{
    npc_folded f = {0};
    assert_int_equal(npc_fold(s, strlen(s), &f, NULL), NPC_OK);
    int32_t title;
    size_t m = npc_lexicon_match(lx, f.u16, f.n, &title);
    size_t n = f.n;
    npc_folded_release(&f);
    return m != n ? "" : title < 0 ? "word" : npc_lexicon_title_key(lx, title);
}

static void test_added_to_a_lexicon(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "残疾人保障法",   "民事诉讼法", "个人信息保护法", "地下水管理条例", "地名管理条例",
        "道路交通安全法", "道德交易法", "食品安全法",     "防沙治沙法",     "传染病防治法",
    };
    npc_lexicon *lx = lexicon_of(keys, sizeof keys / sizeof *keys);
    assert_string_equal(meaning(lx, "残保法"), "残疾人保障法");
    assert_string_equal(meaning(lx, "民诉法"), "民事诉讼法");
    /* curated, and the derived one beside it */
    assert_string_equal(meaning(lx, "个保法"), "个人信息保护法");
    assert_string_equal(meaning(lx, "个信保法"), "个人信息保护法");
    /* two laws give 地管条例: neither gets it */
    assert_string_equal(derive("地下水管理条例"), "地管条例");
    assert_string_equal(derive("地名管理条例"), "地管条例");
    assert_string_equal(meaning(lx, "地管条例"), "");
    /* the curated 道交法 wins over 道德交易法's derived one */
    assert_string_equal(derive("道德交易法"), "道交法");
    assert_string_equal(meaning(lx, "道交法"), "道路交通安全法");
    /* 防沙治沙法 gives 防治法, the ending of 传染病防治法: not made */
    assert_string_equal(derive("防沙治沙法"), "防治法");
    assert_string_equal(meaning(lx, "防治法"), "");
    assert_string_equal(meaning(lx, "传防法"), "传染病防治法");
    /* an entry keeps its meaning */
    assert_string_equal(meaning(lx, "食安法"), "word");
    /* a curated abbreviation of a law the index lacks is not made */
    assert_string_equal(meaning(lx, "消保法"), "");
    /* once is enough: adding again changes nothing */
    size_t size = npc_lexicon_size(lx);
    assert_int_equal(npc_abbrev_add(lx, NULL), NPC_OK);
    assert_int_equal(npc_lexicon_size(lx), size);
    npc_lexicon_free(lx);
}

/* With the test lexicon (abbreviations added, as a searcher's), 残保法 is the law's title in
 * every way a citation reads it. */
static void test_citations_written_short(void **state)
{
    (void)state;
    npc_lexicon *lx = npc_test_lexicon();
    assert_non_null(lx);
    npc_analyzer *a = NULL;
    assert_int_equal(npc_analyzer_new(lx, &a, NULL), NPC_OK);
    static const char *const texts[] = {"残保法第33条", "《残保法》第三十三条", "第三十三条 残保法",
                                        "第33条残疾人保障法"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        npc_cite c;
        npc_err err;
        assert_int_equal(npc_cite_parse(a, texts[i], strlen(texts[i]), &c, &err), NPC_OK);
        assert_string_equal(c.key, "残疾人保障法");
        assert_int_equal(c.article, 33);
        assert_int_equal(c.known, 1);
    }
    npc_cite c;
    assert_int_equal(npc_cite_parse(a, "残保法", strlen("残保法"), &c, NULL), NPC_OK);
    assert_string_equal(c.key, "残疾人保障法");
    assert_int_equal(c.article, 0);
    npc_analyzer_free(a);
    npc_lexicon_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_added_to_a_lexicon),
        cmocka_unit_test(test_citations_written_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

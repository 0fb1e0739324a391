/*
 * test_suggest.c — lib/suggest: pinyin through ICU and typed pinyin (pinyin.h), the suggestion
 * table's stored form and its matching (suggest.h) over the test lexicon (support.h: 残疾人保障法,
 * 监督法 and their abbreviations), and "did you mean" (correct.h) asked about a real index of
 * the built-in corpus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../indexer/indexer.h"
#include "index/abbrev.h"
#include "index/schema.h"
#include "suggest/correct.h"
#include "support.h"
#include "tmpdir.h"
#include "xapian-c/xc.h"

static npc_pinyin *py;

static const char *pinyin_of(const char *text)
{
    static char buf[512];
    size_t n;
    assert_int_equal(npc_pinyin_of(py, text, strlen(text), buf, sizeof buf, &n, NULL), NPC_OK);
    assert_int_equal(n, strlen(buf));
    return buf;
}

static void pinyin_is_one_toneless_syllable_a_character(void **state)
{
    (void)state;
    assert_string_equal(pinyin_of("残疾人保障法"), "can ji ren bao zhang fa");
    assert_string_equal(pinyin_of("《中华人民共和国监督法》"),
                        "zhong hua ren min gong he guo jian du fa");
    assert_string_equal(pinyin_of("GDP增长2024年"), "gdp zeng zhang 2024 nian");
    assert_string_equal(pinyin_of("绿化"), "lu hua"); /* ü without its dots */
    assert_string_equal(pinyin_of(""), "");
    char small[8];
    size_t n;
    assert_int_equal(npc_pinyin_of(py, "残疾人保障法", 18, small, sizeof small, &n, NULL),
                     NPC_ETOOBIG);
    assert_int_equal(npc_pinyin_of(py, "\xff", 1, small, sizeof small, &n, NULL), NPC_EUTF8);
}

static void initials_and_joined(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(npc_pinyin_initials("can ji ren bao zhang fa", buf, sizeof buf), 6);
    assert_string_equal(buf, "cjrbzf");
    assert_int_equal(npc_pinyin_joined("can ji ren", buf, sizeof buf), 8);
    assert_string_equal(buf, "canjiren");
    assert_int_equal(npc_pinyin_joined("can ji ren", buf, 4), 0); /* does not fit */
}

static const char *typed(const char *q)
{
    static char buf[64];
    size_t n = 0;
    return npc_pinyin_typed(q, strlen(q), buf, sizeof buf, &n) ? buf : NULL;
}

static void typed_pinyin_drops_spaces_tones_and_marks(void **state)
{
    (void)state;
    assert_string_equal(typed("canjiren baozhang fa"), "canjirenbaozhangfa");
    assert_string_equal(typed("CanJiRen"), "canjiren");
    assert_string_equal(typed("cán jí rén"), "canjiren");
    assert_string_equal(typed("can2 ji2 ren2"), "canjiren");
    assert_string_equal(typed("xi'an"), "xian");
    assert_string_equal(typed("lvhua"), "luhua"); /* v for ü, as pinyin keyboards take it */
    assert_null(typed("残疾"));
    assert_null(typed("canji人"));
    assert_null(typed("2024")); /* a tone digit comes after a letter */
    assert_null(typed("a-b"));
    assert_null(typed("   "));
}

/* ---- the table ---------------------------------------------------------------------------- */

static npc_suggest *test_table(void)
{
    npc_lexicon *lx = npc_test_lexicon();
    assert_non_null(lx);
    char *dump = NULL;
    size_t len = 0;
    assert_int_equal(npc_suggest_dump(lx, py, &dump, &len, NULL), NPC_OK);
    assert_int_equal(strncmp(dump, "npc.suggest 1\n", 14), 0);
    assert_non_null(strstr(dump, "\nt\t残疾人保障法\t残疾人保障法\tcan ji ren bao zhang fa\n"));
    assert_non_null(strstr(dump, "\ns\t监督法\t各级人民代表大会常务委员会监督法\tjian du fa\n"));
    assert_non_null(strstr(dump, "\na\t残保法\t残疾人保障法\tcan bao fa\n"));
    npc_suggest *sg = NULL;
    assert_int_equal(npc_suggest_load(dump, len, &sg, NULL), NPC_OK);
    assert_int_equal(npc_suggest_size(sg), npc_lexicon_size(lx));
    free(dump);
    npc_lexicon_free(lx);
    return sg;
}

/* The texts of the first matches of q, "|"-joined. */
static const char *matches(const npc_suggest *sg, const char *q, size_t max)
{
    static char buf[2048];
    npc_suggest_hit h[16];
    size_t n = 0;
    assert_int_equal(npc_suggest_match(sg, q, strlen(q), h, max, &n, NULL), NPC_OK);
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        strcat(buf, k ? "|" : "");
        strcat(buf, npc_suggest_get(sg, h[k].entry)->text);
    }
    return buf;
}

static void suggestions_by_text_pinyin_and_initials(void **state)
{
    (void)state;
    npc_suggest *sg = test_table();
    /* one suggestion a law: its key, not also its full title */
    assert_string_equal(matches(sg, "残疾", 3), "残疾人|残疾人保障法");
    assert_string_equal(matches(sg, "残保", 3), "残保法");
    assert_string_equal(matches(sg, "cjrbzf", 3), "残疾人保障法");
    assert_string_equal(matches(sg, "canjiren baozhang fa", 3), "残疾人保障法");
    assert_string_equal(matches(sg, "cán jí", 3), "残疾人|残疾人保障法");
    assert_string_equal(matches(sg, "監督", 3), "监督法|人民监督员"); /* traditional, folded */
    /* a prefix first, then what contains it, shorter first */
    assert_string_equal(matches(sg, "保障法", 3), "残疾人保障法");
    assert_string_equal(matches(sg, "监督法", 3), "监督法");
    assert_string_equal(matches(sg, "人民代表大会", 2), "人民代表大会|人民代表大会常务委员会");
    assert_string_equal(matches(sg, "xqzvbk", 3), "");
    assert_string_equal(matches(sg, "   ", 3), "");
    npc_suggest_hit h[2];
    size_t n = 9;
    assert_int_equal(npc_suggest_match(sg, "\xff", 1, h, 2, &n, NULL), NPC_EUTF8);
    assert_int_equal(n, 0);
    npc_suggest_free(sg);
}

static void homophones_and_readings(void **state)
{
    (void)state;
    npc_suggest *sg = test_table();
    size_t out[4];
    assert_int_equal(npc_suggest_homophones(sg, "can ji ren bao zhang fa", out, 4), 1);
    assert_string_equal(npc_suggest_get(sg, out[0])->text, "残疾人保障法");
    assert_int_equal(npc_suggest_homophones(sg, "canji ren bao zhang fa", out, 4), 0);
    assert_int_equal(npc_suggest_reading(sg, "jiandufa", out, 4), 1);
    assert_string_equal(npc_suggest_get(sg, out[0])->key, "各级人民代表大会常务委员会监督法");
    assert_int_equal(npc_suggest_reading(sg, "jiandu", out, 4), 0);
    npc_suggest_free(sg);
}

static void bad_tables_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "npc.suggest 2\n",
        "npc.suggest 1\nt\t残疾人保障法\n",
        "npc.suggest 1\nx\t残疾人保障法\t残疾人保障法\tcan\n",
        "npc.suggest 1\nw\t残疾\t残疾人保障法\tcan ji\n", /* a word has no law */
        "npc.suggest 1\nt\t残疾人保障法\t\tcan\n",        /* a title has one */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        npc_suggest *sg = (npc_suggest *)1;
        npc_err err;
        assert_int_equal(npc_suggest_load(bad[i], strlen(bad[i]), &sg, &err), NPC_EFORMAT);
        assert_null(sg);
    }
    npc_suggest *sg = NULL;
    assert_int_equal(npc_suggest_load("", 0, &sg, NULL), NPC_OK); /* an index before tables */
    assert_int_equal(npc_suggest_size(sg), 0);
    assert_string_equal(matches(sg, "残疾", 3), "");
    npc_suggest_free(sg);
}

/* ---- did you mean, over a real index of corpus/ -------------------------------------------- */

static char index_dir[] = "/tmp/npc-test-suggest-index-XXXXXX";
static xc_db *db;
static npc_suggest *corpus_table;
static npc_lexicon *corpus_lexicon;
static npc_analyzer *corpus_analyzer;

static int build_index(void **state)
{
    (void)state;
    const char *src = getenv("NPC_SOURCE_DIR");
    if (npc_pinyin_open(&py, NULL) != NPC_OK || src == NULL || mkdtemp(index_dir) == NULL) {
        return -1;
    }
    char corpus[4096];
    snprintf(corpus, sizeof corpus, "%s/corpus", src);
    const char *roots[] = {corpus};
    FILE *log = fopen("/dev/null", "w");
    npc_index_opts o = {.db = index_dir, .roots = roots, .nroots = 1, .log = log};
    npc_index_stats st;
    char *text = NULL;
    size_t len = 0;
    int ok = npc_index_run(&o, &st, NULL) == NPC_OK && xc_db_open(index_dir, &db, NULL) == NPC_OK &&
             xc_db_metadata(db, NPC_META_SUGGEST, &text, &len, NULL) == NPC_OK &&
             npc_suggest_load(text, len, &corpus_table, NULL) == NPC_OK;
    free(text);
    text = NULL; /* the analyzer of a searcher of it: the index's lexicon, abbreviations added */
    ok = ok && xc_db_metadata(db, NPC_META_LEXICON, &text, &len, NULL) == NPC_OK &&
         npc_lexicon_new(&corpus_lexicon, NULL) == NPC_OK &&
         npc_lexicon_load(corpus_lexicon, text, len, NULL) == NPC_OK &&
         npc_abbrev_add(corpus_lexicon, NULL) == NPC_OK &&
         npc_analyzer_new(corpus_lexicon, &corpus_analyzer, NULL) == NPC_OK;
    free(text);
    fclose(log);
    return ok ? 0 : -1;
}

static int remove_index(void **state)
{
    (void)state;
    npc_suggest_free(corpus_table);
    npc_analyzer_free(corpus_analyzer);
    npc_lexicon_free(corpus_lexicon);
    xc_db_close(db);
    npc_pinyin_close(py);
    return npc_test_rmtree(index_dir) == 0 ? 0 : -1;
}

/* The index's document frequency of a word, a bigram or a law (its XL term). */
static uint32_t freq(void *ctx, enum npc_freq_of of, const char *s, size_t len)
{
    (void)ctx;
    char term[256];
    const char *prefix = of == NPC_FREQ_BIGRAM ? NPC_P_BIGRAM : of == NPC_FREQ_LAW ? NPC_P_LAW : "";
    size_t n = npc_term(term, sizeof term, prefix, s, len);
    uint32_t tf = 0;
    return n && xc_db_termfreq(db, term, n, &tf, NULL) == NPC_OK ? tf : 0;
}

/* The correction of q ("" for none) and its kind. */
static const char *corrected(const char *q, enum npc_correct_kind *kind)
{
    static char buf[1024];
    char *out = NULL;
    assert_int_equal(
        npc_correct(corpus_table, py, corpus_analyzer, q, strlen(q), freq, NULL, &out, kind, NULL),
        NPC_OK);
    snprintf(buf, sizeof buf, "%s", out ? out : "");
    assert_true((out == NULL) == (*kind == NPC_CORRECT_NONE));
    free(out);
    return buf;
}

static void homophone_typos_become_the_entry(void **state)
{
    (void)state;
    enum npc_correct_kind k;
    /* 充电 typed 冲电: same pinyin, and 放冲, 冲电 are in no document */
    assert_string_equal(corrected("示范市电动自行车停放冲电管理规定", &k),
                        "示范市电动自行车停放充电管理规定");
    assert_int_equal(k, NPC_CORRECT_HOMOPHONE);
    assert_string_equal(npc_correct_kind_name(k), "homophone");
    /* the span alone, the rest of the query kept */
    assert_string_equal(corrected("基层立法连系点 意见", &k), "基层立法联系点 意见");
    assert_int_equal(k, NPC_CORRECT_HOMOPHONE);
}

static void one_character_off_becomes_the_entry(void **state)
{
    (void)state;
    enum npc_correct_kind k;
    /* 联系 typed 联纪: not the same pinyin, one character off */
    assert_string_equal(corrected("示范市基层立法联纪点工作条例", &k),
                        "示范市基层立法联系点工作条例");
    assert_int_equal(k, NPC_CORRECT_NEAR);
}

static void pinyin_is_read_as_chinese(void **state)
{
    (void)state;
    enum npc_correct_kind k;
    assert_string_equal(corrected("jiceng lifa lianxidian", &k), "基层立法联系点");
    assert_int_equal(k, NPC_CORRECT_PINYIN);
    assert_string_equal(corrected("jicenglifalianxidian", &k), "基层立法联系点");
    /* no entry reads as all of it: one a word */
    assert_string_equal(corrected("jicenglifalianxidian changwuweiyuanhui", &k),
                        "基层立法联系点 常务委员会");
    assert_string_equal(corrected("jicenglifalianxidian xuanbo", &k), ""); /* or none */
}

static void correct_and_random_queries_get_none(void **state)
{
    (void)state;
    static const char *const none[] = {
        "示范市电动自行车停放充电管理规定",
        "基层立法联系点",
        "电动自行车 充电",
        "养犬 意见",
        "xuanbo qiaomu lenggu",
        "zhqx",
        "gdp",
        "",
        "第十二条",
        "示范市河湖冲电", /* no entry reads so */
    };
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        enum npc_correct_kind k;
        assert_string_equal(corrected(none[i], &k), "");
        assert_int_equal(k, NPC_CORRECT_NONE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pinyin_is_one_toneless_syllable_a_character),
        cmocka_unit_test(initials_and_joined),
        cmocka_unit_test(typed_pinyin_drops_spaces_tones_and_marks),
        cmocka_unit_test(suggestions_by_text_pinyin_and_initials),
        cmocka_unit_test(homophones_and_readings),
        cmocka_unit_test(bad_tables_are_refused),
        cmocka_unit_test(homophone_typos_become_the_entry),
        cmocka_unit_test(one_character_off_becomes_the_entry),
        cmocka_unit_test(pinyin_is_read_as_chinese),
        cmocka_unit_test(correct_and_random_queries_get_none),
    };
    return cmocka_run_group_tests(tests, build_index, remove_index);
}

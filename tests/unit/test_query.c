/*
 * test_query.c — the query syntax (lib/query/query.h): free text, citations and pins, phrases
 * (their terms, and what they match in a text indexed as the indexer indexes it), OR,
 * exclusions, and the refusals.  The Xapian query is checked through xc_query_describe,
 * Xapian's own description of it.
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
#include <unistd.h>

#include "../../indexer/docbuild.h"
#include "learn/cited.h"
#include "query/query.h"
#include "tmpdir.h"

/* ---- fixture ------------------------------------------------------------------------------ */

typedef struct fixture {
    npc_lexicon *lx;
    npc_analyzer *a;
    char dir[64]; /* a scratch database for the texts phrases are matched against */
    char db[96];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    npc_err err;
    if (f == NULL || (f->lx = npc_test_lexicon()) == NULL) {
        free(f);
        return -1;
    }
    if (npc_analyzer_new(f->lx, &f->a, &err) != NPC_OK) {
        return -1;
    }
    strcpy(f->dir, "/tmp/test_query.XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = npc_test_rmtree(f->dir);
    npc_analyzer_free(f->a);
    npc_lexicon_free(f->lx);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* ---- helpers ------------------------------------------------------------------------------ */

static npc_query *parse_ok(fixture *f, const char *text)
{
    npc_query *q = NULL;
    npc_err err;
    npc_status st = npc_query_parse(f->a, NULL, text, strlen(text), &q, &err);
    if (st != NPC_OK) {
        fail_msg("parsing \"%s\": %s (%s)", text, npc_status_name(st), err.detail);
    }
    assert_non_null(q);
    assert_non_null(npc_query_xapian(q));
    return q;
}

static void parse_fails(fixture *f, const char *text, size_t len, npc_status want)
{
    npc_query *q = (npc_query *)&q; /* anything but NULL */
    npc_err err;
    npc_status st = npc_query_parse(f->a, NULL, text, len, &q, &err);
    if (st != want) {
        fail_msg("parsing \"%.*s\": %s, expected %s", (int)(len < 80 ? len : 80), text,
                 npc_status_name(st), npc_status_name(want));
    }
    assert_int_equal(err.code, want);
    assert_null(q);
}

/* Xapian's description of the main query (or of the pins), in a static buffer. */
static const char *describe(const xc_query *x)
{
    static char buf[8192];
    assert_non_null(x);
    char *d = xc_query_describe(x);
    assert_non_null(d);
    snprintf(buf, sizeof buf, "%s", d);
    free(d);
    return buf;
}

#define assert_contains(hay, needle)                                                               \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (strstr(h_, n_) == NULL) {                                                              \
            fail_msg("\"%s\" does not contain \"%s\"", h_, n_);                                    \
        }                                                                                          \
    } while (0)

#define assert_lacks(hay, needle)                                                                  \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (strstr(h_, n_) != NULL) {                                                              \
            fail_msg("\"%s\" contains \"%s\"", h_, n_);                                            \
        }                                                                                          \
    } while (0)

static int has(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i], s) == 0) {
            return 1;
        }
    }
    return 0;
}

/* 1 when q matches the one document of a fresh database whose title is title (NULL for none)
 * and whose text is text, indexed as the indexer indexes them (docbuild.h). */
static int fields_match(fixture *f, const npc_query *q, const char *title, const char *text)
{
    xc_wdb *w = NULL;
    xc_doc *d = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    npc_err err;
    npc_status st = xc_wdb_open(f->db, XC_WDB_CREATE_OR_OVERWRITE, &w, &err);
    if (st == NPC_OK) {
        st = xc_doc_new(&d, &err);
    }
    if (st == NPC_OK) {
        st = xc_doc_add_boolean_term(d, "Qt", 2, &err);
    }
    if (st == NPC_OK && title != NULL) {
        st = npc_doc_add_field(f->a, &d, 1, title, strlen(title), 1, NPC_POS_TITLE, &err);
    }
    if (st == NPC_OK) {
        st = npc_doc_add_field(f->a, &d, 1, text, strlen(text), 1, NPC_POS_TEXT, &err);
    }
    if (st == NPC_OK) {
        st = xc_wdb_replace(w, "Qt", 2, d, &err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_new(xc_wdb_reader(w), &e, &err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, npc_query_xapian(q), &err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, 10, 0, &m, &err);
    }
    int n = st == NPC_OK ? (int)xc_mset_size(m) : -1;
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_doc_free(d);
    xc_wdb_abandon(w);
    if (st != NPC_OK) {
        fail_msg("matching against \"%s\": %s (%s)", text, npc_status_name(st), err.detail);
    }
    return n;
}

static int phrases_match(fixture *f, const npc_query *q, const char *text)
{
    return fields_match(f, q, NULL, text);
}

/* The matches of query, parsed with the database it runs on (phrases weighed by the cached
 * scorer), among documents whose texts are texts[0..n): bit i set when texts[i] matches. */
static unsigned db_matches(fixture *f, const char *query, const char *const *texts, size_t n)
{
    xc_wdb *w = NULL;
    npc_err err;
    npc_status st = xc_wdb_open(f->db, XC_WDB_CREATE_OR_OVERWRITE, &w, &err);
    for (size_t i = 0; st == NPC_OK && i < n; i++) {
        char id[16];
        int l = snprintf(id, sizeof id, "Q%zu", i);
        xc_doc *d = NULL;
        st = xc_doc_new(&d, &err);
        if (st == NPC_OK) {
            st = xc_doc_add_boolean_term(d, id, (size_t)l, &err);
        }
        if (st == NPC_OK) {
            st = npc_doc_add_field(f->a, &d, 1, texts[i], strlen(texts[i]), 1, NPC_POS_TEXT, &err);
        }
        if (st == NPC_OK) {
            st = xc_doc_set_data(d, id + 1, strlen(id + 1), &err);
        }
        if (st == NPC_OK) {
            st = xc_wdb_replace(w, id, (size_t)l, d, &err);
        }
        xc_doc_free(d);
    }
    npc_query *q = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    if (st == NPC_OK) {
        st = npc_query_parse(f->a, xc_wdb_reader(w), query, strlen(query), &q, &err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_new(xc_wdb_reader(w), &e, &err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, npc_query_xapian(q), &err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, 32, 0, &m, &err);
    }
    unsigned bits = 0;
    for (uint32_t k = 0; st == NPC_OK && k < xc_mset_size(m); k++) {
        char *data = NULL;
        st = xc_mset_doc_data(m, k, &data, NULL, &err);
        bits |= st == NPC_OK ? 1u << atoi(data) : 0;
        free(data);
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    npc_query_free(q);
    xc_wdb_abandon(w);
    if (st != NPC_OK) {
        fail_msg("matching %s: %s (%s)", query, npc_status_name(st), err.detail);
    }
    return bits;
}

/* Asserts the query holds exactly one citation, {key, article, sub}. */
static void assert_one_citation(const npc_query *q, const char *key, uint32_t article, uint32_t sub)
{
    const npc_citation *c = NULL;
    assert_int_equal(npc_query_citations(q, &c), 1);
    assert_string_equal(c[0].law_key, key);
    assert_int_equal(c[0].article, article);
    assert_int_equal(c[0].sub, sub);
}

/* ---- free text ---------------------------------------------------------------------------- */

static void test_free_text(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "残疾人就业");
    const char *d = describe(npc_query_xapian(q));
    assert_contains(d, "残疾人");
    assert_contains(d, "就业");
    assert_contains(d, "XB残疾");
    assert_contains(d, "XB疾人");
    assert_contains(d, "XB人就");
    assert_contains(d, "XB就业");
    assert_contains(d, " OR ");
    assert_lacks(d, " AND ");
    /* 就业 is also its own bigram: the bigram stands for both, weighted twice */
    assert_contains(d, "2 * XB就业");
    assert_lacks(d, "(就业");
    assert_lacks(d, " 就业");

    const char *const *w;
    assert_int_equal(npc_query_words(q, &w), 2);
    assert_true(has(w, 2, "残疾人"));
    assert_true(has(w, 2, "就业"));
    const char *const *b;
    size_t nb = npc_query_bigrams(q, &b);
    assert_int_equal(nb, 4);
    assert_true(has(b, nb, "残疾") && has(b, nb, "疾人") && has(b, nb, "人就") &&
                has(b, nb, "就业"));
    assert_false(has(b, nb, "XB残疾")); /* the marking lists are unprefixed */

    const npc_citation *c;
    assert_int_equal(npc_query_citations(q, &c), 0);
    assert_null(npc_query_pins(q));
    assert_false(npc_query_has_phrases(q));
    npc_query_free(q);
}

static void test_free_text_folded(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "殘疾人就業 ＧＤＰ 2024");
    const char *const *w;
    size_t nw = npc_query_words(q, &w);
    assert_true(has(w, nw, "残疾人"));
    assert_true(has(w, nw, "就业"));
    assert_true(has(w, nw, "gdp"));
    assert_true(has(w, nw, "2024"));
    const char *d = describe(npc_query_xapian(q));
    assert_contains(d, "gdp");
    assert_lacks(d, "GDP");
    assert_lacks(d, "殘");
    npc_query_free(q);
}

/* A question is told from a few typed words by an interrogative or by its length. */
static void test_question_or_keywords(void **state)
{
    fixture *f = *state;
    static const char *const keywords[] = {"残疾人 就业", "养犬 管理 条例", "残疾人就业保障",
                                           "劳动合同 解除 经济补偿"};
    static const char *const questions[] = {
        "残疾人就业有什么保障", "公司不签劳动合同怎么办", "拖欠工资可以去哪里投诉吗",
        "单位在试用期内以不符合录用条件为由解除劳动合同并且没有支付任何经济补偿"};
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++) {
        npc_query *q = parse_ok(f, keywords[i]);
        if (npc_query_is_question(q)) {
            fail_msg("\"%s\" taken for a question", keywords[i]);
        }
        npc_query_free(q);
    }
    for (size_t i = 0; i < sizeof questions / sizeof *questions; i++) {
        npc_query *q = parse_ok(f, questions[i]);
        if (!npc_query_is_question(q)) {
            fail_msg("\"%s\" not taken for a question", questions[i]);
        }
        npc_query_free(q);
    }
}

static void test_numbering_without_title(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "第三十三条");
    const char *const *w;
    assert_int_equal(npc_query_words(q, &w), 1);
    assert_string_equal(w[0], "第33条");
    const npc_citation *c;
    assert_int_equal(npc_query_citations(q, &c), 0);
    assert_null(npc_query_pins(q));
    npc_query_free(q);
}

/* ---- citations and pins ------------------------------------------------------------------- */

static void test_citation_short_title(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "残疾人保障法第33条");
    assert_one_citation(q, "残疾人保障法", 33, 0);
    const char *p = describe(npc_query_pins(q));
    assert_contains(p, "XL残疾人保障法");
    assert_contains(p, "XA33");
    assert_contains(p, "XTarticle");
    const char *d = describe(npc_query_xapian(q));
    assert_contains(d, "残疾人保障法");
    assert_contains(d, "第33条");
    npc_query_free(q);
}

static void test_citation_full_title(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "《中华人民共和国残疾人保障法》第三十三条");
    assert_one_citation(q, "残疾人保障法", 33, 0);
    assert_contains(describe(npc_query_pins(q)), "XA33");
    npc_query_free(q);
    /* in traditional characters, with full-width digits */
    q = parse_ok(f, "《中華人民共和國殘疾人保障法》第３３條");
    assert_one_citation(q, "残疾人保障法", 33, 0);
    npc_query_free(q);
}

static void test_citation_alias(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "监督法第十条");
    assert_one_citation(q, "各级人民代表大会常务委员会监督法", 10, 0);
    assert_contains(describe(npc_query_pins(q)), "XL各级人民代表大会常务委员会监督法");
    npc_query_free(q);
}

static void test_citation_sub_article(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "残疾人保障法第十二条之一");
    assert_one_citation(q, "残疾人保障法", 12, 1);
    assert_contains(describe(npc_query_pins(q)), "XA12-1");
    npc_query_free(q);
}

static void test_two_citations(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "残疾人保障法第33条 监督法第十条 就业");
    const npc_citation *c;
    assert_int_equal(npc_query_citations(q, &c), 2);
    assert_string_equal(c[0].law_key, "残疾人保障法");
    assert_int_equal(c[0].article, 33);
    assert_string_equal(c[1].law_key, "各级人民代表大会常务委员会监督法");
    assert_int_equal(c[1].article, 10);
    const char *p = describe(npc_query_pins(q));
    assert_contains(p, "XA33");
    assert_contains(p, "XA10");
    npc_query_free(q);
}

/* A query that is only a title pins the whole law, with no citation. */
/* An abbreviation (index/abbrev.h) and the article written first pin what the usual
 * citation pins. */
static void test_citation_abbreviated_or_reversed(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "残疾人保障法第33条");
    char *want = strdup(describe(npc_query_pins(q)));
    npc_query_free(q);
    static const char *const forms[] = {"残保法第33条", "第33条 残疾人保障法", "第三十三条 残保法",
                                        "《残保法》第三十三条"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        q = parse_ok(f, forms[i]);
        assert_one_citation(q, "残疾人保障法", 33, 0);
        assert_string_equal(describe(npc_query_pins(q)), want);
        npc_query_free(q);
    }
    free(want);
    /* the abbreviation alone: the law */
    q = parse_ok(f, "残保法");
    const char *p = describe(npc_query_pins(q));
    assert_contains(p, "XL残疾人保障法");
    assert_contains(p, "XTlaw");
    npc_query_free(q);
}

static void test_bare_title(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "残疾人保障法");
    const npc_citation *c;
    assert_int_equal(npc_query_citations(q, &c), 0);
    const char *p = describe(npc_query_pins(q));
    assert_contains(p, "XL残疾人保障法");
    assert_contains(p, "XTlaw");
    assert_lacks(p, "XA");
    npc_query_free(q);
    /* a title among other words pins nothing */
    q = parse_ok(f, "残疾人保障法 就业");
    assert_null(npc_query_pins(q));
    npc_query_free(q);
}

/* ---- phrases ------------------------------------------------------------------------------ */

/* The bigrams that are whole query words, for the snippet: two-character words, and runs of
 * exactly two one-character words side by side (养|犬), free or in a phrase; never the bigram
 * across two words, nor a pair inside a longer run of single characters. */
static void test_pair_words(void **state)
{
    fixture *f = *state;
    const char *const *p;
    npc_query *q = parse_ok(f, "养犬");
    assert_int_equal(npc_query_pair_words(q, &p), 1);
    assert_string_equal(p[0], "养犬");
    npc_query_free(q);
    q = parse_ok(f, "加强養犬管理 残疾人就业");
    size_t n = npc_query_pair_words(q, &p);
    assert_true(has(p, n, "养犬") && has(p, n, "加强") && has(p, n, "管理") && has(p, n, "就业"));
    assert_false(has(p, n, "强养") || has(p, n, "犬管") || has(p, n, "人就"));
    assert_int_equal(n, 4);
    npc_query_free(q);
    q = parse_ok(f, "\"养犬\" 我养犬");
    n = npc_query_pair_words(q, &p);
    assert_int_equal(n, 1); /* 我|养|犬 is a run of three */
    assert_string_equal(p[0], "养犬");
    npc_query_free(q);
    q = parse_ok(f, "养 犬");
    assert_int_equal(npc_query_pair_words(q, &p), 0); /* apart, not a word */
    npc_query_free(q);
}

/* The terms of a phrase, at consecutive positions (phrase.c): its bigrams, the end of a run
 * that stops inside it, its other words; the open end of its last run left out. */
static void test_phrase_terms(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *phrase, *query;
    } cases[] = {
        {"\"醉酒驾驶\"", "Query((XB醉酒 PHRASE 3 XB酒驾 PHRASE 3 XB驾驶))"},
        {"\"醉酒\"", "Query(XB醉酒)"},
        /* white space between Chinese characters is taken out, punctuation ends a run */
        {"\"醉酒 驾驶\"", "Query((XB醉酒 PHRASE 3 XB酒驾 PHRASE 3 XB驾驶))"},
        {"\"醉酒、驾驶\"", "Query((XB醉酒 PHRASE 3 XB酒 PHRASE 3 XB驾驶))"},
        {"\"data protection\"", "Query((data PHRASE 2 protection))"},
        /* a last run of one character: one that starts a run (the text may go on: 2024年度) */
        {"\"2024年\"", "Query((2024 PHRASE 2 XH年))"},
        {"\"年2024\"", "Query((XB年 PHRASE 2 2024))"},
        {"\"gdp增长\"", "Query((gdp PHRASE 2 XB增长))"},
        {"\"依照本法第三十三条规定\"",
         "Query((XB依照 PHRASE 6 XB照本 PHRASE 6 XB本法 PHRASE 6 XB法 PHRASE 6 第33条 PHRASE 6 "
         "XB规定))"},
        {"\"第三十三条\"", "Query(第33条)"},
        /* one character: every term that starts with it, its bigrams and its run's end */
        {"\"犬\"", "Query(WILDCARD SYNONYM XB犬)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        npc_query *q = parse_ok(f, cases[i].phrase);
        assert_true(npc_query_has_phrases(q));
        assert_string_equal(describe(npc_query_xapian(q)), cases[i].query);
        npc_query_free(q);
    }
}

static void test_phrase(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "\"按比例安排\"");
    assert_true(phrases_match(f, q, "用人单位应当按比例安排残疾人就业"));
    assert_true(phrases_match(f, q, "按比例安排"));
    assert_false(phrases_match(f, q, "用人单位应当按比例 安排残疾人就业"));
    assert_false(phrases_match(f, q, "用人单位应当按比例\n安排残疾人就业"));
    assert_false(phrases_match(f, q, "用人单位应当按比例、安排残疾人就业"));
    assert_false(phrases_match(f, q, "按比例招录，统筹安排残疾人就业"));
    assert_false(phrases_match(f, q, "安排按比例"));
    assert_false(phrases_match(f, q, "按比例安"));
    npc_query_free(q);
    /* white space typed between Chinese characters is no separator */
    q = parse_ok(f, "\"按比例 安排\"");
    assert_true(phrases_match(f, q, "用人单位应当按比例安排残疾人就业"));
    assert_false(phrases_match(f, q, "用人单位应当按比例，安排残疾人就业"));
    npc_query_free(q);
    /* punctuation is, and stands for any: white space, a line break, other punctuation */
    q = parse_ok(f, "\"按比例，安排\"");
    assert_true(phrases_match(f, q, "用人单位应当按比例 安排残疾人就业"));
    assert_true(phrases_match(f, q, "用人单位应当按比例\n\n安排残疾人就业"));
    assert_true(phrases_match(f, q, "用人单位应当按比例、安排残疾人就业"));
    assert_false(phrases_match(f, q, "用人单位应当按比例安排残疾人就业"));
    npc_query_free(q);
    /* between words of letters white space stays a separator */
    q = parse_ok(f, "\"data protection\"");
    assert_true(phrases_match(f, q, "the Data Protection act"));
    assert_false(phrases_match(f, q, "data and protection"));
    npc_query_free(q);
}

/* A phrase's first and last runs are open: the text may go on either side. */
static void test_phrase_open_ends(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "\"醉酒驾\"");
    assert_true(phrases_match(f, q, "醉酒驾驶机动车"));
    assert_false(phrases_match(f, q, "醉酒、驾驶"));
    npc_query_free(q);
    q = parse_ok(f, "\"酒驾驶\"");
    assert_true(phrases_match(f, q, "醉酒驾驶机动车"));
    npc_query_free(q);
    q = parse_ok(f, "\"2024年\"");
    assert_true(phrases_match(f, q, "2024年度工作"));
    assert_true(phrases_match(f, q, "截至2024年"));
    assert_false(phrases_match(f, q, "2024上半年"));
    assert_false(phrases_match(f, q, "2023年度"));
    npc_query_free(q);
    q = parse_ok(f, "\"年2024\"");
    assert_true(phrases_match(f, q, "今年2024个"));
    assert_false(phrases_match(f, q, "年度2024"));
    npc_query_free(q);
}

/* One character: anywhere in a run, and only there. */
static void test_phrase_one_character(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "\"犬\"");
    assert_true(phrases_match(f, q, "禁止养犬。"));
    assert_true(phrases_match(f, q, "犬只登记"));
    assert_true(phrases_match(f, q, "养犬只"));
    assert_true(phrases_match(f, q, "犬"));
    assert_false(phrases_match(f, q, "养猫"));
    npc_query_free(q);
}

/* Words that are not Chinese, and numbering, are words of the phrase like any other. */
static void test_phrase_mixed(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "\"GDP增长\"");
    assert_true(phrases_match(f, q, "全年ｇｄｐ增长率"));
    assert_false(phrases_match(f, q, "gdp的增长"));
    npc_query_free(q);
    q = parse_ok(f, "\"依照本法第三十三条规定\"");
    assert_true(phrases_match(f, q, "依照本法第33条规定处罚"));
    assert_false(phrases_match(f, q, "依照本法第三十四条规定"));
    assert_false(phrases_match(f, q, "依照本法第三十三条第二款规定"));
    npc_query_free(q);
}

/* With the index at hand the phrases' terms are weighed in memory and required there, the
 * phrases only filter: the same documents match. */
static void test_phrases_with_an_index(void **state)
{
    fixture *f = *state;
    static const char *const texts[] = {"醉酒驾驶机动车", "醉酒后不得驾驶", "醉酒",     "驾驶",
                                        "饮酒驾驶",       "醉酒、驾驶",     "禁止养犬", "犬只"};
    assert_int_equal(db_matches(f, "\"醉酒\" \"驾驶\"", texts, 8), 1u << 0 | 1u << 1 | 1u << 5);
    assert_int_equal(db_matches(f, "\"醉酒驾驶\"", texts, 8), 1u << 0);
    assert_int_equal(db_matches(f, "\"醉酒驾驶\" 机动车", texts, 8), 1u << 0);
    assert_int_equal(db_matches(f, "\"醉酒\" OR \"饮酒\"", texts, 8),
                     1u << 0 | 1u << 1 | 1u << 2 | 1u << 4 | 1u << 5);
    assert_int_equal(db_matches(f, "\"驾驶\" -\"醉酒驾驶\"", texts, 8),
                     1u << 1 | 1u << 3 | 1u << 4 | 1u << 5);
    assert_int_equal(db_matches(f, "\"犬\"", texts, 8), 1u << 6 | 1u << 7);
    assert_int_equal(db_matches(f, "\"犬\" \"养犬\"", texts, 8), 1u << 6);
}

/* A phrase never runs from one field into the next. */
static void test_phrase_within_a_field(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "\"醉酒驾驶\"");
    assert_false(fields_match(f, q, "关于醉酒", "驾驶机动车的规定"));
    assert_false(fields_match(f, q, "关于醉", "酒驾驶"));
    assert_true(fields_match(f, q, "关于醉酒驾驶的规定", "第一条"));
    assert_true(fields_match(f, q, "关于交通安全的规定", "醉酒驾驶机动车的"));
    npc_query_free(q);
}

static void test_phrase_curly_quotes(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "“按比例安排”");
    assert_true(npc_query_has_phrases(q));
    assert_true(phrases_match(f, q, "国家实行按比例安排残疾人就业制度"));
    assert_false(phrases_match(f, q, "国家实行按比例招录制度，统一安排"));
    npc_query_free(q);
}

static void test_phrase_traditional_text(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "\"残疾人就业\"");
    assert_true(phrases_match(f, q, "國家保障殘疾人就業的權利"));
    assert_true(phrases_match(f, q, "国家保障残疾人就业的权利"));
    assert_false(phrases_match(f, q, "国家保障残疾人的就业权利"));
    npc_query_free(q);
    /* and a traditional phrase matches simplified text */
    q = parse_ok(f, "\"殘疾人就業\"");
    assert_true(phrases_match(f, q, "国家保障残疾人就业的权利"));
    npc_query_free(q);
}

static void test_phrases_or_and(void **state)
{
    fixture *f = *state;
    const char *only_b = "用人单位应当按比例安排职工";
    const char *both = "残疾人就业：用人单位应当按比例安排职工";
    const char *neither = "用人单位应当依法纳税";

    npc_query *q = parse_ok(f, "\"残疾人就业\" OR \"按比例安排\"");
    assert_contains(describe(npc_query_xapian(q)), " OR ");
    assert_true(phrases_match(f, q, only_b));
    assert_true(phrases_match(f, q, both));
    assert_false(phrases_match(f, q, neither));
    npc_query_free(q);

    q = parse_ok(f, "\"残疾人就业\" \"按比例安排\"");
    assert_false(phrases_match(f, q, only_b));
    assert_true(phrases_match(f, q, both));
    assert_false(phrases_match(f, q, neither));
    npc_query_free(q);
}

/* An unmatched quotation mark is punctuation (query.h): the rest is free text. */
static void test_unmatched_quote(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "\"按比例");
    assert_false(npc_query_has_phrases(q));
    const char *const *w;
    size_t nw = npc_query_words(q, &w);
    assert_true(has(w, nw, "按比例"));
    npc_query_free(q);

    q = parse_ok(f, "\"残疾人就业\" \"按比例");
    assert_true(npc_query_has_phrases(q));
    assert_true(phrases_match(f, q, "残疾人就业"));
    npc_query_free(q);
}

/* ---- exclusions --------------------------------------------------------------------------- */

static void test_exclusion(void **state)
{
    fixture *f = *state;
    npc_query *q = parse_ok(f, "残疾人 -就业");
    const char *d = describe(npc_query_xapian(q));
    const char *not = strstr(d, "AND_NOT");
    if (not == NULL) {
        fail_msg("no AND_NOT in \"%s\"", d);
    }
    assert_non_null(strstr(not, "就业")); /* the excluded word sits after AND_NOT */
    const char *const *w;
    size_t nw = npc_query_words(q, &w);
    assert_false(has(w, nw, "就业")); /* and is not marked */
    npc_query_free(q);

    q = parse_ok(f, "残疾人 －就业"); /* full-width minus */
    assert_contains(describe(npc_query_xapian(q)), "AND_NOT");
    npc_query_free(q);

    q = parse_ok(f, "残疾人 -\"就业 安置\"");
    assert_contains(describe(npc_query_xapian(q)), "AND_NOT");
    npc_query_free(q);

    q = parse_ok(f, "残疾人 - 就业"); /* a lone minus is punctuation */
    d = describe(npc_query_xapian(q));
    assert_lacks(d, "AND_NOT");
    assert_contains(d, "就业");
    npc_query_free(q);
}

/* ---- refusals ----------------------------------------------------------------------------- */

static void test_refusals(void **state)
{
    fixture *f = *state;
    parse_fails(f, "-就业", strlen("-就业"), NPC_EQUERY);
    parse_fails(f, "-就业 -残疾人", strlen("-就业 -残疾人"), NPC_EQUERY);
    parse_fails(f, "，。！", strlen("，。！"), NPC_EQUERY);
    parse_fails(f, "", 0, NPC_EQUERY);
    parse_fails(f, "   \t ", 5, NPC_EQUERY);
    parse_fails(f, "\"", 1, NPC_EQUERY);
    parse_fails(f, "\"\"", 2, NPC_EQUERY);
    parse_fails(f, "OR", 2, NPC_EQUERY);
    parse_fails(f, "残疾\xff", 7, NPC_EUTF8);
    parse_fails(f, "\xc0\xaf", 2, NPC_EUTF8);
    parse_fails(f, "\"就业\xed\xa0\x80\"", 11, NPC_EUTF8);
}

static void test_size_limit(void **state)
{
    fixture *f = *state;
    char *big = malloc(5001);
    assert_non_null(big);
    for (size_t i = 0; i < 5000; i++) {
        big[i] = "abcdefg "[i % 8];
    }
    big[5000] = '\0';
    parse_fails(f, big, 5000, NPC_ETOOBIG);
    parse_fails(f, big, NPC_QUERY_MAX_BYTES + 1, NPC_ETOOBIG);
    /* exactly at the limit is fine */
    npc_query *q = NULL;
    npc_err err;
    assert_int_equal(npc_query_parse(f->a, NULL, big, NPC_QUERY_MAX_BYTES, &q, &err), NPC_OK);
    npc_query_free(q);
    free(big);
}

/* Many terms: the query is still built, and bounded. */
static void test_many_terms(void **state)
{
    fixture *f = *state;
    char buf[NPC_QUERY_MAX_BYTES];
    size_t o = 0;
    for (int i = 0; o + 16 < sizeof buf; i++) {
        o += (size_t)snprintf(buf + o, sizeof buf - o, "w%d ", i);
    }
    npc_query *q = NULL;
    npc_err err;
    assert_int_equal(npc_query_parse(f->a, NULL, buf, o, &q, &err), NPC_OK);
    const char *const *w;
    size_t nw = npc_query_words(q, &w);
    assert_true(nw > 0);
    assert_true(nw <= NPC_QUERY_MAX_TERMS);
    npc_query_free(q);
    npc_query_free(NULL);
}

/* More than NPC_QUERY_MAX_PARTS phrases and exclusions are refused (each is checked against
 * every candidate's text); exactly that many are fine. */
static void test_too_many_parts(void **state)
{
    fixture *f = *state;
    char buf[NPC_QUERY_MAX_BYTES];
    size_t o = 0;
    for (int i = 0; i < NPC_QUERY_MAX_PARTS; i++) {
        o += (size_t)snprintf(buf + o, sizeof buf - o, i % 2 ? "\"p%d\" OR " : "-x%d ", i);
    }
    o += (size_t)snprintf(buf + o, sizeof buf - o, "word");
    npc_query *q = NULL;
    npc_err err;
    assert_int_equal(npc_query_parse(f->a, NULL, buf, o, &q, &err), NPC_OK);
    npc_query_free(q);
    o += (size_t)snprintf(buf + o, sizeof buf - o, " -one_more");
    q = NULL;
    assert_int_equal(npc_query_parse(f->a, NULL, buf, o, &q, &err), NPC_ETOOBIG);
    assert_null(q);
    assert_string_equal(err.detail, "a query may hold at most 32 phrases and exclusions");
    /* lone minus signs and OR are not parts */
    o = 0;
    for (int i = 0; i < 2 * NPC_QUERY_MAX_PARTS; i++) {
        o += (size_t)snprintf(buf + o, sizeof buf - o, "w%d - OR ", i);
    }
    assert_int_equal(npc_query_parse(f->a, NULL, buf, o, &q, &err), NPC_OK);
    npc_query_free(q);
}

/* A database of n documents holding 就业 and its bigram, one of which also holds 残疾人. */
static xc_db *common_db(char *dir, size_t n)
{
    assert_non_null(mkdtemp(dir));
    xc_wdb *w = NULL;
    npc_err err;
    assert_int_equal(xc_wdb_open(dir, XC_WDB_CREATE_OR_OVERWRITE, &w, &err), NPC_OK);
    for (size_t i = 0; i < n; i++) {
        xc_doc *d = NULL;
        char id[32];
        int il = snprintf(id, sizeof id, "Q%zu", i);
        assert_int_equal(xc_doc_new(&d, &err), NPC_OK);
        assert_int_equal(xc_doc_add_boolean_term(d, id, (size_t)il, &err), NPC_OK);
        assert_int_equal(xc_doc_add_term(d, "就业", strlen("就业"), 1, &err), NPC_OK);
        assert_int_equal(xc_doc_add_term(d, "XB就业", strlen("XB就业"), 1, &err), NPC_OK);
        if (i == 0) {
            assert_int_equal(xc_doc_add_term(d, "残疾人", strlen("残疾人"), 1, &err), NPC_OK);
        }
        assert_int_equal(xc_wdb_replace(w, id, (size_t)il, d, &err), NPC_OK);
        xc_doc_free(d);
    }
    assert_int_equal(xc_wdb_close(w, &err), NPC_OK);
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(dir, &db, &err), NPC_OK);
    return db;
}

static void remove_db(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* d, a query on the large index (big) or the small one, lacks `gone` or holds `kept`. */
static void assert_pruned_in_big(const char *d, int big, const char *gone, const char *kept)
{
    if (big) {
        assert_lacks(d, gone);
    } else {
        assert_contains(d, kept);
    }
}

/* Terms in most documents of a large index leave the ranked query, unless they are all it has;
 * in a small index nothing is left out. */
static void test_common_terms(void **state)
{
    fixture *f = *state;
    npc_err err;
    char big[] = "/tmp/npc-test-query-XXXXXX", small[] = "/tmp/npc-test-query-XXXXXX";
    xc_db *dbs[2] = {common_db(big, 2500), common_db(small, 100)};
    for (int k = 0; k < 2; k++) {
        npc_query *q = NULL;
        assert_int_equal(
            npc_query_parse(f->a, dbs[k], "残疾人就业", strlen("残疾人就业"), &q, &err), NPC_OK);
        const char *d = describe(npc_query_xapian(q));
        assert_contains(d, "残疾人");
        assert_contains(d, "XB残疾");
        assert_contains(d, "XB就业");
        if (k == 0) { /* a short query: the common term only adds weight (an extra term) */
            assert_contains(d, "+XB就业 +就业)");
        } else {
            assert_lacks(d, "+XB就业");
        }
        const char *const *w; /* still marked in snippets */
        assert_true(has(w, npc_query_words(q, &w), "就业"));
        npc_query_free(q);

        /* a long question leaves it out */
        static const char long_q[] = "残疾人就业服务机构应当免费提供职业指导和职业介绍吗";
        assert_int_equal(npc_query_parse(f->a, dbs[k], long_q, strlen(long_q), &q, &err), NPC_OK);
        d = describe(npc_query_xapian(q));
        assert_contains(d, "残疾人");
        assert_pruned_in_big(d, k == 0, "就业", "XB就业");
        npc_query_free(q);

        assert_int_equal(npc_query_parse(f->a, dbs[k], "就业", strlen("就业"), &q, &err), NPC_OK);
        assert_contains(describe(npc_query_xapian(q)), "就业");
        npc_query_free(q);

        /* the learned expansion (of questions) skips common targets the same way */
        static const char model[] = "npc.assoc 1 10\n残疾人\t就业\t0.9\t康复\t0.5\n";
        static const char question[] = "残疾人有什么保障";
        npc_assoc *m = NULL;
        assert_int_equal(npc_assoc_load(model, strlen(model), &m, &err), NPC_OK);
        assert_int_equal(
            npc_query_parse_with(f->a, dbs[k], m, question, strlen(question), &q, &err), NPC_OK);
        d = describe(npc_query_xapian(q));
        assert_contains(d, "康复");
        assert_pruned_in_big(d, k == 0, "就业", "就业");
        npc_query_free(q);
        /* a typed word is not expanded */
        assert_int_equal(
            npc_query_parse_with(f->a, dbs[k], m, "残疾人", strlen("残疾人"), &q, &err), NPC_OK);
        assert_lacks(describe(npc_query_xapian(q)), "康复");
        npc_query_free(q);
        npc_assoc_free(m);

        /* the learned law prior lifts a law that answered questions, for a long question that
         * asks only: not a few words, even with an interrogative among them */
        static const char laws[] = "npc.assoc 2 10\n=残疾人保障法\t5\n";
        static const char asked[] = "残疾人在就业和教育方面有什么保障，单位可以拒绝招用残疾人吗";
        assert_int_equal(npc_assoc_load(laws, strlen(laws), &m, &err), NPC_OK);
        assert_int_equal(npc_query_parse_with(f->a, dbs[k], m, asked, strlen(asked), &q, &err),
                         NPC_OK);
        assert_contains(describe(npc_query_xapian(q)), "XL残疾人保障法");
        npc_query_free(q);
        assert_int_equal(
            npc_query_parse_with(f->a, dbs[k], m, question, strlen(question), &q, &err), NPC_OK);
        assert_lacks(describe(npc_query_xapian(q)), "XL残疾人保障法");
        npc_query_free(q);
        assert_int_equal(
            npc_query_parse_with(f->a, dbs[k], m, "残疾人", strlen("残疾人"), &q, &err), NPC_OK);
        assert_lacks(describe(npc_query_xapian(q)), "XL残疾人保障法");
        npc_query_free(q);
        npc_assoc_free(m);
        xc_db_close(dbs[k]);
    }
    remove_db(big);
    remove_db(small);
}

/* Adds a document with the terms t[0..n) to w. */
static void add_doc(xc_wdb *w, const char *id, const char *const *t, size_t n)
{
    npc_err err;
    xc_doc *d = NULL;
    assert_int_equal(xc_doc_new(&d, &err), NPC_OK);
    assert_int_equal(xc_doc_add_boolean_term(d, id, strlen(id), &err), NPC_OK);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(xc_doc_add_term(d, t[i], strlen(t[i]), 1, &err), NPC_OK);
    }
    assert_int_equal(xc_wdb_replace(w, id, strlen(id), d, &err), NPC_OK);
    xc_doc_free(d);
}

/* The most cited laws of an index, read from its citation terms, and the prior they give a
 * long question that asks when the model keeps no law. */
static void test_cited_prior(void **state)
{
    fixture *f = *state;
    npc_err err;
    char dir[] = "/tmp/npc-test-query-XXXXXX";
    assert_non_null(mkdtemp(dir));
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(dir, XC_WDB_CREATE_OR_OVERWRITE, &w, &err), NPC_OK);
    const char *law[] = {"XL刑法", "就业", "残疾人"};
    const char *cites_both[] = {"XK刑法", "XK刑法#17", "XK民法典", "保障"};
    const char *cites_one[] = {"XK刑法", "XK宪法", "保障"};
    add_doc(w, "Qlaw", law, 3);
    add_doc(w, "Q1", cites_both, 4);
    add_doc(w, "Q2", cites_both, 4);
    add_doc(w, "Q3", cites_one, 3);
    assert_int_equal(xc_wdb_close(w, &err), NPC_OK);
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(dir, &db, &err), NPC_OK);

    npc_assoc *cited = NULL;
    assert_int_equal(npc_cited_read(db, 2, &cited, &err), NPC_OK);
    const npc_assoc_count *laws = NULL;
    assert_int_equal(npc_assoc_laws(cited, &laws), 2); /* 宪法 (1) is not among the first 2 */
    assert_string_equal(laws[0].key, "刑法");          /* by key: 刑 U+5211 before 民 U+6C11 */
    assert_int_equal(laws[0].count, 3);
    assert_string_equal(laws[1].key, "民法典");
    assert_int_equal(laws[1].count, 2);

    static const char asked[] = "残疾人在就业和教育方面有什么保障，单位可以拒绝招用残疾人吗";
    npc_query *q = NULL;
    npc_query_aids aids = {.cited = cited};
    assert_int_equal(npc_query_parse_aided(f->a, db, &aids, asked, strlen(asked), &q, &err),
                     NPC_OK);
    const char *d = describe(npc_query_xapian(q));
    assert_contains(d, "XL刑法");
    assert_contains(d, "XL民法典");
    npc_query_free(q);
    /* a few typed words: no prior */
    assert_int_equal(
        npc_query_parse_aided(f->a, db, &aids, "就业 保障", strlen("就业 保障"), &q, &err), NPC_OK);
    assert_lacks(describe(npc_query_xapian(q)), "XL刑法");
    npc_query_free(q);
    /* a model's learned law prior takes its place */
    static const char learned[] = "npc.assoc 3 10\n=残疾人保障法\t5\n+law\t4\n";
    npc_assoc *m = NULL;
    assert_int_equal(npc_assoc_load(learned, strlen(learned), &m, &err), NPC_OK);
    aids.model = m;
    assert_int_equal(npc_query_parse_aided(f->a, db, &aids, asked, strlen(asked), &q, &err),
                     NPC_OK);
    d = describe(npc_query_xapian(q));
    assert_contains(d, "XL残疾人保障法");
    assert_contains(d, "Qlaw"); /* and its learned document prior, in the same boost */
    assert_lacks(d, "XL刑法");
    npc_query_free(q);
    npc_assoc_free(m);
    /* every cited law when the max allows */
    npc_assoc_free(cited);
    assert_int_equal(npc_cited_read(db, 64, &cited, &err), NPC_OK);
    assert_int_equal(npc_assoc_laws(cited, &laws), 3);
    npc_assoc_free(cited);
    xc_db_close(db);
    remove_db(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_text),
        cmocka_unit_test(test_cited_prior),
        cmocka_unit_test(test_too_many_parts),
        cmocka_unit_test(test_free_text_folded),
        cmocka_unit_test(test_question_or_keywords),
        cmocka_unit_test(test_numbering_without_title),
        cmocka_unit_test(test_citation_short_title),
        cmocka_unit_test(test_citation_full_title),
        cmocka_unit_test(test_citation_alias),
        cmocka_unit_test(test_citation_sub_article),
        cmocka_unit_test(test_two_citations),
        cmocka_unit_test(test_citation_abbreviated_or_reversed),
        cmocka_unit_test(test_bare_title),
        cmocka_unit_test(test_pair_words),
        cmocka_unit_test(test_phrase_terms),
        cmocka_unit_test(test_phrase),
        cmocka_unit_test(test_phrase_open_ends),
        cmocka_unit_test(test_phrase_one_character),
        cmocka_unit_test(test_phrase_mixed),
        cmocka_unit_test(test_phrase_within_a_field),
        cmocka_unit_test(test_phrases_with_an_index),
        cmocka_unit_test(test_phrase_curly_quotes),
        cmocka_unit_test(test_phrase_traditional_text),
        cmocka_unit_test(test_phrases_or_and),
        cmocka_unit_test(test_unmatched_quote),
        cmocka_unit_test(test_exclusion),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_many_terms),
        cmocka_unit_test(test_common_terms),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

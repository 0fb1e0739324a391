/*
 * test_analyzer.c — the one analyzer (lib/text/analyzer.h): the golden segmentation cases of
 * tests/data/analyzer-golden.tsv, byte offsets into the original text, bigrams, numbering and
 * title tokens, invalid UTF-8, empty and large input, reuse of one analyzer, and word boundaries
 * stored at index time (npc_analysis_breaks, npc_analyze_stored).
 *
 * The lexicon is the built-in vocabulary plus four law titles, as an index would hold them.
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

#include "text/analyzer.h"

/* ---- fixture ------------------------------------------------------------------------------ */

typedef struct fixture {
    npc_lexicon *lx;
    npc_analyzer *a;
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
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f != NULL) {
        npc_analyzer_free(f->a);
        npc_lexicon_free(f->lx);
        free(f);
    }
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

/* Analyses s (NUL-terminated) with bigrams; the analysis must succeed. */
static npc_analysis analyze(npc_analyzer *a, const char *s)
{
    npc_analysis an;
    npc_err err;
    npc_status st = npc_analyze(a, s, strlen(s), NPC_AN_BIGRAMS, &an, &err);
    if (st != NPC_OK) {
        fail_msg("analysing \"%s\": %s (%s)", s, npc_status_name(st), err.detail);
    }
    return an;
}

/* The word tokens (not bigrams) of an analysis joined by '|', into buf. */
static const char *words_of(const npc_analysis *an, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        if (t->kind == NPC_TOK_BIGRAM) {
            continue;
        }
        int n = snprintf(buf + o, cap - o, "%s%s", o ? "|" : "", npc_token_term(an, t));
        assert_true(n >= 0 && (size_t)n < cap - o);
        o += (size_t)n;
    }
    return buf;
}

/* The first token of the given kind whose term is `term`, or NULL. */
static const npc_token *find_token(const npc_analysis *an, int kind, const char *term)
{
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        if (t->kind == kind && strcmp(npc_token_term(an, t), term) == 0) {
            return t;
        }
    }
    return NULL;
}

static size_t count_bigrams(const npc_analysis *an)
{
    size_t n = 0;
    for (size_t i = 0; i < an->ntokens; i++) {
        n += an->tokens[i].kind == NPC_TOK_BIGRAM;
    }
    return n;
}

/* Asserts that the token's original bytes are exactly `orig`. */
static void assert_original(const char *text, const npc_token *t, const char *orig)
{
    assert_non_null(t);
    assert_true(t->start <= t->end);
    size_t n = t->end - t->start;
    if (n != strlen(orig) || memcmp(text + t->start, orig, n) != 0) {
        fail_msg("token [%u, %u) covers \"%.*s\", expected \"%s\"", t->start, t->end, (int)n,
                 text + t->start, orig);
    }
}

/* Asserts that a decimal number appears in s as a whole (not inside a longer number). */
static void assert_mentions_number(const char *s, size_t num)
{
    char want[32];
    snprintf(want, sizeof want, "%zu", num);
    size_t wl = strlen(want);
    for (const char *p = strstr(s, want); p != NULL; p = strstr(p + 1, want)) {
        int before = p > s && p[-1] >= '0' && p[-1] <= '9';
        int after = p[wl] >= '0' && p[wl] <= '9';
        if (!before && !after) {
            return;
        }
    }
    fail_msg("\"%s\" does not name byte offset %zu", s, num);
}

/* ---- golden cases ------------------------------------------------------------------------- */

/* tests/data/analyzer-golden.tsv (malloc'd), its path in path[1024]. */
static char *read_golden(char *path, size_t *len)
{
    const char *dir = getenv("NPC_TEST_DATA");
    snprintf(path, 1024, "%s/analyzer-golden.tsv", dir ? dir : "tests/data");
    char *data = npc_test_read_file(path, len);
    if (data == NULL) {
        fail_msg("cannot read %s", path);
    }
    return data;
}

static void test_golden(void **state)
{
    fixture *f = *state;
    char path[1024];
    size_t len = 0;
    char *data = read_golden(path, &len);
    size_t cases = 0, failures = 0, lineno = 0;
    for (char *line = data, *next; line != NULL && *line != '\0'; line = next) {
        next = strchr(line, '\n');
        if (next != NULL) {
            *next++ = '\0';
        }
        lineno++;
        if (line[0] == '\0' || line[0] == '#') {
            continue;
        }
        char *tab = strchr(line, '\t');
        if (tab == NULL) {
            fail_msg("%s:%zu: no tab", path, lineno);
        }
        *tab = '\0';
        const char *text = line, *expected = tab + 1;
        char got[4096];
        npc_analysis an = analyze(f->a, text);
        words_of(&an, got, sizeof got);
        if (strcmp(got, expected) != 0) {
            print_error("%s:%zu: %s\n  expected %s\n  got      %s\n", path, lineno, text, expected,
                        got);
            failures++;
        }
        /* without bigrams the words are the same */
        npc_err err;
        assert_int_equal(npc_analyze(f->a, text, strlen(text), 0, &an, &err), NPC_OK);
        assert_int_equal(an.ntokens, an.nwords);
        char got2[4096];
        assert_string_equal(words_of(&an, got2, sizeof got2), got);
        cases++;
    }
    free(data);
    assert_true(cases >= 20);
    assert_int_equal(failures, 0);
}

/* ---- byte offsets ------------------------------------------------------------------------- */

static void test_offsets_full_width(void **state)
{
    fixture *f = *state;
    const char *text = "依照第３３条规定";
    npc_analysis an = analyze(f->a, text);
    const npc_token *t = find_token(&an, NPC_TOK_NUMBERING, "第33条");
    assert_original(text, t, "第３３条");
    assert_int_equal(t->start, 6);
    assert_int_equal(t->end, 6 + 3 + 3 + 3 + 3);

    text = "ＡＢＣ１２３";
    an = analyze(f->a, text);
    assert_original(text, find_token(&an, NPC_TOK_ALNUM, "abc123"), "ＡＢＣ１２３");
}

static void test_offsets_traditional(void **state)
{
    fixture *f = *state;
    const char *text = "依照《殘疾人保障法》第三十三條規定";
    npc_analysis an = analyze(f->a, text);
    assert_original(text, find_token(&an, NPC_TOK_HAN, "残疾人保障法"), "殘疾人保障法");
    assert_original(text, find_token(&an, NPC_TOK_NUMBERING, "第33条"), "第三十三條");
    assert_original(text, find_token(&an, NPC_TOK_HAN, "规定"), "規定");
    assert_original(text, find_token(&an, NPC_TOK_BIGRAM, "规定"), "規定");
}

/* A character that folds to several (ﬁ -> fi) keeps its whole byte range. */
static void test_offsets_expansion(void **state)
{
    fixture *f = *state;
    const char *text = "ﬁle 残疾人";
    npc_analysis an = analyze(f->a, text);
    assert_original(text, find_token(&an, NPC_TOK_ALNUM, "file"), "ﬁle");
    assert_original(text, find_token(&an, NPC_TOK_HAN, "残疾人"), "残疾人");
}

/* Every token lies inside the text; words come in text order, at ascending positions. */
static void test_token_invariants(void **state)
{
    fixture *f = *state;
    const char *text =
        "第一条 为了维护残疾人的合法权益，依照《中华人民共和国残疾人保障法》第三十三条"
        "第二款，2024年收集ＧＤＰ意见。第五十一条之一";
    npc_analysis an = analyze(f->a, text);
    size_t len = strlen(text), words = 0, last_end = 0;
    uint32_t last_bigram_start = 0, last_pos = 0;
    int seen_bigram = 0;
    for (size_t i = 0; i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        assert_true(t->start < t->end);
        assert_true(t->end <= len);
        assert_int_equal(strlen(npc_token_term(&an, t)), t->term_len);
        if (t->kind == NPC_TOK_BIGRAM) {
            assert_true(!seen_bigram || t->start > last_bigram_start);
            last_bigram_start = t->start;
            seen_bigram = 1;
            continue;
        }
        words++;
        assert_true(t->pos > last_pos);
        last_pos = t->pos;
        assert_true(t->start >= last_end); /* words do not overlap */
        last_end = t->end;
    }
    assert_int_equal(words, an.nwords);
    assert_true(seen_bigram);
}

/* ---- bigrams ------------------------------------------------------------------------------ */

static void test_bigrams(void **state)
{
    fixture *f = *state;
    const char *text = "残疾人就业";
    npc_analysis an = analyze(f->a, text);
    const char *want[] = {"残疾", "疾人", "人就", "就业"};
    assert_int_equal(count_bigrams(&an), 4);
    size_t k = 0;
    for (size_t i = 0; i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        if (t->kind == NPC_TOK_BIGRAM) {
            assert_string_equal(npc_token_term(&an, t), want[k]);
            assert_int_equal(t->start, 3 * k);
            assert_int_equal(t->end, 3 * k + 6);
            k++;
        }
    }
    /* the words are still there, beside the bigrams */
    assert_non_null(find_token(&an, NPC_TOK_HAN, "残疾人"));
    assert_non_null(find_token(&an, NPC_TOK_HAN, "就业"));
}

static void test_bigrams_stop_at_punctuation(void **state)
{
    fixture *f = *state;
    const char *const texts[] = {"残疾，就业", "残疾。就业", "残疾 就业", "残疾《就业》",
                                 "残疾\n就业"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        npc_analysis an = analyze(f->a, texts[i]);
        assert_non_null(find_token(&an, NPC_TOK_BIGRAM, "残疾"));
        assert_non_null(find_token(&an, NPC_TOK_BIGRAM, "就业"));
        if (find_token(&an, NPC_TOK_BIGRAM, "疾就") != NULL) {
            fail_msg("a bigram crosses the separator in \"%s\"", texts[i]);
        }
        assert_int_equal(count_bigrams(&an), 2);
    }
}

static void test_bigrams_stop_at_numbering_and_latin(void **state)
{
    fixture *f = *state;
    npc_analysis an = analyze(f->a, "规定第三十三条就业");
    assert_null(find_token(&an, NPC_TOK_BIGRAM, "定第"));
    assert_null(find_token(&an, NPC_TOK_BIGRAM, "条就"));
    an = analyze(f->a, "残疾abc就业");
    assert_null(find_token(&an, NPC_TOK_BIGRAM, "疾就"));
}

/* The analysis the index holds (NPC_AN_INDEX) as kind:term@position, joined by spaces: the
 * runs' edges beside the bigrams, one position a Chinese character or another word. */
static const char *index_tokens(npc_analyzer *a, const char *text, char *buf, size_t cap)
{
    static const char kinds[] = {'w', 'a', 'n', 'b', 's', 'e'};
    npc_analysis an;
    npc_err err;
    assert_int_equal(npc_analyze(a, text, strlen(text), NPC_AN_INDEX, &an, &err), NPC_OK);
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < an.ntokens && n < cap; i++) {
        const npc_token *t = &an.tokens[i];
        n += (size_t)snprintf(buf + n, cap - n, "%s%c:%s@%u", i ? " " : "", kinds[t->kind],
                              npc_token_term(&an, t), t->pos);
    }
    return buf;
}

static void test_positions_and_run_edges(void **state)
{
    fixture *f = *state;
    char buf[1024];
    assert_string_equal(index_tokens(f->a, "醉酒驾驶", buf, sizeof buf),
                        "s:醉@1 b:醉酒@1 w:醉酒@1 b:酒驾@2 b:驾驶@3 w:驾驶@3 e:驶@4");
    /* punctuation and white space take no position, a run of one is both edges */
    assert_string_equal(index_tokens(f->a, "醉酒， 犬", buf, sizeof buf),
                        "s:醉@1 b:醉酒@1 w:醉酒@1 e:酒@2 s:犬@3 w:犬@3 e:犬@3");
    /* other words take one position each and end a run */
    assert_string_equal(index_tokens(f->a, "依照第三十三条gdp增长", buf, sizeof buf),
                        "s:依@1 b:依照@1 w:依照@1 e:照@2 n:第33条@3 a:gdp@4 s:增@5 b:增长@5 "
                        "w:增长@5 e:长@6");
    /* without the flag the same positions, no edges */
    npc_analysis an = analyze(f->a, "醉酒驾驶");
    assert_null(find_token(&an, NPC_TOK_RUN_START, "醉"));
    assert_null(find_token(&an, NPC_TOK_RUN_END, "驶"));
    assert_int_equal(find_token(&an, NPC_TOK_BIGRAM, "驾驶")->pos, 3);
}

static void test_no_bigrams_without_flag(void **state)
{
    fixture *f = *state;
    npc_analysis an;
    npc_err err;
    const char *text = "残疾人就业";
    assert_int_equal(npc_analyze(f->a, text, strlen(text), 0, &an, &err), NPC_OK);
    assert_int_equal(count_bigrams(&an), 0);
    assert_int_equal(an.ntokens, an.nwords);
    assert_int_equal(an.nwords, 2);
}

/* ---- numbering and titles ----------------------------------------------------------------- */

static void check_numbering(npc_analyzer *a, const char *text, const char *term, int unit,
                            uint32_t num, uint32_t sub)
{
    npc_analysis an = analyze(a, text);
    const npc_token *t = find_token(&an, NPC_TOK_NUMBERING, term);
    if (t == NULL) {
        fail_msg("no numbering %s in \"%s\"", term, text);
    }
    assert_int_equal(t->unit, unit);
    assert_int_equal(t->num, num);
    assert_int_equal(t->sub, sub);
    assert_int_equal(t->title, -1);
}

static void test_numbering_fields(void **state)
{
    fixture *f = *state;
    check_numbering(f->a, "第三十三条", "第33条", NPC_UNIT_ARTICLE, 33, 0);
    check_numbering(f->a, "第五十一条之一", "第51条之1", NPC_UNIT_ARTICLE, 51, 1);
    check_numbering(f->a, "第一千一百六十五条", "第1165条", NPC_UNIT_ARTICLE, 1165, 0);
    check_numbering(f->a, "第二款", "第2款", NPC_UNIT_CLAUSE, 2, 0);
    check_numbering(f->a, "第三项", "第3项", NPC_UNIT_ITEM, 3, 0);
    check_numbering(f->a, "第二章", "第2章", NPC_UNIT_CHAPTER, 2, 0);
    check_numbering(f->a, "第三节", "第3节", NPC_UNIT_SECTION, 3, 0);
    check_numbering(f->a, "第七编", "第7编", NPC_UNIT_PART, 7, 0);
    check_numbering(f->a, "第３３条", "第33条", NPC_UNIT_ARTICLE, 33, 0);
    check_numbering(f->a, "第三十三條", "第33条", NPC_UNIT_ARTICLE, 33, 0);
}

/* 之 only makes a sub-number when a numeral follows it. */
static void test_numbering_zhi_without_numeral(void **state)
{
    fixture *f = *state;
    npc_analysis an = analyze(f->a, "第十条之规定");
    const npc_token *t = find_token(&an, NPC_TOK_NUMBERING, "第10条");
    assert_non_null(t);
    assert_int_equal(t->sub, 0);
    assert_original("第十条之规定", t, "第十条");
}

static void test_numbering_term(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(npc_numbering_term(NPC_UNIT_ARTICLE, 33, 0, buf, sizeof buf),
                     strlen("第33条"));
    assert_string_equal(buf, "第33条");
    assert_int_equal(npc_numbering_term(NPC_UNIT_ARTICLE, 51, 1, buf, sizeof buf),
                     strlen("第51条之1"));
    assert_string_equal(buf, "第51条之1");
    assert_true(npc_numbering_term(NPC_UNIT_CHAPTER, 2, 0, buf, sizeof buf) > 0);
    assert_string_equal(buf, "第2章");
    assert_true(npc_numbering_term(NPC_UNIT_PART, 1, 0, buf, sizeof buf) > 0);
    assert_string_equal(buf, "第1编");
    assert_int_equal(npc_numbering_term(NPC_UNIT_NONE, 1, 0, buf, sizeof buf), 0);
    assert_int_equal(npc_numbering_term(NPC_UNIT_ARTICLE, 33, 0, buf, 5), 0);
}

static void test_title_tokens(void **state)
{
    fixture *f = *state;
    const npc_lexicon *lx = npc_analyzer_lexicon(f->a);
    assert_ptr_equal(lx, f->lx);

    const char *text = "《中华人民共和国残疾人保障法》第三十三条规定";
    npc_analysis an = analyze(f->a, text);
    const npc_token *t = find_token(&an, NPC_TOK_HAN, "中华人民共和国残疾人保障法");
    assert_original(text, t, "中华人民共和国残疾人保障法");
    assert_true(t->title >= 0);
    assert_string_equal(npc_lexicon_title_key(lx, t->title), "残疾人保障法");
    assert_int_equal(find_token(&an, NPC_TOK_HAN, "规定")->title, -1);

    an = analyze(f->a, "监督法第十条");
    t = find_token(&an, NPC_TOK_HAN, "监督法");
    assert_non_null(t);
    assert_true(t->title >= 0);
    assert_string_equal(npc_lexicon_title_key(lx, t->title), "各级人民代表大会常务委员会监督法");

    an = analyze(f->a, "各级人民代表大会常务委员会监督法");
    assert_int_equal(an.nwords, 1);
    t = find_token(&an, NPC_TOK_HAN, "各级人民代表大会常务委员会监督法");
    assert_non_null(t);
    assert_string_equal(npc_lexicon_title_key(lx, t->title), "各级人民代表大会常务委员会监督法");

    /* vocabulary words are not titles */
    an = analyze(f->a, "基层立法联系点");
    assert_int_equal(find_token(&an, NPC_TOK_HAN, "基层立法联系点")->title, -1);
}

/* Without a lexicon the analyzer still works, and the domain words are no longer whole. */
static void test_without_lexicon(void **state)
{
    (void)state;
    npc_analyzer *a = NULL;
    npc_err err;
    assert_int_equal(npc_analyzer_new(NULL, &a, &err), NPC_OK);
    assert_null(npc_analyzer_lexicon(a));
    npc_analysis an = analyze(a, "基层立法联系点 第三十三条");
    assert_null(find_token(&an, NPC_TOK_HAN, "基层立法联系点"));
    assert_non_null(find_token(&an, NPC_TOK_NUMBERING, "第33条"));
    for (size_t i = 0; i < an.ntokens; i++) {
        assert_int_equal(an.tokens[i].title, -1);
    }
    npc_analyzer_free(a);
}

/* ---- errors and limits -------------------------------------------------------------------- */

static void check_bad_utf8(npc_analyzer *a, const char *text, size_t len, size_t bad_at)
{
    npc_analysis an;
    npc_err err;
    memset(&an, 0x5A, sizeof an);
    assert_int_equal(npc_analyze(a, text, len, NPC_AN_BIGRAMS, &an, &err), NPC_EUTF8);
    assert_int_equal(err.code, NPC_EUTF8);
    assert_mentions_number(err.detail, bad_at);
    assert_int_equal(an.ntokens, 0);
    assert_int_equal(an.nwords, 0);
}

static void test_invalid_utf8(void **state)
{
    fixture *f = *state;
    check_bad_utf8(f->a, "\xff", 1, 0);
    check_bad_utf8(f->a, "残疾\xff", 7, 6);
    check_bad_utf8(f->a, "残\xc0\xaf", 5, 3);            /* overlong '/' */
    check_bad_utf8(f->a, "ab\xed\xa0\x80 cd", 8, 2);     /* a lone surrogate */
    check_bad_utf8(f->a, "第三十三条\xe5\xb0", 17, 15);  /* truncated at the end */
    check_bad_utf8(f->a, "就业\xf4\x90\x80\x80", 10, 6); /* beyond U+10FFFF */
    /* the analyzer recovers: the next call works */
    npc_analysis an = analyze(f->a, "残疾人");
    assert_int_equal(an.nwords, 1);
}

static void test_empty(void **state)
{
    fixture *f = *state;
    npc_analysis an;
    npc_err err;
    assert_int_equal(npc_analyze(f->a, "", 0, NPC_AN_BIGRAMS, &an, &err), NPC_OK);
    assert_int_equal(an.ntokens, 0);
    assert_int_equal(an.nwords, 0);
    /* only spaces and punctuation: nothing either */
    const char *text = "  ，。！《》\n";
    assert_int_equal(npc_analyze(f->a, text, strlen(text), NPC_AN_BIGRAMS, &an, &err), NPC_OK);
    assert_int_equal(an.ntokens, 0);
}

static void test_large_text(void **state)
{
    fixture *f = *state;
    const char *sentence = "第三十三条 国家实行按比例安排残疾人就业制度。";
    size_t sl = strlen(sentence), reps = (1u << 20) / sl + 1, len = reps * sl;
    char *text = malloc(len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < reps; i++) {
        memcpy(text + i * sl, sentence, sl);
    }
    text[len] = '\0';
    npc_analysis an;
    npc_err err;
    assert_int_equal(npc_analyze(f->a, text, len, NPC_AN_BIGRAMS, &an, &err), NPC_OK);
    size_t articles = 0, words = 0;
    for (size_t i = 0; i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        assert_true(t->end <= len);
        if (t->kind == NPC_TOK_NUMBERING) {
            assert_string_equal(npc_token_term(&an, t), "第33条");
            assert_int_equal(t->start, articles * sl);
            articles++;
        }
        words += t->kind != NPC_TOK_BIGRAM;
    }
    assert_int_equal(articles, reps);
    assert_int_equal(words, an.nwords);
    assert_int_equal(an.nwords % reps, 0); /* every sentence gives the same words */
    free(text);
}

/* ---- stored word boundaries ---------------------------------------------------------------- */

static char *describe(const npc_analysis *an, size_t lo, size_t hi)
{
    char *d = npc_test_describe_tokens(an, lo, hi);
    assert_non_null(d);
    return d;
}

/* The analysis of text[0..len) with stored boundaries b, described; used: whether b must have
 * been used (1) or refused (0). */
static char *describe_stored(npc_analyzer *a, const char *text, size_t len, const char *b, int used)
{
    npc_analysis an;
    npc_err err;
    assert_int_equal(
        npc_analyze_stored(a, text, len, b, b ? strlen(b) : 0, NPC_AN_BIGRAMS, &an, &err), NPC_OK);
    assert_int_equal(an.stored, used);
    return describe(&an, 0, len);
}

/* Every golden case, and every line of them all analysed as one body: the boundaries stored for
 * a line give the tokens the whole analysis gave there, and the golden words. */
static void test_stored_breaks(void **state)
{
    fixture *f = *state;
    char path[1024];
    size_t len = 0;
    char *data = read_golden(path, &len);
    /* the body: each case's text on a line; starts[k] where line k begins */
    char *body = malloc(len + 1);
    size_t starts[128], ends[128], nlines = 0, bl = 0;
    assert_non_null(body);
    for (char *line = data, *next; line != NULL && *line != '\0'; line = next) {
        next = strchr(line, '\n');
        if (next != NULL) {
            *next++ = '\0';
        }
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || tab == NULL || nlines == 128) {
            continue;
        }
        starts[nlines] = bl;
        memcpy(body + bl, line, (size_t)(tab - line));
        bl += (size_t)(tab - line);
        ends[nlines++] = bl;
        body[bl++] = '\n';
    }
    body[bl] = '\0';
    assert_true(nlines >= 20);
    npc_err err;
    for (size_t k = 0; k < nlines; k++) {
        /* one text alone: the same tokens, byte for byte */
        const char *text = body + starts[k];
        size_t tl = ends[k] - starts[k];
        npc_analysis an;
        assert_int_equal(npc_analyze(f->a, text, tl, NPC_AN_BIGRAMS, &an, &err), NPC_OK);
        char *want = describe(&an, 0, tl), *b = NULL;
        assert_int_equal(npc_analysis_breaks(f->a, 0, tl, &b, &err), NPC_OK);
        assert_true(strlen(b) <= tl); /* at most a character a boundary */
        char *got = describe_stored(f->a, text, tl, b, 1);
        assert_string_equal(got, want);
        free(want);
        free(got);
        free(b);
    }
    npc_analysis whole;
    assert_int_equal(npc_analyze(f->a, body, bl, NPC_AN_BIGRAMS, &whole, &err), NPC_OK);
    char *want[128], *breaks[128];
    for (size_t k = 0; k < nlines; k++) {
        want[k] = describe(&whole, starts[k], ends[k]);
        assert_int_equal(npc_analysis_breaks(f->a, starts[k], ends[k], &breaks[k], &err), NPC_OK);
    }
    for (size_t k = 0; k < nlines; k++) {
        char *got = describe_stored(f->a, body + starts[k], ends[k] - starts[k], breaks[k], 1);
        assert_string_equal(got, want[k]);
        free(got);
        free(want[k]);
        free(breaks[k]);
    }
    free(body);
    free(data);
}

/* Stored boundaries are used, not recomputed; a prefix of the text keeps them; boundaries that
 * cannot be the text's fall back to ICU. */
static void test_stored_breaks_used_and_checked(void **state)
{
    fixture *f = *state;
    const char *text = "今天天气很好"; /* no lexicon word: ICU alone cuts it */
    size_t len = strlen(text);
    char *icu = describe_stored(f->a, text, len, NULL, 0);
    assert_true(strchr(icu, '\n') != strrchr(icu, '\n')); /* several tokens */
    /* one stored Chinese word of six characters: (6 - 1) * 3 + 2 = 17 = 'H' */
    char *one = describe_stored(f->a, text, len, "1H", 1);
    assert_true(strstr(one, "0 今天天气很好 0-18 -1\n") != NULL);
    /* the same with v written in decimal */
    char *dec = describe_stored(f->a, text, len, "1_17.", 1);
    assert_string_equal(dec, one);
    /* a prefix: the stored word ends where the text does */
    char *pre = describe_stored(f->a, text, 6, "1H", 1);
    assert_true(strstr(pre, "0 今天 0-6 -1\n") != NULL);
    /* damaged or too short: ICU's tokens */
    static const char *const bad[] = {"", "2H", "1", "14", "1_17", "1_.", "1_x.", "1 H", "1-H"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *got = describe_stored(f->a, text, len, bad[i], 0);
        assert_string_equal(got, icu);
        free(got);
    }
    free(icu);
    free(one);
    free(dec);
    free(pre);
}

/* One analyzer, many calls: the same text always gives the same tokens. */
static void test_reuse(void **state)
{
    fixture *f = *state;
    const char *text =
        "《中华人民共和国残疾人保障法》第三十三条规定，用人单位应当按比例安排残疾人就业";
    const char *other[] = {"", "第五十一条之一", "2024年收集GDP意见", "人民代表大會常務委員會"};
    npc_analysis an = analyze(f->a, text);
    size_t n = an.ntokens;
    npc_token *first = malloc(n * sizeof *first);
    char terms[4096];
    assert_non_null(first);
    memcpy(first, an.tokens, n * sizeof *first);
    size_t tl = first[n - 1].term_off + first[n - 1].term_len + 1;
    assert_true(tl <= sizeof terms);
    memcpy(terms, an.terms, tl);
    for (int round = 0; round < 200; round++) {
        const char *o = other[round % 4];
        npc_err err;
        assert_int_equal(npc_analyze(f->a, o, strlen(o), round % 2 ? NPC_AN_BIGRAMS : 0, &an, &err),
                         NPC_OK);
        an = analyze(f->a, text);
        assert_int_equal(an.ntokens, n);
        for (size_t i = 0; i < n; i++) {
            const npc_token *t = &an.tokens[i];
            assert_string_equal(npc_token_term(&an, t), terms + first[i].term_off);
            assert_int_equal(t->start, first[i].start);
            assert_int_equal(t->end, first[i].end);
            assert_int_equal(t->pos, first[i].pos);
            assert_int_equal(t->kind, first[i].kind);
            assert_int_equal(t->title, first[i].title);
        }
    }
    free(first);
}

static void test_analysis_articles(void **state)
{
    fixture *f = *state;
    /* articles in order, 之一 as sub; a 款 and a 章 are not articles; max is kept */
    npc_analysis an = analyze(f->a, "依照第三章第十五条第二款、第16条之一和第一千二百条");
    uint32_t num[4] = {0}, sub[4] = {9, 9, 9, 9};
    assert_int_equal(npc_analysis_articles(&an, num, sub, 4), 3);
    assert_int_equal(num[0], 15);
    assert_int_equal(sub[0], 0);
    assert_int_equal(num[1], 16);
    assert_int_equal(sub[1], 1);
    assert_int_equal(num[2], 1200);
    assert_int_equal(npc_analysis_articles(&an, num, sub, 1), 1);
    an = analyze(f->a, "没有条文");
    assert_int_equal(npc_analysis_articles(&an, num, sub, 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_analysis_articles),
        cmocka_unit_test(test_offsets_full_width),
        cmocka_unit_test(test_offsets_traditional),
        cmocka_unit_test(test_offsets_expansion),
        cmocka_unit_test(test_token_invariants),
        cmocka_unit_test(test_bigrams),
        cmocka_unit_test(test_bigrams_stop_at_punctuation),
        cmocka_unit_test(test_bigrams_stop_at_numbering_and_latin),
        cmocka_unit_test(test_positions_and_run_edges),
        cmocka_unit_test(test_no_bigrams_without_flag),
        cmocka_unit_test(test_numbering_fields),
        cmocka_unit_test(test_numbering_zhi_without_numeral),
        cmocka_unit_test(test_numbering_term),
        cmocka_unit_test(test_title_tokens),
        cmocka_unit_test(test_without_lexicon),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_large_text),
        cmocka_unit_test(test_reuse),
        cmocka_unit_test(test_stored_breaks),
        cmocka_unit_test(test_stored_breaks_used_and_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_snippet.c — snippets (lib/search/snippet.h): marks on the original bytes (numbering,
 * full-width and traditional spellings), HTML escaping around literal marks, the window and its
 * ellipses, bigram runs, and no mark when nothing matches.  Every snippet is built twice, the
 * second time from the word boundaries an index stores, and the two must agree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/snippet.h"
#include "support.h"

/* ---- fixture ------------------------------------------------------------------------------ */

typedef struct fixture {
    npc_lexicon *lx;
    npc_analyzer *a;
    char *out; /* the last snippet, freed by the next call and by teardown */
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
    free(f->out);
    npc_analyzer_free(f->a);
    npc_lexicon_free(f->lx);
    free(f);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

/* The snippet of text for query qs (valid until the next call). */
static const char *snippet_n(fixture *f, const char *qs, const char *text, size_t len)
{
    npc_query *q = NULL;
    npc_err err;
    npc_status st = npc_query_parse(f->a, NULL, qs, strlen(qs), &q, &err);
    if (st != NPC_OK) {
        fail_msg("query \"%s\": %s (%s)", qs, npc_status_name(st), err.detail);
    }
    /* the word boundaries an index stores for the text */
    npc_analysis an;
    char *breaks = NULL;
    size_t scan = npc_snippet_scan(text, len);
    assert_true(scan <= NPC_SNIPPET_SCAN);
    if (npc_analyze(f->a, text, scan, 0, &an, &err) == NPC_OK) {
        assert_int_equal(npc_analysis_breaks(f->a, 0, scan, &breaks, &err), NPC_OK);
    }
    free(f->out);
    f->out = NULL;
    st = npc_snippet(f->a, q, text, len, NULL, 0, &f->out, &err);
    if (st != NPC_OK) {
        fail_msg("snippet: %s (%s)", npc_status_name(st), err.detail);
    }
    assert_non_null(f->out);
    /* with them, the same snippet */
    char *stored = NULL;
    assert_int_equal(
        npc_snippet(f->a, q, text, len, breaks, breaks ? strlen(breaks) : 0, &stored, &err),
        NPC_OK);
    assert_string_equal(stored, f->out);
    free(stored);
    free(breaks);
    npc_query_free(q);
    return f->out;
}

static const char *snippet(fixture *f, const char *qs, const char *text)
{
    return snippet_n(f, qs, text, strlen(text));
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + strlen(needle), needle)) {
        n++;
    }
    return n;
}

#define assert_contains(hay, needle)                                                               \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (strstr(h_, n_) == NULL) {                                                              \
            fail_msg("\"%s\" does not contain \"%s\"", h_, n_);                                    \
        }                                                                                          \
    } while (0)

/* Characters (code points) of s outside the <mark> tags. */
static size_t visible_chars(const char *s)
{
    size_t n = 0;
    while (*s != '\0') {
        if (strncmp(s, "<mark>", 6) == 0) {
            s += 6;
            continue;
        }
        if (strncmp(s, "</mark>", 7) == 0) {
            s += 7;
            continue;
        }
        if (((unsigned char)*s & 0xC0) != 0x80) {
            n++;
        }
        s++;
    }
    return n;
}

static char *repeat(const char *unit, size_t times, const char *middle, const char *tail_unit,
                    size_t tail_times)
{
    size_t ul = strlen(unit), ml = strlen(middle), tl = strlen(tail_unit);
    char *s = malloc(ul * times + ml + tl * tail_times + 1), *p = s;
    assert_non_null(s);
    for (size_t i = 0; i < times; i++, p += ul) {
        memcpy(p, unit, ul);
    }
    memcpy(p, middle, ml);
    p += ml;
    for (size_t i = 0; i < tail_times; i++, p += tl) {
        memcpy(p, tail_unit, tl);
    }
    *p = '\0';
    return s;
}

/* ---- marks on the original ---------------------------------------------------------------- */

static void test_mark_numbering(void **state)
{
    fixture *f = *state;
    const char *s = snippet(f, "第33条", "依照本法第三十三条的规定执行。");
    assert_string_equal(s, "依照本法<mark>第三十三条</mark>的规定执行。");
    s = snippet(f, "第三十三条", "依照本法第33条的规定执行。");
    assert_string_equal(s, "依照本法<mark>第33条</mark>的规定执行。");
}

static void test_mark_full_width(void **state)
{
    fixture *f = *state;
    const char *s = snippet(f, "第33条", "依照第３３条规定");
    assert_string_equal(s, "依照<mark>第３３条</mark>规定");
    s = snippet(f, "gdp", "今年ＧＤＰ增长");
    assert_string_equal(s, "今年<mark>ＧＤＰ</mark>增长");
}

static void test_mark_traditional(void **state)
{
    fixture *f = *state;
    const char *s = snippet(f, "残疾人", "保障殘疾人權益");
    assert_string_equal(s, "保障<mark>殘疾人</mark>權益");
    s = snippet(f, "残疾人保障法第33条", "依照《殘疾人保障法》第三十三條規定");
    assert_string_equal(s, "依照《<mark>殘疾人保障法</mark>》<mark>第三十三條</mark>規定");
}

static void test_several_marks(void **state)
{
    fixture *f = *state;
    const char *s = snippet(f, "残疾人 就业", "残疾人的就业");
    assert_string_equal(s, "<mark>残疾人</mark>的<mark>就业</mark>");
}

/* Runs of two or more matching bigrams are marked; a lone matching bigram is not. */
static void test_bigram_runs(void **state)
{
    fixture *f = *state;
    const char *s = snippet(f, "按比例安排", "用人单位应当按照规定的比例安排残疾人就业");
    assert_contains(s, "<mark>比例安排</mark>");
    assert_int_equal(count(s, "<mark>"), 1);
    s = snippet(f, "残疾人就业", "人就是这样");
    assert_string_equal(s, "人就是这样");
}

/* A query word that matched through its bigram alone is marked: two characters ICU splits
 * (养|犬), in simplified or traditional writing, typed free or as a phrase, and a two-character
 * word wherever its characters stand together.  A bigram that only straddles two query words
 * stays unmarked (test_bigram_runs). */
static void test_pair_words(void **state)
{
    fixture *f = *state;
    assert_string_equal(snippet(f, "养犬", "加强养犬管理"), "加强<mark>养犬</mark>管理");
    assert_string_equal(snippet(f, "养犬", "文明養犬"), "文明<mark>養犬</mark>");
    assert_string_equal(snippet(f, "\"养犬\"", "加强养犬管理"), "加强<mark>养犬</mark>管理");
    assert_string_equal(snippet(f, "养犬 登记", "养犬人应当登记"),
                        "<mark>养犬</mark>人应当<mark>登记</mark>");
    assert_string_equal(snippet(f, "就业", "成就业绩"), "成<mark>就业</mark>绩");
    assert_string_equal(snippet(f, "养犬", "饲养犬只"), "饲<mark>养犬</mark>只");
}

/* The visible text of snippet s (marks and ellipses removed, entities kept as they are: the
 * texts given have none) into text, and 1 in marked[i] for each byte inside a mark. */
static void unmark(const char *s, char *text, char *marked, size_t cap)
{
    size_t n = 0;
    int in = 0;
    while (*s != '\0' && n + 1 < cap) {
        if (strncmp(s, "<mark>", 6) == 0 || strncmp(s, "</mark>", 7) == 0) {
            in = s[1] == 'm';
            s += in ? 6 : 7;
        } else if (strncmp(s, "…", strlen("…")) == 0) {
            s += strlen("…");
        } else {
            marked[n] = (char)in;
            text[n++] = *s++;
        }
    }
    text[n] = '\0';
}

/* 1 when q is Chinese characters only and its analysis nothing but one-character words. */
static int split_into_singles(fixture *f, const char *q)
{
    for (size_t i = 0; q[i] != '\0';) {
        if (!npc_is_han(npc_utf8_next(q, &i))) {
            return 0;
        }
    }
    npc_analysis an;
    npc_err err;
    assert_int_equal(npc_analyze(f->a, q, strlen(q), 0, &an, &err), NPC_OK);
    for (size_t i = 0; i < an.ntokens; i++) {
        if (an.tokens[i].kind != NPC_TOK_HAN || an.tokens[i].end - an.tokens[i].start != 3) {
            return 0;
        }
    }
    return an.ntokens >= 2;
}

/* Over the lines of a sample report: every two to four characters that ICU splits into single
 * characters, searched, are marked wherever they occur in the snippet of that line. */
static void test_split_words_marked_everywhere(void **state)
{
    fixture *f = *state;
    const char *src = getenv("NPC_SOURCE_DIR");
    assert_non_null(src);
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/reports/2025-示范市人大常委会工作报告.txt", src);
    size_t len = 0;
    char *doc = npc_test_read_file(path, &len);
    assert_non_null(doc);
    size_t tried = 0;
    for (char *line = strtok(doc, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        size_t ll = strlen(line);
        if (ll > 3 * 100 || strpbrk(line, "&<>\"'") != NULL) {
            continue; /* the window shows the whole line; no entities */
        }
        for (size_t at = 0; at + 6 <= ll; at += 3) {
            for (size_t chars = 2; chars <= 4 && at + 3 * chars <= ll; chars++) {
                char q[16];
                memcpy(q, line + at, 3 * chars);
                q[3 * chars] = '\0';
                if (!npc_utf8_valid(q, 3 * chars, NULL) || !split_into_singles(f, q)) {
                    continue;
                }
                tried++;
                char text[1024], marked[1024];
                unmark(snippet(f, q, line), text, marked, sizeof text);
                for (char *o = strstr(text, q); o != NULL; o = strstr(o + 1, q)) {
                    if (memchr(marked + (o - text), 0, 3 * chars) != NULL) {
                        fail_msg("\"%s\" unmarked in \"%s\"", q, f->out);
                    }
                }
            }
        }
    }
    assert_true(tried > 20);
    free(doc);
}

/* ---- HTML --------------------------------------------------------------------------------- */

static void test_html_escaped(void **state)
{
    fixture *f = *state;
    const char *s = snippet(f, "残疾人", "<script>残疾人");
    assert_string_equal(s, "&lt;script&gt;<mark>残疾人</mark>");
    s = snippet(f, "残疾人", "<b>残疾人</b> & \"x\" 'y'");
    assert_string_equal(s,
                        "&lt;b&gt;<mark>残疾人</mark>&lt;/b&gt; &amp; &quot;x&quot; &#39;y&#39;");
    /* a query word that is itself markup-like is escaped inside the mark */
    s = snippet(f, "a", "x <a> y");
    assert_int_equal(count(s, "<mark>"), 1);
    assert_contains(s, "&lt;<mark>a</mark>&gt;");
    assert_int_equal(count(s, "<"), 2); /* only <mark> and </mark> */
}

static void test_html_escape_append(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    assert_true(npc_html_escape_append(&buf, &len, &cap, "a<b>&", 5));
    assert_true(npc_html_escape_append(&buf, &len, &cap, "\"'\n", 3));
    assert_string_equal(buf, "a&lt;b&gt;&amp;&quot;&#39; ");
    assert_int_equal(len, strlen(buf));
    assert_true(cap > len);
    /* long input grows the buffer */
    char big[1000];
    memset(big, '&', sizeof big);
    assert_true(npc_html_escape_append(&buf, &len, &cap, big, sizeof big));
    assert_int_equal(len, strlen("a&lt;b&gt;&amp;&quot;&#39; ") + 5 * sizeof big);
    assert_int_equal(strlen(buf), len);
    free(buf);
}

/* ---- the window --------------------------------------------------------------------------- */

static void test_long_text_window(void **state)
{
    fixture *f = *state;
    char *text = repeat("前言", 100, "残疾人就业", "后记", 100);
    const char *s = snippet(f, "就业", text);
    assert_contains(s, "<mark>就业</mark>");
    assert_int_equal(count(s, "<mark>"), 1);
    assert_true(strncmp(s, "…", strlen("…")) == 0);
    assert_true(strcmp(s + strlen(s) - strlen("…"), "…") == 0);
    /* the window: NPC_SNIPPET_CHARS characters plus the two ellipses */
    assert_true(visible_chars(s) <= NPC_SNIPPET_CHARS + 2);
    assert_true(visible_chars(s) >= NPC_SNIPPET_CHARS / 2);
    /* some context before the match */
    const char *m = strstr(s, "<mark>");
    assert_true(m - s > (long)strlen("…"));
    free(text);
}

static void test_match_at_start_has_no_leading_ellipsis(void **state)
{
    fixture *f = *state;
    char *text = repeat("", 0, "残疾人就业", "后记", 200);
    const char *s = snippet(f, "残疾人", text);
    assert_true(strncmp(s, "<mark>残疾人</mark>", strlen("<mark>残疾人</mark>")) == 0);
    assert_true(strcmp(s + strlen(s) - strlen("…"), "…") == 0);
    free(text);
}

static void test_no_match(void **state)
{
    fixture *f = *state;
    const char *s = snippet(f, "税收", "残疾人的合法权益受法律保护");
    assert_string_equal(s, "残疾人的合法权益受法律保护");
    /* a long text without a match: its beginning */
    char *text = repeat("前言", 200, "", "", 0);
    s = snippet(f, "税收", text);
    assert_null(strstr(s, "<mark>"));
    assert_true(strncmp(s, "前言前言", strlen("前言前言")) == 0);
    assert_true(strcmp(s + strlen(s) - strlen("…"), "…") == 0);
    assert_true(visible_chars(s) <= NPC_SNIPPET_CHARS + 1);
    free(text);
}

/* Only the first NPC_SNIPPET_SCAN bytes are scanned for matches. */
static void test_scan_limit(void **state)
{
    fixture *f = *state;
    char *text = repeat("前言", NPC_SNIPPET_SCAN / 6 + 100, "残疾人", "", 0);
    const char *s = snippet(f, "残疾人", text);
    assert_null(strstr(s, "<mark>"));
    assert_true(strncmp(s, "前言", strlen("前言")) == 0);
    free(text);
}

static void test_empty_text(void **state)
{
    fixture *f = *state;
    const char *s = snippet_n(f, "残疾人", "", 0);
    assert_string_equal(s, "");
}

static void test_invalid_utf8(void **state)
{
    fixture *f = *state;
    npc_query *q = NULL;
    npc_err err;
    assert_int_equal(npc_query_parse(f->a, NULL, "残疾人", strlen("残疾人"), &q, &err), NPC_OK);
    char *out = (char *)&out;
    assert_int_equal(npc_snippet(f->a, q, "残疾人\xff", 10, NULL, 0, &out, &err), NPC_EUTF8);
    assert_null(out);
    npc_query_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mark_numbering),
        cmocka_unit_test(test_mark_full_width),
        cmocka_unit_test(test_mark_traditional),
        cmocka_unit_test(test_several_marks),
        cmocka_unit_test(test_bigram_runs),
        cmocka_unit_test(test_pair_words),
        cmocka_unit_test(test_split_words_marked_everywhere),
        cmocka_unit_test(test_html_escaped),
        cmocka_unit_test(test_html_escape_append),
        cmocka_unit_test(test_long_text_window),
        cmocka_unit_test(test_match_at_start_has_no_leading_ellipsis),
        cmocka_unit_test(test_no_match),
        cmocka_unit_test(test_scan_limit),
        cmocka_unit_test(test_empty_text),
        cmocka_unit_test(test_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_lawmd.c — the law Markdown parser (indexer/lawmd.h) on tests/data/law-sample.md (an
 * invented regulation), on small inline files for the edge cases, and on two real laws of the
 * shared corpus when it is there (NPC_SHARED, default NPC_SOURCE_DIR/../shared).
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
#include <sys/stat.h>

#include "lawmd.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* Asserts that text[r) is exactly `want`. */
#define assert_range(text, r, want) check_range(text, r, want, __FILE__, __LINE__)
static void check_range(const char *text, npc_range r, const char *want, const char *file, int line)
{
    size_t n = r.end - r.start;
    if (r.end < r.start || n != strlen(want) || memcmp(text + r.start, want, n) != 0) {
        fail_msg("%s:%d: range [%zu, %zu) is \"%.*s\", expected \"%s\"", file, line, r.start, r.end,
                 r.end < r.start ? 0 : (int)n, text + r.start, want);
    }
}

/* Asserts that text[r) starts with `prefix`. */
static void assert_range_starts(const char *text, npc_range r, const char *prefix)
{
    size_t n = strlen(prefix);
    assert_true(r.end - r.start >= n);
    if (memcmp(text + r.start, prefix, n) != 0) {
        fail_msg("range starts \"%.*s\", expected \"%s\"", (int)n, text + r.start, prefix);
    }
}

static npc_law parse_ok(const char *text, size_t len)
{
    npc_law law;
    npc_err err;
    npc_status st = npc_law_parse(text, len, &law, &err);
    if (st != NPC_OK) {
        fail_msg("parse: %s (%s)", npc_status_name(st), err.detail);
    }
    return law;
}

static const npc_law_article *article(const npc_law *law, uint32_t num, uint32_t sub)
{
    for (size_t i = 0; i < law->narticles; i++) {
        if (law->articles[i].num == num && law->articles[i].sub == sub) {
            return &law->articles[i];
        }
    }
    fail_msg("no article %u-%u", num, sub);
    return NULL;
}

/* ---- the sample file ---------------------------------------------------------------------- */

typedef struct sample {
    char *text;
    size_t len;
    npc_law law;
} sample;

static int sample_setup(void **state)
{
    const char *dir = getenv("NPC_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/law-sample.md", dir ? dir : "tests/data");
    sample *s = calloc(1, sizeof *s);
    if (s == NULL || (s->text = npc_test_read_file(path, &s->len)) == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        free(s);
        return -1;
    }
    npc_err err;
    if (npc_law_parse(s->text, s->len, &s->law, &err) != NPC_OK) {
        fprintf(stderr, "%s: %s\n", path, err.detail);
        free(s->text);
        free(s);
        return -1;
    }
    *state = s;
    return 0;
}

static int sample_teardown(void **state)
{
    sample *s = *state;
    npc_law_release(&s->law);
    free(s->text);
    free(s);
    return 0;
}

static void test_sample_front(void **state)
{
    sample *s = *state;
    assert_range(s->text, s->law.title, "示范市河湖保护条例");
    assert_range(s->text, s->law.book, "第一编 河道");
    /* the info lines: all three, the latest date though it is not the last line */
    assert_range_starts(s->text, s->law.info, "\n2019年6月12日");
    assert_non_null(strstr(s->text + s->law.info.start, "第一次修正"));
    assert_true(strstr(s->text + s->law.info.start, "第一次修正") < s->text + s->law.info.end);
    assert_string_equal(s->law.date, "2023-11-28");
    /* the body follows the marker to the end */
    const char *marker = strstr(s->text, "<!-- INFO END -->");
    assert_non_null(marker);
    assert_true(s->law.info.end <= (size_t)(marker - s->text));
    assert_true(s->law.body.start > (size_t)(marker - s->text));
    assert_int_equal(s->law.body.end, s->len);
    assert_range_starts(s->text, s->law.body, "\n第一条");
}

static void test_sample_headings(void **state)
{
    sample *s = *state;
    const npc_law *law = &s->law;
    assert_int_equal(law->nheadings, 4);
    assert_range(s->text, law->headings[0].text, "第一章 总 则");
    assert_int_equal(law->headings[0].level, 2);
    assert_range(s->text, law->headings[1].text, "第一节 管理体制");
    assert_int_equal(law->headings[1].level, 3);
    assert_range(s->text, law->headings[2].text, "第二章 保护措施");
    assert_int_equal(law->headings[2].level, 2);
    assert_range(s->text, law->headings[3].text, "第三章 附 则");
    assert_int_equal(law->headings[3].level, 2);
}

static void test_sample_articles(void **state)
{
    sample *s = *state;
    const npc_law *law = &s->law;
    static const uint32_t nums[][2] = {{1, 0},  {2, 0},  {3, 0},  {4, 0},
                                       {12, 0}, {12, 1}, {13, 0}, {14, 0}};
    static const long heads[] = {-1, 0, 1, 1, 2, 2, 2, 3};
    assert_int_equal(law->narticles, 8);
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(law->articles[i].num, nums[i][0]);
        assert_int_equal(law->articles[i].sub, nums[i][1]);
        assert_int_equal(law->articles[i].heading, heads[i]);
        assert_int_equal(law->articles[i].dup, 0);
        assert_int_equal(law->articles[i].label.start, law->articles[i].text.start);
    }
    assert_range(s->text, law->articles[0].text,
                 "第一条 为了保护本市河湖，改善水生态环境，制定本条例。");
    assert_range(s->text, law->articles[0].label, "第一条");
    assert_range(s->text, law->articles[7].text, "第十四条 本条例自2024年1月1日起施行。");
}

/* Following paragraphs belong to the article; a paragraph starting 第十条规定 (no space after
 * the label) is one of them, not an article; blank lines after the last are not. */
static void test_sample_multi_paragraph(void **state)
{
    sample *s = *state;
    const npc_law_article *a = article(&s->law, 3, 0);
    assert_range(s->text, a->label, "第三条");
    assert_range(s->text, a->text,
                 "第三条 市水务部门负责全市河湖保护工作。\n\n"
                 "区水务部门负责本辖区内的河湖保护工作，并对巡查中发现的问题及时处理。\n\n"
                 "第十条规定的巡查记录应当至少保存三年。");
    for (size_t i = 0; i < s->law.narticles; i++) {
        assert_int_not_equal(s->law.articles[i].num, 10);
    }
}

/* A label followed by an ideographic space (U+3000) starts an article too. */
static void test_sample_ideographic_space(void **state)
{
    sample *s = *state;
    const npc_law_article *a = article(&s->law, 4, 0);
    assert_range(s->text, a->label, "第四条");
    assert_range(s->text, a->text,
                 "第四条　任何单位和个人都有保护河湖的义务，有权劝阻和举报破坏河湖的行为。");
}

static void test_sample_sub_article(void **state)
{
    sample *s = *state;
    const npc_law_article *a = article(&s->law, 12, 1);
    assert_range(s->text, a->label, "第十二条之一");
    assert_range(s->text, a->text,
                 "第十二条之一 禁止在河道内非法采砂。\n\n"
                 "市水务部门应当会同有关部门划定禁采区，并向社会公布。");
    assert_range(s->text, article(&s->law, 12, 0)->text,
                 "第十二条 禁止在河道管理范围内倾倒垃圾、渣土。");
}

/* An article on the line right before a heading ends at its own line. */
static void test_sample_article_before_heading(void **state)
{
    sample *s = *state;
    const npc_law_article *a = article(&s->law, 13, 0);
    assert_range(s->text, a->text,
                 "第十三条 违反本条例第十二条规定的，由水务部门责令改正，处二千元以上二万元以下"
                 "罚款。");
    assert_int_equal(a->heading, 2);
    assert_int_equal(article(&s->law, 14, 0)->heading, 3);
}

static void test_sample_heading_path(void **state)
{
    sample *s = *state;
    long path[8];
    /* 第三条: chapter, then section */
    size_t n = npc_law_heading_path(&s->law, article(&s->law, 3, 0)->heading, path, 8);
    assert_int_equal(n, 2);
    assert_int_equal(path[0], 0);
    assert_int_equal(path[1], 1);
    assert_range(s->text, s->law.headings[path[0]].text, "第一章 总 则");
    assert_range(s->text, s->law.headings[path[1]].text, "第一节 管理体制");
    /* 第十二条: the second chapter alone (the section of the first chapter is not in force) */
    n = npc_law_heading_path(&s->law, article(&s->law, 12, 0)->heading, path, 8);
    assert_int_equal(n, 1);
    assert_int_equal(path[0], 2);
    /* max bounds the output, outermost first */
    n = npc_law_heading_path(&s->law, 1, path, 1);
    assert_int_equal(n, 1);
    assert_int_equal(path[0], 0);
    /* no heading: an empty path */
    assert_int_equal(npc_law_heading_path(&s->law, -1, path, 8), 0);
}

/* ---- inline files ------------------------------------------------------------------------- */

static void test_front_matter(void **state)
{
    (void)state;
    const char text[] = "---\n"
                        "type: law\n"
                        "# 不是标题\n"
                        "---\n"
                        "# 示范市养犬管理条例\n"
                        "\n"
                        "2022年5月1日 通过\n"
                        "\n"
                        "<!-- INFO END -->\n"
                        "\n"
                        "第一条 为了规范养犬行为，制定本条例。\n";
    npc_law law = parse_ok(text, strlen(text));
    assert_range(text, law.title, "示范市养犬管理条例");
    assert_int_equal(law.book.end - law.book.start, 0);
    assert_string_equal(law.date, "2022-05-01");
    assert_int_equal(law.narticles, 1);
    assert_range(text, law.articles[0].text, "第一条 为了规范养犬行为，制定本条例。");
    npc_law_release(&law);
}

static void test_no_articles(void **state)
{
    (void)state;
    const char text[] = "# 示范市人民代表大会常务委员会关于开展河湖保护执法检查的决定\n"
                        "\n"
                        "2024年4月26日 示范市第十六届人民代表大会常务委员会第十次会议通过\n"
                        "\n"
                        "<!-- INFO END -->\n"
                        "\n"
                        "一、开展河湖保护执法检查。\n"
                        "\n"
                        "二、本决定自公布之日起施行。依照第十条规定办理。\n";
    npc_law law = parse_ok(text, strlen(text));
    assert_range(text, law.title, "示范市人民代表大会常务委员会关于开展河湖保护执法检查的决定");
    assert_int_equal(law.narticles, 0);
    assert_int_equal(law.nheadings, 0);
    assert_string_equal(law.date, "2024-04-26");
    assert_range_starts(text, law.body, "\n一、开展");
    assert_int_equal(law.body.end, strlen(text));
    npc_law_release(&law);
}

/* Version facts: adopted (the earliest info date), in force (the latest of the info dates, an
 * info line's 施行 and the body's 本法自…起施行), repealed (an info line's 废止 outside 《》). */
static void test_version_facts(void **state)
{
    (void)state;
    const char amended[] = "# 示范法\n\n"
                           "2006年8月27日 第一次会议通过\n\n"
                           "2024年11月8日 第二次会议《关于修改、\n废止〈示范法〉等的决定》修正\n\n"
                           "<!-- INFO END -->\n\n"
                           "第一条 为了示范，制定本法。\n\n"
                           "第二条 本法自2007年1月1日起施行。\n";
    npc_law law = parse_ok(amended, strlen(amended));
    assert_string_equal(law.adopted, "2006-08-27");
    assert_string_equal(law.date, "2024-11-08");
    assert_string_equal(law.in_force, "2024-11-08"); /* the amendment, not the first text's day */
    assert_string_equal(law.repealed, "");           /* 废止 inside 《》, over a line break */
    npc_law_release(&law);

    const char fresh[] = "# 示范法\n\n2006年8月27日 第一次会议通过\n\n<!-- INFO END -->\n\n"
                         "第一条 本法自2007年1月1日起施行。\n";
    law = parse_ok(fresh, strlen(fresh));
    assert_string_equal(law.in_force, "2007-01-01"); /* a new text takes effect on its own day */
    npc_law_release(&law);

    const char line[] = "# 示范条例\n\n2010年6月25日 通过\n\n2010年10月1日 施行\n\n"
                        "2020年3月26日 废止\n\n<!-- INFO END -->\n\n第一条 甲。\n";
    law = parse_ok(line, strlen(line));
    assert_string_equal(law.adopted, "2010-06-25");
    assert_string_equal(law.repealed, "2020-03-26");
    npc_law_release(&law);

    const char none[] = "# 示范\n\n<!-- INFO END -->\n\n第一条 自2007年1月1日起施行的规定。\n";
    law = parse_ok(none, strlen(none));
    assert_string_equal(law.adopted, "");
    assert_string_equal(law.in_force, ""); /* no 本…自: another text's date */
    npc_law_release(&law);
}

/* tests/data/law-broken.md: the marker and articles, but "#title" is no title line */
static void test_broken_file(void **state)
{
    (void)state;
    const char *dir = getenv("NPC_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/law-broken.md", dir ? dir : "tests/data");
    size_t len;
    char *text = npc_test_read_file(path, &len);
    assert_non_null(text);
    npc_law law;
    npc_err err;
    assert_int_equal(npc_law_parse(text, len, &law, &err), NPC_EFORMAT);
    assert_non_null(strstr(err.detail, "title"));
    npc_law_release(&law);
    free(text);
}

static void test_no_title(void **state)
{
    (void)state;
    const char *const texts[] = {
        "",
        "第一条 为了规范养犬行为，制定本条例。\n",
        "## 第一章 总则\n\n第一条 内容。\n",
        "#示范市养犬管理条例\n\n第一条 内容。\n", /* no space after # */
        "---\n# 示范市养犬管理条例\n---\n第一条 内容。\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        npc_law law;
        npc_err err;
        npc_status st = npc_law_parse(texts[i], strlen(texts[i]), &law, &err);
        if (st != NPC_EFORMAT) {
            fail_msg("text %zu: %s, expected format", i, npc_status_name(st));
        }
        assert_int_equal(err.code, NPC_EFORMAT);
        npc_law_release(&law);
    }
}

static void test_no_marker(void **state)
{
    (void)state;
    const char text[] =
        "# 示范市养犬管理条例\n\n第一条 为了规范养犬行为，制定本条例。\n\n第二条 适用范围。\n";
    npc_law law = parse_ok(text, strlen(text));
    assert_range(text, law.title, "示范市养犬管理条例");
    assert_string_equal(law.date, "");
    assert_int_equal(law.narticles, 2);
    assert_range_starts(text, law.body, "\n第一条");
    npc_law_release(&law);
}

/* Without the marker there are no info lines, hence no book: a later "# " line is part of the
 * body, which starts right after the title. */
static void test_no_marker_later_heading(void **state)
{
    (void)state;
    const char text[] =
        "# 示范市养犬管理条例\n\n第一条 为了规范养犬行为，制定本条例。\n\n# 附件\n\n"
        "犬只登记表。\n";
    npc_law law = parse_ok(text, strlen(text));
    assert_range(text, law.title, "示范市养犬管理条例");
    assert_int_equal(law.book.end - law.book.start, 0);
    assert_range_starts(text, law.body, "\n第一条");
    assert_int_equal(law.narticles, 1);
    assert_range(text, law.articles[0].text, "第一条 为了规范养犬行为，制定本条例。");
    npc_law_release(&law);
}

static void test_crlf(void **state)
{
    (void)state;
    const char text[] =
        "# 示范市养犬管理条例\r\n\r\n2022年5月1日 通过\r\n\r\n<!-- INFO END -->\r\n\r\n"
        "## 第一章 总则\r\n\r\n"
        "第一条 为了规范养犬行为，制定本条例。\r\n\r\n"
        "养犬人应当遵守本条例。\r\n";
    npc_law law = parse_ok(text, strlen(text));
    assert_range(text, law.title, "示范市养犬管理条例");
    assert_int_equal(law.nheadings, 1);
    assert_range(text, law.headings[0].text, "第一章 总则");
    assert_int_equal(law.narticles, 1);
    assert_range(text, law.articles[0].text,
                 "第一条 为了规范养犬行为，制定本条例。\r\n\r\n养犬人应当遵守本条例。");
    npc_law_release(&law);
}

/* Indented articles, and the same number twice or three times. */
static void test_indent_and_duplicates(void **state)
{
    (void)state;
    const char text[] = "# 示范条例\n<!-- INFO END -->\n"
                        "　　第一条 甲。\n"
                        "第一条 乙。\n"
                        "第二条 丙。\n"
                        "第一条 丁。\n";
    npc_law law = parse_ok(text, strlen(text));
    assert_int_equal(law.narticles, 4);
    assert_range(text, law.articles[0].label, "第一条");
    assert_range(text, law.articles[0].text, "第一条 甲。");
    assert_int_equal(law.articles[0].dup, 0);
    assert_int_equal(law.articles[1].dup, 2);
    assert_int_equal(law.articles[2].dup, 0);
    assert_int_equal(law.articles[3].dup, 3);
    npc_law_release(&law);
}

/* The marker and the title, alone: what the indexer asks before it parses (prep.c, prep_law.c). */
static void test_marker_and_title(void **state)
{
    (void)state;
    const char law[] = "---\nvisibility: internal\n---\n\n#\t示范条例　\r\n<!-- INFO END -->\n";
    assert_true(npc_law_marked(law, strlen(law)));
    assert_false(npc_law_marked(law, strlen(law) - 2)); /* the marker cut */
    const char cut[] = "# 示范条例\n<!-- INFO";
    assert_false(npc_law_marked(cut, strlen(cut)));
    npc_range t;
    assert_true(npc_law_title(law, strlen(law), &t));
    assert_range(law, t, "示范条例");
    /* the same title as the parser's */
    npc_law parsed = parse_ok(law, strlen(law));
    assert_int_equal(parsed.title.start, t.start);
    assert_int_equal(parsed.title.end, t.end);
    npc_law_release(&parsed);
    /* ## is no title; nor is a "#" without a space */
    const char none[] = "## 第一章\n#示范\n";
    assert_false(npc_law_title(none, strlen(none), &t));
}

/* ---- the shared corpus -------------------------------------------------------------------- */

/* Reads corpus/laws/<rel> of the shared corpus into *text; skips the test when it is absent. */
static char *shared_law(const char *rel, size_t *len)
{
    char root[1024], path[2048];
    const char *shared = getenv("NPC_SHARED");
    if (shared != NULL && *shared != '\0') {
        snprintf(root, sizeof root, "%s", shared);
    } else {
        const char *src = getenv("NPC_SOURCE_DIR");
        snprintf(root, sizeof root, "%s/../shared", src ? src : ".");
    }
    struct stat st;
    snprintf(path, sizeof path, "%s/corpus/laws", root);
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        print_message("skipped: no shared corpus at %s\n", path);
        skip();
    }
    snprintf(path, sizeof path, "%s/corpus/laws/%s", root, rel);
    char *text = npc_test_read_file(path, len);
    if (text == NULL) {
        fail_msg("cannot read %s", path);
    }
    return text;
}

static void test_shared_disability_law(void **state)
{
    (void)state;
    size_t len;
    char *text = shared_law("社会法/残疾人保障法(2018-10-26).md", &len);
    npc_law law = parse_ok(text, len);
    assert_range(text, law.title, "中华人民共和国残疾人保障法");
    assert_int_equal(law.book.end - law.book.start, 0);
    assert_string_equal(law.date, "2018-10-26");
    const npc_law_article *a = article(&law, 33, 0);
    assert_range(text, a->label, "第三十三条");
    assert_range_starts(text, a->text, "第三十三条 ");
    assert_true(a->heading >= 0);
    assert_true(law.narticles >= 60);
    for (size_t i = 0; i < law.narticles; i++) {
        assert_int_equal(law.articles[i].num, i + 1);
    }
    npc_law_release(&law);
    free(text);
}

static void test_shared_civil_code_book(void **state)
{
    (void)state;
    size_t len;
    char *text = shared_law("民法典/侵权责任编.md", &len);
    npc_law law = parse_ok(text, len);
    assert_range(text, law.title, "中华人民共和国民法典");
    assert_range(text, law.book, "侵权责任编");
    assert_int_equal(law.narticles, 1258 - 1164 + 1);
    for (size_t i = 0; i < law.narticles; i++) {
        assert_int_equal(law.articles[i].num, 1164 + i);
        assert_int_equal(law.articles[i].sub, 0);
        assert_int_equal(law.articles[i].dup, 0);
    }
    assert_range_starts(text, article(&law, 1165, 0)->text, "第一千一百六十五条 ");
    npc_law_release(&law);
    free(text);
}

int main(void)
{
    const struct CMUnitTest sample_tests[] = {
        cmocka_unit_test(test_sample_front),
        cmocka_unit_test(test_sample_headings),
        cmocka_unit_test(test_sample_articles),
        cmocka_unit_test(test_sample_multi_paragraph),
        cmocka_unit_test(test_sample_ideographic_space),
        cmocka_unit_test(test_sample_sub_article),
        cmocka_unit_test(test_sample_article_before_heading),
        cmocka_unit_test(test_sample_heading_path),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_no_articles),
        cmocka_unit_test(test_version_facts),
        cmocka_unit_test(test_no_title),
        cmocka_unit_test(test_broken_file),
        cmocka_unit_test(test_no_marker),
        cmocka_unit_test(test_no_marker_later_heading),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_indent_and_duplicates),
        cmocka_unit_test(test_marker_and_title),
        cmocka_unit_test(test_shared_disability_law),
        cmocka_unit_test(test_shared_civil_code_book),
    };
    int failed =
        cmocka_run_group_tests_name("law-sample.md", sample_tests, sample_setup, sample_teardown);
    failed += cmocka_run_group_tests_name("inline and shared", tests, NULL, NULL);
    return failed;
}

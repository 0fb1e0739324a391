/*
 * test_cite.c — the citation grammar (lib/index/cite.h) with the test lexicon (残疾人保障法 in full
 * and short, 监督法 as the alias of 各级人民代表大会常务委员会监督法).
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
#include "index/cite.h"

typedef struct fixture {
    npc_lexicon *lx;
    npc_analyzer *a;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || (f->lx = npc_test_lexicon()) == NULL ||
        npc_analyzer_new(f->lx, &f->a, NULL) != NPC_OK) {
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

typedef struct found {
    npc_cite c[8];
    size_t n;
} found;

static int keep(const npc_cite *c, void *ctx)
{
    found *fd = ctx;
    if (fd->n < 8) {
        fd->c[fd->n++] = *c;
    }
    return 0;
}

static found scan(fixture *f, const char *text, const char *self)
{
    npc_analysis an;
    found fd = {0};
    assert_int_equal(npc_analyze(f->a, text, strlen(text), NPC_AN_BIGRAMS, &an, NULL), NPC_OK);
    size_t n = npc_cite_scan(&an, f->lx, text, strlen(text), self, keep, &fd);
    assert_int_equal(n, fd.n);
    return fd;
}

static void test_full_title_and_list(void **state)
{
    fixture *f = *state;
    const char *t = "依照《中华人民共和国残疾人保障法》第三十三条、第三十四条的规定。";
    found fd = scan(f, t, NULL);
    assert_int_equal(fd.n, 2);
    assert_string_equal(fd.c[0].key, "残疾人保障法");
    assert_int_equal(fd.c[0].article, 33);
    assert_int_equal(fd.c[0].known, 1);
    /* the range covers 《…》第三十三条 */
    assert_int_equal(fd.c[0].start, strlen("依照"));
    assert_int_equal(fd.c[0].end, strlen("依照《中华人民共和国残疾人保障法》第三十三条"));
    assert_string_equal(fd.c[1].key, "残疾人保障法");
    assert_int_equal(fd.c[1].article, 34);
}

static void test_short_titles_and_numbers(void **state)
{
    fixture *f = *state;
    found fd =
        scan(f, "《残疾人保障法》第33条和监督法第十条，还有残疾人保障法 第五十一条之一", NULL);
    assert_int_equal(fd.n, 3);
    assert_int_equal(fd.c[0].article, 33);
    assert_string_equal(fd.c[1].key, "各级人民代表大会常务委员会监督法");
    assert_int_equal(fd.c[1].article, 10);
    assert_int_equal(fd.c[2].article, 51);
    assert_int_equal(fd.c[2].sub, 1);
}

static void test_unknown_title(void **state)
{
    fixture *f = *state;
    found fd = scan(f, "参照《示范市养犬管理 条例》第五条执行", NULL);
    assert_int_equal(fd.n, 1);
    assert_string_equal(fd.c[0].key, "示范市养犬管理条例"); /* as written, spaces dropped */
    assert_int_equal(fd.c[0].known, 0);
    assert_int_equal(fd.c[0].article, 5);
    /* a country name is dropped as for any key */
    fd = scan(f, "《中华人民共和国无障碍环境建设法》第十二条", NULL);
    assert_int_equal(fd.n, 1);
    assert_string_equal(fd.c[0].key, "无障碍环境建设法");
}

static void test_this_law(void **state)
{
    fixture *f = *state;
    const char *t = "违反本法第十条规定的，依照本条例第二十条处理。";
    found fd = scan(f, t, "示范市养犬管理条例");
    assert_int_equal(fd.n, 2);
    assert_string_equal(fd.c[0].key, "示范市养犬管理条例");
    assert_int_equal(fd.c[0].article, 10);
    assert_int_equal(fd.c[1].article, 20);
    /* outside a law, 本法 names nothing */
    assert_int_equal(scan(f, t, NULL).n, 0);
}

static void test_not_citations(void **state)
{
    fixture *f = *state;
    assert_int_equal(scan(f, "建议修改草案第十二条和第十三条", NULL).n, 0);
    assert_int_equal(scan(f, "第十二条 本条例自公布之日起施行。", NULL).n, 0);
    /* punctuation or a line break between the title and the number */
    assert_int_equal(scan(f, "残疾人保障法。第三十三条", NULL).n, 0);
    found fd = scan(f, "《残疾人保障法》\n第三十三条", NULL); /* the law alone (below) */
    assert_int_equal(fd.n, 1);
    assert_int_equal(fd.c[0].article, 0);
    /* a draft is not law */
    assert_int_equal(scan(f, "关于《示范市物业管理条例（草案）》第二十条的意见", NULL).n, 0);
    /* a chapter is not an article */
    assert_int_equal(scan(f, "残疾人保障法第四章", NULL).n, 0);
    /* article zero names no article (found by fuzz_text) */
    assert_int_equal(scan(f, "残疾人保障法第零条", NULL).n, 0);
    assert_int_equal(scan(f, "《示范市养犬管理条例》第00条", NULL).n, 0);
    /* a title of control characters only is no title */
    assert_int_equal(scan(f, "《\x01\x02》第三条", NULL).n, 0);
}

/* A law named in 《》 without an article cites the law as a whole (article 0), its title
 * maybe broken over lines; not a draft, not what is no law's title, not the law itself. */
static void test_law_alone(void **state)
{
    fixture *f = *state;
    const char *t = "开展《中华人民共和\n国残疾人保障法》执法检查，听取《关于预算的报告》。";
    found fd = scan(f, t, NULL);
    assert_int_equal(fd.n, 1);
    assert_string_equal(fd.c[0].key, "残疾人保障法");
    assert_int_equal(fd.c[0].article, 0);
    assert_int_equal(fd.c[0].start, strlen("开展"));
    assert_int_equal(fd.c[0].end, strlen("开展《中华人民共和\n国残疾人保障法》"));
    assert_int_equal(scan(f, "审议《示范市物业管理条例（草案）》", NULL).n, 0);
    assert_int_equal(scan(f, "依照《残疾人保障法》", "残疾人保障法").n, 0);
    /* with an article it is that article's citation, once */
    fd = scan(f, "依照《残疾人保障法》第三十三条", NULL);
    assert_int_equal(fd.n, 1);
    assert_int_equal(fd.c[0].article, 33);
}

static void test_parse(void **state)
{
    fixture *f = *state;
    npc_cite c;
    npc_err err;
    assert_int_equal(
        npc_cite_parse(f->a, "残疾人保障法第三十三条", strlen("残疾人保障法第三十三条"), &c, &err),
        NPC_OK);
    assert_string_equal(c.key, "残疾人保障法");
    assert_int_equal(c.article, 33);
    const char *u = "《示范市养犬管理条例》第5条";
    assert_int_equal(npc_cite_parse(f->a, u, strlen(u), &c, &err), NPC_OK);
    assert_string_equal(c.key, "示范市养犬管理条例");
    assert_int_equal(c.article, 5);
    assert_int_equal(c.known, 0);
    const char *law = "中华人民共和国残疾人保障法";
    assert_int_equal(npc_cite_parse(f->a, law, strlen(law), &c, &err), NPC_OK);
    assert_string_equal(c.key, "残疾人保障法");
    assert_int_equal(c.article, 0);
    assert_int_equal(npc_cite_parse(f->a, "第三条", strlen("第三条"), &c, &err), NPC_EINVAL);
    assert_non_null(strstr(err.detail, "names no law"));
    /* control characters are left out of a written title; nothing else left: no law */
    const char *ctl = "示范\x01市养犬管理条例第5条";
    assert_int_equal(npc_cite_parse(f->a, ctl, strlen(ctl), &c, &err), NPC_OK);
    assert_string_equal(c.key, "示范市养犬管理条例");
    assert_int_equal(npc_cite_parse(f->a, "\x01\x02第5条", strlen("\x01\x02第5条"), &c, &err),
                     NPC_EINVAL);
}

/* The article of a title as a user types it: after the title, or before it (第33条 残疾人保障法)
 * when no title before claims the number. */
static void test_article_of_title(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *text;
        int cited;
        uint32_t article;
    } cases[] = {
        {"残疾人保障法第33条", 1, 33},
        {"第33条 残疾人保障法", 1, 33},
        {"第三十三条残疾人保障法", 1, 33},
        {"第三十三条　《残疾人保障法》", 1, 33},
        {"残疾人保障法", 0, 0},
        {"第33条，残疾人保障法", 0, 0},
        {"第四章 残疾人保障法", 0, 0},
        {"监督法第十条 残疾人保障法", 0, 0},
        {"第十条 监督法 第5条", 1, 5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *t = cases[i].text;
        npc_analysis an;
        assert_int_equal(npc_analyze(f->a, t, strlen(t), NPC_AN_BIGRAMS, &an, NULL), NPC_OK);
        size_t title = an.ntokens, k = 0;
        for (size_t j = 0; j < an.ntokens; j++) {
            title = an.tokens[j].title >= 0 ? j : title; /* the last title */
        }
        assert_true(title < an.ntokens);
        int cited = npc_cite_article_of_title(&an, t, title, &k);
        if (cited != cases[i].cited || (cited && an.tokens[k].num != cases[i].article)) {
            fail_msg("\"%s\": cited %d, article %u", t, cited, cited ? an.tokens[k].num : 0);
        }
    }
}

/* npc_cite_parse reads either order; a document's scan reads only the title first (an article
 * heading before a title is no citation). */
static void test_parse_either_order(void **state)
{
    fixture *f = *state;
    npc_cite c;
    npc_err err;
    const char *t = "第三十三条 残疾人保障法";
    assert_int_equal(npc_cite_parse(f->a, t, strlen(t), &c, &err), NPC_OK);
    assert_string_equal(c.key, "残疾人保障法");
    assert_int_equal(c.article, 33);
    assert_int_equal(c.known, 1);
    assert_int_equal(scan(f, "第三条 残疾人保障法规定的残疾人", NULL).n, 0);
}

static void test_term(void **state)
{
    (void)state;
    char b[128];
    assert_int_equal(npc_cite_term("残疾人保障法", 33, 0, b, sizeof b),
                     strlen("XK残疾人保障法#33"));
    assert_string_equal(b, "XK残疾人保障法#33");
    npc_cite_term("刑法", 17, 1, b, sizeof b);
    assert_string_equal(b, "XK刑法#17-1");
    npc_cite_term("刑法", 0, 0, b, sizeof b);
    assert_string_equal(b, "XK刑法");
    assert_int_equal(npc_cite_term("刑法", 17, 1, b, 6), 0);

    /* read back: a law alone gives its key, an article's term or another prefix nothing */
    const char *key = NULL;
    size_t klen = 0;
    assert_int_equal(npc_cite_term_law("XK刑法", strlen("XK刑法"), &key, &klen), 1);
    assert_int_equal(klen, strlen("刑法"));
    assert_memory_equal(key, "刑法", klen);
    assert_int_equal(npc_cite_term_law("XK刑法#17-1", strlen("XK刑法#17-1"), &key, &klen), 0);
    assert_int_equal(npc_cite_term_law("XL刑法", strlen("XL刑法"), &key, &klen), 0);
    assert_int_equal(npc_cite_term_law("XK", 2, &key, &klen), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_title_and_list),
        cmocka_unit_test(test_short_titles_and_numbers),
        cmocka_unit_test(test_unknown_title),
        cmocka_unit_test(test_this_law),
        cmocka_unit_test(test_not_citations),
        cmocka_unit_test(test_law_alone),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_article_of_title),
        cmocka_unit_test(test_parse_either_order),
        cmocka_unit_test(test_term),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

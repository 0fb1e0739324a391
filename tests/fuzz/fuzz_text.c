/*
 * fuzz_text.c — what the indexer finds inside any text: report sections (indexer/report.h)
 * and citations (lib/index/cite.h, both the scan over an analysis and the parse of what a user
 * types), and the text of a printed page (indexer/printed.h).  Checks: sections and headings
 * lie inside the text, in order, without overlapping, and start on character boundaries; every
 * citation has a law key, an article and a range inside the text; a parsed citation has a key;
 * a printed page's text and byline are valid UTF-8.
 */
#include <string.h>

#include "index/cite.h"
#include "text/fold.h"
#include "fuzz.h"
#include "printed.h"
#include "report.h"

static size_t len_;
static const char *text_;

static int boundary(size_t at)
{
    return at == len_ || ((unsigned char)text_[at] & 0xC0) != 0x80;
}

static void check_range(npc_range r)
{
    FUZZ_CHECK(r.start <= r.end && r.end <= len_);
    FUZZ_CHECK(r.start == r.end || (boundary(r.start) && boundary(r.end)));
}

static int check_cite(const npc_cite *c, void *ctx)
{
    (void)ctx;
    FUZZ_CHECK(c->start < c->end && c->end <= len_);
    FUZZ_CHECK(c->key[0] != '\0' && npc_utf8_valid(c->key, strlen(c->key), NULL));
    FUZZ_CHECK(c->article > 0 || c->sub == 0); /* article 0: the law as a whole */
    char term[NPC_LAW_KEY_MAX + 48];
    FUZZ_CHECK(npc_cite_term(c->key, c->article, c->sub, term, sizeof term) > 0);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    if (!npc_utf8_valid(s, size, NULL)) {
        return 0;
    }
    text_ = s;
    len_ = size;
    static npc_report r; /* large: not on the stack */
    npc_report_split(s, size, 0, &r);
    check_range(r.title);
    FUZZ_CHECK(r.n <= NPC_REPORT_MAX_SECTIONS);
    size_t end = 0;
    for (size_t i = 0; i < r.n; i++) {
        const npc_report_section *sec = &r.sections[i];
        check_range(sec->text);
        check_range(sec->heading);
        FUZZ_CHECK(sec->text.start >= end);
        FUZZ_CHECK(sec->level >= 0 && sec->level <= 2);
        FUZZ_CHECK(sec->heading.start == sec->heading.end ||
                   (sec->heading.start >= sec->text.start && sec->heading.end <= sec->text.end));
        end = sec->text.end;
    }
    char title[512], body[256]; /* the input's start as a title, as prep's first line */
    size_t tl = size < sizeof title ? size : sizeof title - 1;
    while (tl > 0 && !boundary(tl)) {
        tl--;
    }
    memcpy(title, s, tl);
    title[tl] = '\0';
    npc_report_body(title, body, sizeof body);
    FUZZ_CHECK(npc_utf8_valid(body, strlen(body), NULL));

    npc_err err;
    npc_printed page; /* the text as read: valid UTF-8, NUL-terminated, its byline too */
    if (npc_printed_read(s, size, &page, &err) == NPC_OK) {
        FUZZ_CHECK(page.text == NULL ||
                   (page.text[page.len] == '\0' && npc_utf8_valid(page.text, page.len, NULL)));
        FUZZ_CHECK(npc_utf8_valid(page.byline, strlen(page.byline), NULL));
        npc_printed_release(&page);
    }

    npc_analysis an;
    if (npc_analyze(fuzz_analyzer(), s, size, NPC_AN_BIGRAMS, &an, &err) == NPC_OK) {
        npc_cite_scan(&an, npc_analyzer_lexicon(fuzz_analyzer()), s, size, "示范法", check_cite,
                      NULL);
    }
    npc_cite c;
    if (size <= 512 && npc_cite_parse(fuzz_analyzer(), s, size, &c, &err) == NPC_OK) {
        FUZZ_CHECK(c.key[0] != '\0' && npc_utf8_valid(c.key, strlen(c.key), NULL));
    }
    return 0;
}

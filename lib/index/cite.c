/*
 * cite.c — the citation grammar (see cite.h).
 */
#include "index/cite.h"

#include <stdio.h>
#include <string.h>

/* Length of white space at s[i] (ASCII or U+3000, not a line break), 0 when none. */
static size_t space_at(const char *s, size_t i, size_t len)
{
    if (i < len && (s[i] == ' ' || s[i] == '\t')) {
        return 1;
    }
    if (i + 3 <= len && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
        return 3;
    }
    return 0;
}

/* 1 when text[from..to) holds nothing but white space and closing title marks. */
static int gap_ok(const char *text, size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        size_t w = space_at(text, i, to);
        if (w == 0 && i + 3 <= to &&
            (memcmp(text + i, "》", 3) == 0 || memcmp(text + i, "〉", 3) == 0)) {
            w = 3;
        }
        if (w == 0) {
            return 0;
        }
        i += w;
    }
    return 1;
}

/* An article number that can be cited: 第零条 / 第0条 names no article. */
static int is_article(const npc_token *t)
{
    return t->kind == NPC_TOK_NUMBERING && t->unit == NPC_UNIT_ARTICLE && t->num > 0;
}

size_t npc_cite_after_title(const npc_analysis *an, const char *text, size_t i)
{
    if (i >= an->ntokens || an->tokens[i].title < 0) {
        return 0;
    }
    for (size_t k = i + 1; k < an->ntokens; k++) {
        const npc_token *t = &an->tokens[k];
        if (!npc_token_is_word(t->kind)) {
            continue;
        }
        return is_article(t) && gap_ok(text, an->tokens[i].end, t->start) ? k : 0;
    }
    return 0;
}

/* 1 when text[from..to) holds nothing but white space and opening title marks. */
static int gap_before_title_ok(const char *text, size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        size_t w = space_at(text, i, to);
        if (w == 0 && i + 3 <= to &&
            (memcmp(text + i, "《", 3) == 0 || memcmp(text + i, "〈", 3) == 0)) {
            w = 3;
        }
        if (w == 0) {
            return 0;
        }
        i += w;
    }
    return 1;
}

/* The non-bigram token before token i, or -1. */
static long word_before(const npc_analysis *an, size_t i)
{
    while (i-- > 0) {
        if (an->tokens[i].kind != NPC_TOK_BIGRAM) {
            return (long)i;
        }
    }
    return -1;
}

int npc_cite_article_of_title(const npc_analysis *an, const char *text, size_t i, size_t *k)
{
    *k = npc_cite_after_title(an, text, i);
    if (*k != 0) {
        return 1;
    }
    long n = i < an->ntokens && an->tokens[i].title >= 0 ? word_before(an, i) : -1;
    if (n < 0 || !is_article(&an->tokens[n]) ||
        !gap_before_title_ok(text, an->tokens[n].end, an->tokens[i].start)) {
        return 0;
    }
    long t = word_before(an, (size_t)n); /* 残疾人保障法第33条 民法典: 33 is the first law's */
    if (t >= 0 && npc_cite_after_title(an, text, (size_t)t) == (size_t)n) {
        return 0;
    }
    *k = (size_t)n;
    return 1;
}

/* The start of the white space (not line breaks) that ends at `at`. */
static size_t skip_space_back(const char *text, size_t at)
{
    for (;;) {
        if (at >= 1 && (text[at - 1] == ' ' || text[at - 1] == '\t')) {
            at--;
        } else if (at >= 3 && memcmp(text + at - 3, "\xE3\x80\x80", 3) == 0) {
            at -= 3;
        } else {
            return at;
        }
    }
}

static int ends_with_at(const char *text, size_t at, const char *w)
{
    size_t n = strlen(w);
    return at >= n && memcmp(text + at - n, w, n) == 0;
}

/* A 《title》 that ends at `at` (just after 》): writes its key, returns its start; -1 when none.
 */
static long bracketed_title(const char *text, size_t at, char *key, size_t cap)
{
    if (!ends_with_at(text, at, "》")) {
        return -1;
    }
    size_t close = at - 3;
    /* back to 《, within 200 bytes and one line */
    for (size_t i = close; i >= 3 && close - i < 200; i--) {
        if (text[i - 1] == '\n' || ends_with_at(text, i, "》")) {
            return -1;
        }
        if (ends_with_at(text, i, "《")) {
            if (i == close) {
                return -1;
            }
            /* a draft is not law: feedback names it in its draft field */
            for (size_t j = i; j + 6 <= close; j++) {
                if (memcmp(text + j, "草案", 6) == 0) {
                    return -1;
                }
            }
            if (npc_law_key(text + i, close - i, key, cap) == 0) {
                return -1;
            }
            return (long)(i - 3);
        }
    }
    return -1;
}

static const char *const SELF[] = {"本法", "本条例", "本规定", "本办法", "本细则"};

/* A law named in 《》 without an article after it (《中华人民共和国残疾人保障法》: a backlink of
 * the law, article 0), the title possibly broken over lines; text from i, just after the 《.
 * Returns 1 and fills c (key, start, end) when the title is a law's (it ends in 法 or 条例, is
 * no draft, and 第 does not follow the 》). */
static int law_alone(const char *text, size_t len, size_t i, npc_cite *c)
{
    char title[256];
    size_t n = 0, j = i;
    for (; j + 3 <= len && j - i < 240; j++) {
        if (memcmp(text + j, "》", 3) == 0 || memcmp(text + j, "《", 3) == 0) {
            break;
        }
        if (text[j] != '\n' && text[j] != '\r' && text[j] != ' ' && n + 1 < sizeof title) {
            title[n++] = text[j];
        }
    }
    if (j + 3 > len || memcmp(text + j, "》", 3) != 0 || n == 0) {
        return 0;
    }
    title[n] = '\0';
    size_t after = j + 3;
    while (after < len && (text[after] == ' ' || text[after] == '\t')) {
        after++;
    }
    int law = (n >= 3 && memcmp(title + n - 3, "法", 3) == 0) ||
              (n >= 6 && memcmp(title + n - 6, "条例", 6) == 0);
    if (!law || strstr(title, "草案") != NULL ||
        (after + 3 <= len && memcmp(text + after, "第", 3) == 0) ||
        npc_law_key(title, n, c->key, sizeof c->key) == 0) {
        return 0;
    }
    c->article = c->sub = 0;
    c->start = (uint32_t)(i - 3);
    c->end = (uint32_t)(j + 3);
    c->known = 0;
    return 1;
}

size_t npc_cite_scan(const npc_analysis *an, const npc_lexicon *lx, const char *text, size_t len,
                     const char *self_key, npc_cite_cb cb, void *ctx)
{
    size_t found = 0;
    long prev_word = -1; /* the last word before k */
    npc_cite last;
    long last_tok = -1; /* numbering token of the last citation */
    for (size_t k = 0; k < an->ntokens; k++) {
        const npc_token *t = &an->tokens[k];
        if (!npc_token_is_word(t->kind)) {
            continue;
        }
        long pw = prev_word;
        prev_word = (long)k;
        if (!is_article(t) || t->end > len) {
            continue;
        }
        npc_cite c = {.article = t->num, .sub = t->sub, .end = t->end};
        size_t before = skip_space_back(text, t->start);
        long at;
        int ok = 0;
        if (pw >= 0 && an->tokens[pw].title >= 0 &&
            npc_cite_after_title(an, text, (size_t)pw) == k) {
            const char *key = npc_lexicon_title_key(lx, an->tokens[pw].title);
            if (key != NULL) {
                snprintf(c.key, sizeof c.key, "%s", key);
                c.start = an->tokens[pw].start;
                c.known = 1;
                ok = 1;
                /* include an opening 《 */
                if (c.start >= 3 && memcmp(text + c.start - 3, "《", 3) == 0) {
                    c.start -= 3;
                }
            }
        }
        if (!ok && (at = bracketed_title(text, before, c.key, sizeof c.key)) >= 0) {
            c.start = (uint32_t)at;
            ok = 1;
        }
        for (size_t s = 0; !ok && self_key != NULL && self_key[0] && s < 5; s++) {
            if (ends_with_at(text, before, SELF[s])) {
                snprintf(c.key, sizeof c.key, "%s", self_key);
                c.start = (uint32_t)(before - strlen(SELF[s]));
                c.known = 1;
                ok = 1;
            }
        }
        if (!ok && last_tok >= 0 && pw == last_tok && ends_with_at(text, before, "、") &&
            skip_space_back(text, before - 3) == an->tokens[last_tok].end) {
            snprintf(c.key, sizeof c.key, "%s", last.key);
            c.known = last.known;
            c.start = t->start;
            ok = 1;
        }
        if (!ok) {
            continue;
        }
        found++;
        last = c;
        last_tok = (long)k;
        if (cb != NULL && cb(&c, ctx) != 0) {
            return found;
        }
    }
    for (size_t i = 0; i + 3 <= len; i++) {
        npc_cite c;
        if (memcmp(text + i, "《", 3) == 0 && law_alone(text, len, i + 3, &c) &&
            (self_key == NULL || strcmp(c.key, self_key) != 0)) {
            found++;
            if (cb != NULL && cb(&c, ctx) != 0) {
                break;
            }
        }
    }
    return found;
}

npc_status npc_cite_parse(npc_analyzer *a, const char *s, size_t len, npc_cite *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    npc_analysis an;
    npc_status st = npc_analyze(a, s, len, 0, &an, err);
    if (st != NPC_OK) {
        return st;
    }
    const npc_lexicon *lx = npc_analyzer_lexicon(a);
    /* a known title with an article number after it (or before it) */
    for (size_t k = 0; k < an.ntokens; k++) {
        size_t n = 0;
        int cited = npc_cite_article_of_title(&an, s, k, &n);
        const char *key = cited ? npc_lexicon_title_key(lx, an.tokens[k].title) : NULL;
        if (key != NULL) {
            snprintf(out->key, sizeof out->key, "%s", key);
            out->article = an.tokens[n].num;
            out->sub = an.tokens[n].sub;
            out->known = 1;
            return NPC_OK;
        }
    }
    /* else: what comes before the first article number is the law, as written */
    size_t end = len;
    for (size_t k = 0; k < an.ntokens; k++) {
        if (is_article(&an.tokens[k])) {
            end = an.tokens[k].start;
            out->article = an.tokens[k].num;
            out->sub = an.tokens[k].sub;
            break;
        }
    }
    /* a law alone that the lexicon knows */
    if (out->article == 0) {
        for (size_t k = 0; k < an.ntokens; k++) {
            if (an.tokens[k].title >= 0) {
                snprintf(out->key, sizeof out->key, "%s",
                         npc_lexicon_title_key(lx, an.tokens[k].title));
                out->known = 1;
                return NPC_OK;
            }
        }
    }
    char buf[NPC_LAW_KEY_MAX * 2 + 8];
    size_t b = 0;
    for (size_t i = 0; i < end;) {
        unsigned char c = (unsigned char)s[i];
        size_t cl = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; /* s is valid UTF-8 */
        if (i + 3 <= end && (memcmp(s + i, "《", 3) == 0 || memcmp(s + i, "》", 3) == 0)) {
            i += 3;
            continue;
        }
        if (c < 0x20 || c == 0x7F) { /* control characters are no part of a title */
            i++;
            continue;
        }
        if (b + cl >= sizeof buf) { /* whole characters only */
            break;
        }
        memcpy(buf + b, s + i, cl);
        b += cl;
        i += cl;
    }
    buf[b] = '\0';
    if (npc_law_key(buf, b, out->key, sizeof out->key) == 0 || out->key[0] == '\0') {
        return npc_fail(err, NPC_EINVAL,
                        "\"%.*s\" names no law (write it as 残疾人保障法第三十三条)",
                        (int)(len > 200 ? 200 : len), s);
    }
    return NPC_OK;
}

size_t npc_cite_term(const char *key, uint32_t article, uint32_t sub, char *buf, size_t cap)
{
    char ref[32] = "";
    if (article != 0) {
        npc_article_ref(ref, sizeof ref, article, sub);
    }
    int n = snprintf(buf, cap, "%s%s%s%s", NPC_P_CITES, key, ref[0] ? "#" : "", ref);
    return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

int npc_cite_term_law(const char *t, size_t len, const char **key, size_t *klen)
{
    size_t pl = strlen(NPC_P_CITES);
    if (len <= pl || memcmp(t, NPC_P_CITES, pl) != 0 || memchr(t + pl, '#', len - pl) != NULL) {
        return 0;
    }
    *key = t + pl;
    *klen = len - pl;
    return 1;
}

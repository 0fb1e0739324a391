/*
 * analyzer.c — folding, ICU segmentation corrected by the lexicon, numbering and bigrams
 * (see analyzer.h for the contract).
 */
#include "analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>

#include "fold.h"
#include "numeral.h"

#define ANALYZE_MAX_INPUT (256u << 20)
#define TERM_MAX_BYTES 160 /* longer words (runs of letters, URLs) are not indexed */
#define CH_DI 0x7B2C       /* 第 */
#define CH_ZHI 0x4E4B      /* 之 */

struct npc_analyzer {
    const npc_lexicon *lx;
    UBreakIterator *brk;
    UBreakIterator *probe; /* a second iterator over the same text, for boundary checks */
    npc_folded f;
    npc_token *tok;
    size_t ntok, tok_cap;
    char *terms;
    size_t terms_len, terms_cap;
    size_t nwords;
    uint32_t wordpos;
    long prev_han; /* index of the last Chinese character emitted in a word, for bigrams */
    unsigned flags;
};

npc_status npc_analyzer_new(const npc_lexicon *lx, npc_analyzer **out, npc_err *err)
{
    *out = NULL;
    npc_analyzer *a = calloc(1, sizeof *a);
    if (a == NULL) {
        return npc_fail(err, NPC_ENOMEM, "analyzer");
    }
    UErrorCode st = U_ZERO_ERROR;
    a->brk = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
    if (U_FAILURE(st)) {
        free(a);
        return npc_fail(err, NPC_EICU, "cannot open the ICU word break iterator: %s",
                        u_errorName(st));
    }
    a->probe = ubrk_clone(a->brk, &st);
    if (U_FAILURE(st)) {
        ubrk_close(a->brk);
        free(a);
        return npc_fail(err, NPC_EICU, "cannot clone the ICU word break iterator: %s",
                        u_errorName(st));
    }
    a->lx = lx;
    *out = a;
    return NPC_OK;
}

void npc_analyzer_free(npc_analyzer *a)
{
    if (a == NULL) {
        return;
    }
    ubrk_close(a->brk);
    ubrk_close(a->probe);
    npc_folded_release(&a->f);
    free(a->tok);
    free(a->terms);
    free(a);
}

const npc_lexicon *npc_analyzer_lexicon(const npc_analyzer *a)
{
    return a->lx;
}

static const char *const unit_chars[] = {"", "条", "款", "项", "章", "节", "编"};

size_t npc_numbering_term(enum npc_numbering_unit unit, uint32_t num, uint32_t sub, char *buf,
                          size_t cap)
{
    if (unit <= NPC_UNIT_NONE || unit > NPC_UNIT_PART) {
        return 0;
    }
    int n = sub != 0 ? snprintf(buf, cap, "第%u%s之%u", num, unit_chars[unit], sub)
                     : snprintf(buf, cap, "第%u%s", num, unit_chars[unit]);
    return (n < 0 || (size_t)n >= cap) ? 0 : (size_t)n;
}

static enum npc_numbering_unit unit_of(uint16_t c)
{
    switch (c) {
    case 0x6761: /* 条 */
        return NPC_UNIT_ARTICLE;
    case 0x6B3E: /* 款 */
        return NPC_UNIT_CLAUSE;
    case 0x9879: /* 项 */
        return NPC_UNIT_ITEM;
    case 0x7AE0: /* 章 */
        return NPC_UNIT_CHAPTER;
    case 0x8282: /* 节 */
        return NPC_UNIT_SECTION;
    case 0x7F16: /* 编 */
        return NPC_UNIT_PART;
    default:
        return NPC_UNIT_NONE;
    }
}

/* Reads a numeral of at most max units at s[i..n); returns its length (0: none). */
static size_t read_numeral(const uint16_t *s, size_t i, size_t n, size_t max, uint32_t *value)
{
    uint32_t cps[16];
    size_t k = 0;
    while (i + k < n && k < max && k < 16 && npc_numeral_char(s[i + k])) {
        cps[k] = s[i + k];
        k++;
    }
    if (k == 0 || !npc_numeral_parse(cps, k, value)) {
        return 0;
    }
    return k;
}

/* Recognises 第<numeral><unit>[之<numeral>] at s[i]; returns its length in units (0: none). */
static size_t match_numbering(const uint16_t *s, size_t i, size_t n, enum npc_numbering_unit *unit,
                              uint32_t *num, uint32_t *sub)
{
    if (s[i] != CH_DI) {
        return 0;
    }
    size_t k = read_numeral(s, i + 1, n, 12, num);
    if (k == 0) {
        return 0;
    }
    size_t j = i + 1 + k;
    if (j >= n || (*unit = unit_of(s[j])) == NPC_UNIT_NONE) {
        return 0;
    }
    j++;
    *sub = 0;
    if (*unit == NPC_UNIT_ARTICLE && j + 1 < n && s[j] == CH_ZHI) {
        uint32_t v;
        size_t m = read_numeral(s, j + 1, n, 4, &v);
        if (m != 0) {
            *sub = v;
            j += 1 + m;
        }
    }
    return j - i;
}

static int reserve_tokens(npc_analyzer *a)
{
    if (a->ntok < a->tok_cap) {
        return 1;
    }
    size_t cap = a->tok_cap ? a->tok_cap * 2 : 1024;
    npc_token *t = realloc(a->tok, cap * sizeof *t);
    if (t == NULL) {
        return 0;
    }
    a->tok = t;
    a->tok_cap = cap;
    return 1;
}

static int reserve_terms(npc_analyzer *a, size_t more)
{
    if (a->terms_len + more + 1 <= a->terms_cap) {
        return 1;
    }
    size_t cap = a->terms_cap ? a->terms_cap : 4096;
    while (cap < a->terms_len + more + 1) {
        cap *= 2;
    }
    char *t = realloc(a->terms, cap);
    if (t == NULL) {
        return 0;
    }
    a->terms = t;
    a->terms_cap = cap;
    return 1;
}

/* Byte range in the original text of folded units [p, q). */
static void original_range(const npc_folded *f, size_t p, size_t q, uint32_t *start, uint32_t *end)
{
    *start = f->map[p];
    size_t k = q;
    while (k < f->n && f->map[k] == f->map[q - 1]) {
        k++; /* q falls inside the expansion of one input character */
    }
    *end = f->map[k];
}

/* Appends a token whose term is the folded units [p, q) (or `term` when not NULL). */
static npc_status push(npc_analyzer *a, size_t p, size_t q, enum npc_tok_kind kind,
                       const char *term, size_t term_len, npc_err *err)
{
    if (!reserve_tokens(a) || !reserve_terms(a, term ? term_len : (q - p) * 3)) {
        return npc_fail(err, NPC_ENOMEM, "analysis");
    }
    npc_token *t = &a->tok[a->ntok];
    memset(t, 0, sizeof *t);
    t->title = -1;
    t->kind = (uint8_t)kind;
    t->term_off = (uint32_t)a->terms_len;
    if (term != NULL) {
        memcpy(a->terms + a->terms_len, term, term_len);
        t->term_len = (uint32_t)term_len;
    } else {
        t->term_len = (uint32_t)npc_utf16_to_utf8(a->f.u16 + p, q - p, a->terms + a->terms_len);
    }
    if (t->term_len > TERM_MAX_BYTES) {
        return NPC_OK; /* not indexed: leave the token unpushed */
    }
    a->terms_len += t->term_len;
    a->terms[a->terms_len++] = '\0';
    original_range(&a->f, p, q, &t->start, &t->end);
    if (kind == NPC_TOK_BIGRAM) {
        t->pos = (uint32_t)p + 1;
    } else {
        t->pos = ++a->wordpos;
        a->nwords++;
    }
    a->ntok++;
    return NPC_OK;
}

/* Emits a Chinese word [p, q) and, when asked, the bigrams it completes. */
static npc_status emit_han(npc_analyzer *a, size_t p, size_t q, int32_t title, npc_err *err)
{
    if ((a->flags & NPC_AN_BIGRAMS) != 0) {
        for (size_t k = p; k < q; k++) {
            if (!npc_is_han(a->f.u16[k])) {
                a->prev_han = -1;
                continue;
            }
            if (a->prev_han >= 0 && (size_t)a->prev_han == k - 1) {
                npc_status st = push(a, k - 1, k + 1, NPC_TOK_BIGRAM, NULL, 0, err);
                if (st != NPC_OK) {
                    return st;
                }
            }
            a->prev_han = (long)k;
        }
    }
    size_t before = a->ntok;
    npc_status st = push(a, p, q, NPC_TOK_HAN, NULL, 0, err);
    if (st == NPC_OK && a->ntok > before) {
        a->tok[a->ntok - 1].title = title;
    }
    return st;
}

static int is_ideo_status(int32_t status)
{
    return status >= UBRK_WORD_KANA && status < UBRK_WORD_IDEO_LIMIT;
}

/* A law title shorter than this yields when ICU makes a word of its last character and the
 * text after it: 监督法律 is 监督|法律, not the title 监督法 and 律.  Vocabulary always wins
 * (it exists to mend ICU: 残疾人的 is 残疾人|的, not ICU's 残疾|人的). */
#define LEXICON_FREE_LEN 4

/* Length of a lexicon entry at s[k] that should win over ICU there (0: none). */
static size_t lexicon_at(npc_analyzer *a, size_t k, int32_t *title)
{
    if (a->lx == NULL) {
        *title = -1;
        return 0;
    }
    size_t m = npc_lexicon_match(a->lx, a->f.u16 + k, a->f.n - k, title);
    if (m != 0 && *title >= 0 && m < LEXICON_FREE_LEN && k + m < a->f.n &&
        ubrk_isBoundary(a->probe, (int32_t)(k + m - 1)) &&
        !ubrk_isBoundary(a->probe, (int32_t)(k + m))) {
        *title = -1;
        return 0;
    }
    return m;
}

/* Processes the ICU word [p, e) of the given rule status, starting at p. Returns the position
 * reached (which may lie beyond e when a lexicon entry or a numbering crosses it). */
static npc_status segment(npc_analyzer *a, size_t p, size_t e, int32_t status, size_t *reached,
                          npc_err *err)
{
    const uint16_t *s = a->f.u16;
    size_t n = a->f.n;
    npc_status st = NPC_OK;
    while (p < e && st == NPC_OK) {
        enum npc_numbering_unit unit;
        uint32_t num, sub;
        int32_t title;
        size_t m = match_numbering(s, p, n, &unit, &num, &sub);
        if (m != 0) {
            char term[48];
            size_t tl = npc_numbering_term(unit, num, sub, term, sizeof term);
            st = push(a, p, p + m, NPC_TOK_NUMBERING, term, tl, err);
            if (st == NPC_OK) {
                npc_token *t = &a->tok[a->ntok - 1];
                t->unit = (uint8_t)unit;
                t->num = num;
                t->sub = sub;
            }
            a->prev_han = -1;
            p += m;
            continue;
        }
        if (is_ideo_status(status) && (m = lexicon_at(a, p, &title)) != 0) {
            st = emit_han(a, p, p + m, title, err);
            p += m;
            continue;
        }
        /* An ICU word, cut short where a numbering or a lexicon entry reaching the end of the
         * word (or beyond) begins inside it. */
        size_t q = p + 1;
        for (; q < e; q++) {
            if (s[q] == CH_DI && match_numbering(s, q, n, &unit, &num, &sub) != 0) {
                break;
            }
            if (is_ideo_status(status) && (m = lexicon_at(a, q, &title)) != 0 && q + m >= e) {
                break;
            }
        }
        if (is_ideo_status(status)) {
            st = emit_han(a, p, q, -1, err);
        } else {
            a->prev_han = -1;
            st = push(a, p, q, NPC_TOK_ALNUM, NULL, 0, err);
        }
        p = q;
    }
    *reached = p;
    return st;
}

npc_status npc_analyze(npc_analyzer *a, const char *text, size_t len, unsigned flags,
                       npc_analysis *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    a->ntok = 0;
    a->terms_len = 0;
    a->nwords = 0;
    a->wordpos = 0;
    a->prev_han = -1;
    a->flags = flags;
    if (len > ANALYZE_MAX_INPUT) {
        return npc_fail(err, NPC_ETOOBIG, "text of %zu bytes is over the 256 MiB limit", len);
    }
    npc_status st = npc_fold(text, len, &a->f, err);
    if (st != NPC_OK) {
        return st;
    }
    if (a->f.n == 0) {
        out->terms = "";
        return NPC_OK;
    }
    UErrorCode ust = U_ZERO_ERROR;
    ubrk_setText(a->brk, (const UChar *)a->f.u16, (int32_t)a->f.n, &ust);
    if (U_SUCCESS(ust)) {
        ubrk_setText(a->probe, (const UChar *)a->f.u16, (int32_t)a->f.n, &ust);
    }
    if (U_FAILURE(ust)) {
        return npc_fail(err, NPC_EICU, "word break: %s", u_errorName(ust));
    }
    size_t done = 0; /* everything before this position has been emitted */
    int32_t s = ubrk_first(a->brk);
    for (int32_t e = ubrk_next(a->brk); e != UBRK_DONE && st == NPC_OK;
         s = e, e = ubrk_next(a->brk)) {
        if ((size_t)e <= done) {
            continue;
        }
        int32_t status = ubrk_getRuleStatus(a->brk);
        size_t p = (size_t)s > done ? (size_t)s : done;
        if (status == UBRK_WORD_NONE) {
            /* spaces and punctuation separate, except 第 of a numbering never lands here */
            a->prev_han = -1;
            done = (size_t)e;
            continue;
        }
        st = segment(a, p, (size_t)e, status, &done, err);
    }
    if (st != NPC_OK) {
        a->ntok = 0;
        return st;
    }
    out->tokens = a->tok;
    out->ntokens = a->ntok;
    out->terms = a->terms ? a->terms : "";
    out->nwords = a->nwords;
    return NPC_OK;
}

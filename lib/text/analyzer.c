/*
 * analyzer.c — folding, ICU segmentation corrected by the lexicon, numbering and bigrams
 * (see analyzer.h for the contract).
 */
#include "text/analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>

#include "text/fold.h"
#include "text/numeral.h"

#define ANALYZE_MAX_INPUT (256u << 20)
#define TERM_MAX_BYTES 160 /* longer words (runs of letters, URLs) are not indexed */
#define CH_DI 0x7B2C       /* 第 */
#define CH_ZHI 0x4E4B      /* 之 */

/* What an ICU word boundary closes: a gap (spaces, punctuation), a word of letters or digits, or
 * a Chinese (or Japanese) word. */
enum seg_class { SEG_GAP, SEG_WORD, SEG_IDEO };

struct npc_analyzer {
    const npc_lexicon *lx;
    UBreakIterator *brk;
    npc_folded f;
    uint32_t *seg_end; /* the word boundaries of the text, in folded units, ascending; the last */
    uint8_t *seg_cls;  /* is f.n; seg_cls[i]: the enum seg_class of the stretch seg_end[i] ends */
    size_t nseg, seg_cap;
    npc_token *tok;
    size_t ntok, tok_cap;
    char *terms;
    size_t terms_len, terms_cap;
    size_t nwords;
    uint32_t place; /* the last position given (npc_token.pos) */
    long prev_han;  /* the last Chinese character of the run going on (-1: none), for bigrams */
    uint32_t prev_place; /* its position */
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
    npc_folded_release(&a->f);
    free(a->seg_end);
    free(a->seg_cls);
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

/* Appends a token at position pos whose term is the folded units [p, q) (or `term` when not
 * NULL). */
static npc_status push(npc_analyzer *a, size_t p, size_t q, enum npc_tok_kind kind,
                       const char *term, size_t term_len, uint32_t pos, npc_err *err)
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
    t->pos = pos;
    a->nwords += npc_token_is_word(kind);
    a->ntok++;
    return NPC_OK;
}

/* Closes the run of Chinese characters going on, if any: its last character alone when asked
 * (NPC_AN_RUN_EDGES). */
static npc_status end_run(npc_analyzer *a, npc_err *err)
{
    npc_status st = NPC_OK;
    if (a->prev_han >= 0 && (a->flags & NPC_AN_RUN_EDGES) != 0) {
        size_t k = (size_t)a->prev_han;
        st = push(a, k, k + 1, NPC_TOK_RUN_END, NULL, 0, a->prev_place, err);
    }
    a->prev_han = -1;
    return st;
}

/* Appends a word that is not Chinese (letters and digits, a numbering) at the next position,
 * closing the run of Chinese characters before it. */
static npc_status push_word(npc_analyzer *a, size_t p, size_t q, enum npc_tok_kind kind,
                            const char *term, size_t term_len, npc_err *err)
{
    npc_status st = end_run(a, err);
    return st == NPC_OK ? push(a, p, q, kind, term, term_len, ++a->place, err) : st;
}

/* Emits a Chinese word [p, q) and, when asked, the bigrams it completes.  Each Chinese
 * character takes the next position; any other character in the word ends the run. */
static npc_status emit_han(npc_analyzer *a, size_t p, size_t q, int32_t title, npc_err *err)
{
    uint32_t first = a->place + 1;
    npc_status st = NPC_OK;
    for (size_t k = p; k < q && st == NPC_OK; k++) {
        if (!npc_is_han(a->f.u16[k]) || (a->prev_han >= 0 && (size_t)a->prev_han != k - 1)) {
            st = end_run(a, err);
        }
        if (st != NPC_OK || !npc_is_han(a->f.u16[k])) {
            continue;
        }
        uint32_t at = ++a->place;
        if (a->prev_han >= 0 && (a->flags & NPC_AN_BIGRAMS) != 0) {
            st = push(a, k - 1, k + 1, NPC_TOK_BIGRAM, NULL, 0, at - 1, err);
        } else if (a->prev_han < 0 && (a->flags & NPC_AN_RUN_EDGES) != 0) {
            st = push(a, k, k + 1, NPC_TOK_RUN_START, NULL, 0, at, err);
        }
        a->prev_han = (long)k;
        a->prev_place = at;
    }
    if (st != NPC_OK) {
        return st;
    }
    size_t before = a->ntok;
    st = push(a, p, q, NPC_TOK_HAN, NULL, 0, first, err);
    if (st == NPC_OK && a->ntok > before) {
        a->tok[a->ntok - 1].title = title;
    }
    return st;
}

/* ---- word boundaries ---------------------------------------------------------------------- */

static int push_seg(npc_analyzer *a, size_t end, enum seg_class cls)
{
    if (a->nseg == a->seg_cap) {
        size_t cap = a->seg_cap ? a->seg_cap * 2 : 512;
        uint32_t *e = realloc(a->seg_end, cap * sizeof *e);
        if (e != NULL) {
            a->seg_end = e;
        }
        uint8_t *c = realloc(a->seg_cls, cap);
        if (c != NULL) {
            a->seg_cls = c;
        }
        if (e == NULL || c == NULL) {
            return 0;
        }
        a->seg_cap = cap;
    }
    a->seg_end[a->nseg] = (uint32_t)end;
    a->seg_cls[a->nseg++] = (uint8_t)cls;
    return 1;
}

/* ICU's word boundaries of the folded text. */
static npc_status icu_segments(npc_analyzer *a, npc_err *err)
{
    UErrorCode ust = U_ZERO_ERROR;
    ubrk_setText(a->brk, (const UChar *)a->f.u16, (int32_t)a->f.n, &ust);
    if (U_FAILURE(ust)) {
        return npc_fail(err, NPC_EICU, "word break: %s", u_errorName(ust));
    }
    ubrk_first(a->brk);
    for (int32_t e = ubrk_next(a->brk); e != UBRK_DONE; e = ubrk_next(a->brk)) {
        int32_t status = ubrk_getRuleStatus(a->brk);
        enum seg_class cls = status == UBRK_WORD_NONE                                    ? SEG_GAP
                             : status >= UBRK_WORD_KANA && status < UBRK_WORD_IDEO_LIMIT ? SEG_IDEO
                                                                                         : SEG_WORD;
        if (!push_seg(a, (size_t)e, cls)) {
            return npc_fail(err, NPC_ENOMEM, "analysis");
        }
    }
    return NPC_OK;
}

/*
 * Stored boundaries (npc_analysis_breaks): the version mark '1', then one item per boundary,
 * v = (distance from the previous boundary - 1) * 3 + class, written as one digit of base 62
 * (0-9, A-Z, a-z) when v < 62, else as '_', v in decimal and '.'.
 */
static int digit_value(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'Z' ? c - 'A' + 10
           : c >= 'a' && c <= 'z' ? c - 'a' + 36
                                  : -1;
}

/* Reads stored boundaries for the folded text; 0 when they do not fit it (the text is longer
 * than they reach, or they are damaged).  A boundary beyond the text ends it: a text cut short
 * (the first 64 KiB a snippet scans) keeps the stored boundaries of its part. */
static int stored_segments(npc_analyzer *a, const char *b, size_t blen)
{
    if (blen == 0 || b[0] != '1') {
        return 0;
    }
    size_t at = 0;
    for (size_t i = 1; i < blen && at < a->f.n;) {
        uint64_t v = 0;
        int d = digit_value(b[i]);
        if (d >= 0) {
            v = (uint64_t)d;
            i++;
        } else if (b[i] == '_') {
            size_t k = i + 1;
            while (k < blen && b[k] >= '0' && b[k] <= '9' && v < ((uint64_t)1 << 40)) {
                v = v * 10 + (uint64_t)(b[k++] - '0');
            }
            if (k == i + 1 || k >= blen || b[k] != '.') {
                return 0;
            }
            i = k + 1;
        } else {
            return 0;
        }
        at += v / 3 + 1;
        if (!push_seg(a, at < a->f.n ? at : a->f.n, (enum seg_class)(v % 3))) {
            return 0;
        }
    }
    return at >= a->f.n;
}

/* The first i in [0, n) with v[i] >= x (v ascending), or n. */
static size_t lower_bound(const uint32_t *v, size_t n, size_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Is folded position x a word boundary? */
static int is_boundary(const npc_analyzer *a, size_t x)
{
    size_t i = lower_bound(a->seg_end, a->nseg, x);
    return x == 0 || (i < a->nseg && a->seg_end[i] == x);
}

/* Appends one item of the stored form to buf. */
static int put_item(char **buf, size_t *len, size_t *cap, uint64_t v)
{
    if (*len + 24 > *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        char *p = realloc(*buf, c);
        if (p == NULL) {
            return 0;
        }
        *buf = p;
        *cap = c;
    }
    if (v < 62) {
        (*buf)[(*len)++] = (char)(v < 10 ? '0' + v : v < 36 ? 'A' + v - 10 : 'a' + v - 36);
    } else {
        *len += (size_t)snprintf(*buf + *len, *cap - *len, "_%llu.", (unsigned long long)v);
    }
    return 1;
}

npc_status npc_analysis_breaks(const npc_analyzer *a, size_t start, size_t end, char **out,
                               npc_err *err)
{
    *out = NULL;
    /* the first folded units whose input bytes are at or after start and end */
    size_t fs = lower_bound(a->f.map, a->f.n, start), fe = lower_bound(a->f.map, a->f.n, end);
    size_t prev = fs;
    size_t len = 1, cap = 256;
    char *buf = malloc(cap);
    int ok = buf != NULL;
    if (ok) {
        buf[0] = '1';
    }
    for (size_t i = 0; ok && i < a->nseg && prev < fe; i++) {
        size_t e = a->seg_end[i] < fe ? a->seg_end[i] : fe;
        if (e > prev) {
            ok = put_item(&buf, &len, &cap, (uint64_t)(e - prev - 1) * 3 + a->seg_cls[i]);
            prev = e;
        }
    }
    if (!ok) {
        free(buf);
        return npc_fail(err, NPC_ENOMEM, "word boundaries");
    }
    buf[len] = '\0';
    *out = buf;
    return NPC_OK;
}

/* ---- words ------------------------------------------------------------------------------- */

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
        is_boundary(a, k + m - 1) && !is_boundary(a, k + m)) {
        *title = -1;
        return 0;
    }
    return m;
}

/* Processes the ICU word [p, e) of class cls, starting at p. Returns the position reached (which
 * may lie beyond e when a lexicon entry or a numbering crosses it). */
static npc_status segment(npc_analyzer *a, size_t p, size_t e, enum seg_class cls, size_t *reached,
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
            size_t before = a->ntok;
            st = push_word(a, p, p + m, NPC_TOK_NUMBERING, term, tl, err);
            if (st == NPC_OK && a->ntok > before) {
                npc_token *t = &a->tok[a->ntok - 1];
                t->unit = (uint8_t)unit;
                t->num = num;
                t->sub = sub;
            }
            p += m;
            continue;
        }
        if (cls == SEG_IDEO && (m = lexicon_at(a, p, &title)) != 0) {
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
            if (cls == SEG_IDEO && (m = lexicon_at(a, q, &title)) != 0 && q + m >= e) {
                break;
            }
        }
        if (cls == SEG_IDEO) {
            st = emit_han(a, p, q, -1, err);
        } else {
            st = push_word(a, p, q, NPC_TOK_ALNUM, NULL, 0, err);
        }
        p = q;
    }
    *reached = p;
    return st;
}

npc_status npc_analyze(npc_analyzer *a, const char *text, size_t len, unsigned flags,
                       npc_analysis *out, npc_err *err)
{
    return npc_analyze_stored(a, text, len, NULL, 0, flags, out, err);
}

npc_status npc_analyze_stored(npc_analyzer *a, const char *text, size_t len, const char *breaks,
                              size_t blen, unsigned flags, npc_analysis *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    a->ntok = 0;
    a->terms_len = 0;
    a->nwords = 0;
    a->place = 0;
    a->prev_han = -1;
    a->flags = flags;
    a->nseg = 0;
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
    out->stored = breaks != NULL && stored_segments(a, breaks, blen);
    if (!out->stored) {
        a->nseg = 0;
        if ((st = icu_segments(a, err)) != NPC_OK) {
            a->nseg = 0;
            return st;
        }
    }
    size_t done = 0; /* everything before this position has been emitted */
    for (size_t i = 0, s = 0; i < a->nseg && st == NPC_OK; s = a->seg_end[i++]) {
        size_t e = a->seg_end[i];
        if (e <= done) {
            continue;
        }
        size_t p = s > done ? s : done;
        if (a->seg_cls[i] == SEG_GAP) {
            /* spaces and punctuation separate, except 第 of a numbering never lands here */
            st = end_run(a, err);
            done = e;
            continue;
        }
        st = segment(a, p, e, (enum seg_class)a->seg_cls[i], &done, err);
    }
    if (st == NPC_OK) {
        st = end_run(a, err);
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

size_t npc_analysis_articles(const npc_analysis *an, uint32_t *num, uint32_t *sub, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < an->ntokens && n < max; i++) {
        const npc_token *t = &an->tokens[i];
        if (t->kind == NPC_TOK_NUMBERING && t->unit == NPC_UNIT_ARTICLE) {
            num[n] = t->num;
            sub[n] = t->sub;
            n++;
        }
    }
    return n;
}

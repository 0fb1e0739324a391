/*
 * snippet.c — snippet window choice and marking (see snippet.h).
 */
#include "search/snippet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/fnv.h"

typedef struct span {
    size_t start, end; /* bytes in the original text */
    size_t term;       /* which query term (for counting distinct terms) */
} span;

/* Makes room for `more` bytes and a NUL at the end of buf. */
static int reserve(char **buf, size_t *blen, size_t *bcap, size_t more)
{
    if (*blen + more + 1 <= *bcap) {
        return 1;
    }
    size_t cap = *bcap ? *bcap * 2 : 256;
    while (cap < *blen + more + 1) {
        cap *= 2;
    }
    char *p = realloc(*buf, cap);
    if (p == NULL) {
        return 0;
    }
    *buf = p;
    *bcap = cap;
    return 1;
}

static char *put(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}

int npc_html_escape_append(char **buf, size_t *blen, size_t *bcap, const char *s, size_t len)
{
    size_t more = len;
    for (size_t i = 0; i < len; i++) {
        more += s[i] == '&' || s[i] == '\''  ? 4
                : s[i] == '<' || s[i] == '>' ? 3
                : s[i] == '"'                ? 5
                                             : 0;
    }
    if (!reserve(buf, blen, bcap, more)) {
        return 0;
    }
    char *o = *buf + *blen;
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '&':
            o = put(o, "&amp;", 5);
            break;
        case '<':
            o = put(o, "&lt;", 4);
            break;
        case '>':
            o = put(o, "&gt;", 4);
            break;
        case '"':
            o = put(o, "&quot;", 6);
            break;
        case '\'':
            o = put(o, "&#39;", 5);
            break;
        case '\n':
        case '\r':
        case '\t':
            *o++ = ' ';
            break;
        default:
            *o++ = s[i];
        }
    }
    *o = '\0';
    *blen = (size_t)(o - *buf);
    return 1;
}

/* Appends s unescaped (the marks are literal HTML). */
static int append_raw(char **buf, size_t *blen, size_t *bcap, const char *s)
{
    size_t n = strlen(s);
    if (!reserve(buf, blen, bcap, n)) {
        return 0;
    }
    memcpy(*buf + *blen, s, n + 1);
    *blen += n;
    return 1;
}

/* A query's terms (words or bigrams) by hash: a hit's text has hundreds of tokens to look up,
 * a question dozens of terms. */
typedef struct termset {
    const char *const *term;
    size_t *len;
    uint32_t *slot; /* 1 + the term's number, 0 for an empty slot */
    size_t mask;
} termset;

/* The number of term s[0..n) among the set's, or -1. */
static long find(const termset *ts, const char *s, size_t n)
{
    for (size_t i = npc_fnv1a32(s, n) & ts->mask; ts->slot[i] != 0; i = (i + 1) & ts->mask) {
        size_t k = ts->slot[i] - 1;
        if (ts->len[k] == n && memcmp(ts->term[k], s, n) == 0) {
            return (long)k;
        }
    }
    return -1;
}

/* Fills ts with v[0..n) (the first of equal terms keeps its number); 0 when memory runs out. */
static int termset_init(termset *ts, const char *const *v, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n) {
        cap *= 2;
    }
    ts->term = v;
    ts->mask = cap - 1;
    ts->len = malloc((n + 1) * sizeof *ts->len);
    ts->slot = calloc(cap, sizeof *ts->slot);
    if (ts->len == NULL || ts->slot == NULL) {
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        ts->len[k] = strlen(v[k]);
        if (find(ts, v[k], ts->len[k]) < 0) {
            size_t i = npc_fnv1a32(v[k], ts->len[k]) & ts->mask;
            while (ts->slot[i] != 0) {
                i = (i + 1) & ts->mask;
            }
            ts->slot[i] = (uint32_t)k + 1;
        }
    }
    return 1;
}

static void termset_release(termset *ts)
{
    free(ts->len);
    free(ts->slot);
}

/* Moves i back to the start of a UTF-8 character. */
static size_t char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) {
        i--;
    }
    return i;
}

/* Advances i by up to n characters. */
static size_t forward_chars(const char *s, size_t len, size_t i, size_t n)
{
    while (i < len && n > 0) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) {
            i++;
        }
        n--;
    }
    return i;
}

static size_t back_chars(const char *s, size_t i, size_t n)
{
    while (i > 0 && n > 0) {
        i = char_start(s, i - 1);
        n--;
    }
    return i;
}

size_t npc_snippet_scan(const char *text, size_t len)
{
    return len > NPC_SNIPPET_SCAN ? char_start(text, NPC_SNIPPET_SCAN) : len;
}

npc_status npc_snippet(npc_analyzer *a, const npc_query *q, const char *text, size_t len,
                       const char *breaks, size_t breaks_len, char **out, npc_err *err)
{
    *out = NULL;
    size_t scan = npc_snippet_scan(text, len);
    const char *const *words, *const *bigrams, *const *pairs;
    size_t nw = npc_query_words(q, &words), nb = npc_query_bigrams(q, &bigrams);
    size_t np = npc_query_pair_words(q, &pairs);
    npc_analysis an;
    npc_status st =
        npc_analyze_stored(a, text, scan, breaks, breaks_len, nb ? NPC_AN_BIGRAMS : 0, &an, err);
    if (st != NPC_OK) {
        return st;
    }
    span *spans = malloc((an.ntokens + 1) * sizeof *spans);
    termset kw = {0}, kb = {0}, kp = {0};
    if (spans == NULL || !termset_init(&kw, words, nw) || !termset_init(&kb, bigrams, nb) ||
        !termset_init(&kp, pairs, np)) {
        free(spans);
        termset_release(&kw);
        termset_release(&kb);
        termset_release(&kp);
        return npc_fail(err, NPC_ENOMEM, "snippet");
    }
    size_t ns = 0;
    /* matched words, runs of >= 2 matched bigrams (bigrams come in text order), and a matched
     * bigram alone when it is a whole query word */
    const npc_token *run_first = NULL, *run_last = NULL;
    size_t run_len = 0, run_term = 0;
    for (size_t i = 0; i <= an.ntokens; i++) {
        const npc_token *t = i < an.ntokens ? &an.tokens[i] : NULL;
        if (t != NULL && t->kind != NPC_TOK_BIGRAM) {
            long k = find(&kw, npc_token_term(&an, t), t->term_len);
            if (k >= 0) {
                spans[ns++] = (span){t->start, t->end, (size_t)k};
            }
            continue;
        }
        long k = t ? find(&kb, npc_token_term(&an, t), t->term_len) : -1;
        if (k >= 0 && run_last != NULL && t->pos == run_last->pos + 1) {
            run_last = t;
            run_len++;
            continue;
        }
        int whole =
            run_len == 1 && find(&kp, npc_token_term(&an, run_first), run_first->term_len) >= 0;
        if ((run_len >= 2 || whole) && ns < an.ntokens) {
            spans[ns++] = (span){run_first->start, run_last->end, nw + run_term};
        }
        run_first = run_last = k >= 0 ? t : NULL;
        run_len = k >= 0;
        run_term = k >= 0 ? (size_t)k : 0;
    }
    /* spans in text order, overlaps merged */
    for (size_t i = 1; i < ns; i++) {
        span s = spans[i];
        size_t j = i;
        while (j > 0 && spans[j - 1].start > s.start) {
            spans[j] = spans[j - 1];
            j--;
        }
        spans[j] = s;
    }
    size_t m = 0;
    for (size_t i = 0; i < ns; i++) {
        if (m > 0 && spans[i].start < spans[m - 1].end) {
            if (spans[i].end > spans[m - 1].end) {
                spans[m - 1].end = spans[i].end;
            }
        } else {
            spans[m++] = spans[i];
        }
    }
    ns = m;
    /* the window with the most distinct terms, starting a little before a span */
    size_t best_start = 0, best_score = 0;
    for (size_t i = 0; i < ns; i++) {
        size_t ws = back_chars(text, spans[i].start, 10);
        size_t we = forward_chars(text, scan, ws, NPC_SNIPPET_CHARS);
        size_t score = 0;
        unsigned char seen[64] = {0};
        for (size_t k = i; k < ns && spans[k].end <= we; k++) {
            size_t t = spans[k].term % 512;
            if (!(seen[t / 8] & (1u << (t % 8)))) {
                seen[t / 8] |= (unsigned char)(1u << (t % 8));
                score++;
            }
        }
        if (score > best_score) {
            best_score = score;
            best_start = ws;
        }
    }
    size_t ws = best_start, we = forward_chars(text, len, ws, NPC_SNIPPET_CHARS);
    char *buf = NULL;
    size_t blen = 0, bcap = 0;
    int ok = append_raw(&buf, &blen, &bcap, "");
    if (ok && ws > 0) {
        ok = append_raw(&buf, &blen, &bcap, "…");
    }
    size_t at = ws;
    for (size_t i = 0; ok && i < ns; i++) {
        if (spans[i].end <= ws || spans[i].start >= we) {
            continue;
        }
        size_t s0 = spans[i].start < ws ? ws : spans[i].start;
        size_t s1 = spans[i].end > we ? we : spans[i].end;
        ok = npc_html_escape_append(&buf, &blen, &bcap, text + at, s0 - at) &&
             append_raw(&buf, &blen, &bcap, "<mark>") &&
             npc_html_escape_append(&buf, &blen, &bcap, text + s0, s1 - s0) &&
             append_raw(&buf, &blen, &bcap, "</mark>");
        at = s1;
    }
    if (ok) {
        ok = npc_html_escape_append(&buf, &blen, &bcap, text + at, we - at);
    }
    if (ok && we < len) {
        ok = append_raw(&buf, &blen, &bcap, "…");
    }
    free(spans);
    termset_release(&kw);
    termset_release(&kb);
    termset_release(&kp);
    if (!ok) {
        free(buf);
        return npc_fail(err, NPC_ENOMEM, "snippet");
    }
    *out = buf;
    return NPC_OK;
}

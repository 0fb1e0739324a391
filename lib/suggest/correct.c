/*
 * correct.c — "did you mean" on pinyin (see correct.h).
 */
#include "suggest/correct.h"

#include <stdlib.h>
#include <string.h>

#include "text/fold.h"

#define RUN_MAX 32     /* characters of a run that is corrected; a longer one is left alone */
#define SPAN_MAX 16    /* characters of a span read as one entry */
#define CANDIDATES 32  /* entries of one pinyin compared */
#define SYL_BYTES 4096 /* pinyin of a run or of a typed word */
#define NEAR_MIN 4     /* characters of a run compared one character off */

const char *npc_correct_kind_name(enum npc_correct_kind k)
{
    static const char *const names[] = {"", "pinyin", "homophone", "near"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "";
}

/* What the correction of one query works with. */
typedef struct corr {
    const npc_suggest *sg;
    npc_pinyin *py;
    npc_analyzer *an;
    npc_freq_fn freq;
    void *ctx;
    char *out; /* the corrected query so far */
    size_t n, cap;
    enum npc_correct_kind kind;
} corr;

static int emit(corr *c, const char *s, size_t len)
{
    if (c->n + len + 1 > c->cap) {
        size_t cap = (c->n + len + 1) * 2;
        char *p = realloc(c->out, cap);
        if (p == NULL) {
            return 0;
        }
        c->out = p;
        c->cap = cap;
    }
    memcpy(c->out + c->n, s, len);
    c->n += len;
    c->out[c->n] = '\0';
    return 1;
}

static uint32_t entry_freq(const corr *c, const npc_suggest_entry *e)
{
    return e->key ? c->freq(c->ctx, NPC_FREQ_LAW, e->key, strlen(e->key))
                  : c->freq(c->ctx, NPC_FREQ_WORD, e->folded, strlen(e->folded));
}

/* The most frequent of the entries cand[0..n) other than `not` (may be NULL) held by at least
 * NPC_CORRECT_MIN_FREQ documents; NULL when none. */
static const npc_suggest_entry *most_frequent(const corr *c, const size_t *cand, size_t n,
                                              const char * not )
{
    const npc_suggest_entry *best = NULL;
    uint32_t best_f = NPC_CORRECT_MIN_FREQ - 1;
    for (size_t k = 0; k < n; k++) {
        const npc_suggest_entry *e = npc_suggest_get(c->sg, cand[k]);
        if (not != NULL && strcmp(e->folded, not ) == 0) {
            continue;
        }
        uint32_t f = entry_freq(c, e);
        if (f > best_f) {
            best = e;
            best_f = f;
        }
    }
    return best;
}

/* ---- pinyin ------------------------------------------------------------------------------- */

/* The entry typed pinyin w[0..len) reads as (whole), NULL when none. */
static const npc_suggest_entry *reading_of(const corr *c, const char *w, size_t len)
{
    char joined[256];
    size_t jl;
    size_t cand[CANDIDATES];
    if (!npc_pinyin_typed(w, len, joined, sizeof joined, &jl)) {
        return NULL;
    }
    return most_frequent(c, cand, npc_suggest_reading(c->sg, joined, cand, CANDIDATES), NULL);
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Typed pinyin q: the entry all of it reads as, else one entry a space-separated word. */
static npc_status correct_pinyin(corr *c, const char *q, size_t len, npc_err *err)
{
    const npc_suggest_entry *e = reading_of(c, q, len);
    if (e != NULL) {
        c->kind = NPC_CORRECT_PINYIN;
        return emit(c, e->folded, strlen(e->folded)) ? NPC_OK : npc_fail(err, NPC_ENOMEM, "query");
    }
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && !is_space(q[j])) {
            j++;
        }
        if (j > i) {
            e = reading_of(c, q + i, j - i);
            if (e == NULL) {
                c->n = 0; /* a word reads as nothing: no correction */
                return NPC_OK;
            }
            if ((c->n > 0 && !emit(c, " ", 1)) || !emit(c, e->folded, strlen(e->folded))) {
                return npc_fail(err, NPC_ENOMEM, "query");
            }
        }
        i = j + 1;
    }
    c->kind = c->n > 0 ? NPC_CORRECT_PINYIN : NPC_CORRECT_NONE;
    return NPC_OK;
}

/* ---- Chinese ------------------------------------------------------------------------------ */

/* One run of Chinese characters: its bytes, where each character starts, its pairs the index
 * lacks, and a syllable for each character. */
typedef struct run {
    const char *s;
    size_t off[RUN_MAX + 1]; /* byte offset of character k; off[n] the run's length */
    size_t n;
    int bad[RUN_MAX];         /* pair k, k+1 is in no document */
    int edge[RUN_MAX + 1];    /* a word starts or ends before character k */
    const char *syl[RUN_MAX]; /* into sylbuf */
    size_t syl_len[RUN_MAX];
    char sylbuf[SYL_BYTES];
} run;

static uint32_t freq_of(const corr *c, enum npc_freq_of of, const run *r, size_t a, size_t b)
{
    return c->freq(c->ctx, of, r->s + r->off[a], r->off[b] - r->off[a]);
}

/* Splits syllables (pinyin.h form) at sylbuf + from into r->syl from character k on; the number
 * of syllables. */
static size_t split_syllables(run *r, size_t from, size_t k)
{
    size_t count = 0;
    for (char *p = r->sylbuf + from; *p;) {
        char *sp = strchr(p, ' ');
        size_t l = sp ? (size_t)(sp - p) : strlen(p);
        if (k + count < RUN_MAX) {
            r->syl[k + count] = p;
            r->syl_len[k + count] = l;
        }
        count++;
        p += l + (sp != NULL);
    }
    return count;
}

/* A syllable for each character of r: the run's pinyin, or each character's when ICU read the
 * run otherwise than one syllable a character. */
static npc_status run_syllables(corr *c, run *r, npc_err *err)
{
    size_t l;
    npc_status st = npc_pinyin_of(c->py, r->s, r->off[r->n], r->sylbuf, sizeof r->sylbuf, &l, err);
    if (st != NPC_OK || split_syllables(r, 0, 0) == r->n) {
        return st;
    }
    size_t used = 0;
    for (size_t k = 0; st == NPC_OK && k < r->n; k++) {
        st = npc_pinyin_of(c->py, r->s + r->off[k], r->off[k + 1] - r->off[k], r->sylbuf + used,
                           sizeof r->sylbuf - used, &l, err);
        if (st == NPC_OK && split_syllables(r, used, k) != 1) {
            r->syl[k] = r->sylbuf + used; /* no reading: a syllable that matches nothing */
            r->syl_len[k] = 0;
        }
        used += l + 1;
    }
    return st;
}

/* The entry of the same pinyin as the span [a, b) of r, NULL when none, or when the span is
 * a word of its own: an entry itself, or a word of the index.  The table is asked first: most
 * spans read as no entry at all, and then the index is never asked. */
static const npc_suggest_entry *homophone(const corr *c, const run *r, size_t a, size_t b)
{
    char syl[SYL_BYTES], text[RUN_MAX * 4 + 1];
    size_t m = 0, tl = r->off[b] - r->off[a];
    for (size_t k = a; k < b; k++) {
        if (r->syl_len[k] == 0) {
            return NULL;
        }
        memcpy(syl + m, r->syl[k], r->syl_len[k]);
        m += r->syl_len[k];
        syl[m++] = k + 1 < b ? ' ' : '\0';
    }
    size_t cand[CANDIDATES];
    size_t n = npc_suggest_homophones(c->sg, syl, cand, CANDIDATES);
    memcpy(text, r->s + r->off[a], tl);
    text[tl] = '\0';
    for (size_t k = 0; k < n; k++) {
        if (strcmp(npc_suggest_get(c->sg, cand[k])->folded, text) == 0) {
            return NULL; /* an entry itself */
        }
    }
    if (n == 0 || freq_of(c, NPC_FREQ_WORD, r, a, b) > 0) {
        return NULL;
    }
    return most_frequent(c, cand, n, text);
}

/* Whether a pair of the span [a, b) is one the index lacks. */
static int holds_bad(const run *r, size_t a, size_t b)
{
    for (size_t k = a; k + 1 < b; k++) {
        if (r->bad[k]) {
            return 1;
        }
    }
    return 0;
}

/* The entries of r->n characters that differ from r in one character, at a lacking pair. */
static const npc_suggest_entry *near_entry(const corr *c, const run *r)
{
    const npc_suggest_entry *best = NULL;
    uint32_t best_f = NPC_CORRECT_MIN_FREQ - 1;
    for (size_t i = 0; r->n >= NEAR_MIN && i < npc_suggest_size(c->sg); i++) {
        const npc_suggest_entry *e = npc_suggest_get(c->sg, i);
        if (e->chars != r->n || strlen(e->folded) != r->off[r->n]) {
            continue; /* (a character of another length would shift every other) */
        }
        size_t diff = 0, at = 0;
        for (size_t k = 0; k < r->n && diff < 2; k++) {
            size_t cl = r->off[k + 1] - r->off[k];
            if (memcmp(e->folded + r->off[k], r->s + r->off[k], cl) != 0) {
                diff++;
                at = k;
            }
        }
        int lacking = diff == 1 && ((at > 0 && r->bad[at - 1]) || (at + 1 < r->n && r->bad[at]));
        uint32_t f = lacking ? entry_freq(c, e) : 0;
        if (f > best_f) {
            best = e;
            best_f = f;
        }
    }
    return best;
}

/* The word boundaries of r as the analyzer segments it into r->edge. */
static npc_status word_edges(corr *c, run *r, npc_err *err)
{
    npc_analysis a;
    npc_status st = npc_analyze(c->an, r->s, r->off[r->n], 0, &a, err);
    memset(r->edge, 0, sizeof r->edge);
    r->edge[0] = r->edge[r->n] = 1;
    for (size_t t = 0; st == NPC_OK && t < a.ntokens; t++) {
        for (size_t k = 0; k <= r->n; k++) {
            r->edge[k] |= r->off[k] == a.tokens[t].start || r->off[k] == a.tokens[t].end;
        }
    }
    return st;
}

/* Corrects the run r into c's output: homophone spans first, else one character off. */
static npc_status correct_run(corr *c, run *r, npc_err *err)
{
    size_t start = c->n;
    for (size_t i = 0; i < r->n;) {
        const npc_suggest_entry *e = NULL;
        size_t j = i + SPAN_MAX < r->n ? i + SPAN_MAX : r->n;
        for (; r->edge[i] && j >= i + 2; j--) {
            if (r->edge[j] && holds_bad(r, i, j) && (e = homophone(c, r, i, j)) != NULL) {
                break;
            }
        }
        int ok = e ? emit(c, e->folded, strlen(e->folded))
                   : emit(c, r->s + r->off[i], r->off[i + 1] - r->off[i]);
        if (!ok) {
            return npc_fail(err, NPC_ENOMEM, "query");
        }
        c->kind = e ? NPC_CORRECT_HOMOPHONE : c->kind;
        i = e ? j : i + 1;
    }
    if (c->n - start == r->off[r->n] && memcmp(c->out + start, r->s, r->off[r->n]) == 0) {
        const npc_suggest_entry *e = near_entry(c, r);
        if (e != NULL) {
            c->n = start;
            c->kind = NPC_CORRECT_NEAR;
            return emit(c, e->folded, strlen(e->folded)) ? NPC_OK
                                                         : npc_fail(err, NPC_ENOMEM, "query");
        }
    }
    return NPC_OK;
}

/* Reads the run of Chinese characters at f[*i] into r (its first RUN_MAX characters and every
 * one after them, for the length), advancing *i.  0 when the run is too long to correct. */
static int read_run(const char *f, size_t len, size_t *i, run *r)
{
    r->s = f + *i;
    r->n = 0;
    size_t at = *i;
    while (at < len) {
        size_t next = at;
        uint32_t cp = npc_utf8_next(f, &next);
        if (!npc_is_han(cp)) {
            break;
        }
        if (r->n < RUN_MAX) {
            r->off[r->n] = at - *i;
        }
        r->n++;
        at = next;
    }
    int fits = r->n <= RUN_MAX;
    if (fits) {
        r->off[r->n] = at - *i;
    }
    *i = at;
    return fits;
}

/* The run at f[*i] into c's output, corrected when it is no word and lacks a pair. */
static npc_status one_run(corr *c, const char *f, size_t len, size_t *i, run *r, npc_err *err)
{
    size_t from = *i;
    int fits = read_run(f, len, i, r);
    int bad = 0;
    if (fits && r->n >= 2 && freq_of(c, NPC_FREQ_WORD, r, 0, r->n) == 0) {
        for (size_t k = 0; k + 1 < r->n; k++) {
            r->bad[k] = freq_of(c, NPC_FREQ_BIGRAM, r, k, k + 2) == 0;
            bad |= r->bad[k];
        }
    }
    if (!bad) {
        return emit(c, f + from, *i - from) ? NPC_OK : npc_fail(err, NPC_ENOMEM, "query");
    }
    npc_status st = run_syllables(c, r, err);
    if (st == NPC_OK) {
        st = word_edges(c, r, err);
    }
    return st == NPC_OK ? correct_run(c, r, err) : st;
}

static npc_status correct_chinese(corr *c, const char *f, size_t len, npc_err *err)
{
    run *r = malloc(sizeof *r);
    npc_status st = r ? NPC_OK : npc_fail(err, NPC_ENOMEM, "query");
    for (size_t i = 0; st == NPC_OK && i < len;) {
        size_t at = i;
        uint32_t cp = npc_utf8_next(f, &at);
        if (npc_is_han(cp)) {
            st = one_run(c, f, len, &i, r, err);
        } else {
            st = emit(c, f + i, at - i) ? NPC_OK : npc_fail(err, NPC_ENOMEM, "query");
            i = at;
        }
    }
    free(r);
    return st;
}

static int typed_pinyin(const char *q, size_t len)
{
    char *letters = malloc(len + 1);
    size_t n;
    int yes = letters != NULL && npc_pinyin_typed(q, len, letters, len + 1, &n);
    free(letters);
    return yes;
}

npc_status npc_correct(const npc_suggest *sg, npc_pinyin *py, npc_analyzer *an, const char *q,
                       size_t len, npc_freq_fn freq, void *ctx, char **out,
                       enum npc_correct_kind *kind, npc_err *err)
{
    *out = NULL;
    *kind = NPC_CORRECT_NONE;
    corr c = {.sg = sg, .py = py, .an = an, .freq = freq, .ctx = ctx};
    npc_status st;
    if (typed_pinyin(q, len)) {
        st = correct_pinyin(&c, q, len, err);
    } else {
        char *f = npc_suggest_fold(q, len, 1, NULL, err);
        st = f ? correct_chinese(&c, f, strlen(f), err) : (err ? err->code : NPC_EUTF8);
        free(f);
    }
    if (st != NPC_OK || c.kind == NPC_CORRECT_NONE || c.n == 0) {
        free(c.out);
        return st;
    }
    *out = c.out;
    *kind = c.kind;
    return NPC_OK;
}

/*
 * suggest.c — the suggestion table: its stored form, loading, and matching (see suggest.h).
 *
 * Three arrays of entry numbers sorted by folded text, by pinyin without spaces and by
 * initials give each kind of prefix its range by binary search; "contains" is a scan of the
 * folded texts (about 6,400 entries over ../shared/corpus), made only for Chinese.
 */
#include "suggest/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"

#define HEADER "npc.suggest 1\n"
#define SYLLABLES_MAX 4096
#define OWN 6

struct npc_suggest {
    npc_suggest_entry *e;
    size_t n;
    char **own; /* every string the entries point to, OWN an entry */
    size_t *by_text, *by_joined, *by_initials;
};

/* ---- the stored form ---------------------------------------------------------------------- */

static enum npc_suggest_kind kind_of(const char *text, const char *key)
{
    if (key == NULL) {
        return NPC_SUGGEST_TERM;
    }
    size_t tl = strlen(text), kl = strlen(key);
    if (strstr(text, key) != NULL) {
        return NPC_SUGGEST_TITLE; /* the key itself, or a title holding it */
    }
    if (tl < kl && strcmp(key + kl - tl, text) == 0) {
        return NPC_SUGGEST_SHORT;
    }
    return NPC_SUGGEST_ABBREV;
}

/* A growing text buffer. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static int put(sbuf *b, const char *s, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        while (cap < b->n + len + 1) {
            cap *= 2;
        }
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            return 0;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
    return 1;
}

static const char kind_letter[] = {'t', 's', 'a', 'w'};

npc_status npc_suggest_dump(const npc_lexicon *lx, npc_pinyin *py, char **out, size_t *out_len,
                            npc_err *err)
{
    *out = NULL;
    *out_len = 0;
    sbuf b = {0};
    int ok = put(&b, HEADER, strlen(HEADER));
    npc_status st = NPC_OK;
    char syl[SYLLABLES_MAX];
    for (size_t i = 0; ok && st == NPC_OK && i < npc_lexicon_size(lx); i++) {
        const char *key = NULL, *text = npc_lexicon_entry(lx, i, &key);
        size_t sl = 0;
        st = npc_pinyin_of(py, text, strlen(text), syl, sizeof syl, &sl, err);
        if (st == NPC_ETOOBIG) { /* an entry too long for pinyin is suggested by its text */
            st = NPC_OK;
            syl[0] = '\0';
            sl = 0;
        }
        char k[2] = {kind_letter[kind_of(text, key)], '\t'};
        ok = st == NPC_OK && put(&b, k, 2) && put(&b, text, strlen(text)) && put(&b, "\t", 1) &&
             put(&b, key ? key : "", key ? strlen(key) : 0) && put(&b, "\t", 1) &&
             put(&b, syl, sl) && put(&b, "\n", 1);
    }
    if (st == NPC_OK && !ok) {
        st = npc_fail(err, NPC_ENOMEM, "suggestion table");
    }
    if (st != NPC_OK) {
        free(b.p);
        return st;
    }
    *out = b.p;
    *out_len = b.n;
    return NPC_OK;
}

/* ---- loading ------------------------------------------------------------------------------ */

void npc_suggest_free(npc_suggest *s)
{
    if (s == NULL) {
        return;
    }
    for (size_t i = 0; i < s->n * OWN; i++) {
        free(s->own[i]);
    }
    free(s->own);
    free(s->e);
    free(s->by_text);
    free(s->by_joined);
    free(s->by_initials);
    free(s);
}

static char *fold_into(const char *text, size_t len, int keep_space, npc_folded *f, size_t *chars,
                       npc_err *err)
{
    if (npc_fold(text, len, f, err) != NPC_OK) {
        return NULL;
    }
    char *o = malloc(f->n * 3 + 1);
    if (o == NULL) {
        npc_fail(err, NPC_ENOMEM, "suggestion table");
        return NULL;
    }
    size_t m = 0, c = 0;
    for (size_t i = 0; i < f->n; i++) {
        uint16_t u = f->u16[i];
        if (!keep_space && (u == ' ' || u == '\t' || u == '\n' || u == '\r')) {
            continue;
        }
        int pair = u >= 0xD800 && u <= 0xDBFF && i + 1 < f->n;
        m += npc_utf16_to_utf8(&f->u16[i], pair ? 2 : 1, o + m);
        i += pair;
        c++;
    }
    o[m] = '\0';
    if (chars != NULL) {
        *chars = c;
    }
    return o;
}

char *npc_suggest_fold(const char *text, size_t len, int keep_space, size_t *chars, npc_err *err)
{
    npc_folded f = {0};
    char *o = fold_into(text, len, keep_space, &f, chars, err);
    npc_folded_release(&f);
    return o;
}

/* The fields of one stored line (NUL-terminated, no newline) into entry e. */
static npc_status load_line(char *line, size_t no, npc_suggest_entry *e, char **own, npc_folded *f,
                            npc_err *err)
{
    char *field[4] = {line, NULL, NULL, NULL};
    for (int k = 1; k < 4; k++) {
        field[k] = field[k - 1] ? strchr(field[k - 1], '\t') : NULL;
        if (field[k] != NULL) {
            *field[k]++ = '\0';
        }
    }
    const char *kinds = memchr(kind_letter, line[0], sizeof kind_letter);
    if (field[3] == NULL || strchr(field[3], '\t') != NULL || kinds == NULL || line[1] != '\0' ||
        field[1][0] == '\0' || (line[0] == 'w') != (field[2][0] == '\0')) {
        return npc_fail(err, NPC_EFORMAT, "suggestion table: bad line %zu", no);
    }
    size_t sl = strlen(field[3]);
    own[0] = strdup(field[1]);
    own[1] = field[2][0] ? strdup(field[2]) : NULL;
    own[2] = strdup(field[3]);
    own[3] = malloc(sl + 1);
    own[4] = malloc(sl + 1);
    if (own[0] == NULL || (field[2][0] && own[1] == NULL) || own[2] == NULL || own[3] == NULL ||
        own[4] == NULL) {
        return npc_fail(err, NPC_ENOMEM, "suggestion table");
    }
    npc_pinyin_joined(own[2], own[3], sl + 1);
    npc_pinyin_initials(own[2], own[4], sl + 1);
    *e = (npc_suggest_entry){.text = own[0],
                             .key = own[1],
                             .syllables = own[2],
                             .joined = own[3],
                             .initials = own[4],
                             .kind = (enum npc_suggest_kind)(kinds - kind_letter)};
    char *folded = fold_into(own[0], strlen(own[0]), 0, f, &e->chars, err);
    if (folded == NULL) {
        return err ? err->code : NPC_EUTF8;
    }
    own[5] = folded;
    e->folded = folded;
    return NPC_OK;
}

/* An entry number and the field it is sorted by. */
typedef struct keyed {
    const char *key;
    size_t i;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The entry numbers sorted by the string field at offset off. */
static size_t *sorted_by(npc_suggest *s, size_t off)
{
    size_t *v = malloc((s->n + 1) * sizeof *v);
    keyed *k = malloc((s->n + 1) * sizeof *k);
    if (v == NULL || k == NULL) {
        free(v);
        free(k);
        return NULL;
    }
    for (size_t i = 0; i < s->n; i++) {
        k[i] = (keyed){*(const char **)((const char *)&s->e[i] + off), i};
    }
    qsort(k, s->n, sizeof *k, by_key);
    for (size_t i = 0; i < s->n; i++) {
        v[i] = k[i].i;
    }
    free(k);
    return v;
}

static size_t count_lines(const char *text, size_t len)
{
    size_t n = 0;
    for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++) {
        n++;
    }
    return n;
}

static npc_status load_lines(npc_suggest *s, char *copy, size_t len, npc_err *err)
{
    size_t cap = count_lines(copy, len) + 1;
    s->e = calloc(cap, sizeof *s->e);
    s->own = calloc(cap * OWN, sizeof *s->own);
    if (s->e == NULL || s->own == NULL) {
        return npc_fail(err, NPC_ENOMEM, "suggestion table");
    }
    npc_folded f = {0};
    npc_status st = NPC_OK;
    char *line = copy + strlen(HEADER);
    for (size_t no = 2; st == NPC_OK && line < copy + len && *line; no++) {
        char *nl = strchr(line, '\n');
        if (nl != NULL) {
            *nl = '\0';
        }
        st = load_line(line, no, &s->e[s->n], &s->own[s->n * OWN], &f, err);
        s->n++;
        line = nl ? nl + 1 : copy + len;
    }
    npc_folded_release(&f);
    return st;
}

npc_status npc_suggest_load(const char *text, size_t len, npc_suggest **out, npc_err *err)
{
    *out = NULL;
    npc_suggest *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return npc_fail(err, NPC_ENOMEM, "suggestion table");
    }
    npc_status st = NPC_OK;
    if (len > 0) {
        char *copy = strndup(text, len);
        if (copy == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "suggestion table");
        } else if (strncmp(copy, HEADER, strlen(HEADER)) != 0) {
            st = npc_fail(err, NPC_EFORMAT, "suggestion table: no \"npc.suggest 1\" header");
        } else {
            st = load_lines(s, copy, len, err);
        }
        free(copy);
    }
    if (st == NPC_OK) {
        s->by_text = sorted_by(s, offsetof(npc_suggest_entry, folded));
        s->by_joined = sorted_by(s, offsetof(npc_suggest_entry, joined));
        s->by_initials = sorted_by(s, offsetof(npc_suggest_entry, initials));
        if (!s->by_text || !s->by_joined || !s->by_initials) {
            st = npc_fail(err, NPC_ENOMEM, "suggestion table");
        }
    }
    if (st != NPC_OK) {
        npc_suggest_free(s);
        return st;
    }
    *out = s;
    return NPC_OK;
}

size_t npc_suggest_size(const npc_suggest *s)
{
    return s->n;
}

const npc_suggest_entry *npc_suggest_get(const npc_suggest *s, size_t i)
{
    return i < s->n ? &s->e[i] : NULL;
}

/* ---- matching ----------------------------------------------------------------------------- */

/* The field at offset off of entry i. */
static const char *field_of(const npc_suggest *s, size_t i, size_t off)
{
    return *(const char **)((const char *)&s->e[i] + off);
}

/* The first position of sorted (by the field at off) whose field is not below p[0..pl). */
static size_t lower_bound(const npc_suggest *s, const size_t *sorted, size_t off, const char *p,
                          size_t pl)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(field_of(s, sorted[mid], off), p, pl) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Candidates of one match, before ordering. */
typedef struct cand {
    npc_suggest_hit hit;
    int how;      /* the two pinyin matches rank alike: cjr and canjiren both mean 残疾人 */
    size_t chars; /* of the entry */
    int kind;
} cand;

typedef struct cands {
    cand *h;
    size_t n, cap;
    unsigned char *seen; /* per entry: already a candidate */
    const npc_suggest *s;
} cands;

static int cand_add(cands *c, size_t entry, enum npc_suggest_how how)
{
    if (c->seen[entry]) {
        return 1;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        cand *h = realloc(c->h, cap * sizeof *h);
        if (h == NULL) {
            return 0;
        }
        c->h = h;
        c->cap = cap;
    }
    c->seen[entry] = 1;
    c->h[c->n++] = (cand){{entry, how},
                          how == NPC_SUGGEST_INITIALS ? NPC_SUGGEST_PINYIN : (int)how,
                          c->s->e[entry].chars,
                          (int)c->s->e[entry].kind};
    return 1;
}

/* Every entry whose field at off starts with p[0..pl), as how. */
static int add_prefixed(const npc_suggest *s, const size_t *sorted, size_t off, const char *p,
                        size_t pl, enum npc_suggest_how how, cands *c)
{
    for (size_t k = lower_bound(s, sorted, off, p, pl); k < s->n; k++) {
        if (strncmp(field_of(s, sorted[k], off), p, pl) != 0) {
            break;
        }
        if (!cand_add(c, sorted[k], how)) {
            return 0;
        }
    }
    return 1;
}

static int add_containing(const npc_suggest *s, const char *p, cands *c)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!c->seen[i] && strstr(s->e[i].folded, p) != NULL &&
            !cand_add(c, i, NPC_SUGGEST_CONTAINS)) {
            return 0;
        }
    }
    return 1;
}

static int by_rank(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->how != y->how) {
        return x->how - y->how;
    }
    if (x->chars != y->chars) {
        return x->chars < y->chars ? -1 : 1;
    }
    if (x->kind != y->kind) {
        return x->kind - y->kind;
    }
    return (x->hit.entry > y->hit.entry) - (x->hit.entry < y->hit.entry);
}

/* Keeps the first hit of each law and of each word, at most max of them, into out. */
static size_t first_of_each(const npc_suggest *s, const cands *c, npc_suggest_hit *out, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < c->n && n < max; k++) {
        const npc_suggest_entry *e = &s->e[c->h[k].hit.entry];
        int dup = 0;
        for (size_t j = 0; j < n && !dup; j++) {
            const npc_suggest_entry *o = &s->e[out[j].entry];
            dup = e->key ? o->key && strcmp(e->key, o->key) == 0
                         : !o->key && strcmp(e->folded, o->folded) == 0;
        }
        if (!dup) {
            out[n++] = c->h[k].hit;
        }
    }
    return n;
}

/* The candidates of q (folded text or typed pinyin) into c. */
static npc_status collect(const npc_suggest *s, const char *q, size_t len, cands *c, npc_err *err)
{
    char py[256];
    size_t pl = 0;
    int ok = 1;
    if (npc_pinyin_typed(q, len, py, sizeof py, &pl)) {
        ok = add_prefixed(s, s->by_joined, offsetof(npc_suggest_entry, joined), py, pl,
                          NPC_SUGGEST_PINYIN, c) &&
             add_prefixed(s, s->by_initials, offsetof(npc_suggest_entry, initials), py, pl,
                          NPC_SUGGEST_INITIALS, c);
        return ok ? NPC_OK : npc_fail(err, NPC_ENOMEM, "suggestions");
    }
    char *folded = npc_suggest_fold(q, len, 0, NULL, err);
    if (folded == NULL) {
        return err ? err->code : NPC_EUTF8;
    }
    if (folded[0] != '\0') {
        ok = add_prefixed(s, s->by_text, offsetof(npc_suggest_entry, folded), folded,
                          strlen(folded), NPC_SUGGEST_PREFIX, c) &&
             add_containing(s, folded, c);
    }
    free(folded);
    return ok ? NPC_OK : npc_fail(err, NPC_ENOMEM, "suggestions");
}

npc_status npc_suggest_match(const npc_suggest *s, const char *q, size_t len, npc_suggest_hit *out,
                             size_t max, size_t *n, npc_err *err)
{
    *n = 0;
    if (s->n == 0 || max == 0) {
        return NPC_OK;
    }
    cands c = {.seen = calloc(s->n, 1), .s = s};
    if (c.seen == NULL) {
        return npc_fail(err, NPC_ENOMEM, "suggestions");
    }
    npc_status st = collect(s, q, len, &c, err);
    if (st == NPC_OK && c.n > 0) {
        qsort(c.h, c.n, sizeof *c.h, by_rank);
        *n = first_of_each(s, &c, out, max);
    }
    free(c.h);
    free(c.seen);
    return st;
}

/* The entries whose field at off equals v, and (when syllables is not NULL) whose syllables do
 * too, into out. */
static size_t equal_to(const npc_suggest *s, const size_t *sorted, size_t off, const char *v,
                       const char *syllables, size_t *out, size_t max)
{
    size_t n = 0, vl = strlen(v);
    if (s->n == 0 || vl == 0) {
        return 0;
    }
    for (size_t k = lower_bound(s, sorted, off, v, vl + 1); k < s->n && n < max; k++) {
        size_t i = sorted[k];
        if (strcmp(field_of(s, i, off), v) != 0) {
            break;
        }
        if (syllables == NULL || strcmp(s->e[i].syllables, syllables) == 0) {
            out[n++] = i;
        }
    }
    return n;
}

size_t npc_suggest_homophones(const npc_suggest *s, const char *syllables, size_t *out, size_t max)
{
    char joined[SYLLABLES_MAX];
    if (npc_pinyin_joined(syllables, joined, sizeof joined) == 0) {
        return 0;
    }
    return equal_to(s, s->by_joined, offsetof(npc_suggest_entry, joined), joined, syllables, out,
                    max);
}

size_t npc_suggest_reading(const npc_suggest *s, const char *joined, size_t *out, size_t max)
{
    return equal_to(s, s->by_joined, offsetof(npc_suggest_entry, joined), joined, NULL, out, max);
}

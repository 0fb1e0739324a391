/*
 * thesaurus.c — the lay-to-legal thesaurus (see thesaurus.h): the file read through the
 * analyzer, its keys indexed by their first word, matched against a query's words.
 */
#include "text/thesaurus.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"

extern const char npc_thesaurus_data[];
extern const size_t npc_thesaurus_data_len;

/* Hits npc_thesaurus_terms looks at; a question holds a few dozen words. */
#define TERMS_MAX_HITS 256
/* Bytes of the longest key matched (a key is a word or a short phrase). */
#define KEY_MAX 256

struct npc_thesaurus {
    npc_thesaurus_entry *e; /* every string and array in them is owned */
    size_t n, cap;
    size_t *by_key; /* entry numbers ordered by kfolded, then line */
    size_t maxk;    /* the longest kfolded, in bytes */
};

const char *npc_thesaurus_builtin(size_t *len)
{
    *len = npc_thesaurus_data_len;
    return npc_thesaurus_data;
}

static void entry_release(npc_thesaurus_entry *e)
{
    free((char *)e->domain);
    free((char *)e->key);
    for (size_t i = 0; i < e->nkwords; i++) {
        free((char *)e->kwords[i]);
    }
    for (size_t i = 0; i < e->ntargets; i++) {
        free((char *)e->targets[i]);
    }
    for (size_t i = 0; i < e->nterms; i++) {
        free((char *)e->terms[i]);
    }
    free((void *)e->kwords);
    free((char *)e->kfolded);
    free((void *)e->targets);
    free((void *)e->terms);
    free((void *)e->term_bigram);
}

void npc_thesaurus_free(npc_thesaurus *th)
{
    if (th == NULL) {
        return;
    }
    for (size_t i = 0; i < th->n; i++) {
        entry_release(&th->e[i]);
    }
    free(th->e);
    free(th->by_key);
    free(th);
}

/* Appends a copy of s[0..len) to the array *v of *n strings; 0 when out of memory. */
static int push(const char ***v, size_t *n, const char *s, size_t len)
{
    char *c = strndup(s, len);
    const char **p = realloc((void *)*v, (*n + 1) * sizeof *p);
    if (c == NULL || p == NULL) {
        free(c);
        if (p != NULL) {
            *v = p;
        }
        return 0;
    }
    p[(*n)++] = c;
    *v = p;
    return 1;
}

static int has(const char *const *v, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Number of characters of UTF-8 s[0..len) (valid UTF-8). */
static size_t chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return n;
}

/* A term a target gives: a word, not a lone Chinese character (those match almost anything). */
static int useful_word(const npc_token *t)
{
    return npc_token_is_word(t->kind) && !(t->kind == NPC_TOK_HAN && t->end - t->start <= 3);
}

/* Fills e's key words and terms by analysing its key and targets with a. */
static npc_status analyse_entry(npc_analyzer *a, npc_thesaurus_entry *e, npc_err *err)
{
    npc_analysis an;
    npc_status st = npc_analyze(a, e->key, strlen(e->key), 0, &an, err);
    for (size_t i = 0; st == NPC_OK && i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        if (npc_token_is_word(t->kind) &&
            !push((const char ***)&e->kwords, &e->nkwords, npc_token_term(&an, t), t->term_len)) {
            st = npc_fail(err, NPC_ENOMEM, "thesaurus");
        }
    }
    if (st == NPC_OK && e->nkwords == 0) {
        return npc_fail(err, NPC_EFORMAT, "thesaurus line %zu: the key %s gives no word", e->line,
                        e->key);
    }
    size_t kl = 0;
    for (size_t i = 0; i < e->nkwords; i++) {
        kl += strlen(e->kwords[i]);
    }
    char *kf = st == NPC_OK ? malloc(kl + 1) : NULL;
    if (st == NPC_OK && kf == NULL) {
        return npc_fail(err, NPC_ENOMEM, "thesaurus");
    }
    for (size_t i = 0, o = 0; kf != NULL && i < e->nkwords; i++) {
        size_t wl = strlen(e->kwords[i]);
        memcpy(kf + o, e->kwords[i], wl);
        o += wl;
        kf[o] = '\0';
    }
    e->kfolded = kf;
    for (size_t k = 0; st == NPC_OK && k < e->ntargets; k++) {
        st = npc_analyze(a, e->targets[k], strlen(e->targets[k]), NPC_AN_BIGRAMS, &an, err);
        size_t useful = 0, cands = 0;
        for (size_t i = 0; st == NPC_OK && i < an.ntokens; i++) {
            useful += useful_word(&an.tokens[i]);
        }
        /* its words; a target made only of lone characters (欠|款), its bigrams */
        for (size_t i = 0; st == NPC_OK && i < an.ntokens; i++) {
            const npc_token *t = &an.tokens[i];
            const char *term = npc_token_term(&an, t);
            int bigram = t->kind == NPC_TOK_BIGRAM;
            if (useful ? !useful_word(t) : !bigram) {
                continue;
            }
            cands++;
            int dup = 0;
            for (size_t j = 0; j < e->nterms && !dup; j++) {
                dup = e->term_bigram[j] == bigram && strlen(e->terms[j]) == t->term_len &&
                      memcmp(e->terms[j], term, t->term_len) == 0;
            }
            if (dup) {
                continue;
            }
            unsigned char *fb = realloc((void *)e->term_bigram, e->nterms + 1);
            if (fb != NULL) {
                e->term_bigram = fb;
                fb[e->nterms] = (unsigned char)bigram;
            }
            if (fb == NULL || !push((const char ***)&e->terms, &e->nterms, term, t->term_len)) {
                st = npc_fail(err, NPC_ENOMEM, "thesaurus");
            }
        }
        if (st == NPC_OK && cands == 0) {
            return npc_fail(err, NPC_EFORMAT, "thesaurus line %zu: the target %s gives no term",
                            e->line, e->targets[k]);
        }
    }
    return st;
}

/* Parses one line (n bytes, no newline) into e (zeroed); NPC_EFORMAT when it is not a
 * mapping. */
static npc_status parse_line(const char *line, size_t n, size_t lineno, npc_thesaurus_entry *e,
                             npc_err *err)
{
    e->line = lineno;
    const char *t1 = memchr(line, '\t', n);
    const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(line + n - t1 - 1)) : NULL;
    if (t2 == NULL || memchr(t2 + 1, '\t', (size_t)(line + n - t2 - 1)) != NULL) {
        return npc_fail(err, NPC_EFORMAT,
                        "thesaurus line %zu: expected DOMAIN\\tCOLLOQUIAL\\tTERM,TERM…", lineno);
    }
    size_t dl = (size_t)(t1 - line), kl = (size_t)(t2 - t1 - 1);
    const char *list = t2 + 1;
    size_t ll = (size_t)(line + n - list);
    if (dl == 0 || kl == 0 || ll == 0) {
        return npc_fail(err, NPC_EFORMAT, "thesaurus line %zu: an empty field", lineno);
    }
    if (chars(t1 + 1, kl) < 2) {
        return npc_fail(err, NPC_EFORMAT, "thesaurus line %zu: a key of one character", lineno);
    }
    e->domain = strndup(line, dl);
    e->key = strndup(t1 + 1, kl);
    if (e->domain == NULL || e->key == NULL) {
        return npc_fail(err, NPC_ENOMEM, "thesaurus");
    }
    for (size_t i = 0; i <= ll;) {
        const char *c = memchr(list + i, ',', ll - i);
        size_t e2 = c ? (size_t)(c - list) : ll;
        if (e2 == i) {
            return npc_fail(err, NPC_EFORMAT, "thesaurus line %zu: an empty target", lineno);
        }
        if (!has(e->targets, e->ntargets, list + i, e2 - i) &&
            !push((const char ***)&e->targets, &e->ntargets, list + i, e2 - i)) {
            return npc_fail(err, NPC_ENOMEM, "thesaurus");
        }
        i = e2 + 1;
    }
    return NPC_OK;
}

/* Orders pointers to entries by their folded key, then by line. */
static int cmp_key(const void *a, const void *b)
{
    const npc_thesaurus_entry *x = *(npc_thesaurus_entry *const *)a;
    const npc_thesaurus_entry *y = *(npc_thesaurus_entry *const *)b;
    int c = strcmp(x->kfolded, y->kfolded);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Fills th->by_key and th->maxk. */
static npc_status index_keys(npc_thesaurus *th, npc_err *err)
{
    size_t n = th->n ? th->n : 1;
    th->by_key = malloc(n * sizeof *th->by_key);
    npc_thesaurus_entry **v = malloc(n * sizeof *v);
    if (th->by_key == NULL || v == NULL) {
        free(v);
        return npc_fail(err, NPC_ENOMEM, "thesaurus");
    }
    for (size_t i = 0; i < th->n; i++) {
        v[i] = &th->e[i];
    }
    qsort(v, th->n, sizeof *v, cmp_key);
    for (size_t i = 0; i < th->n; i++) {
        th->by_key[i] = (size_t)(v[i] - th->e);
        size_t kl = strlen(v[i]->kfolded);
        th->maxk = kl > th->maxk ? kl : th->maxk;
    }
    free(v);
    return NPC_OK;
}

npc_status npc_thesaurus_load(npc_analyzer *a, const char *text, size_t len, npc_thesaurus **out,
                              npc_err *err)
{
    *out = NULL;
    size_t bad;
    if (!npc_utf8_valid(text, len, &bad)) {
        return npc_fail(err, NPC_EUTF8, "thesaurus is not valid UTF-8 at byte %zu", bad);
    }
    npc_thesaurus *th = calloc(1, sizeof *th);
    if (th == NULL) {
        return npc_fail(err, NPC_ENOMEM, "thesaurus");
    }
    npc_status st = NPC_OK;
    size_t lineno = 0;
    for (size_t i = 0; st == NPC_OK && i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n') {
            e++;
        }
        lineno++;
        const char *line = text + i;
        size_t n = e - i;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        i = e + 1;
        if (n == 0 || line[0] == '#') {
            continue;
        }
        if (th->n == th->cap) {
            size_t cap = th->cap ? th->cap * 2 : 256;
            npc_thesaurus_entry *p = realloc(th->e, cap * sizeof *p);
            if (p == NULL) {
                st = npc_fail(err, NPC_ENOMEM, "thesaurus");
                break;
            }
            th->e = p;
            th->cap = cap;
        }
        npc_thesaurus_entry *en = &th->e[th->n++];
        memset(en, 0, sizeof *en);
        st = parse_line(line, n, lineno, en, err);
        if (st == NPC_OK) {
            st = analyse_entry(a, en, err);
        }
    }
    if (st == NPC_OK) {
        st = index_keys(th, err);
    }
    if (st != NPC_OK) {
        npc_thesaurus_free(th);
        return st;
    }
    *out = th;
    return NPC_OK;
}

size_t npc_thesaurus_size(const npc_thesaurus *th)
{
    return th->n;
}

const npc_thesaurus_entry *npc_thesaurus_entry_at(const npc_thesaurus *th, size_t i)
{
    return i < th->n ? &th->e[i] : NULL;
}

/* The first position of by_key whose key is k[0..kl) or after it. */
static size_t lower_bound(const npc_thesaurus *th, const char *k, size_t kl)
{
    size_t lo = 0, hi = th->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *e = th->e[th->by_key[mid]].kfolded;
        size_t el = strlen(e);
        int c = memcmp(e, k, el < kl ? el : kl);
        if (c == 0) {
            c = (el > kl) - (el < kl);
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

size_t npc_thesaurus_find(const npc_thesaurus *th, const npc_analysis *an, size_t ntokens,
                          npc_thesaurus_hit *hits, size_t max)
{
    size_t found = 0;
    if (th == NULL) {
        return 0;
    }
    if (ntokens > an->ntokens) {
        ntokens = an->ntokens;
    }
    char buf[KEY_MAX];
    for (size_t i = 0; i < ntokens; i++) {
        if (!npc_token_is_word(an->tokens[i].kind)) {
            continue;
        }
        /* the words from i on, while each starts where the one before ended, spell a key */
        size_t len = 0, last = i;
        for (size_t j = i; j < ntokens; j++) {
            const npc_token *u = &an->tokens[j];
            if (!npc_token_is_word(u->kind)) {
                continue; /* bigrams and runs' edges lie between the words */
            }
            if ((j > i && u->start != an->tokens[last].end) || len + u->term_len > th->maxk ||
                len + u->term_len > sizeof buf) {
                break;
            }
            memcpy(buf + len, npc_token_term(an, u), u->term_len);
            len += u->term_len;
            last = j;
            for (size_t p = lower_bound(th, buf, len);
                 p < th->n && strlen(th->e[th->by_key[p]].kfolded) == len &&
                 memcmp(th->e[th->by_key[p]].kfolded, buf, len) == 0;
                 p++) {
                if (found < max) {
                    hits[found] = (npc_thesaurus_hit){&th->e[th->by_key[p]], i, j};
                }
                found++;
            }
        }
    }
    return found;
}

size_t npc_thesaurus_terms(const npc_thesaurus *th, const npc_analysis *an, size_t ntokens,
                           const char **out, unsigned char *bigram, size_t max)
{
    npc_thesaurus_hit hits[TERMS_MAX_HITS];
    size_t nh = npc_thesaurus_find(th, an, ntokens, hits, TERMS_MAX_HITS);
    size_t n = 0;
    for (size_t i = 0; i < nh && i < TERMS_MAX_HITS; i++) {
        const npc_thesaurus_entry *e = hits[i].entry;
        for (size_t k = 0; k < e->nterms && n < max; k++) {
            int dup = 0;
            for (size_t j = 0; j < n && !dup; j++) {
                dup = bigram[j] == e->term_bigram[k] && strcmp(out[j], e->terms[k]) == 0;
            }
            if (!dup) {
                bigram[n] = e->term_bigram[k];
                out[n++] = e->terms[k];
            }
        }
    }
    return n;
}

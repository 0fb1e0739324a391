/*
 * abbrev.c — abbreviations of law names: the rule, the curated table, the ambiguity check
 * (see abbrev.h).
 */
#include "index/abbrev.h"

#include <stdlib.h>
#include <string.h>

#include "text/fold.h"

/* The endings an abbreviation keeps. */
static const char *const ENDINGS[] = {"法", "条例"};

/* Characters taken from the words before the ending: fewer is no abbreviation (预算法 is not
 * 预法), more is not one people write. */
#define ABBREV_MIN_CHARS 2
#define ABBREV_MAX_CHARS 4
#define ABBREV_BUF (4 * ABBREV_MAX_CHARS + 6 + 1) /* the characters, the longest ending, NUL */

/* The irregular abbreviations in common use, each of a law key; those whose law the index
 * holds are added before the derived ones and win over them. */
static const struct {
    const char *abbrev, *key;
} CURATED[] = {
    {"个保法", "个人信息保护法"},
    {"消保法", "消费者权益保护法"},
    {"道交法", "道路交通安全法"},
    {"村组法", "村民委员会组织法"},
    {"地方组织法", "地方各级人民代表大会和地方各级人民政府组织法"},
    {"个税法", "个人所得税法"},
    {"妇保法", "妇女权益保障法"},
    {"固废法", "固体废物污染环境防治法"},
    {"大气法", "大气污染防治法"},
    {"环评法", "环境影响评价法"},
    {"招投标法", "招标投标法"},
    {"治安处罚法", "治安管理处罚法"},
    {"反恐法", "反恐怖主义法"},
};

#define MAX_WORDS 24 /* words of a key the rule looks at; a longer key gives none */

static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return n;
}

/* The byte length of the first character of s. */
static size_t first_char_len(const char *s)
{
    size_t i = 0;
    npc_utf8_next(s, &i);
    return i;
}

/* The length of the ending of key[0..kl) (ENDINGS), 0 when it has none. */
static size_t ending_len(const char *key, size_t kl)
{
    for (size_t i = 0; i < sizeof ENDINGS / sizeof *ENDINGS; i++) {
        size_t el = strlen(ENDINGS[i]);
        if (kl > el && memcmp(key + kl - el, ENDINGS[i], el) == 0) {
            return el;
        }
    }
    return 0;
}

/* 1 when ICU makes one Chinese word of s[0..len). */
static int one_word(npc_analyzer *plain, const char *s, size_t len)
{
    npc_analysis an;
    return npc_analyze(plain, s, len, 0, &an, NULL) == NPC_OK && an.ntokens == 1 &&
           an.tokens[0].kind == NPC_TOK_HAN && an.tokens[0].end - an.tokens[0].start == len;
}

/* The words of key[0..stem) as ICU splits them, into start[] and end[]: their number, 0 when
 * they do not cover it, are not all Chinese or the ending is not a word of its own. */
static size_t stem_words(npc_analyzer *plain, const char *key, size_t kl, size_t stem,
                         uint32_t start[MAX_WORDS], uint32_t end[MAX_WORDS])
{
    npc_analysis an;
    if (npc_analyze(plain, key, kl, 0, &an, NULL) != NPC_OK || an.ntokens < 2 ||
        an.ntokens > MAX_WORDS + 1 || an.tokens[an.ntokens - 1].start != stem) {
        return 0;
    }
    size_t at = 0;
    for (size_t i = 0; i + 1 < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        if (t->kind != NPC_TOK_HAN || t->start != at) {
            return 0;
        }
        start[i] = t->start;
        end[i] = at = t->end;
    }
    return an.ntokens - 1;
}

size_t npc_abbrev_derive(npc_analyzer *plain, const char *key, char *buf, size_t cap)
{
    size_t kl = strlen(key), el = ending_len(key, kl);
    uint32_t start[MAX_WORDS], end[MAX_WORDS];
    size_t nw = el ? stem_words(plain, key, kl, kl - el, start, end) : 0;
    const char *taken[ABBREV_MAX_CHARS];
    size_t ntaken = 0;
    size_t chars[MAX_WORDS + 1] = {0};
    for (size_t w = 0; w < nw; w++) {
        chars[w] = utf8_chars(key + start[w], end[w] - start[w]);
    }
    for (size_t w = 0; w < nw; w++) {
        const char *word = key + start[w];
        size_t len = end[w] - start[w];
        if (chars[w] == 1 && w > 0 && (chars[w - 1] == 1 || chars[w + 1] != 1)) {
            continue; /* 犬|只 is one word, and so is 残疾|人 */
        }
        size_t half =
            chars[w] == 4 ? first_char_len(word) + first_char_len(word + first_char_len(word)) : 0;
        int two = half && one_word(plain, word, half) && one_word(plain, word + half, len - half);
        for (int k = 0; k <= two; k++) {
            if (ntaken == ABBREV_MAX_CHARS) {
                return 0;
            }
            taken[ntaken++] = k ? word + half : word;
        }
    }
    if (ntaken < ABBREV_MIN_CHARS) {
        return 0;
    }
    size_t o = 0;
    for (size_t i = 0; i < ntaken; i++) {
        size_t cl = first_char_len(taken[i]);
        if (o + cl >= cap) {
            return 0;
        }
        memcpy(buf + o, taken[i], cl);
        o += cl;
    }
    if (o + el >= cap) {
        return 0;
    }
    memcpy(buf + o, key + kl - el, el);
    o += el;
    buf[o] = '\0';
    return o < kl ? o : 0; /* 禁|毒|法 is its own */
}

/* ---- adding them to a lexicon ------------------------------------------------------------ */

typedef struct derived {
    char abbrev[ABBREV_BUF];
    const char *key; /* borrowed from the lexicon */
} derived;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_derived(const void *a, const void *b)
{
    const derived *x = a, *y = b;
    int c = strcmp(x->abbrev, y->abbrev);
    return c ? c : strcmp(x->key, y->key);
}

/* 1 when s is an entry of lx already (a word, a title or an alias). */
static int is_entry(const npc_lexicon *lx, const char *s, npc_folded *f)
{
    int32_t title;
    return npc_fold(s, strlen(s), f, NULL) == NPC_OK && f->n > 0 &&
           npc_lexicon_match(lx, f->u16, f->n, &title) == f->n;
}

/* The distinct law keys of lx, sorted, into *out (borrowed strings, the array the caller's). */
static npc_status distinct_keys(const npc_lexicon *lx, const char ***out, size_t *n, npc_err *err)
{
    size_t nt = npc_lexicon_titles(lx), nk = 0;
    const char **keys = malloc((nt + 1) * sizeof *keys);
    if (keys == NULL) {
        return npc_fail(err, NPC_ENOMEM, "abbreviations");
    }
    for (size_t t = 0; t < nt; t++) {
        keys[t] = npc_lexicon_title_key(lx, (int32_t)t);
    }
    qsort(keys, nt, sizeof *keys, cmp_str);
    for (size_t t = 0; t < nt; t++) {
        if (nk == 0 || strcmp(keys[nk - 1], keys[t]) != 0) {
            keys[nk++] = keys[t];
        }
    }
    *out = keys;
    *n = nk;
    return NPC_OK;
}

/* Adds the curated abbreviations of the laws among keys[0..nk). */
static npc_status add_curated(npc_lexicon *lx, const char **keys, size_t nk, npc_folded *f,
                              npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < sizeof CURATED / sizeof *CURATED; i++) {
        const char *k = CURATED[i].key, *a = CURATED[i].abbrev;
        if (bsearch(&k, keys, nk, sizeof *keys, cmp_str) != NULL && !is_entry(lx, a, f)) {
            st = npc_lexicon_add_title(lx, a, strlen(a), k, strlen(k), err);
        }
    }
    return st;
}

/* The keys, each written backwards, sorted: "a key ends with s" is a search for a prefix. */
typedef struct endings {
    char **rev;
    size_t n;
} endings;

static void reverse_into(char *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        out[i] = s[len - 1 - i];
    }
    out[len] = '\0';
}

static npc_status endings_init(endings *e, const char **keys, size_t nk, npc_err *err)
{
    e->n = 0;
    e->rev = malloc((nk + 1) * sizeof *e->rev);
    for (size_t i = 0; e->rev != NULL && i < nk; i++) {
        size_t len = strlen(keys[i]);
        if ((e->rev[i] = malloc(len + 1)) == NULL) {
            return npc_fail(err, NPC_ENOMEM, "abbreviations");
        }
        reverse_into(e->rev[i], keys[i], len);
        e->n++;
    }
    if (e->rev == NULL) {
        return npc_fail(err, NPC_ENOMEM, "abbreviations");
    }
    qsort(e->rev, e->n, sizeof *e->rev, cmp_str);
    return NPC_OK;
}

static void endings_release(endings *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->rev[i]);
    }
    free(e->rev);
}

/* 1 when some key ends with s (防治法 ends 传染病防治法). */
static int ends_a_key(const endings *e, const char *s)
{
    char rs[ABBREV_BUF];
    size_t len = strlen(s);
    if (len >= sizeof rs) {
        return 0;
    }
    reverse_into(rs, s, len);
    size_t lo = 0, hi = e->n;
    while (lo < hi) { /* the first backwards key not below rs */
        size_t mid = (lo + hi) / 2;
        if (strcmp(e->rev[mid], rs) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < e->n && strncmp(e->rev[lo], rs, len) == 0;
}

/* Adds the derived abbreviations of keys[0..nk) that one law alone gives and that end no
 * key. */
static npc_status add_derived(npc_lexicon *lx, const char **keys, size_t nk, npc_folded *f,
                              npc_err *err)
{
    npc_analyzer *plain = NULL;
    endings e = {0};
    derived *d = malloc((nk + 1) * sizeof *d);
    npc_status st = d != NULL ? npc_analyzer_new(NULL, &plain, err)
                              : npc_fail(err, NPC_ENOMEM, "abbreviations");
    if (st == NPC_OK) {
        st = endings_init(&e, keys, nk, err);
    }
    size_t nd = 0;
    for (size_t i = 0; st == NPC_OK && i < nk; i++) {
        if (npc_abbrev_derive(plain, keys[i], d[nd].abbrev, sizeof d[nd].abbrev) > 0) {
            d[nd++].key = keys[i];
        }
    }
    if (st == NPC_OK) {
        qsort(d, nd, sizeof *d, cmp_derived);
    }
    for (size_t i = 0; st == NPC_OK && i < nd;) {
        size_t j = i + 1;
        while (j < nd && strcmp(d[j].abbrev, d[i].abbrev) == 0) {
            j++;
        }
        if (j == i + 1 && !is_entry(lx, d[i].abbrev, f) && !ends_a_key(&e, d[i].abbrev)) {
            st = npc_lexicon_add_title(lx, d[i].abbrev, strlen(d[i].abbrev), d[i].key,
                                       strlen(d[i].key), err);
        }
        i = j;
    }
    endings_release(&e);
    npc_analyzer_free(plain);
    free(d);
    return st;
}

npc_status npc_abbrev_add(npc_lexicon *lx, npc_err *err)
{
    const char **keys = NULL;
    size_t nk = 0;
    npc_folded f = {0};
    npc_status st = distinct_keys(lx, &keys, &nk, err);
    if (st == NPC_OK) {
        st = add_curated(lx, keys, nk, &f, err);
    }
    if (st == NPC_OK) {
        st = add_derived(lx, keys, nk, &f, err);
    }
    npc_folded_release(&f);
    free(keys);
    return st;
}

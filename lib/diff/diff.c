/*
 * diff.c — article alignment by content and a character diff (see diff.h).
 */
#include "diff/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/fnv.h"
#include "text/fold.h"

const char *npc_diff_mark_name(enum npc_diff_mark m)
{
    static const char *const names[] = {"unchanged", "moved", "changed", "added", "removed"};
    return (unsigned)m < sizeof names / sizeof names[0] ? names[m] : "?";
}

size_t npc_diff_content_at(const char *text, size_t len, const char *label, size_t label_len)
{
    size_t at = label_len <= len && memcmp(text, label, label_len) == 0 ? label_len : 0;
    for (;;) {
        if (at < len && text[at] == ' ') {
            at++;
        } else if (at + 3 <= len && memcmp(text + at, "\xE3\x80\x80", 3) == 0) {
            at += 3;
        } else {
            return at;
        }
    }
}

/* ---- alignment -------------------------------------------------------------------------- */

/* An article's content as the alignment sees it: its hash and its sorted distinct bigrams. */
typedef struct shape {
    uint64_t hash;
    uint32_t *grams;
    size_t ngrams;
    long pair; /* index of its pair in the output, -1 while unpaired */
} shape;

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* The shape of text[0..len): its bigrams of code points (one gram for one character). */
static npc_status shape_of(const char *text, size_t len, shape *s, npc_err *err)
{
    s->hash = npc_fnv1a64(text, len);
    s->pair = -1;
    s->grams = malloc((len + 1) * sizeof *s->grams);
    if (s->grams == NULL) {
        return npc_fail(err, NPC_ENOMEM, "diff");
    }
    size_t n = 0, i = 0;
    uint32_t prev = 0;
    int first = 1;
    while (i < len) {
        uint32_t c;
        i += npc_utf8_at(text, i, len, &c);
        if (c == ' ' || c == '\n' || c == 0x3000) {
            continue; /* white space says nothing about likeness */
        }
        if (!first) {
            s->grams[n++] = prev * 2654435761u ^ c;
        }
        prev = c;
        first = 0;
    }
    if (n == 0 && !first) {
        s->grams[n++] = prev;
    }
    qsort(s->grams, n, sizeof *s->grams, cmp_u32);
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        if (k == 0 || s->grams[k - 1] != s->grams[j]) {
            s->grams[k++] = s->grams[j];
        }
    }
    s->ngrams = k;
    return NPC_OK;
}

/* A bigram of a new article: the inverted list the likeness is counted with. */
typedef struct posting {
    uint32_t gram;
    uint32_t j; /* index among the unpaired new articles */
} posting;

static int cmp_posting(const void *x, const void *y)
{
    const posting *a = x, *b = y;
    return a->gram != b->gram ? (a->gram < b->gram ? -1 : 1) : (a->j < b->j ? -1 : a->j > b->j);
}

/* like[i * rb + j]: the Dice coefficient of the bigram sets of old article ia[i] and new
 * article ib[j], counted through an inverted list of the new articles' bigrams (each old
 * bigram visits only the new articles holding it, not every pair: the largest pair of the
 * corpus went from 245 ms to 123 ms, docs/bench.md). */
static int likeness(const shape *sa, const size_t *ia, size_t ra, const shape *sb, const size_t *ib,
                    size_t rb, double *like)
{
    size_t np = 0;
    for (size_t j = 0; j < rb; j++) {
        np += sb[ib[j]].ngrams;
    }
    posting *post = malloc((np + 1) * sizeof *post);
    uint32_t *common = calloc(rb + 1, sizeof *common);
    if (post == NULL || common == NULL) {
        free(post), free(common);
        return 0;
    }
    np = 0;
    for (size_t j = 0; j < rb; j++) {
        for (size_t g = 0; g < sb[ib[j]].ngrams; g++) {
            post[np++] = (posting){sb[ib[j]].grams[g], (uint32_t)j};
        }
    }
    qsort(post, np, sizeof *post, cmp_posting);
    for (size_t i = 0; i < ra; i++) {
        const shape *a = &sa[ia[i]];
        memset(common, 0, rb * sizeof *common);
        size_t at = 0;
        for (size_t g = 0; g < a->ngrams; g++) { /* a's grams are sorted: walk on */
            size_t lo = at, hi = np;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (post[mid].gram < a->grams[g]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (at = lo; at < np && post[at].gram == a->grams[g]; at++) {
                common[post[at].j]++;
            }
        }
        for (size_t j = 0; j < rb; j++) {
            size_t total = a->ngrams + sb[ib[j]].ngrams;
            like[i * rb + j] = total == 0 ? 1.0 : 2.0 * (double)common[j] / (double)total;
        }
    }
    free(post), free(common);
    return 1;
}

static int same_label(const npc_diff_article *x, const npc_diff_article *y)
{
    return x->label_len == y->label_len && memcmp(x->label, y->label, x->label_len) == 0;
}

/* Pairs the articles of the same content, preferring the same label, then the first unpaired
 * old article in order. */
static void pair_same(const npc_diff_article *a, shape *sa, size_t na, const npc_diff_article *b,
                      shape *sb, size_t nb, npc_diff_pair *out, size_t *n)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < nb; j++) {
            for (size_t i = 0; sb[j].pair < 0 && i < na; i++) {
                if (sa[i].pair >= 0 || sa[i].hash != sb[j].hash || a[i].text_len != b[j].text_len ||
                    memcmp(a[i].text, b[j].text, a[i].text_len) != 0 ||
                    (pass == 0 && !same_label(&a[i], &b[j]))) {
                    continue;
                }
                out[*n] = (npc_diff_pair){
                    (long)i, (long)j,
                    same_label(&a[i], &b[j]) ? NPC_DIFF_UNCHANGED : NPC_DIFF_MOVED, 1.0};
                sa[i].pair = sb[j].pair = (long)(*n)++;
            }
        }
    }
}

/* Among the unpaired articles, in order: the pairs of likeness >= NPC_DIFF_ALIKE with the
 * greatest sum of likeness (a dynamic programme over the two sequences). */
static npc_status pair_alike(shape *sa, size_t na, shape *sb, size_t nb, npc_diff_pair *out,
                             size_t *n, npc_err *err)
{
    size_t *ia = malloc((na + 1) * sizeof *ia), *ib = malloc((nb + 1) * sizeof *ib), ra = 0, rb = 0;
    if (ia == NULL || ib == NULL) {
        free(ia);
        free(ib);
        return npc_fail(err, NPC_ENOMEM, "diff");
    }
    for (size_t i = 0; i < na; i++) {
        if (sa[i].pair < 0) {
            ia[ra++] = i;
        }
    }
    for (size_t j = 0; j < nb; j++) {
        if (sb[j].pair < 0) {
            ib[rb++] = j;
        }
    }
    /* best[i][j]: the best sum over the first i old and j new unpaired articles */
    double *best = calloc((ra + 1) * (rb + 1), sizeof *best);
    double *like = malloc((ra * rb + 1) * sizeof *like);
    if (best == NULL || like == NULL || !likeness(sa, ia, ra, sb, ib, rb, like)) {
        free(ia), free(ib), free(best), free(like);
        return npc_fail(err, NPC_ENOMEM, "diff");
    }
#define B(i, j) best[(i) * (rb + 1) + (j)]
    for (size_t i = 1; i <= ra; i++) {
        for (size_t j = 1; j <= rb; j++) {
            double d = like[(i - 1) * rb + (j - 1)];
            double v = B(i - 1, j) > B(i, j - 1) ? B(i - 1, j) : B(i, j - 1);
            if (d >= NPC_DIFF_ALIKE && B(i - 1, j - 1) + d > v) {
                v = B(i - 1, j - 1) + d;
            }
            B(i, j) = v;
        }
    }
    /* walk back; the pairs come out last first, then are reversed */
    size_t first = *n;
    for (size_t i = ra, j = rb; i > 0 && j > 0;) {
        double d = like[(i - 1) * rb + (j - 1)];
        if (d >= NPC_DIFF_ALIKE && B(i, j) == B(i - 1, j - 1) + d) {
            out[*n] = (npc_diff_pair){(long)ia[i - 1], (long)ib[j - 1], NPC_DIFF_CHANGED, d};
            sa[ia[i - 1]].pair = sb[ib[j - 1]].pair = (long)(*n)++;
            i--, j--;
        } else if (B(i, j) == B(i - 1, j)) {
            i--;
        } else {
            j--;
        }
    }
#undef B
    for (size_t x = first, y = *n; x + 1 < y; x++, y--) {
        npc_diff_pair t = out[x];
        out[x] = out[y - 1];
        out[y - 1] = t;
        sa[out[x].from].pair = sb[out[x].to].pair = (long)x;
        sa[out[y - 1].from].pair = sb[out[y - 1].to].pair = (long)(y - 1);
    }
    free(ia), free(ib), free(best), free(like);
    return NPC_OK;
}

/* Output order: the new version's, each removed article after its old predecessor's pair. */
typedef struct keyed {
    double key;
    npc_diff_pair p;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
    double a = ((const keyed *)x)->key, b = ((const keyed *)y)->key;
    return a < b ? -1 : a > b;
}

npc_status npc_diff_align(const npc_diff_article *a, size_t na, const npc_diff_article *b,
                          size_t nb, npc_diff_pair **pairs, size_t *npairs, npc_err *err)
{
    *pairs = NULL;
    *npairs = 0;
    shape *sa = calloc(na + 1, sizeof *sa), *sb = calloc(nb + 1, sizeof *sb);
    npc_diff_pair *out = malloc((na + nb + 1) * sizeof *out);
    keyed *k = malloc((na + nb + 1) * sizeof *k);
    npc_status st = sa && sb && out && k ? NPC_OK : npc_fail(err, NPC_ENOMEM, "diff");
    for (size_t i = 0; st == NPC_OK && i < na; i++) {
        st = shape_of(a[i].text, a[i].text_len, &sa[i], err);
    }
    for (size_t j = 0; st == NPC_OK && j < nb; j++) {
        st = shape_of(b[j].text, b[j].text_len, &sb[j], err);
    }
    size_t n = 0;
    if (st == NPC_OK) {
        pair_same(a, sa, na, b, sb, nb, out, &n);
        st = pair_alike(sa, na, sb, nb, out, &n, err);
    }
    if (st == NPC_OK) {
        size_t m = 0;
        double after = -1.0; /* the new index of the last paired old article's pair */
        for (size_t j = 0; j < nb; j++) {
            k[m++] = sb[j].pair >= 0 ? (keyed){(double)j, out[sb[j].pair]}
                                     : (keyed){(double)j, {-1, (long)j, NPC_DIFF_ADDED, 0}};
        }
        for (size_t i = 0; i < na; i++) {
            if (sa[i].pair >= 0) {
                after = (double)out[sa[i].pair].to;
            } else { /* after that pair, before the next new article, in the old order */
                k[m++] = (keyed){after + 0.5 + 0.4 * (double)i / (double)(na + 1),
                                 {(long)i, -1, NPC_DIFF_REMOVED, 0}};
            }
        }
        qsort(k, m, sizeof *k, cmp_keyed);
        for (size_t x = 0; x < m; x++) {
            out[x] = k[x].p;
        }
        *pairs = out;
        *npairs = m;
        out = NULL;
    }
    for (size_t i = 0; sa != NULL && i < na; i++) {
        free(sa[i].grams);
    }
    for (size_t j = 0; sb != NULL && j < nb; j++) {
        free(sb[j].grams);
    }
    free(sa), free(sb), free(out), free(k);
    return st;
}

/* ---- characters ------------------------------------------------------------------------- */

/* The code points of s[0..len) and the byte offset of each (one more: len). */
static npc_status decode(const char *s, size_t len, uint32_t **cps, size_t **at, size_t *n,
                         npc_err *err)
{
    *cps = malloc((len + 1) * sizeof **cps);
    *at = malloc((len + 1) * sizeof **at);
    if (*cps == NULL || *at == NULL) {
        return npc_fail(err, NPC_ENOMEM, "diff");
    }
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        (*at)[k] = i;
        (*cps)[k++] = npc_utf8_next(s, &i);
    }
    (*at)[k] = len;
    *n = k;
    return NPC_OK;
}

typedef struct spans {
    npc_diff_span *v;
    size_t n, cap;
} spans;

/* Appends a run of op over bytes [start, end), merged with the last run of the same op. */
static int emit(spans *s, enum npc_diff_op op, size_t start, size_t end)
{
    if (start == end) {
        return 1;
    }
    if (s->n > 0 && s->v[s->n - 1].op == op && s->v[s->n - 1].end == start) {
        s->v[s->n - 1].end = end;
        return 1;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        npc_diff_span *v = realloc(s->v, cap * sizeof *v);
        if (v == NULL) {
            return 0;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (npc_diff_span){op, start, end};
    return 1;
}

/* Myers' greedy O(ND) algorithm on x[0..n) and y[0..m), recording each round's furthest
 * reaching paths (trace) to walk the edit back.  Returns the edit's length, -1 when it is over
 * max (or memory runs out). */
static long myers(const uint32_t *x, long n, const uint32_t *y, long m, long max, long **trace)
{
    long off = max + 1, width = 2 * max + 3;
    long *v = calloc((size_t)width, sizeof *v);
    long *t = NULL;
    size_t tcap = 0, tn = 0;
    if (v == NULL) {
        return -1;
    }
    for (long d = 0; d <= max; d++) {
        if (tn + (size_t)(2 * d + 1) > tcap) {
            size_t cap = tcap ? 2 * tcap : 1024;
            while (cap < tn + (size_t)(2 * d + 1)) {
                cap *= 2;
            }
            long *nt = realloc(t, cap * sizeof *nt);
            if (nt == NULL) {
                break;
            }
            t = nt;
            tcap = cap;
        }
        for (long k = -d; k <= d; k += 2) {
            long px;
            if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) {
                px = v[off + k + 1]; /* down: an insertion */
            } else {
                px = v[off + k - 1] + 1; /* right: a deletion */
            }
            long py = px - k;
            while (px < n && py < m && x[px] == y[py]) {
                px++, py++;
            }
            v[off + k] = px;
            if (px >= n && py >= m) {
                memcpy(t + tn, v + off - d, (size_t)(2 * d + 1) * sizeof *t);
                free(v);
                *trace = t;
                return d;
            }
        }
        memcpy(t + tn, v + off - d, (size_t)(2 * d + 1) * sizeof *t);
        tn += (size_t)(2 * d + 1);
    }
    free(v);
    free(t);
    return -1;
}

npc_status npc_diff_chars(const char *a, size_t alen, const char *b, size_t blen,
                          npc_diff_span **out, size_t *nout, npc_err *err)
{
    *out = NULL;
    *nout = 0;
    if (!npc_utf8_valid(a, alen, NULL) || !npc_utf8_valid(b, blen, NULL)) {
        return npc_fail(err, NPC_EUTF8, "diff: a text is not UTF-8");
    }
    uint32_t *x = NULL, *y = NULL;
    size_t *ax = NULL, *ay = NULL, n = 0, m = 0;
    spans s = {0};
    npc_status st = decode(a, alen, &x, &ax, &n, err);
    if (st == NPC_OK) {
        st = decode(b, blen, &y, &ay, &m, err);
    }
    if (st != NPC_OK) {
        free(x), free(ax), free(y), free(ay);
        return st;
    }
    /* the common prefix and suffix first: most amendments touch a few words */
    size_t pre = 0, suf = 0;
    while (pre < n && pre < m && x[pre] == y[pre]) {
        pre++;
    }
    while (suf < n - pre && suf < m - pre && x[n - 1 - suf] == y[m - 1 - suf]) {
        suf++;
    }
    long xn = (long)(n - pre - suf), yn = (long)(m - pre - suf);
    long max = xn + yn < NPC_DIFF_MAX_EDIT ? xn + yn : NPC_DIFF_MAX_EDIT;
    long *trace = NULL;
    long d = myers(x + pre, xn, y + pre, yn, max, &trace);
    int ok = emit(&s, NPC_DIFF_EQUAL, 0, ax[pre]);
    if (d < 0) {
        ok = ok && emit(&s, NPC_DIFF_DELETE, ax[pre], ax[n - suf]) &&
             emit(&s, NPC_DIFF_INSERT, ay[pre], ay[m - suf]);
    } else {
        /* walk back from (xn, yn) through the trace, collecting the moves last first */
        typedef struct move {
            enum npc_diff_op op;
            long i; /* index in x (EQUAL, DELETE) or y (INSERT), relative to pre */
        } move;
        move *mv = malloc(((size_t)(xn + yn) + 1) * sizeof *mv);
        size_t nm = 0;
        long px = xn, py = yn;
        for (long e = d; ok && mv != NULL && e >= 0; e--) {
            long k = px - py, pk, sx;
            if (e == 0) {
                while (px > 0 && py > 0) {
                    mv[nm++] = (move){NPC_DIFF_EQUAL, --px};
                    py--;
                }
                break;
            }
            /* round r's furthest x for diagonals -r..r is at trace[r * r ..] */
            const long *vp = trace + (size_t)((e - 1) * (e - 1));
            int down = k == -e || (k != e && vp[k - 1 + (e - 1)] < vp[k + 1 + (e - 1)]);
            pk = down ? k + 1 : k - 1;
            sx = vp[pk + (e - 1)];
            long sy = sx - pk, mx = down ? sx : sx + 1, my = mx - k;
            while (px > mx && py > my) {
                mv[nm++] = (move){NPC_DIFF_EQUAL, --px};
                py--;
            }
            if (down) {
                mv[nm++] = (move){NPC_DIFF_INSERT, sy};
            } else {
                mv[nm++] = (move){NPC_DIFF_DELETE, sx};
            }
            px = sx, py = sy;
        }
        ok = ok && mv != NULL;
        for (size_t q = nm; ok && q > 0; q--) {
            const move *o = &mv[q - 1];
            if (o->op == NPC_DIFF_INSERT) {
                ok = emit(&s, o->op, ay[pre + (size_t)o->i], ay[pre + (size_t)o->i + 1]);
            } else {
                ok = emit(&s, o->op, ax[pre + (size_t)o->i], ax[pre + (size_t)o->i + 1]);
            }
        }
        free(mv);
    }
    ok = ok && emit(&s, NPC_DIFF_EQUAL, ax[n - suf], alen);
    free(trace), free(x), free(ax), free(y), free(ay);
    if (!ok) {
        free(s.v);
        return npc_fail(err, NPC_ENOMEM, "diff");
    }
    *out = s.v;
    *nout = s.n;
    return NPC_OK;
}

/*
 * lawmd.c — law Markdown parser (see lawmd.h).
 */
#include "lawmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "text/numeral.h"

static const char INFO_END[] = "<!-- INFO END -->";

typedef struct line {
    size_t start, end; /* without the newline */
} line;

static int next_line(const char *s, size_t len, size_t *pos, line *l)
{
    if (*pos >= len) {
        return 0;
    }
    l->start = *pos;
    const char *nl = memchr(s + *pos, '\n', len - *pos);
    l->end = nl ? (size_t)(nl - s) : len;
    *pos = nl ? l->end + 1 : len;
    if (l->end > l->start && s[l->end - 1] == '\r') {
        l->end--;
    }
    return 1;
}

/* Skips ASCII and ideographic spaces forward from i up to end. */
static size_t skip_space(const char *s, size_t i, size_t end)
{
    for (;;) {
        if (i < end && (s[i] == ' ' || s[i] == '\t')) {
            i++;
        } else if (i + 3 <= end && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
            i += 3;
        } else {
            return i;
        }
    }
}

static size_t trim_end(const char *s, size_t start, size_t end)
{
    while (end > start) {
        if (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' || s[end - 1] == '\r') {
            end--;
        } else if (end - start >= 3 && memcmp(s + end - 3, "\xE3\x80\x80", 3) == 0) {
            end -= 3;
        } else {
            break;
        }
    }
    return end;
}

/* Reads the numeral at s[i..end) into cps; returns the byte length consumed (0: none). */
static size_t numeral_at(const char *s, size_t i, size_t end, uint32_t *value)
{
    uint32_t cps[16];
    size_t n = 0, j = i;
    while (j < end && n < 16) {
        size_t k = j;
        uint32_t c = npc_utf8_next(s, &k);
        if (c >= 0xFF10 && c <= 0xFF19) {
            c = '0' + (c - 0xFF10); /* full-width digits */
        }
        if (!npc_numeral_char(c)) {
            break;
        }
        cps[n++] = c;
        j = k;
    }
    if (n == 0 || !npc_numeral_parse(cps, n, value)) {
        return 0;
    }
    return j - i;
}

/* Recognises an article paragraph "第…条[之…] " at the start of a line.  Returns 1 and fills
 * num, sub and the label's end. */
static int article_start(const char *s, size_t i, size_t end, uint32_t *num, uint32_t *sub,
                         size_t *label_end)
{
    static const char DI[] = "第", TIAO[] = "条", ZHI[] = "之";
    if (end - i < 9 || memcmp(s + i, DI, 3) != 0) {
        return 0;
    }
    size_t k = numeral_at(s, i + 3, end, num);
    if (k == 0) {
        return 0;
    }
    size_t j = i + 3 + k;
    if (j + 3 > end || memcmp(s + j, TIAO, 3) != 0) {
        return 0;
    }
    j += 3;
    *sub = 0;
    if (j + 3 <= end && memcmp(s + j, ZHI, 3) == 0) {
        uint32_t v;
        size_t m = numeral_at(s, j + 3, end, &v);
        if (m != 0) {
            *sub = v;
            j += 3 + m;
        }
    }
    /* the label must be followed by a space (half- or full-width) */
    if (!(j < end && (s[j] == ' ' || s[j] == '\t')) &&
        !(j + 3 <= end && memcmp(s + j, "\xE3\x80\x80", 3) == 0)) {
        return 0;
    }
    *label_end = j;
    return 1;
}

/* Reads a date written YYYY年M月D日 at s[i..end) into out (YYYY-MM-DD); returns its length in
 * bytes, 0 when there is none. */
static size_t date_at(const char *s, size_t i, size_t end, char out[11])
{
    int y, m, d, n = 0;
    char buf[64];
    size_t take = end - i < sizeof buf - 1 ? end - i : sizeof buf - 1;
    memcpy(buf, s + i, take);
    buf[take] = '\0';
    if (s[i] >= '0' && s[i] <= '9' && sscanf(buf, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3 &&
        n > 0 && y > 1900 && y < 10000 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        char cand[32];
        snprintf(cand, sizeof cand, "%04d-%02d-%02d", y, m, d);
        memcpy(out, cand, 11);
        return (size_t)n;
    }
    return 0;
}

/* Keeps in out the latest (later > 0) or earliest (later == 0) of out and cand. */
static void keep(char out[11], const char *cand, int later)
{
    if (cand[0] && (out[0] == '\0' || (strcmp(cand, out) > 0) == (later > 0))) {
        memcpy(out, cand, 11);
    }
}

/* 1 when s[i..) starts with the UTF-8 string w. */
static int at(const char *s, size_t i, size_t end, const char *w)
{
    size_t n = strlen(w);
    return end - i >= n && memcmp(s + i, w, n) == 0;
}

/* The version facts of the info lines s[start..end): the latest and earliest dates, the date
 * of a line that says 施行 or 废止 outside 《》 (a decision's name may say 废止: 《关于修改、废止
 * …的决定》, and may run over two lines). */
static void info_facts(const char *s, size_t start, size_t end, npc_law *law)
{
    int depth = 0;
    char line_date[11] = "";
    for (size_t i = start; i < end;) {
        char d[11];
        size_t n = date_at(s, i, end, d);
        if (n > 0) {
            keep(law->date, d, 1);
            keep(law->adopted, d, 0);
            if (line_date[0] == '\0') {
                memcpy(line_date, d, 11);
            }
            i += n;
            continue;
        }
        if (s[i] == '\n') {
            line_date[0] = '\0';
        } else if (at(s, i, end, "《") || at(s, i, end, "〈") || s[i] == '<') {
            depth++;
        } else if ((at(s, i, end, "》") || at(s, i, end, "〉") || s[i] == '>') && depth > 0) {
            depth--;
        } else if (depth == 0 && line_date[0] && at(s, i, end, "施行")) {
            keep(law->in_force, line_date, 1);
        } else if (depth == 0 && line_date[0] && at(s, i, end, "废止")) {
            keep(law->repealed, line_date, 0);
        }
        i++;
    }
    keep(law->in_force, law->date, 1);
}

/* The body's 本法自…起施行 (本条例, 本规定 …: 本 at most four characters before 自): its date
 * into out, the first such sentence's. */
static void body_in_force(const char *s, size_t start, size_t end, char out[11])
{
    for (size_t i = start; i + 3 < end; i++) {
        char d[11];
        size_t n;
        if (!at(s, i, end, "自") || (n = date_at(s, i + 3, end, d)) == 0 ||
            !at(s, i + 3 + n, end, "起施行")) {
            continue;
        }
        for (size_t back = 3; back <= 15 && back <= i - start; back += 3) {
            if (at(s, i - back, end, "本")) {
                keep(out, d, 1);
                return;
            }
        }
    }
}

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) {
        return 1;
    }
    size_t c = *cap ? *cap * 2 : 64;
    void *q = realloc(*p, c * size);
    if (q == NULL) {
        return 0;
    }
    *p = q;
    *cap = c;
    return 1;
}

static int heading_level(const char *s, const line *l, size_t *text_start)
{
    size_t i = l->start;
    int level = 0;
    while (i < l->end && s[i] == '#') {
        level++;
        i++;
    }
    if (level == 0 || i >= l->end || (s[i] != ' ' && s[i] != '\t')) {
        return 0;
    }
    *text_start = skip_space(s, i, l->end);
    return level;
}

/* The offset after a front-matter block at the start of s, 0 when there is none. */
static size_t after_front_matter(const char *s, size_t len)
{
    size_t pos = 0;
    line l;
    if (len >= 4 && memcmp(s, "---", 3) == 0 && (s[3] == '\n' || s[3] == '\r')) {
        next_line(s, len, &pos, &l);
        while (next_line(s, len, &pos, &l)) {
            if (l.end - l.start == 3 && memcmp(s + l.start, "---", 3) == 0) {
                break;
            }
        }
    }
    return pos;
}

/* Finds the first "# " line from *pos on: its text into *title, *pos after it.  0 when none. */
static int title_line(const char *s, size_t len, size_t *pos, npc_range *title)
{
    line l;
    while (next_line(s, len, pos, &l)) {
        size_t ts;
        if (heading_level(s, &l, &ts) == 1) {
            *title = (npc_range){ts, trim_end(s, ts, l.end)};
            return 1;
        }
    }
    return 0;
}

int npc_law_marked(const char *text, size_t len)
{
    const size_t m = sizeof INFO_END - 1;
    for (size_t i = 0; i + m <= len; i++) {
        if (text[i] == '<' && memcmp(text + i, INFO_END, m) == 0) {
            return 1;
        }
    }
    return 0;
}

int npc_law_title(const char *text, size_t len, npc_range *title)
{
    size_t pos = after_front_matter(text, len);
    return title_line(text, len, &pos, title);
}

npc_status npc_law_parse(const char *s, size_t len, npc_law *law, npc_err *err)
{
    memset(law, 0, sizeof *law);
    size_t pos = after_front_matter(s, len), heads_cap = 0, arts_cap = 0;
    line l;
    if (!title_line(s, len, &pos, &law->title)) {
        return npc_fail(err, NPC_EFORMAT, "no \"# \" title line");
    }
    /* book, info lines */
    size_t info_start = pos, body_start = 0, after_title = pos;
    const char *marker = NULL;
    for (size_t p = pos; next_line(s, len, &p, &l);) {
        size_t ts;
        if (l.end - l.start >= sizeof INFO_END - 1 &&
            memcmp(s + l.start, INFO_END, sizeof INFO_END - 1) == 0) {
            marker = s + l.start;
            body_start = p;
            break;
        }
        if (heading_level(s, &l, &ts) == 1 && law->book.end == 0) {
            law->book = (npc_range){ts, trim_end(s, ts, l.end)};
            info_start = p;
        }
    }
    if (marker != NULL) {
        law->info = (npc_range){info_start, (size_t)(marker - s)};
        info_facts(s, law->info.start, law->info.end, law);
    } else {
        /* no marker: no book or info lines; the body follows the title */
        law->book = (npc_range){0, 0};
        body_start = after_title;
    }
    law->body = (npc_range){body_start, len};
    char own[11] = "";
    body_in_force(s, body_start, len, own);
    keep(law->in_force, own, 1);

    /* headings and articles */
    long cur_heading = -1;
    npc_law_article *open = NULL;
    pos = body_start;
    while (next_line(s, len, &pos, &l)) {
        size_t ts;
        int level = heading_level(s, &l, &ts);
        size_t ls = skip_space(s, l.start, l.end);
        uint32_t num, sub;
        size_t label_end;
        if (level > 0) {
            open = NULL;
            if (!grow((void **)&law->headings, &heads_cap, law->nheadings, sizeof *law->headings)) {
                goto nomem;
            }
            law->headings[law->nheadings] = (npc_law_heading){{ts, trim_end(s, ts, l.end)}, level};
            cur_heading = (long)law->nheadings++;
        } else if (article_start(s, ls, l.end, &num, &sub, &label_end)) {
            if (!grow((void **)&law->articles, &arts_cap, law->narticles, sizeof *law->articles)) {
                goto nomem;
            }
            open = &law->articles[law->narticles++];
            *open = (npc_law_article){
                num, sub, {ls, label_end}, {ls, trim_end(s, ls, l.end)}, cur_heading, 0};
            for (size_t k = 0; k + 1 < law->narticles; k++) {
                if (law->articles[k].num == num && law->articles[k].sub == sub) {
                    open->dup = open->dup ? open->dup + 1 : 2;
                }
            }
        } else if (open != NULL && l.end > l.start) {
            size_t e = trim_end(s, l.start, l.end);
            if (e > l.start) {
                open->text.end = e;
            }
        }
    }
    return NPC_OK;
nomem:
    npc_law_release(law);
    return npc_fail(err, NPC_ENOMEM, "parsing a law");
}

void npc_law_release(npc_law *law)
{
    if (law != NULL) {
        free(law->headings);
        free(law->articles);
        memset(law, 0, sizeof *law);
    }
}

size_t npc_law_heading_path(const npc_law *law, long h, long *out, size_t max)
{
    /* walk back collecting the nearest heading of each smaller level */
    long chain[16];
    size_t n = 0;
    int level = 1000;
    for (long i = h; i >= 0 && n < 16; i--) {
        if (law->headings[i].level < level) {
            level = law->headings[i].level;
            chain[n++] = i;
        }
    }
    size_t k = 0;
    while (n > 0 && k < max) {
        out[k++] = chain[--n];
    }
    return k;
}

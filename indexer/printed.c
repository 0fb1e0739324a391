/*
 * printed.c — the text of a printed page as a person reads it (see printed.h): its lines and
 * their kinds, the paragraphs they join into, the title, byline and lead found among them,
 * and the text written back in reading order.
 */
#define _GNU_SOURCE /* memmem */
#include "printed.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"

#include "report.h"
#include "text/numeral.h"

#define LINE_MIN_CHARS 8        /* a line counted for the layout */
#define LINE_MAX_CHARS 80       /* longer: a paragraph, never a broken printed line */
#define PRINTED_MIN_LINES 8     /* of them, for a page to be taken as printed */
#define DISPLAY_MAX_CHARS 40    /* a headline, subtitle, byline or display heading */
#define BYLINE_MAX_CHARS 20     /* 本报记者 李晓娟 */
#define PAGE_NUMBER_MAX_CHARS 8 /* — 3 — */
#define DOUBLED_MIN_CHARS 2     /* each half of 保持政治定力保持政治定力 */
/* A line no wider than 2/3 of the next ends its paragraph (a heading, a paragraph's end). */
#define SHORT_LINE_NUM 2
#define SHORT_LINE_DEN 3

typedef struct line {
    size_t start, end; /* its words: indent and trailing white space left out */
    int display;       /* display_line */
    int display_block; /* it and the lines after it up to a blank one are display lines */
} line;

typedef enum para_kind { BODY, DISPLAY, SUBTITLE, BYLINE } para_kind;

typedef struct para {
    size_t off, len; /* in the page's buffer */
    para_kind kind;
    size_t block; /* the lines between two blank lines it starts in */
} para;

typedef struct page {
    const char *s;
    line *lines;
    size_t nlines;
    char *buf; /* the paragraphs' text, one after another */
    size_t blen;
    para *paras;
    size_t np;
} page;

/* The character that ends s[a..e), and where it starts. */
static uint32_t last_char(const char *s, size_t a, size_t e, size_t *at)
{
    size_t i = e;
    while (i > a && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
    }
    uint32_t cp = 0;
    if (i > a) {
        i--;
        npc_utf8_at(s, i, e, &cp);
    }
    *at = i;
    return cp;
}

static size_t count_chars(const char *s, size_t a, size_t e)
{
    size_t n = 0;
    for (size_t i = a; i < e; i++) {
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return n;
}

static int one_of(uint32_t cp, const uint32_t *set, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (cp == set[k]) {
            return 1;
        }
    }
    return 0;
}

/* Whether s[a..e) ends a sentence: 。！？：；… or !?, before any closing quote or bracket. */
static int ends_sentence(const char *s, size_t a, size_t e)
{
    static const uint32_t closing[] = {0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x300B, ')', '"'};
    static const uint32_t enders[] = {0x3002, 0xFF01, 0xFF1F, 0xFF1A, 0xFF1B, 0x2026, '!', '?'};
    uint32_t cp;
    do {
        cp = last_char(s, a, e, &e);
    } while (e > a && one_of(cp, closing, sizeof closing / sizeof *closing));
    return one_of(cp, enders, sizeof enders / sizeof *enders);
}

/* Whether s[a..e) holds a mark that only a sentence has: 。，、；：！？ (or , ; ! ?). */
static int has_sentence_mark(const char *s, size_t a, size_t e)
{
    static const uint32_t marks[] = {0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF01,
                                     0xFF1F, ',',    ';',    '!',    '?'};
    for (size_t i = a; i < e;) {
        uint32_t cp;
        i += npc_utf8_at(s, i, e, &cp);
        if (one_of(cp, marks, sizeof marks / sizeof *marks)) {
            return 1;
        }
    }
    return 0;
}

/* A page number alone on its line: digits among dashes and spaces (— 3 —, -3-, 第3页). */
static int page_number(const char *s, size_t a, size_t e)
{
    static const uint32_t decor[] = {' ', '-', 0x2014, 0x2013, 0xFF0D, 0x7B2C, 0x9875};
    int digits = 0;
    for (size_t i = a; i < e;) {
        uint32_t cp;
        i += npc_utf8_at(s, i, e, &cp);
        if (cp >= '0' && cp <= '9') {
            digits = 1;
        } else if (!one_of(cp, decor, sizeof decor / sizeof *decor)) {
            return 0;
        }
    }
    return digits && count_chars(s, a, e) <= PAGE_NUMBER_MAX_CHARS;
}

/* Splits the text into lines, their words trimmed; returns 0 when out of memory. */
static int read_lines(page *pg, size_t len)
{
    const char *s = pg->s;
    size_t n = 1;
    for (size_t i = 0; i < len; i++) {
        n += s[i] == '\n';
    }
    pg->lines = malloc(n * sizeof *pg->lines);
    if (pg->lines == NULL) {
        return 0;
    }
    for (size_t ls = 0; ls <= len;) {
        const char *nl = memchr(s + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - s) : len, a = ls, e = le;
        for (;;) {
            if (a < e && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) {
                a++;
            } else if (e - a >= 3 && memcmp(s + a, "\xE3\x80\x80", 3) == 0) {
                a += 3;
            } else {
                break;
            }
        }
        for (;;) {
            if (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) {
                e--;
            } else if (e - a >= 3 && memcmp(s + e - 3, "\xE3\x80\x80", 3) == 0) {
                e -= 3;
            } else {
                break;
            }
        }
        pg->lines[pg->nlines++] = (line){.start = a, .end = e};
        if (nl == NULL) {
            break;
        }
        ls = le + 1;
    }
    return 1;
}

static int blank_line(const page *pg, size_t i)
{
    return pg->lines[i].end == pg->lines[i].start;
}

static size_t first_line(const page *pg)
{
    size_t i = 0;
    while (i + 1 < pg->nlines && blank_line(pg, i)) {
        i++;
    }
    return i;
}

/* The next line after i that is not blank (nlines when none). */
static size_t next_line(const page *pg, size_t i)
{
    size_t next = i + 1;
    while (next < pg->nlines && blank_line(pg, next)) {
        next++;
    }
    return next;
}

/* Whether the lines are printed ones: most of them broken inside a sentence. */
static int is_printed(const page *pg)
{
    size_t counted = 0, broken = 0;
    for (size_t i = 0; i < pg->nlines; i++) {
        const line *l = &pg->lines[i];
        size_t chars = count_chars(pg->s, l->start, l->end);
        if (chars < LINE_MIN_CHARS) {
            continue;
        }
        counted++;
        broken += chars <= LINE_MAX_CHARS && next_line(pg, i) < pg->nlines &&
                  !ends_sentence(pg->s, l->start, l->end);
    }
    return counted >= PRINTED_MIN_LINES && broken * 2 >= counted;
}

/* Whether line l could stand alone as a headline, subtitle, byline or display heading. */
static int display_line(const page *pg, const line *l)
{
    return l->end > l->start && count_chars(pg->s, l->start, l->end) <= DISPLAY_MAX_CHARS &&
           !has_sentence_mark(pg->s, l->start, l->end) && !page_number(pg->s, l->start, l->end);
}

/* Marks each line that is a display line, and each that starts a run of them up to a blank
 * line (read backwards: one pass). */
static void mark_display(page *pg)
{
    for (size_t i = pg->nlines; i-- > 0;) {
        line *l = &pg->lines[i];
        l->display = display_line(pg, l);
        l->display_block = l->display && (i + 1 == pg->nlines || blank_line(pg, i + 1) ||
                                          pg->lines[i + 1].display_block);
    }
}

static int starts_with(const char *s, size_t a, size_t e, const char *prefix)
{
    size_t n = strlen(prefix);
    return e - a >= n && memcmp(s + a, prefix, n) == 0;
}

/* The kind of display line l: a subtitle opens with a dash, a byline with a writer's role. */
static para_kind display_kind(const page *pg, const line *l)
{
    static const char *const dashes[] = {"——", "──", "--"};
    static const char *const roles[] = {"本报记者", "本报通讯员", "特约记者", "记者",
                                        "通讯员",   "文／",       "文/",      "撰稿"};
    for (size_t k = 0; k < sizeof dashes / sizeof *dashes; k++) {
        if (starts_with(pg->s, l->start, l->end, dashes[k])) {
            return SUBTITLE;
        }
    }
    for (size_t k = 0; k < sizeof roles / sizeof *roles; k++) {
        if (starts_with(pg->s, l->start, l->end, roles[k]) &&
            count_chars(pg->s, l->start, l->end) > count_chars(roles[k], 0, strlen(roles[k])) &&
            count_chars(pg->s, l->start, l->end) <= BYLINE_MAX_CHARS) {
            return BYLINE;
        }
    }
    return DISPLAY;
}

static int ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Appends line l to the buffer, as a new paragraph of this kind or (kind < 0) joined to the
 * last one: a space between two ASCII letters or digits, nothing between others. */
static void put_line(page *pg, const line *l, int kind, size_t block)
{
    if (kind >= 0) {
        pg->paras[pg->np++] = (para){.off = pg->blen, .kind = (para_kind)kind, .block = block};
    }
    para *p = &pg->paras[pg->np - 1];
    if (p->len > 0 && ascii_alnum((unsigned char)pg->buf[p->off + p->len - 1]) &&
        ascii_alnum((unsigned char)pg->s[l->start])) {
        pg->buf[pg->blen++] = ' ';
        p->len++;
    }
    memcpy(pg->buf + pg->blen, pg->s + l->start, l->end - l->start);
    pg->blen += l->end - l->start;
    p->len += l->end - l->start;
}

/* Whether s[a..e) opens with a numbered heading: 一、… or （一）… */
static int numbered_heading(const char *s, size_t a, size_t e)
{
    int paren = starts_with(s, a, e, "（");
    size_t i = paren ? a + strlen("（") : a, digits = 0;
    uint32_t cp = 0;
    while (i < e) {
        size_t k = npc_utf8_at(s, i, e, &cp);
        if (cp < 0x80 || !npc_numeral_char(cp)) {
            break;
        }
        i += k;
        digits++;
    }
    return digits > 0 && i < e && cp == (paren ? 0xFF09u : 0x3001u); /* ） or 、 */
}

/* Its width as printed: two columns a Chinese character, one an ASCII one. */
static size_t width(const char *s, size_t a, size_t e)
{
    size_t w = 0;
    for (size_t i = a; i < e; i++) {
        w += (unsigned char)s[i] < 0x80 ? 1 : ((unsigned char)s[i] & 0xC0) != 0x80 ? 2 : 0;
    }
    return w;
}

/* Whether printed line i is no wider than 2/3 of the next: a short line ends its paragraph. */
static int short_line(const page *pg, size_t i)
{
    size_t next = next_line(pg, i);
    return next < pg->nlines &&
           width(pg->s, pg->lines[i].start, pg->lines[i].end) * SHORT_LINE_DEN <=
               width(pg->s, pg->lines[next].start, pg->lines[next].end) * SHORT_LINE_NUM;
}

static int subtitle_line(const page *pg, size_t i)
{
    return i < pg->nlines && pg->lines[i].display && display_kind(pg, &pg->lines[i]) == SUBTITLE;
}

/* Whether s[a..e) holds a space between two Chinese characters (林 秋华, a headline's halves). */
static int spaced(const char *s, size_t a, size_t e)
{
    for (size_t i = a + 1; i + 1 < e; i++) {
        if (s[i] == ' ' && (unsigned char)s[i - 1] >= 0x80 && (unsigned char)s[i + 1] >= 0x80) {
            return 1;
        }
    }
    return 0;
}

/* Whether printed line i, opening a paragraph, stands alone as a display line: short and
 * without sentence marks, and set apart (its block all such lines, a spaced name or headline,
 * a subtitle or the line over one, a short line). */
static int display_alone(const page *pg, size_t i)
{
    const line *l = &pg->lines[i];
    return l->display &&
           (l->display_block || spaced(pg->s, l->start, l->end) || subtitle_line(pg, i) ||
            subtitle_line(pg, next_line(pg, i)) || short_line(pg, i));
}

/* Whether the paragraph goes on after printed line i: it ends no sentence, is no numbered
 * heading of its own, is not short and has no subtitle after it. */
static int goes_on(const page *pg, size_t i)
{
    const line *l = &pg->lines[i];
    return !ends_sentence(pg->s, l->start, l->end) &&
           !(numbered_heading(pg->s, l->start, l->end) &&
             memmem(pg->s + l->start, l->end - l->start, "。", strlen("。")) == NULL) &&
           !short_line(pg, i) && !subtitle_line(pg, next_line(pg, i));
}

/* The paragraphs of the page: on a printed one, lines joined while a sentence goes on and the
 * display lines apart; else one a line, display lines told from body lines. */
static void build_paras(page *pg, int printed)
{
    size_t block = 0;
    int open = 0, gap = 1; /* the last paragraph goes on; a blank line came before */
    for (size_t i = 0; i < pg->nlines; i++) {
        const line *l = &pg->lines[i];
        if (blank_line(pg, i)) {
            gap = 1;
            continue;
        }
        if (printed && page_number(pg->s, l->start, l->end)) {
            continue;
        }
        block += gap;
        gap = 0;
        if (printed && open && !numbered_heading(pg->s, l->start, l->end) &&
            !subtitle_line(pg, i)) {
            put_line(pg, l, -1, block);
            open = goes_on(pg, i);
        } else if (printed ? display_alone(pg, i) : l->display) {
            put_line(pg, l, (int)display_kind(pg, l), block);
            open = 0;
        } else {
            put_line(pg, l, BODY, block);
            open = printed && goes_on(pg, i);
        }
    }
}

/* Collapses doubled text in paragraph p, word by word: 保持政治定力保持政治定力 → 保持政治定力. */
static void collapse_doubled(page *pg, para *p)
{
    char *s = pg->buf + p->off;
    size_t o = 0;
    for (size_t i = 0; i < p->len;) {
        size_t e = i;
        while (e < p->len && s[e] != ' ') {
            e++;
        }
        size_t n = e - i, half = n / 2;
        if (n % 2 == 0 && memcmp(s + i, s + i + half, half) == 0 &&
            count_chars(s, i, i + half) >= DOUBLED_MIN_CHARS) {
            n = half;
        }
        memmove(s + o, s + i, n);
        o += n;
        if (e < p->len) {
            s[o++] = ' ';
        }
        i = e < p->len ? e + 1 : e;
    }
    p->len = o;
}

/* The paragraphs [*first, *end) that make the title: a headline and its subtitle, else (on a
 * printed page) the first display line, else the first paragraph.  *end is 0 when there is
 * no paragraph. */
static void find_title(const page *pg, int printed, size_t *first, size_t *end)
{
    *first = *end = 0;
    for (size_t k = 1; k < pg->np; k++) {
        if (pg->paras[k].kind == SUBTITLE && pg->paras[k - 1].kind == DISPLAY) {
            size_t h = k - 1;
            while (h > 0 && pg->paras[h - 1].kind == DISPLAY &&
                   pg->paras[h - 1].block == pg->paras[k].block) {
                h--; /* a headline over two lines */
            }
            *first = h;
            *end = k + 1;
            return;
        }
    }
    for (size_t k = 0; printed && k < pg->np; k++) {
        if (pg->paras[k].kind == DISPLAY) {
            *first = k;
            *end = k + 1;
            return;
        }
    }
    *end = pg->np > 0;
}

static size_t put_para(const page *pg, const para *p, char *out, size_t o)
{
    memcpy(out + o, pg->buf + p->off, p->len);
    return o + p->len;
}

/* Writes the title line: the headline's paragraphs joined by a space, then —— and the
 * subtitle (its dash and spaces dropped). */
static size_t put_title(const page *pg, size_t first, size_t end, char *out, size_t o)
{
    for (size_t k = first; k < end; k++) {
        const para *p = &pg->paras[k];
        if (p->kind == SUBTITLE) {
            size_t a = p->off, e = p->off + p->len;
            while (a < e && (pg->buf[a] == '-' || pg->buf[a] == ' ' ||
                             starts_with(pg->buf, a, e, "—") || starts_with(pg->buf, a, e, "─"))) {
                a += (unsigned char)pg->buf[a] < 0x80 ? 1 : 3;
            }
            memcpy(out + o, "——", strlen("——"));
            o += strlen("——");
            memcpy(out + o, pg->buf + a, e - a);
            o += e - a;
        } else {
            if (k > first) {
                out[o++] = ' ';
            }
            o = put_para(pg, p, out, o);
        }
    }
    out[o++] = '\n';
    return o;
}

/* The byline's paragraph and the lead after it, up to the first run-in heading or the title
 * (which starts at paragraph tfirst): [*b, *e). */
static void find_lead(const page *pg, size_t tfirst, size_t *b, size_t *e)
{
    *b = *e = 0;
    for (size_t k = 0; k < pg->np; k++) {
        if (pg->paras[k].kind == BYLINE) {
            size_t j = k + 1;
            while (j < pg->np && j != tfirst &&
                   npc_report_runin(pg->buf, pg->paras[j].off,
                                    pg->paras[j].off + pg->paras[j].len) == 0) {
                j++;
            }
            *b = k;
            *e = j;
            return;
        }
    }
}

/* Writes the text in reading order: the title (paragraphs [tfirst, tend)), the byline and its
 * lead, the rest. */
static char *write_text(const page *pg, size_t tfirst, size_t tend, size_t *len)
{
    /* each paragraph once, with its line break or the title's space, or "——" for a subtitle */
    char *out = malloc(pg->blen + 8 * pg->np + 16);
    if (out == NULL) {
        return NULL;
    }
    size_t o = put_title(pg, tfirst, tend, out, 0), lb, le;
    find_lead(pg, tfirst, &lb, &le);
    for (size_t k = lb; k < le; k++) {
        if (k >= tfirst && k < tend) {
            continue; /* already in the title */
        }
        o = put_para(pg, &pg->paras[k], out, o);
        out[o++] = '\n';
    }
    for (size_t k = 0; k < pg->np; k++) {
        if ((k < tfirst || k >= tend) && (k < lb || k >= le)) {
            o = put_para(pg, &pg->paras[k], out, o);
            out[o++] = '\n';
        }
    }
    out[o] = '\0';
    *len = o;
    return out;
}

/* Copies the first byline into out->byline. */
static void keep_byline(const page *pg, npc_printed *out)
{
    for (size_t k = 0; k < pg->np; k++) {
        const para *p = &pg->paras[k];
        if (p->kind == BYLINE && p->len < sizeof out->byline) {
            memcpy(out->byline, pg->buf + p->off, p->len);
            out->byline[p->len] = '\0';
            return;
        }
    }
}

npc_status npc_printed_read(const char *s, size_t len, npc_printed *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    page pg = {.s = s};
    npc_status st = NPC_OK;
    if (!read_lines(&pg, len) || (pg.buf = malloc(len + pg.nlines + 1)) == NULL ||
        (pg.paras = malloc(pg.nlines * sizeof *pg.paras)) == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "printed page");
    } else {
        out->printed = is_printed(&pg);
        mark_display(&pg);
        build_paras(&pg, out->printed);
        for (size_t k = 0; out->printed && k < pg.np; k++) {
            if (pg.paras[k].kind != BODY) {
                collapse_doubled(&pg, &pg.paras[k]);
            }
        }
        keep_byline(&pg, out);
        size_t tfirst, tend;
        find_title(&pg, out->printed, &tfirst, &tend);
        const line *first = pg.np > 0 ? &pg.lines[first_line(&pg)] : NULL;
        int rewrite =
            out->printed || (tfirst > 0 && has_sentence_mark(s, first->start, first->end));
        if (rewrite && (out->text = write_text(&pg, tfirst, tend, &out->len)) == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "printed page");
        }
    }
    free(pg.lines);
    free(pg.buf);
    free(pg.paras);
    return st;
}

void npc_printed_release(npc_printed *p)
{
    free(p->text);
    p->text = NULL;
}

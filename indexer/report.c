/*
 * report.c — sections and issuing body of work reports (see report.h).
 */
#include "report.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text/fold.h"

#include "classify.h"
#include "text/numeral.h"

#define HEADING_MAX_CHARS 80
/* A run-in heading: 4 to 12 characters, then 。 and the paragraph (服务大局有作为。…). */
#define RUNIN_MIN_CHARS 4
#define RUNIN_MAX_CHARS 12
/* At least this many lines opening with a run-in heading, and a third of the paragraphs, make
 * them the report's sections: fewer are paragraphs that happen to start with a short sentence,
 * as in the 1954 report (6 of its 95 paragraphs). */
#define RUNIN_MIN_HEADINGS 3
/* Between a title's headline and its subtitle (printed.h). */
#define SUBTITLE_DASH "——"

/* A Chinese numeral (no digits) at s[i..e): its value and the byte after it; 0 when none. */
static size_t numeral_at(const char *s, size_t i, size_t e, uint32_t *value)
{
    uint32_t cps[16];
    size_t n = 0, j = i;
    while (j < e && n < 16) {
        uint32_t cp;
        size_t k = npc_utf8_at(s, j, e, &cp);
        if (cp < 0x80 || !npc_numeral_char(cp)) {
            break;
        }
        cps[n++] = cp;
        j += k;
    }
    if (n == 0 || !npc_numeral_parse(cps, n, value)) {
        return 0;
    }
    return j;
}

/* The heading of line s[ls..le) when it starts with number `want` at `level`: its end. */
static size_t heading_at(const char *s, size_t ls, size_t le, int level, uint32_t want)
{
    size_t i = ls;
    uint32_t v = 0;
    if (level == 1) {
        i = numeral_at(s, i, le, &v);
        if (i == 0 || v != want || i + 3 > le || memcmp(s + i, "、", 3) != 0) {
            return 0;
        }
        i += 3;
    } else {
        size_t open = le - i >= 3 && memcmp(s + i, "（", 3) == 0 ? 3 : (i < le && s[i] == '(');
        if (open == 0) {
            return 0;
        }
        i = numeral_at(s, i + open, le, &v);
        if (i == 0 || v != want) {
            return 0;
        }
        if (i + 3 <= le && memcmp(s + i, "）", 3) == 0) {
            i += 3;
        } else if (i < le && s[i] == ')') {
            i++;
        } else {
            return 0;
        }
    }
    /* up to the first 。 or ：, within HEADING_MAX_CHARS characters */
    size_t chars = 0;
    while (i < le) {
        if (le - i >= 3 && (memcmp(s + i, "。", 3) == 0 || memcmp(s + i, "：", 3) == 0)) {
            break;
        }
        uint32_t cp;
        i += npc_utf8_at(s, i, le, &cp);
        if (++chars > HEADING_MAX_CHARS) {
            return 0;
        }
    }
    return chars > 0 ? i : 0;
}

static int blank(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
            if (b - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
                i += 2;
                continue;
            }
            return 0;
        }
    }
    return 1;
}

/* Characters a run-in heading never holds: it is one short clause. */
static int clause_break(uint32_t cp)
{
    static const uint32_t breaks[] = {0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0xFF08,
                                      0xFF09, 0x300A, 0x300B, 0x2026, ',',    ';',    ':',
                                      '!',    '?',    '(',    ')',    ' ',    '\t'};
    for (size_t k = 0; k < sizeof breaks / sizeof *breaks; k++) {
        if (cp == breaks[k]) {
            return 1;
        }
    }
    return 0;
}

size_t npc_report_runin(const char *s, size_t i, size_t le)
{
    size_t chars = 0;
    while (i < le && chars <= RUNIN_MAX_CHARS) {
        uint32_t cp;
        size_t k = npc_utf8_at(s, i, le, &cp);
        if (cp == 0x3002) { /* 。 */
            return chars >= RUNIN_MIN_CHARS && !blank(s, i + k, le) ? i : 0;
        }
        if (clause_break(cp)) {
            return 0;
        }
        i += k;
        chars++;
    }
    return 0;
}

/* Where the words of line s[ls..le) start: past its indent (ASCII or ideographic) and any
 * Markdown #'s. */
static size_t line_words(const char *s, size_t ls, size_t le)
{
    size_t t = ls;
    for (;;) {
        if (t < le && (s[t] == ' ' || s[t] == '\t')) {
            t++;
        } else if (le - t >= 3 && memcmp(s + t, "\xE3\x80\x80", 3) == 0) {
            t += 3;
        } else {
            break;
        }
    }
    while (t < le && s[t] == '#') {
        t++;
    }
    while (t < le && s[t] == ' ') {
        t++;
    }
    return t;
}

static size_t line_end(const char *s, size_t ls, size_t len)
{
    const char *nl = memchr(s + ls, '\n', len - ls);
    return nl ? (size_t)(nl - s) : len;
}

/* Sets out->title to the first non-empty line after start; returns where the body starts. */
static size_t split_title(const char *s, size_t len, size_t start, npc_report *out)
{
    size_t i = start;
    while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ')) {
        i++;
    }
    size_t e = line_end(s, i, len);
    size_t ts = i, te = e;
    while (ts < te && (s[ts] == '#' || s[ts] == ' ')) {
        ts++;
    }
    while (te > ts && (s[te - 1] == '\r' || s[te - 1] == ' ')) {
        te--;
    }
    out->title = (npc_range){ts, te};
    return e < len ? e + 1 : len;
}

/* Opens a section at line ls with heading h: the text before the first heading becomes
 * section 0 (unless blank), the previous section ends at ls. */
static void open_section(const char *s, size_t body, size_t ls, size_t len, npc_range h,
                         npc_range parent, int level, npc_report *out)
{
    size_t n = out->n;
    if (n == 0 && !blank(s, body, ls)) {
        size_t b = body;
        while (b < ls && (s[b] == '\n' || s[b] == '\r')) {
            b++; /* blank lines after the title */
        }
        out->sections[n++] = (npc_report_section){.text = {b, ls}, .level = 0};
    } else if (n > 0) {
        out->sections[n - 1].text.end = ls;
    }
    if (n < NPC_REPORT_MAX_SECTIONS) {
        out->sections[n++] =
            (npc_report_section){.text = {ls, len}, .heading = h, .parent = parent, .level = level};
    }
    out->n = n;
}

/* The sections at numbered headings 一、… and （一）… */
static void split_numbered(const char *s, size_t len, size_t body, npc_report *out)
{
    uint32_t next1 = 1, next2 = 1;
    npc_range parent = {0, 0};
    for (size_t ls = body; ls < len && out->n < NPC_REPORT_MAX_SECTIONS;) {
        size_t le = line_end(s, ls, len), t = line_words(s, ls, le), he;
        int level = 0;
        if ((he = heading_at(s, t, le, 1, next1)) != 0) {
            level = 1;
        } else if ((he = heading_at(s, t, le, 2, next2)) != 0) {
            level = 2; /* also in a report with only （一）（二） headings */
        }
        if (level != 0) {
            npc_range h = {t, he};
            open_section(s, body, ls, len, h, level == 2 ? parent : (npc_range){0, 0}, level, out);
            if (level == 1) {
                parent = h;
                next1++;
                next2 = 1;
            } else {
                next2++;
            }
        }
        ls = le < len ? le + 1 : len;
    }
}

/* Whether run-in headings are the style of s[body..len): at least RUNIN_MIN_HEADINGS lines,
 * a third of its paragraphs or more, open with one. */
static int runin_style(const char *s, size_t len, size_t body)
{
    size_t runin = 0, paragraphs = 0;
    for (size_t ls = body; ls < len;) {
        size_t le = line_end(s, ls, len), t = line_words(s, ls, le);
        paragraphs += !blank(s, t, le);
        runin += npc_report_runin(s, t, le) != 0;
        ls = le < len ? le + 1 : len;
    }
    return runin >= RUNIN_MIN_HEADINGS && runin * 3 >= paragraphs;
}

/* The sections at run-in headings (突出政治引领。…), level 1, when they are the report's style. */
static void split_runin(const char *s, size_t len, size_t body, npc_report *out)
{
    if (!runin_style(s, len, body)) {
        return;
    }
    for (size_t ls = body; ls < len && out->n < NPC_REPORT_MAX_SECTIONS;) {
        size_t le = line_end(s, ls, len), t = line_words(s, ls, le);
        size_t he = npc_report_runin(s, t, le);
        if (he != 0) {
            open_section(s, body, ls, len, (npc_range){t, he}, (npc_range){0, 0}, 1, out);
        }
        ls = le < len ? le + 1 : len;
    }
}

void npc_report_split(const char *s, size_t len, size_t start, npc_report *out)
{
    out->n = 0;
    size_t body = split_title(s, len, start, out);
    split_numbered(s, len, body, out);
    if (out->n == 0) {
        split_runin(s, len, body, out);
    }
    if (out->n > 0) {
        out->sections[out->n - 1].text.end = len;
    }
}

/* Writes s[0..n) + suffix into out, or "" when it does not fit: a body cut short (perhaps in
 * the middle of a character) would be a wrong one. */
static void put_body(char *out, size_t cap, const char *s, size_t n, const char *suffix)
{
    size_t sl = strlen(suffix);
    if (n + sl < cap) {
        memcpy(out, s, n);
        memcpy(out + n, suffix, sl + 1);
    }
}

/* The body a title (or one part of it) names, into out; out stays "" when it names none. */
static void body_named(const char *title, char *out, size_t cap)
{
    const char *s = npc_title_after_year(title);
    const char *hit;
    if ((hit = strstr(s, "关于")) != NULL && strstr(s, "决议") != NULL) {
        put_body(out, cap, s, (size_t)(hit - s), ""); /* the session that resolved */
    } else if ((hit = strstr(s, "常务委员会")) != NULL) {
        put_body(out, cap, s, (size_t)(hit - s) + strlen("常务委员会"), "");
    } else if ((hit = strstr(s, "人大常委会")) != NULL) {
        put_body(out, cap, s, (size_t)(hit - s) + strlen("人大常委会"), "");
    } else if (strstr(s, "国务院") != NULL) {
        put_body(out, cap, "国务院", strlen("国务院"), "");
    } else if ((hit = strstr(s, "人民政府工作报告")) != NULL ||
               (hit = strstr(s, "政府工作报告")) != NULL) {
        if (hit != s) {
            put_body(out, cap, s, (size_t)(hit - s), "人民政府");
        }
    }
}

void npc_report_body(const char *title, char *out, size_t cap)
{
    out[0] = '\0';
    const char *dash = strstr(title, SUBTITLE_DASH);
    if (dash == NULL) {
        body_named(title, out, cap);
        return;
    }
    /* headline——subtitle: the subtitle names who reports, else perhaps the headline */
    body_named(dash + strlen(SUBTITLE_DASH), out, cap);
    char headline[512];
    if (out[0] == '\0' && (size_t)(dash - title) < sizeof headline) {
        memcpy(headline, title, (size_t)(dash - title));
        headline[dash - title] = '\0';
        body_named(headline, out, cap);
    }
}

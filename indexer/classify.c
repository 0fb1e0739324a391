/*
 * classify.c — categories, regions, dates and titles from paths and titles (see classify.h).
 */
#include "classify.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "index/schema.h"

const char *npc_title_after_year(const char *title)
{
    const char *s = title;
    while (*s >= '0' && *s <= '9') {
        s++;
    }
    return s != title && strncmp(s, "年", 3) == 0 ? s + 3 : s;
}

const char *npc_path_base(const char *rel)
{
    const char *s = strrchr(rel, '/');
    return s ? s + 1 : rel;
}

const char *npc_path_ext(const char *rel)
{
    const char *b = npc_path_base(rel);
    const char *dot = strrchr(b, '.');
    return dot ? dot + 1 : "";
}

/* Splits rel into directory components (not the file name); returns how many (at most max).
 * Components before and including a "laws", "reports" or "feedback" folder are dropped. */
static size_t dir_components(const char *rel, char comps[][NPC_CLASS_MAX], size_t max)
{
    size_t n = 0;
    const char *s = rel;
    for (;;) {
        const char *slash = strchr(s, '/');
        if (slash == NULL) {
            break;
        }
        size_t len = (size_t)(slash - s);
        if ((len == 4 && memcmp(s, "laws", 4) == 0) || (len == 7 && memcmp(s, "reports", 7) == 0) ||
            (len == 8 && memcmp(s, "feedback", 8) == 0)) {
            n = 0;
        } else if (n < max && len < NPC_CLASS_MAX) {
            memcpy(comps[n], s, len);
            comps[n][len] = '\0';
            n++;
        }
        s = slash + 1;
    }
    return n;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

/* Whether s[0..n) is Chinese characters only (CJK Unified Ideographs and Extension A). */
static int ideographs(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        const unsigned char *c = (const unsigned char *)s + i;
        uint32_t cp = i + 3 <= n && (c[0] & 0xF0) == 0xE0
                          ? ((c[0] & 0x0Fu) << 12) | ((c[1] & 0x3Fu) << 6) | (c[2] & 0x3Fu)
                          : 0;
        if (!((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))) {
            return 0;
        }
    }
    return 1;
}

/* The region named at the start of a title, its suffix still on ("" for none). */
static void region_at_start(const char *title, char *out, size_t cap)
{
    static const char *const suffixes[NPC_NREGION_SUFFIXES] = {NPC_REGION_SUFFIXES};
    out[0] = '\0';
    const char *s = npc_title_after_year(title);
    if (strncmp(s, "中华人民共和国", 21) == 0 || strncmp(s, "全国", 6) == 0) {
        return;
    }
    /* look for the earliest suffix within 7 characters */
    size_t best = 0;
    for (size_t k = 0; k < NPC_NREGION_SUFFIXES; k++) {
        const char *hit = strstr(s, suffixes[k]);
        if (hit != NULL && (size_t)(hit - s) >= 6 && (size_t)(hit - s) <= 21 &&
            (best == 0 || (size_t)(hit - s) < best)) {
            best = (size_t)(hit - s);
        }
    }
    if (best != 0 && best < cap && ideographs(s, best)) {
        memcpy(out, s, best);
        out[best] = '\0';
    }
}

void npc_region_of_title(const char *title, char *out, size_t cap)
{
    region_at_start(title, out, cap);
    npc_region_strip_suffix(out);
}

void npc_region_strip_suffix(char *region)
{
    static const char *const suffixes[] = {"地方法规", NPC_REGION_SUFFIXES};
    for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
        if (ends_with(region, suffixes[k]) && strlen(region) > strlen(suffixes[k])) {
            region[strlen(region) - strlen(suffixes[k])] = '\0';
            return;
        }
    }
}

void npc_classify_law(const char *rel, const char *title, char category[NPC_CLASS_MAX],
                      char region[NPC_CLASS_MAX])
{
    char comps[8][NPC_CLASS_MAX];
    size_t n = dir_components(rel, comps, 8);
    category[0] = region[0] = '\0';
    if (n >= 3 && strcmp(comps[0], "DLC") == 0) {
        snprintf(category, NPC_CLASS_MAX, "%s", comps[2]);
        snprintf(region, NPC_CLASS_MAX, "%s", n >= 4 ? comps[3] : comps[1]);
        npc_region_strip_suffix(region);
    } else if (n >= 1) {
        snprintf(category, NPC_CLASS_MAX, "%s", comps[0]);
    }
    if (region[0] == '\0' && strstr(category, "地方") != NULL) {
        npc_region_of_title(title, region, NPC_CLASS_MAX);
    }
}

void npc_classify_report(const char *title, char category[NPC_CLASS_MAX])
{
    const char *cat = strstr(title, "工作报告") ? "工作报告"
                      : strstr(title, "综述")   ? "工作综述"
                      : strstr(title, "决议")   ? "决议"
                      : strstr(title, "决定")   ? "决定"
                                                : "报告";
    snprintf(category, NPC_CLASS_MAX, "%s", cat);
}

void npc_region_of_issuer(const char *issuer, const char *rel, char region[NPC_CLASS_MAX])
{
    npc_region_of_title(issuer, region, NPC_CLASS_MAX);
    if (region[0] == '\0') {
        const char *name = npc_path_base(rel);
        while ((*name >= '0' && *name <= '9') || *name == '-') {
            name++; /* the date: 2025-01- */
        }
        npc_region_of_title(name, region, NPC_CLASS_MAX);
    }
}

/* Writes the first `parts` of YYYY-MM-DD (1: YYYY, 2: YYYY-MM, 3: all) into out. */
static void write_date(int parts, unsigned y, unsigned m, unsigned d, char out[NPC_DATE_MAX])
{
    if (parts == 1) {
        snprintf(out, NPC_DATE_MAX, "%04u", y % 10000u);
    } else if (parts == 2) {
        snprintf(out, NPC_DATE_MAX, "%04u-%02u", y % 10000u, m % 100u);
    } else {
        snprintf(out, NPC_DATE_MAX, "%04u-%02u-%02u", y % 10000u, m % 100u, d % 100u);
    }
}

void npc_date_from_name(const char *rel, char out[NPC_DATE_MAX])
{
    const char *b = npc_path_base(rel);
    out[0] = '\0';
    const char *paren = strrchr(b, '(');
    int y, m, d;
    if (paren != NULL && sscanf(paren, "(%4d-%2d-%2d)", &y, &m, &d) == 3) {
        write_date(3, (unsigned)y, (unsigned)m, (unsigned)d, out);
        return;
    }
    int n = 0;
    if (sscanf(b, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 && y > 1900) {
        write_date(3, (unsigned)y, (unsigned)m, (unsigned)d, out);
    } else if (sscanf(b, "%4d-%2d-%n", &y, &m, &n) == 2 && n == 8 && y > 1900 && m >= 1 &&
               m <= 12) {
        write_date(2, (unsigned)y, (unsigned)m, 0, out);
    } else if (sscanf(b, "%4d-%n", &y, &n) == 1 && n == 5 && y > 1900) {
        write_date(1, (unsigned)y, 0, 0, out);
    }
}

void npc_date_normalise(const char *v, char out[NPC_DATE_MAX])
{
    out[0] = '\0';
    unsigned y, m, d;
    int n = 0;
    if ((sscanf(v, "%4u-%2u-%2u%n", &y, &m, &d, &n) == 3 ||
         sscanf(v, "%4u/%2u/%2u%n", &y, &m, &d, &n) == 3 ||
         sscanf(v, "%4u.%2u.%2u%n", &y, &m, &d, &n) == 3 ||
         sscanf(v, "%4u年%2u月%2u日%n", &y, &m, &d, &n) == 3) &&
        y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        write_date(3, y, m, d, out);
    } else if ((sscanf(v, "%4u-%2u%n", &y, &m, &n) == 2 ||
                sscanf(v, "%4u年%2u月%n", &y, &m, &n) == 2) &&
               y >= 1900 && y <= 2100 && m >= 1 && m <= 12) {
        write_date(2, y, m, 0, out);
    }
}

void npc_first_line(const char *s, size_t len, char *title, size_t cap)
{
    size_t i = 0;
    while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ')) {
        i++;
    }
    size_t e = i;
    while (e < len && s[e] != '\n') {
        e++;
    }
    size_t ts = i;
    while (ts < e && (s[ts] == '#' || s[ts] == ' ')) {
        ts++;
    }
    size_t te = e;
    while (te > ts && (s[te - 1] == '\r' || s[te - 1] == ' ')) {
        te--;
    }
    size_t tl = te - ts < cap - 1 ? te - ts : cap - 1;
    while (tl > 0 && tl < te - ts && ((unsigned char)s[ts + tl] & 0xC0) == 0x80) {
        tl--; /* do not cut a character */
    }
    memcpy(title, s + ts, tl);
    title[tl] = '\0';
    npc_collapse_spaces(title);
}

void npc_collapse_spaces(char *s)
{
    char *o = s;
    int space = 0;
    for (const char *i = s; *i;) {
        if (*i == ' ' || *i == '\t') {
            space = 1;
            i++;
        } else if (strncmp(i, "\xE3\x80\x80", 3) == 0) {
            space = 1;
            i += 3;
        } else {
            if (space && o != s) {
                *o++ = ' ';
            }
            space = 0;
            *o++ = *i++;
        }
    }
    *o = '\0';
}

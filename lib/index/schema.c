/*
 * schema.c — the small computations the index contract needs (see schema.h).
 */
#include "index/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const unsigned npc_facet_slots[NPC_NFACETS] = {
    NPC_SLOT_TYPE,    NPC_SLOT_CATEGORY,      NPC_SLOT_YEAR,      NPC_SLOT_REGION, NPC_SLOT_DRAFT,
    NPC_SLOT_ARTICLE, NPC_SLOT_CONTACT_POINT, NPC_SLOT_SUBMITTER, NPC_SLOT_STATUS};
const char *const npc_facet_names[NPC_NFACETS] = {"type",          "category",  "year",
                                                  "region",        "draft",     "article",
                                                  "contact_point", "submitter", "status"};

static const char PRC[] = "中华人民共和国";

size_t npc_law_key(const char *title, size_t len, char *buf, size_t cap)
{
    size_t o = 0;
    size_t i = 0;
    /* skip leading spaces, then the country name */
    while (i < len && title[i] == ' ') {
        i++;
    }
    if (len - i > sizeof PRC - 1 && memcmp(title + i, PRC, sizeof PRC - 1) == 0) {
        i += sizeof PRC - 1;
    }
    while (i < len && o < NPC_LAW_KEY_MAX && o + 4 < cap) {
        unsigned char c = (unsigned char)title[i];
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (i + k > len) {
            break;
        }
        int space = c < 0x20 || c == 0x7F || c == ' ' || /* control characters too */
                    (k == 3 && memcmp(title + i, "\xE3\x80\x80", 3) == 0); /* U+3000 */
        if (!space) {
            if (o + k > NPC_LAW_KEY_MAX) {
                break;
            }
            memcpy(buf + o, title + i, k);
            o += k;
        }
        i += k;
    }
    buf[o] = '\0';
    return o;
}

size_t npc_field_key(const char *value, size_t len, int strip_prc, char *buf, size_t cap)
{
    char tmp[NPC_LAW_KEY_MAX + 8];
    size_t n;
    if (strip_prc) {
        n = npc_law_key(value, len, tmp, sizeof tmp);
    } else {
        /* npc_law_key without the country name: skip nothing, drop spaces */
        n = 0;
        size_t i = 0;
        while (i < len && n < NPC_LAW_KEY_MAX) {
            unsigned char c = (unsigned char)value[i];
            size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
            if (i + k > len || n + k > NPC_LAW_KEY_MAX) {
                break;
            }
            int space = c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
                        (k == 3 && memcmp(value + i, "\xE3\x80\x80", 3) == 0);
            if (!space) {
                memcpy(tmp + n, value + i, k);
                n += k;
            }
            i += k;
        }
        tmp[n] = '\0';
    }
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < cap && o < NPC_LAW_KEY_MAX;) {
        if (tmp[i] == '(' || tmp[i] == ')') {
            if (o + 3 > NPC_LAW_KEY_MAX) {
                break;
            }
            memcpy(buf + o, tmp[i] == '(' ? "\xEF\xBC\x88" : "\xEF\xBC\x89", 3);
            o += 3;
            i++;
        } else {
            buf[o++] = tmp[i++];
        }
    }
    /* never end inside a character */
    while (o > 0 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80) {
        size_t s = o - 1;
        while (s > 0 && ((unsigned char)buf[s] & 0xC0) == 0x80) {
            s--;
        }
        unsigned char c = (unsigned char)buf[s];
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (s + k == o) {
            break;
        }
        o = s;
    }
    buf[o] = '\0';
    return o;
}

/* The length snprintf reports, or 0 (and "") when the output did not fit. */
static size_t fitted(int n, char *buf, size_t cap)
{
    if (n < 0 || (size_t)n >= cap) {
        if (cap > 0) {
            buf[0] = '\0';
        }
        return 0;
    }
    return (size_t)n;
}

size_t npc_term(char *buf, size_t cap, const char *prefix, const char *value, size_t len)
{
    size_t pl = strlen(prefix);
    if (pl + len >= cap) {
        if (cap > 0) {
            buf[0] = '\0';
        }
        return 0;
    }
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, value, len);
    buf[pl + len] = '\0';
    return pl + len;
}

size_t npc_article_ref(char *buf, size_t cap, unsigned article, unsigned sub)
{
    int n =
        sub != 0 ? snprintf(buf, cap, "%u-%u", article, sub) : snprintf(buf, cap, "%u", article);
    return fitted(n, buf, cap);
}

size_t npc_term_article(char *buf, size_t cap, unsigned article, unsigned sub)
{
    char ref[32];
    size_t n = npc_article_ref(ref, sizeof ref, article, sub);
    return npc_term(buf, cap, NPC_P_ARTICLE, ref, n);
}

size_t npc_doc_id_article(char *buf, size_t cap, const char *path, unsigned article, unsigned sub,
                          unsigned dup)
{
    char ref[32];
    npc_article_ref(ref, sizeof ref, article, sub);
    int n = dup != 0 ? snprintf(buf, cap, "%s#%s~%u", path, ref, dup)
                     : snprintf(buf, cap, "%s#%s", path, ref);
    return fitted(n, buf, cap);
}

size_t npc_doc_id_section(char *buf, size_t cap, const char *path, size_t section)
{
    return fitted(snprintf(buf, cap, "%s#s%zu", path, section), buf, cap);
}

size_t npc_doc_id_passage(char *buf, size_t cap, const char *path, size_t section, size_t passage)
{
    int n = section > 0 ? snprintf(buf, cap, "%s#s%zu.%zu", path, section, passage)
                        : snprintf(buf, cap, "%s#p%zu", path, passage);
    return fitted(n, buf, cap);
}

/* Digits from s, at least one: where they end, or NULL. */
static const char *digits(const char *s)
{
    const char *e = s;
    while (*e >= '0' && *e <= '9') {
        e++;
    }
    return e > s ? e : NULL;
}

size_t npc_doc_item_len(const char *id)
{
    const char *hash = strrchr(id, '#'), *e;
    if (hash != NULL && hash[1] == 's' && (e = digits(hash + 2)) != NULL && *e == '.' &&
        (e = digits(e + 1)) != NULL && *e == '\0') {
        return (size_t)(strchr(hash, '.') - id);
    }
    if (hash != NULL && hash[1] == 'p' && (e = digits(hash + 2)) != NULL && *e == '\0') {
        return (size_t)(hash - id);
    }
    return strlen(id);
}

size_t npc_doc_id_row(char *buf, size_t cap, const char *path, size_t row)
{
    return fitted(snprintf(buf, cap, "%s#r%zu", path, row), buf, cap);
}

void npc_today(char out[11])
{
    const char *env = getenv("NPCSEARCH_TODAY");
    int y, m, d, n = 0;
    if (env != NULL && sscanf(env, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 &&
        env[10] == '\0') {
        memcpy(out, env, 11);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

const char *npc_version_status(const char *in_force, const char *until, const char *repealed,
                               const char *today)
{
    in_force = in_force ? in_force : "";
    until = until ? until : "";
    repealed = repealed ? repealed : "";
    if (until[0] && strcmp(until, NPC_IN_FORCE_OPEN) != 0 && strcmp(until, today) <= 0) {
        return repealed[0] && strcmp(until, repealed) == 0 ? NPC_LAW_REPEALED : NPC_LAW_SUPERSEDED;
    }
    if (in_force[0] && strcmp(in_force, today) > 0) {
        return NPC_LAW_NOT_YET;
    }
    return NPC_LAW_IN_FORCE;
}

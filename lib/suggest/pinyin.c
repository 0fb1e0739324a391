/*
 * pinyin.c — pinyin through ICU's Han-Latin transliterator, and typed pinyin (see pinyin.h).
 */
#include "suggest/pinyin.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "text/fold.h"

#define RULES "Han-Latin; Latin-ASCII"
/* A Han character becomes at most a syllable of six letters and a space. */
#define OUT_UNITS (NPC_PINYIN_MAX_TEXT * 8)

struct npc_pinyin {
    UTransliterator *t;
    UChar buf[OUT_UNITS];
};

npc_status npc_pinyin_open(npc_pinyin **out, npc_err *err)
{
    *out = NULL;
    npc_pinyin *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return npc_fail(err, NPC_ENOMEM, "pinyin");
    }
    UChar id[sizeof RULES];
    u_uastrcpy(id, RULES);
    UErrorCode e = U_ZERO_ERROR;
    p->t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    if (U_FAILURE(e)) {
        free(p);
        return npc_fail(err, NPC_EICU, "cannot open the %s transliterator: %s", RULES,
                        u_errorName(e));
    }
    *out = p;
    return NPC_OK;
}

void npc_pinyin_close(npc_pinyin *p)
{
    if (p != NULL) {
        utrans_close(p->t);
        free(p);
    }
}

static int is_alnum(UChar c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_digit(UChar c)
{
    return c >= '0' && c <= '9';
}

/* The transliteration u[0..n) as words of letters or of digits, one space between. */
static size_t syllables(const UChar *u, int32_t n, char *buf, size_t cap)
{
    size_t o = 0;
    for (int32_t i = 0; i < n; i++) {
        if (!is_alnum(u[i])) {
            continue;
        }
        int starts = i == 0 || !is_alnum(u[i - 1]) || is_digit(u[i]) != is_digit(u[i - 1]);
        if (starts && o > 0) {
            if (o + 1 >= cap) {
                return SIZE_MAX;
            }
            buf[o++] = ' ';
        }
        if (o + 1 >= cap) {
            return SIZE_MAX;
        }
        buf[o++] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] - 'A' + 'a' : u[i]);
    }
    buf[o] = '\0';
    return o;
}

npc_status npc_pinyin_of(npc_pinyin *p, const char *text, size_t len, char *buf, size_t cap,
                         size_t *out_len, npc_err *err)
{
    *out_len = 0;
    if (cap > 0) {
        buf[0] = '\0';
    }
    if (len > NPC_PINYIN_MAX_TEXT) {
        return npc_fail(err, NPC_ETOOBIG, "text over %d bytes for pinyin", NPC_PINYIN_MAX_TEXT);
    }
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(p->buf, OUT_UNITS, &n, text, (int32_t)len, &e);
    if (U_FAILURE(e)) {
        return npc_fail(err, NPC_EUTF8, "text for pinyin is not valid UTF-8");
    }
    int32_t limit = n;
    utrans_transUChars(p->t, p->buf, &n, OUT_UNITS, 0, &limit, &e);
    if (U_FAILURE(e)) {
        return npc_fail(err, NPC_EICU, "transliteration failed: %s", u_errorName(e));
    }
    size_t o = syllables(p->buf, n, buf, cap);
    if (o == SIZE_MAX) {
        return npc_fail(err, NPC_ETOOBIG, "pinyin longer than %zu bytes", cap);
    }
    *out_len = o;
    return NPC_OK;
}

size_t npc_pinyin_initials(const char *syllables, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; syllables[i] != '\0'; i++) {
        if (syllables[i] != ' ' && (i == 0 || syllables[i - 1] == ' ')) {
            if (o + 1 >= cap) {
                return 0;
            }
            buf[o++] = syllables[i];
        }
    }
    if (cap > 0) {
        buf[o] = '\0';
    }
    return o;
}

size_t npc_pinyin_joined(const char *syllables, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; syllables[i] != '\0'; i++) {
        if (syllables[i] != ' ') {
            if (o + 1 >= cap) {
                return 0;
            }
            buf[o++] = syllables[i];
        }
    }
    if (cap > 0) {
        buf[o] = '\0';
    }
    return o;
}

/* The plain vowel of a tone-marked one (ü as u), 0 for any other code point. */
static char toneless(uint32_t c)
{
    static const struct {
        char plain;
        uint32_t marked[4];
    } vowels[] = {{'a', {0x101, 0xE1, 0x1CE, 0xE0}}, {'e', {0x113, 0xE9, 0x11B, 0xE8}},
                  {'i', {0x12B, 0xED, 0x1D0, 0xEC}}, {'o', {0x14D, 0xF3, 0x1D2, 0xF2}},
                  {'u', {0x16B, 0xFA, 0x1D4, 0xF9}}, {'u', {0x1D6, 0x1D8, 0x1DA, 0x1DC}}};
    if (c == 0xFC) {
        return 'u';
    }
    for (size_t v = 0; v < sizeof vowels / sizeof *vowels; v++) {
        for (size_t k = 0; k < 4; k++) {
            if (vowels[v].marked[k] == c) {
                return vowels[v].plain;
            }
        }
    }
    return 0;
}

int npc_pinyin_typed(const char *q, size_t len, char *buf, size_t cap, size_t *out_len)
{
    size_t o = 0, i = 0;
    int after_letter = 0;
    if (!npc_utf8_valid(q, len, NULL)) {
        return 0;
    }
    while (i < len) {
        uint32_t c = npc_utf8_next(q, &i);
        char l = 0;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            l = (char)(c | 0x20);
            l = l == 'v' ? 'u' : l;
        } else {
            l = toneless(c);
        }
        if (l != 0) {
            if (o + 1 >= cap) {
                return 0;
            }
            buf[o++] = l;
            after_letter = 1;
            continue;
        }
        int tone = c >= '1' && c <= '5' && after_letter;
        if (!tone && c != ' ' && c != '\'' && c != '\t') {
            return 0;
        }
        after_letter = 0;
    }
    if (o == 0) {
        return 0;
    }
    buf[o] = '\0';
    *out_len = o;
    return 1;
}

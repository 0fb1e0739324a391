/*
 * fold.c — table-driven folding with an offset map (see fold.h).
 */
#include "text/fold.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>

#include "text/fold_table.h"

#define FOLD_MAX_INPUT (1u << 30)

int npc_utf8_valid(const char *text, size_t len, size_t *bad_at)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t k;
        uint32_t c, min;
        if ((b & 0xE0) == 0xC0) {
            k = 2, c = b & 0x1F, min = 0x80;
        } else if ((b & 0xF0) == 0xE0) {
            k = 3, c = b & 0x0F, min = 0x800;
        } else if ((b & 0xF8) == 0xF0) {
            k = 4, c = b & 0x07, min = 0x10000;
        } else {
            goto bad;
        }
        if (i + k > len) {
            goto bad;
        }
        for (size_t j = 1; j < k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) {
                goto bad;
            }
            c = (c << 6) | (s[i + j] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            goto bad;
        }
        i += k;
    }
    return 1;
bad:
    if (bad_at != NULL) {
        *bad_at = i;
    }
    return 0;
}

size_t npc_space_len(const char *text, size_t i, size_t len)
{
    const unsigned char *s = (const unsigned char *)text + i;
    size_t n = len - i;
    if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')) {
        return 1;
    }
    if (n >= 2 && s[0] == 0xC2) {
        return s[1] == 0x85 || s[1] == 0xA0 ? 2 : 0; /* U+0085, U+00A0 */
    }
    if (n < 3 || (s[0] & 0xF0) != 0xE0 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) {
        return 0; /* every other white space character is three bytes long */
    }
    uint32_t c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    int space = c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
                c == 0x202F || c == 0x205F || c == 0x3000;
    return space ? 3 : 0;
}

uint32_t npc_utf8_next(const char *text, size_t *i)
{
    const unsigned char *s = (const unsigned char *)text + *i;
    if (s[0] < 0x80) {
        *i += 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        *i += 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0) {
        *i += 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *i += 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

size_t npc_utf8_at(const char *s, size_t i, size_t len, uint32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + k > len) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = npc_utf8_next(s, &i);
    return k;
}

size_t npc_utf16_to_utf8(const uint16_t *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            i++;
        }
        if (c < 0x80) {
            out[o++] = (char)c;
        } else if (c < 0x800) {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[o++] = (char)(0xE0 | (c >> 12));
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | (c >> 18));
            out[o++] = (char)(0x80 | ((c >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    return o;
}

static int reserve(npc_folded *f, size_t need)
{
    if (need <= f->cap) {
        return 1;
    }
    size_t cap = f->cap ? f->cap : 256;
    while (cap < need) {
        cap *= 2;
    }
    uint16_t *u = realloc(f->u16, cap * sizeof *u);
    if (u == NULL) {
        return 0;
    }
    f->u16 = u;
    uint32_t *m = realloc(f->map, (cap + 1) * sizeof *m);
    if (m == NULL) {
        return 0;
    }
    f->map = m;
    f->cap = cap;
    return 1;
}

/* Supplementary-plane code points are rare; fold them with ICU directly. */
static size_t fold_supplementary(uint32_t c, uint16_t out[8])
{
    UChar src[2] = {(UChar)(0xD800 + ((c - 0x10000) >> 10)),
                    (UChar)(0xDC00 + ((c - 0x10000) & 0x3FF))};
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);
    int32_t n = 0;
    if (U_SUCCESS(st)) {
        n = unorm2_normalize(nf, src, 2, (UChar *)out, 8, &st);
    }
    if (U_FAILURE(st)) {
        out[0] = src[0];
        out[1] = src[1];
        return 2;
    }
    return (size_t)n;
}

npc_status npc_fold(const char *text, size_t len, npc_folded *f, npc_err *err)
{
    f->n = 0;
    if (len > FOLD_MAX_INPUT) {
        return npc_fail(err, NPC_ETOOBIG, "text of %zu bytes is over the 1 GiB limit", len);
    }
    size_t bad;
    if (!npc_utf8_valid(text, len, &bad)) {
        return npc_fail(err, NPC_EUTF8, "invalid UTF-8 at byte %zu", bad);
    }
    /* Expansions are rare; reserve for the common case and grow when needed. */
    if (!reserve(f, len + 16)) {
        return npc_fail(err, NPC_ENOMEM, "folding %zu bytes", len);
    }
    size_t n = 0;
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        uint32_t c = npc_utf8_next(text, &i);
        uint16_t tmp[8];
        const uint16_t *src;
        size_t k;
        if (c < 0x10000) {
            uint32_t v = npc_fold_index[c];
            if (v == 0) {
                tmp[0] = (uint16_t)c;
                src = tmp;
                k = 1;
            } else {
                src = npc_fold_pool + (v >> 5);
                k = v & 31;
            }
        } else {
            k = fold_supplementary(c, tmp);
            src = tmp;
        }
        if (n + k > f->cap && !reserve(f, n + k + len - i + 16)) {
            f->n = 0;
            return npc_fail(err, NPC_ENOMEM, "folding %zu bytes", len);
        }
        for (size_t j = 0; j < k; j++) {
            f->u16[n] = src[j];
            f->map[n] = (uint32_t)at;
            n++;
        }
    }
    f->map[n] = (uint32_t)len;
    f->n = n;
    return NPC_OK;
}

void npc_folded_release(npc_folded *f)
{
    if (f != NULL) {
        free(f->u16);
        free(f->map);
        memset(f, 0, sizeof *f);
    }
}

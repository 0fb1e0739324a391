/*
 * numeral.c — parsing and formatting of Chinese numerals (see numeral.h).
 */
#include "text/numeral.h"

#include <string.h>

static int digit_value(uint32_t c)
{
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x96F6: /* 零 */
        return 0;
    case 0x4E00: /* 一 */
        return 1;
    case 0x4E8C: /* 二 */
    case 0x4E24: /* 两 */
        return 2;
    case 0x4E09:
        return 3;
    case 0x56DB:
        return 4;
    case 0x4E94:
        return 5;
    case 0x516D:
        return 6;
    case 0x4E03:
        return 7;
    case 0x516B:
        return 8;
    case 0x4E5D:
        return 9;
    default:
        return -1;
    }
}

static uint32_t unit_value(uint32_t c)
{
    switch (c) {
    case 0x5341: /* 十 */
        return 10;
    case 0x767E: /* 百 */
        return 100;
    case 0x5343: /* 千 */
        return 1000;
    case 0x4E07: /* 万 */
        return 10000;
    default:
        return 0;
    }
}

int npc_numeral_char(uint32_t c)
{
    return (c >= '0' && c <= '9') || digit_value(c) >= 0 || unit_value(c) != 0;
}

#define NUMERAL_MAX 99999999u

static int parse_ascii(const uint32_t *cps, size_t n, uint32_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (cps[i] < '0' || cps[i] > '9') {
            return 0;
        }
        v = v * 10 + (cps[i] - '0');
        if (v > NUMERAL_MAX) {
            return 0;
        }
    }
    *out = (uint32_t)v;
    return 1;
}

/* 二〇二四 style: every code point a digit. */
static int parse_digit_string(const uint32_t *cps, size_t n, uint32_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int d = digit_value(cps[i]);
        if (d < 0) {
            return 0;
        }
        v = v * 10 + (uint64_t)d;
        if (v > NUMERAL_MAX) {
            return 0;
        }
    }
    *out = (uint32_t)v;
    return 1;
}

int npc_numeral_parse(const uint32_t *cps, size_t n, uint32_t *out)
{
    if (n == 0) {
        return 0;
    }
    if (cps[0] >= '0' && cps[0] <= '9') {
        return parse_ascii(cps, n, out);
    }
    int has_unit = 0;
    for (size_t i = 0; i < n; i++) {
        has_unit |= unit_value(cps[i]) != 0;
    }
    if (!has_unit) {
        return n > 1 ? parse_digit_string(cps, n, out) : parse_digit_string(cps, 1, out);
    }
    /* Positional with units: sections of up to 9999 separated by 万. */
    uint64_t total = 0, section = 0;
    int pending = -1;       /* a digit waiting for its unit */
    uint32_t last_unit = 0; /* the last unit inside the section, to refuse 十十 or 十百 */
    int zero_seen = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        int d = digit_value(c);
        uint32_t u = unit_value(c);
        if (d < 0 && u == 0) {
            return 0; /* not a numeral character: 三十三条, 十一3 */
        }
        if (d == 0) {
            if (pending >= 0) {
                return 0; /* 三零 */
            }
            zero_seen = 1;
            continue;
        }
        if (d > 0) {
            if (pending >= 0) {
                return 0; /* two digits in a row: 三三 */
            }
            pending = d;
            continue;
        }
        if (u == 10000) {
            if (pending >= 0) {
                section += (uint64_t)pending;
            }
            if (section == 0 || total != 0) {
                return 0;
            }
            total = section * 10000;
            section = 0;
            pending = -1;
            last_unit = 0;
            zero_seen = 0;
            continue;
        }
        /* 十 百 千 */
        if (last_unit != 0 && u >= last_unit) {
            return 0; /* 十十, 十百 */
        }
        if (pending < 0) {
            if (u != 10 || section != 0 || zero_seen) {
                /* a bare 十 is 10 only at the start (十五) or after 零 (一百零十 is not written) */
                if (!(u == 10 && zero_seen)) {
                    return 0;
                }
            }
            pending = 1;
        }
        section += (uint64_t)pending * u;
        pending = -1;
        last_unit = u;
        zero_seen = 0;
    }
    if (pending >= 0) {
        /* trailing digit: units unless an abbreviated form (一百五 = 150) — legal text never
         * abbreviates, so only a plain units digit is accepted */
        section += (uint64_t)pending;
    }
    total += section;
    if (total == 0 || total > NUMERAL_MAX) {
        return 0;
    }
    *out = (uint32_t)total;
    return 1;
}

/* Decodes strict UTF-8 into at most cap code points; returns the count or -1. */
static long decode(const char *s, size_t len, uint32_t *cps, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)s[i];
        uint32_t c;
        size_t k;
        if (b < 0x80) {
            c = b;
            k = 1;
        } else if ((b & 0xE0) == 0xC0) {
            c = b & 0x1F;
            k = 2;
        } else if ((b & 0xF0) == 0xE0) {
            c = b & 0x0F;
            k = 3;
        } else {
            return -1; /* numerals are all in the BMP */
        }
        if (i + k > len) {
            return -1;
        }
        for (size_t j = 1; j < k; j++) {
            if (((unsigned char)s[i + j] & 0xC0) != 0x80) {
                return -1;
            }
            c = (c << 6) | ((unsigned char)s[i + j] & 0x3F);
        }
        if ((k == 2 && c < 0x80) || (k == 3 && c < 0x800)) {
            return -1; /* overlong */
        }
        if (n == cap) {
            return -1;
        }
        cps[n++] = c;
        i += k;
    }
    return (long)n;
}

int npc_numeral_parse_utf8(const char *s, size_t len, uint32_t *out)
{
    uint32_t cps[32];
    long n = decode(s, len, cps, 32);
    if (n <= 0) {
        return 0;
    }
    return npc_numeral_parse(cps, (size_t)n, out);
}

static const char *const digits_utf8[] = {"零", "一", "二", "三", "四",
                                          "五", "六", "七", "八", "九"};

static int append(char *buf, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > cap) {
        return 0;
    }
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
    return 1;
}

/* Writes a section 1..9999; `leading` says whether it starts the number (十五 vs 一十五). */
static int format_section(uint32_t v, int leading, char *buf, size_t cap, size_t *len)
{
    static const char *const units[] = {"千", "百", "十", ""};
    static const uint32_t div[] = {1000, 100, 10, 1};
    int started = 0, zero_pending = 0;
    for (int i = 0; i < 4; i++) {
        uint32_t d = (v / div[i]) % 10;
        if (d == 0) {
            if (started) {
                zero_pending = 1;
            }
            continue;
        }
        if (zero_pending) {
            if (!append(buf, cap, len, "零")) {
                return 0;
            }
            zero_pending = 0;
        }
        if (!(d == 1 && i == 2 && !started && leading)) {
            if (!append(buf, cap, len, digits_utf8[d])) {
                return 0;
            }
        }
        if (!append(buf, cap, len, units[i])) {
            return 0;
        }
        started = 1;
    }
    return 1;
}

size_t npc_numeral_format(uint32_t value, char *buf, size_t cap)
{
    if (value == 0 || value > NUMERAL_MAX || cap == 0) {
        return 0;
    }
    size_t len = 0;
    buf[0] = '\0';
    uint32_t high = value / 10000, low = value % 10000;
    if (high != 0) {
        if (!format_section(high, 1, buf, cap, &len) || !append(buf, cap, &len, "万")) {
            return 0;
        }
        if (low != 0 && low < 1000 && !append(buf, cap, &len, "零")) {
            return 0;
        }
    }
    if (low != 0 && !format_section(low, high == 0, buf, cap, &len)) {
        return 0;
    }
    return len;
}

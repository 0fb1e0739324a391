/*
 * test_numeral.c — Chinese numerals of legal numbering (lib/text/numeral.h): parsing, refusals,
 * formatting and the round trip between them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "text/fold.h"
#include "text/numeral.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* Parses a whole UTF-8 string; fails the test when it is refused. */
static uint32_t parse_ok(const char *s)
{
    uint32_t v = 0xDEADBEEF;
    if (!npc_numeral_parse_utf8(s, strlen(s), &v)) {
        fail_msg("\"%s\" was refused", s);
    }
    return v;
}

/* Asserts that s is refused and that *out is left alone. */
static void assert_refused(const char *s)
{
    uint32_t v = 0xDEADBEEF;
    if (npc_numeral_parse_utf8(s, strlen(s), &v)) {
        fail_msg("\"%s\" was accepted as %u", s, v);
    }
    assert_int_equal(v, 0xDEADBEEF);
}

/* Formats v into a fresh buffer; asserts the returned length matches the string. */
static const char *format(uint32_t v)
{
    static char buf[128];
    memset(buf, 'x', sizeof buf);
    size_t n = npc_numeral_format(v, buf, sizeof buf);
    assert_true(n > 0);
    assert_int_equal(n, strlen(buf));
    return buf;
}

/* ---- parsing ------------------------------------------------------------------------------ */

static void test_parse_small(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("一"), 1);
    assert_int_equal(parse_ok("九"), 9);
    assert_int_equal(parse_ok("十"), 10);
    assert_int_equal(parse_ok("十五"), 15);
    assert_int_equal(parse_ok("二十"), 20);
    assert_int_equal(parse_ok("三十三"), 33);
    assert_int_equal(parse_ok("九十九"), 99);
}

static void test_parse_hundreds_thousands(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("一百"), 100);
    assert_int_equal(parse_ok("一百零三"), 103);
    assert_int_equal(parse_ok("一百一十"), 110);
    assert_int_equal(parse_ok("一百一十五"), 115);
    assert_int_equal(parse_ok("一千零一"), 1001);
    assert_int_equal(parse_ok("一千一百六十五"), 1165);
    assert_int_equal(parse_ok("一千二百五十八"), 1258);
    assert_int_equal(parse_ok("两千"), 2000);
    assert_int_equal(parse_ok("两百"), 200);
}

static void test_parse_wan(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("一万"), 10000);
    assert_int_equal(parse_ok("一万零五"), 10005);
    assert_int_equal(parse_ok("十万"), 100000);
    assert_int_equal(parse_ok("九千九百九十九万九千九百九十九"), 99999999);
}

static void test_parse_digit_strings(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("二〇二四"), 2024);
    assert_int_equal(parse_ok("一九五四"), 1954);
    assert_int_equal(parse_ok("二零零八"), 2008);
    /* the header: numerals without units are read digit by digit */
    assert_int_equal(parse_ok("三三"), 33);
    assert_int_equal(parse_ok("三零"), 30);
}

static void test_parse_ascii(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("33"), 33);
    assert_int_equal(parse_ok("1165"), 1165);
    assert_int_equal(parse_ok("007"), 7);
    assert_int_equal(parse_ok("99999999"), 99999999);
}

static void test_parse_code_points(void **state)
{
    (void)state;
    const uint32_t cps[] = {0x4E00, 0x5343, 0x4E00, 0x767E,
                            0x516D, 0x5341, 0x4E94}; /* 一千一百六十五 */
    uint32_t v = 0;
    assert_true(npc_numeral_parse(cps, 7, &v));
    assert_int_equal(v, 1165);
    /* a prefix of the same sequence is a numeral of its own: 一千一百 */
    assert_true(npc_numeral_parse(cps, 4, &v));
    assert_int_equal(v, 1100);
    assert_false(npc_numeral_parse(cps, 0, &v));
}

static void test_numeral_char(void **state)
{
    (void)state;
    const char *yes = "〇零一二两三四五六七八九十百千万0123456789";
    for (size_t i = 0; yes[i] != '\0';) {
        uint32_t c = 0;
        unsigned char b = (unsigned char)yes[i];
        size_t k = b < 0x80 ? 1 : 3;
        if (k == 1) {
            c = b;
        } else {
            c = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(yes[i + 1] & 0x3F) << 6) |
                (uint32_t)(yes[i + 2] & 0x3F);
        }
        if (!npc_numeral_char(c)) {
            fail_msg("U+%04X is not a numeral character", c);
        }
        i += k;
    }
    assert_false(npc_numeral_char(0x6761)); /* 条 */
    assert_false(npc_numeral_char(0x4E4B)); /* 之 */
    assert_false(npc_numeral_char(0x7B2C)); /* 第 */
    assert_false(npc_numeral_char('a'));
    assert_false(npc_numeral_char(0xFF13)); /* full-width ３ (folding makes it ASCII first) */
}

/* ---- refusals ----------------------------------------------------------------------------- */

static void test_refuse_malformed(void **state)
{
    (void)state;
    assert_refused("");
    assert_refused("十十");
    assert_refused("十百");
    assert_refused("百三");
    assert_refused("千");
    assert_refused("三十三三");
    assert_refused("一万万");
}

static void test_refuse_mixed_scripts(void **state)
{
    (void)state;
    assert_refused("3十");
    assert_refused("33条");
    assert_refused("十3");
    assert_refused("一3");
    assert_refused("3三");
}

/* Counts the strings of a list that are accepted, naming each (invalid UTF-8 as \xNN); the test
 * asserts none are. */
static int count_accepted(const char *const *list, size_t n)
{
    int accepted = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t v = 0;
        if (npc_numeral_parse_utf8(list[i], strlen(list[i]), &v)) {
            char shown[128];
            size_t o = 0;
            int valid = npc_utf8_valid(list[i], strlen(list[i]), NULL);
            for (const unsigned char *p = (const unsigned char *)list[i];
                 *p && o + 5 < sizeof shown; p++) {
                o += (size_t)(valid || *p < 0x80
                                  ? snprintf(shown + o, sizeof shown - o, "%c", *p)
                                  : snprintf(shown + o, sizeof shown - o, "\\x%02x", *p));
            }
            print_error("\"%s\" was accepted as %u\n", shown, v);
            accepted++;
        }
    }
    return accepted;
}

/* The whole string must be a numeral: a numeral followed by anything else is refused. */
static void test_refuse_trailing_garbage(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "三十三条", /* a trailing non-numeral character must not be read as a zero unit */
        "十一3",    /* mixes scripts; the 3 must not be dropped */
        "二十五x",  "一百五a", "一百a", "十a",
    };
    assert_int_equal(count_accepted(cases, sizeof cases / sizeof cases[0]), 0);
}

static void test_refuse_too_large(void **state)
{
    (void)state;
    assert_refused("100000000");
    assert_refused("一亿");
    assert_refused("一〇〇〇〇〇〇〇〇");
    assert_refused("十万万");
}

static void test_refuse_invalid_utf8(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "\xe4\xb8",     /* 一 truncated */
        "\xff",         /* never valid */
        "\xe4\x80\x80", /* 䀀: valid, but not a numeral */
        "\xc0\xb3",     /* an overlong '3' is not UTF-8 */
        "\xe0\x80\xb3", /* nor is a three-byte overlong '3' */
    };
    assert_int_equal(count_accepted(cases, sizeof cases / sizeof cases[0]), 0);
}

/* ---- formatting --------------------------------------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    assert_string_equal(format(1), "一");
    assert_string_equal(format(10), "十");
    assert_string_equal(format(15), "十五");
    assert_string_equal(format(20), "二十");
    assert_string_equal(format(33), "三十三");
    assert_string_equal(format(100), "一百");
    assert_string_equal(format(103), "一百零三");
    assert_string_equal(format(110), "一百一十");
    assert_string_equal(format(1001), "一千零一");
    assert_string_equal(format(1010), "一千零一十");
    assert_string_equal(format(1165), "一千一百六十五");
    assert_string_equal(format(10000), "一万");
    assert_string_equal(format(10005), "一万零五");
    assert_string_equal(format(100000), "十万");
    assert_string_equal(format(99999999), "九千九百九十九万九千九百九十九");
}

static void test_format_refusals(void **state)
{
    (void)state;
    char buf[64] = "unchanged";
    assert_int_equal(npc_numeral_format(0, buf, sizeof buf), 0);
    assert_int_equal(npc_numeral_format(100000000, buf, sizeof buf), 0);
    /* 三十三 needs 9 bytes and the NUL */
    assert_int_equal(npc_numeral_format(33, buf, 9), 0);
    assert_int_equal(npc_numeral_format(33, buf, 4), 0);
    assert_int_equal(npc_numeral_format(33, buf, 0), 0);
    assert_int_equal(npc_numeral_format(33, buf, 10), 9);
    assert_string_equal(buf, "三十三");
}

static void test_format_does_not_overrun(void **state)
{
    (void)state;
    char buf[16];
    memset(buf, '#', sizeof buf);
    /* 一千一百六十五 is 21 bytes: refused, nothing written past cap */
    assert_int_equal(npc_numeral_format(1165, buf, 8), 0);
    for (size_t i = 8; i < sizeof buf; i++) {
        assert_int_equal(buf[i], '#');
    }
}

/* ---- round trip --------------------------------------------------------------------------- */

static void check_round_trip(uint32_t n)
{
    char buf[128];
    size_t len = npc_numeral_format(n, buf, sizeof buf);
    if (len == 0) {
        fail_msg("%u could not be formatted", n);
    }
    uint32_t back = 0;
    if (!npc_numeral_parse_utf8(buf, len, &back) || back != n) {
        fail_msg("%u -> \"%s\" -> %u", n, buf, back);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    for (uint32_t n = 1; n <= 3000; n++) {
        check_round_trip(n);
    }
    const uint32_t more[] = {10000,  10001,  10010,  10100,   11000,    20305,    100000,
                             100001, 101010, 999999, 1000000, 10000000, 12345678, 99999999};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        check_round_trip(more[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_small),
        cmocka_unit_test(test_parse_hundreds_thousands),
        cmocka_unit_test(test_parse_wan),
        cmocka_unit_test(test_parse_digit_strings),
        cmocka_unit_test(test_parse_ascii),
        cmocka_unit_test(test_parse_code_points),
        cmocka_unit_test(test_numeral_char),
        cmocka_unit_test(test_refuse_malformed),
        cmocka_unit_test(test_refuse_mixed_scripts),
        cmocka_unit_test(test_refuse_trailing_garbage),
        cmocka_unit_test(test_refuse_too_large),
        cmocka_unit_test(test_refuse_invalid_utf8),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_refusals),
        cmocka_unit_test(test_format_does_not_overrun),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_fold.c — text folding (lib/text/fold.h): NFKC of full-width forms, case folding,
 * traditional to simplified, the map from every folded unit back to the bytes it came from, and
 * the UTF-8 checks and conversions around it.  Every expected value is written out by hand
 * from the Unicode tables, never computed by the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------------------------ */

/* Folds text and asserts the UTF-16 units are want[0..nwant). */
static void check_units(const char *text, const uint16_t *want, size_t nwant)
{
    npc_folded f = {0};
    npc_err err;
    npc_status st = npc_fold(text, strlen(text), &f, &err);
    if (st != NPC_OK) {
        fail_msg("\"%s\": %s (%s)", text, npc_status_name(st), err.detail);
    }
    if (f.n != nwant) {
        fail_msg("\"%s\": %zu units, want %zu", text, f.n, nwant);
    }
    for (size_t i = 0; i < nwant; i++) {
        if (f.u16[i] != want[i]) {
            fail_msg("\"%s\": unit %zu is U+%04X, want U+%04X", text, i, f.u16[i], want[i]);
        }
    }
    npc_folded_release(&f);
}

/* ---- folding ------------------------------------------------------------------------------ */

static void test_full_width(void **state)
{
    (void)state;
    /* U+FF21.. letters, U+FF10.. digits, U+FF05 percent sign */
    static const uint16_t letters_digits[] = {'a', 'b', 'c', 'x', 'y', 'z', '0', '1', '9', '%'};
    check_units("ＡＢＣｘｙｚ０１９％", letters_digits, COUNT(letters_digits));
    /* U+FF0C U+FF0E U+FF01 U+FF1F U+FF08 U+FF09 U+FF1A U+FF1B, then U+3000 ideographic space */
    static const uint16_t punct[] = {',', '.', '!', '?', '(', ')', ':', ';', ' '};
    check_units("，．！？（）：；　", punct, COUNT(punct));
    /* Chinese punctuation has no compatibility form: it stays */
    static const uint16_t cjk_punct[] = {0x3002, 0x3001, 0x300A, 0x300B, 0x201C, 0x201D};
    check_units("。、《》“”", cjk_punct, COUNT(cjk_punct));
    /* compatibility forms that expand: ligature fi (U+FB01), roman numeral twelve (U+216B) */
    static const uint16_t expanded[] = {'f', 'i', 'x', 'i', 'i'};
    check_units("ﬁⅫ", expanded, COUNT(expanded));
}

static void test_case_folding(void **state)
{
    (void)state;
    static const uint16_t ascii[] = {'l', 'a', 'w', ' ', '1', '2', ' ', 'n', 'p', 'c'};
    check_units("LaW 12 NPC", ascii, COUNT(ascii));
    /* U+00C0 -> U+00E0, U+03A3 -> U+03C3, U+00DF sharp s -> "ss" */
    static const uint16_t other[] = {0x00E0, 0x03C3, 's', 's'};
    check_units("ÀΣß", other, COUNT(other));
    /* one code point at a time: a decomposed e + U+0301 is not composed into U+00E9 */
    static const uint16_t decomposed[] = {'e', 0x0301};
    check_units("E\xCC\x81", decomposed, COUNT(decomposed));
}

static void test_traditional_to_simplified(void **state)
{
    (void)state;
    /* 條 U+689D -> 条 U+6761, 國 U+570B -> 国 U+56FD, 權 U+6B0A -> 权 U+6743,
     * 與 U+8207 -> 与 U+4E0E, 憲 U+61B2 -> 宪 U+5BAA */
    static const uint16_t simplified[] = {0x6761, 0x56FD, 0x6743, 0x4E0E, 0x5BAA};
    check_units("條國權與憲", simplified, COUNT(simplified));
    /* simplified text stays as it is: 中华人民共和国宪法 */
    static const uint16_t same[] = {0x4E2D, 0x534E, 0x4EBA, 0x6C11, 0x5171,
                                    0x548C, 0x56FD, 0x5BAA, 0x6CD5};
    check_units("中华人民共和国宪法", same, COUNT(same));
    /* full-width and traditional together: 第Ｘ條 */
    static const uint16_t mixed[] = {0x7B2C, 'x', 0x6761};
    check_units("第Ｘ條", mixed, COUNT(mixed));
}

/* Each folded unit maps to the byte offset of the code point it came from; a code point that
 * becomes several units (ß -> ss, a surrogate pair) maps all of them to the same offset. */
static void test_offset_map(void **state)
{
    (void)state;
    /* bytes: a [0] | Ｂ EF BC A2 [1,4) | 國 E5 9C 8B [4,7) | ß C3 9F [7,9) |
     * U+20000 F0 A0 80 80 [9,13) | U+1F600 F0 9F 98 80 [13,17) |
     * U+1D400 (mathematical bold A) F0 9D 90 80 [17,21) | x [21]; 22 bytes */
    const char *text = "aＢ國ß𠀀😀𝐀x";
    static const uint16_t units[] = {'a',    'b',    0x56FD, 's', 's', 0xD840,
                                     0xDC00, 0xD83D, 0xDE00, 'a', 'x'};
    static const uint32_t map[] = {0, 1, 4, 7, 7, 9, 9, 13, 13, 17, 21, 22};
    static const char *const source[] = {"a", "Ｂ", "國", "ß", "ß", "𠀀", "𠀀", "😀", "😀", "𝐀", "x"};
    assert_int_equal(strlen(text), 22);
    npc_folded f = {0};
    npc_err err;
    assert_int_equal(npc_fold(text, strlen(text), &f, &err), NPC_OK);
    assert_int_equal(f.n, COUNT(units));
    for (size_t i = 0; i < COUNT(units); i++) {
        assert_int_equal(f.u16[i], units[i]);
    }
    for (size_t i = 0; i <= COUNT(units); i++) {
        assert_int_equal(f.map[i], map[i]);
    }
    /* the range of unit i ends where the next code point's units start */
    for (size_t i = 0; i < f.n; i++) {
        size_t end = i + 1;
        while (f.map[end] == f.map[i]) {
            end++;
        }
        size_t len = f.map[end] - f.map[i];
        if (len != strlen(source[i]) || memcmp(text + f.map[i], source[i], len) != 0) {
            fail_msg("unit %zu comes from \"%.*s\", want \"%s\"", i, (int)len, text + f.map[i],
                     source[i]);
        }
    }
    npc_folded_release(&f);
}

/* U+FDFA folds to 18 units: more output than the input's bytes, so the buffers must grow. */
static void test_expansion_grows_buffers(void **state)
{
    (void)state;
    /* U+FDFA EF B7 BA -> "صلى الله عليه وسلم" */
    static const uint16_t one[18] = {0x0635, 0x0644, 0x0649, 0x0020, 0x0627, 0x0644,
                                     0x0644, 0x0647, 0x0020, 0x0639, 0x0644, 0x064A,
                                     0x0647, 0x0020, 0x0648, 0x0633, 0x0644, 0x0645};
    enum { REPEAT = 1000 };
    char *text = malloc(3 * REPEAT + 1);
    assert_non_null(text);
    for (size_t r = 0; r < REPEAT; r++) {
        memcpy(text + 3 * r, "\xEF\xB7\xBA", 3);
    }
    text[3 * REPEAT] = '\0';
    npc_folded f = {0};
    npc_err err;
    assert_int_equal(npc_fold(text, 3 * REPEAT, &f, &err), NPC_OK);
    assert_int_equal(f.n, 18 * REPEAT);
    for (size_t i = 0; i < f.n; i++) {
        if (f.u16[i] != one[i % 18] || f.map[i] != 3 * (i / 18)) {
            fail_msg("unit %zu: U+%04X from byte %u", i, f.u16[i], f.map[i]);
        }
    }
    assert_int_equal(f.map[f.n], 3 * REPEAT);
    npc_folded_release(&f);
    free(text);
}

static void test_empty_and_reuse(void **state)
{
    (void)state;
    npc_folded f = {0};
    npc_err err;
    assert_int_equal(npc_fold("", 0, &f, &err), NPC_OK);
    assert_int_equal(f.n, 0);
    assert_int_equal(f.map[0], 0);

    /* the buffers are reused: a shorter text after a longer one leaves nothing behind */
    assert_int_equal(npc_fold("ＡＢＣＤＥＦ", 18, &f, &err), NPC_OK);
    assert_int_equal(f.n, 6);
    assert_int_equal(npc_fold("國x", 4, &f, &err), NPC_OK);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.u16[0], 0x56FD);
    assert_int_equal(f.u16[1], 'x');
    assert_int_equal(f.map[1], 3);
    assert_int_equal(f.map[2], 4);
    /* only len bytes are read */
    assert_int_equal(npc_fold("abc", 2, &f, &err), NPC_OK);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.map[2], 2);
    npc_folded_release(&f);
    assert_null(f.u16);
    assert_int_equal(f.n, 0);
    npc_folded_release(&f); /* twice is harmless */
    npc_folded_release(NULL);
}

static void test_fold_refuses_invalid_utf8(void **state)
{
    (void)state;
    npc_folded f = {0};
    npc_err err;
    assert_int_equal(npc_fold("ok", 2, &f, &err), NPC_OK);
    assert_int_equal(f.n, 2);

    /* a surrogate at byte 2 */
    const char *surrogate = "ok\xED\xA0\x80";
    assert_int_equal(npc_fold(surrogate, strlen(surrogate), &f, &err), NPC_EUTF8);
    assert_int_equal(err.code, NPC_EUTF8);
    assert_int_equal(f.n, 0);
    size_t dl = strlen(err.detail);
    assert_true(dl >= 2 && strcmp(err.detail + dl - 2, " 2") == 0); /* names byte 2 */

    /* truncated at byte 4: 中, a, then the first two bytes of 国 */
    const char *truncated = "\xE4\xB8\xAD"
                            "a\xE5\x9B";
    assert_int_equal(npc_fold(truncated, strlen(truncated), &f, &err), NPC_EUTF8);
    dl = strlen(err.detail);
    assert_true(dl >= 2 && strcmp(err.detail + dl - 2, " 4") == 0);
    assert_int_equal(f.n, 0);

    /* overlong '/' */
    assert_int_equal(npc_fold("\xC0\xAF", 2, &f, &err), NPC_EUTF8);
    npc_folded_release(&f);
}

static void test_fold_refuses_over_1gib(void **state)
{
    (void)state;
    /* the length is checked before a byte is read, so a short buffer will do */
    static const char text[] = "x";
    npc_folded f = {0};
    npc_err err;
    assert_int_equal(npc_fold(text, ((size_t)1 << 30) + 1, &f, &err), NPC_ETOOBIG);
    assert_int_equal(f.n, 0);
    npc_folded_release(&f);
}

/* ---- UTF-8 -------------------------------------------------------------------------------- */

typedef struct utf8_case {
    const char *bytes;
    size_t len;
    int valid;
    size_t bad_at;
    const char *what;
} utf8_case;

#define VALID(s, what)                                                                             \
    {                                                                                              \
        s, sizeof(s) - 1, 1, 0, what                                                               \
    }
#define INVALID(s, at, what)                                                                       \
    {                                                                                              \
        s, sizeof(s) - 1, 0, at, what                                                              \
    }

static void test_utf8_valid(void **state)
{
    (void)state;
    static const utf8_case cases[] = {
        VALID("", "empty"),
        VALID("abc", "ASCII"),
        VALID("a\0b", "NUL inside the length"),
        VALID("\xC2\x80", "U+0080, the smallest 2-byte form"),
        VALID("\xDF\xBF", "U+07FF"),
        VALID("\xE0\xA0\x80", "U+0800, the smallest 3-byte form"),
        VALID("\xED\x9F\xBF", "U+D7FF, below the surrogates"),
        VALID("\xEE\x80\x80", "U+E000, above the surrogates"),
        VALID("\xEF\xBF\xBF", "U+FFFF"),
        VALID("\xF0\x90\x80\x80", "U+10000, the smallest 4-byte form"),
        VALID("\xF4\x8F\xBF\xBF", "U+10FFFF, the largest"),
        VALID("中华\xF0\xA0\x80\x80", "CJK and U+20000"),
        /* overlong forms */
        INVALID("a\xC0\x80", 1, "overlong NUL"),
        INVALID("\xC1\xBF", 0, "overlong U+007F"),
        INVALID("ab\xE0\x80\xAF", 2, "overlong '/' in 3 bytes"),
        INVALID("\xE0\x9F\xBF", 0, "overlong U+07FF in 3 bytes"),
        INVALID("\xF0\x8F\xBF\xBF", 0, "overlong U+FFFF in 4 bytes"),
        /* surrogates */
        INVALID("x\xED\xA0\x80", 1, "U+D800"),
        INVALID("\xED\xBF\xBF", 0, "U+DFFF"),
        INVALID("\xED\xA0\xBD\xED\xB8\x80", 0, "a surrogate pair in CESU-8"),
        /* truncated sequences */
        INVALID("\xE4\xB8\xAD\xE4\xB8", 3, "中 then 2 bytes of 3"),
        INVALID("ab\xC3", 2, "a lead byte at the end"),
        INVALID("\xF0\x9F\x98", 0, "3 bytes of 4"),
        INVALID("\xE4\xB8"
                "a",
                0, "a continuation missing before ASCII"),
        INVALID("\xC3\xC3\xA9", 0, "a lead byte where a continuation belongs"),
        /* beyond U+10FFFF */
        INVALID("\xF4\x90\x80\x80", 0, "U+110000"),
        INVALID("ok\xF5\x80\x80\x80", 2, "lead byte F5"),
        INVALID("\xF7\xBF\xBF\xBF", 0, "U+1FFFFF"),
        INVALID("\xF8\x88\x80\x80\x80", 0, "a 5-byte form"),
        /* bytes that never start a character */
        INVALID("a\x80", 1, "a stray continuation"),
        INVALID("\xBF", 0, "a stray continuation"),
        INVALID("\xFE", 0, "FE"),
        INVALID("\xFF", 0, "FF"),
        INVALID("\xC3\xA9\xC3\x28\xFF", 2, "the first bad byte is reported"),
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        const utf8_case *c = &cases[i];
        size_t bad = 9999;
        int valid = npc_utf8_valid(c->bytes, c->len, &bad);
        if (valid != c->valid) {
            fail_msg("%s: valid %d, want %d", c->what, valid, c->valid);
        }
        if (!valid && bad != c->bad_at) {
            fail_msg("%s: bad at %zu, want %zu", c->what, bad, c->bad_at);
        }
        assert_int_equal(npc_utf8_valid(c->bytes, c->len, NULL), c->valid);
    }
    /* only len bytes are looked at */
    assert_true(npc_utf8_valid("ab\xFF", 2, NULL));
    size_t bad = 9999;
    assert_false(npc_utf8_valid("\xE4\xB8\xAD", 2, &bad));
    assert_int_equal(bad, 0);
}

static void test_utf8_next(void **state)
{
    (void)state;
    /* a | é C3 A9 | 中 E4 B8 AD | U+1F600 F0 9F 98 80 | z */
    const char *s = "aé中😀z";
    static const uint32_t cps[] = {0x61, 0xE9, 0x4E2D, 0x1F600, 0x7A};
    static const size_t after[] = {1, 3, 6, 10, 11};
    size_t i = 0;
    for (size_t k = 0; k < COUNT(cps); k++) {
        assert_int_equal(npc_utf8_next(s, &i), cps[k]);
        assert_int_equal(i, after[k]);
    }
}

static void test_utf16_to_utf8(void **state)
{
    (void)state;
    static const uint16_t s[] = {0x61,   0xE9,   0x7FF,  0x800,  0x4E2D, 0xFFFF,
                                 0xD83D, 0xDE00, 0xD800, 0xDC00, 0xDBFF, 0xDFFF};
    /* a, U+00E9, U+07FF, U+0800, U+4E2D, U+FFFF, then the pairs of U+1F600, U+10000, U+10FFFF */
    static const char want[] = "a"
                               "\xC3\xA9"
                               "\xDF\xBF"
                               "\xE0\xA0\x80"
                               "\xE4\xB8\xAD"
                               "\xEF\xBF\xBF"
                               "\xF0\x9F\x98\x80"
                               "\xF0\x90\x80\x80"
                               "\xF4\x8F\xBF\xBF";
    char out[3 * COUNT(s)];
    size_t n = npc_utf16_to_utf8(s, COUNT(s), out);
    assert_int_equal(n, sizeof want - 1);
    assert_memory_equal(out, want, n);
    assert_int_equal(npc_utf16_to_utf8(s, 0, out), 0);
}

static void test_is_han(void **state)
{
    (void)state;
    static const uint32_t han[] = {0x3400, 0x4DBF, 0x4E00, 0x4E2D, 0x9FFF, 0xF900, 0xFAFF};
    static const uint32_t not_han[] = {0x33FF, 0x4DC0, 0x4DFF, 0xA000, 0xF8FF,
                                       0xFB00, 0x3002, 'a',    0x20000};
    for (size_t i = 0; i < COUNT(han); i++) {
        if (!npc_is_han(han[i])) {
            fail_msg("U+%04X is Han", han[i]);
        }
    }
    for (size_t i = 0; i < COUNT(not_han); i++) {
        if (npc_is_han(not_han[i])) {
            fail_msg("U+%04X is not a BMP Han ideograph", not_han[i]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_width),
        cmocka_unit_test(test_case_folding),
        cmocka_unit_test(test_traditional_to_simplified),
        cmocka_unit_test(test_offset_map),
        cmocka_unit_test(test_expansion_grows_buffers),
        cmocka_unit_test(test_empty_and_reuse),
        cmocka_unit_test(test_fold_refuses_invalid_utf8),
        cmocka_unit_test(test_fold_refuses_over_1gib),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_next),
        cmocka_unit_test(test_utf16_to_utf8),
        cmocka_unit_test(test_is_han),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * numeral.h — Chinese numerals as used in legal numbering (第一千一百六十五条, 第十二条之一).
 *
 * Pure functions, no allocation, thread-safe.
 */
#ifndef NPC_NUMERAL_H
#define NPC_NUMERAL_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 when code point c may appear in a numeral: 〇零一二两三四五六七八九十百千万 or an
 * ASCII digit; 0 otherwise. */
int npc_numeral_char(uint32_t c);

/*
 * Parses n code points as a number: Chinese numerals (三十三, 一百零三, 一千一百六十五, 十五,
 * 二〇二四 digit by digit) or ASCII digits (33).  Returns 1 and sets *out on success; 0 when the
 * sequence is empty, mixes scripts, is malformed (十十, 百三) or exceeds 99,999,999.
 */
int npc_numeral_parse(const uint32_t *cps, size_t n, uint32_t *out);

/* Same over UTF-8 text (the whole of s[0..len) must be a numeral). */
int npc_numeral_parse_utf8(const char *s, size_t len, uint32_t *out);

/*
 * Writes value in Chinese numerals as legal text does (33 -> 三十三, 10 -> 十, 103 -> 一百零三,
 * 1165 -> 一千一百六十五) into buf, NUL-terminated.  Returns the length in bytes, or 0 when
 * value is 0, above 99,999,999, or the result does not fit in cap bytes.
 */
size_t npc_numeral_format(uint32_t value, char *buf, size_t cap);

#endif

/*
 * pinyin.h — the pinyin of Chinese text, through ICU's Han-Latin transliterator
 * ("Han-Latin; Latin-ASCII": 残疾人保障法 → "can ji ren bao zhang fa"), and the reading of what a
 * user typed as pinyin (canjiren baozhang fa, cán jí rén, can2ji2ren2, lv for lü).
 *
 * Syllables are lowercase ASCII without tones (ü is u), one a Han character, separated by one
 * space; letters and digits in the text stay as words of their own (GDP2024 → "gdp 2024"), and
 * everything else (punctuation, 《》) is dropped.  ICU reads a character by its context where its
 * rules know one (重庆 → chong qing) and otherwise by its most common reading (长江 → zhang
 * jiang): the indexer and every query go through the same rules, so they agree.
 *
 * A transliterator is not thread-safe: one per thread.  The first one a process opens costs
 * ICU about 110–160 ms (it compiles the rules); later ones about 0.4 ms.
 */
#ifndef NPC_PINYIN_H
#define NPC_PINYIN_H

#include <stddef.h>

#include "base/status.h"

typedef struct npc_pinyin npc_pinyin;

/* Opens a transliterator.  NPC_EICU when ICU has no Han-Latin rules.  *out is the caller's,
 * freed with npc_pinyin_close (which accepts NULL). */
npc_status npc_pinyin_open(npc_pinyin **out, npc_err *err);
void npc_pinyin_close(npc_pinyin *p);

/*
 * Writes the syllables of text[0..len) (UTF-8) into buf, NUL-terminated, and their length into
 * *out_len.  NPC_ETOOBIG when text is over NPC_PINYIN_MAX_TEXT bytes or the syllables do not fit
 * in cap; NPC_EUTF8, NPC_EICU on failure.
 */
#define NPC_PINYIN_MAX_TEXT 1024
npc_status npc_pinyin_of(npc_pinyin *p, const char *text, size_t len, char *buf, size_t cap,
                         size_t *out_len, npc_err *err);

/* The initials of syllables ("can ji ren" → "cjr"; zh, ch and sh give z, c and s, as people
 * type them) into buf, NUL-terminated.  Returns their length (0 when they do not fit). */
size_t npc_pinyin_initials(const char *syllables, char *buf, size_t cap);

/* The syllables without their spaces ("can ji ren" → "canjiren") into buf, NUL-terminated.
 * Returns the length (0 when it does not fit). */
size_t npc_pinyin_joined(const char *syllables, char *buf, size_t cap);

/*
 * 1 when q[0..len) reads as typed pinyin: nothing but ASCII letters, the tone-marked vowels
 * (āáǎà … ǖǘǚǜü), tone digits 1–5 after a letter, spaces and apostrophes (xi'an), with at least
 * one letter.  Its letters then go into buf (lowercase, tones and separators dropped, ü and v as
 * u), NUL-terminated, their number into *out_len.  0 (buf unspecified) otherwise, or when they
 * do not fit in cap.
 */
int npc_pinyin_typed(const char *q, size_t len, char *buf, size_t cap, size_t *out_len);

#endif

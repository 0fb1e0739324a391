/*
 * fold.h — text folding shared by the indexer and every query path.
 *
 * UTF-8 in, UTF-16 out: NFKC with case folding (full-width letters, digits and punctuation
 * become half-width, ideographic space becomes a space, letters become lower case), then
 * traditional to simplified Chinese, one code point at a time from a table generated from ICU
 * at build time (tools/gen_fold.c).  Every output unit remembers the byte offset of the input
 * code point it came from, so analysis can point back into the original text.
 */
#ifndef NPC_FOLD_H
#define NPC_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/* Output buffers, owned by the struct and reused across calls.  Zero-initialise, then free
 * with npc_folded_release. */
typedef struct npc_folded {
    uint16_t *u16; /* folded text, n units */
    uint32_t *map; /* map[i]: byte offset in the input of unit i; map[n] = input length */
    size_t n;
    size_t cap;
} npc_folded;

/*
 * Folds text[0..len).  Fails with NPC_EUTF8 (detail names the byte offset) on invalid UTF-8
 * (overlong forms, surrogates, truncated sequences), NPC_ETOOBIG when len exceeds 1 GiB, or
 * NPC_ENOMEM.  On failure f->n is 0.
 */
npc_status npc_fold(const char *text, size_t len, npc_folded *f, npc_err *err);

void npc_folded_release(npc_folded *f);

/* Checks that text[0..len) is valid UTF-8; returns 1 if so, else 0 and the offset of the first
 * bad byte in *bad_at (may be NULL). */
int npc_utf8_valid(const char *text, size_t len, size_t *bad_at);

/* Decodes one code point at s[*i] (valid UTF-8 assumed), advancing *i. */
uint32_t npc_utf8_next(const char *s, size_t *i);
/* The code point at s[i] of s[0..len) (valid UTF-8 assumed) into *cp; returns its length in
 * bytes.  A character cut by len gives U+FFFD and 1. */
size_t npc_utf8_at(const char *s, size_t i, size_t len, uint32_t *cp);

/*
 * The byte length of the white space character at text[i] (i < len), 0 when none starts there.
 * White space is Unicode's White_Space: ASCII's (tab, LF, VT, FF, CR, space), U+0085, U+00A0,
 * U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (the ideographic space),
 * which folding turns into spaces and line breaks.  The query parser separates words by it and
 * a request whose text is nothing else is blank (search/request.h).  Safe on invalid UTF-8: a
 * broken sequence is no white space.
 */
size_t npc_space_len(const char *text, size_t i, size_t len);

/* Writes UTF-16 s[0..n) as UTF-8 into out (needs at most 3n bytes; no NUL).  Returns bytes
 * written. */
size_t npc_utf16_to_utf8(const uint16_t *s, size_t n, char *out);

/* Returns 1 for CJK unified ideographs (BMP blocks), 0 otherwise. */
static inline int npc_is_han(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF);
}

#endif

/*
 * fuzz_analyzer.c — any bytes through npc_analyze, with and without bigrams.  Checks the
 * contract: invalid UTF-8 is refused with NPC_EUTF8 and valid text never is; every token's
 * byte range lies inside the text, tokens come in text order, and every term is non-empty
 * valid UTF-8 of the length it claims.  The word boundaries an index would store give the
 * same tokens again; the input read as stored boundaries of a fixed text yields tokens inside it.
 */
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "fuzz.h"

static void check(const uint8_t *data, size_t size, unsigned flags)
{
    npc_analysis an;
    npc_err err;
    npc_status st = npc_analyze(fuzz_analyzer(), (const char *)data, size, flags, &an, &err);
    int valid = npc_utf8_valid((const char *)data, size, NULL);
    if (!valid) {
        FUZZ_CHECK(st == NPC_EUTF8);
        return;
    }
    FUZZ_CHECK(st == NPC_OK);
    size_t words = 0;
    uint32_t prev_start = 0;
    for (size_t i = 0; i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        FUZZ_CHECK(t->start < t->end && t->end <= size);
        FUZZ_CHECK(t->kind <= NPC_TOK_BIGRAM);
        FUZZ_CHECK(t->term_len > 0);
        const char *term = npc_token_term(&an, t);
        FUZZ_CHECK(strlen(term) == t->term_len);
        FUZZ_CHECK(npc_utf8_valid(term, t->term_len, NULL));
        if (t->kind == NPC_TOK_BIGRAM) {
            FUZZ_CHECK(flags & NPC_AN_BIGRAMS);
        } else {
            words++;
            FUZZ_CHECK(t->start >= prev_start); /* words in text order */
            prev_start = t->start;
        }
    }
    FUZZ_CHECK(words == an.nwords);
    /* the word boundaries an index stores give the same tokens */
    size_t n = an.ntokens;
    npc_token *first = n ? malloc(n * sizeof *first) : NULL;
    FUZZ_CHECK(n == 0 || first != NULL);
    if (n) {
        memcpy(first, an.tokens, n * sizeof *first);
    }
    char *breaks = NULL;
    FUZZ_CHECK(npc_analysis_breaks(fuzz_analyzer(), 0, size, &breaks, &err) == NPC_OK);
    st = npc_analyze_stored(fuzz_analyzer(), (const char *)data, size, breaks, strlen(breaks),
                            flags, &an, &err);
    FUZZ_CHECK(st == NPC_OK && an.ntokens == n);
    for (size_t i = 0; i < n; i++) {
        const npc_token *t = &an.tokens[i];
        FUZZ_CHECK(t->start == first[i].start && t->end == first[i].end &&
                   t->kind == first[i].kind && t->pos == first[i].pos);
    }
    free(first);
    free(breaks);
}

/* The input as stored boundaries of a fixed text: never more than the text, whatever they say. */
static void check_breaks(const uint8_t *data, size_t size)
{
    static const char text[] = "第三十三条 国家实行按比例安排残疾人就业制度。GDP 2024";
    npc_analysis an;
    npc_err err;
    npc_status st = npc_analyze_stored(fuzz_analyzer(), text, sizeof text - 1, (const char *)data,
                                       size, NPC_AN_BIGRAMS, &an, &err);
    FUZZ_CHECK(st == NPC_OK);
    for (size_t i = 0; i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        FUZZ_CHECK(t->start < t->end && t->end <= sizeof text - 1);
        FUZZ_CHECK(t->term_len > 0 && strlen(npc_token_term(&an, t)) == t->term_len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size, 0);
    check(data, size, NPC_AN_BIGRAMS);
    check_breaks(data, size);
    return 0;
}

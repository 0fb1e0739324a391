/*
 * passage.c — a long text cut into passages (passage.h): paragraphs gathered while they fit,
 * a longer paragraph cut at sentence ends, a longer sentence at max_chars.
 */
#include "passage.h"

#include <stdint.h>
#include <stdlib.h>

#include "text/fold.h"

void npc_passages_release(npc_passages *ps)
{
    free(ps->p);
    ps->p = NULL;
    ps->n = ps->cap = 0;
}

static npc_status push(npc_passages *ps, size_t start, size_t end, npc_err *err)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 16;
        npc_passage *p = realloc(ps->p, cap * sizeof *p);
        if (p == NULL) {
            npc_passages_release(ps);
            return npc_fail(err, NPC_ENOMEM, "passages");
        }
        ps->p = p;
        ps->cap = cap;
    }
    ps->p[ps->n++] = (npc_passage){start, end};
    return NPC_OK;
}

static int sentence_end(uint32_t c)
{
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == '!' || c == '?' ||
           c == ';'; /* 。！？； */
}

/* The end of the unit that starts at byte i: after the next line break, or (sentences) after
 * the next sentence end or line break, or after max_chars code points, whichever comes first;
 * *chars gets its length in code points. */
static size_t unit_end(const char *text, size_t i, size_t to, int sentences, size_t max_chars,
                       size_t *chars)
{
    *chars = 0;
    while (i < to && *chars < max_chars) {
        uint32_t c = npc_utf8_next(text, &i);
        (*chars)++;
        if (c == '\n' || (sentences && sentence_end(c))) {
            break;
        }
    }
    if (i > to) {
        i = to;
    }
    return i;
}

npc_status npc_passages_cut(const char *text, size_t from, size_t to, size_t max_chars,
                            npc_passages *out, npc_err *err)
{
    out->n = 0;
    size_t start = from, chars = 0; /* the passage being gathered */
    npc_status st = NPC_OK;
    for (size_t i = from; st == NPC_OK && i < to;) {
        size_t n;
        size_t end = unit_end(text, i, to, 0, (size_t)-1, &n);
        if (n > max_chars) {
            end = unit_end(text, i, to, 1, max_chars, &n); /* a sentence (or a piece) at a time */
        }
        if (chars > 0 && chars + n > max_chars) {
            st = push(out, start, i, err);
            start = i;
            chars = 0;
        }
        chars += n;
        i = end;
    }
    if (st == NPC_OK && (out->n == 0 || chars * 4 >= max_chars)) {
        st = push(out, start, to, err);
    } else if (st == NPC_OK) {
        out->p[out->n - 1].end = to; /* a short tail joins the passage before */
    }
    return st;
}

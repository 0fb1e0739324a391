/*
 * syntax.c — what the user typed, taken apart: free text, "phrases" (“…”, ＂…＂ too), phrases
 * joined by OR, and -exclusions (－ too) (see query_int.h).  Pure text: no analysis, no Xapian.
 * An unmatched quotation mark and a lone minus are punctuation of the free text.
 */
#include "query/query_int.h"

#include <stdlib.h>
#include <string.h>

/* Opening quote at s[i]: returns its byte length (0: none). */
static size_t quote_at(const char *s, size_t i, size_t len)
{
    if (s[i] == '"') {
        return 1;
    }
    if (i + 3 <= len && (memcmp(s + i, "\xE2\x80\x9C", 3) == 0 ||  /* “ */
                         memcmp(s + i, "\xE2\x80\x9D", 3) == 0 ||  /* ” */
                         memcmp(s + i, "\xEF\xBC\x82", 3) == 0)) { /* ＂ */
        return 3;
    }
    return 0;
}

static size_t minus_at(const char *s, size_t i, size_t len)
{
    if (s[i] == '-') {
        return 1;
    }
    if (i + 3 <= len && memcmp(s + i, "\xEF\xBC\x8D", 3) == 0) { /* － */
        return 3;
    }
    return 0;
}

static npc_status add_chunk(query_syntax *s, const char *text, size_t len, int excluded,
                            int or_before, npc_err *err)
{
    query_chunk *c = realloc(s->chunks, (s->nchunks + 1) * sizeof *c);
    if (c == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    s->chunks = c;
    c[s->nchunks++] = (query_chunk){text, len, excluded, or_before};
    return NPC_OK;
}

npc_status query_syntax_parse(const char *q, size_t len, query_syntax *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    if ((out->free_text = malloc(len + 2)) == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    npc_status st = NPC_OK;
    int pending_or = 0;
    size_t i = 0, parts = 0;
    while (st == NPC_OK && i < len) {
        size_t w = npc_space_len(q, i, len);
        if (w > 0) {
            i += w;
            continue;
        }
        /* one chunk: [-]"phrase" | [-]word | OR */
        size_t neg = minus_at(q, i, len);
        size_t j = i + neg;
        if (neg && (j >= len || npc_space_len(q, j, len) > 0)) {
            neg = 0; /* a lone minus is punctuation */
            j = i;
        }
        size_t ql = j < len ? quote_at(q, j, len) : 0;
        size_t cs, ce, next;
        if (ql) {
            cs = j + ql;
            ce = cs;
            size_t cl = 0;
            while (ce < len && (cl = quote_at(q, ce, len)) == 0) {
                ce++;
            }
            if (ce >= len) {
                /* an unmatched quote (pasted text often has one) is punctuation */
                i = j + ql;
                continue;
            }
            next = ce + cl;
        } else {
            cs = j;
            ce = j;
            while (ce < len && npc_space_len(q, ce, len) == 0 && quote_at(q, ce, len) == 0) {
                ce++;
            }
            next = ce;
        }
        if (!ql && !neg && ce - cs == 2 && memcmp(q + cs, "OR", 2) == 0) {
            pending_or = 1;
            i = next;
            continue;
        }
        if ((neg || ql) && ++parts > NPC_QUERY_MAX_PARTS) {
            st = npc_fail_reason(err, NPC_ETOOBIG, "too_many_terms",
                                 "a query may hold at most %d phrases and exclusions",
                                 NPC_QUERY_MAX_PARTS);
            break;
        }
        if (neg) {
            st = add_chunk(out, q + cs, ce - cs, 1, 0, err);
        } else if (ql) {
            st = add_chunk(out, q + cs, ce - cs, 0, pending_or, err);
            pending_or = 0;
        } else {
            memcpy(out->free_text + out->free_len, q + cs, ce - cs);
            out->free_len += ce - cs;
            out->free_text[out->free_len++] = ' ';
        }
        i = next;
    }
    if (st != NPC_OK) {
        query_syntax_release(out);
    }
    return st;
}

void query_syntax_release(query_syntax *s)
{
    free(s->chunks);
    free(s->free_text);
    memset(s, 0, sizeof *s);
}

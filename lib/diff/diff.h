/*
 * diff.h — two versions of a law compared article by article (docs/json.md "Diff").
 *
 * Articles are aligned by content, not by number, as amendments renumber them: first the
 * articles whose content (the text after the label 第…条) is the same in both, in any order
 * (unchanged when the label is the same, moved when it is not); then, among the rest and in
 * order, the pairs alike enough (the Dice coefficient of their character bigrams, at least
 * NPC_DIFF_ALIKE), as many and as alike as can be (changed); what is left was removed (only in
 * the old version) or added (only in the new).  Inside a changed pair, npc_diff_chars compares
 * the characters (Chinese has no spaces between words: lines or words would say too little).
 * Pure computation: no index, no I/O.
 */
#ifndef NPC_DIFF_H
#define NPC_DIFF_H

#include <stddef.h>

#include "base/status.h"

#define NPC_DIFF_ALIKE 0.4

/* One article of a version, borrowed: its label (第七十条) and its content (without the
 * label), both UTF-8. */
typedef struct npc_diff_article {
    const char *label, *text;
    size_t label_len, text_len;
} npc_diff_article;

/* Where the content of an article's stored text[0..len) starts: after its label[0..label_len)
 * when the text starts with it, and the spaces (ASCII, U+3000) after that. */
size_t npc_diff_content_at(const char *text, size_t len, const char *label, size_t label_len);

enum npc_diff_mark {
    NPC_DIFF_UNCHANGED, /* same label, same content */
    NPC_DIFF_MOVED,     /* same content under another label (renumbered) */
    NPC_DIFF_CHANGED,   /* content changed (the label may have changed too) */
    NPC_DIFF_ADDED,     /* only in the new version */
    NPC_DIFF_REMOVED,   /* only in the old version */
};

/* "unchanged", "moved", "changed", "added", "removed" */
const char *npc_diff_mark_name(enum npc_diff_mark m);

/* One aligned pair: indexes into the old (from) and new (to) articles, -1 for none. */
typedef struct npc_diff_pair {
    long from, to;
    enum npc_diff_mark mark;
    double alike; /* the Dice coefficient of the pair's bigrams (1 for the same content) */
} npc_diff_pair;

/* Aligns old articles a[0..na) with new ones b[0..nb).  The pairs come in the new version's
 * order, each removed article after the pair of the old article before it.  *pairs (malloc'd,
 * the caller frees it) holds *npairs pairs.  NPC_ENOMEM. */
npc_status npc_diff_align(const npc_diff_article *a, size_t na, const npc_diff_article *b,
                          size_t nb, npc_diff_pair **pairs, size_t *npairs, npc_err *err);

enum npc_diff_op { NPC_DIFF_EQUAL, NPC_DIFF_DELETE, NPC_DIFF_INSERT };

/* A run of characters: EQUAL and DELETE are bytes [start, end) of the old text, INSERT of the
 * new one. */
typedef struct npc_diff_span {
    enum npc_diff_op op;
    size_t start, end;
} npc_diff_span;

/* The shortest edit from a[0..alen) to b[0..blen) on code points (Myers), as spans in order
 * (*spans malloc'd, the caller frees it).  Texts further apart than NPC_DIFF_MAX_EDIT code
 * points come out as one delete and one insert around their common prefix and suffix.
 * NPC_EUTF8 for a text that is not UTF-8, NPC_ENOMEM. */
#define NPC_DIFF_MAX_EDIT 4000
npc_status npc_diff_chars(const char *a, size_t alen, const char *b, size_t blen,
                          npc_diff_span **spans, size_t *nspans, npc_err *err);

#endif

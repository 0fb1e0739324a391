/*
 * passage.h — a long text cut into passages, the retrieval units of reports (prep_report.c).
 *
 * A work report's section runs to thousands of characters; as one document its words are
 * diluted by BM25's length normalisation and a hit's snippet may come from anywhere in it.  Cut
 * into passages of about NPC_PASSAGE_CHARS code points — whole paragraphs where they fit,
 * sentences where a paragraph is longer, a hard cut only inside a sentence longer still — each
 * passage is ranked and shown on its own (docs/relevance.md).
 */
#ifndef NPC_PASSAGE_H
#define NPC_PASSAGE_H

#include <stddef.h>

#include "base/status.h"

/* A passage's upper bound in code points.  A last passage shorter than a quarter of it joins
 * the one before (which may then exceed it by that much). */
#define NPC_PASSAGE_CHARS 300

typedef struct npc_passage {
    size_t start, end; /* byte offsets into the text */
} npc_passage;

typedef struct npc_passages {
    npc_passage *p; /* malloc'd, owned: npc_passages_release */
    size_t n, cap;
} npc_passages;

/*
 * Cuts text[from, to) (valid UTF-8) into passages of at most max_chars code points (see
 * above), in order, covering the range without gaps: into out, emptied first.  A range of at
 * most max_chars is one passage.  Fails only with NPC_ENOMEM (out is then emptied).
 */
npc_status npc_passages_cut(const char *text, size_t from, size_t to, size_t max_chars,
                            npc_passages *out, npc_err *err);
void npc_passages_release(npc_passages *ps);

#endif

/*
 * cites.h — the citations a document carries (cite.h finds them): their XK terms, deduplicated,
 * and their stored "key#article" forms (NPC_FIELD_CITES); and the citations of a whole text,
 * kept so that each of its sections takes those within it.  Laws put citations on the article
 * holding them instead (prep_law.c).
 */
#ifndef NPC_CITES_H
#define NPC_CITES_H

#include <jansson.h>
#include <stddef.h>

#include "base/status.h"
#include "index/cite.h"
#include "index/schema.h"
#include "xapian-c/xc.h"

/* The citations of one document: at most 64 terms are kept. */
typedef struct npc_cites {
    char terms[64][NPC_LAW_KEY_MAX + 48];
    size_t n;
    json_t *arr; /* borrowed: the stored forms ("残疾人保障法#33" …) are appended; may be NULL */
} npc_cites;

/* An npc_cite_cb adding citation c to the npc_cites at ctx: the article's term (and its stored
 * form, the first time) and the law's term.  Returns 0 (go on). */
int npc_cites_collect(const npc_cite *c, void *ctx);

/* Adds the terms of l to d as filter terms. */
npc_status npc_cites_add_terms(xc_doc *d, const npc_cites *l, npc_err *err);

/* Every citation found in a text, in order. */
typedef struct npc_cites_text {
    npc_cite *v;
    size_t n, cap;
    int oom; /* set when one could not be kept */
} npc_cites_text;

/* An npc_cite_cb appending c to the npc_cites_text at ctx; stops the scan when out of memory.
 * Release with npc_cites_text_release. */
int npc_cites_text_keep(const npc_cite *c, void *ctx);
void npc_cites_text_release(npc_cites_text *t);

/* Collects into l the citations of t that start within [from, to) (offsets in the text). */
void npc_cites_text_between(const npc_cites_text *t, size_t from, size_t to, npc_cites *l);

#endif

/*
 * docbuild.h — the document builder every genre uses: one Xapian document from the fields of a
 * document (its id, filter terms, values and stored JSON: the index contract of schema.h), then
 * the words of its text and fields, then its place among the file's prepared documents.
 */
#ifndef NPC_DOCBUILD_H
#define NPC_DOCBUILD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "index/schema.h"
#include "prep.h"
#include "text/analyzer.h"
#include "xapian-c/xc.h"

/* A law version's facts (schema.h NPC_SLOT_IN_FORCE …), on the law and each article; every
 * string YYYY-MM-DD or "" but group (law key, "\x1f", book) and status (NPC_LAW_*). */
typedef struct npc_doc_version {
    const char *adopted, *amended, *in_force, *repealed, *group, *status;
} npc_doc_version;

/* What a document says about itself.  Every pointer is borrowed for the npc_doc_build call;
 * book, article_label, date, chapter, law_key and extra may be NULL. */
typedef struct npc_doc_fields {
    const char *id, *type, *title, *book, *article_label, *path, *date, *category, *region;
    const char *chapter, *law_key;
    uint32_t article, sub; /* 0, 0 for a document that is not one article */
    const char *text;
    size_t text_len;
    json_t *extra; /* more fields to store (reports, feedback): copied into the stored JSON */
    const npc_doc_version *version; /* a law's or article's; NULL for the other documents */
    /* the analyzer whose last analysis covered text, from byte analysed_at of what it read:
     * its word boundaries are stored for snippets (NPC_FIELD_BREAKS; npc_analyze_stored) */
    const npc_analyzer *analysed;
    size_t analysed_at;
} npc_doc_fields;

/*
 * Creates a document with the filter terms (id, file, type, category, region, year, law,
 * article, national), values (date and the facets) and stored JSON of fs.  *out is the
 * caller's (xc_doc_free, or npc_doc_push).
 */
npc_status npc_doc_build(const npc_doc_fields *fs, xc_doc **out, npc_err *err);

/*
 * Packs d's facet values (NPC_SLOT_FACETS) and appends it to out under id: out owns d from
 * then on, also when this fails (d is freed).  Terms may still be added to d afterwards.
 */
npc_status npc_doc_push(npc_prepared *out, xc_doc *d, const char *id, npc_err *err);

/* Adds the filter term prefix + value; a term over NPC_TERM_MAX is left out (its field stays
 * searchable as text). */
npc_status npc_doc_add_term(xc_doc *d, const char *prefix, const char *value, npc_err *err);

/* Adds the article term (XA33, XA51-1). */
npc_status npc_doc_add_article(xc_doc *d, uint32_t article, uint32_t sub, npc_err *err);

/* Sets value slot to v; nothing for a NULL or empty v. */
npc_status npc_doc_add_value(xc_doc *d, unsigned slot, const char *v, npc_err *err);

/* Adds token t of an (analysed with NPC_AN_INDEX) as a term with weight wdf; a bigram and a
 * run's end get the bigram prefix, a run's start NPC_P_RUN_START.  Bigrams, runs' edges and the
 * words that are not Chinese words get their position in field (schema.h: phrases are matched
 * on them); a run's edge adds no weight.  With NPC_POS_NONE: no positions and no edges. */
npc_status npc_doc_add_token(xc_doc *d, const npc_analysis *an, const npc_token *t, uint32_t wdf,
                             enum npc_pos_field field, npc_err *err);

/* Adds the tokens of an (over text that starts at byte `base` of the file) that lie in
 * [from, to), as the document's text. */
npc_status npc_doc_add_tokens_in(xc_doc *d, const npc_analysis *an, size_t base, size_t from,
                                 size_t to, npc_err *err);

/* Analyses a short field s[0..len) (title, heading) with a and adds its words to each of the
 * ndocs documents with weight wdf, at field's positions.  a must not be the analyzer of an
 * analysis still in use. */
npc_status npc_doc_add_field(npc_analyzer *a, xc_doc **docs, size_t ndocs, const char *s,
                             size_t len, uint32_t wdf, enum npc_pos_field field, npc_err *err);

#endif

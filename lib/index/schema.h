/*
 * schema.h — the index contract shared by the indexer and every query path: term prefixes,
 * value slots, document types, metadata keys and field weights.  docs/schema.md describes it
 * for people.  Change NPC_SCHEMA_VERSION whenever a change here or in the analyzer would make
 * an existing index disagree with the code that queries it.
 */
#ifndef NPC_SCHEMA_H
#define NPC_SCHEMA_H

#include <stddef.h>

#include "base/status.h"

#define NPC_SCHEMA_VERSION "4"

/* Metadata keys (xc_wdb_set_metadata) */
#define NPC_META_SCHEMA "npc.schema"         /* NPC_SCHEMA_VERSION of the indexer that wrote it */
#define NPC_META_LEXICON "npc.lexicon"       /* the full lexicon (npc_lexicon_serialize) */
#define NPC_META_INDEXED_AT "npc.indexed_at" /* ISO 8601 UTC time of the last change */
#define NPC_META_FILES "npc.files"           /* the shard's file manifest (indexer/manifest.h) */
/* The learned term associations of `npcsearch learn` (npc_assoc_serialize), in every shard,
 * and a stamp that changes with each model stored (searchers reload when it differs). */
#define NPC_META_ASSOC "npc.assoc"
#define NPC_META_ASSOC_STAMP "npc.assoc.stamp"

/* Term prefixes.  Unprefixed terms are analyzer words (folded, so never upper-case ASCII). */
#define NPC_P_ID "Q"        /* unique id: Q<path>#<article> or Q<path> */
#define NPC_P_FILE "XF"     /* every document from one file: XF<path> */
#define NPC_P_TYPE "XT"     /* XTlaw, XTarticle, XTreport, XTfeedback */
#define NPC_P_CATEGORY "XC" /* XC社会法 */
#define NPC_P_REGION "XR"   /* XR上海 */
#define NPC_P_YEAR "XY"     /* XY2018 */
#define NPC_P_LAW "XL"      /* law key: XL残疾人保障法 (npc_law_key) */
#define NPC_P_ARTICLE "XA"  /* article number: XA33, XA51-1 */
#define NPC_P_BIGRAM "XB"   /* character bigram: XB残疾 */
/* Feedback (npc_field_key of the value): the draft, its contact point, submitter and status;
 * the draft's article numbers use NPC_P_ARTICLE (XA12). */
#define NPC_P_DRAFT "XD"         /* XD西宁市物业管理条例（修订草案） */
#define NPC_P_CONTACT_POINT "XP" /* XP仓门街街道前营街社区基层立法联系点 */
#define NPC_P_SUBMITTER "XS"     /* XS社区居民代表 */
#define NPC_P_STATUS "XZ"        /* XZ已采纳 */
/* Reports: the issuing body (XO国务院) */
#define NPC_P_BODY "XO"
/* Citations (cite.h): a document citing an article carries XK<law key>#<article> and
 * XK<law key>: XK残疾人保障法#33, XK残疾人保障法 */
#define NPC_P_CITES "XK"
/* National law: laws and articles outside 地方性法规 carry this term (the level prior). */
#define NPC_TERM_NATIONAL "XNnational"
#define NPC_LOCAL_CATEGORY "地方性法规"
/* Internal documents (front matter "visibility: internal"): a public-only searcher excludes
 * every document carrying this term from hits, totals, facets and document fetches. */
#define NPC_TERM_INTERNAL "XVinternal"

/* Value slots */
enum npc_slot {
    NPC_SLOT_DATE = 0, /* "YYYY-MM-DD", "YYYY-MM" or "YYYY": sorts as a string */
    /* slot 1 is unused (schema 1 kept a recency number there) */
    NPC_SLOT_TYPE = 2,     /* document type, for facets */
    NPC_SLOT_CATEGORY = 3, /* category, for facets */
    NPC_SLOT_YEAR = 4,     /* "YYYY", for facets */
    NPC_SLOT_REGION = 5,   /* region, for facets ("" for national) */
    /* feedback, for facets (npc_field_key of the value) */
    NPC_SLOT_DRAFT = 6,
    NPC_SLOT_ARTICLE = 7, /* the draft's (first) article, as the analyzer writes it: 第12条 */
    NPC_SLOT_CONTACT_POINT = 8,
    NPC_SLOT_SUBMITTER = 9,
    NPC_SLOT_STATUS = 10,
    /* the facet values (slots 2-10) packed into one value in the order of npc_facet_slots
     * (xc_doc_pack_values): facets read one value per document; slots 2-10 stay empty */
    NPC_SLOT_FACETS = 11,
};

/* The facets, in packing order: their slots and their names in the search JSON (search.h). */
#define NPC_NFACETS 9
extern const unsigned npc_facet_slots[NPC_NFACETS];
extern const char *const npc_facet_names[NPC_NFACETS];

/* Document types */
#define NPC_TYPE_LAW "law"         /* a whole law or regulation */
#define NPC_TYPE_ARTICLE "article" /* one article (条) of a law */
#define NPC_TYPE_REPORT "report"   /* a work report or summary */
#define NPC_TYPE_FEEDBACK "feedback"

/* Within-document frequency increments per field: a title word counts as NPC_WDF_TITLE
 * occurrences, a chapter heading word as NPC_WDF_HEADING. */
#define NPC_WDF_TITLE 3
#define NPC_WDF_HEADING 2

/* Longest law key kept in a term; longer keys are cut at a character boundary. */
#define NPC_LAW_KEY_MAX 180

/*
 * Writes the law key of a title into buf: the title without a leading 中华人民共和国 and
 * without spaces (ASCII, ideographic) or control characters, cut to NPC_LAW_KEY_MAX bytes at a
 * character boundary. Returns its length (buf is NUL-terminated; cap must be > NPC_LAW_KEY_MAX).
 */
size_t npc_law_key(const char *title, size_t len, char *buf, size_t cap);

/*
 * Writes the filter form of a field value (a draft, a contact point, a status) into buf: no
 * spaces (ASCII, ideographic), ASCII parentheses as full-width ones (（草案）), cut to
 * NPC_LAW_KEY_MAX bytes at a character boundary; a draft also loses a leading 中华人民共和国
 * (strip_prc).  The indexer and every filter use it, so 西宁市物业管理条例(修订草案) finds
 * 西宁市物业管理条例（修订草案）.  Returns its length (cap must be > NPC_LAW_KEY_MAX).
 */
size_t npc_field_key(const char *value, size_t len, int strip_prc, char *buf, size_t cap);

/* The values a search request may name (search/request.h checks them): every document type,
 * and the years a year filter may span (it ORs one NPC_P_YEAR term a year). */
#define NPC_TYPE_LIST NPC_TYPE_LAW, NPC_TYPE_ARTICLE, NPC_TYPE_REPORT, NPC_TYPE_FEEDBACK
#define NPC_NTYPES 4
#define NPC_YEAR_MIN 1900
#define NPC_YEAR_MAX 2100

#endif

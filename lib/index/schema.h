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

#define NPC_SCHEMA_VERSION "6"

/* Metadata keys (xc_wdb_set_metadata) */
#define NPC_META_SCHEMA "npc.schema"         /* NPC_SCHEMA_VERSION of the indexer that wrote it */
#define NPC_META_LEXICON "npc.lexicon"       /* the full lexicon (npc_lexicon_serialize) */
#define NPC_META_INDEXED_AT "npc.indexed_at" /* ISO 8601 UTC time of the last change */
#define NPC_META_FILES "npc.files"           /* the shard's file manifest (indexer/manifest.h) */
/* the suggestion table: every lexicon entry with its pinyin (suggest/suggest.h), remade by
 * every index run from the lexicon it stores; absent in indexes written before it */
#define NPC_META_SUGGEST "npc.suggest"
/* The learned term associations of `npcsearch learn` (npc_assoc_serialize), in every shard,
 * and a stamp that changes with each model stored (searchers reload when it differs). */
#define NPC_META_ASSOC "npc.assoc"
#define NPC_META_ASSOC_STAMP "npc.assoc.stamp"
/* the nearest neighbours of frequent words in word vectors trained on the index (vectors.h),
 * in the text format of npc_assoc_serialize, and the stamp of the latest stored */
#define NPC_META_VECTORS "npc.vectors"
#define NPC_META_VECTORS_STAMP "npc.vectors.stamp"

/* Term prefixes.  Unprefixed terms are analyzer words (folded, so never upper-case ASCII). */
#define NPC_P_ID "Q"         /* unique id: Q<path>#<article> or Q<path> */
#define NPC_P_FILE "XF"      /* every document from one file: XF<path> */
#define NPC_P_TYPE "XT"      /* XTlaw, XTarticle, XTreport, XTfeedback */
#define NPC_P_CATEGORY "XC"  /* XC社会法 */
#define NPC_P_REGION "XR"    /* XR上海 */
#define NPC_P_YEAR "XY"      /* XY2018 */
#define NPC_P_LAW "XL"       /* law key: XL残疾人保障法 (npc_law_key) */
#define NPC_P_ARTICLE "XA"   /* article number: XA33, XA51-1 */
#define NPC_P_BIGRAM "XB"    /* character bigram: XB残疾; a run's last character: XB疾 */
#define NPC_P_RUN_START "XH" /* a run's first character: XH残 (phrases: docs/schema.md) */
/* Feedback (npc_field_key of the value): the draft, its contact point, submitter and status;
 * the draft's article numbers use NPC_P_ARTICLE (XA12). */
#define NPC_P_DRAFT "XD"         /* XD西宁市物业管理条例（修订草案） */
#define NPC_P_CONTACT_POINT "XP" /* XP仓门街街道前营街社区基层立法联系点 */
#define NPC_P_SUBMITTER "XS"     /* XS社区居民代表 */
#define NPC_P_STATUS "XZ"        /* XZ已采纳 (a law version's status is NPC_SLOT_LAW_STATUS) */
/* Reports: the issuing body (XO国务院) */
#define NPC_P_BODY "XO"
/* Citations (cite.h): a document citing an article carries XK<law key>#<article> and
 * XK<law key>: XK残疾人保障法#33, XK残疾人保障法 */
#define NPC_P_CITES "XK"
/* National law: laws and articles outside 地方性法规 carry this term (the level prior). */
#define NPC_TERM_NATIONAL "XNnational"
#define NPC_LOCAL_CATEGORY "地方性法规"
/* The endings of a region's name that its XR term leaves out (上海市 → XR上海, 内蒙古自治区 →
 * XR内蒙古): the indexer strips them from the regions it writes, the query side from a word
 * that names a region. */
#define NPC_REGION_SUFFIXES "自治区", "省", "市"
#define NPC_NREGION_SUFFIXES 3
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
    /* a report's path, on each of its documents: a search shows at most NPC_COLLAPSE_MAX of
     * them (its best sections or passages), so one report does not fill a page */
    NPC_SLOT_COLLAPSE = 12,
    /* A law version's, on the law and each of its articles (docs/schema.md "Versions"): the
     * day it took effect, the day it stopped ("" while in force: NPC_IN_FORCE_OPEN is what
     * an as-of filter compares), its version group (NPC_FIELD_LAW_KEY, "\x1f", the book) and
     * the day it was repealed ("" for none).  UNTIL and the status are the index run's
     * (indexer/versions.c), from every version of the group; the rest the file's. */
    NPC_SLOT_IN_FORCE = 13,
    NPC_SLOT_IN_FORCE_UNTIL = 14,
    NPC_SLOT_VERSION_GROUP = 15,
    NPC_SLOT_REPEALED = 16,
    /* and its status (NPC_LAW_*), also packed as the status facet: a value, not a term, so
     * that the run rewrites a version's status without rewriting its terms (Xapian then
     * replaces only the values and data); the status filter reads it */
    NPC_SLOT_LAW_STATUS = 17,
};
#define NPC_IN_FORCE_OPEN "9999-12-31"
#define NPC_COLLAPSE_MAX 2

/* The facets, in packing order: their slots and their names in the search JSON (search.h). */
#define NPC_NFACETS 9
extern const unsigned npc_facet_slots[NPC_NFACETS];
extern const char *const npc_facet_names[NPC_NFACETS];

/* A law version's status (时效性), as flk.npc.gov.cn names it: the value of its
 * NPC_SLOT_LAW_STATUS, NPC_SLOT_STATUS facet and NPC_FIELD_STATUS field.  Superseded: a later
 * version of the same law (npc_law_key and book) is in force. */
#define NPC_LAW_IN_FORCE "有效"
#define NPC_LAW_SUPERSEDED "已修改"
#define NPC_LAW_NOT_YET "尚未生效"
#define NPC_LAW_REPEALED "已废止"

/* Document types */
#define NPC_TYPE_LAW "law"         /* a whole law or regulation */
#define NPC_TYPE_ARTICLE "article" /* one article (条) of a law */
#define NPC_TYPE_REPORT "report"   /* a work report or summary */
#define NPC_TYPE_FEEDBACK "feedback"

/* Within-document frequency increments per field: a title word counts as NPC_WDF_TITLE
 * occurrences, a chapter heading word as NPC_WDF_HEADING. */
#define NPC_WDF_TITLE 3
#define NPC_WDF_HEADING 2

/* Word positions, for phrases (query.h): the bigrams, runs' edges and other words of a field
 * (npc_analyze) at the field's own range, so that a phrase never runs from the end of one field
 * into the start of the next.  A short field k of the enum takes the positions from
 * k * NPC_POS_SPAN (a word past its span is indexed without one); the text, whose analysis may
 * be a whole law's shared by its articles or a whole report's shared by its sections, those
 * from NPC_POS_TEXT * NPC_POS_SPAN on.  Small positions keep the short fields' position lists
 * small (Xapian writes the last position of each in full).  The body of a whole law with
 * articles is NPC_POS_NONE: its words without positions, none of its bigrams (prep_law.c); its
 * articles hold its phrases, and the law only those of one word (a phrase of one term is the
 * term). */
#define NPC_POS_SPAN 4096u
enum npc_pos_field {
    NPC_POS_TITLE,
    NPC_POS_HEADING,
    NPC_POS_BOOK,
    NPC_POS_CONTACT_POINT,
    NPC_POS_SUBMITTER,
    NPC_POS_TEXT, /* the last: it runs to the analyzer's 256 MiB (under 2^32) */
    NPC_POS_NONE, /* no positions, no runs' edges */
};

/* Longest law key kept in a term; longer keys are cut at a character boundary. */
#define NPC_LAW_KEY_MAX 180

/* Longest term the index holds, in bytes (Xapian's glass backend refuses terms over 245).  The
 * indexer leaves a longer term out of its document: the field stays searchable as text. */
#define NPC_TERM_MAX 239
/* The read side's term buffer, in bytes.  A term over NPC_TERM_MAX is in no index, yet the read
 * side builds and looks up one that fits here (it matches nothing) and refuses a longer one: a
 * filter with NPC_EINVAL (lib/search/filters.c), a query term by leaving it out
 * (lib/query/qlist.c).  Refusing at NPC_TERM_MAX instead would turn a 240-byte filter value from
 * "no hits" into an error, so the read side keeps its 256 bytes, derived from NPC_TERM_MAX. */
#define NPC_TERM_LOOKUP_BUF (NPC_TERM_MAX + 17)

/* Stored fields: the keys of the JSON object each document stores (docs/schema.md).  Every
 * document has ID to TEXT but BOOK (a law's, when it has one), and BREAKS when its text was
 * analysed; the genres add the others. */
#define NPC_FIELD_ID "id"
#define NPC_FIELD_TYPE "type"       /* NPC_TYPE_* */
#define NPC_FIELD_TITLE "title"     /* the law's title, a report's first line, a feedback draft */
#define NPC_FIELD_BOOK "book"       /* a law's book (民法典 总则), when it has one */
#define NPC_FIELD_ARTICLE "article" /* article number, 0 for none */
#define NPC_FIELD_ARTICLE_SUB "article_sub"     /* 1 for 第五十一条之一, else 0 */
#define NPC_FIELD_ARTICLE_LABEL "article_label" /* 第五十一条之一, as written */
#define NPC_FIELD_PATH "path"                   /* the file, relative to the corpus root */
#define NPC_FIELD_DATE "date"
#define NPC_FIELD_CATEGORY "category"
#define NPC_FIELD_REGION "region"
#define NPC_FIELD_CHAPTER "chapter" /* heading path: 第四章 劳动就业 › 第一节 … */
#define NPC_FIELD_LAW_KEY "law_key" /* npc_law_key of a law's title; "" for other documents */
#define NPC_FIELD_TEXT "text"
#define NPC_FIELD_BREAKS "breaks" /* the text's word boundaries (npc_analysis_breaks) */
/* law versions (laws and articles): YYYY-MM-DD or "" (docs/schema.md "Versions") */
#define NPC_FIELD_ADOPTED "adopted"
#define NPC_FIELD_AMENDED "amended" /* the latest info date when later than adopted */
#define NPC_FIELD_IN_FORCE "in_force"
#define NPC_FIELD_IN_FORCE_UNTIL "in_force_until" /* "" while in force */
#define NPC_FIELD_REPEALED "repealed"
/* an article of a superseded version: how the next version's aligned article differs
 * (lib/diff): {"version": id, "date": …, "mark": "changed"|"moved"|"removed", "article": id} */
#define NPC_FIELD_LATER "later"
/* reports and feedback */
#define NPC_FIELD_CITES "cites" /* ["残疾人保障法#33", …]: the articles the text cites */
/* reports */
#define NPC_FIELD_BODY "body"         /* the issuing body */
#define NPC_FIELD_SECTION "section"   /* this section's number, from 1 */
#define NPC_FIELD_SECTIONS "sections" /* how many sections the report has */
#define NPC_FIELD_PASSAGE "passage"   /* this passage's number in its section, from 1 */
#define NPC_FIELD_PASSAGES "passages" /* how many passages the section has (absent: 1) */
#define NPC_FIELD_BYLINE "byline"     /* a printed report's 本报记者 …, when it has one */
/* feedback */
#define NPC_FIELD_DRAFT "draft"
#define NPC_FIELD_CONTACT_POINT "contact_point"
#define NPC_FIELD_SUBMITTER "submitter"
#define NPC_FIELD_STATUS "status" /* feedback's; a law version's (NPC_LAW_IN_FORCE …) */
/* feedback table rows */
#define NPC_FIELD_SEQ "seq"         /* 序号 */
#define NPC_FIELD_REASON "reason"   /* 理由 */
#define NPC_FIELD_COLUMNS "columns" /* the table's other columns: {name: value} */
#define NPC_FIELD_LINE "line"       /* the row's line in the file */

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

/*
 * Law versions.  npc_today writes today's date (YYYY-MM-DD, local time) into out, or the
 * value of NPCSEARCH_TODAY when it holds a YYYY-MM-DD date (tests).  npc_version_status is a
 * version's status on day today: ended (until not "" and <= today) by its repeal (until equals
 * repealed) or by a later version; not yet in force (in_force > today); else in force.  Any
 * argument but today may be NULL for "".  Returns one of the NPC_LAW_* strings.
 */
void npc_today(char out[11]);
const char *npc_version_status(const char *in_force, const char *until, const char *repealed,
                               const char *today);

/*
 * Builders: every term and id the indexer writes and a searcher looks for is made here.  Each
 * writes a NUL-terminated string into buf and returns its length, or 0 when it does not fit in
 * cap (buf then holds "" when cap > 0).
 */

/* prefix + value[0..len): a term (NPC_P_TYPE + "law": XTlaw).  The writer passes
 * cap = NPC_TERM_MAX + 1, a reader NPC_TERM_LOOKUP_BUF. */
size_t npc_term(char *buf, size_t cap, const char *prefix, const char *value, size_t len);

/* An article reference as terms, ids and citations write it: "33" (article 33), "51-1"
 * (第五十一条之一: article 51, sub 1; sub 0 for none). */
size_t npc_article_ref(char *buf, size_t cap, unsigned article, unsigned sub);

/* The article term: XA33, XA51-1. */
size_t npc_term_article(char *buf, size_t cap, unsigned article, unsigned sub);

/* Document ids.  A law, a report without sections and a feedback .md have their path for id;
 * the other documents of a file add a fragment to it:
 *   path#33, path#51-1   an article; path#33~2 the second article 33 of the file (dup 2; 0 for
 *                        the first)
 *   path#s3              a report's third section
 *   path#s3.2            its second passage, when the section is cut into passages
 *   path#p2              the second passage of a report without sections
 *   path#r2              a feedback table's second row */
size_t npc_doc_id_article(char *buf, size_t cap, const char *path, unsigned article, unsigned sub,
                          unsigned dup);
size_t npc_doc_id_section(char *buf, size_t cap, const char *path, size_t section);
/* Passage `passage` (from 1) of section `section` (from 1; 0: a report without sections). */
size_t npc_doc_id_passage(char *buf, size_t cap, const char *path, size_t section, size_t passage);
size_t npc_doc_id_row(char *buf, size_t cap, const char *path, size_t row);
/* The length of the item id's document belongs to: a passage's section (path#s3.2 -> path#s3)
 * or report (path#p2 -> path); every other document is its own item (strlen(id)). */
size_t npc_doc_item_len(const char *id);

/* The values a search request may name (search/request.h checks them): every document type,
 * and the years a year filter may span (it ORs one NPC_P_YEAR term a year). */
#define NPC_TYPE_LIST NPC_TYPE_LAW, NPC_TYPE_ARTICLE, NPC_TYPE_REPORT, NPC_TYPE_FEEDBACK
#define NPC_NTYPES 4
#define NPC_YEAR_MIN 1900
#define NPC_YEAR_MAX 2100

#endif

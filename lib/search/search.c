/*
 * search.c — searcher lifecycle, query execution and the hit JSON (see search.h).
 */
#include "search/search.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyzer.h"
#include "index/docdata.h"
#include "index/cite.h"
#include "learn/assoc.h"
#include "learn/assocdb.h"
#include "text/fold.h"
#include "index/layout.h"
#include "text/lexicon.h"
#include "query/query.h"
#include "index/schema.h"
#include "search/snippet.h"
#include "xapian-c/xc.h"

#define FACET_MAX 50

/* A match scores at least this share of the best match.  Long questions OR dozens of terms and
 * bigrams, so without a floor nearly every document "matched" and the total meant nothing.
 * 5 % loses nothing on the STARD questions (R@100 0.639 with and without; 15 % gave 0.615). */
#define MATCH_CUTOFF_PERCENT 5

/* Facets are counted over at least this many evaluated matches; over a larger match set the
 * counts are scaled to the estimated total and marked approximate.  Exact counts over the
 * match sets of long questions cost ~120 ms per question; a sample of 2,000 cost 1 ms of the
 * 6.8 ms CPU of a STARD question, 500 about 0.4 ms (docs/bench.md). */
#define FACET_SAMPLE 500

struct npc_searcher {
    char *path;
    xc_db *db;
    xc_db *shards[NPC_SHARDS_MAX]; /* each shard on its own, for parallel matching */
    size_t nshards;
    npc_layout layout; /* the generation open, when path is an npcsearch index directory */
    int has_layout;
    int public_only; /* internal documents do not exist for this searcher */
    int serial;      /* shards matched one after the other (npc_searcher_set_parallel) */
    npc_lexicon *lx;
    npc_analyzer *an;
    const npc_assoc *assoc; /* the learned expansion in use, NULL for none */
    npc_assoc *own;         /* the index's model (assoc points to it unless assoc_fixed) */
    char *assoc_stamp;      /* NPC_META_ASSOC_STAMP of the index's model loaded, NULL when none */
    int assoc_fixed;        /* the caller chose the model (npc_searcher_set_assoc) */
    int assoc_synced;       /* the stamp was read at the handle's revision (sync_assoc) */
};

static npc_status load_analysis(npc_searcher *s, npc_err *err)
{
    char *schema = NULL, *lex = NULL;
    size_t sl, ll;
    npc_lexicon *lx = NULL;
    npc_analyzer *an = NULL;
    npc_status st = xc_db_metadata(s->db, NPC_META_SCHEMA, &schema, &sl, err);
    if (st == NPC_OK && strcmp(schema, NPC_SCHEMA_VERSION) != 0) {
        st = npc_fail(err, NPC_EDB_VERSION,
                      schema[0] ? "index schema %s, this program reads schema %s: rebuild it "
                                  "with npcsearch index"
                                : "not an npcsearch index (no schema%s), expected schema %s",
                      schema, NPC_SCHEMA_VERSION);
    }
    if (st == NPC_OK) {
        st = xc_db_metadata(s->db, NPC_META_LEXICON, &lex, &ll, err);
    }
    if (st == NPC_OK) {
        st = npc_lexicon_new(&lx, err);
    }
    if (st == NPC_OK) {
        st = npc_lexicon_load(lx, lex, ll, err);
    }
    if (st == NPC_OK) {
        st = npc_analyzer_new(lx, &an, err);
    }
    free(schema);
    free(lex);
    if (st != NPC_OK) {
        npc_lexicon_free(lx);
        return st;
    }
    npc_analyzer_free(s->an);
    npc_lexicon_free(s->lx);
    s->an = an;
    s->lx = lx;
    return NPC_OK;
}

/* Opens the index at s->path into s (whose handles are all NULL). */
static npc_status open_state(npc_searcher *s, npc_err *err)
{
    npc_status st = xc_db_open(s->path, &s->db, err);
    if (st == NPC_OK) {
        st = load_analysis(s, err);
    }
    s->has_layout = st == NPC_OK && npc_layout_read(s->path, &s->layout, NULL) == NPC_OK;
    if (st == NPC_OK && s->has_layout && s->layout.nshards > 1) {
        for (size_t k = 0; st == NPC_OK && k < s->layout.nshards; k++) {
            char sp[4200];
            st = npc_layout_shard_path(s->path, &s->layout, k, sp, sizeof sp)
                     ? xc_db_open(sp, &s->shards[k], err)
                     : npc_fail(err, NPC_EINVAL, "path too long");
            s->nshards += st == NPC_OK;
        }
    }
    return st;
}

/* Releases the handles of s (not its path). */
static void drop_state(npc_searcher *s)
{
    npc_analyzer_free(s->an);
    npc_lexicon_free(s->lx);
    xc_db_close(s->db);
    for (size_t k = 0; k < s->nshards; k++) {
        xc_db_close(s->shards[k]);
    }
    s->an = NULL;
    s->lx = NULL;
    s->db = NULL;
    s->nshards = 0;
}

npc_status npc_searcher_open(const char *path, npc_searcher **out, npc_err *err)
{
    *out = NULL;
    npc_searcher *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return npc_fail(err, NPC_ENOMEM, "searcher");
    }
    s->path = strdup(path);
    npc_status st = s->path ? open_state(s, err) : npc_fail(err, NPC_ENOMEM, "path");
    if (st != NPC_OK) {
        npc_searcher_close(s);
        return st;
    }
    *out = s;
    return NPC_OK;
}

void npc_searcher_close(npc_searcher *s)
{
    if (s != NULL) {
        drop_state(s);
        npc_assoc_free(s->own);
        free(s->assoc_stamp);
        free(s->path);
        free(s);
    }
}

void npc_searcher_set_public_only(npc_searcher *s, int on)
{
    s->public_only = on != 0;
}

void npc_searcher_set_parallel(npc_searcher *s, int on)
{
    s->serial = on == 0;
}

static int find_internal(const char *term, size_t len, uint32_t wdf, void *ctx)
{
    (void)wdf;
    size_t il = strlen(NPC_TERM_INTERNAL);
    int c = strncmp(term, NPC_TERM_INTERNAL, len < il ? len : il);
    if (c == 0 && len == il) {
        *(int *)ctx = 1;
        return 1;
    }
    return c > 0; /* terms come sorted: past it, stop */
}

/* NPC_ENOTFOUND when a public-only searcher must not show document did. */
static npc_status check_visible(const npc_searcher *s, xc_docid did, npc_err *err)
{
    int internal = 0;
    npc_status st =
        s->public_only ? xc_db_doc_terms(s->db, did, find_internal, &internal, err) : NPC_OK;
    return st == NPC_OK && internal ? NPC_ENOTFOUND : st;
}

struct xc_db *npc_searcher_db(npc_searcher *s)
{
    return s->db;
}

npc_status npc_searcher_reopen(npc_searcher *s, int *changed, npc_err *err)
{
    if (changed != NULL) {
        *changed = 0;
    }
    if (s->has_layout && npc_layout_changed(s->path, &s->layout)) {
        /* a full run switched generations: open the new one, keep the old until it works */
        npc_searcher fresh = {.path = s->path,
                              .public_only = s->public_only,
                              .assoc = s->assoc, /* the model goes with the searcher: its */
                              .own = s->own,     /* stamp is copied into new generations */
                              .assoc_stamp = s->assoc_stamp,
                              .assoc_fixed = s->assoc_fixed,
                              .serial = s->serial};
        npc_status st = open_state(&fresh, err);
        if (st != NPC_OK) {
            drop_state(&fresh);
            return st;
        }
        drop_state(s);
        *s = fresh;
        if (changed != NULL) {
            *changed = 1;
        }
        return NPC_OK;
    }
    int moved = 0;
    npc_status st = xc_db_reopen(s->db, &moved, err);
    for (size_t k = 0; st == NPC_OK && k < s->nshards; k++) {
        st = xc_db_reopen(s->shards[k], NULL, err);
    }
    if (st == NPC_OK && moved) {
        st = load_analysis(s, err);
        s->assoc_synced = 0;
    }
    if (changed != NULL) {
        *changed = moved;
    }
    return st;
}

static npc_status filter_term(const char *prefix, const char *value, xc_query **out, npc_err *err)
{
    char buf[NPC_TERM_LOOKUP_BUF];
    size_t n = npc_term(buf, sizeof buf, prefix, value, strlen(value));
    if (n == 0) {
        return npc_fail(err, NPC_EINVAL, "filter value too long");
    }
    return xc_query_term(buf, n, 1, out, err);
}

/* For a public-only searcher, replaces *q with *q AND_NOT internal (backlinks, citations). */
static npc_status visible_only(const npc_searcher *s, xc_query **q, npc_err *err)
{
    if (!s->public_only || *q == NULL) {
        return NPC_OK;
    }
    xc_query *pair[2] = {*q, NULL}, *out = NULL;
    npc_status st = xc_query_term(NPC_TERM_INTERNAL, strlen(NPC_TERM_INTERNAL), 1, &pair[1], err);
    if (st == NPC_OK) {
        st = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &out, err);
    }
    xc_query_free(pair[1]);
    if (st == NPC_OK) {
        xc_query_free(*q);
        *q = out;
    }
    return st;
}

/* Everything this searcher may show (a public-only searcher's filter). */
static npc_status public_only(const npc_searcher *s, xc_query **out, npc_err *err)
{
    npc_status st = xc_query_match_all(out, err);
    return st == NPC_OK ? visible_only(s, out, err) : st;
}

/* Matches *q (first made visible_only) newest first: the first n documents into *m (the
 * caller's). */
static npc_status newest_first(npc_searcher *s, xc_query **q, uint32_t n, xc_mset **m, npc_err *err)
{
    xc_enquire *e = NULL;
    npc_status st = visible_only(s, q, err);
    if (st == NPC_OK) {
        st = xc_enquire_new(s->db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, *q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_sort_value(e, NPC_SLOT_DATE, 1, 0, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, n, 0, m, err);
    }
    xc_enquire_free(e);
    return st;
}

/* A field filter through npc_field_key (feedback: draft, contact point, status). */
static npc_status field_filter(const char *prefix, const char *value, int strip_prc, xc_query **out,
                               npc_err *err)
{
    char key[NPC_LAW_KEY_MAX + 8];
    npc_field_key(value, strlen(value), strip_prc, key, sizeof key);
    return filter_term(prefix, key, out, err);
}

/* An article filter: 第二十六条, 第26条 or 26, read by the analyzer as the indexer read it. */
static npc_status article_filter(npc_searcher *s, const char *value, xc_query **out, npc_err *err)
{
    char art[32] = "";
    char *end;
    unsigned long v = strtoul(value, &end, 10);
    if (value[0] >= '0' && value[0] <= '9' && *end == '\0' && v > 0 && v < 100000) {
        npc_article_ref(art, sizeof art, (unsigned)v, 0);
    } else {
        npc_analysis an;
        npc_status st = npc_analyze(s->an, value, strlen(value), 0, &an, err);
        if (st != NPC_OK) {
            return st;
        }
        for (size_t i = 0; i < an.ntokens && art[0] == '\0'; i++) {
            const npc_token *t = &an.tokens[i];
            if (t->kind == NPC_TOK_NUMBERING && t->unit == NPC_UNIT_ARTICLE) {
                npc_article_ref(art, sizeof art, t->num, t->sub);
            }
        }
    }
    if (art[0] == '\0') {
        return npc_fail(err, NPC_EINVAL,
                        "article \"%.64s\" is not an article number (第二十六条, 第26条 or 26)",
                        value);
    }
    return filter_term(NPC_P_ARTICLE, art, out, err);
}

/* A citation filter: the documents citing an article (or a law). */
static npc_status cites_filter(npc_searcher *s, const char *value, xc_query **out, npc_err *err)
{
    npc_cite c;
    npc_status st = npc_cite_parse(s->an, value, strlen(value), &c, err);
    if (st != NPC_OK) {
        return st;
    }
    char term[NPC_LAW_KEY_MAX + 48];
    size_t tl = npc_cite_term(c.key, c.article, c.sub, term, sizeof term);
    if (tl == 0) {
        return npc_fail(err, NPC_EINVAL, "citation too long");
    }
    return xc_query_term(term, tl, 1, out, err);
}

static int given(const char *v)
{
    return v != NULL && v[0] != '\0';
}

/* The filters of a request (and the searcher's visibility) combined with AND; *out NULL when
 * there are none. */
static npc_status filters(npc_searcher *s, const npc_search_req *r, xc_query **out, npc_err *err)
{
    xc_query *parts[11] = {0};
    size_t n = 0;
    npc_status st = NPC_OK;
    if (s->public_only) {
        st = public_only(s, &parts[n++], err);
    }
    if (st == NPC_OK && given(r->draft)) {
        st = field_filter(NPC_P_DRAFT, r->draft, 1, &parts[n++], err);
    }
    if (st == NPC_OK && given(r->contact_point)) {
        st = field_filter(NPC_P_CONTACT_POINT, r->contact_point, 0, &parts[n++], err);
    }
    if (st == NPC_OK && given(r->status)) {
        st = field_filter(NPC_P_STATUS, r->status, 0, &parts[n++], err);
    }
    if (st == NPC_OK && given(r->article)) {
        st = article_filter(s, r->article, &parts[n++], err);
    }
    if (st == NPC_OK && given(r->cites)) {
        st = cites_filter(s, r->cites, &parts[n++], err);
    }
    if (st == NPC_OK && r->type && r->type[0]) {
        st = filter_term(NPC_P_TYPE, r->type, &parts[n++], err);
    }
    if (st == NPC_OK && r->category && r->category[0]) {
        st = filter_term(NPC_P_CATEGORY, r->category, &parts[n++], err);
    }
    if (st == NPC_OK && r->region && r->region[0]) {
        st = filter_term(NPC_P_REGION, r->region, &parts[n++], err);
    }
    if (st == NPC_OK && (r->year_from || r->year_to)) {
        int from = r->year_from ? r->year_from : 1900, to = r->year_to ? r->year_to : 2100;
        if (from > to || from < 1900 || to > 2100) {
            st = npc_fail(err, NPC_EINVAL, "year range %d-%d is not within 1900-2100", from, to);
        }
        xc_query *years[201] = {0};
        size_t ny = 0;
        for (int y = from; st == NPC_OK && y <= to; y++) {
            char v[8];
            snprintf(v, sizeof v, "%d", y);
            st = filter_term(NPC_P_YEAR, v, &years[ny++], err);
        }
        if (st == NPC_OK) {
            st = xc_query_combine(XC_OP_OR, years, ny, 0, &parts[n++], err);
        }
        for (size_t i = 0; i < ny; i++) {
            xc_query_free(years[i]);
        }
    }
    *out = NULL;
    if (st == NPC_OK && n > 0) {
        st = xc_query_combine(XC_OP_AND, parts, n, 0, out, err);
    }
    for (size_t i = 0; i < n; i++) {
        xc_query_free(parts[i]);
    }
    return st;
}

static const char *const hit_fields[] = {
    NPC_FIELD_ID,   NPC_FIELD_TYPE,     NPC_FIELD_TITLE,  NPC_FIELD_ARTICLE, NPC_FIELD_ARTICLE_LABEL,
    NPC_FIELD_PATH, NPC_FIELD_DATE, NPC_FIELD_CATEGORY, NPC_FIELD_REGION, NPC_FIELD_CHAPTER};

/* Fields a hit carries when its document has them (feedback, report sections). */
static const char *const optional_fields[] = {NPC_FIELD_DRAFT,  NPC_FIELD_CONTACT_POINT,
                                              NPC_FIELD_SUBMITTER, NPC_FIELD_STATUS,
                                              NPC_FIELD_BODY,   NPC_FIELD_SECTION};

static int add_facet_value(const char *value, size_t len, uint32_t count, void *ctx)
{
    json_t *arr = ctx;
    json_t *o = json_pack("{s:s%, s:i}", "value", value, len, "count", (json_int_t)count);
    if (o != NULL) {
        json_array_append_new(arr, o);
    }
    return 0;
}

/* The phrase check of a search: candidates' stored title, chapter and text. */
typedef struct phrase_ctx {
    const npc_query *q;
    npc_folded scratch;
    char *buf;
    size_t cap;
} phrase_ctx;

static int check_phrases(const char *data, size_t len, void *arg)
{
    phrase_ctx *c = arg;
    npc_docdata *doc;
    if (npc_docdata_parse(data, len, &doc, NULL) != NPC_OK) {
        return 0;
    }
    static const char *const fields[] = {NPC_FIELD_TITLE, NPC_FIELD_CHAPTER, NPC_FIELD_TEXT};
    size_t need = 0, l;
    for (size_t i = 0; i < 3; i++) {
        npc_docdata_str(doc, fields[i], &l);
        need += l + 1;
    }
    int ok = 0;
    if (need > c->cap) {
        char *p = realloc(c->buf, need);
        if (p == NULL) {
            npc_docdata_free(doc);
            return 0;
        }
        c->buf = p;
        c->cap = need;
    }
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        const char *v = npc_docdata_str(doc, fields[i], &l);
        if (l > 0) {
            memcpy(c->buf + n, v, l);
            n += l;
        }
        c->buf[n++] = '\n';
    }
    ok = npc_query_phrases_match(c->q, c->buf, n, &c->scratch);
    npc_docdata_free(doc);
    return ok;
}

/* The stored document of item i of m. */
static npc_status mset_doc(const xc_mset *m, uint32_t i, npc_docdata **out, npc_err *err)
{
    char *data = NULL;
    size_t dl;
    npc_status st = xc_mset_doc_data(m, i, &data, &dl, err);
    if (st == NPC_OK) {
        st = npc_docdata_parse(data, dl, out, err);
    }
    free(data);
    return st;
}

/* The named fields a stored document has, as a new object. */
static json_t *pick_stored(const npc_docdata *d, const char *const *fields, size_t n)
{
    json_t *o = json_object();
    for (size_t i = 0; o != NULL && i < n; i++) {
        json_t *v = npc_docdata_get(d, fields[i]);
        if (v != NULL) {
            json_object_set_new(o, fields[i], v);
        }
    }
    return o;
}

/* Appends hit i of m as a JSON object. */
static npc_status render_hit(npc_searcher *s, const npc_query *pq, const xc_mset *m, uint32_t i,
                             uint32_t rank, int snippet, json_t *hits, npc_err *err)
{
    npc_docdata *doc;
    npc_status st = mset_doc(m, i, &doc, err);
    if (st != NPC_OK) {
        return st;
    }
    json_t *hit = json_object();
    if (hit == NULL) {
        npc_docdata_free(doc);
        return npc_fail(err, NPC_ENOMEM, "hit");
    }
    json_object_set_new(hit, "rank", json_integer(rank));
    json_object_set_new(hit, "score", json_real(xc_mset_weight(m, i)));
    for (size_t k = 0; k < sizeof hit_fields / sizeof *hit_fields; k++) {
        json_t *v = npc_docdata_get(doc, hit_fields[k]);
        json_object_set_new(hit, hit_fields[k], v ? v : json_string(""));
    }
    for (size_t k = 0; k < sizeof optional_fields / sizeof *optional_fields; k++) {
        json_t *v = npc_docdata_get(doc, optional_fields[k]);
        if (v != NULL) {
            json_object_set_new(hit, optional_fields[k], v);
        }
    }
    size_t tl, bl;
    const char *text = npc_docdata_str(doc, NPC_FIELD_TEXT, &tl);
    const char *breaks = npc_docdata_str(doc, NPC_FIELD_BREAKS, &bl);
    char *snip = NULL;
    if (snippet && text != NULL) {
        st = npc_snippet(s->an, pq, text, tl, breaks, bl, &snip, err);
    }
    json_object_set_new(hit, "snippet", json_string(snip ? snip : ""));
    free(snip);
    npc_docdata_free(doc);
    if (st == NPC_OK) {
        json_array_append_new(hits, hit);
    } else {
        json_decref(hit);
    }
    return st;
}

#define PIN_MAX 50

/* Makes an enquire over q (filtered) with the request's settings. */
static npc_status make_enquire(xc_db *db, const xc_query *q, const xc_query *filter, phrase_ctx *pc,
                               xc_enquire **out, npc_err *err)
{
    xc_query *fq = NULL;
    xc_enquire *e = NULL;
    npc_status st = NPC_OK;
    if (filter != NULL) {
        xc_query *pair[2] = {(xc_query *)q, (xc_query *)filter};
        st = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &fq, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_new(db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, fq ? fq : q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_bm25(e, NPC_BM25_K1, 0.0, NPC_BM25_K3, NPC_BM25_B, NPC_BM25_MIN_NORMLEN,
                                 err);
    }
    if (st == NPC_OK && npc_query_has_phrases(pc->q)) {
        st = xc_enquire_set_decider(e, check_phrases, pc, err);
    }
    xc_query_free(fq);
    if (st != NPC_OK) {
        xc_enquire_free(e);
        return st;
    }
    *out = e;
    return NPC_OK;
}

/* One hit of the ranked list: item i of mset m, with its id in the combined database. */
typedef struct ranked {
    const xc_mset *m;
    uint32_t i;
    xc_docid id;
} ranked;

/* The ranked query over one shard, run in its own thread. */
typedef struct shard_job {
    xc_db *db;
    xc_query *own; /* this job's copy of the query */
    const xc_query *q, *filter;
    uint32_t want, check; /* check: facets counted over at least this many matches (0: none) */
    phrase_ctx pc;
    xc_enquire *e;
    xc_mset *m;
    npc_status st;
    npc_err err;
} shard_job;

static void *match_shard(void *arg)
{
    shard_job *j = arg;
    j->st = make_enquire(j->db, j->q, j->filter, &j->pc, &j->e, &j->err);
    if (j->st == NPC_OK) {
        j->st = xc_enquire_set_cutoff(j->e, MATCH_CUTOFF_PERCENT, 0, &j->err);
    }
    if (j->st == NPC_OK && j->check > 0) {
        j->st = xc_enquire_add_facets(j->e, NPC_SLOT_FACETS, NPC_NFACETS, &j->err);
    }
    if (j->st == NPC_OK) {
        j->st = xc_enquire_mset(j->e, 0, j->want, j->check, &j->m, &j->err);
    }
    return NULL;
}

/*
 * Matches the query on every shard, at once (one thread each; shard 0 in the caller) or one
 * after the other (npc_searcher_set_parallel), each with its own handle.  The free text's bag
 * carries the whole index's statistics (xc_query_bag); only the terms of phrases are weighed with
 * their shard's, and the shards are hash partitions of the same corpus, so those differ little.
 */
static npc_status match_shards(npc_searcher *s, const npc_query *pq, const xc_query *f,
                               uint32_t want, int facets, shard_job *jobs, size_t n, npc_err *err)
{
    pthread_t tid[NPC_SHARDS_MAX];
    int started[NPC_SHARDS_MAX] = {0};
    /* in parallel every job gets its own copy of the query: Xapian's trees must not be shared
     * by threads */
    npc_status st = NPC_OK;
    xc_query *combined = NULL;
    if (f != NULL) {
        xc_query *pair[2] = {(xc_query *)npc_query_xapian(pq), (xc_query *)f};
        st = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &combined, err);
    }
    for (size_t k = 0; k < n; k++) {
        jobs[k] = (shard_job){.db = s->shards[k],
                              .want = want,
                              .check = facets ? (FACET_SAMPLE + (uint32_t)n - 1) / (uint32_t)n : 0,
                              .pc = {.q = pq}};
        if (st == NPC_OK && !s->serial) {
            st = xc_query_clone(combined ? combined : npc_query_xapian(pq), &jobs[k].own, err);
        }
        jobs[k].q = s->serial ? (combined ? combined : npc_query_xapian(pq)) : jobs[k].own;
    }
    if (s->serial) {
        jobs[0].own = combined; /* freed with the jobs */
    } else {
        xc_query_free(combined);
    }
    if (st != NPC_OK) {
        return st;
    }
    for (size_t k = 1; k < n; k++) {
        started[k] = !s->serial && pthread_create(&tid[k], NULL, match_shard, &jobs[k]) == 0;
        if (!started[k]) {
            match_shard(&jobs[k]);
        }
    }
    match_shard(&jobs[0]);
    for (size_t k = 1; k < n; k++) {
        if (started[k]) {
            pthread_join(tid[k], NULL);
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (jobs[k].st != NPC_OK) {
            if (err != NULL) {
                *err = jobs[k].err;
            }
            return jobs[k].st;
        }
    }
    return NPC_OK;
}

/*
 * The pinned documents (query.h: cited articles, or the law a bare title names) come first,
 * newest first; then the ranked matches without them.  Facets and the total are those of the
 * ranked query, which normally holds the pinned documents too.
 */
static npc_status run(npc_searcher *s, const npc_search_req *r, const npc_query *pq, json_t **out,
                      npc_err *err)
{
    phrase_ctx pc = {.q = pq};
    xc_enquire *e = NULL, *pe = NULL;
    xc_mset *m = NULL, *pm = NULL;
    xc_query *f = NULL, *pinq = NULL;
    json_t *res = NULL, *hits = json_array();
    uint32_t np = 0, check = 0;
    npc_status st = hits ? filters(s, r, &f, err) : npc_fail(err, NPC_ENOMEM, "result");
    if (st == NPC_OK && npc_query_pins(pq) != NULL) {
        xc_query *pair[2] = {(xc_query *)npc_query_pins(pq), (xc_query *)npc_query_xapian(pq)};
        st = xc_query_combine(XC_OP_AND_MAYBE, pair, 2, 0, &pinq, err);
        if (st == NPC_OK) {
            st = make_enquire(s->db, pinq, f, &pc, &pe, err);
        }
        if (st == NPC_OK) {
            st = xc_enquire_sort_value(pe, NPC_SLOT_DATE, 1, 0, err);
        }
        if (st == NPC_OK) {
            st = xc_enquire_mset(pe, 0, PIN_MAX, 0, &pm, err);
        }
        np = st == NPC_OK ? xc_mset_size(pm) : 0;
    }
    /* enough ranked matches to fill the page after skipping the pinned ones */
    uint32_t want = r->offset + r->limit + np;
    ranked *list = calloc(want + 1, sizeof *list);
    size_t nlist = 0;
    uint32_t total = 0;
    int all_fetched = 1;
    shard_job jobs[NPC_SHARDS_MAX];
    size_t njobs = 0;
    if (st == NPC_OK && list == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "result");
    }
    xc_enquire *fe = NULL; /* the facets counted, over every shard */
    int bounds_exact = 1;  /* every count of matches is exact */
    if (st == NPC_OK && s->nshards > 1 && r->sort == NPC_SORT_RELEVANCE) {
        /* each shard matched on its own core, merged by weight; facets summed */
        njobs = s->nshards;
        st = match_shards(s, pq, f, want, r->facets, jobs, njobs, err);
        size_t at[NPC_SHARDS_MAX] = {0};
        for (size_t k = 0; st == NPC_OK && k < njobs; k++) {
            total += xc_mset_matches_estimated(jobs[k].m);
            all_fetched &= xc_mset_size(jobs[k].m) < want;
            bounds_exact &=
                xc_mset_matches_lower_bound(jobs[k].m) == xc_mset_matches_upper_bound(jobs[k].m);
            if (r->facets && k > 0) {
                st = xc_enquire_merge_facets(jobs[0].e, jobs[k].e, err);
            }
        }
        fe = r->facets ? jobs[0].e : NULL;
        while (st == NPC_OK && nlist < want) {
            long best = -1;
            for (size_t k = 0; k < njobs; k++) {
                if (at[k] < xc_mset_size(jobs[k].m) &&
                    (best < 0 || xc_mset_weight(jobs[k].m, (uint32_t)at[k]) >
                                     xc_mset_weight(jobs[best].m, (uint32_t)at[best]))) {
                    best = (long)k;
                }
            }
            if (best < 0) {
                break;
            }
            uint32_t i = (uint32_t)at[best]++;
            /* the combined database interleaves the shards' document ids */
            xc_docid id =
                (xc_mset_docid(jobs[best].m, i) - 1) * (xc_docid)njobs + (xc_docid)best + 1;
            list[nlist++] = (ranked){jobs[best].m, i, id};
        }
    } else {
        if (st == NPC_OK) {
            st = make_enquire(s->db, npc_query_xapian(pq), f, &pc, &e, err);
        }
        if (st == NPC_OK && r->sort == NPC_SORT_DATE) {
            st = xc_enquire_sort_value(e, NPC_SLOT_DATE, 1, 0, err);
        }
        if (st == NPC_OK && r->sort == NPC_SORT_RELEVANCE) {
            /* (Xapian cannot combine a percentage cutoff with sorting by value) */
            st = xc_enquire_set_cutoff(e, MATCH_CUTOFF_PERCENT, 0, err);
        }
        if (st == NPC_OK && r->facets) {
            st = xc_enquire_add_facets(e, NPC_SLOT_FACETS, NPC_NFACETS, err);
            check = FACET_SAMPLE;
        }
        if (st == NPC_OK) {
            st = xc_enquire_mset(e, 0, want, check, &m, err);
        }
        for (uint32_t k = 0; st == NPC_OK && k < xc_mset_size(m); k++) {
            list[nlist++] = (ranked){m, k, xc_mset_docid(m, k)};
        }
        if (st == NPC_OK) {
            total = xc_mset_matches_estimated(m);
            all_fetched = xc_mset_size(m) < want;
            bounds_exact = xc_mset_matches_lower_bound(m) == xc_mset_matches_upper_bound(m);
        }
        fe = r->facets ? e : NULL;
    }
    uint32_t pos = 0, missing = 0;
    for (uint32_t i = 0; st == NPC_OK && i < np; i++, pos++) {
        int seen = 0;
        for (size_t k = 0; k < nlist && !seen; k++) {
            seen = list[k].id == xc_mset_docid(pm, i);
        }
        missing += !seen;
        if (pos >= r->offset && pos < r->offset + r->limit) {
            st = render_hit(s, pq, pm, i, pos + 1, !r->no_snippets, hits, err);
        }
    }
    for (size_t k = 0; st == NPC_OK && k < nlist && pos < r->offset + r->limit; k++) {
        int pinned = 0;
        for (uint32_t i = 0; i < np && !pinned; i++) {
            pinned = list[k].id == xc_mset_docid(pm, i);
        }
        if (pinned) {
            continue;
        }
        if (pos >= r->offset) {
            st = render_hit(s, pq, list[k].m, list[k].i, pos + 1, !r->no_snippets, hits, err);
        }
        pos++;
    }
    if (st == NPC_OK && (res = json_object()) == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "result");
    }
    if (st == NPC_OK) {
        json_object_set_new(res, "query", json_stringn(r->q, r->qlen));
        /* a pinned document the ranked query does not match adds to the total; that is known
         * only when the ranked matches were all fetched */
        uint32_t extra = all_fetched ? missing : 0;
        json_object_set_new(res, "total", json_integer(total + extra));
        json_object_set_new(res, "offset", json_integer(r->offset));
        json_object_set_new(res, "limit", json_integer(r->limit));
        json_object_set_new(res, "hits", hits);
        hits = NULL;
    }
    if (st == NPC_OK && r->facets) {
        json_t *facets = json_object();
        uint32_t seen = 0;
        st = xc_enquire_facet_total(fe, &seen, err);
        int exact = seen >= total && bounds_exact;
        double scale = exact || seen == 0 ? 1.0 : (double)total / seen;
        for (size_t i = 0; st == NPC_OK && i < NPC_NFACETS; i++) {
            json_t *arr = json_array();
            st = xc_enquire_facet(fe, i, FACET_MAX, add_facet_value, arr, err);
            size_t k;
            json_t *v;
            json_array_foreach(arr, k, v)
            {
                json_int_t c = json_integer_value(json_object_get(v, "count"));
                json_object_set_new(v, "count", json_integer((json_int_t)(c * scale + 0.5)));
            }
            json_object_set_new(facets, npc_facet_names[i], arr);
        }
        json_object_set_new(res, "facets", facets);
        json_object_set_new(res, "facets_exact", json_boolean(exact));
    }
    json_decref(hits);
    free(list);
    for (size_t k = 0; k < njobs; k++) {
        xc_mset_free(jobs[k].m);
        xc_enquire_free(jobs[k].e);
        xc_query_free(jobs[k].own);
        npc_folded_release(&jobs[k].pc.scratch);
        free(jobs[k].pc.buf);
    }
    npc_folded_release(&pc.scratch);
    free(pc.buf);
    xc_mset_free(m);
    xc_mset_free(pm);
    xc_enquire_free(e);
    xc_enquire_free(pe);
    xc_query_free(f);
    xc_query_free(pinq);
    if (st != NPC_OK) {
        json_decref(res);
        return st;
    }
    *out = res;
    return NPC_OK;
}

/* 1 when the query text is empty or white space. */
static int blank_query(const npc_search_req *r)
{
    for (size_t i = 0; r->q != NULL && i < r->qlen; i++) {
        if (r->q[i] != ' ' && r->q[i] != '\t' && r->q[i] != '\n' && r->q[i] != '\r') {
            return 0;
        }
    }
    return 1;
}

static int has_filter(const npc_search_req *r)
{
    return given(r->type) || given(r->category) || given(r->region) || r->year_from || r->year_to ||
           given(r->draft) || given(r->article) || given(r->contact_point) || given(r->status) ||
           given(r->cites);
}

npc_analyzer *npc_searcher_analyzer(npc_searcher *s)
{
    return s->an;
}

void npc_searcher_set_assoc(npc_searcher *s, const npc_assoc *m)
{
    s->assoc = m;
    s->assoc_fixed = 1;
}

const npc_assoc *npc_searcher_assoc(const npc_searcher *s)
{
    return s->assoc;
}

/* Loads the index's learned model when its stamp differs from the one loaded: once per
 * revision of the handle (`npcsearch learn` may store a new model while searchd runs, in a new
 * revision that a reopen brings). */
static npc_status sync_assoc(npc_searcher *s, npc_err *err)
{
    if (s->assoc_fixed || s->assoc_synced) {
        return NPC_OK;
    }
    char *stamp = NULL;
    size_t sl;
    npc_status st = xc_db_metadata(s->db, NPC_META_ASSOC_STAMP, &stamp, &sl, err);
    if (st != NPC_OK) {
        return st;
    }
    if (s->assoc_stamp != NULL && strcmp(stamp, s->assoc_stamp) == 0) {
        free(stamp);
        s->assoc_synced = 1;
        return NPC_OK;
    }
    npc_assoc *m = NULL;
    if (sl > 0) {
        st = npc_assoc_read(s->db, &m, err);
    }
    if (st != NPC_OK) {
        free(stamp);
        return st;
    }
    npc_assoc_free(s->own);
    free(s->assoc_stamp);
    s->own = m;
    s->assoc = m;
    s->assoc_stamp = stamp;
    s->assoc_synced = 1;
    return NPC_OK;
}

npc_status npc_search(npc_searcher *s, const npc_search_req *r, json_t **out, npc_err *err)
{
    *out = NULL;
    if (r->limit == 0 || r->limit > NPC_SEARCH_MAX_LIMIT) {
        return npc_fail(err, NPC_EINVAL, "limit must be between 1 and %d", NPC_SEARCH_MAX_LIMIT);
    }
    if (r->offset > NPC_SEARCH_MAX_OFFSET) {
        return npc_fail(err, NPC_EINVAL, "offset must be at most %d", NPC_SEARCH_MAX_OFFSET);
    }
    for (int attempt = 0;; attempt++) {
        npc_query *pq = NULL;
        npc_status st = sync_assoc(s, err);
        if (st == NPC_OK) {
            st = blank_query(r) && has_filter(r)
                     ? npc_query_all(&pq, err)
                     : npc_query_parse_with(s->an, s->db, s->assoc, r->q, r->qlen, &pq, err);
        }
        if (st == NPC_OK) {
            st = run(s, r, pq, out, err);
        }
        npc_query_free(pq);
        if (st != NPC_EDB_MODIFIED || attempt > 0) {
            return st;
        }
        st = npc_searcher_reopen(s, NULL, err);
        if (st != NPC_OK) {
            return st;
        }
    }
}

npc_status npc_search_doc(npc_searcher *s, const char *id, json_t **out, npc_err *err)
{
    *out = NULL;
    char term[4200];
    size_t n = npc_term(term, sizeof term, NPC_P_ID, id, strlen(id));
    if (n == 0) {
        return npc_fail(err, NPC_EINVAL, "document id too long");
    }
    for (int attempt = 0;; attempt++) {
        xc_docid did;
        char *data = NULL;
        size_t dl;
        npc_docdata *doc = NULL;
        npc_status st = xc_db_find_term(s->db, term, n, &did, err);
        if (st == NPC_OK) {
            st = check_visible(s, did, err);
        }
        if (st == NPC_OK) {
            st = xc_db_doc_data(s->db, did, &data, &dl, err);
        }
        if (st == NPC_OK) {
            st = npc_docdata_parse(data, dl, &doc, err);
            free(data);
        }
        if (st == NPC_OK && (*out = npc_docdata_json(doc)) == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "document");
        }
        npc_docdata_free(doc);
        if (st == NPC_ENOTFOUND) {
            return npc_fail(err, NPC_ENOTFOUND, "no document with id %s", id);
        }
        if (st != NPC_EDB_MODIFIED || attempt > 0) {
            return st;
        }
        if ((st = npc_searcher_reopen(s, NULL, err)) != NPC_OK) {
            return st;
        }
    }
}

static const char *const law_fields[] = {NPC_FIELD_ID, NPC_FIELD_TITLE, NPC_FIELD_DATE,
                                         NPC_FIELD_CATEGORY, NPC_FIELD_REGION};
static const char *const article_fields[] = {NPC_FIELD_ID,      NPC_FIELD_ARTICLE,
                                             NPC_FIELD_ARTICLE_SUB, NPC_FIELD_ARTICLE_LABEL,
                                             NPC_FIELD_CHAPTER, NPC_FIELD_TEXT};

/* Copies the named fields of src into a new object. */
static json_t *pick(json_t *src, const char *const *fields, size_t n)
{
    json_t *o = json_object();
    for (size_t i = 0; o != NULL && i < n; i++) {
        json_t *v = json_object_get(src, fields[i]);
        if (v != NULL) {
            json_object_set(o, fields[i], v);
        }
    }
    return o;
}

static const char *const section_fields[] = {NPC_FIELD_ID, NPC_FIELD_SECTION, NPC_FIELD_CHAPTER,
                                             NPC_FIELD_TEXT};

/* Every document of a type in the file at path, in file order (docid order within its shard),
 * with the named fields. */
static npc_status file_docs(npc_searcher *s, const char *path, const char *type,
                            const char *const *fields, size_t nfields, json_t *out, npc_err *err)
{
    char ft[4200], tt[64];
    size_t fl = npc_term(ft, sizeof ft, NPC_P_FILE, path, strlen(path));
    size_t tl = npc_term(tt, sizeof tt, NPC_P_TYPE, type, strlen(type));
    if (fl == 0) {
        return npc_fail(err, NPC_EINVAL, "path too long");
    }
    xc_query *parts[2] = {NULL, NULL}, *q = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    npc_status st = xc_query_term(ft, fl, 1, &parts[0], err);
    if (st == NPC_OK) {
        st = xc_query_term(tt, tl, 1, &parts[1], err);
    }
    if (st == NPC_OK) {
        st = xc_query_combine(XC_OP_AND, parts, 2, 0, &q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_new(s->db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, 5000, 0, &m, err);
    }
    for (uint32_t i = 0; st == NPC_OK && i < xc_mset_size(m); i++) {
        npc_docdata *doc;
        if ((st = mset_doc(m, i, &doc, err)) == NPC_OK) {
            json_array_append_new(out, pick_stored(doc, fields, nfields));
            npc_docdata_free(doc);
        }
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(q);
    xc_query_free(parts[0]);
    xc_query_free(parts[1]);
    return st;
}

#define CITED_BY_MAX 20
static const char *const cited_fields[] = {NPC_FIELD_ID,      NPC_FIELD_TYPE,  NPC_FIELD_TITLE,
                                           NPC_FIELD_ARTICLE_LABEL, NPC_FIELD_CHAPTER,
                                           NPC_FIELD_DATE,    NPC_FIELD_DRAFT, NPC_FIELD_PATH};

/* The documents citing article art of the law with this key (the law as a whole when art is
 * 0, leaving out the law's own file: its 本法 cross-references), newest first:
 * {"total", "docs": [...]}. */
static npc_status cited_by(npc_searcher *s, const char *key, uint32_t art, uint32_t sub,
                           const char *path, json_t **out, npc_err *err)
{
    *out = NULL;
    char term[NPC_LAW_KEY_MAX + 48];
    size_t tl = npc_cite_term(key, art, sub, term, sizeof term);
    json_t *docs = json_array();
    if (docs == NULL) {
        return npc_fail(err, NPC_ENOMEM, "cited_by");
    }
    xc_query *q = NULL;
    xc_mset *m = NULL;
    npc_status st = tl ? xc_query_term(term, tl, 1, &q, err) : NPC_OK;
    char ft[4200];
    size_t fl = npc_term(ft, sizeof ft, NPC_P_FILE, path, strlen(path));
    if (st == NPC_OK && q != NULL && art == 0 && fl > 0) {
        xc_query *pair[2] = {q, NULL}, *without = NULL;
        st = xc_query_term(ft, fl, 1, &pair[1], err);
        if (st == NPC_OK) {
            st = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &without, err);
        }
        xc_query_free(pair[1]);
        if (st == NPC_OK) {
            xc_query_free(q);
            q = without;
        }
    }
    uint32_t total = 0;
    if (st == NPC_OK && q != NULL) {
        st = newest_first(s, &q, CITED_BY_MAX, &m, err);
        if (st == NPC_OK) {
            total = xc_mset_matches_estimated(m);
        }
        for (uint32_t i = 0; st == NPC_OK && i < xc_mset_size(m); i++) {
            npc_docdata *doc;
            if ((st = mset_doc(m, i, &doc, err)) == NPC_OK) {
                json_array_append_new(docs, pick_stored(doc, cited_fields, 8));
                npc_docdata_free(doc);
            }
        }
    }
    xc_mset_free(m);
    xc_query_free(q);
    if (st != NPC_OK) {
        json_decref(docs);
        return st;
    }
    *out = json_pack("{s:i, s:o}", "total", (json_int_t)total, "docs", docs);
    return *out ? NPC_OK : npc_fail(err, NPC_ENOMEM, "cited_by");
}

/* The id of the article a stored citation ("残疾人保障法#33") names, latest version first;
 * *id stays NULL when the index holds no such article. */
static void resolve_cite(npc_searcher *s, const char *cite, char **id)
{
    *id = NULL;
    const char *hash = strrchr(cite, '#');
    if (hash == NULL || hash == cite) {
        return;
    }
    char lt[NPC_LAW_KEY_MAX + 8], at[48], tt[32];
    size_t ll = npc_term(lt, sizeof lt, NPC_P_LAW, cite, (size_t)(hash - cite));
    size_t al = npc_term(at, sizeof at, NPC_P_ARTICLE, hash + 1, strlen(hash + 1));
    size_t tl = npc_term(tt, sizeof tt, NPC_P_TYPE, NPC_TYPE_ARTICLE, strlen(NPC_TYPE_ARTICLE));
    if (ll == 0 || al == 0) {
        return;
    }
    xc_query *parts[3] = {NULL, NULL, NULL}, *q = NULL;
    xc_mset *m = NULL;
    npc_status st = xc_query_term(lt, ll, 1, &parts[0], NULL);
    if (st == NPC_OK) {
        st = xc_query_term(at, al, 1, &parts[1], NULL);
    }
    if (st == NPC_OK) {
        st = xc_query_term(tt, tl, 1, &parts[2], NULL);
    }
    if (st == NPC_OK) {
        st = xc_query_combine(XC_OP_AND, parts, 3, 0, &q, NULL);
    }
    if (st == NPC_OK) {
        st = newest_first(s, &q, 1, &m, NULL);
    }
    npc_docdata *doc;
    if (st == NPC_OK && xc_mset_size(m) > 0 && mset_doc(m, 0, &doc, NULL) == NPC_OK) {
        const char *v = npc_docdata_str(doc, NPC_FIELD_ID, NULL);
        if (v != NULL) {
            *id = strdup(v);
        }
        npc_docdata_free(doc);
    }
    xc_mset_free(m);
    xc_query_free(q);
    for (size_t i = 0; i < 3; i++) {
        xc_query_free(parts[i]);
    }
}

npc_status npc_search_doc_view(npc_searcher *s, const char *id, json_t **out, npc_err *err)
{
    *out = NULL;
    json_t *doc = NULL;
    npc_status st = npc_search_doc(s, id, &doc, err);
    if (st != NPC_OK) {
        return st;
    }
    json_t *res = json_object();
    if (res == NULL) {
        json_decref(doc);
        return npc_fail(err, NPC_ENOMEM, "document view");
    }
    json_object_set(res, "doc", doc);
    const char *type = json_string_value(json_object_get(doc, NPC_FIELD_TYPE));
    const char *path = json_string_value(json_object_get(doc, NPC_FIELD_PATH));
    if (type != NULL && path != NULL &&
        (strcmp(type, NPC_TYPE_LAW) == 0 || strcmp(type, NPC_TYPE_ARTICLE) == 0)) {
        json_t *law = NULL;
        if (strcmp(type, NPC_TYPE_LAW) == 0) {
            law = json_incref(doc);
        } else if (npc_search_doc(s, path, &law, NULL) != NPC_OK) {
            law = NULL;
        }
        if (law != NULL) {
            json_object_set_new(res, "law", pick(law, law_fields, 5));
            json_decref(law);
        }
        json_t *arts = json_array();
        st = arts ? file_docs(s, path, NPC_TYPE_ARTICLE, article_fields, 6, arts, err)
                  : npc_fail(err, NPC_ENOMEM, "articles");
        json_object_set_new(res, "articles", arts);
        const char *key = json_string_value(json_object_get(doc, NPC_FIELD_LAW_KEY));
        json_int_t art = json_integer_value(json_object_get(doc, NPC_FIELD_ARTICLE));
        json_int_t sub = json_integer_value(json_object_get(doc, NPC_FIELD_ARTICLE_SUB));
        if (st == NPC_OK && key != NULL && key[0]) {
            json_t *cb = NULL;
            st = cited_by(s, key, strcmp(type, NPC_TYPE_LAW) == 0 ? 0 : (uint32_t)art,
                          (uint32_t)sub, path, &cb, err);
            json_object_set_new(res, "cited_by", cb);
        }
    }
    if (st == NPC_OK && type != NULL && path != NULL && strcmp(type, NPC_TYPE_REPORT) == 0 &&
        json_object_get(doc, NPC_FIELD_SECTION) != NULL) {
        json_t *secs = json_array();
        st = secs ? file_docs(s, path, NPC_TYPE_REPORT, section_fields, 4, secs, err)
                  : npc_fail(err, NPC_ENOMEM, "sections");
        json_object_set_new(res, "sections", secs);
    }
    json_t *cites = json_object_get(doc, NPC_FIELD_CITES);
    if (st == NPC_OK && json_is_array(cites)) {
        json_t *list = json_array();
        size_t i;
        json_t *v;
        json_array_foreach(cites, i, v)
        {
            const char *c = json_string_value(v);
            char *aid = NULL;
            if (c != NULL) {
                resolve_cite(s, c, &aid);
                json_array_append_new(list, json_pack("{s:s, s:o}", "cite", c, "id",
                                                      aid ? json_string(aid) : json_null()));
            }
            free(aid);
        }
        json_object_set_new(res, "citations", list);
    }
    json_decref(doc);
    if (st != NPC_OK) {
        json_decref(res);
        return st;
    }
    *out = res;
    return NPC_OK;
}

npc_status npc_searcher_stats(npc_searcher *s, uint64_t *revision, uint32_t *documents,
                              npc_err *err)
{
    npc_status st = xc_db_doccount(s->db, documents, err);
    *revision = 0;
    if (st == NPC_OK && s->public_only) {
        uint32_t internal = 0;
        st = xc_db_termfreq(s->db, NPC_TERM_INTERNAL, strlen(NPC_TERM_INTERNAL), &internal, err);
        *documents -= internal;
    }
    if (st != NPC_OK || !s->has_layout) {
        return st == NPC_OK ? xc_db_revision(s->db, revision, err) : st; /* a plain database */
    }
    for (size_t k = 0; k < s->layout.nshards && st == NPC_OK; k++) {
        char path[4200];
        xc_db *shard = NULL;
        uint64_t rev = 0;
        if (!npc_layout_shard_path(s->path, &s->layout, k, path, sizeof path)) {
            return npc_fail(err, NPC_EINVAL, "path too long");
        }
        st = xc_db_open(path, &shard, err);
        if (st == NPC_OK) {
            st = xc_db_revision(shard, &rev, err);
        }
        *revision += rev;
        xc_db_close(shard);
    }
    return st;
}

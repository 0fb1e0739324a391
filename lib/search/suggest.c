/*
 * suggest.c — the searcher's suggestions and "did you mean" (search.h npc_search_suggest,
 * search_int.h search_correction): the index's suggestion table (suggest/suggest.h), loaded on
 * first use, each suggested law resolved to its newest version, and the corrections of
 * suggest/correct.h asked about this index's terms.
 */
#include "search/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"
#include "suggest/correct.h"

static const char *const kind_names[] = {"title", "short", "abbrev", "term"};
static const char *const how_names[] = {"prefix", "pinyin", "initials", "contains"};

void searcher_suggest_drop(npc_searcher *s)
{
    for (size_t i = 0; s->sg_law != NULL && i < npc_suggest_size(s->sg); i++) {
        json_decref(s->sg_law[i]);
    }
    free(s->sg_law);
    npc_suggest_free(s->sg);
    s->sg_law = NULL;
    s->sg = NULL;
}

npc_status searcher_suggest_table(npc_searcher *s, const npc_suggest **out, npc_err *err)
{
    if (s->sg == NULL) {
        char *text = NULL;
        size_t len = 0;
        npc_status st = xc_db_metadata(s->db, NPC_META_SUGGEST, &text, &len, err);
        if (st == NPC_OK) {
            st = npc_suggest_load(text, len, &s->sg, err);
        }
        free(text);
        if (st == NPC_OK) {
            s->sg_law = calloc(npc_suggest_size(s->sg) + 1, sizeof *s->sg_law);
            st = s->sg_law ? NPC_OK : npc_fail(err, NPC_ENOMEM, "suggestions");
        }
        if (st != NPC_OK) {
            searcher_suggest_drop(s);
            return st;
        }
    }
    *out = s->sg;
    return NPC_OK;
}

/* ---- suggestions -------------------------------------------------------------------------- */

/* The newest version of the law whose key is key: its stored id, title and date set on o.
 * NPC_ENOTFOUND when the index (as this searcher sees it) holds none. */
static npc_status find_newest(npc_searcher *s, const char *key, json_t *o, npc_err *err)
{
    char lt[NPC_TERM_LOOKUP_BUF], tt[32];
    size_t ll = npc_term(lt, sizeof lt, NPC_P_LAW, key, strlen(key));
    size_t tl = npc_term(tt, sizeof tt, NPC_P_TYPE, NPC_TYPE_LAW, strlen(NPC_TYPE_LAW));
    if (ll == 0 || tl == 0) {
        return NPC_ENOTFOUND;
    }
    xc_query *sub[2] = {NULL, NULL}, *q = NULL;
    xc_mset *m = NULL;
    npc_docdata *d = NULL;
    npc_status st = xc_query_term(lt, ll, 1, &sub[0], err);
    if (st == NPC_OK) {
        st = xc_query_term(tt, tl, 1, &sub[1], err);
    }
    if (st == NPC_OK) {
        st = xc_query_combine(XC_OP_FILTER, sub, 2, 0, &q, err);
    }
    if (st == NPC_OK) {
        st = newest_first(s, &q, 1, &m, err);
    }
    if (st == NPC_OK) {
        st = xc_mset_size(m) > 0 ? mset_doc(m, 0, &d, err) : NPC_ENOTFOUND;
    }
    if (st == NPC_OK) {
        static const char *const fields[] = {NPC_FIELD_ID, NPC_FIELD_TITLE, NPC_FIELD_DATE};
        for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
            const char *v = npc_docdata_str(d, fields[k], NULL);
            json_object_set_new(o, fields[k], json_string(v ? v : ""));
        }
    }
    npc_docdata_free(d);
    xc_mset_free(m);
    xc_query_free(q);
    xc_query_free(sub[0]);
    xc_query_free(sub[1]);
    return st;
}

/* The same, for entry i of the table, remembered until the index changes: reading a whole
 * law's stored document for each suggestion was most of a suggestion's time (p99 3.4 ms of
 * ../shared/corpus' typed beginnings, against 1.8 ms suggesting one law; docs/bench.md). */
static npc_status newest_law(npc_searcher *s, size_t i, const char *key, json_t *o, npc_err *err)
{
    if (s->sg_law[i] == NULL) {
        json_t *law = json_object();
        npc_status st = law ? find_newest(s, key, law, err) : npc_fail(err, NPC_ENOMEM, "law");
        if (st != NPC_OK && st != NPC_ENOTFOUND) {
            json_decref(law);
            return st;
        }
        if (st == NPC_ENOTFOUND) {
            json_decref(law);
            law = json_null();
        }
        s->sg_law[i] = law;
    }
    if (json_is_null(s->sg_law[i])) {
        return NPC_ENOTFOUND;
    }
    return json_object_update(o, s->sg_law[i]) == 0 ? NPC_OK : npc_fail(err, NPC_ENOMEM, "law");
}

/* Appends hit h as a suggestion to arr; a law the index no longer holds is left out. */
static npc_status add_suggestion(npc_searcher *s, const npc_suggest_hit *h, json_t *arr,
                                 npc_err *err)
{
    const npc_suggest_entry *e = npc_suggest_get(s->sg, h->entry);
    json_t *o = json_pack("{s:s,s:s,s:s}", "text", e->text, "kind", kind_names[e->kind], "match",
                          how_names[h->how]);
    if (o == NULL) {
        return npc_fail(err, NPC_ENOMEM, "suggestions");
    }
    npc_status st = NPC_OK;
    if (e->key != NULL) {
        json_object_set_new(o, "law", json_string(e->key));
        st = newest_law(s, h->entry, e->key, o, err);
    }
    if (st == NPC_OK) {
        json_array_append(arr, o);
    }
    json_decref(o);
    return st == NPC_ENOTFOUND ? NPC_OK : st;
}

npc_status npc_search_suggest(npc_searcher *s, const char *q, size_t len, uint32_t limit,
                              json_t **out, npc_err *err)
{
    *out = NULL;
    if (limit == 0 || limit > NPC_SUGGEST_MAX_LIMIT) {
        return npc_fail(err, NPC_EINVAL, "limit must be from 1 to %d", NPC_SUGGEST_MAX_LIMIT);
    }
    if (len > NPC_SUGGEST_MAX_BYTES) {
        return npc_fail_reason(err, NPC_ETOOBIG, "query_too_long", "q over %d bytes",
                               NPC_SUGGEST_MAX_BYTES);
    }
    if (!npc_utf8_valid(q, len, NULL)) {
        return npc_fail(err, NPC_EUTF8, "q is not valid UTF-8");
    }
    const npc_suggest *sg = NULL;
    /* twice as many hits as wanted: some may name laws this searcher does not show */
    npc_suggest_hit hits[NPC_SUGGEST_MAX_LIMIT * 2];
    size_t n = 0;
    json_t *arr = json_array();
    npc_status st = arr ? searcher_suggest_table(s, &sg, err) : npc_fail(err, NPC_ENOMEM, "sugg");
    if (st == NPC_OK) {
        st = npc_suggest_match(sg, q, len, hits, limit * 2, &n, err);
    }
    for (size_t k = 0; st == NPC_OK && k < n && json_array_size(arr) < limit; k++) {
        st = add_suggestion(s, &hits[k], arr, err);
    }
    if (st == NPC_OK) {
        *out = json_pack("{s:s%,s:o}", "query", q, len, "suggestions", arr);
        return *out ? NPC_OK : npc_fail(err, NPC_ENOMEM, "suggestions");
    }
    json_decref(arr);
    return st;
}

/* ---- did you mean ------------------------------------------------------------------------- */

static uint32_t index_freq(void *ctx, enum npc_freq_of of, const char *t, size_t len)
{
    npc_searcher *s = ctx;
    const char *prefix = of == NPC_FREQ_BIGRAM ? NPC_P_BIGRAM : of == NPC_FREQ_LAW ? NPC_P_LAW : "";
    char buf[NPC_TERM_LOOKUP_BUF];
    size_t n = npc_term(buf, sizeof buf, prefix, t, len);
    uint32_t tf = 0;
    return n && xc_db_termfreq(s->db, buf, n, &tf, NULL) == NPC_OK ? tf : 0;
}

npc_status search_correction(npc_searcher *s, const char *q, size_t len, char **out,
                             enum npc_correct_kind *kind, npc_err *err)
{
    *out = NULL;
    *kind = NPC_CORRECT_NONE;
    const npc_suggest *sg = NULL;
    npc_status st = searcher_suggest_table(s, &sg, err);
    if (st == NPC_OK && s->py == NULL) {
        st = npc_pinyin_open(&s->py, err);
    }
    if (st == NPC_OK) {
        st = npc_correct(sg, s->py, s->an, q, len, index_freq, s, out, kind, err);
    }
    return st;
}

/*
 * docbuild.c — one document from its fields, its words added, pushed (see docbuild.h).
 */
#include "docbuild.h"

#include <stdlib.h>
#include <string.h>

#include "index/schema.h"
#include "search/snippet.h"

npc_status npc_doc_add_term(xc_doc *d, const char *prefix, const char *value, npc_err *err)
{
    char buf[NPC_TERM_MAX + 1];
    size_t n = npc_term(buf, sizeof buf, prefix, value, strlen(value));
    if (n == 0) {
        return NPC_OK; /* too long for a term: the field stays searchable as text */
    }
    return xc_doc_add_boolean_term(d, buf, n, err);
}

npc_status npc_doc_add_value(xc_doc *d, unsigned slot, const char *v, npc_err *err)
{
    if (v == NULL || v[0] == '\0') {
        return NPC_OK;
    }
    return xc_doc_set_value(d, slot, v, strlen(v), err);
}

npc_status npc_doc_add_article(xc_doc *d, uint32_t article, uint32_t sub, npc_err *err)
{
    char term[NPC_TERM_MAX + 1];
    size_t n = npc_term_article(term, sizeof term, article, sub);
    return n != 0 ? xc_doc_add_boolean_term(d, term, n, err) : NPC_OK;
}

/* A law version's term, values and fields. */
static npc_status version_terms(xc_doc *d, const npc_doc_version *v, npc_err *err)
{
    const char *until = v->repealed[0] ? v->repealed : NPC_IN_FORCE_OPEN;
    npc_status st;
    if ((st = npc_doc_add_value(d, NPC_SLOT_LAW_STATUS, v->status, err)) != NPC_OK ||
        (st = npc_doc_add_value(d, NPC_SLOT_STATUS, v->status, err)) != NPC_OK ||
        (st = npc_doc_add_value(d, NPC_SLOT_IN_FORCE, v->in_force, err)) != NPC_OK ||
        (st = npc_doc_add_value(d, NPC_SLOT_IN_FORCE_UNTIL, until, err)) != NPC_OK ||
        (st = npc_doc_add_value(d, NPC_SLOT_VERSION_GROUP, v->group, err)) != NPC_OK) {
        return st;
    }
    return npc_doc_add_value(d, NPC_SLOT_REPEALED, v->repealed, err);
}

static void version_fields(json_t *o, const npc_doc_version *v)
{
    json_object_set_new(o, NPC_FIELD_ADOPTED, json_string(v->adopted));
    json_object_set_new(o, NPC_FIELD_AMENDED, json_string(v->amended));
    json_object_set_new(o, NPC_FIELD_IN_FORCE, json_string(v->in_force));
    json_object_set_new(o, NPC_FIELD_IN_FORCE_UNTIL, json_string(v->repealed));
    json_object_set_new(o, NPC_FIELD_REPEALED, json_string(v->repealed));
    json_object_set_new(o, NPC_FIELD_STATUS, json_string(v->status));
}

/* The filter terms and values of fs. */
static npc_status filter_terms(xc_doc *d, const npc_doc_fields *fs, npc_err *err)
{
    char year[5] = "";
    if (fs->date != NULL && strlen(fs->date) >= 4) {
        memcpy(year, fs->date, 4);
        year[4] = '\0';
    }
    int national =
        (strcmp(fs->type, NPC_TYPE_LAW) == 0 || strcmp(fs->type, NPC_TYPE_ARTICLE) == 0) &&
        strcmp(fs->category, NPC_LOCAL_CATEGORY) != 0;
    npc_status st;
    if ((st = npc_doc_add_term(d, NPC_P_ID, fs->id, err)) != NPC_OK ||
        (st = npc_doc_add_term(d, NPC_P_FILE, fs->path, err)) != NPC_OK ||
        (st = npc_doc_add_term(d, NPC_P_TYPE, fs->type, err)) != NPC_OK ||
        (fs->category[0] &&
         (st = npc_doc_add_term(d, NPC_P_CATEGORY, fs->category, err)) != NPC_OK) ||
        (fs->region[0] && (st = npc_doc_add_term(d, NPC_P_REGION, fs->region, err)) != NPC_OK) ||
        (year[0] && (st = npc_doc_add_term(d, NPC_P_YEAR, year, err)) != NPC_OK) ||
        (fs->law_key && fs->law_key[0] &&
         (st = npc_doc_add_term(d, NPC_P_LAW, fs->law_key, err)) != NPC_OK) ||
        (fs->article != 0 && (st = npc_doc_add_article(d, fs->article, fs->sub, err)) != NPC_OK) ||
        (national && (st = npc_doc_add_term(d, NPC_TERM_NATIONAL, "", err)) != NPC_OK) ||
        (st = npc_doc_add_value(d, NPC_SLOT_DATE, fs->date, err)) != NPC_OK ||
        (st = npc_doc_add_value(d, NPC_SLOT_TYPE, fs->type, err)) != NPC_OK ||
        (st = npc_doc_add_value(d, NPC_SLOT_CATEGORY, fs->category, err)) != NPC_OK ||
        (st = npc_doc_add_value(d, NPC_SLOT_YEAR, year, err)) != NPC_OK ||
        (st = npc_doc_add_value(d, NPC_SLOT_REGION, fs->region, err)) != NPC_OK) {
        return st;
    }
    return fs->version != NULL ? version_terms(d, fs->version, err) : NPC_OK;
}

/* The stored JSON of fs: every document's fields, fs->extra, the word boundaries. */
static npc_status stored_data(const npc_doc_fields *fs, char **out, npc_err *err)
{
    *out = NULL;
    json_t *o = json_object();
    if (o == NULL) {
        return npc_fail(err, NPC_ENOMEM, "document data");
    }
    json_object_set_new(o, NPC_FIELD_ID, json_string(fs->id));
    json_object_set_new(o, NPC_FIELD_TYPE, json_string(fs->type));
    json_object_set_new(o, NPC_FIELD_TITLE, json_string(fs->title));
    if (fs->book && fs->book[0]) {
        json_object_set_new(o, NPC_FIELD_BOOK, json_string(fs->book));
    }
    json_object_set_new(o, NPC_FIELD_ARTICLE, json_integer(fs->article));
    json_object_set_new(o, NPC_FIELD_ARTICLE_SUB, json_integer(fs->sub));
    json_object_set_new(o, NPC_FIELD_ARTICLE_LABEL,
                        json_string(fs->article_label ? fs->article_label : ""));
    json_object_set_new(o, NPC_FIELD_PATH, json_string(fs->path));
    json_object_set_new(o, NPC_FIELD_DATE, json_string(fs->date ? fs->date : ""));
    json_object_set_new(o, NPC_FIELD_CATEGORY, json_string(fs->category));
    json_object_set_new(o, NPC_FIELD_REGION, json_string(fs->region));
    json_object_set_new(o, NPC_FIELD_CHAPTER, json_string(fs->chapter ? fs->chapter : ""));
    json_object_set_new(o, NPC_FIELD_LAW_KEY, json_string(fs->law_key ? fs->law_key : ""));
    json_object_set_new(o, NPC_FIELD_TEXT, json_stringn(fs->text, fs->text_len));
    if (fs->extra != NULL) {
        json_object_update(o, fs->extra);
    }
    if (fs->version != NULL) {
        version_fields(o, fs->version);
    }
    npc_status st = NPC_OK;
    if (fs->analysed != NULL) {
        char *breaks = NULL;
        size_t at = fs->analysed_at, scan = npc_snippet_scan(fs->text, fs->text_len);
        st = npc_analysis_breaks(fs->analysed, at, at + scan, &breaks, err);
        json_object_set_new(o, NPC_FIELD_BREAKS, json_string(breaks ? breaks : ""));
        free(breaks);
    }
    if (st == NPC_OK && (*out = json_dumps(o, JSON_COMPACT)) == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "document data");
    }
    json_decref(o);
    return st;
}

npc_status npc_doc_build(const npc_doc_fields *fs, xc_doc **out, npc_err *err)
{
    xc_doc *d;
    npc_status st = xc_doc_new(&d, err);
    if (st != NPC_OK) {
        return st;
    }
    char *data = NULL;
    st = filter_terms(d, fs, err);
    if (st == NPC_OK) {
        st = stored_data(fs, &data, err);
    }
    if (st == NPC_OK) {
        st = xc_doc_set_data(d, data, strlen(data), err);
    }
    free(data);
    if (st != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    *out = d;
    return NPC_OK;
}

/* Makes room for one more document in out. */
static npc_status grow(npc_prepared *out, npc_err *err)
{
    if (out->n < out->cap) {
        return NPC_OK;
    }
    size_t cap = out->cap ? out->cap * 2 : 16;
    xc_doc **docs = realloc(out->docs, cap * sizeof *docs);
    if (docs != NULL) {
        out->docs = docs;
    }
    char **ids = realloc(out->ids, cap * sizeof *ids);
    if (ids != NULL) {
        out->ids = ids;
    }
    if (docs == NULL || ids == NULL) {
        return npc_fail(err, NPC_ENOMEM, "documents");
    }
    out->cap = cap;
    return NPC_OK;
}

npc_status npc_doc_push(npc_prepared *out, xc_doc *d, const char *id, npc_err *err)
{
    npc_status st = xc_doc_pack_values(d, npc_facet_slots, NPC_NFACETS, NPC_SLOT_FACETS, err);
    if (st == NPC_OK) {
        st = grow(out, err);
    }
    size_t n = strlen(NPC_P_ID) + strlen(id) + 1;
    char *term = st == NPC_OK ? malloc(n) : NULL;
    if (st == NPC_OK && term == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "documents");
    }
    if (st != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    npc_term(term, n, NPC_P_ID, id, strlen(id));
    out->docs[out->n] = d;
    out->ids[out->n] = term;
    out->n++;
    return NPC_OK;
}

npc_status npc_doc_add_token(xc_doc *d, const npc_analysis *an, const npc_token *t, uint32_t wdf,
                             enum npc_pos_field field, npc_err *err)
{
    int gram = !npc_token_is_word(t->kind);
    const char *term = npc_token_term(an, t);
    char buf[16];
    size_t len = t->term_len;
    int edge = t->kind == NPC_TOK_RUN_START || t->kind == NPC_TOK_RUN_END;
    if (gram) {
        memcpy(buf, t->kind == NPC_TOK_RUN_START ? NPC_P_RUN_START : NPC_P_BIGRAM, 2);
        memcpy(buf + 2, term, t->term_len);
        term = buf;
        len += 2;
    }
    /* a run's edge only marks where the run starts or stops: no weight, no share of the
     * document's length (BM25 sees the index it saw without them) */
    uint32_t inc = edge ? 0 : wdf;
    if (t->kind == NPC_TOK_HAN || field == NPC_POS_NONE ||
        (field != NPC_POS_TEXT && t->pos >= NPC_POS_SPAN)) {
        return edge ? NPC_OK : xc_doc_add_term(d, term, len, inc, err);
    }
    return xc_doc_add_posting(d, term, len, (uint32_t)field * NPC_POS_SPAN + t->pos, inc, err);
}

npc_status npc_doc_add_tokens_in(xc_doc *d, const npc_analysis *an, size_t base, size_t from,
                                 size_t to, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t k = 0; st == NPC_OK && k < an->ntokens; k++) {
        const npc_token *t = &an->tokens[k];
        if (base + t->start >= from && base + t->end <= to) {
            st = npc_doc_add_token(d, an, t, 1, NPC_POS_TEXT, err);
        }
    }
    return st;
}

npc_status npc_doc_add_field(npc_analyzer *a, xc_doc **docs, size_t ndocs, const char *s,
                             size_t len, uint32_t wdf, enum npc_pos_field field, npc_err *err)
{
    npc_analysis an;
    npc_status st = npc_analyze(a, s, len, NPC_AN_INDEX, &an, err);
    for (size_t i = 0; st == NPC_OK && i < an.ntokens; i++) {
        for (size_t k = 0; st == NPC_OK && k < ndocs; k++) {
            st = npc_doc_add_token(docs[k], &an, &an.tokens[i], wdf, field, err);
        }
    }
    return st;
}

/*
 * docview.c — one stored document, and a document view: a law's articles, a report's sections,
 * the documents citing it and the articles it cites (see search.h).
 */
#include "search/search_int.h"

#include "index/cite.h"
#include "index/schema.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static const char *const article_fields[] = {NPC_FIELD_ID,          NPC_FIELD_ARTICLE,
                                             NPC_FIELD_ARTICLE_SUB, NPC_FIELD_ARTICLE_LABEL,
                                             NPC_FIELD_CHAPTER,     NPC_FIELD_TEXT};

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

npc_status file_docs(npc_searcher *s, const char *path, const char *type, const char *const *fields,
                     size_t nfields, json_t *out, npc_err *err)
{
    char ft[4200], tt[64];
    size_t fl = npc_term(ft, sizeof ft, NPC_P_FILE, path, strlen(path));
    size_t tl = npc_term(tt, sizeof tt, NPC_P_TYPE, type, strlen(type));
    if (fl == 0) {
        return npc_fail(err, NPC_EINVAL, "path too long");
    }
    const char *terms[2] = {ft, tt};
    size_t lens[2] = {fl, tl};
    xc_query *q = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    npc_status st = xc_query_terms(XC_OP_AND, terms, lens, 2, &q, err);
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
    return st;
}

#define CITED_BY_MAX 20
static const char *const cited_fields[] = {
    NPC_FIELD_ID,      NPC_FIELD_TYPE, NPC_FIELD_TITLE, NPC_FIELD_ARTICLE_LABEL,
    NPC_FIELD_CHAPTER, NPC_FIELD_DATE, NPC_FIELD_DRAFT, NPC_FIELD_PATH};

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

/* The law a stored citation of a whole law ("残疾人保障法") names: its version in force on the
 * citing document's date (the latest that took effect by then; the first when none had), into
 * *id; NULL when the index holds no such law. */
static void resolve_law(npc_searcher *s, const char *key, const char *date, char **id)
{
    json_t *vs = NULL;
    if (search_versions(s, key, NULL, &vs, NULL) != NPC_OK || json_array_size(vs) == 0) {
        json_decref(vs);
        return;
    }
    char day[16];
    snprintf(day, sizeof day, "%s%s", date ? date : "9999",
             date == NULL || strlen(date) >= 10 ? ""
             : strlen(date) >= 7                ? "-31"
                                                : "-12-31");
    json_t *pick = json_array_get(vs, 0);
    size_t i;
    json_t *v;
    json_array_foreach(vs, i, v)
    {
        const char *f = json_string_value(json_object_get(v, NPC_FIELD_IN_FORCE));
        if (f != NULL && strcmp(f, day) <= 0) {
            pick = v;
        }
    }
    const char *pid = json_string_value(json_object_get(pick, NPC_FIELD_ID));
    *id = pid ? strdup(pid) : NULL;
    json_decref(vs);
}

/* The id of the article a stored citation ("残疾人保障法#33") names, latest version first, or
 * of the law a citation of a whole law names (resolve_law, by date); *id stays NULL when the
 * index holds no such article or law. */
static void resolve_cite(npc_searcher *s, const char *cite, const char *date, char **id)
{
    *id = NULL;
    const char *hash = strrchr(cite, '#');
    if (hash == NULL) {
        resolve_law(s, cite, date, id);
        return;
    }
    if (hash == cite) {
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
            json_t *vs = NULL;
            const char *book = json_string_value(json_object_get(doc, NPC_FIELD_BOOK));
            st = search_versions(s, key, book, &vs, err);
            json_object_set_new(res, "versions", vs);
        }
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
                resolve_cite(s, c, json_string_value(json_object_get(doc, NPC_FIELD_DATE)), &aid);
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

/* The newest law whose key is key (its stored document), into *out; NULL when none. */
static npc_status newest_law(npc_searcher *s, const char *key, npc_docdata **out, npc_err *err)
{
    *out = NULL;
    char lt[NPC_LAW_KEY_MAX + 8], tt[32];
    size_t ll = npc_term(lt, sizeof lt, NPC_P_LAW, key, strlen(key));
    size_t tl = npc_term(tt, sizeof tt, NPC_P_TYPE, NPC_TYPE_LAW, strlen(NPC_TYPE_LAW));
    const char *terms[2] = {lt, tt};
    size_t lens[2] = {ll, tl};
    xc_query *q = NULL;
    xc_mset *m = NULL;
    npc_status st = ll ? xc_query_terms(XC_OP_AND, terms, lens, 2, &q, err) : NPC_OK;
    if (st == NPC_OK && q != NULL) {
        st = newest_first(s, &q, 1, &m, err);
    }
    if (st == NPC_OK && m != NULL && xc_mset_size(m) > 0) {
        st = mset_doc(m, 0, out, err);
    }
    xc_mset_free(m);
    xc_query_free(q);
    return st;
}

npc_status npc_search_law_articles(npc_searcher *s, const char *title, json_t **law,
                                   json_t **articles, npc_err *err)
{
    *law = *articles = NULL;
    char key[NPC_LAW_KEY_MAX + 8];
    npc_law_key(title, strlen(title), key, sizeof key);
    npc_docdata *doc = NULL;
    npc_status st = newest_law(s, key, &doc, err);
    const char *path = doc ? npc_docdata_str(doc, NPC_FIELD_PATH, NULL) : NULL;
    if (st == NPC_OK && path == NULL) {
        st = npc_fail(err, NPC_ENOTFOUND, "no law titled %s", title);
    }
    if (st == NPC_OK) {
        *law = pick_stored(doc, law_fields, 5);
        *articles = json_array();
        st = *law && *articles
                 ? file_docs(s, path, NPC_TYPE_ARTICLE, article_fields, 6, *articles, err)
                 : npc_fail(err, NPC_ENOMEM, "articles");
    }
    npc_docdata_free(doc);
    if (st != NPC_OK) {
        json_decref(*law);
        json_decref(*articles);
        *law = *articles = NULL;
    }
    return st;
}

/*
 * versions.c — a law's versions as the index holds them, and two of them compared article by
 * article (see search.h npc_search_diff and docs/json.md "Diff").
 */
#include "search/search_int.h"

#include "diff/diff.h"
#include "index/cite.h"
#include "index/schema.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VERSIONS_MAX 100
static const char *const version_fields[] = {
    NPC_FIELD_ID,       NPC_FIELD_TITLE,          NPC_FIELD_DATE,   NPC_FIELD_ADOPTED,
    NPC_FIELD_IN_FORCE, NPC_FIELD_IN_FORCE_UNTIL, NPC_FIELD_STATUS, NPC_FIELD_PATH};

static int by_in_force(const void *x, const void *y)
{
    json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    const char *fa = json_string_value(json_object_get(a, NPC_FIELD_IN_FORCE));
    const char *fb = json_string_value(json_object_get(b, NPC_FIELD_IN_FORCE));
    int c = strcmp(fa ? fa : "", fb ? fb : "");
    return c != 0 ? c
                  : strcmp(json_string_value(json_object_get(a, NPC_FIELD_ID)),
                           json_string_value(json_object_get(b, NPC_FIELD_ID)));
}

npc_status search_versions(npc_searcher *s, const char *key, const char *book, json_t **out,
                           npc_err *err)
{
    *out = NULL;
    char lt[NPC_TERM_LOOKUP_BUF], tt[32];
    size_t ll = npc_term(lt, sizeof lt, NPC_P_LAW, key, strlen(key));
    size_t tl = npc_term(tt, sizeof tt, NPC_P_TYPE, NPC_TYPE_LAW, strlen(NPC_TYPE_LAW));
    if (ll == 0) {
        return npc_fail(err, NPC_EINVAL, "law name too long");
    }
    const char *terms[2] = {lt, tt};
    size_t lens[2] = {ll, tl};
    xc_query *q = NULL;
    xc_mset *m = NULL;
    json_t *list[VERSIONS_MAX];
    size_t n = 0;
    npc_status st = xc_query_terms(XC_OP_AND, terms, lens, 2, &q, err);
    if (st == NPC_OK) {
        st = newest_first(s, &q, VERSIONS_MAX, &m, err);
    }
    for (uint32_t i = 0; st == NPC_OK && i < xc_mset_size(m); i++) {
        npc_docdata *doc;
        if ((st = mset_doc(m, i, &doc, err)) != NPC_OK) {
            break;
        }
        const char *b = npc_docdata_str(doc, NPC_FIELD_BOOK, NULL);
        if (strcmp(b ? b : "", book ? book : "") == 0) {
            list[n++] =
                pick_stored(doc, version_fields, sizeof version_fields / sizeof *version_fields);
        }
        npc_docdata_free(doc);
    }
    xc_mset_free(m);
    xc_query_free(q);
    qsort(list, n, sizeof *list, by_in_force);
    json_t *arr = st == NPC_OK ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (arr != NULL) {
            json_array_append(arr, list[i]);
        }
        json_decref(list[i]);
    }
    if (st == NPC_OK && arr == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "versions");
    }
    *out = arr;
    return st;
}

/* The version of vs that v names: its id, or a date its date or in_force starts with. */
static json_t *pick_version(json_t *vs, const char *v)
{
    size_t i;
    json_t *x, *found = NULL;
    json_array_foreach(vs, i, x)
    {
        const char *id = json_string_value(json_object_get(x, NPC_FIELD_ID));
        const char *d = json_string_value(json_object_get(x, NPC_FIELD_DATE));
        const char *f = json_string_value(json_object_get(x, NPC_FIELD_IN_FORCE));
        size_t n = strlen(v);
        if ((id && strcmp(id, v) == 0) || (d && d[0] && strncmp(d, v, n) == 0) ||
            (f && f[0] && strncmp(f, v, n) == 0)) {
            found = x; /* the last that matches: the latest of a year */
        }
    }
    return found;
}

/* The law a version id belongs to: its key and book, from its stored document. */
static npc_status law_of(npc_searcher *s, const char *id, char **key, char **book, npc_err *err)
{
    json_t *doc = NULL;
    npc_status st = npc_search_doc(s, id, &doc, err);
    if (st != NPC_OK) {
        return st;
    }
    const char *type = json_string_value(json_object_get(doc, NPC_FIELD_TYPE));
    const char *k = json_string_value(json_object_get(doc, NPC_FIELD_LAW_KEY));
    const char *b = json_string_value(json_object_get(doc, NPC_FIELD_BOOK));
    if (type == NULL || strcmp(type, NPC_TYPE_LAW) != 0 || k == NULL || !k[0]) {
        st = npc_fail(err, NPC_EINVAL, "%s is not a law", id);
    } else if ((*key = strdup(k)) == NULL || (*book = strdup(b ? b : "")) == NULL) {
        free(*key);
        *key = NULL;
        st = npc_fail(err, NPC_ENOMEM, "diff");
    }
    json_decref(doc);
    return st;
}

/* Whether v looks like a document id (a path) rather than a date. */
static int is_id(const char *v)
{
    return strchr(v, '/') != NULL || strstr(v, ".md") != NULL;
}

/* The law and book the request names: law's, or that of its version ids, which must agree. */
static npc_status diff_law(npc_searcher *s, const char *law, const char *from, const char *to,
                           char **key, char **book, npc_err *err)
{
    *key = *book = NULL;
    const char *ids[2] = {from, to};
    for (int k = 0; k < 2; k++) {
        if (!npc_search_req_given(ids[k]) || !is_id(ids[k])) {
            continue;
        }
        char *ik = NULL, *ib = NULL;
        npc_status st = law_of(s, ids[k], &ik, &ib, err);
        if (st != NPC_OK) {
            free(*key), free(*book);
            return st;
        }
        if (*key == NULL) {
            *key = ik, *book = ib;
            continue;
        }
        int same = strcmp(*key, ik) == 0 && strcmp(*book, ib) == 0;
        if (!same) {
            st = npc_fail(err, NPC_EINVAL, "%s and %s are not versions of one law (%s, %s)", from,
                          to, *key, ik);
        }
        free(ik), free(ib);
        if (st != NPC_OK) {
            free(*key), free(*book);
            *key = *book = NULL;
            return st;
        }
    }
    if (npc_search_req_given(law)) {
        /* as a citation names it: 监督法 is 各级人民代表大会常务委员会监督法 */
        char lk[NPC_LAW_KEY_MAX + 8];
        npc_cite c;
        npc_err ignored;
        if (npc_cite_parse(s->an, law, strlen(law), &c, &ignored) == NPC_OK) {
            snprintf(lk, sizeof lk, "%s", c.key);
        } else {
            npc_law_key(law, strlen(law), lk, sizeof lk);
        }
        if (*key != NULL && strcmp(*key, lk) != 0) {
            npc_status st =
                npc_fail(err, NPC_EINVAL, "the versions asked for are of %s, not of %s", *key, lk);
            free(*key), free(*book);
            *key = *book = NULL;
            return st;
        }
        if (*key == NULL && ((*key = strdup(lk)) == NULL || (*book = strdup("")) == NULL)) {
            free(*key);
            *key = NULL;
            return npc_fail(err, NPC_ENOMEM, "diff");
        }
    }
    if (*key == NULL) {
        return npc_fail(err, NPC_EINVAL, "a diff needs a law (law=) or two version ids");
    }
    return NPC_OK;
}

/* The articles of the version at path, in order: their ids, labels and stored texts. */
typedef struct varts {
    json_t *docs; /* [{"id","article_label","text"}] */
    npc_diff_article *a;
    size_t n;
} varts;

static const char *const vart_fields[] = {NPC_FIELD_ID, NPC_FIELD_ARTICLE_LABEL, NPC_FIELD_TEXT};

static npc_status load_articles(npc_searcher *s, const char *path, varts *v, npc_err *err)
{
    memset(v, 0, sizeof *v);
    v->docs = json_array();
    npc_status st = v->docs ? file_docs(s, path, NPC_TYPE_ARTICLE, vart_fields, 3, v->docs, err)
                            : npc_fail(err, NPC_ENOMEM, "diff");
    size_t n = st == NPC_OK ? json_array_size(v->docs) : 0;
    if (st == NPC_OK && (v->a = calloc(n + 1, sizeof *v->a)) == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "diff");
    }
    for (size_t i = 0; st == NPC_OK && i < n; i++) {
        json_t *d = json_array_get(v->docs, i);
        const char *label = json_string_value(json_object_get(d, NPC_FIELD_ARTICLE_LABEL));
        const char *text = json_string_value(json_object_get(d, NPC_FIELD_TEXT));
        label = label ? label : "";
        text = text ? text : "";
        size_t ll = strlen(label), tl = strlen(text);
        size_t at = npc_diff_content_at(text, tl, label, ll);
        v->a[i] = (npc_diff_article){label, text + at, ll, tl - at};
    }
    v->n = n;
    return st;
}

static void varts_release(varts *v)
{
    json_decref(v->docs);
    free(v->a);
}

/* The character spans of a changed pair: [{"op": "=", "-" or "+", "text"}]. */
static npc_status pair_spans(const npc_diff_article *a, const npc_diff_article *b, json_t **out,
                             npc_err *err)
{
    npc_diff_span *sp = NULL;
    size_t n = 0;
    npc_status st = npc_diff_chars(a->text, a->text_len, b->text, b->text_len, &sp, &n, err);
    json_t *arr = st == NPC_OK ? json_array() : NULL;
    for (size_t i = 0; arr != NULL && i < n; i++) {
        const char *t = sp[i].op == NPC_DIFF_INSERT ? b->text : a->text;
        const char *op = sp[i].op == NPC_DIFF_EQUAL ? "=" : sp[i].op == NPC_DIFF_DELETE ? "-" : "+";
        json_array_append_new(arr, json_pack("{s:s, s:s%}", "op", op, "text", t + sp[i].start,
                                             sp[i].end - sp[i].start));
    }
    free(sp);
    if (st == NPC_OK && arr == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "diff");
    }
    *out = arr;
    return st;
}

/* One side of a pair: {"id", "label", "text"}. */
static json_t *side(const varts *v, long i)
{
    if (i < 0) {
        return json_null();
    }
    json_t *d = json_array_get(v->docs, (size_t)i);
    return json_pack("{s:O, s:s%, s:s%}", "id", json_object_get(d, NPC_FIELD_ID), "label",
                     v->a[i].label, v->a[i].label_len, "text", v->a[i].text, v->a[i].text_len);
}

static npc_status diff_json(const varts *a, const varts *b, json_t *res, npc_err *err)
{
    npc_diff_pair *p = NULL;
    size_t n = 0;
    npc_status st = npc_diff_align(a->a, a->n, b->a, b->n, &p, &n, err);
    size_t counts[NPC_DIFF_REMOVED + 1] = {0};
    json_t *pairs = json_array();
    for (size_t i = 0; st == NPC_OK && pairs != NULL && i < n; i++) {
        counts[p[i].mark]++;
        json_t *o = json_pack("{s:s, s:o, s:o, s:f}", "mark", npc_diff_mark_name(p[i].mark), "from",
                              side(a, p[i].from), "to", side(b, p[i].to), "alike", p[i].alike);
        if (o != NULL && p[i].mark == NPC_DIFF_CHANGED) {
            json_t *spans = NULL;
            st = pair_spans(&a->a[p[i].from], &b->a[p[i].to], &spans, err);
            json_object_set_new(o, "spans", spans);
        }
        json_array_append_new(pairs, o);
    }
    free(p);
    json_t *c = json_object();
    for (int m = 0; c != NULL && m <= NPC_DIFF_REMOVED; m++) {
        json_object_set_new(c, npc_diff_mark_name((enum npc_diff_mark)m),
                            json_integer((json_int_t)counts[m]));
    }
    json_object_set_new(res, "counts", c);
    json_object_set_new(res, "pairs", pairs);
    return st == NPC_OK && (pairs == NULL || c == NULL) ? npc_fail(err, NPC_ENOMEM, "diff") : st;
}

npc_status npc_search_diff(npc_searcher *s, const char *law, const char *from, const char *to,
                           json_t **out, npc_err *err)
{
    *out = NULL;
    char *key = NULL, *book = NULL;
    json_t *vs = NULL, *res = NULL;
    npc_status st = diff_law(s, law, from, to, &key, &book, err);
    if (st == NPC_OK) {
        st = search_versions(s, key, book, &vs, err);
    }
    size_t nv = st == NPC_OK ? json_array_size(vs) : 0;
    json_t *vf = NULL, *vt = NULL;
    if (st == NPC_OK && nv == 0) {
        st = npc_fail(err, NPC_ENOTFOUND, "no law %s in the index", key);
    } else if (st == NPC_OK && nv == 1) {
        st = npc_fail(err, NPC_ENOTFOUND, "%s has one version in the index (%s): no diff", key,
                      json_string_value(json_object_get(json_array_get(vs, 0), NPC_FIELD_ID)));
    } else if (st == NPC_OK) {
        vf = npc_search_req_given(from) ? pick_version(vs, from) : json_array_get(vs, nv - 2);
        vt = npc_search_req_given(to) ? pick_version(vs, to) : json_array_get(vs, nv - 1);
        if (vf == NULL || vt == NULL) {
            st = npc_fail(err, NPC_ENOTFOUND, "%s has no version %s", key, vf == NULL ? from : to);
        } else if (vf == vt) {
            st = npc_fail(err, NPC_EINVAL, "from and to are the same version of %s", key);
        }
    }
    varts a = {0}, b = {0};
    if (st == NPC_OK) {
        st = load_articles(s, json_string_value(json_object_get(vf, NPC_FIELD_PATH)), &a, err);
    }
    if (st == NPC_OK) {
        st = load_articles(s, json_string_value(json_object_get(vt, NPC_FIELD_PATH)), &b, err);
    }
    if (st == NPC_OK) {
        res = json_pack("{s:s, s:O, s:O}", "law", key, "from", vf, "to", vt);
        st = res ? diff_json(&a, &b, res, err) : npc_fail(err, NPC_ENOMEM, "diff");
    }
    varts_release(&a);
    varts_release(&b);
    json_decref(vs);
    free(key);
    free(book);
    if (st != NPC_OK) {
        json_decref(res);
        return st;
    }
    *out = res;
    return NPC_OK;
}

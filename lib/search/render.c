/*
 * render.c — a hit as JSON (its stored fields, its snippet) and the facets of a search (see
 * search_int.h and docs/json.md).
 */
#include "search/search_int.h"

#include "index/schema.h"
#include "search/snippet.h"
#include <stdlib.h>
#include <string.h>

static const char *const hit_fields[] = {
    NPC_FIELD_ID,   NPC_FIELD_TYPE, NPC_FIELD_TITLE,    NPC_FIELD_ARTICLE, NPC_FIELD_ARTICLE_LABEL,
    NPC_FIELD_PATH, NPC_FIELD_DATE, NPC_FIELD_CATEGORY, NPC_FIELD_REGION,  NPC_FIELD_CHAPTER};

/* Fields a hit carries when its document has them (feedback, report sections). */
static const char *const optional_fields[] = {
    NPC_FIELD_DRAFT,    NPC_FIELD_CONTACT_POINT, NPC_FIELD_SUBMITTER, NPC_FIELD_STATUS,
    NPC_FIELD_BODY,     NPC_FIELD_SECTION,       NPC_FIELD_SECTIONS,  NPC_FIELD_PASSAGE,
    NPC_FIELD_PASSAGES, NPC_FIELD_BYLINE,        NPC_FIELD_IN_FORCE,  NPC_FIELD_IN_FORCE_UNTIL,
    NPC_FIELD_LATER};

static int add_facet_value(const char *value, size_t len, uint32_t count, void *ctx)
{
    json_t *arr = ctx;
    json_t *o = json_pack("{s:s%, s:i}", "value", value, len, "count", (json_int_t)count);
    if (o != NULL) {
        json_array_append_new(arr, o);
    }
    return 0;
}

npc_status mset_doc(const xc_mset *m, uint32_t i, npc_docdata **out, npc_err *err)
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

json_t *pick_stored(const npc_docdata *d, const char *const *fields, size_t n)
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

npc_status render_hit(npc_searcher *s, const npc_query *pq, const xc_mset *m, uint32_t i,
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

#define FACET_MAX 50

npc_status render_facets(xc_enquire *fe, uint32_t total, int bounds_exact, json_t *res,
                         npc_err *err)
{
    json_t *facets = json_object();
    uint32_t seen = 0;
    npc_status st = xc_enquire_facet_total(fe, &seen, err);
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
    json_object_set_new(res, "facets_total", json_integer(total)); /* documents, uncollapsed */
    return st;
}

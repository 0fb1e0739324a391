/*
 * draft.c — a draft's dashboard and the list of drafts (see draft.h): the suggestions listed
 * from the index, their articles read by the analyzer as the indexer read them, counted per
 * article, contact point and status, grouped by dupes.c, the draft's own articles beside.
 */
#include "feedback/draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedback/dupes.h"
#include "index/schema.h"
#include "xapian-c/xc.h"
#include "text/analyzer.h"

#define MAX_ARTICLES 16 /* articles one suggestion names, as the indexer reads them */

/* One suggestion: its stored document (borrowed from the listing) and what the dashboard
 * reads of it. */
typedef struct sugg {
    json_t *doc;
    const char *path;
    json_int_t line;
    char *text; /* the suggestion without its reason (owned) */
    uint32_t num[MAX_ARTICLES], sub[MAX_ARTICLES];
    size_t n;
    size_t group;
} sugg;

/* One article's counts. */
typedef struct row {
    uint32_t num, sub;
    json_int_t total;
    json_t *points, *statuses, *groups; /* {value: count} */
} row;

typedef struct board {
    npc_searcher *s;
    sugg *v;
    size_t n;
    row *rows;
    size_t nrows;
    npc_dupes *d;
} board;

static const char *field(const json_t *doc, const char *key)
{
    const char *v = json_string_value(json_object_get(doc, key));
    return v ? v : "";
}

/* ---- the drafts -------------------------------------------------------------------------- */

typedef struct keys {
    json_t *arr; /* the XD keys, without their prefix */
} keys;

static int collect_key(const char *term, size_t len, uint32_t freq, void *ctx)
{
    keys *k = ctx;
    size_t pl = strlen(NPC_P_DRAFT);
    (void)freq;
    json_array_append_new(k->arr, json_stringn(term + pl, len - pl));
    return 0;
}

static int by_total(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t tx = json_integer_value(json_object_get(x, "total"));
    json_int_t ty = json_integer_value(json_object_get(y, "total"));
    if (tx != ty) {
        return tx > ty ? -1 : 1;
    }
    return strcmp(field(x, "draft"), field(y, "draft"));
}

/* Sorts the array's elements with cmp. */
static void sort_array(json_t *arr, int (*cmp)(const void *, const void *))
{
    size_t n = json_array_size(arr);
    json_t **v = malloc((n + 1) * sizeof *v);
    if (v == NULL) {
        return; /* left in index order */
    }
    for (size_t i = 0; i < n; i++) {
        v[i] = json_incref(json_array_get(arr, i));
    }
    qsort(v, n, sizeof *v, cmp);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(arr, v[i]);
    }
    free(v);
}

/* The entry of the draft with this key, or NULL when the searcher may show none of it. */
static npc_status draft_entry(npc_searcher *s, const char *key, json_t **out, npc_err *err)
{
    *out = NULL;
    npc_search_req r = {.type = NPC_TYPE_FEEDBACK, .draft = key};
    json_t *one = json_array();
    uint32_t total = 0;
    npc_status st =
        one ? npc_search_list(s, &r, 1, one, &total, err) : npc_fail(err, NPC_ENOMEM, "drafts");
    if (st == NPC_OK && total > 0) {
        *out = json_pack("{s:s, s:s, s:I}", "draft", field(json_array_get(one, 0), NPC_FIELD_DRAFT),
                         "key", key, "total", (json_int_t)total);
        st = *out ? NPC_OK : npc_fail(err, NPC_ENOMEM, "drafts");
    }
    json_decref(one);
    return st;
}

npc_status npc_drafts_list(npc_searcher *s, json_t **out, npc_err *err)
{
    *out = NULL;
    keys k = {json_array()};
    json_t *drafts = json_array();
    npc_status st = k.arr && drafts ? NPC_OK : npc_fail(err, NPC_ENOMEM, "drafts");
    if (st == NPC_OK) {
        st = xc_db_all_terms(npc_searcher_db(s), NPC_P_DRAFT, strlen(NPC_P_DRAFT), collect_key, &k,
                             err);
    }
    for (size_t i = 0; st == NPC_OK && i < json_array_size(k.arr); i++) {
        json_t *e = NULL;
        st = draft_entry(s, json_string_value(json_array_get(k.arr, i)), &e, err);
        if (e != NULL) {
            json_array_append_new(drafts, e);
        }
    }
    json_decref(k.arr);
    if (st != NPC_OK) {
        json_decref(drafts);
        return st;
    }
    sort_array(drafts, by_total);
    *out = json_pack("{s:o}", "drafts", drafts);
    return *out ? NPC_OK : npc_fail(err, NPC_ENOMEM, "drafts");
}

/* ---- the suggestions --------------------------------------------------------------------- */

/* The suggestion of a document: its text less the "\n理由：<reason>" a table row appends
 * (indexer/prep_feedback.c row_text), malloc'd. */
static char *suggestion_text(const json_t *doc)
{
    const char *text = field(doc, NPC_FIELD_TEXT), *reason = field(doc, NPC_FIELD_REASON);
    size_t len = strlen(text);
    if (reason[0]) {
        size_t nl = strlen("\n理由：") + strlen(reason) + 1;
        char *needle = malloc(nl);
        if (needle != NULL) {
            snprintf(needle, nl, "\n理由：%s", reason);
            const char *at = strstr(text, needle);
            len = at ? (size_t)(at - text) : len;
            free(needle);
        }
    }
    return strndup(text, len);
}

static int by_place(const void *a, const void *b)
{
    const sugg *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Reads the suggestions of list into b, in file order, with their articles. */
static npc_status read_suggestions(board *b, json_t *list, npc_err *err)
{
    b->n = json_array_size(list);
    b->v = calloc(b->n + 1, sizeof *b->v);
    if (b->v == NULL) {
        return npc_fail(err, NPC_ENOMEM, "dashboard");
    }
    npc_analyzer *an = npc_searcher_analyzer(b->s);
    for (size_t i = 0; i < b->n; i++) {
        sugg *g = &b->v[i];
        g->doc = json_array_get(list, i);
        g->path = field(g->doc, NPC_FIELD_PATH);
        g->line = json_integer_value(json_object_get(g->doc, NPC_FIELD_LINE));
        if ((g->text = suggestion_text(g->doc)) == NULL) {
            return npc_fail(err, NPC_ENOMEM, "dashboard");
        }
        const char *label = field(g->doc, NPC_FIELD_ARTICLE_LABEL);
        npc_analysis a;
        npc_status st = npc_analyze(an, label, strlen(label), 0, &a, err);
        if (st != NPC_OK) {
            return st;
        }
        g->n = npc_analysis_articles(&a, g->num, g->sub, MAX_ARTICLES);
    }
    qsort(b->v, b->n, sizeof *b->v, by_place);
    return NPC_OK;
}

static npc_status group_suggestions(board *b, double threshold, npc_err *err)
{
    npc_status st = npc_dupes_new(npc_searcher_analyzer(b->s), &b->d, err);
    for (size_t i = 0; st == NPC_OK && i < b->n; i++) {
        st = npc_dupes_add(b->d, b->v[i].text, strlen(b->v[i].text), err);
    }
    if (st == NPC_OK) {
        st = npc_dupes_group(b->d, threshold, err);
    }
    for (size_t i = 0; st == NPC_OK && i < b->n; i++) {
        b->v[i].group = npc_dupes_group_of(b->d, i);
    }
    return st;
}

/* ---- counting ---------------------------------------------------------------------------- */

static void count(json_t *counts, const char *value)
{
    json_int_t n = json_integer_value(json_object_get(counts, value));
    json_object_set_new(counts, value, json_integer(n + 1));
}

/* The row of article num-sub (0-0: no article), added when missing; NULL out of memory. */
static row *row_for(board *b, uint32_t num, uint32_t sub)
{
    for (size_t i = 0; i < b->nrows; i++) {
        if (b->rows[i].num == num && b->rows[i].sub == sub) {
            return &b->rows[i];
        }
    }
    row *rows = realloc(b->rows, (b->nrows + 1) * sizeof *rows);
    if (rows == NULL) {
        return NULL;
    }
    b->rows = rows;
    row *r = &rows[b->nrows++];
    *r = (row){num, sub, 0, json_object(), json_object(), json_object()};
    return r->points && r->statuses && r->groups ? r : NULL;
}

/* Counts suggestion g in the row of each article it names (once each), or in row 0. */
static npc_status count_suggestion(board *b, const sugg *g, npc_err *err)
{
    size_t n = g->n ? g->n : 1;
    for (size_t k = 0; k < n; k++) {
        uint32_t num = g->n ? g->num[k] : 0, sub = g->n ? g->sub[k] : 0;
        int seen = 0;
        for (size_t j = 0; j < k; j++) {
            seen |= g->num[j] == num && g->sub[j] == sub;
        }
        row *r = seen ? NULL : row_for(b, num, sub);
        if (!seen && r == NULL) {
            return npc_fail(err, NPC_ENOMEM, "dashboard");
        }
        if (r != NULL) {
            char gk[24];
            snprintf(gk, sizeof gk, "%zu", g->group);
            r->total++;
            count(r->points, field(g->doc, NPC_FIELD_CONTACT_POINT));
            count(r->statuses, field(g->doc, NPC_FIELD_STATUS));
            count(r->groups, gk);
        }
    }
    return NPC_OK;
}

static int by_count(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t cx = json_integer_value(json_object_get(x, "count"));
    json_int_t cy = json_integer_value(json_object_get(y, "count"));
    if (cx != cy) {
        return cx > cy ? -1 : 1;
    }
    return strcmp(field(x, "value"), field(y, "value"));
}

/* {value: count} as [{"value","count"}], most first; takes the reference of counts. */
static json_t *count_list(json_t *counts)
{
    json_t *arr = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(counts, k, v)
    {
        json_array_append_new(arr, json_pack("{s:s, s:O}", "value", k, "count", v));
    }
    json_decref(counts);
    sort_array(arr, by_count);
    return arr;
}

/* A row's groups of two or more: [{"group","count"}], most first; takes groups' reference. */
static json_t *group_list(const board *b, json_t *groups)
{
    json_t *arr = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(groups, k, v)
    {
        size_t g = strtoull(k, NULL, 10);
        if (npc_dupes_group_size(b->d, g) > 1) {
            json_array_append_new(arr, json_pack("{s:I, s:O}", "group", (json_int_t)g, "count", v));
        }
    }
    json_decref(groups);
    sort_array(arr, by_count);
    return arr;
}

/* ---- the answer -------------------------------------------------------------------------- */

/* The article of the draft's own text numbered num-sub, or NULL. */
static json_t *law_article(json_t *articles, uint32_t num, uint32_t sub)
{
    size_t i;
    json_t *a;
    json_array_foreach(articles, i, a)
    {
        if (json_integer_value(json_object_get(a, NPC_FIELD_ARTICLE)) == num &&
            json_integer_value(json_object_get(a, NPC_FIELD_ARTICLE_SUB)) == sub) {
            return a;
        }
    }
    return NULL;
}

static int by_heat(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t tx = json_integer_value(json_object_get(x, "total"));
    json_int_t ty = json_integer_value(json_object_get(y, "total"));
    json_int_t ax = json_integer_value(json_object_get(x, "article"));
    json_int_t ay = json_integer_value(json_object_get(y, "article"));
    json_int_t sx = json_integer_value(json_object_get(x, "article_sub"));
    json_int_t sy = json_integer_value(json_object_get(y, "article_sub"));
    if ((ax == 0) != (ay == 0)) {
        return ax == 0 ? 1 : -1; /* the suggestions naming no article last */
    }
    if (tx != ty) {
        return tx > ty ? -1 : 1;
    }
    return ax != ay ? (ax > ay) - (ax < ay) : (sx > sy) - (sx < sy);
}

/* One article's row as JSON, with the draft's own article (may be NULL). */
static json_t *row_json(const board *b, row *r, json_t *art)
{
    char label[48] = "";
    if (r->num > 0) {
        npc_numbering_term(NPC_UNIT_ARTICLE, r->num, r->sub, label, sizeof label);
    }
    json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:o, s:I, s:o, s:o, s:o}", "article",
                          (json_int_t)r->num, "article_sub", (json_int_t)r->sub, "article_label",
                          art ? field(art, NPC_FIELD_ARTICLE_LABEL) : label, "id",
                          art ? json_string(field(art, NPC_FIELD_ID)) : json_null(), "text",
                          art ? json_string(field(art, NPC_FIELD_TEXT)) : json_null(), "total",
                          r->total, "contact_points", count_list(r->points), "statuses",
                          count_list(r->statuses), "groups", group_list(b, r->groups));
    r->points = r->statuses = r->groups = NULL;
    return o;
}

/* The per-article rows, hottest first, and the draft-wide counts into res. */
static npc_status article_rows(board *b, json_t *articles, json_t *res, npc_err *err)
{
    json_t *points = json_object(), *statuses = json_object(), *rows = json_array();
    npc_status st = points && statuses && rows ? NPC_OK : npc_fail(err, NPC_ENOMEM, "dashboard");
    for (size_t i = 0; st == NPC_OK && i < b->n; i++) {
        count(points, field(b->v[i].doc, NPC_FIELD_CONTACT_POINT));
        count(statuses, field(b->v[i].doc, NPC_FIELD_STATUS));
        st = count_suggestion(b, &b->v[i], err);
    }
    for (size_t i = 0; st == NPC_OK && i < b->nrows; i++) {
        row *r = &b->rows[i];
        json_array_append_new(rows, row_json(b, r, law_article(articles, r->num, r->sub)));
    }
    sort_array(rows, by_heat);
    json_object_set_new(res, "contact_points", count_list(points));
    json_object_set_new(res, "statuses", count_list(statuses));
    json_object_set_new(res, "articles", rows);
    return st;
}

/* The suggestion's article refs as a JSON array of labels the article filter reads. */
static json_t *article_labels(const sugg *g)
{
    json_t *arr = json_array();
    for (size_t k = 0; k < g->n; k++) {
        char t[48];
        if (npc_numbering_term(NPC_UNIT_ARTICLE, g->num[k], g->sub[k], t, sizeof t) > 0) {
            json_array_append_new(arr, json_string(t));
        }
    }
    return arr;
}

static json_t *suggestion_json(const board *b, const sugg *g)
{
    static const char *const copied[] = {
        NPC_FIELD_ID,       NPC_FIELD_PATH,          NPC_FIELD_SEQ,  NPC_FIELD_ARTICLE_LABEL,
        NPC_FIELD_REASON,   NPC_FIELD_CONTACT_POINT, NPC_FIELD_DATE, NPC_FIELD_STATUS,
        NPC_FIELD_SUBMITTER};
    json_t *o = json_object();
    for (size_t k = 0; o != NULL && k < sizeof copied / sizeof *copied; k++) {
        json_object_set_new(o, copied[k], json_string(field(g->doc, copied[k])));
    }
    json_object_set_new(o, "articles", article_labels(g));
    json_object_set_new(o, "text", json_string(g->text));
    json_object_set_new(o, "group", json_integer((json_int_t)g->group));
    json_object_set_new(o, "group_size",
                        json_integer((json_int_t)npc_dupes_group_size(b->d, g->group)));
    return o;
}

/* Adds the labels of g's articles that arts lacks. */
static void add_labels(json_t *arts, const sugg *g)
{
    json_t *mine = article_labels(g), *v, *w;
    size_t i, j;
    json_array_foreach(mine, i, v)
    {
        int seen = 0;
        json_array_foreach(arts, j, w)
        {
            seen |= json_equal(v, w);
        }
        if (!seen) {
            json_array_append(arts, v);
        }
    }
    json_decref(mine);
}

/* The groups of two or more, in their order: their size, articles, first text and members. */
static json_t *groups_json(const board *b)
{
    size_t ng = npc_dupes_ngroups(b->d);
    json_t *arr = json_array();
    for (size_t gi = 1; arr != NULL && gi <= ng && npc_dupes_group_size(b->d, gi) > 1; gi++) {
        json_t *ids = json_array(), *arts = json_array(), *o = NULL;
        const char *text = NULL;
        for (size_t i = 0; i < b->n; i++) {
            const sugg *g = &b->v[i];
            if (g->group != gi) {
                continue;
            }
            text = text ? text : g->text;
            json_array_append_new(ids, json_string(field(g->doc, NPC_FIELD_ID)));
            add_labels(arts, g);
        }
        o = json_pack("{s:I, s:I, s:o, s:s, s:o}", "group", (json_int_t)gi, "count",
                      (json_int_t)npc_dupes_group_size(b->d, gi), "articles", arts, "text",
                      text ? text : "", "ids", ids);
        json_array_append_new(arr, o);
    }
    return arr;
}

static void board_free(board *b)
{
    for (size_t i = 0; b->v != NULL && i < b->n; i++) {
        free(b->v[i].text);
    }
    for (size_t i = 0; i < b->nrows; i++) {
        json_decref(b->rows[i].points);
        json_decref(b->rows[i].statuses);
        json_decref(b->rows[i].groups);
    }
    free(b->v);
    free(b->rows);
    npc_dupes_free(b->d);
}

/* The suggestions on draft, listed into list; NPC_ENOTFOUND when none. */
static npc_status list_draft(npc_searcher *s, const char *draft, json_t *list, npc_err *err)
{
    npc_search_req r = {.type = NPC_TYPE_FEEDBACK, .draft = draft};
    uint32_t total = 0;
    npc_status st = npc_search_list(s, &r, NPC_DRAFT_MAX, list, &total, err);
    if (st == NPC_OK && total == 0) {
        return npc_fail(err, NPC_ENOTFOUND, "no feedback on the draft %s", draft);
    }
    if (st == NPC_OK && total > NPC_DRAFT_MAX) {
        return npc_fail(err, NPC_ETOOBIG, "the draft %s has more than %d suggestions", draft,
                        NPC_DRAFT_MAX);
    }
    return st;
}

/* The dashboard's parts into res, from the suggestions listed. */
static npc_status fill(board *b, json_t *list, double threshold, json_t *res, npc_err *err)
{
    npc_status st = read_suggestions(b, list, err);
    if (st == NPC_OK) {
        st = group_suggestions(b, threshold, err);
    }
    const char *name = b->n ? field(b->v[0].doc, NPC_FIELD_DRAFT) : "";
    char key[NPC_LAW_KEY_MAX + 8];
    npc_field_key(name, strlen(name), 1, key, sizeof key);
    json_t *law = NULL, *articles = NULL;
    if (st == NPC_OK && npc_search_law_articles(b->s, key, &law, &articles, NULL) != NPC_OK) {
        law = NULL; /* the draft's own text is not in the index */
    }
    json_object_set_new(res, "draft", json_string(name));
    json_object_set_new(res, "key", json_string(key));
    json_object_set_new(res, "total", json_integer((json_int_t)b->n));
    json_object_set_new(res, "threshold", json_real(threshold));
    json_object_set_new(res, "law", law ? law : json_null());
    if (st == NPC_OK) {
        st = article_rows(b, articles, res, err);
    }
    json_decref(articles);
    json_t *suggs = json_array();
    for (size_t i = 0; st == NPC_OK && i < b->n; i++) {
        json_array_append_new(suggs, suggestion_json(b, &b->v[i]));
    }
    json_object_set_new(res, "groups", st == NPC_OK ? groups_json(b) : json_array());
    json_object_set_new(res, "suggestions", suggs);
    return st;
}

npc_status npc_draft_dashboard(npc_searcher *s, const char *draft, double threshold, json_t **out,
                               npc_err *err)
{
    *out = NULL;
    if (!(threshold > 0 && threshold <= 1)) {
        return npc_fail(err, NPC_EINVAL, "the similarity threshold must lie in (0, 1]");
    }
    json_t *list = json_array(), *res = json_object();
    board b = {.s = s};
    npc_status st =
        list && res ? list_draft(s, draft, list, err) : npc_fail(err, NPC_ENOMEM, "dashboard");
    if (st == NPC_OK) {
        st = fill(&b, list, threshold, res, err);
    }
    board_free(&b);
    json_decref(list);
    if (st != NPC_OK) {
        json_decref(res);
        return st;
    }
    *out = res;
    return NPC_OK;
}

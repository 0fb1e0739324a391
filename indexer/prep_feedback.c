/*
 * prep_feedback.c — the feedback genre (prep_internal.h): a Markdown submission with
 * "type: feedback" front matter becomes one document, a CSV summary table (feedback.h) one per
 * row (id path#r<N>).  The feedback fields (draft, article, contact point, submitter, status)
 * are stored, and filter terms and facet values too; citations in the text are indexed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cites.h"
#include "docbuild.h"
#include "feedback.h"
#include "index/schema.h"
#include "prep_internal.h"
#include "text/numeral.h"

/* The feedback fields of one document, borrowed (any may be NULL). */
typedef struct fb_fields {
    const char *draft, *article, *contact_point, *submitter, *status;
    /* the draft's articles as the analyzer reads them (第十五条、第十六条: 15, 16) */
    uint32_t num[16], sub[16];
    size_t n;
} fb_fields;

/* Reads the article numbers of fb->article with analyzer a and puts the feedback fields into
 * the stored data (extra). */
static npc_status fb_prepare(npc_analyzer *a, fb_fields *fb, json_t *extra, npc_err *err)
{
    fb->n = 0;
    if (fb->article != NULL && fb->article[0]) {
        npc_analysis an;
        npc_status st = npc_analyze(a, fb->article, strlen(fb->article), 0, &an, err);
        if (st != NPC_OK) {
            return st;
        }
        fb->n = npc_analysis_articles(&an, fb->num, fb->sub, 16);
    }
    json_object_set_new(extra, NPC_FIELD_DRAFT, json_string(fb->draft ? fb->draft : ""));
    json_object_set_new(extra, NPC_FIELD_ARTICLE, json_integer(fb->n ? fb->num[0] : 0));
    json_object_set_new(extra, NPC_FIELD_ARTICLE_SUB, json_integer(fb->n ? fb->sub[0] : 0));
    json_object_set_new(extra, NPC_FIELD_ARTICLE_LABEL,
                        json_string(fb->article ? fb->article : ""));
    json_object_set_new(extra, NPC_FIELD_CONTACT_POINT,
                        json_string(fb->contact_point ? fb->contact_point : ""));
    json_object_set_new(extra, NPC_FIELD_SUBMITTER,
                        json_string(fb->submitter ? fb->submitter : ""));
    json_object_set_new(extra, NPC_FIELD_STATUS, json_string(fb->status ? fb->status : ""));
    return NPC_OK;
}

/* A field's filter term and facet value (npc_field_key). */
static npc_status fb_field(xc_doc *d, const char *prefix, unsigned slot, const char *v,
                           int strip_prc, npc_err *err)
{
    if (v == NULL || v[0] == '\0') {
        return NPC_OK;
    }
    char key[NPC_LAW_KEY_MAX + 8];
    if (npc_field_key(v, strlen(v), strip_prc, key, sizeof key) == 0) {
        return NPC_OK;
    }
    npc_status st = npc_doc_add_term(d, prefix, key, err);
    return st == NPC_OK ? npc_doc_add_value(d, slot, key, err) : st;
}

/* The filter terms and facet values of the feedback fields: every article's term, the first
 * article's value, the draft, contact point, submitter and status. */
static npc_status fb_terms(xc_doc *d, const fb_fields *fb, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < fb->n; i++) {
        st = npc_doc_add_article(d, fb->num[i], fb->sub[i], err);
    }
    if (st == NPC_OK && fb->n > 0) {
        char t[48];
        size_t tl = npc_numbering_term(NPC_UNIT_ARTICLE, fb->num[0], fb->sub[0], t, sizeof t);
        if (tl > 0) {
            st = xc_doc_set_value(d, NPC_SLOT_ARTICLE, t, tl, err);
        }
    }
    if (st == NPC_OK) {
        st = fb_field(d, NPC_P_DRAFT, NPC_SLOT_DRAFT, fb->draft, 1, err);
    }
    if (st == NPC_OK) {
        st = fb_field(d, NPC_P_CONTACT_POINT, NPC_SLOT_CONTACT_POINT, fb->contact_point, 0, err);
    }
    if (st == NPC_OK) {
        st = fb_field(d, NPC_P_SUBMITTER, NPC_SLOT_SUBMITTER, fb->submitter, 0, err);
    }
    if (st == NPC_OK) {
        st = fb_field(d, NPC_P_STATUS, NPC_SLOT_STATUS, fb->status, 0, err);
    }
    return st;
}

/* The words and terms of a feedback document d: title ×2, contact point and submitter ×1, the
 * feedback fields, its citations l, the analysis an of its text. */
static npc_status fb_words(npc_prep *p, xc_doc *d, const npc_doc_fields *fs, const fb_fields *fb,
                           const npc_cites *l, const npc_analysis *an, npc_err *err)
{
    npc_status st = npc_doc_add_field(p->fields, &d, 1, fs->title, strlen(fs->title),
                                      NPC_WDF_TITLE - 1, NPC_POS_TITLE, err);
    if (st == NPC_OK && fb->contact_point && fb->contact_point[0]) {
        st = npc_doc_add_field(p->fields, &d, 1, fb->contact_point, strlen(fb->contact_point), 1,
                               NPC_POS_CONTACT_POINT, err);
    }
    if (st == NPC_OK && fb->submitter && fb->submitter[0]) {
        st = npc_doc_add_field(p->fields, &d, 1, fb->submitter, strlen(fb->submitter), 1,
                               NPC_POS_SUBMITTER, err);
    }
    if (st == NPC_OK) {
        st = fb_terms(d, fb, err);
    }
    if (st == NPC_OK) {
        st = npc_cites_add_terms(d, l, err);
    }
    for (size_t k = 0; st == NPC_OK && k < an->ntokens; k++) {
        st = npc_doc_add_token(d, an, &an->tokens[k], 1, NPC_POS_TEXT, err);
    }
    return st;
}

/* One feedback document of fields fs and fb, its text analysed as an; extra (the fields to
 * store) gains the feedback fields and NPC_FIELD_CITES. */
static npc_status feedback_doc(npc_prep *p, npc_doc_fields *fs, fb_fields *fb, json_t *extra,
                               const npc_analysis *an, npc_prepared *out, npc_err *err)
{
    npc_cites *l = calloc(1, sizeof *l);
    if (l == NULL) {
        return npc_fail(err, NPC_ENOMEM, "citations");
    }
    l->arr = json_array();
    npc_cite_scan(an, npc_analyzer_lexicon(p->body), fs->text, fs->text_len, NULL,
                  npc_cites_collect, l);
    json_object_set_new(extra, NPC_FIELD_CITES, l->arr);
    l->arr = NULL;
    npc_status st = fb_prepare(p->fields, fb, extra, err);
    fs->extra = extra;
    xc_doc *d = NULL;
    if (st == NPC_OK) {
        st = npc_doc_build(fs, &d, err);
    }
    if (st == NPC_OK) {
        st = fb_words(p, d, fs, fb, l, an, err);
    }
    free(l);
    if (st != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    return npc_doc_push(out, d, fs->id, err); /* after fb_terms: it packs their facet values */
}

/* The region of a suggestion: its draft's (a local draft is named after its place, as a local
 * law is), else its contact point's or its file name's; never its title's. */
static void feedback_region(const fb_fields *fb, npc_prep_source *src)
{
    src->region[0] = '\0';
    if (fb->draft != NULL) {
        npc_region_of_title(fb->draft, src->region, sizeof src->region);
    }
    if (src->region[0] == '\0') {
        npc_region_of_issuer(fb->contact_point ? fb->contact_point : "", src->f->rel, src->region);
    }
}

/* The fields of a suggestion with this id, title and text from src (its date, category and
 * region), the text analysed by p's body analyzer. */
static npc_doc_fields feedback_fields(const npc_prep *p, const npc_prep_source *src, const char *id,
                                      const char *title, const char *text, size_t len)
{
    return (npc_doc_fields){.id = id,
                            .type = NPC_TYPE_FEEDBACK,
                            .title = title,
                            .path = src->f->rel,
                            .date = src->date,
                            .category = src->category,
                            .region = src->region,
                            .text = text,
                            .text_len = len,
                            .analysed = p->body};
}

npc_status npc_prep_feedback_md(npc_prep *p, npc_prep_source *src, size_t start, json_t *fm,
                                npc_prepared *out, npc_err *err)
{
    const char *s = src->text + start;
    size_t len = src->len - start;
    char title[512];
    npc_first_line(s, len, title, sizeof title);
    fb_fields fb = {.draft = json_string_value(json_object_get(fm, "draft")),
                    .article = json_string_value(json_object_get(fm, "article")),
                    .contact_point = json_string_value(json_object_get(fm, "contact_point")),
                    .submitter = json_string_value(json_object_get(fm, "submitter")),
                    .status = json_string_value(json_object_get(fm, "status"))};
    snprintf(src->category, sizeof src->category, "%s", "意见建议");
    feedback_region(&fb, src);
    const char *d = json_string_value(json_object_get(fm, "date"));
    char date[NPC_DATE_MAX];
    if (d != NULL && (npc_date_normalise(d, date), date[0] != '\0')) {
        memcpy(src->date, date, sizeof date); /* else the date in the file name stays */
    }
    npc_doc_fields fs = feedback_fields(p, src, src->f->rel, title, s, len);
    json_t *extra = json_copy(fm);
    if (extra == NULL) {
        return npc_fail(err, NPC_ENOMEM, "feedback");
    }
    /* the front matter may not override the fields every document has */
    static const char *const reserved[] = {
        NPC_FIELD_TYPE,       NPC_FIELD_ID,      NPC_FIELD_TITLE,    NPC_FIELD_BOOK,
        NPC_FIELD_PATH,       NPC_FIELD_DATE,    NPC_FIELD_CATEGORY, NPC_FIELD_REGION,
        NPC_FIELD_CHAPTER,    NPC_FIELD_LAW_KEY, NPC_FIELD_TEXT,     NPC_FIELD_CITES,
        NPC_FIELD_ARTICLE_SUB};
    for (size_t k = 0; k < sizeof reserved / sizeof *reserved; k++) {
        json_object_del(extra, reserved[k]);
    }
    npc_analysis an;
    npc_status st = npc_analyze(p->body, s, len, NPC_AN_INDEX, &an, err);
    if (st == NPC_OK) {
        st = feedback_doc(p, &fs, &fb, extra, &an, out, err);
    }
    json_decref(extra);
    return st;
}

/* The text of row i of t, malloc'd into *text (its length *len): the suggestion, its reason,
 * the other columns. */
static npc_status row_text(const npc_fb_table *t, size_t i, char **text, size_t *len, npc_err *err)
{
    const npc_fb_row *r = &t->rows[i];
    size_t need = strlen(r->col[NPC_FB_TEXT]) + strlen(r->col[NPC_FB_REASON]) + 32;
    for (size_t k = 0; k < t->nextra; k++) {
        need += strlen(t->extra_names[k]) + strlen(t->extra_values[i * t->nextra + k]) + 8;
    }
    char *s = malloc(need);
    if (s == NULL) {
        return npc_fail(err, NPC_ENOMEM, "feedback");
    }
    size_t n = (size_t)snprintf(s, need, "%s", r->col[NPC_FB_TEXT]);
    if (r->col[NPC_FB_REASON][0]) {
        n += (size_t)snprintf(s + n, need - n, "\n理由：%s", r->col[NPC_FB_REASON]);
    }
    for (size_t k = 0; k < t->nextra; k++) {
        const char *v = t->extra_values[i * t->nextra + k];
        if (v[0]) {
            n += (size_t)snprintf(s + n, need - n, "\n%s：%s", t->extra_names[k], v);
        }
    }
    *text = s;
    *len = n;
    return NPC_OK;
}

/* The fields row i of t stores besides the feedback fields: its number, reason, other columns
 * and line; NULL when out of memory. */
static json_t *row_extra(const npc_fb_table *t, size_t i)
{
    const npc_fb_row *r = &t->rows[i];
    json_t *extra = json_object(), *cols = json_object();
    if (extra == NULL || cols == NULL) {
        json_decref(extra);
        json_decref(cols);
        return NULL;
    }
    for (size_t k = 0; k < t->nextra; k++) {
        json_object_set_new(cols, t->extra_names[k],
                            json_string(t->extra_values[i * t->nextra + k]));
    }
    json_object_set_new(extra, NPC_FIELD_SEQ, json_string(r->col[NPC_FB_SEQ]));
    json_object_set_new(extra, NPC_FIELD_REASON, json_string(r->col[NPC_FB_REASON]));
    json_object_set_new(extra, NPC_FIELD_COLUMNS, cols);
    json_object_set_new(extra, NPC_FIELD_LINE, json_integer((json_int_t)r->line));
    return extra;
}

/* The document of row i of t; file_date is the date in the file's name. */
static npc_status row_doc(npc_prep *p, npc_prep_source *src, const npc_fb_table *t, size_t i,
                          const char *file_date, npc_prepared *out, npc_err *err)
{
    const npc_fb_row *r = &t->rows[i];
    fb_fields fb = {.draft = r->col[NPC_FB_DRAFT],
                    .article = r->col[NPC_FB_ARTICLE],
                    .contact_point = r->col[NPC_FB_CONTACT_POINT],
                    .submitter = r->col[NPC_FB_SUBMITTER],
                    .status = r->col[NPC_FB_STATUS]};
    char *text = NULL;
    size_t n = 0;
    npc_status st = row_text(t, i, &text, &n, err);
    char *title = strdup(fb.draft[0] ? fb.draft : r->col[NPC_FB_SEQ]);
    json_t *extra = row_extra(t, i);
    if (st == NPC_OK && (title == NULL || extra == NULL)) {
        st = npc_fail(err, NPC_ENOMEM, "feedback");
    }
    if (st == NPC_OK) {
        npc_date_normalise(r->col[NPC_FB_DATE], src->date);
        if (src->date[0] == '\0') {
            memcpy(src->date, file_date, NPC_DATE_MAX);
        }
        feedback_region(&fb, src);
        snprintf(src->category, sizeof src->category, "%s", "意见建议");
        char id[4200];
        npc_doc_id_row(id, sizeof id, src->f->rel, i + 1);
        npc_doc_fields fs = feedback_fields(p, src, id, title, text, n);
        npc_analysis an;
        st = npc_analyze(p->body, text, n, NPC_AN_INDEX, &an, err);
        if (st == NPC_OK) {
            st = feedback_doc(p, &fs, &fb, extra, &an, out, err);
        }
    }
    json_decref(extra);
    free(text);
    free(title);
    return st;
}

npc_status npc_prep_feedback_csv(npc_prep *p, npc_prep_source *src, npc_prepared *out, npc_err *err)
{
    npc_fb_table t;
    npc_status st = npc_fb_parse(src->text, src->len, &t, err);
    if (st != NPC_OK) {
        return st;
    }
    char file_date[NPC_DATE_MAX];
    memcpy(file_date, src->date, sizeof file_date);
    for (size_t i = 0; st == NPC_OK && i < t.n; i++) {
        st = row_doc(p, src, &t, i, file_date, out, err);
        if (st != NPC_OK && st != NPC_ENOMEM && err != NULL) {
            char detail[NPC_ERR_DETAIL_MAX];
            snprintf(detail, sizeof detail, "%s", err->detail);
            st = npc_fail(err, st, "line %zu: %s", t.rows[i].line, detail);
        }
    }
    npc_fb_release(&t);
    return st;
}

/*
 * prep_report.c — the report genre (prep_internal.h): a work report or any other text becomes
 * one document per section when it has headings (report.h; id path#s<N>), else one document;
 * a long one is cut into passages (passage.h; path#s<N>.<M>, path#p<M>), each a document.
 * A printed page (printed.h) is read as a person reads it first: its lines joined, its headline
 * and subtitle as the title, its byline stored.  Year, region and issuing body come from
 * reports/index.json beside it when it lists the file, else from the file name and title (the
 * region from the issuing body or the file name); citations go to the section holding them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cites.h"
#include "docbuild.h"
#include "index/schema.h"
#include "passage.h"
#include "prep_internal.h"
#include "printed.h"
#include "report.h"
#include "text/fold.h"

void npc_report_index_release(npc_report_index *ri)
{
    free(ri->dir);
    json_decref(ri->index);
    memset(ri, 0, sizeof *ri);
}

/* Makes ri the index.json of folder dir when it has a readable one (of at most max_bytes);
 * returns 0 when it has none. */
static int load_index(npc_report_index *ri, const char *dir, size_t max_bytes)
{
    if (ri->dir != NULL && strcmp(ri->dir, dir) == 0) {
        return 1;
    }
    char path[4300];
    snprintf(path, sizeof path, "%s/index.json", dir[0] ? dir : "");
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > max_bytes) {
        return 0;
    }
    json_t *idx = json_load_file(path, 0, NULL);
    if (!json_is_array(idx)) {
        json_decref(idx);
        return 0;
    }
    npc_report_index_release(ri);
    ri->index = idx;
    ri->dir = strdup(dir);
    if (ri->dir == NULL) {
        npc_report_index_release(ri);
    }
    return 1;
}

/* reports/index.json (a list of {file, title, year, region, level, genre, publish_date}) in a
 * folder above the report, up to three levels: the entry for f, borrowed from the cache. */
static json_t *index_entry(npc_prep *p, const npc_file *f)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", f->abs);
    for (int level = 0; level < 3; level++) {
        char *slash = strrchr(dir, '/');
        if (slash == NULL) {
            return NULL;
        }
        *slash = '\0';
        if (!load_index(&p->rindex, dir, p->max_bytes)) {
            continue;
        }
        if (p->rindex.index == NULL) {
            return NULL; /* out of memory */
        }
        const char *rel = f->abs + strlen(dir) + 1;
        size_t i;
        json_t *e;
        json_array_foreach(p->rindex.index, i, e)
        {
            const char *file = json_string_value(json_object_get(e, "file"));
            if (file != NULL && strcmp(file, rel) == 0) {
                return e;
            }
        }
        return NULL;
    }
    return NULL;
}

/* What the report's entry e in index.json says: its region, date and (for a government work
 * report without one in its title) its issuing body. */
static void apply_entry(const json_t *e, npc_prep_source *src, char *body, size_t body_cap)
{
    const char *region = json_string_value(json_object_get(e, "region"));
    const char *pub = json_string_value(json_object_get(e, "publish_date"));
    const char *level = json_string_value(json_object_get(e, "level"));
    const char *genre = json_string_value(json_object_get(e, "genre"));
    json_int_t year = json_integer_value(json_object_get(e, "year"));
    if (region != NULL && region[0]) {
        snprintf(src->region, sizeof src->region, "%s", region);
        npc_region_strip_suffix(src->region);
        if (body[0] == '\0' && genre != NULL && strstr(genre, "政府工作报告") != NULL) {
            snprintf(body, body_cap, "%s人民政府", region);
        }
    }
    if (body[0] == '\0' && level != NULL && strcmp(level, "national") == 0 && genre != NULL &&
        strcmp(genre, "政府工作报告") == 0) {
        snprintf(body, body_cap, "%s", "国务院");
    }
    if (pub != NULL && strlen(pub) >= 4 && strlen(pub) < sizeof src->date) {
        snprintf(src->date, sizeof src->date, "%s", pub);
    } else if (src->date[0] == '\0' && year >= 1900 && year <= 2100) {
        snprintf(src->date, sizeof src->date, "%d", (int)year);
    }
}

/* A report being prepared: what its sections share. */
typedef struct report_ctx {
    npc_prep *p;
    npc_prep_source *src;
    size_t start; /* where its text starts (after any front matter) */
    const npc_report *split;
    size_t nsec; /* documents: its sections, or 1 */
    char title[512];
    char body[256];              /* the issuing body, "" when unknown */
    char byline[NPC_BYLINE_MAX]; /* a printed page's 本报记者 …, "" when none */
    npc_analysis an;             /* of the text from start */
    npc_cites_text cites;
} report_ctx;

/* The heading path of section sec (一、… › （一）…) into chapter, cut at a character boundary
 * and white space collapsed. */
static void section_chapter(const char *text, const npc_report_section *sec, char *chapter,
                            size_t cap)
{
    if (sec->level == 2 && sec->parent.end > sec->parent.start) {
        snprintf(chapter, cap, "%.*s › %.*s", (int)(sec->parent.end - sec->parent.start),
                 text + sec->parent.start, (int)(sec->heading.end - sec->heading.start),
                 text + sec->heading.start);
    } else {
        snprintf(chapter, cap, "%.*s", (int)(sec->heading.end - sec->heading.start),
                 text + sec->heading.start);
    }
    /* a heading cut inside a character by the buffer: drop the partial one */
    size_t cl = strlen(chapter);
    if (!npc_utf8_valid(chapter, cl, &cl)) {
        chapter[cl] = '\0';
    }
    npc_collapse_spaces(chapter);
}

/* The fields a report's document stores besides every document's: its citations (cites,
 * taken), issuing body and place among the sections and passages; NULL when out of memory. */
static json_t *section_extra(const report_ctx *r, const npc_report_section *sec, size_t k, size_t j,
                             size_t np, json_t *cites)
{
    json_t *extra = json_object();
    if (extra == NULL) {
        json_decref(cites);
        return NULL;
    }
    json_object_set_new(extra, NPC_FIELD_CITES, cites);
    json_object_set_new(extra, NPC_FIELD_BODY, json_string(r->body));
    if (r->byline[0]) {
        json_object_set_new(extra, NPC_FIELD_BYLINE, json_string(r->byline));
    }
    if (sec != NULL) {
        json_object_set_new(extra, NPC_FIELD_SECTION, json_integer((json_int_t)(k + 1)));
        json_object_set_new(extra, NPC_FIELD_SECTIONS, json_integer((json_int_t)r->nsec));
    }
    if (np > 1) {
        json_object_set_new(extra, NPC_FIELD_PASSAGE, json_integer((json_int_t)(j + 1)));
        json_object_set_new(extra, NPC_FIELD_PASSAGES, json_integer((json_int_t)np));
    }
    return extra;
}

/* One document of a report: passage j of the np of section k (the whole report when it has no
 * sections), text [from, to) of the file; l is scratch space for its citations. */
typedef struct passage_ref {
    const npc_report_section *sec;
    size_t k, j, np, from, to;
    const char *chapter;
} passage_ref;

static npc_status passage_doc(report_ctx *r, const passage_ref *pr, npc_cites *l, npc_prepared *out,
                              npc_err *err)
{
    const npc_prep_source *src = r->src;
    char id[4200];
    if (pr->np > 1) {
        npc_doc_id_passage(id, sizeof id, src->f->rel, pr->sec ? pr->k + 1 : 0, pr->j + 1);
    } else if (pr->sec != NULL) {
        npc_doc_id_section(id, sizeof id, src->f->rel, pr->k + 1);
    } else {
        snprintf(id, sizeof id, "%s", src->f->rel);
    }
    memset(l, 0, sizeof *l);
    l->arr = json_array();
    npc_cites_text_between(&r->cites, pr->from - r->start, pr->to - r->start, l);
    json_t *extra = section_extra(r, pr->sec, pr->k, pr->j, pr->np, l->arr);
    if (extra == NULL) {
        return npc_fail(err, NPC_ENOMEM, "report");
    }
    npc_doc_fields fs = {.id = id,
                         .type = NPC_TYPE_REPORT,
                         .title = r->title,
                         .path = src->f->rel,
                         .date = src->date,
                         .category = src->category,
                         .region = src->region,
                         .chapter = pr->chapter,
                         .text = src->text + pr->from,
                         .text_len = pr->to - pr->from,
                         .extra = extra,
                         .analysed = r->p->body,
                         .analysed_at = pr->from - r->start};
    xc_doc *d = NULL;
    npc_status st = npc_doc_build(&fs, &d, err);
    json_decref(extra);
    if (st == NPC_OK) {
        st = npc_doc_add_value(d, NPC_SLOT_COLLAPSE, src->f->rel, err);
    }
    if (st == NPC_OK) {
        st = npc_doc_push(out, d, id, err);
    }
    /* the title where the report starts, the heading path where its section starts: once,
     * as a reader meets them (in every passage they made a section's other passages, and the
     * report's other sections, compete with the one holding the words: known-item report
     * found@10 0.860 -> 0.890, docs/relevance.md) */
    if (st == NPC_OK && pr->k == 0 && pr->j == 0) {
        st = npc_doc_add_field(r->p->fields, &d, 1, r->title, strlen(r->title), NPC_WDF_TITLE - 1,
                               NPC_POS_TITLE, err);
    }
    if (st == NPC_OK && pr->chapter[0] && pr->j == 0) {
        st = npc_doc_add_field(r->p->fields, &d, 1, pr->chapter, strlen(pr->chapter),
                               NPC_WDF_HEADING, NPC_POS_HEADING, err);
    }
    if (st == NPC_OK && r->body[0]) {
        st = npc_doc_add_term(d, NPC_P_BODY, r->body, err);
    }
    if (st == NPC_OK) {
        st = npc_cites_add_terms(d, l, err);
    }
    if (st == NPC_OK) {
        /* the passage's words (the title line belongs to the report as a whole) */
        st = npc_doc_add_tokens_in(d, &r->an, r->start, pr->from, pr->to, err);
    }
    return st;
}

/* The documents of section k (the whole report when it has no sections): its passages. */
static npc_status section_docs(report_ctx *r, size_t k, npc_passages *ps, npc_cites *l,
                               npc_prepared *out, npc_err *err)
{
    const npc_prep_source *src = r->src;
    const npc_report_section *sec = r->split->n ? &r->split->sections[k] : NULL;
    size_t from = sec ? sec->text.start : r->start, to = sec ? sec->text.end : src->len;
    char chapter[600] = "";
    if (sec != NULL) {
        section_chapter(src->text, sec, chapter, sizeof chapter);
    }
    npc_status st = npc_passages_cut(src->text, from, to, NPC_PASSAGE_CHARS, ps, err);
    for (size_t j = 0; st == NPC_OK && j < ps->n; j++) {
        passage_ref pr = {sec, k, j, ps->n, ps->p[j].start, ps->p[j].end, chapter};
        st = passage_doc(r, &pr, l, out, err);
    }
    return st;
}

/* The report's title, category, body, region and date; its text analysed, its citations
 * found. */
static npc_status read_report(report_ctx *r, npc_err *err)
{
    npc_prep_source *src = r->src;
    const char *s = src->text + r->start;
    size_t len = src->len - r->start;
    npc_first_line(s, len, r->title, sizeof r->title);
    npc_classify_report(r->title, src->category);
    npc_report_body(r->title, r->body, sizeof r->body);
    npc_region_of_issuer(r->body, src->f->rel, src->region);
    const json_t *e = index_entry(r->p, src->f);
    if (e != NULL) {
        apply_entry(e, src, r->body, sizeof r->body);
    }
    npc_status st = npc_analyze(r->p->body, s, len, NPC_AN_INDEX, &r->an, err);
    if (st == NPC_OK) {
        npc_cite_scan(&r->an, npc_analyzer_lexicon(r->p->body), s, len, NULL, npc_cites_text_keep,
                      &r->cites);
        if (r->cites.oom) {
            st = npc_fail(err, NPC_ENOMEM, "citations");
        }
    }
    return st;
}

npc_status npc_prep_report(npc_prep *p, npc_prep_source *src, size_t start, npc_prepared *out,
                           npc_err *err)
{
    report_ctx *r = calloc(1, sizeof *r);
    npc_report *split = malloc(sizeof *split);
    npc_cites *l = calloc(1, sizeof *l);
    npc_printed page = {.text = NULL};
    npc_prep_source seen = *src; /* its text as a person reads it */
    npc_status st = NPC_OK;
    if (r == NULL || split == NULL || l == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "report");
    } else if ((st = npc_printed_read(src->text + start, src->len - start, &page, err)) == NPC_OK) {
        if (page.text != NULL) {
            seen.text = page.text;
            seen.len = page.len;
            start = 0;
        }
        npc_report_split(seen.text, seen.len, start, split);
        *r = (report_ctx){
            .p = p, .src = &seen, .start = start, .split = split, .nsec = split->n ? split->n : 1};
        memcpy(r->byline, page.byline, sizeof r->byline);
        st = read_report(r, err);
    }
    npc_passages ps = {0};
    for (size_t k = 0; st == NPC_OK && k < r->nsec; k++) {
        st = section_docs(r, k, &ps, l, out, err);
    }
    npc_passages_release(&ps);
    if (r != NULL) {
        npc_cites_text_release(&r->cites);
    }
    npc_printed_release(&page);
    free(l);
    free(split);
    free(r);
    return st;
}

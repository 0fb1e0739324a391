/*
 * prep_law.c — the law genre (prep_internal.h): a law Markdown file (lawmd.h) becomes one
 * document for the whole law and one per article; every word of the body goes to the law and
 * to the article holding it, every citation in it to that article.  Also a law's title for the
 * lexicon, before the index run (prep.h npc_prep_law_title).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cites.h"
#include "docbuild.h"
#include "index/cite.h"
#include "index/schema.h"
#include "lawmd.h"
#include "prep_internal.h"
#include "read.h"
#include "text/fold.h"

static char *dup_range(const char *s, npc_range r)
{
    char *p = malloc(r.end - r.start + 1);
    if (p != NULL) {
        memcpy(p, s + r.start, r.end - r.start);
        p[r.end - r.start] = '\0';
    }
    return p;
}

/* Finds the article whose text range holds byte offset at (articles sorted by start); -1 when
 * none does. */
static long article_at(const npc_law *law, size_t at)
{
    size_t lo = 0, hi = law->narticles;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (law->articles[mid].text.start <= at) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return -1;
    }
    const npc_law_article *a = &law->articles[lo - 1];
    return at < a->text.end ? (long)(lo - 1) : -1;
}

/* The chapter path of article a, malloc'd: the headings in force but the title's level
 * (第四章 劳动就业 › 第一节 …), white space collapsed; NULL when out of memory. */
static char *article_chapter(const char *text, const npc_law *law, const npc_law_article *a)
{
    long path[8];
    size_t np = a->heading >= 0 ? npc_law_heading_path(law, a->heading, path, 8) : 0;
    size_t cap = 8;
    for (size_t k = 0; k < np; k++) {
        cap += law->headings[path[k]].text.end - law->headings[path[k]].text.start + 8;
    }
    char *chapter = malloc(cap);
    if (chapter == NULL) {
        return NULL;
    }
    chapter[0] = '\0';
    for (size_t k = 0; k < np; k++) {
        const npc_law_heading *h = &law->headings[path[k]];
        if (h->level == 1) {
            continue;
        }
        if (chapter[0]) {
            strcat(chapter, " › ");
        }
        strncat(chapter, text + h->text.start, h->text.end - h->text.start);
    }
    npc_collapse_spaces(chapter);
    return chapter;
}

/* The document of article i (the law's fields lawf with the article's own), pushed to out and
 * borrowed into *doc; its chapter path ×NPC_WDF_HEADING. */
static npc_status article_doc(npc_prep *p, const npc_prep_source *src, const npc_law *law, size_t i,
                              const npc_doc_fields *lawf, npc_prepared *out, xc_doc **doc,
                              npc_err *err)
{
    const npc_law_article *a = &law->articles[i];
    char id[4200], label[128];
    npc_doc_id_article(id, sizeof id, src->f->rel, a->num, a->sub, a->dup);
    size_t ll = a->label.end - a->label.start < sizeof label - 1 ? a->label.end - a->label.start
                                                                 : sizeof label - 1;
    memcpy(label, src->text + a->label.start, ll);
    label[ll] = '\0';
    char *chapter = article_chapter(src->text, law, a);
    if (chapter == NULL) {
        return npc_fail(err, NPC_ENOMEM, "law");
    }
    npc_doc_fields af = *lawf;
    af.id = id;
    af.type = NPC_TYPE_ARTICLE;
    af.article = a->num;
    af.sub = a->sub;
    af.article_label = label;
    af.chapter = chapter;
    af.text = src->text + a->text.start;
    af.text_len = a->text.end - a->text.start;
    af.analysed_at = a->text.start - law->body.start;
    xc_doc *d = NULL;
    npc_status st = npc_doc_build(&af, &d, err);
    if (st == NPC_OK) {
        st = npc_doc_push(out, d, id, err);
    }
    if (st == NPC_OK) {
        out->articles++;
        *doc = d;
    }
    if (st == NPC_OK && chapter[0]) {
        st = npc_doc_add_field(p->fields, &d, 1, chapter, strlen(chapter), NPC_WDF_HEADING,
                               NPC_POS_HEADING, err);
    }
    free(chapter);
    return st;
}

/* The words of the body (analysis an) into the law and into the article holding each. */
static npc_status body_words(const npc_law *law, const npc_analysis *an, xc_doc *ldoc,
                             xc_doc **adocs, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        /* a law with articles keeps only the words of its body, without positions: its
         * bigrams and phrases live in the articles (halving the postings the whole-law
         * documents cost) */
        if (law->narticles == 0) {
            st = npc_doc_add_token(ldoc, an, t, 1, NPC_POS_TEXT, err);
        } else if (npc_token_is_word(t->kind)) {
            st = npc_doc_add_token(ldoc, an, t, 1, NPC_POS_NONE, err);
        }
        long k = article_at(law, law->body.start + t->start);
        if (st == NPC_OK && k >= 0) {
            st = npc_doc_add_token(adocs[k], an, t, 1, NPC_POS_TEXT, err);
        }
    }
    return st;
}

/* Citations in a law's body go to the article that holds them (or to the law without
 * articles); 本法 is the law itself. */
typedef struct law_cites {
    const npc_law *law;
    xc_doc **adocs, *ldoc;
    npc_status st;
    npc_err *err;
} law_cites;

static int law_cite(const npc_cite *c, void *ctx)
{
    law_cites *lc = ctx;
    long k = article_at(lc->law, lc->law->body.start + c->start);
    xc_doc *d = k >= 0 ? lc->adocs[k] : lc->law->narticles == 0 ? lc->ldoc : NULL;
    char t[NPC_LAW_KEY_MAX + 48];
    size_t tl;
    if (d != NULL && (tl = npc_cite_term(c->key, c->article, c->sub, t, sizeof t)) != 0) {
        lc->st = xc_doc_add_boolean_term(d, t, tl, lc->err);
    }
    if (lc->st == NPC_OK && d != NULL && (tl = npc_cite_term(c->key, 0, 0, t, sizeof t)) != 0) {
        lc->st = xc_doc_add_boolean_term(d, t, tl, lc->err);
    }
    return lc->st != NPC_OK;
}

/* The documents of a parsed law: the law's (pushed first), its articles', then the words and
 * citations of the body.  title is collapsed in place. */
static npc_status law_docs(npc_prep *p, npc_prep_source *src, const npc_law *law, char *title,
                           const char *book, xc_doc **adocs, npc_prepared *out, npc_err *err)
{
    char key[NPC_LAW_KEY_MAX + 8];
    npc_collapse_spaces(title);
    npc_law_key(title, strlen(title), key, sizeof key);
    npc_classify_law(src->f->rel, title, src->category, src->region);
    if (src->date[0] == '\0') {
        memcpy(src->date, law->date, sizeof src->date);
    }
    /* the body, analysed once: every token goes to the law, and to its article */
    npc_analysis an;
    const char *body = src->text + law->body.start;
    size_t body_len = law->body.end - law->body.start;
    npc_status st = npc_analyze(p->body, body, body_len, NPC_AN_INDEX, &an, err);
    char group[2 * NPC_LAW_KEY_MAX + 8], today[11];
    snprintf(group, sizeof group, "%s\x1f%s", key, book);
    npc_today(today);
    npc_doc_version v = {
        .adopted = law->adopted,
        .amended = strcmp(law->date, law->adopted) > 0 ? law->date : "",
        .in_force = law->in_force,
        .repealed = law->repealed,
        .group = group,
        .status = npc_version_status(law->in_force, law->repealed, law->repealed, today)};
    npc_doc_fields fs = {.id = src->f->rel,
                         .type = NPC_TYPE_LAW,
                         .title = title,
                         .book = book,
                         .path = src->f->rel,
                         .date = src->date,
                         .category = src->category,
                         .region = src->region,
                         .law_key = key,
                         .text = body,
                         .text_len = body_len,
                         .analysed = p->body,
                         .version = &v};
    xc_doc *ldoc = NULL;
    if (st == NPC_OK) {
        st = npc_doc_build(&fs, &ldoc, err);
    }
    if (st == NPC_OK) {
        st = npc_doc_push(out, ldoc, src->f->rel, err);
    }
    for (size_t i = 0; st == NPC_OK && i < law->narticles; i++) {
        st = article_doc(p, src, law, i, &fs, out, &adocs[i], err);
    }
    /* the title: heavy in the law, light in its articles (which hold its phrases too, as their
     * hits show it) */
    if (st == NPC_OK) {
        st = npc_doc_add_field(p->fields, &ldoc, 1, title, strlen(title), NPC_WDF_TITLE,
                               NPC_POS_TITLE, err);
    }
    if (st == NPC_OK) {
        st = npc_doc_add_field(p->fields, adocs, law->narticles, title, strlen(title), 1,
                               NPC_POS_TITLE, err);
    }
    if (st == NPC_OK && book[0]) {
        st = npc_doc_add_field(p->fields, &ldoc, 1, book, strlen(book), NPC_WDF_TITLE, NPC_POS_BOOK,
                               err);
    }
    if (st == NPC_OK) {
        st = body_words(law, &an, ldoc, adocs, err);
    }
    if (st == NPC_OK) {
        law_cites lc = {.law = law, .adocs = adocs, .ldoc = ldoc, .st = NPC_OK, .err = err};
        npc_cite_scan(&an, npc_analyzer_lexicon(p->body), body, body_len, key, law_cite, &lc);
        st = lc.st;
    }
    return st;
}

npc_status npc_prep_law(npc_prep *p, npc_prep_source *src, npc_prepared *out, npc_err *err)
{
    npc_law law;
    npc_status st = npc_law_parse(src->text, src->len, &law, err);
    if (st != NPC_OK) {
        return st;
    }
    char *title = dup_range(src->text, law.title);
    char *book = dup_range(src->text, law.book);
    xc_doc **adocs = calloc(law.narticles + 1, sizeof *adocs); /* borrowed from out */
    if (title == NULL || book == NULL || adocs == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "law");
    } else {
        st = law_docs(p, src, &law, title, book, adocs, out, err);
    }
    free(adocs);
    free(title);
    free(book);
    npc_law_release(&law);
    return st;
}

int npc_prep_law_title(const char *abs, const char *rel, char *buf, size_t cap)
{
    if (strcmp(npc_path_ext(rel), "md") != 0 || !npc_prep_wants(rel)) {
        return 0;
    }
    char head[8192];
    size_t n = npc_read_head(abs, head, sizeof head);
    npc_range t;
    /* a law (the marker in its first 8 KiB) without front matter (typed: feedback) */
    if (strncmp(head, "---", 3) == 0 || !npc_law_marked(head, n) || !npc_law_title(head, n, &t)) {
        return 0;
    }
    size_t len = t.end - t.start;
    if (len == 0 || len >= cap || len > 3 * 60 || !npc_utf8_valid(head + t.start, len, NULL)) {
        return 0;
    }
    memcpy(buf, head + t.start, len);
    buf[len] = '\0';
    npc_collapse_spaces(buf);
    if (buf[0] == '\0') {
        return 0; /* only white space (U+3000 …): no title */
    }
    /* sentences (case headlines) are not titles */
    if (strstr(buf, "，") || strstr(buf, "。") || strstr(buf, "、") || strstr(buf, "；")) {
        return 0;
    }
    return 1;
}

/*
 * prep.c — the preparer: reads a file and dispatches it to its genre (see prep.h).  A .csv is a
 * feedback table; a .md with the INFO END marker and no typed front matter is a law; a file
 * with "type: feedback" front matter is a submission; anything else is a report.
 */
#include "prep.h"

#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "index/schema.h"
#include "lawmd.h"
#include "manifest.h"
#include "prep_internal.h"
#include "read.h"
#include "visibility.h"

npc_status npc_prep_new(const npc_lexicon *lx, size_t max_file_bytes, npc_prep **out, npc_err *err)
{
    *out = NULL;
    npc_prep *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return npc_fail(err, NPC_ENOMEM, "preparer");
    }
    npc_status st = npc_analyzer_new(lx, &p->body, err);
    if (st == NPC_OK) {
        st = npc_analyzer_new(lx, &p->fields, err);
    }
    if (st != NPC_OK) {
        npc_prep_free(p);
        return st;
    }
    p->max_bytes = max_file_bytes;
    *out = p;
    return NPC_OK;
}

void npc_prep_free(npc_prep *p)
{
    if (p != NULL) {
        npc_analyzer_free(p->body);
        npc_analyzer_free(p->fields);
        npc_report_index_release(&p->rindex);
        free(p);
    }
}

void npc_prepared_release(npc_prepared *out)
{
    for (size_t i = 0; i < out->n; i++) {
        xc_doc_free(out->docs[i]);
        free(out->ids[i]);
    }
    free(out->docs);
    free(out->ids);
    free(out->file_term);
    memset(out, 0, sizeof *out);
}

int npc_prep_wants(const char *rel)
{
    const char *b = npc_path_base(rel);
    if (strcmp(b, "README.md") == 0 || strcmp(b, "SOURCES.md") == 0 ||
        strcmp(b, "_index.md") == 0) {
        return 0; /* documentation of a folder, not a document */
    }
    const char *ext = npc_path_ext(rel);
    return strcmp(ext, "md") == 0 || strcmp(ext, "txt") == 0 || strcmp(ext, "csv") == 0 ||
           npc_format_of(rel) != NPC_FORMAT_TEXT;
}

/* Parses a front-matter block into o (key: value lines); returns the offset after it, 0 when
 * the text has none. */
static size_t front_matter(const char *s, size_t len, json_t *o)
{
    if (len < 4 || memcmp(s, "---", 3) != 0 || (s[3] != '\n' && s[3] != '\r')) {
        return 0;
    }
    size_t pos = s[3] == '\r' ? 5 : 4;
    while (pos < len) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        size_t e = end;
        if (e > pos && s[e - 1] == '\r') {
            e--;
        }
        if (e - pos == 3 && memcmp(s + pos, "---", 3) == 0) {
            return nl ? end + 1 : len;
        }
        const char *colon = memchr(s + pos, ':', e - pos);
        if (colon != NULL) {
            size_t kl = (size_t)(colon - (s + pos));
            const char *v = colon + 1;
            while (v < s + e && *v == ' ') {
                v++;
            }
            if (kl > 0 && kl < 64) {
                char key[64];
                memcpy(key, s + pos, kl);
                key[kl] = '\0';
                json_object_set_new(o, key, json_stringn(v, (size_t)(s + e - v)));
            }
        }
        pos = nl ? end + 1 : len;
    }
    return 0; /* unterminated: not front matter */
}

/* A Markdown or text file: a law, a submission or a report, by its front matter fm (filled
 * here) and marker; then the visibility its front matter gives. */
static npc_status prep_text(npc_prep *p, npc_prep_source *src, json_t *fm, npc_prepared *out,
                            npc_err *err)
{
    size_t body = front_matter(src->text, src->len, fm);
    const char *type = body != 0 ? json_string_value(json_object_get(fm, "type")) : NULL;
    int typed = body != 0 && json_object_get(fm, "type") != NULL;
    npc_status st;
    if (strcmp(npc_path_ext(src->f->rel), "md") == 0 && !typed &&
        npc_law_marked(src->text, src->len)) {
        st = npc_prep_law(p, src, out, err);
    } else if (type != NULL && strcmp(type, "feedback") == 0) {
        st = npc_prep_feedback_md(p, src, body, fm, out, err);
    } else {
        st = npc_prep_report(p, src, body, out, err);
    }
    return st == NPC_OK ? npc_visibility_mark(fm, out, err) : st;
}

npc_status npc_prep_file(npc_prep *p, const npc_file *f, npc_prepared *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    if (!npc_prep_wants(f->rel)) {
        out->ignored = 1;
        return NPC_OK;
    }
    size_t n = strlen(NPC_P_FILE) + strlen(f->rel) + 1;
    out->file_term = malloc(n);
    if (out->file_term == NULL) {
        return npc_fail(err, NPC_ENOMEM, "file term");
    }
    npc_term(out->file_term, n, NPC_P_FILE, f->rel, strlen(f->rel));
    npc_prep_source src = {.f = f};
    char *text = NULL;
    npc_status st = npc_read_text(f, p->max_bytes, &text, &src.len, err);
    if (st != NPC_OK) {
        npc_prepared_release(out);
        return st;
    }
    src.text = text;
    out->hash = npc_content_hash(text, src.len);
    npc_date_from_name(f->rel, src.date);
    if (strcmp(npc_path_ext(f->rel), "csv") == 0) {
        st = npc_prep_feedback_csv(p, &src, out, err);
    } else {
        json_t *fm = json_object();
        st = fm != NULL ? prep_text(p, &src, fm, out, err)
                        : npc_fail(err, NPC_ENOMEM, "front matter");
        json_decref(fm);
    }
    free(text);
    if (st != NPC_OK) {
        npc_prepared_release(out);
    }
    return st;
}

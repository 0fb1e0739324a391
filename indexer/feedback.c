/*
 * feedback.c — contact-point feedback tables (see feedback.h).
 */
#include "feedback.h"

#include <stdlib.h>
#include <string.h>

static const char *const HEADERS[NPC_FB_NCOLS] = {[NPC_FB_SEQ] = "序号",
                                                  [NPC_FB_DRAFT] = "草案名称",
                                                  [NPC_FB_ARTICLE] = "条款",
                                                  [NPC_FB_TEXT] = "意见建议",
                                                  [NPC_FB_REASON] = "理由",
                                                  [NPC_FB_SUBMITTER] = "提出方",
                                                  [NPC_FB_CONTACT_POINT] = "联系点",
                                                  [NPC_FB_DATE] = "日期",
                                                  [NPC_FB_STATUS] = "办理情况"};

const char *npc_fb_col_header(enum npc_fb_col c)
{
    return c < NPC_FB_NCOLS ? HEADERS[c] : "";
}

/* s without leading and trailing white space (ASCII and U+3000), in place. */
static char *trim(char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
            s++;
        } else if (strncmp(s, "\xE3\x80\x80", 3) == 0) {
            s += 3;
        } else {
            break;
        }
    }
    size_t n = strlen(s);
    for (;;) {
        if (n > 0 &&
            (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) {
            n--;
        } else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0) {
            n -= 3;
        } else {
            break;
        }
    }
    s[n] = '\0';
    return s;
}

npc_status npc_fb_parse(const char *raw, size_t len, npc_fb_table *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    size_t tl = 0;
    npc_status st = npc_to_utf8(raw, len, &out->text, &tl, &out->encoding, err);
    if (st == NPC_OK && out->text == NULL) { /* already UTF-8: a copy the reader may cut up */
        out->text = malloc(len + 1);
        if (out->text == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "feedback table");
        } else {
            memcpy(out->text, raw, len);
            out->text[len] = '\0';
            tl = len;
        }
    }
    if (st == NPC_OK) {
        st = npc_csv_parse(out->text, tl, &out->csv, err);
    }
    if (st != NPC_OK) {
        npc_fb_release(out);
        return st;
    }
    const npc_csv_record *h = &out->csv.records[0];
    long map[NPC_FB_NCOLS];
    for (size_t c = 0; c < NPC_FB_NCOLS; c++) {
        map[c] = -1;
    }
    size_t nextra = 0;
    long *extra_at = calloc(h->n + 1, sizeof *extra_at);
    if (extra_at == NULL) {
        npc_fb_release(out);
        return npc_fail(err, NPC_ENOMEM, "feedback table");
    }
    for (size_t k = 0; k < h->n && st == NPC_OK; k++) {
        char *name = trim(h->fields[k]);
        int known = 0;
        for (size_t c = 0; c < NPC_FB_NCOLS; c++) {
            if (strcmp(name, HEADERS[c]) == 0) {
                if (map[c] >= 0) {
                    st = npc_fail(err, NPC_EFORMAT, "line 1: column \"%s\" appears twice", name);
                }
                map[c] = (long)k;
                known = 1;
            }
        }
        if (!known && name[0] != '\0') {
            extra_at[nextra++] = (long)k;
        }
    }
    static const enum npc_fb_col required[] = {NPC_FB_DRAFT, NPC_FB_TEXT};
    for (size_t r = 0; st == NPC_OK && r < 2; r++) {
        if (map[required[r]] < 0) {
            st = npc_fail(err, NPC_EFORMAT,
                          "line 1: the header has no column \"%s\" (a feedback table needs %s and "
                          "%s)",
                          HEADERS[required[r]], HEADERS[NPC_FB_DRAFT], HEADERS[NPC_FB_TEXT]);
        }
    }
    size_t nrec = out->csv.n - 1;
    /* one block: rows, extra names, extra values */
    size_t bytes = nrec * sizeof(npc_fb_row) + (nextra + 1) * sizeof(char *) +
                   (nrec * nextra + 1) * sizeof(char *);
    char *mem = st == NPC_OK ? calloc(1, bytes) : NULL;
    if (st == NPC_OK && mem == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "feedback table");
    }
    if (st != NPC_OK) {
        free(extra_at);
        npc_fb_release(out);
        return st;
    }
    out->mem = mem;
    out->rows = (npc_fb_row *)mem;
    const char **names = (const char **)(mem + nrec * sizeof(npc_fb_row));
    const char **values = names + nextra + 1;
    for (size_t k = 0; k < nextra; k++) {
        names[k] = h->fields[extra_at[k]];
    }
    out->extra_names = names;
    out->extra_values = values;
    out->nextra = nextra;
    for (size_t i = 1; i < out->csv.n && st == NPC_OK; i++) {
        npc_csv_record *r = &out->csv.records[i];
        if (r->n > h->n) {
            st = npc_fail(err, NPC_EFORMAT, "line %zu: %zu fields, but the header names only %zu",
                          r->line, r->n, h->n);
            break;
        }
        npc_fb_row *row = &out->rows[out->n];
        row->line = r->line;
        for (size_t c = 0; c < NPC_FB_NCOLS; c++) {
            row->col[c] = map[c] >= 0 && (size_t)map[c] < r->n ? trim(r->fields[map[c]]) : "";
        }
        if (row->col[NPC_FB_DRAFT][0] == '\0' && row->col[NPC_FB_TEXT][0] == '\0') {
            continue; /* an empty row (a spreadsheet's trailing ",,,,") */
        }
        for (size_t k = 0; k < nextra; k++) {
            values[out->n * nextra + k] =
                (size_t)extra_at[k] < r->n ? trim(r->fields[extra_at[k]]) : "";
        }
        out->n++;
    }
    free(extra_at);
    if (st == NPC_OK && out->n == 0) {
        st = npc_fail(err, NPC_EEMPTY, "the feedback table has a header but no rows");
    }
    if (st != NPC_OK) {
        npc_fb_release(out);
    }
    return st;
}

void npc_fb_release(npc_fb_table *t)
{
    npc_csv_release(&t->csv);
    free(t->text);
    free(t->mem);
    memset(t, 0, sizeof *t);
}

/*
 * export.c — a draft's suggestions as CSV and .xlsx (see export.h).
 */
#include "feedback/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The columns: a title and the suggestion's field (an integer for group and group_size). */
static const struct column {
    const char *title, *key;
    double width;
} columns[] = {{"序号", "seq", 6},
               {"草案名称", "draft", 24},
               {"条款", "article_label", 14},
               {"意见建议", "text", 60},
               {"理由", "reason", 40},
               {"提出方", "submitter", 14},
               {"联系点", "contact_point", 28},
               {"日期", "date", 11},
               {"办理情况", "status", 12},
               {"相似组", "group", 8},
               {"同组条数", "group_size", 9},
               {"编号", "id", 30}};
#define NCOLUMNS (sizeof columns / sizeof *columns)

/* Column c of suggestion g as text into buf (a number written there), or a borrowed string. */
static const char *cell(const json_t *board, const json_t *g, size_t c, char *buf, size_t cap)
{
    const json_t *v = strcmp(columns[c].key, "draft") == 0 ? json_object_get(board, "draft")
                                                           : json_object_get(g, columns[c].key);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    const char *s = json_string_value(v);
    return s ? s : "";
}

/* ---- CSV --------------------------------------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t n, cap;
    int failed;
} buf;

static void put(buf *b, const char *s, size_t len)
{
    if (b->failed || len == 0) {
        return;
    }
    if (b->n + len + 1 > b->cap) {
        size_t cap = (b->n + len + 1) * 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

/* One field, quoted when it holds a comma, a quote or a line break. */
static void put_field(buf *b, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        put(b, s, strlen(s));
        return;
    }
    put(b, "\"", 1);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        put(b, s, (size_t)(q - s) + 1);
        put(b, "\"", 1);
    }
    put(b, s, strlen(s));
    put(b, "\"", 1);
}

npc_status npc_export_csv(const json_t *board, char **out, size_t *len, npc_err *err)
{
    buf b = {0};
    put(&b, "\xEF\xBB\xBF", 3);
    for (size_t c = 0; c < NCOLUMNS; c++) {
        put(&b, c ? "," : "", c ? 1 : 0);
        put_field(&b, columns[c].title);
    }
    put(&b, "\r\n", 2);
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(board, "suggestions"), i, g)
    {
        for (size_t c = 0; c < NCOLUMNS; c++) {
            char num[32];
            put(&b, ",", c ? 1 : 0);
            put_field(&b, cell(board, g, c, num, sizeof num));
        }
        put(&b, "\r\n", 2);
    }
    if (b.failed) {
        free(b.p);
        return npc_fail(err, NPC_ENOMEM, "CSV");
    }
    *out = b.p;
    *len = b.n;
    return NPC_OK;
}

/* ---- xlsx -------------------------------------------------------------------------------- */

/* A cell holds at most 32,767 characters: a longer text is cut at a character boundary. */
#define CELL_MAX 32767

static lxw_error put_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                            lxw_format *f)
{
    size_t len = strlen(s);
    if (len <= CELL_MAX) {
        return worksheet_write_string(ws, r, c, s, f);
    }
    size_t cut = CELL_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) {
        cut--;
    }
    char *t = strndup(s, cut);
    lxw_error e = t ? worksheet_write_string(ws, r, c, t, f) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    free(t);
    return e;
}

static lxw_error suggestions_sheet(lxw_workbook *wb, const json_t *board, lxw_format *head,
                                   lxw_format *wrap)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "意见建议");
    lxw_error e = ws ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
    for (lxw_col_t c = 0; e == LXW_NO_ERROR && c < NCOLUMNS; c++) {
        e = worksheet_write_string(ws, 0, c, columns[c].title, head);
        if (e == LXW_NO_ERROR) {
            e = worksheet_set_column(ws, c, c, columns[c].width, c == 3 || c == 4 ? wrap : NULL);
        }
    }
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(board, "suggestions"), i, g)
    {
        for (lxw_col_t c = 0; e == LXW_NO_ERROR && c < NCOLUMNS; c++) {
            const json_t *v = json_object_get(g, columns[c].key);
            char num[32];
            e = json_is_integer(v)
                    ? worksheet_write_number(ws, (lxw_row_t)i + 1, c, (double)json_integer_value(v),
                                             NULL)
                    : put_string(ws, (lxw_row_t)i + 1, c, cell(board, g, c, num, sizeof num), NULL);
        }
    }
    if (ws != NULL) {
        worksheet_freeze_panes(ws, 1, 0);
    }
    return e;
}

/* 条款统计: per article, its total and its count by each of the draft's statuses. */
static lxw_error articles_sheet(lxw_workbook *wb, const json_t *board, lxw_format *head)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "条款统计");
    const json_t *statuses = json_object_get(board, "statuses");
    lxw_error e =
        ws ? worksheet_write_string(ws, 0, 0, "条款", head) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (e == LXW_NO_ERROR) {
        e = worksheet_write_string(ws, 0, 1, "意见条数", head);
    }
    size_t k, i;
    json_t *st, *a;
    json_array_foreach(statuses, k, st)
    {
        const char *v = json_string_value(json_object_get(st, "value"));
        if (e == LXW_NO_ERROR) {
            e = put_string(ws, 0, (lxw_col_t)k + 2, v && v[0] ? v : "（未填写）", head);
        }
    }
    json_array_foreach(json_object_get(board, "articles"), i, a)
    {
        const char *label = json_string_value(json_object_get(a, "article_label"));
        if (e == LXW_NO_ERROR) {
            e = put_string(ws, (lxw_row_t)i + 1, 0, label && label[0] ? label : "（未指明条款）",
                           NULL);
        }
        if (e == LXW_NO_ERROR) {
            e = worksheet_write_number(ws, (lxw_row_t)i + 1, 1,
                                       (double)json_integer_value(json_object_get(a, "total")),
                                       NULL);
        }
        json_array_foreach(statuses, k, st)
        {
            size_t j;
            json_t *c;
            json_int_t n = 0;
            json_array_foreach(json_object_get(a, "statuses"), j, c)
            {
                n = json_equal(json_object_get(c, "value"), json_object_get(st, "value"))
                        ? json_integer_value(json_object_get(c, "count"))
                        : n;
            }
            if (e == LXW_NO_ERROR) {
                e = worksheet_write_number(ws, (lxw_row_t)i + 1, (lxw_col_t)k + 2, (double)n, NULL);
            }
        }
    }
    if (e == LXW_NO_ERROR) {
        e = worksheet_set_column(ws, 0, 0, 16, NULL);
    }
    return e;
}

npc_status npc_export_xlsx(const json_t *board, const char *path, npc_err *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        return npc_fail(err, NPC_EIO, "cannot create the workbook %s", path);
    }
    lxw_format *head = workbook_add_format(wb), *wrap = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(wrap);
    lxw_error e = suggestions_sheet(wb, board, head, wrap);
    if (e == LXW_NO_ERROR) {
        e = articles_sheet(wb, board, head);
    }
    lxw_error closed = workbook_close(wb); /* frees wb, writes the file */
    e = e != LXW_NO_ERROR ? e : closed;
    if (e != LXW_NO_ERROR) {
        return npc_fail(err, NPC_EIO, "cannot write the workbook %s: %s", path, lxw_strerror(e));
    }
    return NPC_OK;
}

/* The whole file at path into a malloc'd buffer. */
static npc_status slurp(const char *path, char **out, size_t *len, npc_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return npc_fail(err, NPC_EIO, "cannot read the workbook");
    }
    buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        put(&b, chunk, n);
    }
    int bad = ferror(f);
    fclose(f);
    if (b.failed || bad || b.p == NULL) {
        free(b.p);
        return npc_fail(err, b.failed ? NPC_ENOMEM : NPC_EIO, "cannot read the workbook");
    }
    *out = b.p;
    *len = b.n;
    return NPC_OK;
}

npc_status npc_export_xlsx_bytes(const json_t *board, char **out, size_t *len, npc_err *err)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/npcsearch-xlsx-XXXXXX", dir && dir[0] ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        return npc_fail(err, NPC_EIO, "cannot make a temporary file for the workbook");
    }
    close(fd);
    npc_status st = npc_export_xlsx(board, path, err);
    if (st == NPC_OK) {
        st = slurp(path, out, len, err);
    }
    unlink(path);
    return st;
}

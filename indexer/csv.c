/*
 * csv.c — RFC 4180 reader (see csv.h).
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static int buf_put(buf *b, char c)
{
    if (b->n + 1 >= b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char *p = realloc(b->s, cap);
        if (p == NULL) {
            return 0;
        }
        b->s = p;
        b->cap = cap;
    }
    b->s[b->n++] = c;
    return 1;
}

static int push_field(npc_csv_record *r, buf *b)
{
    char **f = realloc(r->fields, (r->n + 1) * sizeof *f);
    if (f == NULL) {
        return 0;
    }
    r->fields = f;
    char *s = malloc(b->n + 1);
    if (s == NULL) {
        return 0;
    }
    if (b->n > 0) {
        memcpy(s, b->s, b->n);
    }
    s[b->n] = '\0';
    r->fields[r->n++] = s;
    b->n = 0;
    return 1;
}

static void record_release(npc_csv_record *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->fields[i]);
    }
    free(r->fields);
    memset(r, 0, sizeof *r);
}

static int push_record(npc_csv *t, npc_csv_record *r)
{
    npc_csv_record *p = realloc(t->records, (t->n + 1) * sizeof *p);
    if (p == NULL) {
        return 0;
    }
    t->records = p;
    t->records[t->n++] = *r;
    memset(r, 0, sizeof *r);
    return 1;
}

npc_status npc_csv_parse(const char *text, size_t len, npc_csv *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    size_t i = 0, line = 1;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        i = 3;
    }
    buf b = {0};
    npc_csv_record r = {0};
    npc_status st = NPC_OK;
    while (i < len && st == NPC_OK) {
        /* a blank line between records */
        if (r.n == 0 &&
            (text[i] == '\n' || (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))) {
            i += text[i] == '\r' ? 2 : 1;
            line++;
            continue;
        }
        if (r.n == 0) {
            r.line = line;
        }
        /* one field */
        b.n = 0;
        int ok = 1;
        if (text[i] == '"') {
            size_t open_line = line;
            i++;
            for (;;) {
                if (i >= len) {
                    st = npc_fail(err, NPC_EFORMAT,
                                  "line %zu: quoted field is not closed before the end of the file",
                                  open_line);
                    break;
                }
                if (text[i] == '"') {
                    if (i + 1 < len && text[i + 1] == '"') {
                        ok = ok && buf_put(&b, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (text[i] == '\n') {
                    line++;
                }
                ok = ok && buf_put(&b, text[i]);
                i++;
            }
            if (st == NPC_OK && i < len && text[i] != ',' && text[i] != '\n' &&
                !(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') &&
                !(text[i] == '\r' && i + 1 == len)) {
                st = npc_fail(err, NPC_EFORMAT, "line %zu: text after the closing quote of a field",
                              line);
            }
        } else {
            while (i < len && text[i] != ',' && text[i] != '\n' &&
                   !(text[i] == '\r' && (i + 1 == len || text[i + 1] == '\n'))) {
                if (text[i] == '"') {
                    st = npc_fail(err, NPC_EFORMAT,
                                  "line %zu: a quote inside an unquoted field (quote the field and "
                                  "double the quote)",
                                  line);
                    break;
                }
                ok = ok && buf_put(&b, text[i]);
                i++;
            }
        }
        if (st != NPC_OK) {
            break;
        }
        if (!ok || !push_field(&r, &b)) {
            st = npc_fail(err, NPC_ENOMEM, "CSV field");
            break;
        }
        /* the separator after it */
        if (i < len && text[i] == ',') {
            i++;
            if (i == len) {
                /* "a,b," at the very end: a last, empty field */
                if (!push_field(&r, &b)) {
                    st = npc_fail(err, NPC_ENOMEM, "CSV field");
                }
            }
            continue;
        }
        if (i < len) {
            i += text[i] == '\r' ? 2 : 1;
            if (i > len) {
                i = len;
            }
            line++;
        }
        if (!push_record(out, &r)) {
            st = npc_fail(err, NPC_ENOMEM, "CSV record");
        }
    }
    if (st == NPC_OK && r.n > 0 && !push_record(out, &r)) {
        st = npc_fail(err, NPC_ENOMEM, "CSV record");
    }
    record_release(&r);
    free(b.s);
    if (st == NPC_OK && out->n == 0) {
        st = npc_fail(err, NPC_EEMPTY, "no CSV record");
    }
    if (st != NPC_OK) {
        npc_csv_release(out);
    }
    return st;
}

void npc_csv_release(npc_csv *t)
{
    for (size_t i = 0; i < t->n; i++) {
        record_release(&t->records[i]);
    }
    free(t->records);
    memset(t, 0, sizeof *t);
}

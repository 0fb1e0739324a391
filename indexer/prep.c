/*
 * prep.c — per-genre preparation of documents (see prep.h).
 */
#include "prep.h"

#include "text/charset.h"
#include "extract.h"
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/analyzer.h"
#include "index/cite.h"
#include "feedback.h"
#include "text/fold.h"
#include "lawmd.h"
#include "text/numeral.h"
#include "report.h"
#include "index/schema.h"
#include "search/snippet.h"

struct npc_prep {
    npc_analyzer *body; /* for the text of a file */
    npc_analyzer *aux;  /* for titles and headings while the body analysis is in use */
    size_t max_bytes;
    /* reports/index.json of the last report's folder (cached: one folder holds many) */
    char *rindex_dir;
    json_t *rindex;
};

npc_status npc_prep_new(const npc_lexicon *lx, size_t max_file_bytes, npc_prep **out, npc_err *err)
{
    *out = NULL;
    npc_prep *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return npc_fail(err, NPC_ENOMEM, "preparer");
    }
    npc_status st = npc_analyzer_new(lx, &p->body, err);
    if (st == NPC_OK) {
        st = npc_analyzer_new(lx, &p->aux, err);
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
        npc_analyzer_free(p->aux);
        free(p->rindex_dir);
        json_decref(p->rindex);
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

/* ---- file names and paths ------------------------------------------------------------- */

static const char *base_name(const char *rel)
{
    const char *s = strrchr(rel, '/');
    return s ? s + 1 : rel;
}

static const char *extension(const char *rel)
{
    const char *b = base_name(rel);
    const char *dot = strrchr(b, '.');
    return dot ? dot + 1 : "";
}

int npc_prep_wants(const char *rel)
{
    const char *b = base_name(rel);
    if (strcmp(b, "README.md") == 0 || strcmp(b, "SOURCES.md") == 0 ||
        strcmp(b, "_index.md") == 0) {
        return 0; /* documentation of a folder, not a document */
    }
    const char *ext = extension(rel);
    return strcmp(ext, "md") == 0 || strcmp(ext, "txt") == 0 || strcmp(ext, "csv") == 0 ||
           npc_format_of(rel) != NPC_FORMAT_TEXT;
}

/* Splits rel into directory components (not the file name); returns how many (at most max).
 * Components before and including a "laws", "reports" or "feedback" folder are dropped. */
static size_t dir_components(const char *rel, char comps[][128], size_t max)
{
    size_t n = 0;
    const char *s = rel;
    for (;;) {
        const char *slash = strchr(s, '/');
        if (slash == NULL) {
            break;
        }
        size_t len = (size_t)(slash - s);
        if ((len == 4 && memcmp(s, "laws", 4) == 0) || (len == 7 && memcmp(s, "reports", 7) == 0) ||
            (len == 8 && memcmp(s, "feedback", 8) == 0)) {
            n = 0;
        } else if (n < max && len < 128) {
            memcpy(comps[n], s, len);
            comps[n][len] = '\0';
            n++;
        }
        s = slash + 1;
    }
    return n;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

/* The region named at the start of a title (上海市…, 内蒙古自治区…, 2026年广东省…) without its
 * 省/市/自治区 suffix, or "" when the title names none within its first characters. */
static void region_from_title(const char *title, char *out, size_t cap)
{
    static const char *const suffixes[] = {"自治区", "省", "市"};
    out[0] = '\0';
    const char *s = title;
    while (*s >= '0' && *s <= '9') {
        s++;
    }
    if (s != title && strncmp(s, "年", 3) == 0) {
        s += 3;
    }
    if (strncmp(s, "中华人民共和国", 21) == 0 || strncmp(s, "全国", 6) == 0) {
        return;
    }
    /* look for the earliest suffix within 7 characters */
    size_t best = 0, best_len = 0;
    for (size_t k = 0; k < 3; k++) {
        const char *hit = strstr(s, suffixes[k]);
        if (hit != NULL && (size_t)(hit - s) >= 6 && (size_t)(hit - s) <= 21 &&
            (best == 0 || (size_t)(hit - s) < best)) {
            best = (size_t)(hit - s);
            best_len = strlen(suffixes[k]);
        }
    }
    (void)best_len;
    if (best != 0 && best < cap) {
        memcpy(out, s, best);
        out[best] = '\0';
    }
}

static void strip_region_suffix(char *region)
{
    static const char *const suffixes[] = {"地方法规", "自治区", "省", "市"};
    for (size_t k = 0; k < 4; k++) {
        if (ends_with(region, suffixes[k]) && strlen(region) > strlen(suffixes[k])) {
            region[strlen(region) - strlen(suffixes[k])] = '\0';
            return;
        }
    }
}

/* The date in a file name: (2018-10-26) for laws, a leading 2025-01- or 2026- for reports. */
static void date_from_name(const char *rel, char out[11])
{
    const char *b = base_name(rel);
    out[0] = '\0';
    const char *paren = strrchr(b, '(');
    int y, m, d;
    if (paren != NULL && sscanf(paren, "(%4d-%2d-%2d)", &y, &m, &d) == 3) {
        snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
                 (unsigned)d % 100u);
        return;
    }
    int n = 0;
    if (sscanf(b, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 && y > 1900) {
        snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
                 (unsigned)d % 100u);
    } else if (sscanf(b, "%4d-%2d-%n", &y, &m, &n) == 2 && n == 8 && y > 1900 && m >= 1 &&
               m <= 12) {
        snprintf(out, 11, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
    } else if (sscanf(b, "%4d-%n", &y, &n) == 1 && n == 5 && y > 1900) {
        snprintf(out, 11, "%04d", y % 10000);
    }
}

/* ---- reading ----------------------------------------------------------------------------- */

/* Reads f whole as UTF-8 text: office formats extracted, GB18030 converted, a BOM dropped. */
static npc_status read_file(const npc_prep *p, const npc_file *f, char **out, size_t *len,
                            npc_err *err)
{
    *out = NULL;
    int fd = open(f->abs, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return npc_fail(err, NPC_EIO, "cannot open: %s", strerror(errno));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        close(fd);
        return npc_fail(err, NPC_EIO, "cannot stat: %s", strerror(errno));
    }
    if ((size_t)sb.st_size > p->max_bytes) {
        close(fd);
        return npc_fail(err, NPC_ETOOBIG, "%lld bytes is over the limit of %zu bytes",
                        (long long)sb.st_size, p->max_bytes);
    }
    if (sb.st_size == 0) {
        close(fd);
        return npc_fail(err, NPC_EEMPTY, "empty file");
    }
    char *buf = malloc((size_t)sb.st_size + 1);
    if (buf == NULL) {
        close(fd);
        return npc_fail(err, NPC_ENOMEM, "reading %lld bytes", (long long)sb.st_size);
    }
    size_t got = 0;
    while (got < (size_t)sb.st_size) {
        ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            free(buf);
            close(fd);
            return npc_fail(err, NPC_EIO, "read failed: %s", r < 0 ? strerror(errno) : "short");
        }
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\0';
    npc_format fmt = npc_format_of(f->rel);
    char *text = NULL;
    size_t tl = 0;
    const char *from;
    npc_status st;
    if (fmt != NPC_FORMAT_TEXT) { /* .docx, .pdf, .html: their text */
        st = npc_extract(fmt, buf, got, p->max_bytes, &text, &tl, err);
    } else if (memchr(buf, '\0', got) != NULL) {
        st = npc_fail(err, NPC_EBINARY, "binary content (NUL byte at offset %zu)",
                      (size_t)((const char *)memchr(buf, '\0', got) - buf));
    } else { /* UTF-8, or GB18030/GBK converted */
        st = npc_to_utf8(buf, got, &text, &tl, &from, err);
    }
    if (st != NPC_OK) {
        free(buf);
        return st;
    }
    if (text != NULL) {
        free(buf);
        buf = text;
        got = tl;
    }
    size_t start = 0;
    if (got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        start = 3; /* byte-order mark */
    }
    size_t i = start;
    while (i < got && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) {
        i++;
    }
    if (i == got) {
        free(buf);
        return npc_fail(err, NPC_EEMPTY, "no text (only white space)");
    }
    if (start != 0) {
        memmove(buf, buf + start, got - start + 1);
        got -= start;
    }
    *out = buf;
    *len = got;
    return NPC_OK;
}

/* ---- building documents ----------------------------------------------------------------- */

typedef struct fields {
    const char *id, *type, *title, *book, *article_label, *path, *date, *category, *region;
    const char *chapter, *law_key;
    uint32_t article, sub;
    const char *text;
    size_t text_len;
    json_t *extra; /* borrowed: more fields to store (feedback) */
    /* the analyzer whose last analysis covered text, from byte analysed_at of what it read:
     * its word boundaries are stored for snippets (npc_analyze_stored) */
    const npc_analyzer *analysed;
    size_t analysed_at;
} fields;

static npc_status add_term(xc_doc *d, const char *prefix, const char *value, npc_err *err)
{
    char buf[240];
    int n = snprintf(buf, sizeof buf, "%s%s", prefix, value);
    if (n < 0 || (size_t)n >= sizeof buf) {
        return NPC_OK; /* too long for a term: the field stays searchable as text */
    }
    return xc_doc_add_boolean_term(d, buf, (size_t)n, err);
}

static npc_status add_value(xc_doc *d, unsigned slot, const char *v, npc_err *err)
{
    if (v == NULL || v[0] == '\0') {
        return NPC_OK;
    }
    return xc_doc_set_value(d, slot, v, strlen(v), err);
}

/* Creates a document with the filter terms, values and stored data of fs. */
static npc_status new_doc(const fields *fs, xc_doc **out, npc_err *err)
{
    xc_doc *d;
    npc_status st = xc_doc_new(&d, err);
    if (st != NPC_OK) {
        return st;
    }
    char year[5] = "";
    if (fs->date != NULL && strlen(fs->date) >= 4) {
        memcpy(year, fs->date, 4);
        year[4] = '\0';
    }
    char art[32] = "";
    if (fs->article != 0) {
        if (fs->sub != 0) {
            snprintf(art, sizeof art, "%u-%u", fs->article, fs->sub);
        } else {
            snprintf(art, sizeof art, "%u", fs->article);
        }
    }
    int national =
        (strcmp(fs->type, NPC_TYPE_LAW) == 0 || strcmp(fs->type, NPC_TYPE_ARTICLE) == 0) &&
        strcmp(fs->category, NPC_LOCAL_CATEGORY) != 0;
    if ((st = add_term(d, NPC_P_ID, fs->id, err)) != NPC_OK ||
        (st = add_term(d, NPC_P_FILE, fs->path, err)) != NPC_OK ||
        (st = add_term(d, NPC_P_TYPE, fs->type, err)) != NPC_OK ||
        (fs->category[0] && (st = add_term(d, NPC_P_CATEGORY, fs->category, err)) != NPC_OK) ||
        (fs->region[0] && (st = add_term(d, NPC_P_REGION, fs->region, err)) != NPC_OK) ||
        (year[0] && (st = add_term(d, NPC_P_YEAR, year, err)) != NPC_OK) ||
        (fs->law_key && fs->law_key[0] && (st = add_term(d, NPC_P_LAW, fs->law_key, err))) ||
        (art[0] && (st = add_term(d, NPC_P_ARTICLE, art, err)) != NPC_OK) ||
        (national && (st = add_term(d, NPC_TERM_NATIONAL, "", err)) != NPC_OK) ||
        (st = add_value(d, NPC_SLOT_DATE, fs->date, err)) != NPC_OK ||
        (st = add_value(d, NPC_SLOT_TYPE, fs->type, err)) != NPC_OK ||
        (st = add_value(d, NPC_SLOT_CATEGORY, fs->category, err)) != NPC_OK ||
        (st = add_value(d, NPC_SLOT_YEAR, year, err)) != NPC_OK ||
        (st = add_value(d, NPC_SLOT_REGION, fs->region, err)) != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    json_t *o = json_object();
    if (o == NULL) {
        xc_doc_free(d);
        return npc_fail(err, NPC_ENOMEM, "document data");
    }
    json_object_set_new(o, "id", json_string(fs->id));
    json_object_set_new(o, "type", json_string(fs->type));
    json_object_set_new(o, "title", json_string(fs->title));
    if (fs->book && fs->book[0]) {
        json_object_set_new(o, "book", json_string(fs->book));
    }
    json_object_set_new(o, "article", json_integer(fs->article));
    json_object_set_new(o, "article_sub", json_integer(fs->sub));
    json_object_set_new(o, "article_label",
                        json_string(fs->article_label ? fs->article_label : ""));
    json_object_set_new(o, "path", json_string(fs->path));
    json_object_set_new(o, "date", json_string(fs->date ? fs->date : ""));
    json_object_set_new(o, "category", json_string(fs->category));
    json_object_set_new(o, "region", json_string(fs->region));
    json_object_set_new(o, "chapter", json_string(fs->chapter ? fs->chapter : ""));
    json_object_set_new(o, "law_key", json_string(fs->law_key ? fs->law_key : ""));
    json_object_set_new(o, "text", json_stringn(fs->text, fs->text_len));
    if (fs->extra != NULL) {
        json_object_update(o, fs->extra);
    }
    char *breaks = NULL;
    if (fs->analysed != NULL) {
        size_t at = fs->analysed_at, scan = npc_snippet_scan(fs->text, fs->text_len);
        st = npc_analysis_breaks(fs->analysed, at, at + scan, &breaks, err);
        json_object_set_new(o, "breaks", json_string(breaks ? breaks : ""));
        free(breaks);
    }
    char *data = st == NPC_OK ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (st != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    if (data == NULL) {
        xc_doc_free(d);
        return npc_fail(err, NPC_ENOMEM, "document data");
    }
    st = xc_doc_set_data(d, data, strlen(data), err);
    free(data);
    if (st != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    *out = d;
    return NPC_OK;
}

/* Packs the document's facet values (schema.h NPC_SLOT_FACETS) and adds it to out. */
static npc_status push_doc(npc_prepared *out, xc_doc *d, const char *id, npc_err *err)
{
    npc_status st = xc_doc_pack_values(d, npc_facet_slots, NPC_NFACETS, NPC_SLOT_FACETS, err);
    if (st != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 16;
        xc_doc **docs = realloc(out->docs, cap * sizeof *docs);
        if (docs != NULL) {
            out->docs = docs;
        }
        char **ids = realloc(out->ids, cap * sizeof *ids);
        if (ids != NULL) {
            out->ids = ids;
        }
        if (docs == NULL || ids == NULL) {
            xc_doc_free(d);
            return npc_fail(err, NPC_ENOMEM, "documents");
        }
        out->cap = cap;
    }
    size_t n = strlen(NPC_P_ID) + strlen(id) + 1;
    char *term = malloc(n);
    if (term == NULL) {
        xc_doc_free(d);
        return npc_fail(err, NPC_ENOMEM, "documents");
    }
    snprintf(term, n, "%s%s", NPC_P_ID, id);
    out->docs[out->n] = d;
    out->ids[out->n] = term;
    out->n++;
    return NPC_OK;
}

/* Adds token t of an analysis as a term with weight wdf; bigrams get their prefix.  No
 * positions are stored: they tripled the index and its build time, and phrases are verified
 * against the stored text instead (query.h). */
static npc_status add_token(xc_doc *d, const npc_analysis *an, const npc_token *t, uint32_t wdf,
                            npc_err *err)
{
    const char *term = npc_token_term(an, t);
    char buf[16];
    size_t len = t->term_len;
    if (t->kind == NPC_TOK_BIGRAM) {
        memcpy(buf, NPC_P_BIGRAM, 2);
        memcpy(buf + 2, term, t->term_len);
        term = buf;
        len += 2;
    }
    return xc_doc_add_term(d, term, len, wdf, err);
}

/* Analyses a short field (title, heading) and adds it to the documents with weight wdf. */
static npc_status add_field(npc_prep *p, xc_doc **docs, size_t ndocs, const char *s, size_t len,
                            uint32_t wdf, npc_err *err)
{
    npc_analysis an;
    npc_status st = npc_analyze(p->aux, s, len, NPC_AN_BIGRAMS, &an, err);
    for (size_t i = 0; st == NPC_OK && i < an.ntokens; i++) {
        for (size_t k = 0; st == NPC_OK && k < ndocs; k++) {
            st = add_token(docs[k], &an, &an.tokens[i], wdf, err);
        }
    }
    return st;
}

static char *dup_range(const char *s, npc_range r)
{
    char *p = malloc(r.end - r.start + 1);
    if (p != NULL) {
        memcpy(p, s + r.start, r.end - r.start);
        p[r.end - r.start] = '\0';
    }
    return p;
}

/* Collapses runs of white space (ASCII and ideographic) to one ASCII space, in place. */
static void collapse_spaces(char *s)
{
    char *o = s;
    int space = 0;
    for (const char *i = s; *i;) {
        if (*i == ' ' || *i == '\t') {
            space = 1;
            i++;
        } else if (strncmp(i, "\xE3\x80\x80", 3) == 0) {
            space = 1;
            i += 3;
        } else {
            if (space && o != s) {
                *o++ = ' ';
            }
            space = 0;
            *o++ = *i++;
        }
    }
    *o = '\0';
}

/* ---- citations ------------------------------------------------------------------------- */

/* The citations of one document: their terms (deduplicated) and, for the stored data, their
 * "key#article" forms. */
typedef struct cite_list {
    char terms[64][NPC_LAW_KEY_MAX + 48];
    size_t n;
    json_t *arr; /* "残疾人保障法#33" …, may be NULL */
} cite_list;

static void cite_list_add_term(cite_list *l, const char *term)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->terms[i], term) == 0) {
            return;
        }
    }
    if (l->n < sizeof l->terms / sizeof *l->terms) {
        snprintf(l->terms[l->n++], sizeof l->terms[0], "%s", term);
    }
}

static int collect_cite(const npc_cite *c, void *ctx)
{
    cite_list *l = ctx;
    char t[sizeof l->terms[0]];
    size_t before = l->n;
    if (npc_cite_term(c->key, c->article, c->sub, t, sizeof t) != 0) {
        cite_list_add_term(l, t);
        if (l->n > before && l->arr != NULL) {
            json_array_append_new(l->arr, json_string(t + strlen(NPC_P_CITES)));
        }
    }
    if (npc_cite_term(c->key, 0, 0, t, sizeof t) != 0) {
        cite_list_add_term(l, t);
    }
    return 0;
}

static npc_status add_cite_terms(xc_doc *d, const cite_list *l, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < l->n; i++) {
        st = xc_doc_add_boolean_term(d, l->terms[i], strlen(l->terms[i]), err);
    }
    return st;
}

/* ---- feedback fields --------------------------------------------------------------------- */

typedef struct fb_fields {
    const char *draft, *article, *contact_point, *submitter, *status;
    /* the draft's articles as the analyzer reads them (第十五条、第十六条: 15, 16) */
    uint32_t num[16], sub[16];
    size_t n;
} fb_fields;

/* Reads the article numbers of fb->article with the analyzer and puts the feedback fields into
 * the stored data (extra). */
static npc_status fb_prepare(npc_prep *p, fb_fields *fb, json_t *extra, npc_err *err)
{
    fb->n = 0;
    if (fb->article != NULL && fb->article[0]) {
        npc_analysis an;
        npc_status st = npc_analyze(p->aux, fb->article, strlen(fb->article), 0, &an, err);
        if (st != NPC_OK) {
            return st;
        }
        for (size_t i = 0; i < an.ntokens && fb->n < 16; i++) {
            const npc_token *t = &an.tokens[i];
            if (t->kind == NPC_TOK_NUMBERING && t->unit == NPC_UNIT_ARTICLE) {
                fb->num[fb->n] = t->num;
                fb->sub[fb->n] = t->sub;
                fb->n++;
            }
        }
    }
    json_object_set_new(extra, "draft", json_string(fb->draft ? fb->draft : ""));
    json_object_set_new(extra, "article", json_integer(fb->n ? fb->num[0] : 0));
    json_object_set_new(extra, "article_sub", json_integer(fb->n ? fb->sub[0] : 0));
    json_object_set_new(extra, "article_label", json_string(fb->article ? fb->article : ""));
    json_object_set_new(extra, "contact_point",
                        json_string(fb->contact_point ? fb->contact_point : ""));
    json_object_set_new(extra, "submitter", json_string(fb->submitter ? fb->submitter : ""));
    json_object_set_new(extra, "status", json_string(fb->status ? fb->status : ""));
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
    npc_status st = add_term(d, prefix, key, err);
    return st == NPC_OK ? add_value(d, slot, key, err) : st;
}

/* The filter terms and facet values of the feedback fields. */
static npc_status fb_terms(xc_doc *d, const fb_fields *fb, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < fb->n; i++) {
        char art[32];
        if (fb->sub[i]) {
            snprintf(art, sizeof art, "%u-%u", fb->num[i], fb->sub[i]);
        } else {
            snprintf(art, sizeof art, "%u", fb->num[i]);
        }
        st = add_term(d, NPC_P_ARTICLE, art, err);
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

/* A date as written in a table (2024-06-12, 2024/6/12, 2024.6.12, 2024年6月12日) as
 * YYYY-MM-DD (or YYYY-MM); "" when it is none of those. */
static void normalise_date(const char *v, char out[11])
{
    out[0] = '\0';
    unsigned y, m, d;
    int n = 0;
    if ((sscanf(v, "%4u-%2u-%2u%n", &y, &m, &d, &n) == 3 ||
         sscanf(v, "%4u/%2u/%2u%n", &y, &m, &d, &n) == 3 ||
         sscanf(v, "%4u.%2u.%2u%n", &y, &m, &d, &n) == 3 ||
         sscanf(v, "%4u年%2u月%2u日%n", &y, &m, &d, &n) == 3) &&
        y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
    } else if ((sscanf(v, "%4u-%2u%n", &y, &m, &n) == 2 ||
                sscanf(v, "%4u年%2u月%n", &y, &m, &n) == 2) &&
               y >= 1900 && y <= 2100 && m >= 1 && m <= 12) {
        snprintf(out, 11, "%04u-%02u", y, m);
    }
}

/* ---- laws -------------------------------------------------------------------------------- */

typedef struct file_ctx {
    const npc_file *f;
    const char *text;
    size_t len;
    char category[128], region[128], date[11];
} file_ctx;

static void classify(file_ctx *c, const char *title, int is_law)
{
    char comps[8][128];
    size_t n = dir_components(c->f->rel, comps, 8);
    c->category[0] = c->region[0] = '\0';
    if (is_law) {
        if (n >= 3 && strcmp(comps[0], "DLC") == 0) {
            snprintf(c->category, sizeof c->category, "%s", comps[2]);
            snprintf(c->region, sizeof c->region, "%s", n >= 4 ? comps[3] : comps[1]);
            strip_region_suffix(c->region);
        } else if (n >= 1) {
            snprintf(c->category, sizeof c->category, "%s", comps[0]);
        }
        if (c->region[0] == '\0' && strstr(c->category, "地方") != NULL) {
            region_from_title(title, c->region, sizeof c->region);
            strip_region_suffix(c->region);
        }
    } else {
        const char *cat = strstr(title, "工作报告") ? "工作报告"
                          : strstr(title, "综述")   ? "工作综述"
                          : strstr(title, "决议")   ? "决议"
                          : strstr(title, "决定")   ? "决定"
                                                    : "报告";
        snprintf(c->category, sizeof c->category, "%s", cat);
        region_from_title(title, c->region, sizeof c->region);
        strip_region_suffix(c->region);
    }
}

/* Citations in a law's body go to the article that holds them (or to the law without
 * articles); 本法 is the law itself. */
typedef struct law_cites {
    const npc_law *law;
    xc_doc **adocs, *ldoc;
    npc_status st;
    npc_err *err;
} law_cites;

static long article_at(const npc_law *law, size_t at);

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

/* Finds the article whose text range holds byte offset at (articles sorted by start). */
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

static npc_status prep_law(npc_prep *p, file_ctx *c, npc_prepared *out, npc_err *err)
{
    npc_law law;
    npc_status st = npc_law_parse(c->text, c->len, &law, err);
    if (st != NPC_OK) {
        return st;
    }
    char *title = dup_range(c->text, law.title);
    char *book = dup_range(c->text, law.book);
    char key[NPC_LAW_KEY_MAX + 8];
    xc_doc **adocs = calloc(law.narticles + 1, sizeof *adocs);
    char **chapters = calloc(law.narticles + 1, sizeof *chapters);
    if (title == NULL || book == NULL || adocs == NULL || chapters == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "law");
        goto done;
    }
    collapse_spaces(title);
    npc_law_key(title, strlen(title), key, sizeof key);
    classify(c, title, 1);
    if (c->date[0] == '\0') {
        memcpy(c->date, law.date, sizeof c->date);
    }

    /* the body, analysed once: every token goes to the law, and to its article */
    npc_analysis an;
    const char *body = c->text + law.body.start;
    if ((st = npc_analyze(p->body, body, law.body.end - law.body.start, NPC_AN_BIGRAMS, &an,
                          err)) != NPC_OK) {
        goto done;
    }

    /* the whole law */
    fields fs = {.id = c->f->rel,
                 .type = NPC_TYPE_LAW,
                 .title = title,
                 .book = book,
                 .path = c->f->rel,
                 .date = c->date,
                 .category = c->category,
                 .region = c->region,
                 .law_key = key,
                 .text = body,
                 .text_len = law.body.end - law.body.start,
                 .analysed = p->body};
    xc_doc *ldoc;
    if ((st = new_doc(&fs, &ldoc, err)) != NPC_OK) {
        goto done;
    }
    if ((st = push_doc(out, ldoc, c->f->rel, err)) != NPC_OK) {
        goto done;
    }

    /* one document per article */
    for (size_t i = 0; i < law.narticles; i++) {
        const npc_law_article *a = &law.articles[i];
        char id[4200], label[128];
        int n = a->sub ? snprintf(id, sizeof id, "%s#%u-%u", c->f->rel, a->num, a->sub)
                       : snprintf(id, sizeof id, "%s#%u", c->f->rel, a->num);
        if (a->dup) {
            n += snprintf(id + n, sizeof id - (size_t)n, "~%u", a->dup);
        }
        size_t ll = a->label.end - a->label.start < sizeof label - 1 ? a->label.end - a->label.start
                                                                     : sizeof label - 1;
        memcpy(label, c->text + a->label.start, ll);
        label[ll] = '\0';
        /* the chapter path: 第四章 劳动就业 › 第一节 … */
        long path[8];
        size_t np = a->heading >= 0 ? npc_law_heading_path(&law, a->heading, path, 8) : 0;
        size_t cap = 8;
        for (size_t k = 0; k < np; k++) {
            cap += law.headings[path[k]].text.end - law.headings[path[k]].text.start + 8;
        }
        chapters[i] = malloc(cap);
        if (chapters[i] == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "law");
            goto done;
        }
        chapters[i][0] = '\0';
        for (size_t k = 0; k < np; k++) {
            const npc_law_heading *h = &law.headings[path[k]];
            if (h->level == 1) {
                continue;
            }
            if (chapters[i][0]) {
                strcat(chapters[i], " › ");
            }
            strncat(chapters[i], c->text + h->text.start, h->text.end - h->text.start);
        }
        collapse_spaces(chapters[i]);
        fields af = fs;
        af.id = id;
        af.type = NPC_TYPE_ARTICLE;
        af.article = a->num;
        af.sub = a->sub;
        af.article_label = label;
        af.chapter = chapters[i];
        af.text = c->text + a->text.start;
        af.text_len = a->text.end - a->text.start;
        af.analysed_at = a->text.start - law.body.start;
        if ((st = new_doc(&af, &adocs[i], err)) != NPC_OK) {
            goto done;
        }
        if (chapters[i][0] && (st = add_field(p, &adocs[i], 1, chapters[i], strlen(chapters[i]),
                                              NPC_WDF_HEADING, err)) != NPC_OK) {
            goto done;
        }
    }

    /* the title: heavy in the law, light in its articles */
    if ((st = add_field(p, &ldoc, 1, title, strlen(title), NPC_WDF_TITLE, err)) != NPC_OK ||
        (st = add_field(p, adocs, law.narticles, title, strlen(title), 1, err)) != NPC_OK) {
        goto done;
    }
    if (book[0] &&
        ((st = add_field(p, &ldoc, 1, book, strlen(book), NPC_WDF_TITLE, err)) != NPC_OK)) {
        goto done;
    }

    for (size_t i = 0; i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        /* a law with articles keeps only the words of its body: its bigrams live in the
         * articles (halving the postings the whole-law documents cost) */
        if ((law.narticles == 0 || t->kind != NPC_TOK_BIGRAM) &&
            (st = add_token(ldoc, &an, t, 1, err)) != NPC_OK) {
            goto done;
        }
        long k = article_at(&law, law.body.start + t->start);
        if (k >= 0 && (st = add_token(adocs[k], &an, t, 1, err)) != NPC_OK) {
            goto done;
        }
    }
    law_cites lc = {.law = &law, .adocs = adocs, .ldoc = ldoc, .st = NPC_OK, .err = err};
    npc_cite_scan(&an, npc_analyzer_lexicon(p->body), body, law.body.end - law.body.start, key,
                  law_cite, &lc);
    if ((st = lc.st) != NPC_OK) {
        goto done;
    }
    for (size_t i = 0; i < law.narticles; i++) {
        const npc_law_article *a = &law.articles[i];
        char id[4200];
        int n = a->sub ? snprintf(id, sizeof id, "%s#%u-%u", c->f->rel, a->num, a->sub)
                       : snprintf(id, sizeof id, "%s#%u", c->f->rel, a->num);
        if (a->dup) {
            snprintf(id + n, sizeof id - (size_t)n, "~%u", a->dup);
        }
        st = push_doc(out, adocs[i], id, err);
        adocs[i] = NULL;
        if (st != NPC_OK) {
            goto done;
        }
        out->articles++;
    }
done:
    for (size_t i = 0; adocs != NULL && i < law.narticles; i++) {
        xc_doc_free(adocs[i]);
    }
    for (size_t i = 0; chapters != NULL && i < law.narticles; i++) {
        free(chapters[i]);
    }
    free(adocs);
    free(chapters);
    free(title);
    free(book);
    npc_law_release(&law);
    return st;
}

/* ---- reports and feedback ---------------------------------------------------------------- */

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

/* The first line of s[0..len) without Markdown #'s, cut to cap-1 bytes at a character
 * boundary, spaces collapsed. */
static void first_line(const char *s, size_t len, char *title, size_t cap)
{
    size_t i = 0;
    while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ')) {
        i++;
    }
    size_t e = i;
    while (e < len && s[e] != '\n') {
        e++;
    }
    size_t ts = i;
    while (ts < e && (s[ts] == '#' || s[ts] == ' ')) {
        ts++;
    }
    size_t te = e;
    while (te > ts && (s[te - 1] == '\r' || s[te - 1] == ' ')) {
        te--;
    }
    size_t tl = te - ts < cap - 1 ? te - ts : cap - 1;
    while (tl > 0 && tl < te - ts && ((unsigned char)s[ts + tl] & 0xC0) == 0x80) {
        tl--; /* do not cut a character */
    }
    memcpy(title, s + ts, tl);
    title[tl] = '\0';
    collapse_spaces(title);
}

/* Adds the tokens of an (over text that starts at byte `base` of the file) whose start lies in
 * [from, to) to d. */
static npc_status add_tokens_in(xc_doc *d, const npc_analysis *an, size_t base, size_t from,
                                size_t to, npc_err *err)
{
    npc_status st = NPC_OK;
    for (size_t k = 0; st == NPC_OK && k < an->ntokens; k++) {
        size_t at = base + an->tokens[k].start;
        if (at >= from && at < to) {
            st = add_token(d, an, &an->tokens[k], 1, err);
        }
    }
    return st;
}

/* A citation found in a text, with where it starts. */
typedef struct cite_vec {
    npc_cite *v;
    size_t n, cap;
    int oom;
} cite_vec;

static int keep_cite(const npc_cite *c, void *ctx)
{
    cite_vec *cv = ctx;
    if (cv->n == cv->cap) {
        size_t cap = cv->cap ? cv->cap * 2 : 8;
        npc_cite *v = realloc(cv->v, cap * sizeof *v);
        if (v == NULL) {
            cv->oom = 1;
            return 1;
        }
        cv->v = v;
        cv->cap = cap;
    }
    cv->v[cv->n++] = *c;
    return 0;
}

/* The citations of cv that start within [from, to) (offsets in the analysed text) into l. */
static void cites_in(const cite_vec *cv, size_t from, size_t to, cite_list *l)
{
    for (size_t i = 0; i < cv->n; i++) {
        if (cv->v[i].start >= from && cv->v[i].start < to) {
            collect_cite(&cv->v[i], l);
        }
    }
}

/* One feedback document: fields, stored data (extra gains the feedback fields and "cites"),
 * title ×2, contact point and submitter ×1, the analysis an of the text. */
static npc_status feedback_doc(npc_prep *p, fields *fs, fb_fields *fb, json_t *extra,
                               const npc_analysis *an, size_t text_len, npc_prepared *out,
                               npc_err *err)
{
    cite_list *l = calloc(1, sizeof *l);
    if (l == NULL) {
        return npc_fail(err, NPC_ENOMEM, "citations");
    }
    l->arr = json_array();
    npc_cite_scan(an, npc_analyzer_lexicon(p->body), fs->text, text_len, NULL, collect_cite, l);
    json_object_set_new(extra, "cites", l->arr);
    l->arr = NULL;
    npc_status st = fb_prepare(p, fb, extra, err);
    fs->extra = extra;
    xc_doc *d = NULL;
    if (st == NPC_OK) {
        st = new_doc(fs, &d, err);
    }
    if (st == NPC_OK) {
        st = add_field(p, &d, 1, fs->title, strlen(fs->title), NPC_WDF_TITLE - 1, err);
    }
    if (st == NPC_OK && fb->contact_point && fb->contact_point[0]) {
        st = add_field(p, &d, 1, fb->contact_point, strlen(fb->contact_point), 1, err);
    }
    if (st == NPC_OK && fb->submitter && fb->submitter[0]) {
        st = add_field(p, &d, 1, fb->submitter, strlen(fb->submitter), 1, err);
    }
    if (st == NPC_OK) {
        st = fb_terms(d, fb, err);
    }
    if (st == NPC_OK) {
        st = add_cite_terms(d, l, err);
    }
    for (size_t k = 0; st == NPC_OK && k < an->ntokens; k++) {
        st = add_token(d, an, &an->tokens[k], 1, err);
    }
    free(l);
    if (st != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    return push_doc(out, d, fs->id, err);
}

/* A Markdown submission: front matter (type: feedback, draft, article, contact_point,
 * submitter, date, status) and the text. */
static npc_status prep_feedback_md(npc_prep *p, file_ctx *c, size_t start, json_t *fm,
                                   npc_prepared *out, npc_err *err)
{
    const char *s = c->text + start;
    size_t len = c->len - start;
    char title[512];
    first_line(s, len, title, sizeof title);
    fb_fields fb = {.draft = json_string_value(json_object_get(fm, "draft")),
                    .article = json_string_value(json_object_get(fm, "article")),
                    .contact_point = json_string_value(json_object_get(fm, "contact_point")),
                    .submitter = json_string_value(json_object_get(fm, "submitter")),
                    .status = json_string_value(json_object_get(fm, "status"))};
    classify(c, title, 0);
    snprintf(c->category, sizeof c->category, "%s", "意见建议");
    if (fb.draft != NULL) {
        region_from_title(fb.draft, c->region, sizeof c->region);
        strip_region_suffix(c->region);
    }
    const char *d = json_string_value(json_object_get(fm, "date"));
    char date[11];
    if (d != NULL && (normalise_date(d, date), date[0] != '\0')) {
        memcpy(c->date, date, sizeof date); /* else the date in the file name stays */
    }
    fields fs = {.id = c->f->rel,
                 .type = NPC_TYPE_FEEDBACK,
                 .title = title,
                 .path = c->f->rel,
                 .date = c->date,
                 .category = c->category,
                 .region = c->region,
                 .text = s,
                 .text_len = len,
                 .analysed = p->body};
    json_t *extra = json_copy(fm);
    if (extra == NULL) {
        return npc_fail(err, NPC_ENOMEM, "feedback");
    }
    /* the front matter may not override the fields every document has */
    static const char *const reserved[] = {"type", "id",       "title",      "book",    "path",
                                           "date", "category", "region",     "chapter", "law_key",
                                           "text", "cites",    "article_sub"};
    for (size_t k = 0; k < sizeof reserved / sizeof *reserved; k++) {
        json_object_del(extra, reserved[k]);
    }
    npc_analysis an;
    npc_status st = npc_analyze(p->body, s, len, NPC_AN_BIGRAMS, &an, err);
    if (st == NPC_OK) {
        st = feedback_doc(p, &fs, &fb, extra, &an, len, out, err);
    }
    json_decref(extra);
    return st;
}

/* A CSV summary table: one feedback document per row, id <path>#r<row>. */
static npc_status prep_feedback_csv(npc_prep *p, file_ctx *c, const char *raw, size_t rawlen,
                                    npc_prepared *out, npc_err *err)
{
    npc_fb_table t;
    npc_status st = npc_fb_parse(raw, rawlen, &t, err);
    if (st != NPC_OK) {
        return st;
    }
    char file_date[11];
    memcpy(file_date, c->date, sizeof file_date);
    for (size_t i = 0; st == NPC_OK && i < t.n; i++) {
        const npc_fb_row *r = &t.rows[i];
        fb_fields fb = {.draft = r->col[NPC_FB_DRAFT],
                        .article = r->col[NPC_FB_ARTICLE],
                        .contact_point = r->col[NPC_FB_CONTACT_POINT],
                        .submitter = r->col[NPC_FB_SUBMITTER],
                        .status = r->col[NPC_FB_STATUS]};
        /* the text: the suggestion, its reason, the other columns */
        size_t need = strlen(r->col[NPC_FB_TEXT]) + strlen(r->col[NPC_FB_REASON]) + 32;
        for (size_t k = 0; k < t.nextra; k++) {
            need += strlen(t.extra_names[k]) + strlen(t.extra_values[i * t.nextra + k]) + 8;
        }
        char *text = malloc(need);
        char *title = strdup(fb.draft[0] ? fb.draft : r->col[NPC_FB_SEQ]);
        json_t *extra = json_object(), *cols = json_object();
        if (text == NULL || title == NULL || extra == NULL || cols == NULL) {
            free(text);
            free(title);
            json_decref(extra);
            json_decref(cols);
            st = npc_fail(err, NPC_ENOMEM, "feedback");
            break;
        }
        size_t n = (size_t)snprintf(text, need, "%s", r->col[NPC_FB_TEXT]);
        if (r->col[NPC_FB_REASON][0]) {
            n += (size_t)snprintf(text + n, need - n, "\n理由：%s", r->col[NPC_FB_REASON]);
        }
        for (size_t k = 0; k < t.nextra; k++) {
            const char *v = t.extra_values[i * t.nextra + k];
            json_object_set_new(cols, t.extra_names[k], json_string(v));
            if (v[0]) {
                n += (size_t)snprintf(text + n, need - n, "\n%s：%s", t.extra_names[k], v);
            }
        }
        json_object_set_new(extra, "seq", json_string(r->col[NPC_FB_SEQ]));
        json_object_set_new(extra, "reason", json_string(r->col[NPC_FB_REASON]));
        json_object_set_new(extra, "columns", cols);
        json_object_set_new(extra, "line", json_integer((json_int_t)r->line));
        normalise_date(r->col[NPC_FB_DATE], c->date);
        if (c->date[0] == '\0') {
            memcpy(c->date, file_date, sizeof file_date);
        }
        c->region[0] = '\0';
        region_from_title(fb.draft, c->region, sizeof c->region);
        strip_region_suffix(c->region);
        snprintf(c->category, sizeof c->category, "%s", "意见建议");
        char id[4200];
        snprintf(id, sizeof id, "%s#r%zu", c->f->rel, i + 1);
        fields fs = {.id = id,
                     .type = NPC_TYPE_FEEDBACK,
                     .title = title,
                     .path = c->f->rel,
                     .date = c->date,
                     .category = c->category,
                     .region = c->region,
                     .text = text,
                     .text_len = n,
                     .analysed = p->body};
        npc_analysis an;
        st = npc_analyze(p->body, text, n, NPC_AN_BIGRAMS, &an, err);
        if (st == NPC_OK) {
            st = feedback_doc(p, &fs, &fb, extra, &an, n, out, err);
        }
        if (st != NPC_OK && st != NPC_ENOMEM && err != NULL) {
            char detail[NPC_ERR_DETAIL_MAX];
            snprintf(detail, sizeof detail, "%s", err->detail);
            st = npc_fail(err, st, "line %zu: %s", r->line, detail);
        }
        json_decref(extra);
        free(text);
        free(title);
    }
    npc_fb_release(&t);
    return st;
}

/* reports/index.json (a list of {file, title, year, region, level, genre, publish_date}) in a
 * folder above the report, up to three levels: the entry for f, borrowed from the cache. */
static json_t *report_entry(npc_prep *p, const npc_file *f)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", f->abs);
    for (int level = 0; level < 3; level++) {
        char *slash = strrchr(dir, '/');
        if (slash == NULL) {
            return NULL;
        }
        *slash = '\0';
        char path[4300];
        snprintf(path, sizeof path, "%s/index.json", dir[0] ? dir : "");
        if (p->rindex_dir == NULL || strcmp(p->rindex_dir, dir) != 0) {
            struct stat sb;
            if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > p->max_bytes) {
                continue;
            }
            json_t *idx = json_load_file(path, 0, NULL);
            if (!json_is_array(idx)) {
                json_decref(idx);
                continue;
            }
            json_decref(p->rindex);
            free(p->rindex_dir);
            p->rindex = idx;
            p->rindex_dir = strdup(dir);
            if (p->rindex_dir == NULL) {
                json_decref(p->rindex);
                p->rindex = NULL;
                return NULL;
            }
        }
        const char *rel = f->abs + strlen(dir) + 1;
        size_t i;
        json_t *e;
        json_array_foreach(p->rindex, i, e)
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

/* A work report (or any other text): one document per section when it has headings (id
 * <path>#s<N>), else one document; year, region and issuing body from reports/index.json and
 * the title. */
static npc_status prep_report(npc_prep *p, file_ctx *c, size_t start, npc_prepared *out,
                              npc_err *err)
{
    const char *s = c->text + start;
    size_t len = c->len - start;
    npc_report *r = malloc(sizeof *r);
    if (r == NULL) {
        return npc_fail(err, NPC_ENOMEM, "report");
    }
    npc_report_split(c->text, c->len, start, r);
    char title[512];
    first_line(s, len, title, sizeof title);
    classify(c, title, 0);
    char body[256] = "";
    npc_report_body(title, body, sizeof body);
    json_t *e = report_entry(p, c->f);
    if (e != NULL) {
        const char *region = json_string_value(json_object_get(e, "region"));
        const char *pub = json_string_value(json_object_get(e, "publish_date"));
        const char *level = json_string_value(json_object_get(e, "level"));
        const char *genre = json_string_value(json_object_get(e, "genre"));
        json_int_t year = json_integer_value(json_object_get(e, "year"));
        if (region != NULL && region[0]) {
            snprintf(c->region, sizeof c->region, "%s", region);
            strip_region_suffix(c->region);
            if (body[0] == '\0' && genre != NULL && strstr(genre, "政府工作报告") != NULL) {
                snprintf(body, sizeof body, "%s人民政府", region);
            }
        }
        if (body[0] == '\0' && level != NULL && strcmp(level, "national") == 0 && genre != NULL &&
            strcmp(genre, "政府工作报告") == 0) {
            snprintf(body, sizeof body, "%s", "国务院");
        }
        if (pub != NULL && strlen(pub) >= 4 && strlen(pub) < sizeof c->date) {
            snprintf(c->date, sizeof c->date, "%s", pub);
        } else if (c->date[0] == '\0' && year >= 1900 && year <= 2100) {
            snprintf(c->date, sizeof c->date, "%d", (int)year);
        }
    }
    npc_analysis an;
    cite_vec cv = {0};
    npc_status st = npc_analyze(p->body, s, len, NPC_AN_BIGRAMS, &an, err);
    if (st == NPC_OK) {
        npc_cite_scan(&an, npc_analyzer_lexicon(p->body), s, len, NULL, keep_cite, &cv);
        if (cv.oom) {
            st = npc_fail(err, NPC_ENOMEM, "citations");
        }
    }
    /* one document for a report without headings, else one per section */
    size_t nsec = r->n ? r->n : 1;
    cite_list *l = calloc(1, sizeof *l);
    if (st == NPC_OK && l == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "citations");
    }
    for (size_t k = 0; st == NPC_OK && k < nsec; k++) {
        const npc_report_section *sec = r->n ? &r->sections[k] : NULL;
        size_t from = sec ? sec->text.start : start, to = sec ? sec->text.end : c->len;
        char chapter[600] = "", id[4200];
        if (sec != NULL && sec->level == 2 && sec->parent.end > sec->parent.start) {
            snprintf(chapter, sizeof chapter, "%.*s › %.*s",
                     (int)(sec->parent.end - sec->parent.start), c->text + sec->parent.start,
                     (int)(sec->heading.end - sec->heading.start), c->text + sec->heading.start);
        } else if (sec != NULL) {
            snprintf(chapter, sizeof chapter, "%.*s", (int)(sec->heading.end - sec->heading.start),
                     c->text + sec->heading.start);
        }
        /* a heading cut inside a character by the buffer: drop the partial one */
        size_t cl = strlen(chapter);
        if (!npc_utf8_valid(chapter, cl, &cl)) {
            chapter[cl] = '\0';
        }
        collapse_spaces(chapter);
        if (sec != NULL) {
            snprintf(id, sizeof id, "%s#s%zu", c->f->rel, k + 1);
        } else {
            snprintf(id, sizeof id, "%s", c->f->rel);
        }
        memset(l, 0, sizeof *l);
        l->arr = json_array();
        cites_in(&cv, from - start, to - start, l);
        json_t *extra = json_object();
        if (extra == NULL) {
            json_decref(l->arr);
            st = npc_fail(err, NPC_ENOMEM, "report");
            break;
        }
        json_object_set_new(extra, "cites", l->arr);
        json_object_set_new(extra, "body", json_string(body));
        if (sec != NULL) {
            json_object_set_new(extra, "section", json_integer((json_int_t)(k + 1)));
            json_object_set_new(extra, "sections", json_integer((json_int_t)nsec));
        }
        fields fs = {.id = id,
                     .type = NPC_TYPE_REPORT,
                     .title = title,
                     .path = c->f->rel,
                     .date = c->date,
                     .category = c->category,
                     .region = c->region,
                     .chapter = chapter,
                     .text = sec ? c->text + from : s,
                     .text_len = sec ? to - from : len,
                     .extra = extra,
                     .analysed = p->body,
                     .analysed_at = sec ? from - start : 0};
        xc_doc *d = NULL;
        st = new_doc(&fs, &d, err);
        json_decref(extra);
        /* the title: heavy where the report starts, light in its other sections */
        if (st == NPC_OK) {
            st = add_field(p, &d, 1, title, strlen(title), k == 0 ? NPC_WDF_TITLE - 1 : 1, err);
        }
        if (st == NPC_OK && chapter[0]) {
            st = add_field(p, &d, 1, chapter, strlen(chapter), NPC_WDF_HEADING, err);
        }
        if (st == NPC_OK && body[0]) {
            st = add_term(d, NPC_P_BODY, body, err);
        }
        if (st == NPC_OK) {
            st = add_cite_terms(d, l, err);
        }
        if (st == NPC_OK) {
            /* a section's words (the title line belongs to the report as a whole) */
            st = sec ? add_tokens_in(d, &an, start, from, to, err)
                     : add_tokens_in(d, &an, start, start, c->len, err);
        }
        if (st == NPC_OK) {
            st = push_doc(out, d, id, err);
        } else {
            xc_doc_free(d);
        }
    }
    free(l);
    free(cv.v);
    free(r);
    return st;
}

static npc_status prep_text(npc_prep *p, file_ctx *c, size_t start, json_t *fm, npc_prepared *out,
                            npc_err *err)
{
    int feedback = fm != NULL && json_is_string(json_object_get(fm, "type")) &&
                   strcmp(json_string_value(json_object_get(fm, "type")), "feedback") == 0;
    return feedback ? prep_feedback_md(p, c, start, fm, out, err)
                    : prep_report(p, c, start, out, err);
}

/* Front matter "visibility: internal" (内部) marks every document of the file internal: a
 * searchd started with --public-only never shows, counts or facets it.  "public" (公开) or no
 * key: public.  Any other value is refused: guessing could publish what should not be. */
static npc_status mark_visibility(json_t *fm, npc_prepared *out, npc_err *err)
{
    json_t *v = json_object_get(fm, "visibility");
    if (v == NULL) {
        return NPC_OK;
    }
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    if (strcmp(s, "public") == 0 || strcmp(s, "公开") == 0) {
        return NPC_OK;
    }
    if (strcmp(s, "internal") != 0 && strcmp(s, "内部") != 0) {
        return npc_fail(err, NPC_EFORMAT,
                        "front matter visibility must be public or internal (公开/内部), not "
                        "\"%.40s\"",
                        s);
    }
    npc_status st = NPC_OK;
    for (size_t k = 0; st == NPC_OK && k < out->n; k++) {
        st = xc_doc_add_boolean_term(out->docs[k], NPC_TERM_INTERNAL, strlen(NPC_TERM_INTERNAL),
                                     err);
    }
    return st;
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
    snprintf(out->file_term, n, "%s%s", NPC_P_FILE, f->rel);
    file_ctx c = {.f = f};
    char *text = NULL;
    const char *ext = extension(f->rel);
    int csv = strcmp(ext, "csv") == 0;
    npc_status st = read_file(p, f, &text, &c.len, err);
    if (st != NPC_OK) {
        npc_prepared_release(out);
        return st;
    }
    c.text = text;
    out->hash = npc_content_hash(text, c.len);
    date_from_name(f->rel, c.date);
    if (csv) {
        st = prep_feedback_csv(p, &c, text, c.len, out, err);
        free(text);
        if (st != NPC_OK) {
            npc_prepared_release(out);
        }
        return st;
    }
    json_t *fm = json_object();
    size_t body = fm ? front_matter(text, c.len, fm) : 0;
    int typed = body != 0 && json_object_get(fm, "type") != NULL;
    if (fm == NULL) {
        st = npc_fail(err, NPC_ENOMEM, "front matter");
    } else if (strcmp(ext, "md") == 0 && !typed && strstr(text, "<!-- INFO END -->") != NULL) {
        st = prep_law(p, &c, out, err);
    } else {
        st = prep_text(p, &c, body, typed ? fm : NULL, out, err);
    }
    if (st == NPC_OK) {
        st = mark_visibility(fm, out, err);
    }
    json_decref(fm);
    free(text);
    if (st != NPC_OK) {
        npc_prepared_release(out);
    }
    return st;
}

int npc_prep_law_title(const char *abs, const char *rel, char *buf, size_t cap)
{
    if (strcmp(extension(rel), "md") != 0 || !npc_prep_wants(rel)) {
        return 0;
    }
    FILE *fp = fopen(abs, "rb");
    if (fp == NULL) {
        return 0;
    }
    char head[8192];
    size_t n = fread(head, 1, sizeof head - 1, fp);
    fclose(fp);
    head[n] = '\0';
    if (strstr(head, "<!-- INFO END -->") == NULL || strncmp(head, "---", 3) == 0) {
        return 0; /* not a law (or typed front matter: feedback) */
    }
    const char *t = head;
    while (*t == '\n' || *t == '\r') {
        t++;
    }
    if (strncmp(t, "# ", 2) != 0) {
        return 0;
    }
    t += 2;
    const char *e = strchr(t, '\n');
    size_t len = e ? (size_t)(e - t) : strlen(t);
    while (len > 0 && (t[len - 1] == '\r' || t[len - 1] == ' ')) {
        len--;
    }
    if (len == 0 || len >= cap || len > 3 * 60 || !npc_utf8_valid(t, len, NULL)) {
        return 0;
    }
    memcpy(buf, t, len);
    buf[len] = '\0';
    collapse_spaces(buf);
    if (buf[0] == '\0') {
        return 0; /* only white space (U+3000 …): no title */
    }
    /* sentences (case headlines) are not titles */
    if (strstr(buf, "，") || strstr(buf, "。") || strstr(buf, "、") || strstr(buf, "；")) {
        return 0;
    }
    return 1;
}

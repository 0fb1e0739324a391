/*
 * prep.c — per-genre preparation of documents (see prep.h).
 */
#include "prep.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "fold.h"
#include "lawmd.h"
#include "numeral.h"
#include "schema.h"

struct npc_prep {
    npc_analyzer *body; /* for the text of a file */
    npc_analyzer *aux;  /* for titles and headings while the body analysis is in use */
    size_t max_bytes;
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
    return strcmp(ext, "md") == 0 || strcmp(ext, "txt") == 0;
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
    const char *nul = memchr(buf, '\0', got);
    if (nul != NULL) {
        size_t at = (size_t)(nul - buf);
        free(buf);
        return npc_fail(err, NPC_EBINARY, "binary content (NUL byte at offset %zu)", at);
    }
    size_t bad;
    if (!npc_utf8_valid(buf, got, &bad)) {
        free(buf);
        return npc_fail(err, NPC_EUTF8,
                        "not valid UTF-8 at byte %zu (GBK/GB18030 text must be converted first)",
                        bad);
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
    char *data = json_dumps(o, JSON_COMPACT);
    json_decref(o);
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

static npc_status push_doc(npc_prepared *out, xc_doc *d, const char *id, npc_err *err)
{
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
                 .text = c->text + law.body.start,
                 .text_len = law.body.end - law.body.start};
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

    /* the body, analysed once: every token goes to the law, and to its article */
    npc_analysis an;
    const char *body = c->text + law.body.start;
    if ((st = npc_analyze(p->body, body, law.body.end - law.body.start, NPC_AN_BIGRAMS, &an,
                          err)) != NPC_OK) {
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

static npc_status prep_text(npc_prep *p, file_ctx *c, size_t start, json_t *fm, npc_prepared *out,
                            npc_err *err)
{
    const char *s = c->text + start;
    size_t len = c->len - start;
    /* title: the first non-empty line, without Markdown #'s */
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
    char title[512];
    size_t tl = te - ts < sizeof title - 1 ? te - ts : sizeof title - 1;
    while (tl > 0 && tl < te - ts && ((unsigned char)s[ts + tl] & 0xC0) == 0x80) {
        tl--; /* do not cut a character */
    }
    memcpy(title, s + ts, tl);
    title[tl] = '\0';
    collapse_spaces(title);
    int feedback = fm != NULL && json_is_string(json_object_get(fm, "type")) &&
                   strcmp(json_string_value(json_object_get(fm, "type")), "feedback") == 0;
    classify(c, title, 0);
    if (feedback) {
        snprintf(c->category, sizeof c->category, "%s", "意见建议");
        const char *d = json_string_value(json_object_get(fm, "date"));
        if (d != NULL && strlen(d) < sizeof c->date) {
            snprintf(c->date, sizeof c->date, "%s", d);
        }
    }
    fields fs = {.id = c->f->rel,
                 .type = feedback ? NPC_TYPE_FEEDBACK : NPC_TYPE_REPORT,
                 .title = title,
                 .path = c->f->rel,
                 .date = c->date,
                 .category = c->category,
                 .region = c->region,
                 .text = s,
                 .text_len = len,
                 .extra = feedback ? fm : NULL};
    xc_doc *d;
    npc_status st = new_doc(&fs, &d, err);
    if (st != NPC_OK) {
        return st;
    }
    npc_analysis an;
    st = add_field(p, &d, 1, title, strlen(title), NPC_WDF_TITLE - 1, err);
    if (st == NPC_OK) {
        st = npc_analyze(p->body, s, len, NPC_AN_BIGRAMS, &an, err);
    }
    for (size_t k = 0; st == NPC_OK && k < an.ntokens; k++) {
        st = add_token(d, &an, &an.tokens[k], 1, err);
    }
    if (st != NPC_OK) {
        xc_doc_free(d);
        return st;
    }
    return push_doc(out, d, c->f->rel, err);
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
    npc_status st = read_file(p, f, &text, &c.len, err);
    if (st != NPC_OK) {
        npc_prepared_release(out);
        return st;
    }
    c.text = text;
    date_from_name(f->rel, c.date);
    const char *ext = extension(f->rel);
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

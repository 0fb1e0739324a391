/*
 * extract.c — text out of .docx, .pdf and .html (extract.h).
 */
#define _GNU_SOURCE /* memmem */
#include "extract.h"

#include <ctype.h>
#include <poppler.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "text/fold.h"

npc_format npc_format_of(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    if (dot == NULL) {
        return NPC_FORMAT_TEXT;
    }
    dot++;
    if (strcasecmp(dot, "docx") == 0) {
        return NPC_FORMAT_DOCX;
    }
    if (strcasecmp(dot, "pdf") == 0) {
        return NPC_FORMAT_PDF;
    }
    if (strcasecmp(dot, "html") == 0 || strcasecmp(dot, "htm") == 0) {
        return NPC_FORMAT_HTML;
    }
    return NPC_FORMAT_TEXT;
}

/* ---- the text being built ------------------------------------------------------------------ */

typedef struct tbuf {
    char *p;
    size_t n, cap, max;
    int over;  /* more than max */
    int nomem; /* an allocation failed */
} tbuf;

static void put(tbuf *b, const char *s, size_t len)
{
    if (b->over || b->nomem) {
        return;
    }
    if (b->n + len > b->max) {
        b->over = 1;
        return;
    }
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len + 1) {
            cap *= 2;
        }
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->nomem = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

static void puts_(tbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Ends the current line unless the text is empty or already ends one. */
static void newline(tbuf *b)
{
    if (b->n > 0 && b->p[b->n - 1] != '\n') {
        put(b, "\n", 1);
    }
}

/* Appends s with runs of ASCII white space collapsed to one space (HTML text). */
static void put_collapsed(tbuf *b, const char *s)
{
    while (*s) {
        if (isspace((unsigned char)*s)) {
            while (isspace((unsigned char)*s)) {
                s++;
            }
            if (b->n > 0 && b->p[b->n - 1] != '\n' && b->p[b->n - 1] != ' ') {
                put(b, " ", 1);
            }
            continue;
        }
        const char *e = s;
        while (*e && !isspace((unsigned char)*e)) {
            e++;
        }
        put(b, s, (size_t)(e - s));
        s = e;
    }
}

/* Hands the text over: NPC_EEMPTY when there is none beyond white space. */
static npc_status finish(tbuf *b, const char *what, char **out, size_t *len, npc_err *err)
{
    if (b->nomem) {
        free(b->p);
        return npc_fail(err, NPC_ENOMEM, "extracting %s text", what);
    }
    if (b->over) {
        free(b->p);
        return npc_fail(err, NPC_ETOOBIG, "the %s holds more than %zu bytes of text", what, b->max);
    }
    size_t i = 0;
    while (i < b->n && isspace((unsigned char)b->p[i])) {
        i++;
    }
    if (i == b->n) {
        free(b->p);
        return npc_fail(err, NPC_EEMPTY, "the %s holds no text%s", what,
                        strcmp(what, "PDF") == 0 ? " (a scan without a text layer?)" : "");
    }
    size_t bad;
    if (!npc_utf8_valid(b->p, b->n, &bad)) {
        free(b->p);
        return npc_fail(err, NPC_EUTF8, "the %s's text is not valid UTF-8 at byte %zu", what, bad);
    }
    *out = b->p;
    *len = b->n;
    return NPC_OK;
}

/* ---- .docx ------------------------------------------------------------------------------- */

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* Reads one member of the archive, at most max bytes (uncompressed); NULL when absent. */
static npc_status zip_member(zip_t *z, const char *name, size_t max, char **out, size_t *len,
                             npc_err *err)
{
    *out = NULL;
    zip_stat_t zs;
    if (zip_stat(z, name, 0, &zs) != 0) {
        return NPC_ENOTFOUND;
    }
    if (!(zs.valid & ZIP_STAT_SIZE) || zs.size > max) {
        return npc_fail(err, NPC_ETOOBIG, "%s unpacks to more than %zu bytes", name, max);
    }
    zip_file_t *f = zip_fopen(z, name, 0);
    char *buf = f ? malloc((size_t)zs.size + 1) : NULL;
    zip_int64_t got = buf ? zip_fread(f, buf, zs.size) : -1;
    if (f != NULL) {
        zip_fclose(f);
    }
    if (got < 0 || (zip_uint64_t)got != zs.size) {
        free(buf);
        return npc_fail(err, NPC_EFORMAT, "%s cannot be unpacked", name);
    }
    buf[got] = '\0';
    *out = buf;
    *len = (size_t)got;
    return NPC_OK;
}

static int named(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* Word's body: w:p paragraphs of w:r runs holding w:t text, w:tab and w:br. */
static void docx_walk(const xmlNode *n, tbuf *b)
{
    for (; n != NULL; n = n->next) {
        if (named(n, "delText") || named(n, "instrText")) {
            continue; /* tracked deletions and field codes are not the document's text */
        }
        if (named(n, "t")) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t != NULL) {
                puts_(b, (const char *)t);
                xmlFree(t);
            }
            continue;
        }
        if (named(n, "tab")) {
            put(b, "\t", 1);
        } else if (named(n, "br") || named(n, "cr")) {
            put(b, "\n", 1);
        }
        docx_walk(n->children, b);
        if (named(n, "p")) {
            newline(b);
        }
    }
}

/* dc:title of docProps/core.xml, or "" */
static void docx_title(zip_t *z, size_t max, tbuf *b)
{
    char *xml = NULL;
    size_t len = 0;
    npc_err ignored;
    if (zip_member(z, "docProps/core.xml", max, &xml, &len, &ignored) != NPC_OK) {
        return;
    }
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "core.xml", NULL, XML_OPTS);
    for (xmlNode *n = doc ? xmlDocGetRootElement(doc)->children : NULL; n != NULL; n = n->next) {
        if (named(n, "title")) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t != NULL && t[strspn((const char *)t, " \t\r\n")] != '\0') {
                put_collapsed(b, (const char *)t);
                puts_(b, "\n\n");
            }
            xmlFree(t);
            break;
        }
    }
    xmlFreeDoc(doc);
    free(xml);
}

static npc_status extract_docx(const char *data, size_t size, size_t max, char **out, size_t *len,
                               npc_err *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, size, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (z == NULL) {
        npc_status st = npc_fail(err, NPC_EFORMAT, "not a Word file (.docx is a zip archive): %s",
                                 zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return st;
    }
    zip_error_fini(&ze);
    char *xml = NULL;
    size_t xl = 0;
    npc_status st = zip_member(z, "word/document.xml", max * 8, &xml, &xl, err);
    if (st == NPC_ENOTFOUND) {
        st = npc_fail(err, NPC_EFORMAT, "not a Word file: no word/document.xml in the archive");
    }
    tbuf b = {.max = max};
    if (st == NPC_OK) {
        docx_title(z, max, &b);
        xmlDoc *doc = xmlReadMemory(xml, (int)xl, "document.xml", NULL, XML_OPTS);
        if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
            st = npc_fail(err, NPC_EFORMAT, "word/document.xml is not well-formed XML");
        } else {
            docx_walk(xmlDocGetRootElement(doc), &b);
        }
        xmlFreeDoc(doc);
    }
    free(xml);
    zip_discard(z);
    if (st != NPC_OK) {
        free(b.p);
        return st;
    }
    return finish(&b, "Word file", out, len, err);
}

/* ---- .html ------------------------------------------------------------------------------- */

static int is_block(const char *name)
{
    static const char *const blocks[] = {
        "p",       "div",     "br",     "li",         "ul",         "ol",  "h1",
        "h2",      "h3",      "h4",     "h5",         "h6",         "tr",  "table",
        "section", "article", "header", "footer",     "blockquote", "pre", "dd",
        "dt",      "dl",      "title",  "hr",         "td",         "th",  "main",
        "aside",   "nav",     "figure", "figcaption", "address"};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++) {
        if (strcasecmp(name, blocks[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int is_hidden(const char *name)
{
    return strcasecmp(name, "script") == 0 || strcasecmp(name, "style") == 0 ||
           strcasecmp(name, "noscript") == 0 || strcasecmp(name, "template") == 0 ||
           strcasecmp(name, "head") == 0;
}

static void html_walk(const xmlNode *n, tbuf *b)
{
    for (; n != NULL; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            put_collapsed(b, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE || is_hidden((const char *)n->name)) {
            continue;
        }
        int block = is_block((const char *)n->name);
        if (block) {
            newline(b);
        }
        html_walk(n->children, b);
        if (block) {
            newline(b);
        }
    }
}

static const xmlNode *find_element(const xmlNode *n, const char *name)
{
    for (; n != NULL; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0) {
            return n;
        }
        const xmlNode *in = find_element(n->children, name);
        if (in != NULL) {
            return in;
        }
    }
    return NULL;
}

static npc_status extract_html(const char *data, size_t size, size_t max, char **out, size_t *len,
                               npc_err *err)
{
    if (memchr(data, '\0', size) != NULL) {
        return npc_fail(err, NPC_EBINARY, "binary content in an HTML file");
    }
    /* libxml2 honours <meta charset>; without one, text that is not UTF-8 is taken as GB18030
     * (what Chinese offices' pages are in), never as Latin-1 */
    size_t head = size < 4096 ? size : 4096, bad;
    const char *enc = NULL;
    if (npc_utf8_valid(data, size, &bad)) {
        enc = "UTF-8";
    } else if (memmem(data, head, "charset", 7) == NULL) {
        enc = "GB18030";
    }
    htmlDocPtr doc = htmlReadMemory(data, (int)size, "page.html", enc,
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS);
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        xmlFreeDoc(doc);
        return npc_fail(err, NPC_EFORMAT, "not an HTML page that can be parsed");
    }
    tbuf b = {.max = max};
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *title = find_element(root, "title");
    if (title != NULL) {
        xmlChar *t = xmlNodeGetContent(title);
        if (t != NULL && t[strspn((const char *)t, " \t\r\n")] != '\0') {
            put_collapsed(&b, (const char *)t);
            puts_(&b, "\n\n");
        }
        xmlFree(t);
    }
    const xmlNode *body = find_element(root, "body");
    html_walk(body ? body->children : root, &b);
    xmlFreeDoc(doc);
    return finish(&b, "HTML page", out, len, err);
}

/* ---- .pdf -------------------------------------------------------------------------------- */

static npc_status extract_pdf(const char *data, size_t size, size_t max, char **out, size_t *len,
                              npc_err *err)
{
    GError *ge = NULL;
    GBytes *bytes = g_bytes_new_static(data, size);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
    if (doc == NULL) {
        npc_status st = npc_fail(err, NPC_EFORMAT, "a PDF that cannot be read: %s",
                                 ge != NULL ? ge->message : "damaged or encrypted");
        g_clear_error(&ge);
        g_bytes_unref(bytes);
        return st;
    }
    tbuf b = {.max = max};
    gchar *title = poppler_document_get_title(doc);
    if (title != NULL && title[strspn(title, " \t\r\n")] != '\0') {
        put_collapsed(&b, title);
        puts_(&b, "\n\n");
    }
    g_free(title);
    int pages = poppler_document_get_n_pages(doc);
    for (int i = 0; i < pages && !b.over && !b.nomem; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        gchar *text = page ? poppler_page_get_text(page) : NULL;
        if (text != NULL) {
            puts_(&b, text);
            newline(&b);
        }
        g_free(text);
        if (page != NULL) {
            g_object_unref(page);
        }
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return finish(&b, "PDF", out, len, err);
}

npc_status npc_extract(npc_format f, const char *data, size_t size, size_t max, char **out,
                       size_t *len, npc_err *err)
{
    *out = NULL;
    *len = 0;
    if (size == 0) {
        return npc_fail(err, NPC_EEMPTY, "empty file");
    }
    if (size > INT32_MAX) {
        return npc_fail(err, NPC_ETOOBIG, "%zu bytes is too big to parse", size);
    }
    switch (f) {
    case NPC_FORMAT_DOCX:
        return extract_docx(data, size, max, out, len, err);
    case NPC_FORMAT_PDF:
        return extract_pdf(data, size, max, out, len, err);
    case NPC_FORMAT_HTML:
        return extract_html(data, size, max, out, len, err);
    default:
        return npc_fail(err, NPC_EINVAL, "not a format to extract");
    }
}

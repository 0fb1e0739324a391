/*
 * read.c — reading a corpus file as UTF-8 text (see read.h).
 */
#include "read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"
#include "text/charset.h"

/* Reads the open file fd of size bytes whole into *out (malloc'd, NUL-terminated). */
static npc_status read_all(int fd, size_t size, char **out, npc_err *err)
{
    char *buf = malloc(size + 1);
    if (buf == NULL) {
        return npc_fail(err, NPC_ENOMEM, "reading %zu bytes", size);
    }
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            free(buf);
            return npc_fail(err, NPC_EIO, "read failed: %s", r < 0 ? strerror(errno) : "short");
        }
        got += (size_t)r;
    }
    buf[got] = '\0';
    *out = buf;
    return NPC_OK;
}

/* Reads the file at path whole into *out, refusing an empty one or one over max_bytes. */
static npc_status read_bytes(const char *path, size_t max_bytes, char **out, size_t *len,
                             npc_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return npc_fail(err, NPC_EIO, "cannot open: %s", strerror(errno));
    }
    struct stat sb;
    npc_status st = NPC_OK;
    if (fstat(fd, &sb) != 0) {
        st = npc_fail(err, NPC_EIO, "cannot stat: %s", strerror(errno));
    } else if ((size_t)sb.st_size > max_bytes) {
        st = npc_fail(err, NPC_ETOOBIG, "%lld bytes is over the limit of %zu bytes",
                      (long long)sb.st_size, max_bytes);
    } else if (sb.st_size == 0) {
        st = npc_fail(err, NPC_EEMPTY, "empty file");
    } else {
        st = read_all(fd, (size_t)sb.st_size, out, err);
        *len = (size_t)sb.st_size;
    }
    close(fd);
    return st;
}

/* The text of bytes buf[0..len) read from a file named rel: *out is buf itself (NULL then) or
 * a new conversion of it. */
static npc_status decode(const char *rel, const char *buf, size_t len, size_t max_bytes, char **out,
                         size_t *out_len, npc_err *err)
{
    npc_format fmt = npc_format_of(rel);
    if (fmt != NPC_FORMAT_TEXT) { /* .docx, .pdf, .html: their text */
        return npc_extract(fmt, buf, len, max_bytes, out, out_len, err);
    }
    const char *nul = memchr(buf, '\0', len);
    if (nul != NULL) {
        return npc_fail(err, NPC_EBINARY, "binary content (NUL byte at offset %zu)",
                        (size_t)(nul - buf));
    }
    const char *from;
    return npc_to_utf8(buf, len, out, out_len, &from, err); /* UTF-8, or GB18030/GBK converted */
}

/* Drops a byte-order mark from text[0..*len), in place; NPC_EEMPTY when no text is left but
 * white space. */
static npc_status trim_start(char *text, size_t *len, npc_err *err)
{
    size_t start = 0;
    if (*len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        start = 3; /* byte-order mark */
    }
    size_t i = start;
    while (i < *len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) {
        i++;
    }
    if (i == *len) {
        return npc_fail(err, NPC_EEMPTY, "no text (only white space)");
    }
    if (start != 0) {
        memmove(text, text + start, *len - start + 1);
        *len -= start;
    }
    return NPC_OK;
}

npc_status npc_read_text(const npc_file *f, size_t max_bytes, char **out, size_t *len, npc_err *err)
{
    *out = NULL;
    char *buf = NULL, *text = NULL;
    size_t got = 0, tl = 0;
    npc_status st = read_bytes(f->abs, max_bytes, &buf, &got, err);
    if (st == NPC_OK) {
        st = decode(f->rel, buf, got, max_bytes, &text, &tl, err);
    }
    if (st == NPC_OK && text != NULL) {
        free(buf);
        buf = text;
        got = tl;
    }
    if (st == NPC_OK) {
        st = trim_start(buf, &got, err);
    }
    if (st != NPC_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    *len = got;
    return NPC_OK;
}

size_t npc_read_head(const char *path, char *buf, size_t cap)
{
    buf[0] = '\0';
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return 0;
    }
    size_t n = fread(buf, 1, cap - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return strlen(buf);
}

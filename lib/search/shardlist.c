/*
 * shardlist.c — reading a shard list (shardlist.h).
 */
#include "search/shardlist.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "index/layout.h"

#define LINE_MAX_BYTES 4096

int npc_shardlist_is(const char *path)
{
    struct stat sb;
    return path != NULL && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

void npc_shardlist_free(npc_shardlist *l)
{
    for (size_t k = 0; l != NULL && k < l->n; k++) {
        free((char *)l->shards[k].path);
        free((char *)l->shards[k].host);
        free(l->names[k]);
    }
    if (l != NULL) {
        free(l->shards);
        free(l->names);
        *l = (npc_shardlist){0};
    }
}

/* A number of milliseconds from 1 to 600,000 in s (the text after "name="); 0 when it is not. */
static unsigned millis(const char *s)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    return errno == 0 && end != s && *end == '\0' && v >= 1 && v <= 600000 ? (unsigned)v : 0;
}

/* Parses "host:port [timeout=MS] [connect-timeout=MS]" (the rest of a remote line, cut into
 * words by strtok_r) into sh; 0 when a word is wrong. */
static int remote_of(char *words, xc_shard *sh, char **name)
{
    char *save = NULL, *w = strtok_r(words, " \t", &save);
    char *colon = w != NULL ? strrchr(w, ':') : NULL;
    if (colon == NULL || colon == w) {
        return 0;
    }
    char *end;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end != '\0' || port == 0 || port > 65535) {
        return 0;
    }
    *name = strdup(w);
    *colon = '\0';
    sh->host = strdup(w);
    sh->port = (unsigned)port;
    sh->timeout_ms = NPC_REMOTE_TIMEOUT_MS;
    sh->connect_timeout_ms = NPC_REMOTE_CONNECT_MS;
    while ((w = strtok_r(NULL, " \t", &save)) != NULL) {
        if (strncmp(w, "timeout=", 8) == 0 && millis(w + 8)) {
            sh->timeout_ms = millis(w + 8);
        } else if (strncmp(w, "connect-timeout=", 16) == 0 && millis(w + 16)) {
            sh->connect_timeout_ms = millis(w + 16);
        } else {
            return 0;
        }
    }
    return 1;
}

/* The path of a local line, relative ones made relative to the list's directory (malloc'd). */
static char *local_path(const char *list, const char *p)
{
    if (p[0] == '/') {
        return strdup(p);
    }
    const char *slash = strrchr(list, '/');
    size_t dl = slash ? (size_t)(slash - list) : 1;
    char *out = malloc(dl + strlen(p) + 2);
    if (out != NULL) {
        sprintf(out, "%.*s/%s", (int)dl, slash ? list : ".", p);
    }
    return out;
}

/* Parses one line (its end of line cut) into l's next shard; 0 when it is wrong. */
static int parse_line(const char *list, char *line, npc_shardlist *l)
{
    char *p = line + strspn(line, " \t");
    xc_shard *sh = &l->shards[l->n];
    *sh = (xc_shard){0};
    l->names[l->n] = NULL;
    int ok = 0;
    if (strncmp(p, "local", 5) == 0 && (p[5] == ' ' || p[5] == '\t')) {
        p += 5 + strspn(p + 5, " \t");
        size_t len = strlen(p);
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t')) {
            p[--len] = '\0';
        }
        ok = len > 0 && (sh->path = local_path(list, p)) != NULL &&
             (l->names[l->n] = strdup(p)) != NULL;
    } else if (strncmp(p, "remote", 6) == 0 && (p[6] == ' ' || p[6] == '\t')) {
        ok = remote_of(p + 6, sh, &l->names[l->n]) && sh->host != NULL && l->names[l->n] != NULL;
    }
    l->n++; /* freed with the list, good or not */
    return ok;
}

npc_status npc_shardlist_read(const char *path, npc_shardlist *out, npc_err *err)
{
    *out = (npc_shardlist){0};
    out->shards = calloc(NPC_SHARDS_MAX, sizeof *out->shards);
    out->names = calloc(NPC_SHARDS_MAX, sizeof *out->names);
    if (out->shards == NULL || out->names == NULL) {
        return npc_fail(err, NPC_ENOMEM, "shard list");
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return npc_fail(err, NPC_EIO, "cannot read the shard list %s: %s", path, strerror(errno));
    }
    char line[LINE_MAX_BYTES];
    npc_status st = NPC_OK;
    for (unsigned no = 1; st == NPC_OK && fgets(line, sizeof line, f) != NULL; no++) {
        size_t len = strcspn(line, "\r\n");
        int whole = line[len] != '\0' || feof(f);
        line[len] = '\0';
        char *p = line + strspn(line, " \t");
        if (*p == '\0' || *p == '#') {
            continue;
        }
        if (!whole) {
            st = npc_fail(err, NPC_EFORMAT, "%s line %u: longer than %d bytes", path, no,
                          LINE_MAX_BYTES - 2);
        } else if (out->n == NPC_SHARDS_MAX) {
            st = npc_fail(err, NPC_EFORMAT, "%s: more than %d shards", path, NPC_SHARDS_MAX);
        } else if (!parse_line(path, line, out)) {
            st = npc_fail(err, NPC_EFORMAT,
                          "%s line %u: expected \"local PATH\" or \"remote HOST:PORT "
                          "[timeout=MS] [connect-timeout=MS]\" (MS from 1 to 600000)",
                          path, no);
        }
    }
    fclose(f);
    if (st == NPC_OK && out->n == 0) {
        st = npc_fail(err, NPC_EFORMAT, "%s names no shard", path);
    }
    return st;
}

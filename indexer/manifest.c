/*
 * manifest.c — the per-shard file manifest (manifest.h).
 */
#include "manifest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fnv.h"

#define HEADER "npc-manifest 1\n"

struct npc_manifest {
    npc_manifest_entry *e;
    size_t n, cap;
    size_t live;
    int sorted;
};

static int by_rel(const void *a, const void *b)
{
    return strcmp(((const npc_manifest_entry *)a)->rel, ((const npc_manifest_entry *)b)->rel);
}

/* The entry for rel, dropped or not; NULL when absent. */
static npc_manifest_entry *locate(npc_manifest *m, const char *rel)
{
    if (m->n == 0) {
        return NULL; /* (qsort and bsearch may not be handed a NULL array) */
    }
    if (!m->sorted) {
        qsort(m->e, m->n, sizeof *m->e, by_rel);
        m->sorted = 1;
    }
    npc_manifest_entry key = {.rel = (char *)rel};
    return bsearch(&key, m->e, m->n, sizeof *m->e, by_rel);
}

static npc_status append(npc_manifest *m, const char *rel, size_t rl, int64_t size, int64_t mt,
                         uint64_t hash, npc_err *err)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        npc_manifest_entry *e = realloc(m->e, cap * sizeof *e);
        if (e == NULL) {
            return npc_fail(err, NPC_ENOMEM, "manifest");
        }
        m->e = e;
        m->cap = cap;
    }
    char *r = malloc(rl + 1);
    if (r == NULL) {
        return npc_fail(err, NPC_ENOMEM, "manifest");
    }
    memcpy(r, rel, rl);
    r[rl] = '\0';
    if (m->n > 0 && strcmp(m->e[m->n - 1].rel, r) >= 0) {
        m->sorted = 0;
    }
    m->e[m->n++] = (npc_manifest_entry){.rel = r, .size = size, .mtime_ns = mt, .hash = hash};
    m->live++;
    return NPC_OK;
}

npc_status npc_manifest_parse(const char *blob, size_t len, npc_manifest **out, npc_err *err)
{
    *out = NULL;
    npc_manifest *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return npc_fail(err, NPC_ENOMEM, "manifest");
    }
    m->sorted = 1;
    size_t hl = strlen(HEADER);
    if (len > 0 && (len < hl || memcmp(blob, HEADER, hl) != 0)) {
        free(m);
        return npc_fail(err, NPC_EFORMAT, "the stored file manifest has an unknown format");
    }
    npc_status st = NPC_OK;
    const char *p = len ? blob + hl : blob, *end = blob + len;
    while (st == NPC_OK && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            st = npc_fail(err, NPC_EFORMAT, "the stored file manifest is truncated");
            break;
        }
        char head[128];
        size_t hlen = 0;
        int fields = 0;
        const char *rel = p;
        while (rel < nl && fields < 3) { /* hash, size, mtime: three space-ended fields */
            if (*rel == ' ') {
                fields++;
            }
            if (hlen + 1 < sizeof head) {
                head[hlen++] = *rel;
            }
            rel++;
        }
        head[hlen] = '\0';
        uint64_t hash;
        int64_t size, mt;
        if (fields != 3 || rel == nl ||
            sscanf(head, "%" SCNx64 " %" SCNd64 " %" SCNd64, &hash, &size, &mt) != 3) {
            st = npc_fail(err, NPC_EFORMAT, "the stored file manifest has a malformed line");
            break;
        }
        st = append(m, rel, (size_t)(nl - rel), size, mt, hash, err);
        p = nl + 1;
    }
    if (st != NPC_OK) {
        npc_manifest_free(m);
        return st;
    }
    *out = m;
    return NPC_OK;
}

void npc_manifest_free(npc_manifest *m)
{
    if (m != NULL) {
        for (size_t i = 0; i < m->n; i++) {
            free(m->e[i].rel);
        }
        free(m->e);
        free(m);
    }
}

npc_manifest_entry *npc_manifest_find(npc_manifest *m, const char *rel)
{
    npc_manifest_entry *e = locate(m, rel);
    return e != NULL && !e->dead ? e : NULL;
}

npc_status npc_manifest_put(npc_manifest *m, const char *rel, int64_t size, int64_t mtime_ns,
                            uint64_t hash, npc_err *err)
{
    if (strchr(rel, '\n') != NULL) {
        return npc_fail(err, NPC_EINVAL, "file name holds a line break");
    }
    npc_manifest_entry *e = locate(m, rel);
    if (e == NULL) {
        return append(m, rel, strlen(rel), size, mtime_ns, hash, err);
    }
    m->live += e->dead;
    e->dead = 0;
    e->size = size;
    e->mtime_ns = mtime_ns;
    e->hash = hash;
    return NPC_OK;
}

void npc_manifest_drop(npc_manifest *m, const char *rel)
{
    npc_manifest_entry *e = locate(m, rel);
    if (e != NULL && !e->dead) {
        e->dead = 1;
        m->live--;
    }
}

size_t npc_manifest_size(const npc_manifest *m)
{
    return m->n;
}

npc_manifest_entry *npc_manifest_at(npc_manifest *m, size_t i)
{
    return i < m->n ? &m->e[i] : NULL;
}

size_t npc_manifest_live(const npc_manifest *m)
{
    return m->live;
}

npc_status npc_manifest_serialize(npc_manifest *m, char **out, size_t *len, npc_err *err)
{
    *out = NULL;
    *len = 0;
    if (m->n > 0 && !m->sorted) { /* (qsort may not be handed a NULL array) */
        qsort(m->e, m->n, sizeof *m->e, by_rel);
        m->sorted = 1;
    }
    size_t cap = strlen(HEADER) + 1;
    for (size_t i = 0; i < m->n; i++) {
        cap += m->e[i].dead ? 0 : strlen(m->e[i].rel) + 64;
    }
    char *buf = malloc(cap);
    if (buf == NULL) {
        return npc_fail(err, NPC_ENOMEM, "manifest");
    }
    size_t n = (size_t)snprintf(buf, cap, "%s", HEADER);
    for (size_t i = 0; i < m->n; i++) {
        const npc_manifest_entry *e = &m->e[i];
        if (!e->dead) {
            n += (size_t)snprintf(buf + n, cap - n, "%016" PRIx64 " %" PRId64 " %" PRId64 " %s\n",
                                  e->hash, e->size, e->mtime_ns, e->rel);
        }
    }
    *out = buf;
    *len = n;
    return NPC_OK;
}

uint64_t npc_content_hash(const void *data, size_t len)
{
    return npc_fnv1a64(data, len);
}

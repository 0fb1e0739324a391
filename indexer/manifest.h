/*
 * manifest.h — what an index holds of each corpus file: size, modification time and content
 * hash, so that an incremental run touches only what was added, changed or removed.
 *
 * Each shard stores the manifest of its own files as metadata (NPC_META_FILES), written in the
 * same commit as the documents it describes: after a crash, the manifest and the documents agree
 * and the next run redoes exactly what is missing.
 *
 * Stored form, one file per line, sorted by path:  "<hash hex> <size> <mtime ns> <path>\n"
 * after a first line "npc-manifest 1".  Paths holding a line break are never stored.
 */
#ifndef NPC_MANIFEST_H
#define NPC_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct npc_manifest npc_manifest;

typedef struct npc_manifest_entry {
    char *rel; /* path relative to its corpus root; owned by the manifest */
    int64_t size;
    int64_t mtime_ns;
    uint64_t hash; /* npc_content_hash of the bytes */
    int seen;      /* caller's mark (the run sets it for files still present) */
    int dead;      /* dropped: not stored, not found */
} npc_manifest_entry;

/* Parses a stored manifest (len 0: empty).  NPC_EFORMAT when it is not one.  *out is the
 * caller's, freed with npc_manifest_free. */
npc_status npc_manifest_parse(const char *blob, size_t len, npc_manifest **out, npc_err *err);
void npc_manifest_free(npc_manifest *m);

/* The live entry for rel, or NULL.  The pointer stays valid until the next put. */
npc_manifest_entry *npc_manifest_find(npc_manifest *m, const char *rel);

/* Records rel (replacing its entry).  NPC_EINVAL when rel holds a line break. */
npc_status npc_manifest_put(npc_manifest *m, const char *rel, int64_t size, int64_t mtime_ns,
                            uint64_t hash, npc_err *err);

/* Forgets rel (no-op when absent). */
void npc_manifest_drop(npc_manifest *m, const char *rel);

/* Entries, live and dropped, for iteration: i < npc_manifest_size(m). */
size_t npc_manifest_size(const npc_manifest *m);
npc_manifest_entry *npc_manifest_at(npc_manifest *m, size_t i);
/* Number of live entries. */
size_t npc_manifest_live(const npc_manifest *m);

/* The stored form of the live entries; *out is the caller's (free). */
npc_status npc_manifest_serialize(npc_manifest *m, char **out, size_t *len, npc_err *err);

/* 64-bit FNV-1a of a file's bytes: tells a touched file from a changed one. */
uint64_t npc_content_hash(const void *data, size_t len);

#endif

/*
 * fnv.h — FNV-1a, the tree's one non-cryptographic hash: files' content hashes and their shard,
 * the model's stamp, and the small open-addressing tables of words.
 */
#ifndef NPC_FNV_H
#define NPC_FNV_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t npc_fnv1a64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ p[i]) * 1099511628211ull;
    }
    return h;
}

/* The 32-bit variant, which picks a file's shard (layout.h): its values must never change. */
static inline uint32_t npc_fnv1a32(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

#endif

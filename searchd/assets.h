/*
 * assets.h — the search page's files, embedded in searchd at build time (searchd/assets/).
 * Served from this fixed table only: no request path ever reaches the file system.
 */
#ifndef NPC_ASSETS_H
#define NPC_ASSETS_H

#include <stddef.h>

typedef struct npc_asset {
    const char *path; /* "/index.html" */
    const char *type; /* Content-Type */
    const char *data; /* static storage */
    size_t len;
} npc_asset;

/* The asset served at path, or NULL. */
const npc_asset *npc_asset_find(const char *path);

#endif

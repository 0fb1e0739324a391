/*
 * stats.h — `npcsearch stats`: what an index directory holds, for people and for monitoring.
 */
#ifndef NPC_STATS_H
#define NPC_STATS_H

#include <jansson.h>

#include "base/status.h"

/*
 * Describes the index at dir as a JSON object: generation, shards with their revisions,
 * documents (total, by type, by category), files indexed, schema, last change time and bytes on
 * disk (docs/schema.md lists the fields).  *out is the caller's (json_decref).
 */
npc_status npc_stats_describe(const char *dir, json_t **out, npc_err *err);

#endif

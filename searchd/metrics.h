/*
 * metrics.h — request counters and a latency histogram for /metrics (Prometheus text format).
 * Recording is lock-free (C11 atomics) and safe from any thread.
 */
#ifndef NPC_METRICS_H
#define NPC_METRICS_H

#include <stddef.h>
#include <stdint.h>

enum npc_route {
    NPC_ROUTE_SEARCH,
    NPC_ROUTE_DOC,
    NPC_ROUTE_HEALTHZ,
    NPC_ROUTE_METRICS,
    NPC_ROUTE_DRAFTS, /* /api/drafts and a draft's dashboard and exports */
    NPC_ROUTE_SUGGEST,
    NPC_ROUTE_DIFF, /* /api/diff: two versions of a law */
    NPC_ROUTE_STATIC,
    NPC_ROUTE_OTHER,
    NPC_ROUTE_COUNT
};

/* Records one answered request. */
void npc_metrics_record(enum npc_route route, unsigned status, double seconds);

/* Records one search answered partially: without some shards of a shard list, or cut at the
 * time limit. */
void npc_metrics_partial(void);

/* The gauges and counters searchd's other parts keep, as /metrics shows them. */
typedef struct npc_metrics_gauges {
    uint64_t revision;
    uint32_t documents;
    size_t shards_down;   /* shards of a shard list that do not answer */
    unsigned connections; /* open now */
    uint64_t refused;     /* connections refused at the cap */
    uint64_t cut;         /* connections ended at the request deadline */
    unsigned queued;      /* requests waiting for a search worker */
} npc_metrics_gauges;

/*
 * Writes the metrics as Prometheus text into a malloc'd string (*out, caller frees), with the
 * given gauges.  Returns 0 on allocation failure.
 */
int npc_metrics_render(const npc_metrics_gauges *g, char **out, size_t *out_len);

#endif

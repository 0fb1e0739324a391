/*
 * metrics.c — counters and histogram (see metrics.h).
 */
#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const route_names[NPC_ROUTE_COUNT] = {
    "search", "doc", "healthz", "metrics", "drafts", "suggest", "diff", "static", "other"};
static const unsigned statuses[] = {200, 304, 400, 404, 405, 413, 414, 500, 503};
#define NSTATUS (sizeof statuses / sizeof *statuses)
static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define NBUCKETS (sizeof buckets / sizeof *buckets)

static atomic_ulong requests[NPC_ROUTE_COUNT][NSTATUS + 1]; /* last column: other statuses */
static atomic_ulong hist[NPC_ROUTE_COUNT][NBUCKETS + 1];
static atomic_ulong sum_us[NPC_ROUTE_COUNT];
static atomic_ulong partial;

void npc_metrics_partial(void)
{
    atomic_fetch_add(&partial, 1);
}

void npc_metrics_record(enum npc_route route, unsigned status, double seconds)
{
    if ((unsigned)route >= NPC_ROUTE_COUNT) {
        route = NPC_ROUTE_OTHER;
    }
    size_t s = NSTATUS;
    for (size_t i = 0; i < NSTATUS; i++) {
        if (statuses[i] == status) {
            s = i;
        }
    }
    atomic_fetch_add(&requests[route][s], 1);
    size_t b = NBUCKETS;
    for (size_t i = 0; i < NBUCKETS; i++) {
        if (seconds <= buckets[i]) {
            b = i;
            break;
        }
    }
    atomic_fetch_add(&hist[route][b], 1);
    atomic_fetch_add(&sum_us[route], (unsigned long)(seconds * 1e6));
}

int npc_metrics_render(const npc_metrics_gauges *g, char **out, size_t *out_len)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL) {
        return 0;
    }
    fputs("# HELP npcsearch_requests_total HTTP requests answered, by route and status.\n"
          "# TYPE npcsearch_requests_total counter\n",
          f);
    for (size_t r = 0; r < NPC_ROUTE_COUNT; r++) {
        for (size_t s = 0; s <= NSTATUS; s++) {
            unsigned long v = atomic_load(&requests[r][s]);
            if (v == 0) {
                continue;
            }
            if (s < NSTATUS) {
                fprintf(f, "npcsearch_requests_total{route=\"%s\",status=\"%u\"} %lu\n",
                        route_names[r], statuses[s], v);
            } else {
                fprintf(f, "npcsearch_requests_total{route=\"%s\",status=\"other\"} %lu\n",
                        route_names[r], v);
            }
        }
    }
    fputs("# HELP npcsearch_request_duration_seconds Time to answer a request.\n"
          "# TYPE npcsearch_request_duration_seconds histogram\n",
          f);
    for (size_t r = 0; r < NPC_ROUTE_COUNT; r++) {
        unsigned long cum = 0;
        for (size_t b = 0; b <= NBUCKETS; b++) {
            cum += atomic_load(&hist[r][b]);
            if (b < NBUCKETS) {
                fprintf(f,
                        "npcsearch_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n",
                        route_names[r], buckets[b], cum);
            } else {
                fprintf(f,
                        "npcsearch_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n"
                        "npcsearch_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                        "npcsearch_request_duration_seconds_count{route=\"%s\"} %lu\n",
                        route_names[r], cum, route_names[r], atomic_load(&sum_us[r]) / 1e6,
                        route_names[r], cum);
            }
        }
    }
    fprintf(f,
            "# HELP npcsearch_index_revision Sum of the committed revisions of the index shards.\n"
            "# TYPE npcsearch_index_revision gauge\n"
            "npcsearch_index_revision %llu\n"
            "# HELP npcsearch_index_documents Documents in the index.\n"
            "# TYPE npcsearch_index_documents gauge\n"
            "npcsearch_index_documents %u\n"
            "# HELP npcsearch_partial_answers_total Searches answered partially: without a shard "
            "that did not answer, or cut at the time limit.\n"
            "# TYPE npcsearch_partial_answers_total counter\n"
            "npcsearch_partial_answers_total %lu\n"
            "# HELP npcsearch_shards_down Shards of the shard list that do not answer.\n"
            "# TYPE npcsearch_shards_down gauge\n"
            "npcsearch_shards_down %zu\n"
            "# HELP npcsearch_connections Client connections open.\n"
            "# TYPE npcsearch_connections gauge\n"
            "npcsearch_connections %u\n"
            "# HELP npcsearch_connections_refused_total Connections closed at once at the "
            "connection cap.\n"
            "# TYPE npcsearch_connections_refused_total counter\n"
            "npcsearch_connections_refused_total %llu\n"
            "# HELP npcsearch_requests_cut_total Connections ended because their request was not "
            "read within the request timeout.\n"
            "# TYPE npcsearch_requests_cut_total counter\n"
            "npcsearch_requests_cut_total %llu\n"
            "# HELP npcsearch_queued Requests waiting for a search worker.\n"
            "# TYPE npcsearch_queued gauge\n"
            "npcsearch_queued %u\n",
            (unsigned long long)g->revision, g->documents, atomic_load(&partial), g->shards_down,
            g->connections, (unsigned long long)g->refused, (unsigned long long)g->cut, g->queued);
    if (fclose(f) != 0) {
        free(buf);
        return 0;
    }
    *out = buf;
    *out_len = len;
    return 1;
}

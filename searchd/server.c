/*
 * server.c — routes, request state and worker searchers for searchd (see server.h).
 */
#include "base/clock.h"
#include "server.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "assets.h"
#include "conns.h"
#include "errors.h"
#include "metrics.h"
#include "params.h"
#include "feedback/draft.h"
#include "feedback/dupes.h"
#include "feedback/export.h"
#include "index/layout.h"
#include "index/schema.h"
#include "search/check.h"
#include "search/search.h"

#define MAX_URI 16384

/* Per-request state: made in uri_logged, freed in completed. */
typedef struct request {
    char *uri; /* raw, as received */
    double start;
    enum npc_route route;
    int headers_seen; /* the handler's first call (headers only) has returned */
    int read;         /* the request's headers are in (npc_conns_request_read told) */
    double queued;    /* when it was queued for a worker */
    /* what a search worker needs: the route's part of the URI (the query string, or the
     * document id and the length of a query string it must not have) */
    const char *arg, *qs;
    size_t arglen, qslen;
    struct MHD_Connection *conn; /* suspended while a worker has the request */
    struct request *next;        /* in the queue */
    int done;                    /* a worker has made the reply */
    /* the reply: status 0 until there is one; body is freed with the request unless sent */
    unsigned status;
    const char *type;
    char *body;
    size_t len;
    int must_free;
    char *disposition; /* Content-Disposition of a download, or NULL (owned) */
    npc_status failed; /* the failure the reply tells of (reply_status), NPC_OK for none */
} request;

struct npc_server {
    npc_server_opts o;
    struct MHD_Daemon *d;
    atomic_uint generation; /* bumped by npc_server_reopen */
    /* the search workers' queue: libmicrohttpd's threads only read and write connections,
     * so a few kept-alive connections that land on one of them still use every worker */
    pthread_mutex_t mu;
    pthread_cond_t work; /* a request was queued, or stopping */
    pthread_cond_t idle; /* the queue is empty and no worker is busy */
    request *head, *tail;
    unsigned nqueued; /* requests from head to tail */
    unsigned busy;
    int stopping;
    pthread_t *threads;
    unsigned nthreads; /* started */
    npc_conns *conns;
    /* what the last check of the index's shards found (index_damage), under dmu, and of what:
     * the generation's stub (when the index has one) and npc_server_reopen's count then */
    pthread_mutex_t dmu;
    double dchecked; /* when; 0: never */
    npc_status dst;
    npc_err derr;
    npc_layout dlayout;
    int dhas_layout;
    unsigned dgeneration;
};

/* How long a check of the index's shards stands (Xapian reads every block: 13 s over the
 * 603 MB of ../shared's laws) unless a new generation goes live or SIGHUP comes first. */
#define DAMAGE_RECHECK_S 60.0

/* A search worker's searcher and when it last looked for a new revision. */
typedef struct worker {
    npc_searcher *s;
    unsigned generation;
    double checked;
} worker;

/* The worker's searcher, up to date; NULL with err set when the index cannot open. */
static npc_searcher *searcher(npc_server *srv, worker *w, npc_err *err)
{
    double t = npc_clock();
    unsigned gen = atomic_load(&srv->generation);
    if (w->s != NULL && (gen != w->generation || t - w->checked >= srv->o.reopen_ms / 1000.0)) {
        if (npc_searcher_reopen(w->s, NULL, NULL) != NPC_OK) {
            npc_searcher_close(w->s); /* open afresh below */
            w->s = NULL;
        }
        w->checked = t;
        w->generation = gen;
    }
    if (w->s == NULL) {
        if (npc_searcher_open(srv->o.db, &w->s, err) != NPC_OK) {
            return NULL;
        }
        npc_searcher_set_public_only(w->s, srv->o.public_only);
        npc_searcher_set_parallel(w->s, 0); /* the workers keep the cores busy */
        npc_searcher_set_time_limit(w->s, srv->o.time_limit_ms / 1000.0);
        w->checked = t;
        w->generation = gen;
    }
    return w->s;
}

/* Whether the index's files are damaged (NPC_EDB_CORRUPT, err set to name the shard and what;
 * else NPC_OK, err untouched): the
 * finding of the last check when it still stands (under DAMAGE_RECHECK_S old, the same
 * generation live, no SIGHUP since), or with run, of a check run now when none stands.  One
 * check runs at a time; the others wait for its finding. */
static npc_status index_damage(npc_server *srv, int run, npc_err *err)
{
    pthread_mutex_lock(&srv->dmu);
    int recent = srv->dchecked > 0 && npc_clock() - srv->dchecked <= DAMAGE_RECHECK_S &&
                 srv->dgeneration == atomic_load(&srv->generation) &&
                 !(srv->dhas_layout && npc_layout_changed(srv->o.db, &srv->dlayout));
    if (run && !recent) {
        srv->dgeneration = atomic_load(&srv->generation);
        srv->dhas_layout = npc_layout_read(srv->o.db, &srv->dlayout, NULL) == NPC_OK;
        npc_err_clear(&srv->derr);
        srv->dst = npc_index_check(srv->o.db, NULL, NULL, NULL, &srv->derr);
        srv->dchecked = npc_clock();
        recent = 1;
    }
    npc_status st = recent && srv->dst == NPC_EDB_CORRUPT ? srv->dst : NPC_OK;
    if (st != NPC_OK) {
        *err = srv->derr;
    }
    pthread_mutex_unlock(&srv->dmu);
    return st;
}

/* ---- responses --------------------------------------------------------------------------- */

/* Makes the reply of rq (body: malloc'd when must_free, else static).  Returns 1. */
static int reply(request *rq, unsigned status, const char *type, char *body, size_t len,
                 int must_free)
{
    rq->status = status;
    rq->type = type;
    rq->body = body;
    rq->len = len;
    rq->must_free = must_free;
    return 1;
}

/* Queues rq's reply on c; MHD_NO (the connection is closed) when there is none. */
static enum MHD_Result send_reply(struct MHD_Connection *c, request *rq)
{
    if (rq->status == 0) {
        return MHD_NO;
    }
    unsigned status = rq->status;
    const char *type = rq->type;
    struct MHD_Response *r = MHD_create_response_from_buffer(
        rq->len, rq->body, rq->must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        return MHD_NO; /* the body goes with the request */
    }
    rq->body = NULL; /* the response's now */
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    if (rq->disposition != NULL) {
        MHD_add_response_header(r, "Content-Disposition", rq->disposition);
    }
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED) {
        MHD_add_response_header(r, "Allow", "GET, HEAD");
    }
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE) {
        MHD_add_response_header(r, "Retry-After", "1");
    }
    if (strncmp(type, "application/json", 16) == 0) {
        MHD_add_response_header(r, "Cache-Control", "no-store");
    }
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Returns 0 (no reply) when memory runs out. */
static int reply_json(request *rq, unsigned status, json_t *o)
{
    char *body = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return body != NULL &&
           reply(rq, status, "application/json; charset=utf-8", body, strlen(body), 1);
}

/* {"error": {"code", "reason", "message"}} (errors.h) with e's HTTP status; message may echo
 * user input (JSON-escaped by jansson). */
static int reply_error(request *rq, const npc_api_error *e, const char *message)
{
    json_t *o = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", e->code, "reason", e->reason,
                          "message", message);
    if (o == NULL) { /* a message that is not valid UTF-8: answer without it, never hang up */
        o = json_pack("{s:{s:s,s:s,s:s}}", "error", "code", e->code, "reason", e->reason, "message",
                      "(unprintable)");
    }
    return o != NULL && reply_json(rq, e->http, o);
}

/* An error searchd names itself (not a failure of the library). */
static int reply_named(request *rq, const char *reason, const char *message)
{
    return reply_error(rq, npc_api_error_for(NPC_OK, reason), message);
}

/* The answer to a failure: "<log-safe message>: <detail>", or for an internal error the
 * log-safe message alone (the detail may hold internals: it goes to the log). */
static int reply_status(request *rq, npc_status st, const npc_err *err)
{
    rq->failed = st;
    const npc_api_error *e = npc_api_error_for(st, err->reason);
    if (e->http == MHD_HTTP_INTERNAL_SERVER_ERROR) {
        fprintf(stderr, "searchd: %s: %s\n", npc_status_str(st), err->detail);
        return reply_error(rq, e, npc_status_str(st));
    }
    char msg[NPC_ERR_DETAIL_MAX + 128];
    snprintf(msg, sizeof msg, "%s%s%s", npc_status_str(st), err->detail[0] ? ": " : "",
             err->detail);
    return reply_error(rq, e, msg);
}

/* ---- routes ------------------------------------------------------------------------------ */

/* Parses an integer parameter within [lo, hi]; *out keeps its default when absent. */
static int int_param(const npc_params *p, const char *name, long lo, long hi, long *out,
                     npc_err *err)
{
    const char *v = npc_params_get(p, name, NULL);
    if (v == NULL) {
        return 1;
    }
    char *end;
    long x = strtol(v, &end, 10);
    /* digits only: strtol alone would take " 1", "+1" and "-0" */
    if (strspn(v, "0123456789") != strlen(v) || *v == '\0' || *end != '\0' || x < lo || x > hi) {
        npc_fail(err, NPC_EINVAL, "%s must be a whole number from %ld to %ld", name, lo, hi);
        return 0;
    }
    *out = x;
    return 1;
}

/* The API's names for the fields of a search request (docs/api.md). */
static const char *const search_params[] = {
    "q",        "type",  "category", "region",        "year_from", "year_to", "sort",  "page",
    "per_page", "draft", "article",  "contact_point", "status",    "cites",   "as_of", NULL};

/* Reads the parameters of /api/search into r (borrowing p's values) and its page, then checks
 * r (npc_search_req_check): numbers first, in their own words, as the API counts them. */
static npc_status search_request(const npc_params *p, npc_search_req *r, long *page, long *per_page,
                                 npc_err *err)
{
    long year_from = 0, year_to = 0;
    if (!int_param(p, "page", 1, NPC_SEARCH_MAX_PAGE, page, err) ||
        !int_param(p, "per_page", 1, NPC_SEARCH_MAX_LIMIT, per_page, err) ||
        !int_param(p, "year_from", NPC_YEAR_MIN, NPC_YEAR_MAX, &year_from, err) ||
        !int_param(p, "year_to", NPC_YEAR_MIN, NPC_YEAR_MAX, &year_to, err)) {
        return err->code;
    }
    if ((*page - 1) * *per_page > NPC_SEARCH_MAX_OFFSET) {
        return npc_fail(err, NPC_EINVAL, "page × per_page must stay within %d results",
                        NPC_SEARCH_MAX_OFFSET);
    }
    const char *sort = npc_params_get(p, "sort", NULL);
    if (sort != NULL && npc_sort_parse(sort, &r->sort, err) != NPC_OK) {
        return err->code;
    }
    r->q = npc_params_get(p, "q", &r->qlen);
    if (r->q == NULL) {
        r->q = "";
        r->qlen = 0;
    }
    r->type = npc_params_get(p, "type", NULL);
    r->category = npc_params_get(p, "category", NULL);
    r->region = npc_params_get(p, "region", NULL);
    r->draft = npc_params_get(p, "draft", NULL);
    r->article = npc_params_get(p, "article", NULL);
    r->contact_point = npc_params_get(p, "contact_point", NULL);
    r->status = npc_params_get(p, "status", NULL);
    r->cites = npc_params_get(p, "cites", NULL);
    r->as_of = npc_params_get(p, "as_of", NULL);
    r->year_from = (int)year_from;
    r->year_to = (int)year_to;
    r->offset = (uint32_t)((*page - 1) * *per_page);
    r->limit = (uint32_t)*per_page;
    r->facets = 1;
    return npc_search_req_check(r, err);
}

static void route_search(npc_server *srv, worker *w, request *rq)
{
    double t0 = npc_clock();
    npc_err err;
    npc_err_clear(&err);
    npc_params p;
    npc_search_req r = {0};
    long page = 1, per_page = 10;
    json_t *res = NULL;
    npc_status st = npc_params_parse(rq->arg, rq->arglen, search_params, &p, &err);
    if (st == NPC_OK) {
        st = search_request(&p, &r, &page, &per_page, &err);
    }
    if (st == NPC_OK) {
        npc_searcher *s = searcher(srv, w, &err);
        st = s ? npc_search(s, &r, &res, &err) : err.code;
    }
    npc_params_release(&p);
    if (st != NPC_OK) {
        reply_status(rq, st, &err);
        return;
    }
    if (json_is_true(json_object_get(res, "partial"))) {
        npc_metrics_partial();
    }
    json_object_set_new(res, "page", json_integer(page));
    json_object_set_new(res, "per_page", json_integer(per_page));
    json_object_set_new(res, "took_ms", json_real((npc_clock() - t0) * 1000.0));
    reply_json(rq, MHD_HTTP_OK, res);
}

static void route_doc(npc_server *srv, worker *w, request *rq)
{
    const char *enc = rq->arg;
    size_t len = rq->arglen, qslen = rq->qslen;
    npc_err err;
    npc_err_clear(&err);
    char *id = NULL;
    size_t idlen;
    json_t *res = NULL;
    npc_status st = qslen ? npc_fail_reason(&err, NPC_EINVAL, "unknown_parameter",
                                            "/api/doc takes no parameters")
                          : npc_path_decode(enc, len, &id, &idlen, &err);
    if (st == NPC_OK && idlen == 0) {
        st = npc_fail(&err, NPC_EINVAL, "a document id is required");
    }
    if (st == NPC_OK) {
        npc_searcher *s = searcher(srv, w, &err);
        st = s ? npc_search_doc_view(s, id, &res, &err) : err.code;
    }
    free(id);
    if (st != NPC_OK) {
        reply_status(rq, st, &err);
        return;
    }
    reply_json(rq, MHD_HTTP_OK, res);
}

/* The parameters of /api/diff (docs/api.md). */
static const char *const diff_params[] = {"law", "from", "to", NULL};

/* /api/diff?law=…&from=…&to=…: two versions of a law compared article by article. */
static void route_diff(npc_server *srv, worker *w, request *rq)
{
    npc_err err;
    npc_err_clear(&err);
    npc_params p;
    json_t *res = NULL;
    npc_status st = npc_params_parse(rq->arg, rq->arglen, diff_params, &p, &err);
    if (st == NPC_OK) {
        npc_searcher *s = searcher(srv, w, &err);
        st = s ? npc_search_diff(s, npc_params_get(&p, "law", NULL),
                                 npc_params_get(&p, "from", NULL), npc_params_get(&p, "to", NULL),
                                 &res, &err)
               : err.code;
        npc_params_release(&p);
    }
    if (st != NPC_OK) {
        reply_status(rq, st, &err);
        return;
    }
    reply_json(rq, MHD_HTTP_OK, res);
}

/* The parameters of /api/suggest (docs/api.md). */
static const char *const suggest_params[] = {"q", "limit", NULL};

/* /api/suggest?q=…[&limit=N]: what the search box suggests for q typed so far. */
static void route_suggest(npc_server *srv, worker *w, request *rq)
{
    npc_err err;
    npc_err_clear(&err);
    npc_params p;
    long limit = 8;
    size_t qlen = 0;
    const char *q = NULL;
    json_t *res = NULL;
    npc_status st = npc_params_parse(rq->arg, rq->arglen, suggest_params, &p, &err);
    if (st == NPC_OK && !int_param(&p, "limit", 1, NPC_SUGGEST_MAX_LIMIT, &limit, &err)) {
        st = err.code;
    }
    if (st == NPC_OK) {
        q = npc_params_get(&p, "q", &qlen);
        npc_search_req blank = {.q = q, .qlen = qlen};
        st = npc_search_req_blank(&blank)
                 ? npc_fail_reason(&err, NPC_EINVAL, "blank_query", "q is required")
                 : NPC_OK;
    }
    if (st == NPC_OK) {
        npc_searcher *s = searcher(srv, w, &err);
        st = s ? npc_search_suggest(s, q, qlen, (uint32_t)limit, &res, &err) : err.code;
    }
    npc_params_release(&p);
    if (st != NPC_OK) {
        reply_status(rq, st, &err);
        return;
    }
    reply_json(rq, MHD_HTTP_OK, res);
}

static void route_healthz(npc_server *srv, worker *w, request *rq)
{
    npc_err err;
    npc_err_clear(&err);
    uint32_t docs = 0;
    uint64_t rev = 0;
    npc_searcher *s = searcher(srv, w, &err);
    npc_status st = s ? npc_searcher_stats(s, &rev, &docs, &err) : err.code;
    if (st == NPC_OK) {
        st = index_damage(srv, 0, &err); /* a search failed on a damaged shard lately */
    } else if (st == NPC_EDB) { /* a read error: damage, or the index cannot be opened now */
        st = index_damage(srv, 1, &err) == NPC_EDB_CORRUPT ? NPC_EDB_CORRUPT : NPC_EDB_OPEN;
    }
    if (st != NPC_OK) {
        reply_status(rq, st, &err);
        return;
    }
    const char *const *names;
    const unsigned char *down;
    size_t n = npc_searcher_shards(s, &names, &down);
    json_t *o = json_pack("{s:s,s:I,s:I}", "status", npc_searcher_missing(s) ? "partial" : "ok",
                          "documents", (json_int_t)docs, "revision", (json_int_t)rev);
    json_t *shards = n > 0 ? json_array() : NULL;
    for (size_t k = 0; shards != NULL && k < n; k++) {
        json_array_append_new(
            shards, json_pack("{s:s,s:s}", "shard", names[k], "status", down[k] ? "down" : "ok"));
    }
    if (o != NULL && shards != NULL) {
        json_object_set_new(o, "shards", shards);
    }
    if (o != NULL) {
        reply_json(rq, MHD_HTTP_OK, o);
    }
}

static void route_metrics(npc_server *srv, worker *w, request *rq)
{
    npc_err err;
    uint32_t docs = 0;
    uint64_t rev = 0;
    npc_searcher *s = searcher(srv, w, &err);
    if (s != NULL) {
        npc_searcher_stats(s, &rev, &docs, NULL);
    }
    npc_conns_stats cs;
    npc_conns_get_stats(srv->conns, &cs);
    pthread_mutex_lock(&srv->mu);
    unsigned queued = srv->nqueued;
    pthread_mutex_unlock(&srv->mu);
    npc_metrics_gauges g = {.revision = rev,
                            .documents = docs,
                            .shards_down = s ? npc_searcher_missing(s) : 0,
                            .connections = cs.open,
                            .refused = cs.refused,
                            .cut = cs.cut,
                            .queued = queued};
    char *body;
    size_t len;
    if (npc_metrics_render(&g, &body, &len)) {
        reply(rq, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", body, len, 1);
    }
}

/* ---- drafts: the feedback dashboard (lib/feedback/draft.h) -------------------------------- */

static const char *const draft_params[] = {"threshold", NULL};

/* The threshold parameter: a decimal number above 0, at most 1 (0.3, 1); *out keeps its
 * default when absent. */
static npc_status threshold_param(const npc_params *p, double *out, npc_err *err)
{
    const char *v = npc_params_get(p, "threshold", NULL);
    if (v == NULL) {
        return NPC_OK;
    }
    char *end;
    double x = strtod(v, &end);
    if (strspn(v, "0123456789.") != strlen(v) || end == v || *end != '\0' || !(x > 0 && x <= 1)) {
        return npc_fail(err, NPC_EINVAL, "threshold must be a number above 0, at most 1");
    }
    *out = x;
    return NPC_OK;
}

/* Cuts a download's ending (.csv, .xlsx) off name; returns its format, or NULL for JSON. */
static const char *export_format(char *name, size_t *len)
{
    static const char *const formats[] = {".csv", ".xlsx"};
    for (size_t i = 0; i < 2; i++) {
        size_t fl = strlen(formats[i]);
        if (*len > fl && strcmp(name + *len - fl, formats[i]) == 0) {
            *len -= fl;
            name[*len] = '\0';
            return formats[i];
        }
    }
    return NULL;
}

/* attachment; filename="draft.xlsx"; filename*=UTF-8''<the name percent-encoded>.xlsx */
static char *disposition(const char *name, const char *ext)
{
    size_t n = strlen(name), cap = n * 3 + strlen(ext) * 2 + 64;
    char *d = malloc(cap);
    if (d == NULL) {
        return NULL;
    }
    size_t o = (size_t)snprintf(d, cap, "attachment; filename=\"draft%s\"; filename*=UTF-8''", ext);
    for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
        int plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                    (*c >= '0' && *c <= '9') || strchr("-._~", *c) != NULL;
        o += (size_t)snprintf(d + o, cap - o, plain ? "%c" : "%%%02X", *c);
    }
    snprintf(d + o, cap - o, "%s", ext);
    return d;
}

/* A draft's suggestions as a download of format ext. */
static void reply_export(request *rq, const json_t *board, const char *ext)
{
    npc_err err;
    npc_err_clear(&err);
    char *body = NULL;
    size_t len = 0;
    int csv = strcmp(ext, ".csv") == 0;
    npc_status st = csv ? npc_export_csv(board, &body, &len, &err)
                        : npc_export_xlsx_bytes(board, &body, &len, &err);
    if (st != NPC_OK) {
        reply_status(rq, st, &err);
        return;
    }
    const char *name = json_string_value(json_object_get(board, "draft"));
    rq->disposition = disposition(name ? name : "draft", ext);
    reply(rq, MHD_HTTP_OK,
          csv ? "text/csv; charset=utf-8"
              : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          body, len, 1);
}

/* /api/drafts/{draft}[.csv|.xlsx]: enc is the percent-encoded rest of the path. */
static void route_draft(npc_searcher *s, request *rq, const char *enc, size_t len, double t0)
{
    npc_err err;
    npc_err_clear(&err);
    npc_params p;
    char *name = NULL;
    size_t nl = 0;
    double threshold = NPC_DUPES_THRESHOLD;
    json_t *board = NULL;
    npc_status st = npc_params_parse(rq->qs, rq->qslen, draft_params, &p, &err);
    if (st == NPC_OK) {
        st = threshold_param(&p, &threshold, &err);
    }
    npc_params_release(&p);
    if (st == NPC_OK) {
        st = npc_path_decode(enc, len, &name, &nl, &err);
    }
    const char *ext = st == NPC_OK ? export_format(name, &nl) : NULL;
    if (st == NPC_OK && nl == 0) {
        st = npc_fail(&err, NPC_EINVAL, "a draft is required: /api/drafts/{draft}");
    }
    if (st == NPC_OK) {
        st = npc_draft_dashboard(s, name, threshold, &board, &err);
    }
    free(name);
    if (st != NPC_OK) {
        reply_status(rq, st, &err);
    } else if (ext != NULL) {
        reply_export(rq, board, ext);
    } else {
        json_object_set_new(board, "took_ms", json_real((npc_clock() - t0) * 1000.0));
        reply_json(rq, MHD_HTTP_OK, json_incref(board));
    }
    json_decref(board);
}

static void route_drafts(npc_server *srv, worker *w, request *rq)
{
    double t0 = npc_clock();
    npc_err err;
    npc_err_clear(&err);
    npc_searcher *s = searcher(srv, w, &err);
    if (s == NULL) {
        reply_status(rq, err.code, &err);
        return;
    }
    if (rq->arglen > 1) { /* "/{draft}" */
        route_draft(s, rq, rq->arg + 1, rq->arglen - 1, t0);
        return;
    }
    json_t *list = NULL;
    npc_status st = rq->qslen ? npc_fail_reason(&err, NPC_EINVAL, "unknown_parameter",
                                                "/api/drafts takes no parameters")
                              : npc_drafts_list(s, &list, &err);
    if (st != NPC_OK) {
        reply_status(rq, st, &err);
        return;
    }
    reply_json(rq, MHD_HTTP_OK, list);
}

/* ---- search workers ---------------------------------------------------------------------- */

static int reply_overloaded(request *rq)
{
    return reply_named(rq, "overloaded", "searchd is busy: try again in a second");
}

/* Takes the request at the head of the queue (srv->mu held), or NULL when it is empty. */
static request *dequeue(npc_server *srv)
{
    request *rq = srv->head;
    if (rq != NULL) {
        srv->head = rq->next;
        if (srv->head == NULL) {
            srv->tail = NULL;
        }
        srv->nqueued--;
    }
    return rq;
}

/* Hands a request taken from the queue back to libmicrohttpd with its reply made. */
static void give_back(request *rq)
{
    struct MHD_Connection *c = rq->conn;
    rq->done = 1;
    MHD_resume_connection(c); /* rq is libmicrohttpd's again: it may go any time */
}

/* Whether rq has waited in the queue for longer than a search may take. */
static int waited_too_long(const npc_server *srv, const request *rq, double now)
{
    return srv->o.time_limit_ms > 0 && now - rq->queued > srv->o.time_limit_ms / 1000.0;
}

/* Hands rq to a search worker: its connection is suspended until the reply is made.  A full
 * queue answers 503 at once, after answering so those that waited too long (the oldest are at
 * the head): under overload a request is answered quickly either way. */
static enum MHD_Result dispatch(npc_server *srv, struct MHD_Connection *c, request *rq)
{
    double now = npc_clock();
    pthread_mutex_lock(&srv->mu);
    while (srv->head != NULL && waited_too_long(srv, srv->head, now)) {
        request *old = dequeue(srv);
        reply_overloaded(old);
        give_back(old);
    }
    if (srv->stopping || srv->nqueued >= srv->o.queue) {
        int stopping = srv->stopping;
        pthread_mutex_unlock(&srv->mu);
        if (stopping) {
            reply_named(rq, "stopping", "searchd is stopping");
        } else {
            reply_overloaded(rq);
        }
        return send_reply(c, rq);
    }
    rq->conn = c;
    rq->next = NULL;
    rq->queued = now;
    MHD_suspend_connection(c);
    if (srv->tail != NULL) {
        srv->tail->next = rq;
    } else {
        srv->head = rq;
    }
    srv->tail = rq;
    srv->nqueued++;
    pthread_cond_signal(&srv->work);
    pthread_mutex_unlock(&srv->mu);
    return MHD_YES;
}

/* A request that failed on the index's files (a read error, a corrupt block) is answered 503
 * damaged_index naming the shard when the check finds damage; else its answer stands. */
static void name_damage(npc_server *srv, request *rq)
{
    npc_err err;
    if ((rq->failed != NPC_EDB && rq->failed != NPC_EDB_CORRUPT) ||
        index_damage(srv, 1, &err) != NPC_EDB_CORRUPT) {
        return;
    }
    if (rq->must_free) {
        free(rq->body);
    }
    rq->status = 0;
    char msg[NPC_ERR_DETAIL_MAX + 160];
    snprintf(msg, sizeof msg,
             "%s: %s (npcsearch check --db names it; npcsearch index --full rebuilds the index)",
             npc_status_str(NPC_EDB_CORRUPT), err.detail);
    reply_named(rq, "damaged_index", msg);
}

/* Makes the reply of rq on its route (in a search worker). */
static void answer(npc_server *srv, worker *w, request *rq)
{
    switch (rq->route) {
    case NPC_ROUTE_SEARCH:
        route_search(srv, w, rq);
        break;
    case NPC_ROUTE_DOC:
        route_doc(srv, w, rq);
        break;
    case NPC_ROUTE_HEALTHZ:
        route_healthz(srv, w, rq);
        break;
    case NPC_ROUTE_DRAFTS:
        route_drafts(srv, w, rq);
        break;
    case NPC_ROUTE_SUGGEST:
        route_suggest(srv, w, rq);
        break;
    case NPC_ROUTE_DIFF:
        route_diff(srv, w, rq);
        break;
    default:
        route_metrics(srv, w, rq);
        break;
    }
    name_damage(srv, rq);
}

static void *work(void *arg)
{
    npc_server *srv = arg;
    worker w = {0};
    pthread_mutex_lock(&srv->mu);
    for (;;) {
        while (srv->head == NULL && !srv->stopping) {
            pthread_cond_wait(&srv->work, &srv->mu);
        }
        request *rq = dequeue(srv);
        if (rq == NULL) {
            break; /* stopping, and nothing is left */
        }
        srv->busy++;
        pthread_mutex_unlock(&srv->mu);
        if (waited_too_long(srv, rq, npc_clock())) {
            reply_overloaded(rq);
        } else {
            answer(srv, &w, rq);
        }
        give_back(rq);
        pthread_mutex_lock(&srv->mu);
        srv->busy--;
        if (srv->head == NULL && srv->busy == 0) {
            pthread_cond_broadcast(&srv->idle);
        }
    }
    pthread_mutex_unlock(&srv->mu);
    npc_searcher_close(w.s);
    return NULL;
}

/* Lets the workers finish what is queued, then ends them. */
static void stop_workers(npc_server *srv)
{
    pthread_mutex_lock(&srv->mu);
    srv->stopping = 1;
    pthread_cond_broadcast(&srv->work);
    while (srv->head != NULL || srv->busy > 0) {
        pthread_cond_wait(&srv->idle, &srv->mu);
    }
    pthread_mutex_unlock(&srv->mu);
}

static void join_workers(npc_server *srv)
{
    for (unsigned i = 0; i < srv->nthreads; i++) {
        pthread_join(srv->threads[i], NULL);
    }
    free(srv->threads);
    pthread_cond_destroy(&srv->idle);
    pthread_cond_destroy(&srv->work);
    pthread_mutex_destroy(&srv->mu);
    pthread_mutex_destroy(&srv->dmu);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **req_cls)
{
    npc_server *srv = cls;
    request *rq = *req_cls;
    if (rq == NULL) {
        return MHD_NO;
    }
    if (!rq->read) { /* the headers are in: the request deadline stops */
        rq->read = 1;
        npc_conns_request_read(srv->conns, c);
    }
    if (rq->done) {
        return send_reply(c, rq); /* a worker made it; the connection was resumed */
    }
    if (*upload_size != 0) {
        *upload_size = 0; /* bodies are ignored (and refused below) */
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        reply_named(rq, "method_not_allowed", "only GET and HEAD are served");
        return send_reply(c, rq);
    }
    /* a GET carries no body: refuse one before reading any of it */
    const char *clen = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if ((clen != NULL && strcmp(clen, "0") != 0) ||
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding") != NULL) {
        reply_named(rq, "content_too_large", "GET and HEAD requests take no body");
        return send_reply(c, rq);
    }
    /* Answer on the second call, once libmicrohttpd knows the whole request has arrived: a
     * response queued on the first call makes it close the connection (no keep-alive). */
    if (!rq->headers_seen) {
        rq->headers_seen = 1;
        return MHD_YES;
    }
    if (rq->uri == NULL) {
        rq->route = NPC_ROUTE_OTHER;
        reply_named(rq, "uri_too_long", "the URI is too long");
        return send_reply(c, rq);
    }
    /* the raw path and query string */
    const char *raw = rq->uri;
    const char *qm = strchr(raw, '?');
    size_t plen = qm ? (size_t)(qm - raw) : strlen(raw);
    const char *qs = qm ? qm + 1 : "";
    size_t qslen = strlen(qs);
    const char *hash = memchr(qs, '#', qslen);
    if (hash != NULL) {
        qslen = (size_t)(hash - qs);
    }
    if (plen == 11 && memcmp(raw, "/api/search", 11) == 0) {
        rq->route = NPC_ROUTE_SEARCH;
        rq->arg = qs;
        rq->arglen = qslen;
        return dispatch(srv, c, rq);
    }
    if (plen == 12 && memcmp(raw, "/api/suggest", 12) == 0) {
        rq->route = NPC_ROUTE_SUGGEST;
        rq->arg = qs;
        rq->arglen = qslen;
        return dispatch(srv, c, rq);
    }
    if (plen == 9 && memcmp(raw, "/api/diff", 9) == 0) {
        rq->route = NPC_ROUTE_DIFF;
        rq->arg = qs;
        rq->arglen = qslen;
        return dispatch(srv, c, rq);
    }
    if (plen > 9 && memcmp(raw, "/api/doc/", 9) == 0) {
        rq->route = NPC_ROUTE_DOC;
        rq->arg = raw + 9;
        rq->arglen = plen - 9;
        rq->qslen = qslen;
        return dispatch(srv, c, rq);
    }
    if (plen >= 11 && memcmp(raw, "/api/drafts", 11) == 0 && (plen == 11 || raw[11] == '/')) {
        rq->route = NPC_ROUTE_DRAFTS;
        rq->arg = raw + 11; /* "" or "/{draft}[.csv|.xlsx]" */
        rq->arglen = plen - 11;
        rq->qs = qs;
        rq->qslen = qslen;
        return dispatch(srv, c, rq);
    }
    if (plen == 8 && memcmp(raw, "/healthz", 8) == 0) {
        rq->route = NPC_ROUTE_HEALTHZ;
        return dispatch(srv, c, rq);
    }
    if (plen == 8 && memcmp(raw, "/metrics", 8) == 0) {
        rq->route = NPC_ROUTE_METRICS;
        return dispatch(srv, c, rq);
    }
    /* static assets: a fixed table, so no path can reach the file system */
    char path[256];
    if (plen < sizeof path) {
        memcpy(path, raw, plen);
        path[plen] = '\0';
        const npc_asset *a = npc_asset_find(strcmp(path, "/") == 0 ? "/index.html" : path);
        if (a != NULL) {
            rq->route = NPC_ROUTE_STATIC;
            reply(rq, MHD_HTTP_OK, a->type, (char *)a->data, a->len, 0);
            return send_reply(c, rq);
        }
    }
    rq->route = NPC_ROUTE_OTHER;
    (void)url;
    (void)version;
    (void)upload;
    reply_named(rq, "not_found", "no such page");
    return send_reply(c, rq);
}

static void *uri_logged(void *cls, const char *uri, struct MHD_Connection *c)
{
    request *rq = calloc(1, sizeof *rq);
    if (rq == NULL) {
        return NULL;
    }
    rq->start = npc_clock();
    rq->route = NPC_ROUTE_OTHER;
    if (uri != NULL && strlen(uri) < MAX_URI) {
        rq->uri = strdup(uri); /* NULL (too long or no memory) is answered 414 */
    }
    return rq;
}

static void completed(void *cls, struct MHD_Connection *c, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    npc_server *srv = cls;
    npc_conns_request_done(srv->conns, c); /* the next request's deadline starts */
    request *rq = *req_cls;
    if (rq == NULL) {
        return;
    }
    if (rq->status != 0) {
        npc_metrics_record(rq->route, rq->status, npc_clock() - rq->start);
    }
    if (rq->must_free) {
        free(rq->body); /* a reply never sent */
    }
    free(rq->disposition);
    free(rq->uri);
    free(rq);
    *req_cls = NULL;
}

/* Descriptors beyond the connections: the index's files for each worker, the listening and
 * epoll sockets, logs. */
static rlim_t fd_reserve(unsigned threads)
{
    return 256 + (rlim_t)threads * 64;
}

/* Raises RLIMIT_NOFILE to what max_connections needs (up to the hard limit).  When even the
 * hard limit is too low, a cap that was asked for fails; the default one is lowered to fit. */
static npc_status fit_fd_limit(npc_server_opts *o, int asked, npc_err *err)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
        return NPC_OK; /* left as it is */
    }
    rlim_t need = o->max_connections + fd_reserve(o->threads);
    if (rl.rlim_cur < need) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur >= need) {
        return NPC_OK;
    }
    if (asked || rl.rlim_cur <= fd_reserve(o->threads) + 16) {
        return npc_fail(err, NPC_EINVAL,
                        "max-connections %u needs %llu file descriptors, but the limit is %llu "
                        "(hard limit %llu): raise it (ulimit -n, LimitNOFILE=) or lower "
                        "max-connections",
                        o->max_connections, (unsigned long long)need,
                        (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
    }
    o->max_connections = (unsigned)(rl.rlim_cur - fd_reserve(o->threads));
    fprintf(stderr,
            "searchd: max-connections lowered to %u to fit the file descriptor limit %llu\n",
            o->max_connections, (unsigned long long)rl.rlim_cur);
    return NPC_OK;
}

npc_status npc_server_start(const npc_server_opts *opts, npc_server **out, npc_err *err)
{
    *out = NULL;
    npc_searcher *probe = NULL;
    npc_status st = npc_searcher_open(opts->db, &probe, err);
    npc_searcher_close(probe);
    if (st == NPC_EDB || st == NPC_EDB_CORRUPT) {
        /* damaged files: served all the same, /healthz and the searches name the damage */
        fprintf(stderr, "searchd: %s: %s\n", npc_status_str(st), err->detail);
    } else if (st != NPC_OK) {
        return st;
    }
    npc_server *srv = calloc(1, sizeof *srv);
    if (srv == NULL) {
        return npc_fail(err, NPC_ENOMEM, "server");
    }
    srv->o = *opts;
    if (srv->o.threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        srv->o.threads = n > 0 ? (unsigned)n : 1;
    }
    srv->o.max_connections = srv->o.max_connections ? srv->o.max_connections : 16384;
    srv->o.per_ip = srv->o.per_ip ? srv->o.per_ip : 512;
    srv->o.timeout_s = srv->o.timeout_s ? srv->o.timeout_s : 15;
    srv->o.request_timeout_s = srv->o.request_timeout_s ? srv->o.request_timeout_s : 30;
    srv->o.queue = srv->o.queue ? srv->o.queue : 8 * srv->o.threads;
    srv->o.time_limit_ms = srv->o.time_limit_ms ? srv->o.time_limit_ms : 1000;
    srv->o.reopen_ms = srv->o.reopen_ms ? srv->o.reopen_ms : 200;
    st = fit_fd_limit(&srv->o, opts->max_connections != 0, err);
    if (st == NPC_OK) {
        st = npc_conns_start(srv->o.max_connections, srv->o.request_timeout_s, &srv->conns, err);
    }
    if (st != NPC_OK) {
        free(srv);
        return st;
    }
    const char *host = opts->host ? opts->host : "127.0.0.1";
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(opts->port);
    } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(opts->port);
        flags |= MHD_USE_IPv6;
    } else {
        npc_conns_stop(srv->conns);
        free(srv);
        return npc_fail(err, NPC_EINVAL, "listen address \"%s\" is not a numeric IP address", host);
    }
    pthread_mutex_init(&srv->mu, NULL);
    pthread_mutex_init(&srv->dmu, NULL);
    pthread_cond_init(&srv->work, NULL);
    pthread_cond_init(&srv->idle, NULL);
    srv->threads = calloc(srv->o.threads, sizeof *srv->threads);
    while (srv->threads != NULL && srv->nthreads < srv->o.threads &&
           pthread_create(&srv->threads[srv->nthreads], NULL, work, srv) == 0) {
        srv->nthreads++;
    }
    if (srv->nthreads < srv->o.threads) {
        unsigned want = srv->o.threads;
        stop_workers(srv);
        join_workers(srv);
        npc_conns_stop(srv->conns);
        free(srv);
        return npc_fail(err, NPC_EINTERNAL, "cannot start %u search workers", want);
    }
    /* libmicrohttpd splits its connection limit among its threads and stops accepting when one
     * reaches its share (new connections then wait in the backlog): its limit is set so that no
     * thread reaches it, and the cap is npc_conns_accept's */
    srv->d = MHD_start_daemon(
        flags, opts->port, npc_conns_accept, srv->conns, handle, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, srv->o.threads,
        MHD_OPTION_CONNECTION_LIMIT, (srv->o.max_connections + 1) * srv->o.threads,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, srv->o.per_ip, MHD_OPTION_CONNECTION_TIMEOUT,
        srv->o.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_CONNECTION, npc_conns_notify, srv->conns, MHD_OPTION_URI_LOG_CALLBACK,
        uri_logged, srv, MHD_OPTION_NOTIFY_COMPLETED, completed, srv, MHD_OPTION_END);
    if (srv->d == NULL) {
        stop_workers(srv);
        join_workers(srv);
        npc_conns_stop(srv->conns);
        free(srv);
        return npc_fail(err, NPC_EIO, "cannot listen on %s port %u", host, opts->port);
    }
    *out = srv;
    return NPC_OK;
}

uint16_t npc_server_port(const npc_server *s)
{
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    return i ? i->port : 0;
}

void npc_server_reopen(npc_server *s)
{
    atomic_fetch_add(&s->generation, 1);
}

void npc_server_stop(npc_server *s)
{
    if (s == NULL) {
        return;
    }
    stop_workers(s); /* requests in flight are answered; new ones get 503 */
    MHD_stop_daemon(s->d);
    join_workers(s);
    npc_conns_stop(s->conns);
    free(s);
}

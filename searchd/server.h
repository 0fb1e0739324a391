/*
 * server.h — searchd's HTTP service on libmicrohttpd (docs/api.md describes the routes).
 *
 * libmicrohttpd's thread pool with epoll reads requests and writes answers; a request that
 * needs the index (search, document, healthz, metrics) is queued for `threads` search workers
 * while its connection is suspended, so kept-alive connections that share one I/O thread are
 * still served by every worker.  Each worker opens its own searcher (one Xapian handle per
 * worker) on first use and brings it up to the latest revision at most every reopen_ms, or at
 * once after npc_server_reopen (SIGHUP).  Per-request state is made when MHD sees the URI and
 * freed in the completion callback.
 *
 * Under abuse (docs/operations.md): connections past max_connections or per_ip are closed at
 * once (conns.h), a request not read within request_timeout_s is cut off, a full queue or a
 * request that waited time_limit_ms is answered 503 with Retry-After, and a match is stopped
 * at time_limit_ms and answered as partial.
 */
#ifndef NPC_SERVER_H
#define NPC_SERVER_H

#include <stdint.h>

#include "base/status.h"

typedef struct npc_server npc_server;

typedef struct npc_server_opts {
    const char *db;             /* index directory */
    const char *host;           /* listen address (numeric IPv4 or IPv6); default 127.0.0.1 */
    uint16_t port;              /* 0: any free port (see npc_server_port) */
    unsigned threads;           /* search workers, and I/O threads (default: cores) */
    unsigned max_connections;   /* open at once, default 16384 (or what RLIMIT_NOFILE allows);
                                 * more are refused (closed) at once */
    unsigned per_ip;            /* open at once from one client address, default 512 */
    unsigned timeout_s;         /* idle connection timeout, default 15 */
    unsigned request_timeout_s; /* reading a whole request (from the connection's opening or
                                 * its previous answer), default 30 */
    unsigned queue;             /* requests waiting for a worker, default 8 per worker; more
                                 * are answered 503 overloaded */
    unsigned time_limit_ms;     /* a search's match time (partial answer past it) and the most
                                 * a request waits in the queue, default 1000 */
    unsigned reopen_ms;         /* how often a worker checks for a new revision, default 200 */
    int public_only;            /* internal documents do not exist (npc_searcher_set_public_only) */
} npc_server_opts;

/* Checks that the index opens, then starts serving.  *out is the caller's (npc_server_stop). */
npc_status npc_server_start(const npc_server_opts *opts, npc_server **out, npc_err *err);

/* The port actually bound. */
uint16_t npc_server_port(const npc_server *s);

/* Makes every worker reopen the index before its next request (SIGHUP). */
void npc_server_reopen(npc_server *s);

/* Lets queued and running requests finish (answering new ones 503), stops, frees everything. */
void npc_server_stop(npc_server *s);

#endif

/*
 * conns.h — searchd's open connections: the global cap and the request-reading deadline.
 *
 * libmicrohttpd holds every connection in its epoll threads (an idle or slow one costs a file
 * descriptor and its connection memory, never a search worker), but it has neither of these:
 *  - at its own connection limit it stops accepting, so new connections wait in the kernel's
 *    listen backlog behind the stuck ones (a normal request then waited minutes);
 *    npc_conns_accept refuses (closes) a connection at once when `cap` are open instead, and
 *    libmicrohttpd's own limit is set above it;
 *  - its timeout is an idle timeout, so a client trickling a byte at a time keeps a connection
 *    for ever; a watchdog thread ends every connection whose request is not read `deadline_s`
 *    after the connection opened or its previous answer was sent.
 * A connection is ended by shutdown(2) on its socket, under the lock that the close
 * notification takes first: libmicrohttpd notifies MHD_CONNECTION_NOTIFY_CLOSED before it
 * closes the descriptor, so a descriptor the watchdog still finds listed is still that
 * connection's and never one reused by a later connection.
 */
#ifndef NPC_CONNS_H
#define NPC_CONNS_H

#include <microhttpd.h>
#include <stdint.h>

#include "base/status.h"

typedef struct npc_conns npc_conns;

/* Starts the watchdog.  *out is the caller's (npc_conns_stop). */
npc_status npc_conns_start(unsigned cap, unsigned deadline_s, npc_conns **out, npc_err *err);

/* Stops the watchdog and frees t (after MHD_stop_daemon: no connection is left). */
void npc_conns_stop(npc_conns *t);

/* libmicrohttpd's MHD_AcceptPolicyCallback (cls: the npc_conns): MHD_NO at the cap. */
enum MHD_Result npc_conns_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);

/* libmicrohttpd's MHD_NotifyConnectionCallback (cls: the npc_conns). */
void npc_conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe);

/* The request on c has been read (its headers are in): its deadline no longer runs. */
void npc_conns_request_read(npc_conns *t, struct MHD_Connection *c);

/* The answer on c has been sent: the deadline of its next request starts now. */
void npc_conns_request_done(npc_conns *t, struct MHD_Connection *c);

/* Figures for /metrics. */
typedef struct npc_conns_stats {
    unsigned open;    /* connections open now */
    uint64_t refused; /* refused at the cap since start */
    uint64_t cut;     /* ended at the request deadline since start */
} npc_conns_stats;
void npc_conns_get_stats(npc_conns *t, npc_conns_stats *out);

#endif

/*
 * conns.c — the connection cap and the request-reading deadline (see conns.h).
 */
#include "conns.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "base/clock.h"

/* One open connection: in the list from its start notification to its close notification. */
typedef struct conn {
    int fd;
    int reading;  /* a request is being read: the deadline runs */
    int cut;      /* shut down by the watchdog (once) */
    double since; /* when the current request's deadline started */
    struct conn *prev, *next;
} conn;

struct npc_conns {
    unsigned cap;
    double deadline;
    pthread_mutex_t mu;
    pthread_cond_t wake; /* stopping */
    conn *head;
    unsigned open;
    int stopping;
    atomic_ulong refused, cut;
    pthread_t watchdog;
};

/* Ends every connection over its deadline; returns when stopping. */
static void *watch(void *arg)
{
    npc_conns *t = arg;
    pthread_mutex_lock(&t->mu);
    while (!t->stopping) {
        double now = npc_clock();
        for (conn *k = t->head; k != NULL; k = k->next) {
            if (k->reading && !k->cut && now - k->since > t->deadline) {
                k->cut = 1;
                shutdown(k->fd, SHUT_RDWR); /* libmicrohttpd sees the end and closes it */
                atomic_fetch_add(&t->cut, 1);
            }
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 250 * 1000 * 1000; /* four rounds a second: cut within 0.25 s */
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&t->wake, &t->mu, &ts);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

npc_status npc_conns_start(unsigned cap, unsigned deadline_s, npc_conns **out, npc_err *err)
{
    *out = NULL;
    npc_conns *t = calloc(1, sizeof *t);
    if (t == NULL) {
        return npc_fail(err, NPC_ENOMEM, "connection table");
    }
    t->cap = cap;
    t->deadline = deadline_s;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->wake, NULL);
    if (pthread_create(&t->watchdog, NULL, watch, t) != 0) {
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->mu);
        free(t);
        return npc_fail(err, NPC_EINTERNAL, "cannot start the connection watchdog");
    }
    *out = t;
    return NPC_OK;
}

void npc_conns_stop(npc_conns *t)
{
    if (t == NULL) {
        return;
    }
    pthread_mutex_lock(&t->mu);
    t->stopping = 1;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->watchdog, NULL);
    while (t->head != NULL) { /* none after MHD_stop_daemon; freed all the same */
        conn *k = t->head;
        t->head = k->next;
        free(k);
    }
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

enum MHD_Result npc_conns_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    npc_conns *t = cls;
    (void)addr;
    (void)addrlen;
    pthread_mutex_lock(&t->mu);
    int room = t->open < t->cap;
    pthread_mutex_unlock(&t->mu);
    if (!room) {
        atomic_fetch_add(&t->refused, 1);
    }
    return room ? MHD_YES : MHD_NO;
}

void npc_conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                      enum MHD_ConnectionNotificationCode toe)
{
    npc_conns *t = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *i =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        conn *k = i != NULL ? calloc(1, sizeof *k) : NULL;
        if (k == NULL) {
            return; /* untracked: only the idle timeout ends it */
        }
        k->fd = i->connect_fd;
        k->reading = 1;
        k->since = npc_clock();
        pthread_mutex_lock(&t->mu);
        k->next = t->head;
        if (t->head != NULL) {
            t->head->prev = k;
        }
        t->head = k;
        t->open++;
        pthread_mutex_unlock(&t->mu);
        *socket_context = k;
        return;
    }
    conn *k = *socket_context;
    if (k == NULL) {
        return;
    }
    pthread_mutex_lock(&t->mu); /* the watchdog is not inside shutdown(k->fd) past this */
    if (k->prev != NULL) {
        k->prev->next = k->next;
    } else {
        t->head = k->next;
    }
    if (k->next != NULL) {
        k->next->prev = k->prev;
    }
    t->open--;
    pthread_mutex_unlock(&t->mu);
    free(k);
    *socket_context = NULL;
}

/* Sets c's reading state (under the lock the watchdog reads it with). */
static void set_reading(npc_conns *t, struct MHD_Connection *c, int reading)
{
    const union MHD_ConnectionInfo *i =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    conn *k = i != NULL ? i->socket_context : NULL;
    if (k == NULL) {
        return;
    }
    pthread_mutex_lock(&t->mu);
    k->reading = reading;
    k->since = npc_clock();
    pthread_mutex_unlock(&t->mu);
}

void npc_conns_request_read(npc_conns *t, struct MHD_Connection *c)
{
    set_reading(t, c, 0);
}

void npc_conns_request_done(npc_conns *t, struct MHD_Connection *c)
{
    set_reading(t, c, 1);
}

void npc_conns_get_stats(npc_conns *t, npc_conns_stats *out)
{
    pthread_mutex_lock(&t->mu);
    out->open = t->open;
    pthread_mutex_unlock(&t->mu);
    out->refused = atomic_load(&t->refused);
    out->cut = atomic_load(&t->cut);
}

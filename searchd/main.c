/*
 * main.c — searchd: serves an index built by `npcsearch index` over HTTP.
 *
 *   searchd --db DIR [--listen ADDR:PORT] [--threads N] [--max-connections N]
 *           [--per-ip-connections N] [--timeout SECONDS] [--request-timeout SECONDS]
 *           [--queue N] [--time-limit MS] [--config FILE] [--port-file FILE] [--public-only]
 *
 * Defaults to 127.0.0.1:8080 (port 0: any free port; the bound address is printed on stdout
 * and written to --port-file).  NPCSEARCH_DB may stand for --db.  SIGHUP makes every worker
 * reopen the index; SIGTERM and SIGINT stop gracefully.  A config file holds "key = value"
 * lines with the long option names (db, listen, threads, max-connections, per-ip-connections,
 * timeout, request-timeout, queue, time-limit, public-only = yes|no); flags win.  --public-only
 * hides internal documents entirely.
 */
#include <errno.h>
#include <pthread.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

static const char USAGE[] =
    "usage: searchd --db DIR [--listen ADDR:PORT] [--threads N] [--max-connections N]\n"
    "               [--per-ip-connections N] [--timeout SECONDS] [--request-timeout SECONDS]\n"
    "               [--queue N] [--time-limit MS] [--config FILE] [--port-file FILE]\n"
    "               [--public-only]\n"
    "Serves the index DIR over HTTP (default 127.0.0.1:8080; port 0 picks a free port); DIR\n"
    "may be a shard list of local and remote (xapian-tcpsrv) shards (docs/operations.md).\n"
    "Limits (docs/operations.md): --max-connections (default 16384) and --per-ip-connections\n"
    "(512) open at once, more are closed at once; --timeout idle seconds (15);\n"
    "--request-timeout seconds to read a request (30); --queue requests waiting for a worker\n"
    "(8 a worker), more get 503; --time-limit ms a search matches (1000), then answers partial.\n"
    "--public-only: internal documents are never returned, counted or faceted.\n"
    "NPCSEARCH_DB may stand for --db.  SIGHUP reopens the index, SIGTERM stops.\n";

typedef struct settings {
    char *db, *listen, *port_file;
    unsigned long threads, connections, per_ip, timeout, request_timeout, queue, time_limit;
    int public_only, public_only_set;
} settings;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("searchd: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", USAGE);
    return 2;
}

static int number(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
    char *end;
    if (s == NULL || *s == '\0' || *s == '-') {
        return 0;
    }
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi) {
        return 0;
    }
    *out = v;
    return 1;
}

/* Applies one setting; returns 0 (with a message) when its value is bad. */
static int apply(settings *s, const char *key, const char *value, int from_flag)
{
    if (strcmp(key, "public-only") == 0) {
        int on = strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 || strcmp(value, "1") == 0;
        if (!on && strcmp(value, "no") != 0 && strcmp(value, "false") != 0 &&
            strcmp(value, "0") != 0) {
            fprintf(stderr, "searchd: public-only takes yes or no, not \"%s\"\n", value);
            return 0;
        }
        if (from_flag || !s->public_only_set) {
            s->public_only = on;
            s->public_only_set = 1;
        }
        return 1;
    }
    char **str = strcmp(key, "db") == 0          ? &s->db
                 : strcmp(key, "listen") == 0    ? &s->listen
                 : strcmp(key, "port-file") == 0 ? &s->port_file
                                                 : NULL;
    if (str != NULL) {
        if (!from_flag && *str != NULL) {
            return 1; /* a flag already set it */
        }
        free(*str);
        *str = strdup(value);
        return *str != NULL;
    }
    static const struct {
        const char *key;
        size_t at;
        unsigned long hi;
    } nums[] = {{"threads", offsetof(settings, threads), 256},
                {"max-connections", offsetof(settings, connections), 100000},
                {"per-ip-connections", offsetof(settings, per_ip), 100000},
                {"timeout", offsetof(settings, timeout), 3600},
                {"request-timeout", offsetof(settings, request_timeout), 3600},
                {"queue", offsetof(settings, queue), 100000},
                {"time-limit", offsetof(settings, time_limit), 600000}};
    unsigned long *num = NULL, hi = 0;
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        if (strcmp(key, nums[i].key) == 0) {
            num = (unsigned long *)((char *)s + nums[i].at);
            hi = nums[i].hi;
        }
    }
    if (num == NULL) {
        fprintf(stderr, "searchd: unknown setting \"%s\"\n", key);
        return 0;
    }
    if (!from_flag && *num != 0) {
        return 1;
    }
    if (!number(value, 1, hi, num)) {
        fprintf(stderr, "searchd: %s takes a number from 1 to %lu, not \"%s\"\n", key, hi, value);
        return 0;
    }
    return 1;
}

static int read_config(settings *s, const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "searchd: cannot read config %s: %s\n", path, strerror(errno));
        return 0;
    }
    char line[4096];
    int lineno = 0, ok = 1;
    while (ok && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        char *p = line + strspn(line, " \t");
        p[strcspn(p, "\r\n")] = '\0';
        if (*p == '\0' || *p == '#') {
            continue;
        }
        char *eq = strchr(p, '=');
        if (eq == NULL) {
            fprintf(stderr, "searchd: %s:%d: expected key = value\n", path, lineno);
            ok = 0;
            break;
        }
        char *k = p, *v = eq + 1;
        *eq = '\0';
        for (char *e = eq - 1; e >= k && (*e == ' ' || *e == '\t'); e--) {
            *e = '\0';
        }
        v += strspn(v, " \t");
        for (char *e = v + strlen(v) - 1; e >= v && (*e == ' ' || *e == '\t'); e--) {
            *e = '\0';
        }
        ok = apply(s, k, v, 0);
        if (!ok) {
            fprintf(stderr, "searchd: in %s line %d\n", path, lineno);
        }
    }
    fclose(f);
    return ok;
}

/* Splits ADDR:PORT (IPv6 as [ADDR]:PORT). */
static int split_listen(const char *listen, char *host, size_t cap, unsigned long *port)
{
    const char *colon;
    if (listen[0] == '[') {
        const char *close = strchr(listen, ']');
        if (close == NULL || close[1] != ':' || (size_t)(close - listen - 1) >= cap) {
            return 0;
        }
        memcpy(host, listen + 1, (size_t)(close - listen - 1));
        host[close - listen - 1] = '\0';
        colon = close + 1;
    } else {
        colon = strrchr(listen, ':');
        if (colon == NULL || (size_t)(colon - listen) >= cap) {
            return 0;
        }
        memcpy(host, listen, (size_t)(colon - listen));
        host[colon - listen] = '\0';
    }
    return number(colon + 1, 0, 65535, port) || strcmp(colon + 1, "0") == 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"listen", required_argument, NULL, 'l'},
                                         {"threads", required_argument, NULL, 't'},
                                         {"max-connections", required_argument, NULL, 'c'},
                                         {"per-ip-connections", required_argument, NULL, 'I'},
                                         {"timeout", required_argument, NULL, 'T'},
                                         {"request-timeout", required_argument, NULL, 'R'},
                                         {"queue", required_argument, NULL, 'Q'},
                                         {"time-limit", required_argument, NULL, 'L'},
                                         {"config", required_argument, NULL, 'C'},
                                         {"port-file", required_argument, NULL, 'p'},
                                         {"public-only", no_argument, NULL, 'P'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    settings s = {0};
    const char *config = NULL;
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "+d:l:t:c:I:T:R:Q:L:C:p:Ph", opts, NULL)) != -1) {
        const char *key = c == 'd'   ? "db"
                          : c == 'l' ? "listen"
                          : c == 't' ? "threads"
                          : c == 'c' ? "max-connections"
                          : c == 'I' ? "per-ip-connections"
                          : c == 'T' ? "timeout"
                          : c == 'R' ? "request-timeout"
                          : c == 'Q' ? "queue"
                          : c == 'L' ? "time-limit"
                          : c == 'p' ? "port-file"
                          : c == 'P' ? "public-only"
                                     : NULL;
        if (c == 'h') {
            fputs(USAGE, stdout);
            rc = 0;
            goto done;
        } else if (c == 'C') {
            config = optarg;
        } else if (key == NULL) {
            rc = usage_error("unknown option");
            goto done;
        } else if (!apply(&s, key, c == 'P' ? "yes" : optarg, 1)) {
            rc = 2;
            goto done;
        }
    }
    if (optind < argc) {
        rc = usage_error("unexpected argument \"%s\"", argv[optind]);
        goto done;
    }
    if (config != NULL && !read_config(&s, config)) {
        rc = 2;
        goto done;
    }
    if (s.db == NULL && getenv("NPCSEARCH_DB") != NULL && getenv("NPCSEARCH_DB")[0]) {
        s.db = strdup(getenv("NPCSEARCH_DB"));
    }
    if (s.db == NULL) {
        rc = usage_error("--db DIR (or NPCSEARCH_DB) is required");
        goto done;
    }
    char host[256] = "127.0.0.1";
    unsigned long port = 8080;
    if (s.listen != NULL && !split_listen(s.listen, host, sizeof host, &port)) {
        rc = usage_error("--listen takes ADDR:PORT (e.g. 127.0.0.1:8080), not \"%s\"", s.listen);
        goto done;
    }
    /* the signals are taken by sigwait below, in this thread only */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    npc_server_opts o = {.db = s.db,
                         .host = host,
                         .port = (uint16_t)port,
                         .threads = (unsigned)s.threads,
                         .max_connections = (unsigned)s.connections,
                         .per_ip = (unsigned)s.per_ip,
                         .timeout_s = (unsigned)s.timeout,
                         .request_timeout_s = (unsigned)s.request_timeout,
                         .queue = (unsigned)s.queue,
                         .time_limit_ms = (unsigned)s.time_limit,
                         .public_only = s.public_only};
    npc_server *srv = NULL;
    npc_err err;
    npc_status st = npc_server_start(&o, &srv, &err);
    if (st != NPC_OK) {
        fprintf(stderr, "searchd: %s%s%s\n", npc_status_str(st), err.detail[0] ? ": " : "",
                err.detail);
        rc = 1;
        goto done;
    }
    unsigned bound = npc_server_port(srv);
    printf("searchd: serving %s on http://%s%s%s:%u/\n", s.db, strchr(host, ':') ? "[" : "", host,
           strchr(host, ':') ? "]" : "", bound);
    fflush(stdout);
    if (s.port_file != NULL) {
        FILE *pf = fopen(s.port_file, "w");
        if (pf == NULL || fprintf(pf, "%u\n", bound) < 0 || fclose(pf) != 0) {
            fprintf(stderr, "searchd: cannot write %s\n", s.port_file);
        }
    }
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0) {
            continue;
        }
        if (sig == SIGHUP) {
            npc_server_reopen(srv);
            fprintf(stderr, "searchd: SIGHUP: reopening the index\n");
            continue;
        }
        fprintf(stderr, "searchd: stopping\n");
        break;
    }
    npc_server_stop(srv);
done:
    free(s.db);
    free(s.listen);
    free(s.port_file);
    return rc;
}

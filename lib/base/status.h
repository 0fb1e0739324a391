/*
 * status.h — the one error convention of npcsearch.
 *
 * Every function that can fail returns an npc_status and, when the caller passes a non-NULL
 * npc_err, fills it in.  The code and its message (npc_status_str) are log-safe: they never echo
 * user input.  npc_err.detail may echo user input (a file name, a query fragment) and must be
 * escaped by whoever shows it in HTML.  An npc_err lives on the caller's stack: nothing in it is
 * allocated, so there is nothing to free.
 */
#ifndef NPC_STATUS_H
#define NPC_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* X(code, short name, log-safe message) */
#define NPC_STATUS_LIST(X)                                                                         \
    X(NPC_OK, "ok", "success")                                                                     \
    X(NPC_ENOMEM, "nomem", "out of memory")                                                        \
    X(NPC_EINVAL, "invalid", "invalid argument")                                                   \
    X(NPC_EIO, "io", "input/output error")                                                         \
    X(NPC_EUTF8, "utf8", "text is not valid UTF-8")                                                \
    X(NPC_ETOOBIG, "too_big", "input exceeds a configured limit")                                  \
    X(NPC_EEMPTY, "empty", "input is empty")                                                       \
    X(NPC_EBINARY, "binary", "input looks binary")                                                 \
    X(NPC_EFORMAT, "format", "input is not in the expected format")                                \
    X(NPC_EQUERY, "query", "malformed query")                                                      \
    X(NPC_ENOTFOUND, "not_found", "not found")                                                     \
    X(NPC_EDB_OPEN, "db_open", "cannot open the index database")                                   \
    X(NPC_EDB_LOCK, "db_lock", "the index database is locked by another writer")                   \
    X(NPC_EDB_MODIFIED, "db_modified", "the index database changed while it was read")             \
    X(NPC_EDB_VERSION, "db_version", "the index was built by an incompatible analyzer")            \
    X(NPC_EDB_CORRUPT, "db_corrupt", "the index database is damaged")                              \
    X(NPC_EDB, "db", "index database error")                                                       \
    X(NPC_EREMOTE, "remote", "a remote shard did not answer")                                      \
    X(NPC_EICU, "icu", "text analysis (ICU) error")                                                \
    X(NPC_EINTERNAL, "internal", "internal error")

typedef enum npc_status {
#define NPC_STATUS_ENUM(code, name, msg) code,
    NPC_STATUS_LIST(NPC_STATUS_ENUM)
#undef NPC_STATUS_ENUM
        NPC_STATUS_COUNT
} npc_status;

#define NPC_ERR_DETAIL_MAX 512

typedef struct npc_err {
    npc_status code;
    /* what exactly failed when code alone does not say ("blank_query", "too_many_terms"): a
     * stable, log-safe name in static storage, NULL when there is none.  searchd's API errors
     * are keyed on it (searchd/errors.c). */
    const char *reason;
    char detail[NPC_ERR_DETAIL_MAX]; /* may echo user input; "" when there is none */
} npc_err;

/* Returns the log-safe message of a status (static storage, never NULL). */
const char *npc_status_str(npc_status s);

/* Returns the short machine name of a status ("utf8", "db_lock" ...; static, never NULL). */
const char *npc_status_name(npc_status s);

/*
 * Records s and a printf-style detail in err (when err is not NULL) and returns s, so that a
 * failing path can say `return npc_fail(err, NPC_EIO, "cannot read %s", path);`.  A detail longer
 * than NPC_ERR_DETAIL_MAX-1 bytes is cut at a UTF-8 character boundary.
 */
npc_status npc_fail(npc_err *err, npc_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same, also recording reason (static storage; see npc_err) where npc_fail records none. */
npc_status npc_fail_reason(npc_err *err, npc_status s, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Sets err to NPC_OK with no reason and an empty detail (err may be NULL). */
void npc_err_clear(npc_err *err);

#ifdef __cplusplus
}
#endif

#endif

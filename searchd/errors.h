/*
 * errors.h — searchd's one table of error answers.  A failure (an npc_status and the npc_err
 * reason it came with, or a reason searchd names itself) is answered with an HTTP status and
 * the JSON error object {"error": {"code", "reason", "message"}}: code is the class of the
 * failure (bad_request, not_found, ...; every version of the API has sent it), reason is
 * exactly what failed (blank_query, query_too_long, unknown_parameter, ...) for clients that
 * act on it, as the search page does.  Both are stable: docs/api.md lists them.
 */
#ifndef NPC_ERRORS_H
#define NPC_ERRORS_H

#include <stddef.h>

#include "base/status.h"

typedef struct npc_api_error {
    const char *reason; /* the error object's "reason" */
    unsigned http;      /* the HTTP status of the answer */
    const char *code;   /* the error object's "code" */
    /* the failures it answers when they name no reason its own: bits (1u << status) */
    unsigned statuses;
} npc_api_error;

/* The answer to a failure with status st and reason (err->reason, may be NULL): the row of the
 * reason, else the row that answers st, else "internal".  st is NPC_OK for a reason searchd
 * names itself (a 405, a 414).  Static, never NULL. */
const npc_api_error *npc_api_error_for(npc_status st, const char *reason);

/* The table itself, *n rows (static), for tests. */
const npc_api_error *npc_api_errors(size_t *n);

#endif

/*
 * errors.c — the table of searchd's error answers (see errors.h; docs/api.md lists it).
 */
#include "errors.h"

#include <string.h>

#define ST(s) (1u << (s))
_Static_assert(NPC_STATUS_COUNT <= 32, "a row's statuses are the bits of an unsigned");

static const npc_api_error errors[] = {
    /* 400: the request is wrong, and the reason says how */
    {"bad_parameter", 400, "bad_request", ST(NPC_EINVAL) | ST(NPC_ETOOBIG) | ST(NPC_EQUERY)},
    {"bad_encoding", 400, "bad_request", 0},
    {"bad_utf8", 400, "bad_request", ST(NPC_EUTF8)},
    {"control_character", 400, "bad_request", 0},
    {"unknown_parameter", 400, "bad_request", 0},
    {"repeated_parameter", 400, "bad_request", 0},
    {"parameter_too_long", 400, "bad_request", 0},
    {"blank_query", 400, "bad_request", 0},
    {"query_too_long", 400, "bad_request", 0},
    {"too_many_terms", 400, "bad_request", 0},
    {"nothing_to_search", 400, "bad_request", 0},
    {"only_exclusions", 400, "bad_request", 0},
    /* the request is fine but asks for what is not there, or is not served */
    {"not_found", 404, "not_found", ST(NPC_ENOTFOUND)},
    {"method_not_allowed", 405, "method_not_allowed", 0},
    {"content_too_large", 413, "content_too_large", 0},
    {"uri_too_long", 414, "uri_too_long", 0},
    /* try again later */
    {"unavailable", 503, "unavailable",
     ST(NPC_EDB_OPEN) | ST(NPC_EDB_LOCK) | ST(NPC_EDB_MODIFIED) | ST(NPC_EDB_VERSION) |
         ST(NPC_EREMOTE)},
    {"damaged_index", 503, "unavailable", ST(NPC_EDB_CORRUPT)},
    {"overloaded", 503, "unavailable", 0},
    {"stopping", 503, "unavailable", 0},
    /* every other failure (the last row) */
    {"internal", 500, "internal", 0},
};

#define NERRORS (sizeof errors / sizeof *errors)

const npc_api_error *npc_api_error_for(npc_status st, const char *reason)
{
    for (size_t i = 0; reason != NULL && i < NERRORS; i++) {
        if (strcmp(errors[i].reason, reason) == 0) {
            return &errors[i];
        }
    }
    for (size_t i = 0; (unsigned)st < 32 && i < NERRORS; i++) {
        if (errors[i].statuses & ST(st)) {
            return &errors[i];
        }
    }
    return &errors[NERRORS - 1];
}

const npc_api_error *npc_api_errors(size_t *n)
{
    *n = NERRORS;
    return errors;
}

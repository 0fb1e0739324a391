/*
 * status.c — message table and helpers for npc_status / npc_err (see status.h).
 */
#include "base/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const messages[] = {
#define NPC_STATUS_MSG(code, name, msg) msg,
    NPC_STATUS_LIST(NPC_STATUS_MSG)
#undef NPC_STATUS_MSG
};

static const char *const names[] = {
#define NPC_STATUS_NAME(code, name, msg) name,
    NPC_STATUS_LIST(NPC_STATUS_NAME)
#undef NPC_STATUS_NAME
};

const char *npc_status_str(npc_status s)
{
    if ((unsigned)s >= NPC_STATUS_COUNT) {
        return "unknown status";
    }
    return messages[s];
}

const char *npc_status_name(npc_status s)
{
    if ((unsigned)s >= NPC_STATUS_COUNT) {
        return "unknown";
    }
    return names[s];
}

/* Cuts s (NUL-terminated) so that it does not end inside a UTF-8 sequence. */
static void trim_partial_utf8(char *s)
{
    size_t n = strlen(s);
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
    }
    if (i > 0) {
        unsigned char lead = (unsigned char)s[i - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (n - (i - 1) < want) {
            s[i - 1] = '\0';
        }
    }
}

/* Records s, reason and the detail made from fmt and ap in err (not NULL). */
__attribute__((format(printf, 4, 0))) static void
record(npc_err *err, npc_status s, const char *reason, const char *fmt, va_list ap)
{
    err->code = s;
    err->reason = reason;
    err->detail[0] = '\0';
    if (fmt != NULL) {
        int n = vsnprintf(err->detail, sizeof err->detail, fmt, ap);
        if (n >= (int)sizeof err->detail) {
            trim_partial_utf8(err->detail);
        }
    }
}

npc_status npc_fail(npc_err *err, npc_status s, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        record(err, s, NULL, fmt, ap);
        va_end(ap);
    }
    return s;
}

npc_status npc_fail_reason(npc_err *err, npc_status s, const char *reason, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        record(err, s, reason, fmt, ap);
        va_end(ap);
    }
    return s;
}

void npc_err_clear(npc_err *err)
{
    if (err != NULL) {
        err->code = NPC_OK;
        err->reason = NULL;
        err->detail[0] = '\0';
    }
}

/*
 * common.c — the helpers the subcommands share (common.h).
 */
#include "common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "npcsearch: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", cli_usage);
    return 2;
}

int fail(npc_status st, const npc_err *err)
{
    fprintf(stderr, "npcsearch: %s%s%s\n", npc_status_str(st), err->detail[0] ? ": " : "",
            err->detail);
    return 1;
}

int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (s == NULL || *s == '\0' || *s == '-') {
        return 0;
    }
    unsigned long v = strtoul(s, &end, 10);
    if (*end != '\0' || v > max) {
        return 0;
    }
    *out = v;
    return 1;
}

const char *db_path(const char *opt)
{
    if (opt != NULL) {
        return opt;
    }
    const char *env = getenv("NPCSEARCH_DB");
    return env != NULL && env[0] ? env : NULL;
}

int parse_learn_opt(int c, const char *arg, npc_assoc_params *p, int *bad)
{
    unsigned long v = 0;
    char *end;
    switch (c) {
    case 'M':
        if (!parse_uint(arg, 1000000, &v) || v < 2) {
            *bad = usage_error("--min-count takes a number of at least 2, not \"%s\"", arg);
        }
        p->min_count = (unsigned)v;
        return 1;
    case 'K':
        if (!parse_uint(arg, 1000, &v) || v == 0) {
            *bad = usage_error("--top takes a number from 1 to 1000, not \"%s\"", arg);
        }
        p->top_k = (unsigned)v;
        return 1;
    case 'G':
        p->min_g2 = strtod(arg, &end);
        if (*arg == '\0' || *end != '\0' || p->min_g2 < 0) {
            *bad = usage_error("--min-g2 takes a non-negative number, not \"%s\"", arg);
        }
        return 1;
    default:
        return 0;
    }
}

const char *json_str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

int print_json(json_t *res)
{
    char *out = json_dumps(res, JSON_COMPACT);
    int rc = out ? (puts(out), 0) : 1;
    free(out);
    return rc;
}

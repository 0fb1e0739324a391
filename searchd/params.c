/*
 * params.c — strict query-string and path decoding (see params.h).
 */
#include "params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"

static int hex(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decodes s[0..len) into a new buffer; plus_space turns '+' into ' '. */
static npc_status decode(const char *s, size_t len, int plus_space, const char *what, char **out,
                         size_t *out_len, npc_err *err)
{
    char *d = malloc(len + 1);
    if (d == NULL) {
        return npc_fail(err, NPC_ENOMEM, "decoding");
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%') {
            int h = i + 2 < len ? hex(s[i + 1]) : -1, l = i + 2 < len ? hex(s[i + 2]) : -1;
            if (h < 0 || l < 0) {
                free(d);
                return npc_fail_reason(err, NPC_EINVAL, "bad_encoding",
                                       "bad percent-encoding in %s", what);
            }
            d[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            d[o++] = plus_space && s[i] == '+' ? ' ' : s[i];
        }
    }
    d[o] = '\0';
    size_t bad;
    if (!npc_utf8_valid(d, o, &bad)) {
        free(d);
        return npc_fail_reason(err, NPC_EINVAL, "bad_utf8", "%s is not valid UTF-8", what);
    }
    for (size_t i = 0; i < o; i++) {
        unsigned char c = (unsigned char)d[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            free(d);
            return npc_fail_reason(err, NPC_EINVAL, "control_character",
                                   "%s holds a control character", what);
        }
    }
    *out = d;
    *out_len = o;
    return NPC_OK;
}

npc_status npc_path_decode(const char *s, size_t len, char **out, size_t *out_len, npc_err *err)
{
    return decode(s, len, 0, "the path", out, out_len, err);
}

npc_status npc_params_parse(const char *qs, size_t len, const char *const *allowed, npc_params *p,
                            npc_err *err)
{
    memset(p, 0, sizeof *p);
    size_t i = 0;
    while (i < len) {
        const char *amp = memchr(qs + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - qs) : len;
        if (end == i) {
            i = end + 1; /* empty pair: a&&b */
            continue;
        }
        const char *eq = memchr(qs + i, '=', end - i);
        size_t nend = eq ? (size_t)(eq - qs) : end;
        char *name = NULL, *value = NULL;
        size_t nl, vl;
        npc_status st = decode(qs + i, nend - i, 1, "a parameter name", &name, &nl, err);
        if (st != NPC_OK) {
            return st;
        }
        const char *known = NULL;
        for (size_t k = 0; allowed[k] != NULL; k++) {
            if (strcmp(allowed[k], name) == 0) {
                known = allowed[k];
            }
        }
        if (known == NULL) {
            /* echo at most 64 bytes of the name, cut at a character boundary: the detail goes
             * into a JSON error, which must stay valid UTF-8 */
            size_t shown = nl <= 64 ? nl : 64;
            while (shown < nl && ((unsigned char)name[shown] & 0xC0) == 0x80) {
                shown--;
            }
            st = npc_fail_reason(err, NPC_EINVAL, "unknown_parameter",
                                 "unknown parameter \"%.*s\"%s", (int)shown, name,
                                 shown < nl ? "…" : "");
            free(name);
            return st;
        }
        free(name);
        if (npc_params_get(p, known, NULL) != NULL) {
            return npc_fail_reason(err, NPC_EINVAL, "repeated_parameter",
                                   "parameter \"%s\" given twice", known);
        }
        if (p->n == NPC_PARAMS_MAX) {
            return npc_fail(err, NPC_EINVAL, "too many parameters");
        }
        size_t raw = eq ? end - nend - 1 : 0;
        if (raw > NPC_PARAM_MAX_BYTES * 3) {
            return npc_fail_reason(err, NPC_EINVAL, "parameter_too_long",
                                   "parameter \"%s\" is too long", known);
        }
        char what[96];
        snprintf(what, sizeof what, "parameter \"%s\"", known);
        st = decode(eq ? eq + 1 : qs + end, raw, 1, what, &value, &vl, err);
        if (st != NPC_OK) {
            return st;
        }
        if (vl > NPC_PARAM_MAX_BYTES) {
            free(value);
            return npc_fail_reason(err, NPC_EINVAL, "parameter_too_long",
                                   "parameter \"%s\" is too long", known);
        }
        p->name[p->n] = known;
        p->value[p->n] = value;
        p->len[p->n] = vl;
        p->n++;
        i = end + 1;
    }
    return NPC_OK;
}

void npc_params_release(npc_params *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->value[i]);
    }
    memset(p, 0, sizeof *p);
}

const char *npc_params_get(const npc_params *p, const char *name, size_t *len)
{
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->name[i], name) == 0) {
            if (len != NULL) {
                *len = p->len[i];
            }
            return p->value[i];
        }
    }
    return NULL;
}

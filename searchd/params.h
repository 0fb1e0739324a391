/*
 * params.h — strict parsing of a request's query string (the raw one, before any decoding).
 *
 * Percent-encoding must be well formed (%XX), '+' is a space, every name and value must be
 * valid UTF-8 without control characters (tab, CR and LF are allowed: pasted questions), and only
 * names in the allowed list are accepted: anything else is an error that names the problem, which
 * searchd answers with a 400.
 */
#ifndef NPC_PARAMS_H
#define NPC_PARAMS_H

#include <stddef.h>

#include "base/status.h"

#define NPC_PARAMS_MAX 16
#define NPC_PARAM_MAX_BYTES 8192

typedef struct npc_params {
    const char *name[NPC_PARAMS_MAX];
    char *value[NPC_PARAMS_MAX]; /* decoded, NUL-terminated, owned */
    size_t len[NPC_PARAMS_MAX];
    size_t n;
} npc_params;

/*
 * Parses qs[0..len) (the part after '?', without the fragment) against the NULL-terminated
 * list of allowed names.  A repeated name, an unknown name, bad percent-encoding, invalid
 * UTF-8, a control character or a value over NPC_PARAM_MAX_BYTES fails with NPC_EINVAL, a
 * detail naming the parameter and the reason (repeated_parameter, unknown_parameter,
 * bad_encoding, bad_utf8, control_character, parameter_too_long; errors.h).  Release with
 * npc_params_release (also after a failure).
 */
npc_status npc_params_parse(const char *qs, size_t len, const char *const *allowed, npc_params *p,
                            npc_err *err);
void npc_params_release(npc_params *p);

/* The decoded value of name, or NULL when absent (borrowed from p). */
const char *npc_params_get(const npc_params *p, const char *name, size_t *len);

/* Decodes a percent-encoded path segment strictly ('+' stays '+'), failing as
 * npc_params_parse does.  *out is malloc'd. */
npc_status npc_path_decode(const char *s, size_t len, char **out, size_t *out_len, npc_err *err);

#endif

/*
 * fuzz_params.c — searchd's strict query-string and path decoding.  The input is parsed as a
 * query string against /api/search's names and decoded as a /api/doc path.  Checks: a failure
 * is NPC_EINVAL with a valid UTF-8 detail (it is sent as JSON) and leaves nothing; a success holds
 * only allowed, distinct names whose values are valid UTF-8 without control characters (bar tab,
 * CR, LF), within the limit, with the length they claim.
 */
#include <string.h>

#include "text/fold.h"
#include "fuzz.h"
#include "params.h"

static const char *const allowed[] = {"q",       "type", "category", "region",   "year_from",
                                      "year_to", "sort", "page",     "per_page", NULL};

static void check_value(const char *v, size_t len)
{
    FUZZ_CHECK(v != NULL && v[len] == '\0' && len <= NPC_PARAM_MAX_BYTES);
    FUZZ_CHECK(npc_utf8_valid(v, len, NULL));
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        FUZZ_CHECK(c != 0x7F && (c >= 0x20 || c == '\t' || c == '\n' || c == '\r'));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    npc_params p;
    npc_err err;
    npc_err_clear(&err);
    npc_status st = npc_params_parse(s, size, allowed, &p, &err);
    if (st != NPC_OK) {
        FUZZ_CHECK(st == NPC_EINVAL && err.detail[0] != '\0');
        /* the detail goes into a JSON error: it must stay valid UTF-8 */
        FUZZ_CHECK(npc_utf8_valid(err.detail, strlen(err.detail), NULL));
    } else {
        FUZZ_CHECK(p.n <= NPC_PARAMS_MAX);
        for (size_t i = 0; i < p.n; i++) {
            int known = 0;
            for (size_t k = 0; allowed[k] != NULL; k++) {
                known |= p.name[i] == allowed[k];
            }
            FUZZ_CHECK(known);
            for (size_t k = 0; k < i; k++) {
                FUZZ_CHECK(p.name[i] != p.name[k]);
            }
            check_value(p.value[i], p.len[i]);
            size_t len = 0;
            FUZZ_CHECK(npc_params_get(&p, p.name[i], &len) == p.value[i] && len == p.len[i]);
        }
    }
    npc_params_release(&p);

    char *path = NULL;
    size_t plen = 0;
    st = npc_path_decode(s, size, &path, &plen, &err);
    if (st == NPC_OK) {
        FUZZ_CHECK(plen <= size);
        FUZZ_CHECK(path != NULL && path[plen] == '\0');
        FUZZ_CHECK(npc_utf8_valid(path, plen, NULL));
    } else {
        FUZZ_CHECK(st == NPC_EINVAL);
    }
    free(path);
    return 0;
}

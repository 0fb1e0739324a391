/*
 * visibility.c — internal documents marked from their front matter (see visibility.h).
 */
#include "visibility.h"

#include <string.h>

#include "index/schema.h"

npc_status npc_visibility_mark(const json_t *fm, npc_prepared *out, npc_err *err)
{
    json_t *v = json_object_get(fm, "visibility");
    if (v == NULL) {
        return NPC_OK;
    }
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    if (strcmp(s, "public") == 0 || strcmp(s, "公开") == 0) {
        return NPC_OK;
    }
    if (strcmp(s, "internal") != 0 && strcmp(s, "内部") != 0) {
        return npc_fail(err, NPC_EFORMAT,
                        "front matter visibility must be public or internal (公开/内部), not "
                        "\"%.40s\"",
                        s);
    }
    npc_status st = NPC_OK;
    for (size_t k = 0; st == NPC_OK && k < out->n; k++) {
        st = xc_doc_add_boolean_term(out->docs[k], NPC_TERM_INTERNAL, strlen(NPC_TERM_INTERNAL),
                                     err);
    }
    return st;
}

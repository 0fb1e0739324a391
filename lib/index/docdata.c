/*
 * docdata.c — stored documents read with cJSON, handed out as jansson values (see docdata.h).
 */
#include "index/docdata.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "index/schema.h"

struct npc_docdata {
    cJSON *root;
};

npc_status npc_docdata_parse(const char *data, size_t len, npc_docdata **out, npc_err *err)
{
    *out = NULL;
    npc_docdata *d = malloc(sizeof *d);
    if (d == NULL) {
        return npc_fail(err, NPC_ENOMEM, "stored document");
    }
    const char *end = NULL;
    d->root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
    while (d->root != NULL && end < data + len && strchr(" \t\r\n", *end) && *end) {
        end++;
    }
    if (!cJSON_IsObject(d->root) || end != data + len) { /* not an object, or more after it */
        cJSON_Delete(d->root);
        free(d);
        return npc_fail(err, NPC_EDB, "a stored document is not valid JSON");
    }
    *out = d;
    return NPC_OK;
}

void npc_docdata_free(npc_docdata *d)
{
    if (d != NULL) {
        cJSON_Delete(d->root);
        free(d);
    }
}

const char *npc_docdata_str(const npc_docdata *d, const char *key, size_t *len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(d->root, key);
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
    if (len != NULL) {
        *len = s ? strlen(s) : 0;
    }
    return s;
}

/* v as a new jansson value; NULL for a string that is not UTF-8 (a damaged index), which its
 * object or array then leaves out. */
static json_t *convert(const cJSON *v)
{
    if (cJSON_IsString(v)) {
        return json_string(v->valuestring);
    }
    if (cJSON_IsNumber(v)) {
        double x = v->valuedouble;
        return x == floor(x) && fabs(x) < 9007199254740992.0 ? json_integer((json_int_t)x)
                                                             : json_real(x);
    }
    if (cJSON_IsBool(v)) {
        return json_boolean(cJSON_IsTrue(v));
    }
    if (!cJSON_IsObject(v) && !cJSON_IsArray(v)) {
        return json_null();
    }
    json_t *o = cJSON_IsObject(v) ? json_object() : json_array();
    for (const cJSON *c = v->child; o != NULL && c != NULL; c = c->next) {
        if (cJSON_IsObject(v)) {
            json_object_set_new(o, c->string, convert(c));
        } else {
            json_array_append_new(o, convert(c));
        }
    }
    return o;
}

json_t *npc_docdata_get(const npc_docdata *d, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(d->root, key);
    return v ? convert(v) : NULL;
}

json_t *npc_docdata_json(const npc_docdata *d)
{
    json_t *o = convert(d->root);
    json_object_del(o, NPC_FIELD_BREAKS);
    return o;
}

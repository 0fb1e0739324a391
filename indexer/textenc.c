/*
 * textenc.c — UTF-8 or GB18030 to UTF-8 (see textenc.h).
 */
#include "textenc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include "fold.h"

const char *npc_textenc_name(enum npc_textenc e)
{
    return e == NPC_ENC_GB18030 ? "GB18030" : "UTF-8";
}

npc_status npc_textenc_decode(const char *s, size_t len, char **out, size_t *out_len,
                              enum npc_textenc *enc, npc_err *err)
{
    *out = NULL;
    *out_len = 0;
    size_t bad = 0;
    if (npc_utf8_valid(s, len, &bad)) {
        char *p = malloc(len + 1);
        if (p == NULL) {
            return npc_fail(err, NPC_ENOMEM, "text of %zu bytes", len);
        }
        memcpy(p, s, len);
        p[len] = '\0';
        *out = p;
        *out_len = len;
        if (enc != NULL) {
            *enc = NPC_ENC_UTF8;
        }
        return NPC_OK;
    }
    if (len > (size_t)INT32_MAX / 4) {
        return npc_fail(err, NPC_ETOOBIG, "%zu bytes of GB18030 text is too much to convert", len);
    }
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *cv = ucnv_open("GB18030", &ue);
    if (U_FAILURE(ue)) {
        return npc_fail(err, NPC_EICU, "cannot open the GB18030 converter: %s", u_errorName(ue));
    }
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ue);
    /* to UTF-16, then to UTF-8: a GB18030 byte gives at most one UTF-16 unit, and a unit at
     * most three UTF-8 bytes */
    UChar *u = malloc((len + 1) * sizeof *u);
    char *p = malloc(3 * len + 1);
    if (u == NULL || p == NULL) {
        free(u);
        free(p);
        ucnv_close(cv);
        return npc_fail(err, NPC_ENOMEM, "text of %zu bytes", len);
    }
    UChar *ut = u;
    const char *src = s;
    ucnv_toUnicode(cv, &ut, u + len + 1, &src, s + len, NULL, 1, &ue);
    if (U_FAILURE(ue)) {
        size_t at = (size_t)(src - s);
        char invalid[8];
        int8_t il = (int8_t)sizeof invalid;
        UErrorCode e2 = U_ZERO_ERROR;
        ucnv_getInvalidChars(cv, invalid, &il, &e2);
        if (U_SUCCESS(e2) && il > 0 && (size_t)il <= at) {
            at -= (size_t)il;
        }
        ucnv_close(cv);
        free(u);
        free(p);
        return npc_fail(err, NPC_EFORMAT,
                        "neither UTF-8 (invalid at byte %zu) nor GB18030 (invalid at byte %zu)",
                        bad, at);
    }
    ucnv_close(cv);
    int32_t n = 0;
    UErrorCode e3 = U_ZERO_ERROR;
    u_strToUTF8(p, (int32_t)(3 * len + 1), &n, u, (int32_t)(ut - u), &e3);
    free(u);
    if (U_FAILURE(e3)) {
        free(p);
        return npc_fail(err, NPC_EICU, "GB18030 text to UTF-8: %s", u_errorName(e3));
    }
    p[n] = '\0';
    *out = p;
    *out_len = (size_t)n;
    if (enc != NULL) {
        *enc = NPC_ENC_GB18030;
    }
    return NPC_OK;
}

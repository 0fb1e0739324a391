/*
 * charset.c — UTF-8 or GB18030 (charset.h), with ICU's converters.
 */
#include "text/charset.h"

#include <stdlib.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utypes.h>

#include "text/fold.h"

npc_status npc_to_utf8(const char *text, size_t size, char **out, size_t *len, const char **from,
                       npc_err *err)
{
    *out = NULL;
    *len = 0;
    *from = "UTF-8";
    size_t bad;
    if (npc_utf8_valid(text, size, &bad)) {
        return NPC_OK;
    }
    if (size > 0x3fffffff) {
        return npc_fail(err, NPC_ETOOBIG, "text too big to convert");
    }
    UErrorCode ue = U_ZERO_ERROR;
    UConverter *cv = ucnv_open("GB18030", &ue);
    if (U_SUCCESS(ue)) { /* an invalid sequence stops the conversion: no guessing */
        ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ue);
    }
    /* GB18030 takes at most 4 bytes for a character that UTF-8 writes in at most 4, and 1-2
     * bytes for those UTF-8 writes in 3: twice the input is always enough */
    size_t cap = size * 2 + 1;
    char *utf8 = U_SUCCESS(ue) ? malloc(cap) : NULL;
    UConverter *to = NULL;
    if (utf8 != NULL) {
        to = ucnv_open("UTF-8", &ue);
    }
    int32_t n = 0;
    size_t gbad = 0;
    if (utf8 != NULL && U_SUCCESS(ue)) {
        char *target = utf8;
        const char *source = text;
        ucnv_convertEx(to, cv, &target, utf8 + cap - 1, &source, text + size, NULL, NULL, NULL,
                       NULL, 1, 1, &ue);
        n = (int32_t)(target - utf8);
        gbad = (size_t)(source - text);
    }
    ucnv_close(cv);
    ucnv_close(to);
    if (utf8 == NULL) {
        return U_FAILURE(ue) ? npc_fail(err, NPC_EICU, "no GB18030 converter: %s", u_errorName(ue))
                             : npc_fail(err, NPC_ENOMEM, "converting from GB18030");
    }
    if (U_FAILURE(ue)) {
        free(utf8);
        return npc_fail(err, NPC_EUTF8,
                        "neither UTF-8 nor GB18030 (invalid UTF-8 at byte %zu, and the GB18030 "
                        "reading breaks near byte %zu)",
                        bad, gbad);
    }
    utf8[n] = '\0';
    *out = utf8;
    *len = (size_t)n;
    *from = "GB18030";
    return NPC_OK;
}

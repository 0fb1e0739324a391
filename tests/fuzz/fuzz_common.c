/*
 * fuzz_common.c — shared fixtures of the fuzz targets (see fuzz.h).
 */
#include "fuzz.h"

#include "support.h"

npc_analyzer *fuzz_analyzer(void)
{
    static npc_lexicon *lx;
    static npc_analyzer *a;
    if (a == NULL) {
        npc_err err;
        lx = npc_test_lexicon();
        FUZZ_CHECK(lx != NULL);
        FUZZ_CHECK(npc_analyzer_new(lx, &a, &err) == NPC_OK);
    }
    return a;
}

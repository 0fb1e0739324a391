/*
 * fuzz_feedback.c — feedback tables (indexer/feedback.h): the encoding detection (charset.h),
 * the RFC 4180 reader (csv.h) and the columns by their Chinese headers, on raw bytes.  Checks:
 * a refusal carries one of the documented statuses with a detail; a table has rows whose every
 * field is valid UTF-8 without a NUL, a line number, and the two required columns not both
 * empty.
 */
#include <string.h>

#include "feedback.h"
#include "text/fold.h"
#include "fuzz.h"

static void check_field(const char *v)
{
    FUZZ_CHECK(v != NULL);
    FUZZ_CHECK(npc_utf8_valid(v, strlen(v), NULL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    npc_fb_table t;
    npc_err err;
    npc_status st = npc_fb_parse((const char *)data, size, &t, &err);
    if (st != NPC_OK) {
        FUZZ_CHECK(st == NPC_EUTF8 || st == NPC_EFORMAT || st == NPC_EEMPTY);
        FUZZ_CHECK(err.detail[0] != '\0' && npc_utf8_valid(err.detail, strlen(err.detail), NULL));
        FUZZ_CHECK(t.rows == NULL && t.n == 0);
        npc_fb_release(&t);
        return 0;
    }
    FUZZ_CHECK(t.n > 0 && t.rows != NULL);
    FUZZ_CHECK(strcmp(t.encoding, "UTF-8") == 0 || strcmp(t.encoding, "GB18030") == 0);
    for (size_t k = 0; k < t.nextra; k++) {
        check_field(t.extra_names[k]);
    }
    size_t last = 0;
    for (size_t i = 0; i < t.n; i++) {
        const npc_fb_row *r = &t.rows[i];
        FUZZ_CHECK(r->line >= 2 && r->line > last); /* line 1 is the header */
        last = r->line;
        for (size_t c = 0; c < NPC_FB_NCOLS; c++) {
            check_field(r->col[c]);
        }
        FUZZ_CHECK(r->col[NPC_FB_DRAFT][0] != '\0' || r->col[NPC_FB_TEXT][0] != '\0');
        for (size_t k = 0; k < t.nextra; k++) {
            check_field(t.extra_values[i * t.nextra + k]);
        }
    }
    npc_fb_release(&t);
    return 0;
}

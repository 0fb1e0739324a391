/*
 * fuzz_extract.c — the office formats (indexer/extract.h): a zip ("PK") is read as .docx, a
 * "%PDF" as .pdf, anything else as .html (the seeds are real files of each).  Checks: a refusal
 * carries one of the documented statuses with a valid UTF-8 detail and no text; extracted text is
 * valid UTF-8, NUL-terminated at its length, and never longer than the limit.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "text/fold.h"
#include "fuzz.h"

#define LIMIT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    npc_format f = size >= 2 && memcmp(data, "PK", 2) == 0     ? NPC_FORMAT_DOCX
                   : size >= 4 && memcmp(data, "%PDF", 4) == 0 ? NPC_FORMAT_PDF
                                                               : NPC_FORMAT_HTML;
    char *out = NULL;
    size_t len = 0;
    npc_err err;
    npc_status st = npc_extract(f, (const char *)data, size, LIMIT, &out, &len, &err);
    if (st != NPC_OK) {
        FUZZ_CHECK(st == NPC_EFORMAT || st == NPC_EEMPTY || st == NPC_ETOOBIG ||
                   st == NPC_EBINARY || st == NPC_EUTF8);
        FUZZ_CHECK(out == NULL);
        FUZZ_CHECK(err.detail[0] != '\0' && npc_utf8_valid(err.detail, strlen(err.detail), NULL));
        return 0;
    }
    FUZZ_CHECK(out != NULL && out[len] == '\0' && strlen(out) == len);
    FUZZ_CHECK(len <= LIMIT);
    FUZZ_CHECK(npc_utf8_valid(out, len, NULL));
    free(out);
    return 0;
}

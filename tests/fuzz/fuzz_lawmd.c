/*
 * fuzz_lawmd.c — the law Markdown parser over any valid UTF-8 (its contract: the indexer hands
 * it only text that passed the UTF-8 check).  Checks every range it returns: inside the text,
 * in order, articles inside the body, heading indexes in range, and the heading path of every
 * article ends at its own heading.
 */
#include <string.h>

#include "text/fold.h"
#include "fuzz.h"
#include "lawmd.h"

static void check_range(npc_range r, size_t size)
{
    FUZZ_CHECK(r.start <= r.end && r.end <= size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    if (!npc_utf8_valid(s, size, NULL)) {
        return 0;
    }
    npc_law law;
    npc_err err;
    npc_status st = npc_law_parse(s, size, &law, &err);
    if (st != NPC_OK) {
        FUZZ_CHECK(st == NPC_EFORMAT);
        return 0;
    }
    check_range(law.title, size);
    check_range(law.book, size);
    check_range(law.info, size);
    check_range(law.body, size);
    for (size_t i = 0; i < law.nheadings; i++) {
        check_range(law.headings[i].text, size);
        FUZZ_CHECK(law.headings[i].level >= 1);
    }
    for (size_t i = 0; i < law.narticles; i++) {
        const npc_law_article *a = &law.articles[i];
        check_range(a->label, size);
        check_range(a->text, size);
        FUZZ_CHECK(a->heading >= -1 && a->heading < (long)law.nheadings);
        FUZZ_CHECK(npc_utf8_valid(s + a->text.start, a->text.end - a->text.start, NULL));
        FUZZ_CHECK(npc_utf8_valid(s + a->label.start, a->label.end - a->label.start, NULL));
        long path[16];
        size_t n = npc_law_heading_path(&law, a->heading, path, 16);
        FUZZ_CHECK(n <= 16);
        if (a->heading >= 0 && n > 0 && n < 16) {
            FUZZ_CHECK(path[n - 1] == a->heading);
        }
        for (size_t k = 0; k < n; k++) {
            FUZZ_CHECK(path[k] >= 0 && path[k] < (long)law.nheadings);
        }
    }
    FUZZ_CHECK(strlen(law.date) == 0 || strlen(law.date) == 10);
    npc_law_release(&law);
    return 0;
}

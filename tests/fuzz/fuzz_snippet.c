/*
 * fuzz_snippet.c — the snippet builder: the input's first line is the query, the rest the
 * document text.  Checks that a snippet is built for every valid text, is valid UTF-8 HTML with
 * balanced <mark> tags, never carries a raw '<' other than the marks, and is the same when built
 * from the word boundaries an index stores for the text.
 */
#include <string.h>

#include "text/fold.h"
#include "fuzz.h"
#include "query/query.h"
#include "search/snippet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    if (nl == NULL) {
        return 0;
    }
    size_t qlen = (size_t)(nl - s);
    const char *text = nl + 1;
    size_t tlen = size - qlen - 1;
    npc_err err;
    npc_query *q = NULL;
    if (npc_query_parse(fuzz_analyzer(), NULL, s, qlen, &q, &err) != NPC_OK) {
        return 0;
    }
    char *out = NULL;
    npc_status st = npc_snippet(fuzz_analyzer(), q, text, tlen, NULL, 0, &out, &err);
    int valid = npc_utf8_valid(text, tlen, NULL);
    if (st != NPC_OK) {
        FUZZ_CHECK(!valid);
        FUZZ_CHECK(out == NULL);
        npc_query_free(q);
        return 0;
    }
    FUZZ_CHECK(out != NULL);
    size_t olen = strlen(out);
    FUZZ_CHECK(npc_utf8_valid(out, olen, NULL));
    int open = 0;
    for (const char *p = strchr(out, '<'); p != NULL; p = strchr(p + 1, '<')) {
        if (strncmp(p, "<mark>", 6) == 0) {
            FUZZ_CHECK(!open);
            open = 1;
        } else {
            FUZZ_CHECK(strncmp(p, "</mark>", 7) == 0 && open);
            open = 0;
        }
    }
    FUZZ_CHECK(!open);
    /* from the word boundaries an index would store for the text: the same snippet */
    npc_analysis an;
    char *breaks = NULL;
    size_t scan = npc_snippet_scan(text, tlen);
    FUZZ_CHECK(npc_analyze(fuzz_analyzer(), text, scan, 0, &an, &err) == NPC_OK);
    FUZZ_CHECK(npc_analysis_breaks(fuzz_analyzer(), 0, scan, &breaks, &err) == NPC_OK);
    char *again = NULL;
    FUZZ_CHECK(npc_snippet(fuzz_analyzer(), q, text, tlen, breaks, strlen(breaks), &again, &err) ==
               NPC_OK);
    FUZZ_CHECK(strcmp(again, out) == 0);
    free(again);
    free(breaks);
    free(out);
    npc_query_free(q);
    return 0;
}

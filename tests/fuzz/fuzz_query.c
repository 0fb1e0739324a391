/*
 * fuzz_query.c — any bytes through npc_query_parse without a database (no level prior), then
 * every accessor of the parsed query.  Checks the contract: only NPC_EQUERY, NPC_EUTF8 and
 * NPC_ETOOBIG refuse a query; a parsed query has a Xapian query and valid UTF-8 terms (its
 * phrases are Xapian phrase queries over positions, described with the rest).
 */
#include <string.h>

#include "text/fold.h"
#include "fuzz.h"
#include "query/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    npc_query *q = NULL;
    npc_err err;
    npc_status st = npc_query_parse(fuzz_analyzer(), NULL, s, size, &q, &err);
    if (st != NPC_OK) {
        FUZZ_CHECK(q == NULL);
        FUZZ_CHECK(npc_utf8_valid(err.detail, strlen(err.detail), NULL)); /* sent as JSON */
        FUZZ_CHECK(st == NPC_EQUERY || st == NPC_EUTF8 || st == NPC_ETOOBIG);
        FUZZ_CHECK(st != NPC_ETOOBIG || size > NPC_QUERY_MAX_BYTES || /* or too many parts */
                   strstr(err.detail, "phrases and exclusions") != NULL);
        FUZZ_CHECK(st != NPC_EUTF8 || !npc_utf8_valid(s, size, NULL));
        return 0;
    }
    FUZZ_CHECK(npc_query_xapian(q) != NULL);
    char *d = xc_query_describe(npc_query_xapian(q));
    FUZZ_CHECK(d != NULL);
    free(d);
    const char *const *v;
    size_t n = npc_query_words(q, &v);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(npc_utf8_valid(v[i], strlen(v[i]), NULL));
    }
    n = npc_query_bigrams(q, &v);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(npc_utf8_valid(v[i], strlen(v[i]), NULL));
    }
    n = npc_query_pair_words(q, &v);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(npc_utf8_valid(v[i], strlen(v[i]), NULL));
    }
    const npc_citation *c;
    n = npc_query_citations(q, &c);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(c[i].law_key != NULL && c[i].law_key[0] != '\0');
    }
    npc_query_free(q);
    return 0;
}

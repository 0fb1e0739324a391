/*
 * fuzz_search.c — the query parser with a database: the repository's sample corpus (corpus/) is
 * indexed once into a temporary directory, then each input is parsed against that database
 * (named regions read from it for the level prior) and run as a whole search (filters, facets,
 * snippets), as searchd would run it.  Checks: a bad query is refused with a bad-request status,
 * never a database or internal error, and a result is a JSON object with hits.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "text/fold.h"
#include "fuzz.h"
#include "indexer.h"
#include "query/query.h"
#include "search/search.h"

static char dir[256];
static npc_searcher *searcher;

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(path);
}

static void cleanup(void)
{
    npc_searcher_close(searcher);
    if (dir[0] != '\0') {
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/npc-fuzz-search-XXXXXX", tmp ? tmp : "/tmp");
    FUZZ_CHECK(mkdtemp(dir) != NULL);
    atexit(cleanup);
    char db[300];
    snprintf(db, sizeof db, "%s/db", dir);
    const char *roots[] = {NPC_SOURCE_DIR "/corpus"};
    FILE *devnull = fopen("/dev/null", "w");
    npc_index_opts o = {.db = db, .roots = roots, .nroots = 1, .threads = 1, .log = devnull};
    npc_index_stats stats;
    npc_err err;
    npc_status st = npc_index_run(&o, &stats, &err);
    fclose(devnull);
    if (st != NPC_OK) {
        fprintf(stderr, "fuzz_search: indexing %s: %s\n", roots[0], err.detail);
        abort();
    }
    FUZZ_CHECK(stats.documents > 0);
    FUZZ_CHECK(npc_searcher_open(db, &searcher, &err) == NPC_OK);
    return 0;
}

static int bad_request(npc_status st)
{
    return st == NPC_EQUERY || st == NPC_EUTF8 || st == NPC_ETOOBIG || st == NPC_EINVAL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    npc_err err;
    npc_query *q = NULL;
    npc_status st = npc_query_parse(fuzz_analyzer(), npc_searcher_db(searcher), s, size, &q, &err);
    FUZZ_CHECK(st == NPC_OK ? q != NULL : bad_request(st));
    npc_query_free(q);

    /* the whole search; the input's length picks the sort and the page */
    npc_search_req r = {.q = s,
                        .qlen = size,
                        .sort = size % 2 ? NPC_SORT_DATE : NPC_SORT_RELEVANCE,
                        .offset = (uint32_t)(size % 3) * 5,
                        .limit = 10,
                        .facets = 1};
    json_t *res = NULL;
    st = npc_search(searcher, &r, &res, &err);
    if (st != NPC_OK) {
        if (!bad_request(st)) {
            fprintf(stderr, "fuzz_search: %s: %s\n", npc_status_name(st), err.detail);
        }
        FUZZ_CHECK(bad_request(st));
        FUZZ_CHECK(res == NULL);
        FUZZ_CHECK(npc_utf8_valid(err.detail, strlen(err.detail), NULL)); /* sent as JSON */
        return 0;
    }
    FUZZ_CHECK(json_is_object(res));
    json_t *hits = json_object_get(res, "hits");
    FUZZ_CHECK(json_is_array(hits) && json_array_size(hits) <= 10);
    json_decref(res);
    return 0;
}

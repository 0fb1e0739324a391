/*
 * test_knownitem.c — the simulated known-item queries (lib/learn/knownitem.h) over a real index
 * of the built-in corpus: the same seed gives the same queries and another seed others; every
 * query's words are words of its source document's text, as many as asked; a genre with no
 * documents gives no query and scores as none; the run's figures are those of its ranks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../indexer/indexer.h"
#include "learn/knownitem.h"
#include "text/fold.h"
#include "tmpdir.h"

static char whole_dir[] = "/tmp/npc-test-knownitem-XXXXXX";
static char laws_dir[] = "/tmp/npc-test-knownitem-laws-XXXXXX";

/* Indexes corpus/<sub> of the source tree into dir. */
static int index_corpus(const char *sub, const char *dir)
{
    const char *src = getenv("NPC_SOURCE_DIR");
    if (src == NULL) {
        return -1;
    }
    char corpus[4096];
    snprintf(corpus, sizeof corpus, "%s/corpus%s", src, sub);
    const char *roots[] = {corpus};
    FILE *log = fopen("/dev/null", "w");
    npc_index_opts o = {.db = dir, .roots = roots, .nroots = 1, .log = log};
    npc_index_stats st;
    int rc = npc_index_run(&o, &st, NULL) == NPC_OK ? 0 : -1;
    fclose(log);
    return rc;
}

static int build_indexes(void **state)
{
    (void)state;
    if (mkdtemp(whole_dir) == NULL || mkdtemp(laws_dir) == NULL) {
        return -1;
    }
    return index_corpus("", whole_dir) == 0 && index_corpus("/laws", laws_dir) == 0 ? 0 : -1;
}

static int remove_indexes(void **state)
{
    (void)state;
    return npc_test_rmtree(whole_dir) == 0 && npc_test_rmtree(laws_dir) == 0 ? 0 : -1;
}

static npc_knownitem_set *generate(npc_searcher *s, size_t per_genre, uint64_t seed, unsigned lo,
                                   unsigned hi)
{
    npc_knownitem_params p = {
        .per_genre = per_genre, .seed = seed, .min_words = lo, .max_words = hi};
    npc_knownitem_set *set = NULL;
    assert_int_equal(npc_knownitem_generate(s, &p, &set, NULL), NPC_OK);
    assert_non_null(set);
    return set;
}

static size_t count_genre(const npc_knownitem_set *set, npc_knownitem_genre g)
{
    size_t n = 0;
    for (size_t i = 0; i < npc_knownitem_count(set); i++) {
        n += npc_knownitem_get(set, i)->genre == g;
    }
    return n;
}

/* 1 when both sets hold the same queries in the same order. */
static int same_queries(const npc_knownitem_set *a, const npc_knownitem_set *b)
{
    if (npc_knownitem_count(a) != npc_knownitem_count(b)) {
        return 0;
    }
    for (size_t i = 0; i < npc_knownitem_count(a); i++) {
        const npc_knownitem_query *x = npc_knownitem_get(a, i), *y = npc_knownitem_get(b, i);
        if (x->genre != y->genre || strcmp(x->query, y->query) != 0 ||
            strcmp(x->source_id, y->source_id) != 0) {
            return 0;
        }
    }
    return 1;
}

static void the_seed_decides_the_queries(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(whole_dir, &s, NULL), NPC_OK);
    npc_knownitem_set *a = generate(s, 5, 3, 2, 4), *b = generate(s, 5, 3, 2, 4),
                      *c = generate(s, 5, 4, 2, 4);
    assert_true(npc_knownitem_count(a) > 0);
    assert_true(same_queries(a, b));
    assert_false(same_queries(a, c));
    /* at most per_genre a genre; the corpus has more than 5 articles, report sections, rows */
    for (int g = 0; g < NPC_KNOWNITEM_NGENRES; g++) {
        assert_int_equal(count_genre(a, (npc_knownitem_genre)g), 5);
    }
    npc_knownitem_free(a);
    npc_knownitem_free(b);
    npc_knownitem_free(c);
    npc_searcher_close(s);
}

/* text folded as the analyzer folds it, in UTF-8 (malloc'd). */
static char *folded(const char *text)
{
    npc_folded f = {0};
    assert_int_equal(npc_fold(text, strlen(text), &f, NULL), NPC_OK);
    char *out = malloc(3 * f.n + 1);
    assert_non_null(out);
    out[npc_utf16_to_utf8(f.u16, f.n, out)] = '\0';
    npc_folded_release(&f);
    return out;
}

/* Checks every query of set: k within lo..hi, each word in its source document's folded text,
 * the document of the query's genre. */
static void check_words_of_source(npc_searcher *s, const npc_knownitem_set *set, unsigned lo,
                                  unsigned hi)
{
    for (size_t i = 0; i < npc_knownitem_count(set); i++) {
        const npc_knownitem_query *q = npc_knownitem_get(set, i);
        assert_in_range(q->nwords, lo, hi);
        json_t *doc = NULL;
        assert_int_equal(npc_search_doc(s, q->source_id, &doc, NULL), NPC_OK);
        assert_string_equal(json_string_value(json_object_get(doc, "type")),
                            npc_knownitem_genre_name(q->genre));
        char *text = folded(json_string_value(json_object_get(doc, "text")));
        char *words = strdup(q->query), *save = NULL;
        size_t n = 0;
        for (char *w = strtok_r(words, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save)) {
            if (strstr(text, w) == NULL) {
                fail_msg("\"%s\" of query \"%s\" is not in %s", w, q->query, q->source_id);
            }
            n++;
        }
        assert_int_equal(n, q->nwords);
        free(words);
        free(text);
        json_decref(doc);
    }
}

static void queries_are_words_of_their_source(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(whole_dir, &s, NULL), NPC_OK);
    npc_knownitem_set *set = generate(s, 20, 7, 2, 4);
    assert_true(npc_knownitem_count(set) >= 40);
    check_words_of_source(s, set, 2, 4);
    npc_knownitem_free(set);
    set = generate(s, 20, 7, 3, 3);
    assert_true(npc_knownitem_count(set) > 0);
    check_words_of_source(s, set, 3, 3);
    npc_knownitem_free(set);
    npc_searcher_close(s);
}

static void bad_parameters_are_refused(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(whole_dir, &s, NULL), NPC_OK);
    const npc_knownitem_params bad[] = {{0, 1, 2, 4}, {10, 1, 0, 4}, {10, 1, 3, 2}, {10, 1, 2, 9}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        npc_knownitem_set *set = (npc_knownitem_set *)1;
        assert_int_equal(npc_knownitem_generate(s, &bad[i], &set, NULL), NPC_EINVAL);
        assert_null(set);
    }
    npc_searcher_close(s);
}

typedef struct ranks {
    unsigned rank[512];
    npc_knownitem_genre genre[512];
    size_t n, failed;
} ranks;

static void collect(void *ctx, const npc_knownitem_result *r)
{
    ranks *k = ctx;
    if (k->n < 512) {
        k->rank[k->n] = r->rank;
        k->genre[k->n++] = r->query->genre;
    }
    k->failed += r->status != NPC_OK;
}

/* The summary of genre g (NPC_KNOWNITEM_NGENRES: all) recomputed from the reported ranks. */
static npc_knownitem_summary from_ranks(const ranks *k, int g)
{
    npc_knownitem_summary out = {0};
    for (size_t i = 0; i < k->n; i++) {
        if (g == NPC_KNOWNITEM_NGENRES || k->genre[i] == (npc_knownitem_genre)g) {
            out.queries++;
            out.found10 += k->rank[i] > 0;
            out.mrr10 += k->rank[i] > 0 ? 1.0 / k->rank[i] : 0;
        }
    }
    if (out.queries > 0) {
        out.found10 /= out.queries;
        out.mrr10 /= out.queries;
    }
    return out;
}

static void the_run_scores_its_ranks(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(whole_dir, &s, NULL), NPC_OK);
    npc_knownitem_set *set = generate(s, 30, 1, 2, 4);
    ranks k = {0};
    npc_knownitem_summary sum[NPC_KNOWNITEM_NGENRES + 1];
    npc_knownitem_run(s, set, collect, &k, sum);
    assert_int_equal(k.n, npc_knownitem_count(set));
    assert_int_equal(k.failed, 0);
    for (int g = 0; g <= NPC_KNOWNITEM_NGENRES; g++) {
        npc_knownitem_summary want = from_ranks(&k, g);
        assert_int_equal(sum[g].queries, want.queries);
        assert_float_equal(sum[g].found10, want.found10, 1e-12);
        assert_float_equal(sum[g].mrr10, want.mrr10, 1e-12);
    }
    for (size_t i = 0; i < k.n; i++) {
        assert_in_range(k.rank[i], 0, 10);
    }
    /* the small corpus's passages find their documents: not every rank is 0 */
    assert_true(sum[NPC_KNOWNITEM_NGENRES].found10 > 0.5);
    npc_knownitem_free(set);
    npc_searcher_close(s);
}

static void an_empty_genre_gives_no_query(void **state)
{
    (void)state;
    npc_searcher *s = NULL;
    assert_int_equal(npc_searcher_open(laws_dir, &s, NULL), NPC_OK);
    npc_knownitem_set *set = generate(s, 10, 1, 2, 4);
    assert_int_equal(count_genre(set, NPC_KNOWNITEM_ARTICLE), 10);
    assert_int_equal(count_genre(set, NPC_KNOWNITEM_REPORT), 0);
    assert_int_equal(count_genre(set, NPC_KNOWNITEM_FEEDBACK), 0);
    npc_knownitem_summary sum[NPC_KNOWNITEM_NGENRES + 1];
    npc_knownitem_run(s, set, NULL, NULL, sum);
    assert_int_equal(sum[NPC_KNOWNITEM_REPORT].queries, 0);
    assert_float_equal(sum[NPC_KNOWNITEM_REPORT].found10, 0, 0);
    assert_float_equal(sum[NPC_KNOWNITEM_REPORT].mrr10, 0, 0);
    assert_int_equal(sum[NPC_KNOWNITEM_FEEDBACK].queries, 0);
    assert_int_equal(sum[NPC_KNOWNITEM_NGENRES].queries, 10);
    npc_knownitem_free(set);
    npc_searcher_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_seed_decides_the_queries),
        cmocka_unit_test(queries_are_words_of_their_source),
        cmocka_unit_test(bad_parameters_are_refused),
        cmocka_unit_test(the_run_scores_its_ranks),
        cmocka_unit_test(an_empty_genre_gives_no_query),
    };
    return cmocka_run_group_tests(tests, build_indexes, remove_indexes);
}

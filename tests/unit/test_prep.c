/*
 * test_prep.c — the documents the indexer prepares (indexer/prep.h) from every file of the
 * built-in corpus: laws and their articles, report sections, feedback rows and submissions.
 * Each stored document carries the word boundaries of its text (`breaks`), and a snippet's
 * analysis of the text with them gives exactly the tokens ICU gives for the text alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/analyzer.h"
#include "prep.h"
#include "search/snippet.h"
#include "support.h"
#include "walk.h"

static char *describe(const npc_analysis *an)
{
    char *d = npc_test_describe_tokens(an, 0, SIZE_MAX);
    assert_non_null(d);
    return d;
}

/* Checks one prepared document's stored boundaries against ICU; returns 1 when it has text. */
static int check_doc(npc_analyzer *a, const xc_doc *d)
{
    char *data = NULL;
    size_t dl = 0;
    npc_err err;
    assert_int_equal(xc_doc_data(d, &data, &dl, &err), NPC_OK);
    json_t *doc = json_loadb(data, dl, 0, NULL);
    assert_non_null(doc);
    json_t *text = json_object_get(doc, "text"), *breaks = json_object_get(doc, "breaks");
    const char *id = json_string_value(json_object_get(doc, "id"));
    assert_non_null(id);
    if (!json_is_string(breaks)) {
        fail_msg("%s: no stored word boundaries", id);
    }
    const char *t = json_string_value(text);
    size_t tl = npc_snippet_scan(t, json_string_length(text));
    npc_analysis an;
    assert_int_equal(npc_analyze(a, t, tl, NPC_AN_BIGRAMS, &an, &err), NPC_OK);
    char *want = describe(&an);
    assert_int_equal(npc_analyze_stored(a, t, tl, json_string_value(breaks),
                                        json_string_length(breaks), NPC_AN_BIGRAMS, &an, &err),
                     NPC_OK);
    if (tl > 0 && !an.stored) {
        fail_msg("%s: the stored word boundaries do not fit the text", id);
    }
    char *got = describe(&an);
    if (strcmp(got, want) != 0) {
        fail_msg("%s: the stored boundaries give other tokens\nICU:\n%s\nstored:\n%s", id, want,
                 got);
    }
    free(want);
    free(got);
    json_decref(doc);
    free(data);
    return tl > 0;
}

static void test_corpus_breaks(void **state)
{
    (void)state;
    const char *src = getenv("NPC_SOURCE_DIR");
    char root[1024];
    snprintf(root, sizeof root, "%s/corpus", src ? src : ".");
    npc_lexicon *lx = npc_test_lexicon();
    npc_prep *p = NULL;
    npc_analyzer *a = NULL;
    npc_err err;
    assert_non_null(lx);
    assert_int_equal(npc_prep_new(lx, 1 << 24, &p, &err), NPC_OK);
    assert_int_equal(npc_analyzer_new(lx, &a, &err), NPC_OK);
    npc_filelist files = {0};
    assert_int_equal(npc_walk(root, &files, &err), NPC_OK);
    size_t docs = 0, with_text = 0, types = 0;
    unsigned seen = 0; /* law, article, report, feedback */
    for (size_t i = 0; i < files.n; i++) {
        npc_prepared out;
        if (npc_prep_file(p, &files.files[i], &out, &err) != NPC_OK) {
            continue; /* the corpus's own bad files, refused by design */
        }
        for (size_t k = 0; k < out.n; k++) {
            with_text += (size_t)check_doc(a, out.docs[k]);
            docs++;
            const char *id = out.ids[k];
            seen |= strstr(id, "laws/") && strchr(id, '#') ? 2u
                    : strstr(id, "laws/")                  ? 1u
                    : strstr(id, "reports/")               ? 4u
                    : strstr(id, "feedback/")              ? 8u
                                                           : 0u;
        }
        npc_prepared_release(&out);
    }
    for (unsigned m = seen; m; m >>= 1) {
        types += m & 1;
    }
    npc_filelist_release(&files);
    npc_analyzer_free(a);
    npc_prep_free(p);
    npc_lexicon_free(lx);
    assert_true(docs >= 50);
    assert_true(with_text >= docs - 2);
    assert_int_equal(types, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_breaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

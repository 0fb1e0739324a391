/*
 * analyze.c — `npcsearch analyze`: the terms the analyzer makes of a text, one a line: the
 * analyzer of the index given (the one its searches use), else one over the built-in lexicon;
 * then the thesaurus entries (text/thesaurus.h) its words hold, which a question gains, and
 * with an index, the word-vector neighbours (learn/vectors.h) of its words.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "learn/assoc.h"
#include "search/search.h"
#include "text/analyzer.h"
#include "text/lexicon.h"
#include "text/thesaurus.h"

/* An analyzer over the built-in lexicon; *lx and *out are the caller's. */
static npc_status builtin_analyzer(npc_lexicon **lx, npc_analyzer **out, npc_err *err)
{
    size_t len;
    const char *text = npc_lexicon_builtin(&len);
    npc_status st = npc_lexicon_new(lx, err);
    if (st == NPC_OK) {
        st = npc_lexicon_load(*lx, text, len, err);
    }
    if (st == NPC_OK) {
        st = npc_analyzer_new(*lx, out, err);
    }
    return st;
}

static void print_tokens(const npc_analysis *an, const char *text)
{
    static const char *const kinds[] = {"word", "alnum", "numbering", "bigram"};
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        printf("%-9s %-24s %.*s%s\n", kinds[t->kind], npc_token_term(an, t),
               (int)(t->end - t->start), text + t->start, t->title >= 0 ? "  (law title)" : "");
    }
}

/* One line per thesaurus entry whose key the text holds: domain, key, the terms it adds. */
static void print_thesaurus(const npc_thesaurus *th, const npc_analysis *an)
{
    npc_thesaurus_hit hits[64];
    size_t n = npc_thesaurus_find(th, an, an->ntokens, hits, 64);
    for (size_t i = 0; i < n && i < 64; i++) {
        const npc_thesaurus_entry *e = hits[i].entry;
        printf("thesaurus %s %s ->", e->domain, e->key);
        for (size_t k = 0; k < e->nterms; k++) {
            printf(" %s%s", e->term_bigram[k] ? "bigram:" : "", e->terms[k]);
        }
        printf("\n");
    }
}

/* One line per word of the text with word-vector neighbours (learn --vectors) in the index. */
static void print_vectors(const npc_assoc *vec, const npc_analysis *an)
{
    for (size_t i = 0; i < an->ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        const npc_assoc_target *nb;
        size_t n = npc_token_is_word(t->kind)
                       ? npc_assoc_lookup(vec, npc_token_term(an, t), t->term_len, &nb)
                       : 0;
        if (n == 0) {
            continue;
        }
        printf("vectors   %s ->", npc_token_term(an, t));
        for (size_t k = 0; k < n; k++) {
            printf(" %s(%.2f)", nb[k].term, nb[k].weight);
        }
        printf("\n");
    }
}

int cmd_analyze(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    const char *db = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "+d:", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else {
            return usage_error("unknown option for analyze");
        }
    }
    if (optind >= argc) {
        return usage_error("analyze needs TEXT");
    }
    npc_err err;
    npc_status st;
    npc_lexicon *lx = NULL;
    npc_analyzer *own = NULL;
    npc_analyzer *a = NULL;
    npc_searcher *s = NULL;
    db = db_path(db);
    if (db != NULL) {
        st = npc_searcher_open(db, &s, &err);
        if (st != NPC_OK) {
            return fail(st, &err);
        }
        a = npc_searcher_analyzer(s);
    } else {
        st = builtin_analyzer(&lx, &own, &err);
        a = own;
    }
    npc_analysis an;
    const char *text = argv[optind];
    const npc_thesaurus *th = NULL;
    const npc_assoc *vec = NULL;
    npc_thesaurus *own_th = NULL;
    if (st == NPC_OK && s != NULL) {
        st = npc_searcher_thesaurus(s, &th, &err);
        if (st == NPC_OK) {
            st = npc_searcher_vectors(s, &vec, &err);
        }
    } else if (st == NPC_OK) {
        size_t len;
        const char *data = npc_thesaurus_builtin(&len);
        st = npc_thesaurus_load(a, data, len, &own_th, &err);
        th = own_th;
    }
    if (st == NPC_OK) { /* after the thesaurus: loading it analysed its own words */
        st = npc_analyze(a, text, strlen(text), NPC_AN_BIGRAMS, &an, &err);
    }
    if (st == NPC_OK) {
        print_tokens(&an, text);
        if (th != NULL) {
            print_thesaurus(th, &an);
        }
        if (vec != NULL) {
            print_vectors(vec, &an);
        }
    }
    npc_thesaurus_free(own_th);
    npc_analyzer_free(own);
    npc_lexicon_free(lx);
    npc_searcher_close(s);
    return st == NPC_OK ? 0 : fail(st, &err);
}

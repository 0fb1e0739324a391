/*
 * learn.c — `npcsearch learn`: learns lay-to-legal word associations from answered questions
 * (lib/learn/evalrun.h) and stores the model in the index or writes it to a file; with
 * --vectors, trains word vectors on the index's text instead (lib/learn/vectors.h) and stores
 * the neighbours of its frequent words.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "learn/assocdb.h"
#include "learn/evalrun.h"
#include "learn/vectors.h"

/* Writes model m to the file at path in the text format of npc_assoc_serialize. */
static npc_status write_model(const npc_assoc *m, const char *path, npc_err *err)
{
    char *text = NULL;
    size_t len = 0;
    npc_status st = npc_assoc_serialize(m, &text, &len, err);
    FILE *f = st == NPC_OK ? fopen(path, "w") : NULL;
    if (st == NPC_OK && (f == NULL || fwrite(text, 1, len, f) != len)) {
        st = npc_fail(err, NPC_EIO, "cannot write %s: %s", path, strerror(errno));
    }
    if (f != NULL && fclose(f) != 0 && st == NPC_OK) {
        st = npc_fail(err, NPC_EIO, "cannot write %s: %s", path, strerror(errno));
    }
    free(text);
    return st;
}

/* learn --vectors: trains on the index at db and stores the neighbours there (or in out). */
static int learn_vectors(const char *db, const char *out, const char *fasttext)
{
    npc_err err;
    npc_searcher *s = NULL;
    npc_assoc *m = NULL;
    npc_vectors_params p = NPC_VECTORS_DEFAULT_PARAMS;
    npc_status st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK) {
        st = npc_vectors_train(s, &p, fasttext, &m, &err);
    }
    npc_searcher_close(s);
    if (st == NPC_OK) {
        st = out != NULL ? write_model(m, out, &err) : npc_vectors_store(db, m, &err);
    }
    if (st == NPC_OK) {
        printf("trained word vectors on %zu documents: %zu words with neighbours, stored in %s\n",
               npc_assoc_questions(m), npc_assoc_size(m), out ? out : db);
    }
    npc_assoc_free(m);
    return st == NPC_OK ? 0 : fail(st, &err);
}

int cmd_learn(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},        {"out", required_argument, NULL, 'o'},
        {"min-count", required_argument, NULL, 'M'}, {"top", required_argument, NULL, 'K'},
        {"min-g2", required_argument, NULL, 'G'},    {"vectors", no_argument, NULL, 'V'},
        {"fasttext", required_argument, NULL, 'F'},  {NULL, 0, NULL, 0}};
    const char *db = NULL, *out = NULL, *fasttext = "fasttext";
    int c, bad = 0, vectors = 0;
    npc_assoc_params p = NPC_ASSOC_DEFAULT_PARAMS;
    while ((c = getopt_long(argc, argv, "+d:o:", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'o') {
            out = optarg;
        } else if (c == 'V') {
            vectors = 1;
        } else if (c == 'F') {
            fasttext = optarg;
        } else if (!parse_learn_opt(c, optarg, &p, &bad)) {
            return usage_error("unknown option for learn");
        }
        if (bad) {
            return bad;
        }
    }
    db = db_path(db);
    if (vectors) {
        if (db == NULL || optind < argc) {
            return usage_error("learn --vectors needs --db DIR and no FILE");
        }
        return learn_vectors(db, out, fasttext);
    }
    if (db == NULL || optind >= argc) {
        return usage_error("learn needs --db DIR and at least one FILE.jsonl");
    }
    npc_err err;
    npc_qset *qs = NULL;
    npc_status st = npc_qset_new(&qs, &err);
    for (int i = optind; st == NPC_OK && i < argc; i++) {
        st = npc_qset_read(qs, argv[i], NPC_QSET_JUDGED, &err);
    }
    if (st != NPC_OK) {
        fprintf(stderr, "npcsearch: %s\n", err.detail);
        npc_qset_free(qs);
        return 1;
    }
    npc_searcher *s = NULL;
    npc_assoc *m = NULL;
    size_t found = 0, missing = 0;
    st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK) {
        st = npc_evalrun_learn(s, qs, &p, &m, &found, &missing, &err);
    }
    npc_searcher_close(s); /* before storing: no reader is needed any more */
    if (st == NPC_OK) {
        st = out != NULL ? write_model(m, out, &err) : npc_assoc_store(db, m, &err);
    }
    if (st == NPC_OK) {
        const npc_assoc_count *laws = NULL, *docs = NULL;
        printf("learned from %zu questions (%zu answers found, %zu not in the index): "
               "%zu words with associations, %zu laws in the prior, %zu documents in the prior, "
               "stored in %s\n",
               npc_assoc_questions(m), found, missing, npc_assoc_size(m), npc_assoc_laws(m, &laws),
               npc_assoc_docs(m, &docs), out ? out : db);
    }
    npc_assoc_free(m);
    npc_qset_free(qs);
    return st == NPC_OK ? 0 : fail(st, &err);
}

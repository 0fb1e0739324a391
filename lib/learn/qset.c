/*
 * qset.c — questions with judged answers from JSONL files, and the folds of cross-validation
 * (qset.h).  Each line is kept parsed; its answers are laid out once, as the items the metrics
 * of eval.h score against.
 */
#include "learn/qset.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct question {
    npc_qset_question pub; /* points into the arrays below and into line */
    json_t *line;          /* owns every string */
    npc_eval_item *items;
    const char **ids;
    const char **article_ids;
} question;

struct npc_qset {
    question *q;
    size_t n, cap;
};

npc_status npc_qset_new(npc_qset **out, npc_err *err)
{
    *out = calloc(1, sizeof **out);
    return *out != NULL ? NPC_OK : npc_fail(err, NPC_ENOMEM, "out of memory for a question set");
}

static void question_release(question *q)
{
    json_decref(q->line);
    free(q->items);
    free(q->ids);
    free(q->article_ids);
}

/* Drops the questions from index n on. */
static void truncate_to(npc_qset *qs, size_t n)
{
    while (qs->n > n) {
        question_release(&qs->q[--qs->n]);
    }
}

void npc_qset_free(npc_qset *qs)
{
    if (qs == NULL) {
        return;
    }
    truncate_to(qs, 0);
    free(qs->q);
    free(qs);
}

/* Lays out the answers of line (which has a "query" string) into q; 0 when out of memory.  An
 * answer's ids are its "article_id" and its string "equivalent_ids"; the equivalents of one
 * question stop at 64 times its answers. */
static int question_init(question *q, json_t *line)
{
    json_t *rel = json_object_get(line, "relevant");
    size_t nitems = json_array_size(rel), cap = nitems * 64, nids = 0;
    memset(q, 0, sizeof *q);
    q->items = calloc(nitems + 1, sizeof *q->items);
    q->ids = calloc(cap + nitems + 1, sizeof *q->ids);
    q->article_ids = calloc(nitems + 1, sizeof *q->article_ids);
    if (q->items == NULL || q->ids == NULL || q->article_ids == NULL) {
        question_release(q);
        return 0;
    }
    for (size_t i = 0; i < nitems; i++) {
        json_t *r = json_array_get(rel, i);
        q->items[i].ids = q->ids + nids;
        const char *a = json_string_value(json_object_get(r, "article_id"));
        if (a != NULL) {
            q->ids[nids++] = a;
        }
        q->article_ids[i] = a;
        json_t *eq = json_object_get(r, "equivalent_ids");
        for (size_t k = 0; k < json_array_size(eq) && nids < cap; k++) {
            if (json_is_string(json_array_get(eq, k))) {
                q->ids[nids++] = json_string_value(json_array_get(eq, k));
            }
        }
        q->items[i].nids = (size_t)(q->ids + nids - q->items[i].ids);
    }
    q->line = line;
    q->pub.query = json_string_value(json_object_get(line, "query"));
    q->pub.answers = q->items;
    q->pub.nanswers = nitems;
    q->pub.article_ids = q->article_ids;
    return 1;
}

/* Appends the question of line (a reference the set takes over, also on failure). */
static npc_status append(npc_qset *qs, json_t *line, const char *path, npc_err *err)
{
    if (qs->n == qs->cap) {
        size_t cap = qs->cap ? qs->cap * 2 : 256;
        question *q = realloc(qs->q, cap * sizeof *q);
        if (q == NULL) {
            json_decref(line);
            return npc_fail(err, NPC_ENOMEM, "out of memory reading %s", path);
        }
        qs->q = q;
        qs->cap = cap;
    }
    if (!question_init(&qs->q[qs->n], line)) {
        json_decref(line);
        return npc_fail(err, NPC_ENOMEM, "out of memory reading %s", path);
    }
    qs->n++;
    return NPC_OK;
}

/* Parses one non-blank line; *out is a new reference. */
static npc_status parse_line(const char *line, size_t len, npc_qset_need need, const char *path,
                             size_t lineno, json_t **out, npc_err *err)
{
    json_error_t je;
    json_t *o = json_loadb(line, len, 0, &je);
    if (o == NULL) {
        return npc_fail(err, NPC_EFORMAT, "%s line %zu: %s", path, lineno, je.text);
    }
    int has_query = json_is_string(json_object_get(o, "query"));
    if (need == NPC_QSET_JUDGED && (!has_query || !json_is_array(json_object_get(o, "relevant")))) {
        json_decref(o);
        return npc_fail(err, NPC_EFORMAT, "%s line %zu: no \"query\" string and \"relevant\" array",
                        path, lineno);
    }
    if (!has_query) {
        json_decref(o);
        return npc_fail(err, NPC_EFORMAT, "%s line %zu: no \"query\" string", path, lineno);
    }
    *out = o;
    return NPC_OK;
}

npc_status npc_qset_read(npc_qset *qs, const char *path, npc_qset_need need, npc_err *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return npc_fail(err, NPC_EIO, "cannot read %s: %s", path, strerror(errno));
    }
    size_t before = qs->n, cap = 0, lineno = 0;
    char *line = NULL;
    ssize_t got;
    npc_status st = NPC_OK;
    while (st == NPC_OK && (got = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (strspn(line, " \t\r\n") == (size_t)got) {
            continue;
        }
        json_t *o = NULL;
        st = parse_line(line, (size_t)got, need, path, lineno, &o, err);
        if (st == NPC_OK) {
            st = append(qs, o, path, err);
        }
    }
    if (st == NPC_OK && ferror(f)) {
        st = npc_fail(err, NPC_EIO, "cannot read %s: %s", path, strerror(errno));
    }
    free(line);
    fclose(f);
    if (st == NPC_OK && qs->n == before) {
        st = npc_fail(err, NPC_EEMPTY, "%s holds no questions", path);
    }
    if (st != NPC_OK) {
        truncate_to(qs, before);
    }
    return st;
}

size_t npc_qset_count(const npc_qset *qs)
{
    return qs->n;
}

const npc_qset_question *npc_qset_get(const npc_qset *qs, size_t i)
{
    return &qs->q[i].pub;
}

int npc_qset_trains(size_t i, size_t k, size_t fold)
{
    return k == 0 || i % k != fold;
}

/* Adds every id of q's answers to set (id -> true); 0 when out of memory. */
static int add_answer_ids(const npc_qset_question *q, json_t *set)
{
    for (size_t i = 0; i < q->nanswers; i++) {
        for (size_t k = 0; k < q->answers[i].nids; k++) {
            if (json_object_set_new(set, q->answers[i].ids[k], json_true()) != 0) {
                return 0;
            }
        }
    }
    return 1;
}

static int any_answer_in(const npc_qset_question *q, json_t *set)
{
    for (size_t i = 0; i < q->nanswers; i++) {
        for (size_t k = 0; k < q->answers[i].nids; k++) {
            if (json_object_get(set, q->answers[i].ids[k]) != NULL) {
                return 1;
            }
        }
    }
    return 0;
}

npc_status npc_qset_unseen(const npc_qset *qs, size_t k, size_t fold, unsigned char *unseen,
                           npc_err *err)
{
    json_t *train = json_object();
    int ok = train != NULL;
    for (size_t i = 0; ok && i < qs->n; i++) {
        if (npc_qset_trains(i, k, fold)) {
            ok = add_answer_ids(&qs->q[i].pub, train);
        }
    }
    for (size_t i = 0; ok && i < qs->n; i++) {
        unseen[i] = !npc_qset_trains(i, k, fold) && !any_answer_in(&qs->q[i].pub, train);
    }
    json_decref(train);
    return ok ? NPC_OK : npc_fail(err, NPC_ENOMEM, "the answers of fold %zu", fold);
}

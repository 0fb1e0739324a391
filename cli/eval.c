/*
 * eval.c — `npcsearch eval`: ranking quality on questions with known answers, with the index's
 * model, a model from a file, no model, or k-fold cross-validation of the learning step; or on
 * simulated known-item queries drawn from the index (--known-item).  The runs are
 * lib/learn/evalrun.h's and lib/learn/knownitem.h's; this file reads the options and prints.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "learn/evalrun.h"
#include "learn/knownitem.h"

/* Reads a whole file into *out (malloc'd, NUL-terminated). */
static npc_status read_file(const char *path, char **out, size_t *len, npc_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return npc_fail(err, NPC_EIO, "cannot read %s: %s", path, strerror(errno));
    }
    size_t cap = 65536, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b != NULL && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *p = realloc(b, cap * 2);
            if (p == NULL) {
                free(b);
                b = NULL;
                break;
            }
            b = p;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (b == NULL) {
        return npc_fail(err, NPC_ENOMEM, "reading %s", path);
    }
    if (bad) {
        free(b);
        return npc_fail(err, NPC_EIO, "cannot read %s", path);
    }
    b[n] = '\0';
    *out = b;
    *len = n;
    return NPC_OK;
}

/* The model of a file written by `npcsearch learn --out`; *out is the caller's. */
static npc_status load_model(const char *path, npc_assoc **out, npc_err *err)
{
    size_t len = 0;
    char *text = NULL;
    npc_status st = read_file(path, &text, &len, err);
    if (st == NPC_OK) {
        st = npc_assoc_load(text, len, out, err);
    }
    free(text);
    return st;
}

/* Each question scored: a refused search on stderr; with --verbose, a question of the measured
 * pass with no answer in its first ten hits, with what it wanted and its first three hits. */
static void report(void *ctx, const npc_evalrun_question *q)
{
    const int *verbose = ctx;
    if (q->status != NPC_OK) {
        fprintf(stderr, "npcsearch: eval: %s: %s (%s)\n", npc_status_str(q->status), q->err->detail,
                q->question->query);
        return;
    }
    int measured = q->pass == NPC_EVALRUN_AS_IS || q->pass == NPC_EVALRUN_HELD_OUT;
    if (!*verbose || !measured || q->scores.recall10 != 0) {
        return;
    }
    printf("miss: %s\n  want:", q->question->query);
    for (size_t i = 0; i < q->question->nanswers; i++) {
        const npc_eval_item *a = &q->question->answers[i];
        printf(" %s", a->nids ? a->ids[0] : "?");
    }
    printf("\n  got: ");
    for (size_t i = 0; i < q->nranked && i < 3; i++) {
        printf(" %s", q->ranked[i]);
    }
    printf("\n");
}

static void print_summary(const char *label, const npc_evalrun_summary *s)
{
    if (s->questions == 0) {
        printf("%squestions 0\n", label);
        return;
    }
    printf("%squestions %zu  R@10 %.3f  R@100 %.3f  MRR@10 %.3f  nDCG@10 %.3f  "
           "ms/question p50 %.1f p95 %.1f\n",
           label, s->questions, s->recall10, s->recall100, s->mrr10, s->ndcg10, s->p50_ms,
           s->p95_ms);
}

static void print_cv(unsigned long folds, const npc_evalrun_cv *cv)
{
    char label[96];
    print_summary("no model            ", &cv->no_model);
    print_summary("in-sample           ", &cv->in_sample);
    snprintf(label, sizeof label, "%lu-fold CV          ", folds);
    print_summary(label, &cv->held_out);
    print_summary("CV, unseen answers  ", &cv->unseen);
    print_summary("  same, no model    ", &cv->unseen_no_model);
    printf("answer lookups over the %lu + 1 learning runs: %zu found in the index, %zu not; "
           "%lu folds in %.1f s\n",
           folds, cv->found, cv->missing, folds, cv->seconds);
}

/* Each known-item query asked: a refused search on stderr; with --verbose, the query. */
static void report_known_item(void *ctx, const npc_knownitem_result *r)
{
    const int *verbose = ctx;
    if (r->status != NPC_OK) {
        fprintf(stderr, "npcsearch: eval: %s: %s (%s)\n", npc_status_str(r->status), r->err->detail,
                r->query->query);
    }
    if (*verbose) {
        char rank[12] = "-"; /* not in the first ten */
        if (r->rank > 0) {
            snprintf(rank, sizeof rank, "%u", r->rank);
        }
        printf("%-9s rank %-2s %s  %s\n", npc_knownitem_genre_name(r->query->genre), rank,
               r->query->source_id, r->query->query);
    }
}

/* Generates the known-item queries of p over s, asks them and prints the figures. */
static npc_status run_known_item(npc_searcher *s, const npc_knownitem_params *p, int verbose,
                                 npc_err *err)
{
    npc_knownitem_set *set = NULL;
    npc_status st = npc_knownitem_generate(s, p, &set, err);
    if (st != NPC_OK) {
        return st;
    }
    npc_knownitem_summary sum[NPC_KNOWNITEM_NGENRES + 1];
    npc_knownitem_run(s, set, report_known_item, &verbose, sum);
    printf("known-item seed %llu  per genre %zu  words %u-%u\n", (unsigned long long)p->seed,
           p->per_genre, p->min_words, p->max_words);
    for (int g = 0; g <= NPC_KNOWNITEM_NGENRES; g++) {
        const char *name = g < NPC_KNOWNITEM_NGENRES ? npc_knownitem_genre_name(g) : "all";
        if (sum[g].queries == 0) {
            printf("%-9s queries 0\n", name);
        } else {
            printf("%-9s queries %zu  found@10 %.3f  MRR@10 %.3f\n", name, sum[g].queries,
                   sum[g].found10, sum[g].mrr10);
        }
    }
    npc_knownitem_free(set);
    return NPC_OK;
}

/* Reads --words: "K" or "MIN-MAX", within 1..NPC_KNOWNITEM_MAX_WORDS, into p. */
static int parse_words(const char *arg, npc_knownitem_params *p)
{
    char lo[16], hi[16];
    const char *dash = strchr(arg, '-');
    size_t n = dash ? (size_t)(dash - arg) : strlen(arg);
    unsigned long a, b;
    if (n >= sizeof lo || strlen(arg) - n >= sizeof hi) {
        return 0;
    }
    memcpy(lo, arg, n);
    lo[n] = '\0';
    snprintf(hi, sizeof hi, "%s", dash ? dash + 1 : lo);
    if (!parse_uint(lo, NPC_KNOWNITEM_MAX_WORDS, &a) ||
        !parse_uint(hi, NPC_KNOWNITEM_MAX_WORDS, &b) || a == 0 || a > b) {
        return 0;
    }
    p->min_words = (unsigned)a;
    p->max_words = (unsigned)b;
    return 1;
}

/* Reads the options of --known-item (getopt codes 'P' --per-genre, 'S' --seed, 'W' --words)
 * into *p and returns 1, or returns 0 when c is none of them.  A bad value sets *bad to the usage
 * error's exit status. */
static int parse_known_item_opt(int c, const char *arg, npc_knownitem_params *p, int *bad)
{
    unsigned long v;
    switch (c) {
    case 'P':
        if (!parse_uint(arg, 1000000, &v) || v == 0) {
            *bad = usage_error("--per-genre takes a number from 1 to 1000000, not \"%s\"", arg);
        }
        p->per_genre = v;
        return 1;
    case 'S':
        if (!parse_uint(arg, ULONG_MAX - 1, &v)) {
            *bad = usage_error("--seed takes a non-negative number, not \"%s\"", arg);
        }
        p->seed = v;
        return 1;
    case 'W':
        if (!parse_words(arg, p)) {
            *bad = usage_error("--words takes K or MIN-MAX within 1..%d, not \"%s\"",
                               NPC_KNOWNITEM_MAX_WORDS, arg);
        }
        return 1;
    default:
        return 0;
    }
}

int cmd_eval(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"verbose", no_argument, NULL, 'v'},
        {"model", required_argument, NULL, 'm'},  {"no-model", no_argument, NULL, 'n'},
        {"folds", required_argument, NULL, 'f'},  {"min-count", required_argument, NULL, 'M'},
        {"top", required_argument, NULL, 'K'},    {"min-g2", required_argument, NULL, 'G'},
        {"known-item", no_argument, NULL, 'k'},   {"per-genre", required_argument, NULL, 'P'},
        {"seed", required_argument, NULL, 'S'},   {"words", required_argument, NULL, 'W'},
        {"no-thesaurus", no_argument, NULL, 'T'}, {"no-vectors", no_argument, NULL, 'X'},
        {"no-cited", no_argument, NULL, 'C'},     {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *model = NULL;
    int verbose = 0, no_model = 0, no_thesaurus = 0, no_vectors = 0, no_cited = 0, known_item = 0,
        known_item_opts = 0, c, bad = 0;
    unsigned long folds = 0;
    npc_assoc_params p = NPC_ASSOC_DEFAULT_PARAMS;
    npc_knownitem_params kp = NPC_KNOWNITEM_DEFAULT_PARAMS;
    while ((c = getopt_long(argc, argv, "+d:v", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 'v') {
            verbose = 1;
        } else if (c == 'm') {
            model = optarg;
        } else if (c == 'n') {
            no_model = 1;
        } else if (c == 'T') {
            no_thesaurus = 1;
        } else if (c == 'X') {
            no_vectors = 1;
        } else if (c == 'C') {
            no_cited = 1;
        } else if (c == 'k') {
            known_item = 1;
        } else if (c == 'f') {
            if (!parse_uint(optarg, 100, &folds) || folds < 2) {
                return usage_error("--folds takes a number from 2 to 100, not \"%s\"", optarg);
            }
        } else if (parse_known_item_opt(c, optarg, &kp, &bad)) {
            known_item_opts = 1;
        } else if (!parse_learn_opt(c, optarg, &p, &bad)) {
            return usage_error("unknown option for eval");
        }
        if (bad) {
            return bad;
        }
    }
    db = db_path(db);
    if (db == NULL || optind + !known_item != argc) {
        return usage_error(known_item ? "eval --known-item needs --db DIR and no FILE"
                                      : "eval needs --db DIR and one FILE.jsonl");
    }
    if ((model != NULL) + no_model + (folds > 0) > 1) {
        return usage_error("--model, --no-model and --folds exclude each other");
    }
    if (known_item && folds > 0) {
        return usage_error("--known-item and --folds exclude each other");
    }
    if (known_item_opts && !known_item) {
        return usage_error("--per-genre, --seed and --words need --known-item");
    }
    npc_err err;
    npc_qset *qs = NULL;
    npc_status st = npc_qset_new(&qs, &err);
    if (st == NPC_OK && !known_item) {
        st = npc_qset_read(qs, argv[optind], NPC_QSET_JUDGED, &err);
    }
    if (st != NPC_OK) {
        fprintf(stderr, "npcsearch: %s\n", err.detail);
        npc_qset_free(qs);
        return 1;
    }
    npc_searcher *s = NULL;
    npc_assoc *given = NULL;
    st = npc_searcher_open(db, &s, &err);
    if (st == NPC_OK && no_thesaurus) {
        npc_searcher_set_thesaurus(s, 0);
    }
    if (st == NPC_OK && no_vectors) {
        npc_searcher_set_vectors(s, 0);
    }
    if (st == NPC_OK && no_cited) {
        npc_searcher_set_cited(s, 0);
    }
    if (st == NPC_OK && model != NULL) {
        st = load_model(model, &given, &err);
        if (st == NPC_OK) {
            npc_searcher_set_assoc(s, given);
        }
    } else if (st == NPC_OK && no_model) {
        npc_searcher_set_assoc(s, NULL);
    }
    if (st == NPC_OK && known_item) {
        st = run_known_item(s, &kp, verbose, &err);
    } else if (st == NPC_OK && folds == 0) {
        npc_evalrun_summary all;
        st = npc_evalrun_score(s, qs, report, &verbose, &all, &err);
        if (st == NPC_OK) {
            print_summary("", &all);
        }
    } else if (st == NPC_OK) {
        npc_evalrun_cv cv;
        st = npc_evalrun_cross_validate(s, qs, folds, &p, report, &verbose, &cv, &err);
        if (st == NPC_OK) {
            print_cv(folds, &cv);
        }
    }
    int rc = st == NPC_OK ? 0 : fail(st, &err);
    npc_searcher_close(s);
    npc_assoc_free(given);
    npc_qset_free(qs);
    return rc;
}

/*
 * feedback.c — `npcsearch feedback`: the drafts that have feedback, or one draft's dashboard
 * (lib/feedback/draft.h) as a table, as JSON, or exported as CSV and .xlsx
 * (lib/feedback/export.h).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "feedback/draft.h"
#include "feedback/dupes.h"
#include "feedback/export.h"
#include "search/search.h"

typedef struct fb_opts {
    const char *db, *draft, *csv, *xlsx;
    int json;
    double threshold;
} fb_opts;

/* The width a terminal gives s: two columns a character outside ASCII. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        w += *p < 0x80 ? 1 : (*p & 0xC0) == 0xC0 ? 2 : 0;
    }
    return w;
}

/* s and spaces up to w columns. */
static void print_padded(const char *s, size_t w)
{
    fputs(s, stdout);
    for (size_t k = width(s); k < w; k++) {
        putchar(' ');
    }
}

static const char *str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static json_int_t num(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* "已采纳 8 · 部分采纳 5" */
static void print_counts(const json_t *counts)
{
    size_t i;
    json_t *c;
    json_array_foreach(counts, i, c)
    {
        const char *v = str(c, "value");
        printf("%s%s %lld", i ? " · " : "", v[0] ? v : "（未填写）", (long long)num(c, "count"));
    }
}

static void print_drafts(const json_t *list)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(list, "drafts"), i, d)
    {
        printf("%6lld  %s\n", (long long)num(d, "total"), str(d, "draft"));
    }
    if (json_array_size(json_object_get(list, "drafts")) == 0) {
        puts("no feedback in the index");
    }
}

/* One line per article: its label, count and bar, statuses, contact points, groups. */
static void print_articles(const json_t *board)
{
    const json_t *rows = json_object_get(board, "articles");
    json_int_t most = num(json_array_get(rows, 0), "total");
    size_t i;
    json_t *a;
    json_array_foreach(rows, i, a)
    {
        const char *label = str(a, "article_label");
        print_padded(label[0] ? label : "（未指明条款）", 16);
        json_int_t n = num(a, "total");
        printf("%4lld ", (long long)n);
        int bar = most > 0 ? (int)((n * 20 + most - 1) / most) : 0;
        for (int k = 0; k < 20; k++) {
            fputs(k < bar ? "█" : " ", stdout);
        }
        fputs("  ", stdout);
        print_counts(json_object_get(a, "statuses"));
        printf("  | %zu 个联系点", json_array_size(json_object_get(a, "contact_points")));
        size_t ng = json_array_size(json_object_get(a, "groups"));
        if (ng > 0) {
            printf(" | %zu 组相似意见", ng);
        }
        putchar('\n');
    }
}

static void print_groups(const json_t *board)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(board, "groups"), i, g)
    {
        printf("组 %lld（%lld 条", (long long)num(g, "group"), (long long)num(g, "count"));
        size_t k;
        json_t *l;
        json_array_foreach(json_object_get(g, "articles"), k, l)
        {
            printf("%s%s", k ? "、" : "，", json_string_value(l));
        }
        printf("）：%s\n", str(g, "text"));
    }
}

static void print_board(const json_t *board)
{
    const json_t *law = json_object_get(board, "law");
    printf("%s：%lld 条意见建议，%zu 个联系点，%zu 组相似意见（相似度阈值 %.2f）\n",
           str(board, "draft"), (long long)num(board, "total"),
           json_array_size(json_object_get(board, "contact_points")),
           json_array_size(json_object_get(board, "groups")),
           json_real_value(json_object_get(board, "threshold")));
    printf("办理情况：");
    print_counts(json_object_get(board, "statuses"));
    printf("\n草案文本：%s\n\n", json_is_object(law) ? str(law, "id") : "（索引中没有）");
    print_articles(board);
    if (json_array_size(json_object_get(board, "groups")) > 0) {
        puts("\n相似意见：");
        print_groups(board);
    }
}

/* Writes the CSV to path ("-": standard output). */
static int write_csv(const json_t *board, const char *path)
{
    char *csv = NULL;
    size_t len = 0;
    npc_err err;
    npc_status st = npc_export_csv(board, &csv, &len, &err);
    if (st != NPC_OK) {
        return fail(st, &err);
    }
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    int ok = f != NULL && fwrite(csv, 1, len, f) == len;
    if (f != NULL && f != stdout) {
        ok = fclose(f) == 0 && ok;
    }
    free(csv);
    if (!ok) {
        fprintf(stderr, "npcsearch: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

static int run_board(npc_searcher *s, const fb_opts *o)
{
    json_t *board = NULL;
    npc_err err;
    npc_status st = npc_draft_dashboard(s, o->draft, o->threshold, &board, &err);
    if (st != NPC_OK) {
        return fail(st, &err);
    }
    int rc = 0;
    if (o->csv != NULL) {
        rc = write_csv(board, o->csv);
    }
    if (rc == 0 && o->xlsx != NULL && (st = npc_export_xlsx(board, o->xlsx, &err)) != NPC_OK) {
        rc = fail(st, &err);
    }
    if (rc == 0 && o->json) {
        json_dumpf(board, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
    } else if (rc == 0 && o->csv == NULL && o->xlsx == NULL) {
        print_board(board);
    }
    json_decref(board);
    return rc;
}

static int run(const fb_opts *o)
{
    npc_searcher *s = NULL;
    npc_err err;
    npc_status st = npc_searcher_open(o->db, &s, &err);
    if (st != NPC_OK) {
        return fail(st, &err);
    }
    int rc = 0;
    if (o->draft != NULL) {
        rc = run_board(s, o);
    } else {
        json_t *list = NULL;
        if ((st = npc_drafts_list(s, &list, &err)) != NPC_OK) {
            rc = fail(st, &err);
        } else if (o->json) {
            json_dumpf(list, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            putchar('\n');
        } else {
            print_drafts(list);
        }
        json_decref(list);
    }
    npc_searcher_close(s);
    return rc;
}

/* Reads the options into *o; returns 0, or the exit status of a usage error (or of --help). */
static int parse(int argc, char **argv, fb_opts *o)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"json", no_argument, NULL, 'j'},
                                         {"csv", required_argument, NULL, 'c'},
                                         {"xlsx", required_argument, NULL, 'x'},
                                         {"threshold", required_argument, NULL, 't'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "+d:jc:x:t:h", opts, NULL)) != -1) {
        if (c == 'd') {
            o->db = optarg;
        } else if (c == 'j') {
            o->json = 1;
        } else if (c == 'c') {
            o->csv = optarg;
        } else if (c == 'x') {
            o->xlsx = optarg;
        } else if (c == 't') {
            o->threshold = strtod(optarg, &end);
            if (*end != '\0' || end == optarg || !(o->threshold > 0 && o->threshold <= 1)) {
                return usage_error("--threshold must be a number above 0, at most 1");
            }
        } else if (c == 'h') {
            fputs(cli_usage, stdout);
            return -1;
        } else {
            return usage_error("unknown option for feedback");
        }
    }
    if ((o->db = db_path(o->db)) == NULL) {
        return usage_error("feedback needs --db DIR (or NPCSEARCH_DB)");
    }
    if (argc - optind > 1) {
        return usage_error("feedback takes one draft, not \"%s\"", argv[optind + 1]);
    }
    o->draft = optind < argc ? argv[optind] : NULL;
    if (o->draft == NULL && (o->csv || o->xlsx)) {
        return usage_error("--csv and --xlsx export one draft: name it");
    }
    return 0;
}

int cmd_feedback(int argc, char **argv)
{
    fb_opts o = {.threshold = NPC_DUPES_THRESHOLD};
    int rc = parse(argc, argv, &o);
    if (rc != 0) {
        return rc < 0 ? 0 : rc;
    }
    return run(&o);
}

/*
 * main.c — npcsearch, the command line: the usage text and the dispatch to the subcommands
 * (one file each; common.h).  docs/man/npcsearch.1 is the manual; keep both in step
 * (tests/integration/manpages.sh compares their options).
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

const char cli_usage[] =
    "usage: npcsearch COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  index   --db DIR [--full] [--shards N] [--batch N] [--threads N] [--max-file-size BYTES]\n"
    "          [--progress|--quiet] PATH...   bring the index in line with the files under\n"
    "          each PATH (laws .md, reports .txt/.md/.docx/.pdf/.html, feedback .md/.csv): only\n"
    "          added, changed and removed files are touched; --full rebuilds beside the live\n"
    "          index and switches atomically; --shards N: N shards (DIR/live/shard0 … for\n"
    "          xapian-tcpsrv), a full rebuild when the index has another count; on a terminal\n"
    "          a progress line (files, MB, documents/s, time left), --quiet for none,\n"
    "          --progress for plain lines off a terminal\n"
    "  stats   --db DIR [--json]   documents by type and category, revision, size\n"
    "  check   --db DIR   Xapian's consistency check of each shard: names a damaged shard and\n"
    "          what is wrong (exit 1); npcsearch index --full rebuilds it\n"
    "  query   --db DIR [--json] [--limit N] [--offset N] [--type T] [--category C]\n"
    "          [--region R] [--year-from Y] [--year-to Y] [--sort relevance|date] [--facets]\n"
    "          [--draft D] [--article A] [--contact-point P] [--status S] [--cites CITATION]\n"
    "          [--as-of YYYY-MM-DD]\n"
    "          [QUERY...]   (QUERY may be left out when a filter is given)\n"
    "          search; QUERY: words, \"a phrase\", -excluded, A OR B, 残疾人保障法第33条\n"
    "  eval    --db DIR [--verbose] [--model FILE | --no-model | --folds K] [--no-thesaurus]\n"
    "          [--no-vectors] [--no-cited] FILE.jsonl   ranking quality on questions with\n"
    "          known answers (STARD format, docs/relevance.md); --folds K: K-fold\n"
    "          cross-validation of the learning step, which takes learn's --min-count, --top\n"
    "          and --min-g2;\n"
    "          --no-thesaurus: questions without the lay-to-legal thesaurus\n"
    "          (docs/thesaurus.md), --no-vectors without the word-vector neighbours of\n"
    "          learn --vectors, --no-cited without the prior of the most cited laws\n"
    "          (when the model keeps no law prior)\n"
    "  eval    --db DIR --known-item [--per-genre N] [--seed S] [--words K|MIN-MAX]\n"
    "          [--verbose] [--model FILE | --no-model] [--no-thesaurus]   simulated\n"
    "          known-item queries from the index (a passage's words, by tf-idf): found@10\n"
    "          and MRR@10 per genre\n"
    "  learn   --db DIR [--out FILE] [--min-count N] [--top N] [--min-g2 X] FILE.jsonl...\n"
    "          learn lay-to-legal word associations from answered questions; stored in the\n"
    "          index (every search then uses them) or written to FILE (for eval --model)\n"
    "  learn   --db DIR --vectors [--fasttext PROGRAM] [--out FILE]   train word vectors on\n"
    "          the index's text with fastText; questions' rare words then bring their\n"
    "          nearest neighbours\n"
    "  feedback --db DIR [--json] [--csv FILE] [--xlsx FILE] [--threshold X] [DRAFT]\n"
    "          the drafts that have feedback; with DRAFT, its dashboard: per article the\n"
    "          suggestions by status and contact point, hottest first, and the groups of\n"
    "          near-duplicates (similarity >= X, default 0.30); --csv/--xlsx export one row\n"
    "          per suggestion with its group (--csv - : standard output)\n"
    "  suggest --db DIR [--json] [--limit N] TEXT   what the search box suggests for TEXT\n"
    "          typed so far: law titles, short titles, abbreviations, vocabulary, by their\n"
    "          beginning, a part, their pinyin (canjiren) or initials (cjrbzf)\n"
    "  diff    --db DIR [--json] LAW [FROM TO]   two versions of a law article by article:\n"
    "          each aligned by content (renumbered articles are found), marked unchanged,\n"
    "          moved, changed (with the characters that changed), added or removed; FROM\n"
    "          and TO: version ids or dates (2015, 2015-03-15), else the two latest\n"
    "  analyze [--db DIR] TEXT   print the terms the analyzer makes of TEXT\n"
    "\n"
    "The database may also be given by the environment variable NPCSEARCH_DB.  Where a\n"
    "command reads an index, --db may name a shard list instead (local and remote shards,\n"
    "docs/operations.md).\n";

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {{"index", cmd_index},     {"query", cmd_query},       {"stats", cmd_stats},
                {"check", cmd_check},     {"eval", cmd_eval},         {"learn", cmd_learn},
                {"analyze", cmd_analyze}, {"feedback", cmd_feedback}, {"suggest", cmd_suggest},
                {"diff", cmd_diff}};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(cli_usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(cmd, commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(cli_usage, stdout);
        return 0;
    }
    return usage_error("unknown command \"%s\"", cmd);
}

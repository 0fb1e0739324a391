/*
 * common.h — what the subcommands of npcsearch share: the usage text and its errors, messages
 * for a failed call, number options, the index path, the learning step's options; and the
 * commands themselves, one file each (index.c, stats.c, check.c, query.c, eval.c, learn.c,
 * analyze.c, feedback.c, suggest.c).
 *
 * Exit status: 0 success; 1 failure (the message names the problem); 2 usage error;
 * 3 (index) the run finished but some files were skipped.
 */
#ifndef NPC_CLI_COMMON_H
#define NPC_CLI_COMMON_H

#include <jansson.h>

#include "base/status.h"
#include "learn/assoc.h"

/* The text of npcsearch --help (main.c). */
extern const char cli_usage[];

/* Prints "npcsearch: MESSAGE", a blank line and the usage to stderr; returns 2. */
__attribute__((format(printf, 1, 2))) int usage_error(const char *fmt, ...);

/* Prints "npcsearch: STATUS: DETAIL" to stderr; returns 1. */
int fail(npc_status st, const npc_err *err);

/* Reads a non-negative decimal integer up to max into *out; 0 when s is not one. */
int parse_uint(const char *s, unsigned long max, unsigned long *out);

/* The string member k of o, "" when it has none. */
const char *json_str(json_t *o, const char *k);

/* Prints res as one JSON object on one line; 0, or 1 when memory runs out. */
int print_json(json_t *res);

/* The index directory: the --db option when given, else $NPCSEARCH_DB when set and not empty,
 * else NULL. */
const char *db_path(const char *opt);

/* The options of the learning step, shared by learn and eval (getopt codes 'M' --min-count,
 * 'K' --top, 'G' --min-g2): reads option c into *p and returns 1, or returns 0 when c is none of
 * them.  A bad value sets *bad to the usage error's exit status. */
int parse_learn_opt(int c, const char *arg, npc_assoc_params *p, int *bad);

/* The subcommands: each takes its own argv (argv[0] is the command's name) and returns the
 * exit status. */
int cmd_index(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_learn(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_feedback(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif

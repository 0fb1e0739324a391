/*
 * progress.h — the progress display of `npcsearch index`: one line redrawn in place on a
 * terminal (files and MB done, documents/s, time left), a plain line at each phase and every
 * few seconds when asked for off a terminal, nothing otherwise.  It draws on the stream given,
 * which it borrows.
 */
#ifndef NPC_CLI_PROGRESS_H
#define NPC_CLI_PROGRESS_H

#include <stdio.h>

#include "indexer.h"

enum cli_progress_mode {
    CLI_PROGRESS_OFF,
    CLI_PROGRESS_LINE,  /* a terminal: one line, redrawn */
    CLI_PROGRESS_PLAIN, /* not a terminal (--progress): a line per phase and every 10 s */
};

typedef struct cli_progress {
    enum cli_progress_mode mode;
    FILE *out;
    double plain_at; /* when the last plain line was written */
    int drawn;       /* a redrawn line is on the screen */
} cli_progress;

/* The mode for the flags given (-1 neither, 0 --quiet, 1 --progress): by default a redrawn
 * line when both out and standard output are terminals (never under cron). */
enum cli_progress_mode cli_progress_choose(int asked, FILE *out);

/* The callback for npc_index_opts.progress; ctx is a cli_progress. */
void cli_progress_show(const npc_index_progress *p, void *ctx);

/* Clears a redrawn line (before a message or the final counts). */
void cli_progress_clear(cli_progress *pr);

#endif

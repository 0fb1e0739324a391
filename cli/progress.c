/*
 * progress.c — the progress display of `npcsearch index` (progress.h).
 */
#include "progress.h"

#include <string.h>
#include <unistd.h>

#define PLAIN_EVERY 10.0 /* seconds between two plain lines within a phase */

enum cli_progress_mode cli_progress_choose(int asked, FILE *out)
{
    int tty = isatty(fileno(out)) && isatty(STDOUT_FILENO);
    if (asked == 0) {
        return CLI_PROGRESS_OFF;
    }
    if (tty) {
        return CLI_PROGRESS_LINE;
    }
    return asked == 1 ? CLI_PROGRESS_PLAIN : CLI_PROGRESS_OFF;
}

/* "1:05" or "1:02:03". */
static void clock_text(double s, char *buf, size_t cap)
{
    unsigned long t = s > 0 ? (unsigned long)(s + 0.5) : 0;
    if (t >= 3600) {
        snprintf(buf, cap, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    } else {
        snprintf(buf, cap, "%lu:%02lu", t / 60, t % 60);
    }
}

/* What the line says for p. */
static void describe(const npc_index_progress *p, char *buf, size_t cap)
{
    if (strcmp(p->phase, "indexing") != 0) {
        snprintf(buf, cap, "npcsearch: %s%s (%.1f s)", p->phase,
                 strcmp(p->phase, "done") == 0 ? "" : " …", p->seconds);
        return;
    }
    char left[32] = "?";
    if (p->bytes > 0 && p->phase_seconds > 0.5) {
        double rest = p->phase_seconds * (double)(p->bytes_total - p->bytes) / (double)p->bytes;
        clock_text(rest, left, sizeof left);
    }
    double rate = p->phase_seconds > 0 ? (double)p->documents / p->phase_seconds : 0;
    snprintf(buf, cap, "npcsearch: indexing %zu/%zu files, %.1f/%.1f MB, %.0f documents/s, %s left",
             p->files, p->files_total, (double)p->bytes / 1e6, (double)p->bytes_total / 1e6, rate,
             left);
}

void cli_progress_show(const npc_index_progress *p, void *ctx)
{
    cli_progress *pr = ctx;
    char line[256];
    switch (pr->mode) {
    case CLI_PROGRESS_OFF:
        return;
    case CLI_PROGRESS_LINE:
        if (strcmp(p->phase, "done") == 0 || strcmp(p->phase, "message") == 0) {
            cli_progress_clear(pr);
            return;
        }
        describe(p, line, sizeof line);
        fprintf(pr->out, "\r%s\033[K", line); /* redrawn in place, the rest of the old erased */
        fflush(pr->out);
        pr->drawn = 1;
        return;
    case CLI_PROGRESS_PLAIN:
        if (strcmp(p->phase, "message") == 0) {
            return;
        }
        if (p->phase_seconds > 0 && p->seconds - pr->plain_at < PLAIN_EVERY) {
            return; /* a phase's first report has phase_seconds 0: always written */
        }
        pr->plain_at = p->seconds;
        describe(p, line, sizeof line);
        if (strcmp(p->phase, "indexing") == 0) {
            fprintf(pr->out, "%s (%.1f s)\n", line, p->seconds);
        } else {
            fprintf(pr->out, "%s\n", line);
        }
        fflush(pr->out);
        return;
    }
}

void cli_progress_clear(cli_progress *pr)
{
    if (pr->drawn) {
        fputs("\r\033[K", pr->out);
        fflush(pr->out);
        pr->drawn = 0;
    }
}

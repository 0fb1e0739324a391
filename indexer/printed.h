/*
 * printed.h — a report as printed on a page, read as a person reads it.  The text of a
 * newspaper page laid out in columns, or of a scan, ends every printed line: a line break falls
 * inside sentences and words (深|度融合), blank lines fall where a column ends, the headline
 * stands in the middle of the page with its —— subtitle, a byline (本报记者 …) stands alone,
 * and display headings come doubled from the print layout (保持政治定力保持政治定力).
 *
 * A page is taken as printed by its features, whatever its name: of its lines of 8 characters
 * or more (at least 8 of them), half or more are broken (at most 80 characters, ending without
 * 。！？：；…, the text going on after them).
 * Its text is then rewritten, one paragraph a line: lines joined while a sentence goes on
 * (the line break dropped, with the blank lines and page numbers in between); display lines
 * (a block of short lines without sentence marks, after a finished paragraph) kept apart, their
 * doubled words collapsed; the headline and subtitle first, as one line (headline——subtitle),
 * else the first display line; then the byline and the lead it opens (up to the first run-in
 * heading, report.h); then the rest in the order of the text.  A text that is not printed but
 * opens with a sentence, and holds a headline over a —— subtitle, is rewritten the same way
 * (its lines as they are, one paragraph each), so that the title is never a body line when the
 * text holds a better one.  Everything else is read as it is.  Pure, thread-safe.
 */
#ifndef NPC_PRINTED_H
#define NPC_PRINTED_H

#include <stddef.h>

#include "base/status.h"

/* Room for a byline, with its NUL. */
#define NPC_BYLINE_MAX 128

typedef struct npc_printed {
    char *text; /* the text rewritten (malloc'd, NUL-terminated), NULL when read as it is */
    size_t len;
    int printed;                 /* 1 when the page was taken as printed */
    char byline[NPC_BYLINE_MAX]; /* 本报记者 李晓娟: a display line naming the writer; "" */
} npc_printed;

/*
 * Reads s[0..len) (UTF-8): fills out (its text the caller's: npc_printed_release).  Fails
 * only when out of memory (out then holds no text).
 */
npc_status npc_printed_read(const char *s, size_t len, npc_printed *out, npc_err *err);

void npc_printed_release(npc_printed *p);

#endif

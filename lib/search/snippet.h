/*
 * snippet.h — a short extract of a document's original text with the matched words marked.
 *
 * The text is analysed with the same analyzer as the query; a word whose term the query holds
 * is marked, and so is a run of two or more consecutive matching bigrams (three characters or
 * more in common), or one matching bigram that is a whole query word (npc_query_pair_words:
 * 养犬, which ICU splits 养|犬 and which matched through its bigram alone).  Marks sit on the bytes
 * of the original text (never on a re-spaced or folded copy).  The result is HTML: text escaped,
 * marks as <mark>…</mark>.
 */
#ifndef NPC_SNIPPET_H
#define NPC_SNIPPET_H

#include <stddef.h>

#include "text/analyzer.h"
#include "query/query.h"
#include "base/status.h"

#define NPC_SNIPPET_CHARS 120       /* characters of context in a snippet */
#define NPC_SNIPPET_SCAN (64 << 10) /* only the first 64 KiB of a long text are scanned */

/* Builds the snippet of text[0..len) for query q.  breaks[0..breaks_len) are the text's word
 * boundaries stored at index time (npc_analyze_stored), or NULL.  *out is malloc'd,
 * NUL-terminated, freed by the caller with free(). */
npc_status npc_snippet(npc_analyzer *a, const npc_query *q, const char *text, size_t len,
                       const char *breaks, size_t breaks_len, char **out, npc_err *err);

/* How much of text[0..len) a snippet reads: all of it, or its first NPC_SNIPPET_SCAN bytes
 * cut back to a character boundary.  The indexer stores boundaries for this much. */
size_t npc_snippet_scan(const char *text, size_t len);

/* Appends s[0..len) HTML-escaped (& < > " ') to a malloc'd buffer; a helper shared with the
 * page renderer.  Returns 0 on allocation failure. */
int npc_html_escape_append(char **buf, size_t *blen, size_t *bcap, const char *s, size_t len);

#endif

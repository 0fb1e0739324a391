/*
 * extract.h — plain text out of the formats offices keep documents in: Word (.docx, through
 * libzip and libxml2), PDF (.pdf, through poppler-glib) and web pages (.html/.htm, through
 * libxml2's HTML parser).
 *
 * The text comes out as UTF-8: the document's title on the first line (the file's own title
 * property when it has one, else its first paragraph), a blank line, then one paragraph per
 * line.  The indexer then treats it like a plain-text report.  Nothing is fetched from the
 * network and no external entity is expanded; a Word file's XML is read only up to the size
 * limit (no zip bomb gets through).
 */
#ifndef NPC_EXTRACT_H
#define NPC_EXTRACT_H

#include <stddef.h>

#include "base/status.h"

typedef enum npc_format {
    NPC_FORMAT_TEXT = 0, /* .md, .txt, .csv: read as text */
    NPC_FORMAT_DOCX,
    NPC_FORMAT_PDF,
    NPC_FORMAT_HTML,
} npc_format;

/* The format of a file, by its extension (case-insensitive). */
npc_format npc_format_of(const char *name);

/*
 * Extracts the text of a document of format f (not NPC_FORMAT_TEXT) from its bytes.  max is
 * the most text (and, for .docx, uncompressed XML) accepted.  On success *out is the caller's
 * (free), NUL-terminated, *len bytes.  NPC_EFORMAT names what is broken (not a zip, no
 * word/document.xml, a damaged or encrypted PDF, …); NPC_EEMPTY when there is no text (a
 * scanned PDF without a text layer); NPC_ETOOBIG over max.
 */
npc_status npc_extract(npc_format f, const char *data, size_t size, size_t max, char **out,
                       size_t *len, npc_err *err);

#endif

/*
 * prep_internal.h — what the preparer's files share.  prep.c reads a file and hands it to one
 * genre: prep_law.c (law Markdown), prep_report.c (reports), prep_feedback.c (feedback
 * Markdown and CSV tables); they build documents with docbuild.h and cites.h.
 */
#ifndef NPC_PREP_INTERNAL_H
#define NPC_PREP_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "base/status.h"
#include "classify.h"
#include "prep.h"
#include "text/analyzer.h"

/* reports/index.json of the last report's folder, cached: one folder holds many reports. */
typedef struct npc_report_index {
    char *dir;     /* the folder holding it */
    json_t *index; /* its array of entries */
} npc_report_index;

void npc_report_index_release(npc_report_index *ri);

struct npc_prep {
    npc_analyzer *body;   /* for the text of a file */
    npc_analyzer *fields; /* for titles and headings while the body analysis is in use */
    size_t max_bytes;
    npc_report_index rindex;
};

/* The file being prepared: its text (borrowed) and what its genre finds about it; date starts
 * as the date in the file name. */
typedef struct npc_prep_source {
    const npc_file *f;
    const char *text;
    size_t len;
    char category[NPC_CLASS_MAX], region[NPC_CLASS_MAX], date[NPC_DATE_MAX];
} npc_prep_source;

/* The genres.  Each appends the documents of src to out; on failure out may hold some, which
 * the caller releases. */

/* A law: one document for the law, one per article (prep_law.c). */
npc_status npc_prep_law(npc_prep *p, npc_prep_source *src, npc_prepared *out, npc_err *err);

/* A report, from byte start of the text (after any front matter): one document per section,
 * or one for a report without headings (prep_report.c). */
npc_status npc_prep_report(npc_prep *p, npc_prep_source *src, size_t start, npc_prepared *out,
                           npc_err *err);

/* A Markdown submission with "type: feedback" front matter fm, its text from byte start
 * (prep_feedback.c). */
npc_status npc_prep_feedback_md(npc_prep *p, npc_prep_source *src, size_t start, json_t *fm,
                                npc_prepared *out, npc_err *err);

/* A CSV summary table: one feedback document per row (prep_feedback.c). */
npc_status npc_prep_feedback_csv(npc_prep *p, npc_prep_source *src, npc_prepared *out,
                                 npc_err *err);

#endif

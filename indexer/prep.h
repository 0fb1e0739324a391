/*
 * prep.h — turns one corpus file into ready-to-write Xapian documents.
 *
 * Genres: law Markdown (one document for the law, one per article), plain-text and Markdown
 * reports (one document per section when it has headings, report.h; else one), Markdown
 * feedback with a front-matter block (one document), CSV feedback tables in UTF-8 or GB18030
 * (one document per row, feedback.h).  Citations of law articles in any of them are indexed
 * (cite.h).  A file that cannot be read is refused with a reason; nothing about it reaches the
 * index.
 * A preparer is used by one thread at a time; it borrows the lexicon.
 */
#ifndef NPC_PREP_H
#define NPC_PREP_H

#include <stddef.h>
#include <stdint.h>

#include "text/lexicon.h"
#include "base/status.h"
#include "walk.h"
#include "xapian-c/xc.h"

typedef struct npc_prep npc_prep;

/* The documents of one file, owned by the struct: release with npc_prepared_release. */
typedef struct npc_prepared {
    xc_doc **docs;
    char **ids; /* unique-id term of each document (NPC_P_ID + id) */
    size_t n, cap;
    size_t articles; /* how many of them are articles */
    char *file_term; /* NPC_P_FILE + relative path */
    int ignored;     /* 1: not a corpus document (README.md, index.json …), nothing to index */
    uint64_t hash;   /* npc_content_hash of the file's bytes */
} npc_prepared;

npc_status npc_prep_new(const npc_lexicon *lx, size_t max_file_bytes, npc_prep **out, npc_err *err);
void npc_prep_free(npc_prep *p);

/*
 * Reads and prepares file f.  On failure (unreadable, empty, binary, over the size limit, not
 * UTF-8, malformed) returns the status with a detail naming the problem and leaves *out
 * empty.  An ignored file returns NPC_OK with out->ignored set.
 */
npc_status npc_prep_file(npc_prep *p, const npc_file *f, npc_prepared *out, npc_err *err);
void npc_prepared_release(npc_prepared *out);

/* 1 when the file is one the indexer reads (by name), 0 when it is ignored. */
int npc_prep_wants(const char *rel);

/*
 * Reads the law title of a Markdown file into buf (NUL-terminated), before the index run: the
 * title lawmd.h finds (npc_law_title) in its first 8 KiB, which must hold the INFO END marker
 * and no front matter.  Returns 1 when the file is a law whose title can serve as a lexicon
 * entry (valid UTF-8, at most 180 bytes and cap - 1, not a sentence), 0 otherwise (prep_law.c).
 */
int npc_prep_law_title(const char *abs, const char *rel, char *buf, size_t cap);

#endif

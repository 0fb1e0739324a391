/*
 * prep_docs.h — the documents the preparer (indexer/prep.h) makes of one file, as the index
 * holds them: written into a scratch Xapian database and read back through xc.h (terms with
 * their wdf, the date value, the packed facets, the stored JSON), so that a test asserts on
 * plain data after every xc_* call has returned.
 */
#ifndef NPC_TEST_PREP_DOCS_H
#define NPC_TEST_PREP_DOCS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "index/schema.h"

typedef struct npc_test_doc {
    char *id; /* without its NPC_P_ID prefix */
    char **terms;
    uint32_t *wdf;
    size_t nterms;
    char *date;                /* value NPC_SLOT_DATE */
    char *facets[NPC_NFACETS]; /* the values packed in NPC_SLOT_FACETS, in npc_facet_slots order */
    json_t *data;              /* the stored JSON */
} npc_test_doc;

typedef struct npc_test_prepared {
    npc_test_doc *docs; /* in the order the preparer made them */
    size_t n, articles;
    npc_status st; /* npc_prep_file's answer */
    npc_err err;
} npc_test_prepared;

/*
 * Writes content to root/rel (creating its folders) and prepares it as the indexer would a file
 * of that path, with the test lexicon (support.h).  Returns 0 when the fixture itself failed
 * (a file, the database); out->st is the preparer's status.  Release with
 * npc_test_prepared_release.
 */
int npc_test_prepare(const char *root, const char *rel, const char *content,
                     npc_test_prepared *out);
void npc_test_prepared_release(npc_test_prepared *p);

/* Writes content to root/rel, creating its folders; 0 on failure. */
int npc_test_write(const char *root, const char *rel, const char *content);

/* A new scratch directory (malloc'd path), and its removal with everything in it. */
char *npc_test_tmpdir(void);
void npc_test_rmdir(char *dir);

/* The document with this id, NULL when there is none. */
const npc_test_doc *npc_test_doc_by_id(const npc_test_prepared *p, const char *id);

/* The wdf of term in d (0 for a filter term), -1 when d lacks it. */
long npc_test_term(const npc_test_doc *d, const char *term);

/* How many terms of d start with prefix. */
size_t npc_test_terms_with(const npc_test_doc *d, const char *prefix);

/* The facet named name (npc_facet_names) of d: "" when it has none. */
const char *npc_test_facet(const npc_test_doc *d, const char *name);

/* A stored string field of d, NULL when absent or not a string. */
const char *npc_test_field(const npc_test_doc *d, const char *key);

#endif

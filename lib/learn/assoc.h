/*
 * assoc.h — learned lay-to-legal term associations (a translation model).
 *
 * Learned from pairs of a question and the text of the articles that answer it: for each
 * question word, the article words that occur in the answers of questions holding it more often
 * than in the answers of questions at large.  Both sides are analysed by the one analyzer
 * (words only: no bigrams, no numbering, no lone Chinese characters).
 *
 * For a question word q and an article word t over n questions: a = questions holding q,
 * b = questions whose answers hold t, c = questions with both.  A pair is kept when c >= min
 * count, the association is positive (c/a > b/n) and Dunning's log-likelihood ratio G² of the
 * 2×2 table reaches min_g2; its weight is the lift over chance, (c/a - b/n) / (1 - b/n), in
 * (0, 1].  Each question word keeps its top_k targets by weight.  A pair seen in one question
 * only is never kept (min count >= 2), so nothing is learned from a single question.
 *
 * The model also counts, for each law (npc_law_key of the answer's title) and for each answer's
 * document (its id), the questions it answered; those answering at least min count of them are
 * kept: priors over laws and over documents, learned from the same answered questions
 * (lib/query/plan.c LAW_PRIOR_SCALE and DOC_PRIOR_SCALE lift them for questions).
 *
 * The model is stored in the index under NPC_META_ASSOC (schema.h) or in a file, in the text
 * format of npc_assoc_serialize.  A finished model is read-only and may be shared by threads.
 */
#ifndef NPC_ASSOC_H
#define NPC_ASSOC_H

#include <stddef.h>

#include "text/analyzer.h"
#include "base/status.h"

typedef struct npc_assoc npc_assoc;
typedef struct npc_assoc_learner npc_assoc_learner;

typedef struct npc_assoc_params {
    unsigned min_count; /* c >= this (at least 2) */
    double min_g2;      /* G² >= this (10.83: p < 0.001 for one degree of freedom) */
    unsigned top_k;     /* targets kept per question word */
} npc_assoc_params;

#define NPC_ASSOC_DEFAULT_PARAMS ((npc_assoc_params){.min_count = 3, .min_g2 = 10.83, .top_k = 20})

/* A law or a document of the priors, with its count. */
typedef struct npc_assoc_count {
    const char *key; /* npc_law_key, or a document's id (borrowed from the model) */
    unsigned count;  /* questions it answered (>= the min count it was learned with), or, in a
                      * model of laws only (npc_assoc_of_laws), what its maker counted */
} npc_assoc_count;

typedef struct npc_assoc_target {
    const char *term; /* folded analyzer word (borrowed from the model) */
    double weight;    /* (0, 1] */
} npc_assoc_target;

/* A learner over analyzer a (borrowed; must outlive the learner).  *out is the caller's, freed
 * with npc_assoc_learner_free. */
npc_status npc_assoc_learner_new(npc_analyzer *a, npc_assoc_learner **out, npc_err *err);
void npc_assoc_learner_free(npc_assoc_learner *l);

/* Adds one question (UTF-8) with the texts of its answers (UTF-8, e.g. title, chapter and text
 * of each answering article).  Fails with the analyzer's status (NPC_EUTF8 ...) or NPC_ENOMEM. */
npc_status npc_assoc_learner_add(npc_assoc_learner *l, const char *question, size_t qlen,
                                 const char *const *answers, const size_t *alens, size_t nanswers,
                                 npc_err *err);

/* Counts law `key` (npc_law_key of an answer's title) as answering the question added last;
 * a law is counted once a question.  Nothing before the first question.  NPC_ENOMEM. */
npc_status npc_assoc_learner_law(npc_assoc_learner *l, const char *key, size_t len, npc_err *err);

/* Counts the document with id[0..len) (NPC_FIELD_ID of an answer) as answering the question
 * added last, once a question.  Nothing before the first question.  NPC_ENOMEM. */
npc_status npc_assoc_learner_doc(npc_assoc_learner *l, const char *id, size_t len, npc_err *err);

/* Questions added so far. */
size_t npc_assoc_learner_count(const npc_assoc_learner *l);

/* Computes the model from the questions added (the learner stays usable).  *out is the
 * caller's, freed with npc_assoc_free.  NPC_EINVAL for min_count < 2 or top_k == 0. */
npc_status npc_assoc_learn(const npc_assoc_learner *l, const npc_assoc_params *p, npc_assoc **out,
                           npc_err *err);

/* Text format: a first line "npc.assoc 3 QUESTIONS", then one line per law kept,
 * "=LAW\tQUESTIONS", one per document kept, "+ID\tQUESTIONS", and one line per question word:
 * "WORD\tTARGET\tWEIGHT\tTARGET\tWEIGHT…" (a word never starts with "=" or "+").  Versions 1
 * (no law lines) and 2 (no document lines) are still read.  *out is malloc'd
 * (caller frees). */
npc_status npc_assoc_serialize(const npc_assoc *m, char **out, size_t *out_len, npc_err *err);

/* Reads the text format; NPC_EFORMAT names the first bad line.  An empty text gives an empty
 * model. */
npc_status npc_assoc_load(const char *text, size_t len, npc_assoc **out, npc_err *err);
void npc_assoc_free(npc_assoc *m);

/* The targets of question word `term` (folded), strongest first; 0 when it has none.  *out is
 * borrowed from the model. */
size_t npc_assoc_lookup(const npc_assoc *m, const char *term, size_t len,
                        const npc_assoc_target **out);

/* A model that holds laws[0..n) and nothing else, keys copied: the most cited laws of an index
 * (learn/cites.h) take the place of the learned law prior this way.  *out is the caller's,
 * freed with npc_assoc_free.  NPC_EINVAL for a key given twice, NPC_ENOMEM. */
npc_status npc_assoc_of_laws(const npc_assoc_count *laws, size_t n, npc_assoc **out, npc_err *err);

/* The laws kept, sorted by key; *out borrowed from the model. */
size_t npc_assoc_laws(const npc_assoc *m, const npc_assoc_count **out);

/* The documents kept (key: the id), sorted by id; *out borrowed from the model. */
size_t npc_assoc_docs(const npc_assoc *m, const npc_assoc_count **out);

/* Question words with targets, and the number of questions the model was learned from. */
size_t npc_assoc_size(const npc_assoc *m);
size_t npc_assoc_questions(const npc_assoc *m);

#endif

/*
 * vectors.h — word vectors trained on the index's own text (fastText skipgram), kept as the
 * nearest neighbours of its frequent words: 赡养 → 扶养, 抚养 …  A question's rare words bring a
 * few of their neighbours at query time (lib/query/plan.c), beside the thesaurus and the learned
 * expansion.
 *
 * Training (`npcsearch learn --vectors`): the analyzer's words (two characters or more, and
 * letters and digits) of every document's title and text, one document a line, except the
 * whole-law documents whose articles are documents too; Debian's `fasttext skipgram` run on
 * them as a subprocess; `fasttext nn` asked for the neighbours of the most frequent words.  A
 * neighbour is kept when it is itself one of those words (subword vectors name strings the
 * index never saw) and its cosine reaches min_sim.  The result is a model of the learned
 * expansion's form (assoc.h: word → targets with weights in (0, 1], the cosine), stored in the
 * index under NPC_META_VECTORS.
 */
#ifndef NPC_VECTORS_H
#define NPC_VECTORS_H

#include <stddef.h>

#include "base/status.h"
#include "learn/assoc.h"
#include "search/search.h"
#include "xapian-c/xc.h"

typedef struct npc_vectors_params {
    unsigned dim, epoch, min_count, threads; /* fastText's -dim -epoch -minCount -thread */
    size_t words;                            /* the most frequent words given neighbours */
    unsigned neighbours;                     /* kept per word, at most */
    double min_sim;                          /* cosine a neighbour reaches */
} npc_vectors_params;

#define NPC_VECTORS_DEFAULT_PARAMS                                                                 \
    ((npc_vectors_params){.dim = 100,                                                              \
                          .epoch = 5,                                                              \
                          .min_count = 10,                                                         \
                          .threads = 2,                                                            \
                          .words = 30000,                                                          \
                          .neighbours = 5,                                                         \
                          .min_sim = 0.6})

/*
 * Trains vectors on the documents of s's index with the fasttext program (a path or a name
 * looked up in PATH) in a scratch directory under $TMPDIR (or /tmp), removed afterwards, and
 * makes the neighbour model *out (the caller's, npc_assoc_free; its "questions" count is the
 * number of documents trained on).  Fails with NPC_EIO when fasttext cannot be run or fails
 * (detail: its exit status), NPC_EINVAL for a zero parameter, or the index's errors.
 */
npc_status npc_vectors_train(npc_searcher *s, const npc_vectors_params *p, const char *fasttext,
                             npc_assoc **out, npc_err *err);

/* The neighbour model stored in db; *out NULL when there is none.  *out is the caller's. */
npc_status npc_vectors_read(const xc_db *db, npc_assoc **out, npc_err *err);

/* Stores m in the index at dir under NPC_META_VECTORS (m NULL: removes it), as
 * npc_assoc_store stores a learned model (the index lock, every shard). */
npc_status npc_vectors_store(const char *dir, const npc_assoc *m, npc_err *err);

#endif

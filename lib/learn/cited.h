/*
 * cited.h — the laws an index's own documents cite most: a prior over laws for questions when
 * no answered question taught one (lib/query/plan.c CITE_PRIOR_SCALE).
 *
 * The laws that an office's laws, reports and feedback cite most (刑法, 民事诉讼法, 民法典 …) are
 * the general ones, and questions in plain words mostly ask about those.  A law's count is the
 * number of documents holding its law-alone citation term (npc_cite_term with article 0, which
 * a document citing any of its articles holds too), read from the index's term frequencies:
 * nothing is learned from questions, and it follows the index as documents come and go.
 */
#ifndef NPC_CITED_H
#define NPC_CITED_H

#include <stddef.h>

#include "base/status.h"
#include "learn/assoc.h"
#include "xapian-c/xc.h"

/* The laws a searcher reads for the cited-law prior. */
#define NPC_CITED_LAWS 64

/* The max laws of db most cited, as a model of laws only (npc_assoc_of_laws: each law's count
 * the documents citing it), ties broken by key; an empty model when nothing is cited.  *out is
 * the caller's, freed with npc_assoc_free.  Fails with db's status or NPC_ENOMEM. */
npc_status npc_cited_read(const xc_db *db, size_t max, npc_assoc **out, npc_err *err);

#endif

/*
 * dupes.h — near-duplicate suggestions: the suggestions of one draft that say the same thing
 * (one request reworded, or copied from one contact point to another with a word changed),
 * found among the suggestions added and numbered as groups.
 *
 * A suggestion is the set of words the one analyzer (text/analyzer.h) makes of it (Chinese
 * words, law titles, numbers, 第…条; its character bigrams left out: with them a grouping that
 * merges no two requests found fewer of the pairs of one, docs/feedback.md).  Each word weighs its
 * rarity among the suggestions added, idf = ln(1 + N / df), so the words every suggestion holds
 * (建议, 规定, the draft's own vocabulary) count little and the words of the request itself
 * (牵引绳, 1.5) much. Two suggestions are near-duplicates when their weighted Jaccard similarity,
 * the weight of the words they share over the weight of the words either holds, reaches the
 * threshold (NPC_DUPES_THRESHOLD unless the caller gives another); a group is what near-duplicate
 * pairs link (single linkage).  Every pair is compared: a draft has hundreds of suggestions, not
 * millions (docs/feedback.md measures it).
 *
 * Not thread-safe; the analyzer is borrowed and must outlive the set.
 */
#ifndef NPC_DUPES_H
#define NPC_DUPES_H

#include <stddef.h>

#include "base/status.h"
#include "text/analyzer.h"

/* The similarity from which two suggestions are one group.  Measured on the 266 suggestions
 * scripts/make-feedback-sample writes (59 requests, each worded one to four ways, some copied
 * between contact points), as pairs of suggestions of one request found in one group: the
 * lowest threshold that merges no two requests is 0.30 on the dog-keeping draft and 0.28 on
 * the property draft, each fitted alone; 0.30 keeps both pure (precision 1.00) and finds 71 %
 * and 60 % of their pairs; 0.25 merges different requests (precision 0.89, 0.92).
 * docs/feedback.md has the table. */
#define NPC_DUPES_THRESHOLD 0.30

/* Suggestions are refused beyond this many (NPC_ETOOBIG): every pair is compared. */
#define NPC_DUPES_MAX 20000

typedef struct npc_dupes npc_dupes;

/* An empty set over analyzer a (borrowed).  *out is the caller's, freed with npc_dupes_free. */
npc_status npc_dupes_new(npc_analyzer *a, npc_dupes **out, npc_err *err);
void npc_dupes_free(npc_dupes *d);

/* Adds a suggestion, text[0..len) (not kept): it is suggestion number npc_dupes_count() - 1.
 * Fails with the analyzer's status (NPC_EUTF8 …), NPC_ETOOBIG past NPC_DUPES_MAX, NPC_ENOMEM. */
npc_status npc_dupes_add(npc_dupes *d, const char *text, size_t len, npc_err *err);

size_t npc_dupes_count(const npc_dupes *d);

/* Groups the suggestions added: pairs of similarity >= threshold (0 < threshold <= 1) are one
 * group.  Groups are numbered from 1, the largest first, groups of one size in the order of
 * their first suggestion; every suggestion is in one (a suggestion alike to no other is a group
 * of one).  May be called again after more are added.  NPC_EINVAL for a threshold out of
 * range, NPC_ENOMEM. */
npc_status npc_dupes_group(npc_dupes *d, double threshold, npc_err *err);

/* After npc_dupes_group: the group of suggestion i (0 for one added since), the number of
 * groups, a group's size (0 for no such group). */
size_t npc_dupes_group_of(const npc_dupes *d, size_t i);
size_t npc_dupes_ngroups(const npc_dupes *d);
size_t npc_dupes_group_size(const npc_dupes *d, size_t group);

/* The weighted Jaccard similarity of suggestions i and j (0..1), with the weights of the
 * suggestions added so far. */
double npc_dupes_similarity(const npc_dupes *d, size_t i, size_t j);

#endif

/*
 * draft.h — a draft's feedback as the office that drafts it must answer it: per article, how
 * many suggestions, from which contact points, in which state (已采纳, 部分采纳 …), which say
 * the same thing (dupes.h), and the article's text when the draft itself is in the index; and
 * the drafts that have feedback.  Computed when asked, from the suggestions the index holds
 * (search.h npc_search_list): a draft has hundreds of them, and the answer follows every
 * reindexing with nothing stored for it.  docs/json.md describes the JSON.
 */
#ifndef NPC_DRAFT_H
#define NPC_DRAFT_H

#include <jansson.h>

#include "base/status.h"
#include "search/search.h"

/* Suggestions on one draft read at most; a draft with more is refused (NPC_ETOOBIG). */
#define NPC_DRAFT_MAX 10000

/*
 * The drafts that have feedback, most suggestions first (then by name):
 *   {"drafts": [{"draft": as written, "key": its filter form (npc_field_key), "total": N}]}
 * counting only what the searcher may show.  *out is the caller's reference.
 */
npc_status npc_drafts_list(npc_searcher *s, json_t **out, npc_err *err);

/*
 * The dashboard of draft (as written or in its filter form; () and （） alike), its suggestions
 * grouped at this similarity threshold (dupes.h; NPC_DUPES_THRESHOLD for the documented one):
 *   {"draft", "key", "total", "threshold",
 *    "law": {"id","title","date","category","region"} or null,
 *    "contact_points": [{"value","count"}], "statuses": [{"value","count"}],
 *    "articles": [{"article","article_sub","article_label","id","text","total",
 *                  "contact_points","statuses","groups": [{"group","count"}]}],
 *    "groups": [{"group","count","articles","text","ids"}],
 *    "suggestions": [{"id","path","seq","article_label","articles","text","reason","submitter",
 *                     "contact_point","date","status","group","group_size"}]}
 * articles hottest first (most suggestions, then in article order; the suggestions naming no
 * article last, article 0); a suggestion on two articles counts in both.  groups lists the
 * groups of two or more.  NPC_ENOTFOUND when the draft has no suggestion, NPC_EINVAL for a
 * threshold outside (0, 1], NPC_ETOOBIG past NPC_DRAFT_MAX.  *out is the caller's reference.
 */
npc_status npc_draft_dashboard(npc_searcher *s, const char *draft, double threshold, json_t **out,
                               npc_err *err);

#endif

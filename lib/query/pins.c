/*
 * pins.c — citations and law titles in the free text → the documents the search puts first
 * (see query_int.h).  A citation (a law title and 第…条 after it or before it, the grammar of
 * cite.h; the title may be an abbreviation, index/abbrev.h) and a query that is nothing but a
 * law title do not change weights: they make a separate "pin" query of the cited articles (or
 * of the law's whole-law documents) that the search puts first, latest version first
 * (lib/search).
 */
#include "query/query_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/cite.h"
#include "index/schema.h"

/* The documents of law key (of one article when article is not NULL) of one type. */
static npc_status key_query(const char *key, const char *article, const char *type, xc_query **out,
                            npc_err *err)
{
    qlist parts = {0};
    xc_query *q = NULL;
    npc_status st = term_query(NPC_P_LAW, key, strlen(key), 1, &q, err);
    if (st == NPC_OK) {
        st = qlist_push(&parts, q, err);
    }
    if (st == NPC_OK && article != NULL) {
        st = term_query(NPC_P_ARTICLE, article, strlen(article), 1, &q, err);
        if (st == NPC_OK) {
            st = qlist_push(&parts, q, err);
        }
    }
    if (st == NPC_OK && type != NULL) {
        st = term_query(NPC_P_TYPE, type, strlen(type), 1, &q, err);
        if (st == NPC_OK) {
            st = qlist_push(&parts, q, err);
        }
    }
    if (st != NPC_OK) {
        qlist_release(&parts);
        return st;
    }
    return qlist_combine(&parts, XC_OP_AND, 0, out, err);
}

/* Records the citation of article num-sub of law key in nq->cites. */
static npc_status record_citation(npc_query *nq, const char *key, uint32_t num, uint32_t sub,
                                  npc_err *err)
{
    npc_citation *c = realloc(nq->cites, (nq->ncites + 1) * sizeof *c);
    if (c == NULL) {
        return npc_fail(err, NPC_ENOMEM, "query");
    }
    nq->cites = c;
    npc_status st = add_string(&nq->keys, &nq->nkeys, key, strlen(key), err);
    if (st == NPC_OK) {
        nq->cites[nq->ncites++] = (npc_citation){nq->keys[nq->nkeys - 1], num, sub};
    }
    return st;
}

npc_status pins_of(npc_query *nq, const npc_analysis *an, const npc_lexicon *lx, const char *text,
                   size_t ntokens, npc_err *err)
{
    if (lx == NULL) {
        return NPC_OK;
    }
    size_t titles = 0;
    for (size_t i = 0; i < an->ntokens; i++) {
        titles += an->tokens[i].title >= 0;
    }
    qlist pins = {0};
    npc_status st = NPC_OK;
    for (size_t i = 0; st == NPC_OK && i < ntokens; i++) {
        const npc_token *t = &an->tokens[i];
        if (t->kind == NPC_TOK_BIGRAM || t->title < 0) {
            continue;
        }
        const char *key = npc_lexicon_title_key(lx, t->title);
        size_t nk = 0;
        xc_query *q = NULL;
        if (npc_cite_article_of_title(an, text, i, &nk)) {
            const npc_token *next = &an->tokens[nk];
            char art[32];
            npc_article_ref(art, sizeof art, next->num, next->sub);
            st = record_citation(nq, key, next->num, next->sub, err);
            if (st == NPC_OK) {
                st = key_query(key, art, NPC_TYPE_ARTICLE, &q, err);
            }
        } else if (titles == an->nwords) {
            /* nothing but titles: the law itself */
            st = key_query(key, NULL, NPC_TYPE_LAW, &q, err);
        }
        if (st == NPC_OK) {
            st = qlist_push(&pins, q, err);
        }
    }
    if (st == NPC_OK && pins.n > 0) {
        xc_query *p = NULL;
        st = qlist_combine(&pins, XC_OP_OR, 0, &p, err);
        xc_query_free(nq->pins);
        nq->pins = p;
    }
    qlist_release(&pins);
    return st;
}

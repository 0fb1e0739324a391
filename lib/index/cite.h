/*
 * cite.h — the one citation grammar: references to law articles in text, for the query (a
 * cited article is pinned first) and for the indexer (a citing document gets a term per cited
 * article, so "documents citing this article" is one query).
 *
 * A citation is an article number (第三十三条, 第33条, 第五十一条之一: one analyzer numbering
 * token) preceded, on the same line with nothing but spaces or 》 between, by
 *   - a law title the lexicon knows (残疾人保障法, 《中华人民共和国残疾人保障法》, 监督法): its
 * key;
 *   - a title in 《》 the lexicon does not know: the key written (npc_law_key of what is inside),
 *     unless it is a draft (…（草案）: not law; feedback names its draft in a field of its own);
 *   - 本法 / 本条例 / 本规定 / 本办法 / 本细则 inside a law: that law's key (self_key);
 *   - another citation and 、(第三十三条、第三十四条): the same key.
 * Articles are written as the analyzer normalises them: "33", "51-1".
 *
 * Pure functions over an analysis (analyzer.h): thread-safe when the analyses are.
 */
#ifndef NPC_CITE_H
#define NPC_CITE_H

#include <stddef.h>
#include <stdint.h>

#include "text/analyzer.h"
#include "text/lexicon.h"
#include "index/schema.h"
#include "base/status.h"

typedef struct npc_cite {
    char key[NPC_LAW_KEY_MAX + 8]; /* law key (npc_law_key) */
    uint32_t article, sub;         /* 51, 1 for 第五十一条之一 */
    uint32_t start, end;           /* byte range of the citation in the text */
    int known;                     /* 1: the key came from the lexicon or self_key */
} npc_cite;

/*
 * When token i of an (the analysis of text) is a law title the lexicon lx knows and an article
 * number follows it as a citation, returns the index of that numbering token; 0 otherwise.
 */
size_t npc_cite_after_title(const npc_analysis *an, const char *text, size_t i);

/*
 * The article a user cites with law title token i of an (a title the lexicon knows): the number
 * after it (npc_cite_after_title), else one written just before it, the other way round
 * (第33条 残疾人保障法, 第三十三条《残保法》: nothing but spaces or 《 between) when no title
 * before claims that number.  1 and the numbering token's index in *k, or 0.  For what users
 * type (queries, the citation filter): in a document an article number before a title is the
 * article's heading (第三条 残疾人保障法规定…), and npc_cite_scan does not read it so.
 */
int npc_cite_article_of_title(const npc_analysis *an, const char *text, size_t i, size_t *k);

/* Called for each citation found; return non-zero to stop. */
typedef int (*npc_cite_cb)(const npc_cite *c, void *ctx);

/*
 * Finds every citation in text[0..len) whose analysis (with the same analyzer, any flags) is
 * an; self_key (may be NULL) is the key of the law the text belongs to, for 本法.  Then each
 * law named in 《》 without an article after it (《中华人民共和国残疾人保障法》, its title maybe
 * broken over lines; a title ending in 法 or 条例, no draft, not self_key): a citation of the
 * law as a whole, article 0.  Returns how many were found.
 */
size_t npc_cite_scan(const npc_analysis *an, const npc_lexicon *lx, const char *text, size_t len,
                     const char *self_key, npc_cite_cb cb, void *ctx);

/*
 * Parses one citation as a user writes it (残疾人保障法第三十三条, 《残疾人保障法》第33条,
 * 第33条 残疾人保障法: npc_cite_article_of_title) with analyzer a, or a law alone (残疾人保障法:
 * article 0).  An unknown title gives its written key.
 * NPC_EINVAL when s names no law.
 */
npc_status npc_cite_parse(npc_analyzer *a, const char *s, size_t len, npc_cite *out, npc_err *err);

/* Writes the index term of a citation: NPC_P_CITES + key + "#" + article ("XK残疾人保障法#33",
 * "XK刑法#17-1"), or of the law alone when article is 0 ("XK残疾人保障法").  Returns its length,
 * 0 when it does not fit in cap. */
size_t npc_cite_term(const char *key, uint32_t article, uint32_t sub, char *buf, size_t cap);

/* Whether index term t[0..len) cites a law alone (npc_cite_term with article 0): then *key
 * points into t at the law's key, of *klen bytes, and it returns 1; 0 for any other term. */
int npc_cite_term_law(const char *t, size_t len, const char **key, size_t *klen);

#endif

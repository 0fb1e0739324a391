/*
 * abbrev.h — abbreviations of law names as people write them (残保法, 民诉法, 刑诉法), made
 * from the law keys a lexicon holds and added to it as aliases of their laws, so that the
 * analyzer makes a law title of them and every citation and pin (cite.h, lib/query/pins.c)
 * resolves them like the title itself.
 *
 * The rule is the usual one of Chinese abbreviation: one character from each word of the key
 * (the title without 中华人民共和国), words as ICU splits them, the ending 法 or 条例 kept:
 * 残疾|人|保障|法 → 残保法.  One-character words side by side are one word (城市|犬|只 →
 * 城犬), and one alone after a longer word is part of it (残疾|人, 消费|者); a four-character
 * word made of two words gives a character of each (国家安全 → 国安).  Two to four
 * characters come before the ending, else the rule gives none.  A short
 * curated table (abbrev.c) adds the irregular ones (个保法 for 个人信息保护法).
 *
 * Ambiguity: an abbreviation that two laws give is made for neither (no pin: it stays plain
 * words), unless the curated table names one; nor one that ends a law's key (防治法, of
 * 防沙治沙法, ends 传染病防治法 and others); one that already is an entry of the lexicon (a word,
 * a title or another alias) keeps that meaning.
 *
 * Abbreviations are never stored: the indexer adds them to its lexicon after storing it, and
 * every searcher after loading it, so both sides segment alike and the set always follows the
 * laws the index holds (a law added later can make an abbreviation ambiguous).
 */
#ifndef NPC_ABBREV_H
#define NPC_ABBREV_H

#include <stddef.h>

#include "text/analyzer.h"
#include "text/lexicon.h"
#include "base/status.h"

/*
 * Writes the abbreviation the rule gives law key `key` (UTF-8) into buf, NUL-terminated.
 * plain is an analyzer without a lexicon (npc_analyzer_new(NULL, …)), used as scratch.
 * Returns the abbreviation's length, 0 when the rule gives none or it does not fit in cap.
 */
size_t npc_abbrev_derive(npc_analyzer *plain, const char *key, char *buf, size_t cap);

/*
 * Adds to lx the abbreviations of the laws whose keys it holds: the curated ones, then the
 * derived ones that only one law gives and that end no key, none that already is an entry.
 * Deterministic: the same lexicon always gains the same aliases.  NPC_ENOMEM or NPC_EICU on failure
 * (lx may then hold some of them).
 */
npc_status npc_abbrev_add(npc_lexicon *lx, npc_err *err);

#endif

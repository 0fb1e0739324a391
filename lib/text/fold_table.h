/*
 * fold_table.h — the generated folding table (tools/gen_fold.c writes fold_table.c at build time).
 *
 * npc_fold_index[c] for a BMP code point c is 0 when c folds to itself; otherwise
 * (offset << 5) | length, and the folded UTF-16 units are npc_fold_pool[offset .. offset+length).
 * A length of 0 means the code point folds away (default-ignorable characters).
 */
#ifndef NPC_FOLD_TABLE_H
#define NPC_FOLD_TABLE_H

#include <stdint.h>

extern const uint16_t npc_fold_pool[];
extern const uint32_t npc_fold_index[65536];

#endif

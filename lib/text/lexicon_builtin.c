/*
 * lexicon_builtin.c — access to data/lexicon.txt, embedded at build time (cmake/embed.cmake).
 */
#include "text/lexicon.h"

extern const char npc_lexicon_data[];
extern const size_t npc_lexicon_data_len;

const char *npc_lexicon_builtin(size_t *len)
{
    *len = npc_lexicon_data_len;
    return npc_lexicon_data;
}

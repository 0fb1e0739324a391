/*
 * fuzz.h — what the libFuzzer targets share: the libFuzzer entry points, a check that aborts
 * (so that a broken invariant is a crash libFuzzer keeps), and one analyzer over the unit tests'
 * lexicon (built-in vocabulary plus four law titles), made once per process.
 */
#ifndef NPC_FUZZ_H
#define NPC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "text/analyzer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The process's analyzer (borrowed; lives until exit).  Aborts when it cannot be made. */
npc_analyzer *fuzz_analyzer(void);

#endif

/*
 * clock.h — the monotonic clock in seconds, for timings (indexer, searchd, eval).
 */
#ifndef NPC_CLOCK_H
#define NPC_CLOCK_H

#include <time.h>

/* Seconds on CLOCK_MONOTONIC: only differences mean anything. */
static inline double npc_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif

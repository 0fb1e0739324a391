/*
 * tmpdir.h — the unit tests' scratch directories: removing one with everything in it.  Kept
 * apart from support.h so that test_xc, which links only the Xapian wrapper, can use it.
 */
#ifndef NPC_TEST_TMPDIR_H
#define NPC_TEST_TMPDIR_H

/* Removes dir and everything below it (links are removed, not followed); 0 on success. */
int npc_test_rmtree(const char *dir);

#endif

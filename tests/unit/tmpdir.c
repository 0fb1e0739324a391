/*
 * tmpdir.c — removing a test's scratch directory (see tmpdir.h).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "tmpdir.h"

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int npc_test_rmtree(const char *dir)
{
    return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

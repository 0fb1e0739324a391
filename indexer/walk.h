/*
 * walk.h — lists the files under the roots given to `npcsearch index`.
 */
#ifndef NPC_WALK_H
#define NPC_WALK_H

#include <stddef.h>
#include <sys/types.h>

#include "base/status.h"

typedef struct npc_file {
    char *abs; /* path to open */
    char *rel; /* path relative to its root: the id base (for a file given directly: its name) */
    off_t size;
    long long mtime_ns;
} npc_file;

typedef struct npc_filelist {
    npc_file *files;
    size_t n, cap;
} npc_filelist;

/*
 * Appends the regular files under root (or root itself when it is a file), sorted by relative
 * path.  Hidden entries (starting with '.') and symbolic links to directories are not followed.
 * NPC_EIO names a root that cannot be read.  Release with npc_filelist_release.
 */
npc_status npc_walk(const char *root, npc_filelist *list, npc_err *err);
void npc_filelist_release(npc_filelist *list);

#endif

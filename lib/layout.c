/*
 * layout.c — index directory, stub file and shard assignment (see layout.h).
 */
#include "layout.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return 0;
    }
    struct dirent *de;
    int empty = 1;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            empty = 0;
            break;
        }
    }
    closedir(d);
    return empty;
}

/* Counts the "auto shardK" lines of the stub; 0 when it cannot be read. */
static size_t stub_shards(const char *stub)
{
    FILE *f = fopen(stub, "r");
    if (f == NULL) {
        return 0;
    }
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, "auto shard", 10) == 0) {
            n++;
        }
    }
    fclose(f);
    return n;
}

npc_status npc_layout_prepare(const char *dir, size_t want, size_t *nshards, npc_err *err)
{
    if (want == 0 || want > NPC_SHARDS_MAX) {
        return npc_fail(err, NPC_EINVAL, "shard count must be 1..%d", NPC_SHARDS_MAX);
    }
    char stub[4096];
    if (snprintf(stub, sizeof stub, "%s/XAPIANDB", dir) >= (int)sizeof stub) {
        return npc_fail(err, NPC_EINVAL, "database path too long");
    }
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (errno != ENOENT || mkdir(dir, 0777) != 0) {
            return npc_fail(err, NPC_EDB_OPEN, "cannot create %s: %s", dir, strerror(errno));
        }
    } else if (!S_ISDIR(sb.st_mode)) {
        return npc_fail(err, NPC_EDB_OPEN, "%s is not a directory", dir);
    }
    size_t n = stub_shards(stub);
    if (n > 0) {
        *nshards = n > NPC_SHARDS_MAX ? NPC_SHARDS_MAX : n;
        return NPC_OK;
    }
    if (!dir_is_empty(dir)) {
        return npc_fail(err, NPC_EDB_OPEN,
                        "%s is not empty and holds no npcsearch index (no XAPIANDB stub)", dir);
    }
    *nshards = want;
    return NPC_OK;
}

npc_status npc_layout_write_stub(const char *dir, size_t nshards, npc_err *err)
{
    char tmp[4096], stub[4096];
    snprintf(stub, sizeof stub, "%s/XAPIANDB", dir);
    if (snprintf(tmp, sizeof tmp, "%s/XAPIANDB.tmp", dir) >= (int)sizeof tmp) {
        return npc_fail(err, NPC_EINVAL, "database path too long");
    }
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        return npc_fail(err, NPC_EIO, "cannot write %s: %s", tmp, strerror(errno));
    }
    for (size_t k = 0; k < nshards; k++) {
        fprintf(f, "auto shard%zu\n", k);
    }
    int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, stub) != 0) {
        unlink(tmp);
        return npc_fail(err, NPC_EIO, "cannot write %s: %s", stub, strerror(errno));
    }
    return NPC_OK;
}

int npc_layout_shard_path(const char *dir, size_t k, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/shard%zu", dir, k);
    return n > 0 && (size_t)n < cap;
}

size_t npc_layout_shard_of(const char *rel, size_t nshards)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
        h = (h ^ *p) * 16777619u;
    }
    return h % nshards;
}

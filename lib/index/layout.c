/*
 * layout.c — index directory, generations, stub file, lock and shard assignment (layout.h).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "index/layout.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fnv.h"

#define STUB "XAPIANDB"
#define STUB_TMP "XAPIANDB.tmp"
#define LOCK "index.lock"
#define GEN_PREFIX "gen-"
#define LIVE "live"

/* Parses "gen-N": 1 and *n when name is one. */
static int gen_number(const char *name, unsigned long *n)
{
    if (strncmp(name, GEN_PREFIX, 4) != 0 || name[4] < '0' || name[4] > '9') {
        return 0;
    }
    char *end;
    *n = strtoul(name + 4, &end, 10);
    return *end == '\0';
}

/* "shardK" of the pre-generation layout */
static int is_legacy_shard(const char *name)
{
    if (strncmp(name, "shard", 5) != 0 || name[5] == '\0') {
        return 0;
    }
    for (const char *p = name + 5; *p; p++) {
        if (*p < '0' || *p > '9') {
            return 0;
        }
    }
    return 1;
}

/* Entries npcsearch itself puts in an index directory. */
static int is_ours(const char *name)
{
    unsigned long n;
    return strcmp(name, STUB) == 0 || strcmp(name, STUB_TMP) == 0 || strcmp(name, LOCK) == 0 ||
           strcmp(name, LIVE) == 0 || gen_number(name, &n) || is_legacy_shard(name);
}

/* Parses one stub line "auto [GEN/]shardK"; 1 when it is the next shard of l. */
static int stub_line(char *line, npc_layout *l)
{
    line[strcspn(line, "\r\n")] = '\0';
    if (strncmp(line, "auto ", 5) != 0) {
        return line[0] == '\0' || line[0] == '#';
    }
    char *path = line + 5, *slash = strchr(path, '/');
    char gen[sizeof l->gen] = "";
    if (slash != NULL) {
        unsigned long n;
        size_t gl = (size_t)(slash - path);
        if (gl >= sizeof gen) {
            return 0;
        }
        memcpy(gen, path, gl);
        gen[gl] = '\0';
        if (!gen_number(gen, &n)) {
            return 0;
        }
        path = slash + 1;
    }
    char want[32];
    snprintf(want, sizeof want, "shard%zu", l->nshards);
    if (strcmp(path, want) != 0 || l->nshards >= NPC_SHARDS_MAX ||
        (l->nshards > 0 && strcmp(gen, l->gen) != 0)) {
        return 0;
    }
    memcpy(l->gen, gen, sizeof gen);
    l->nshards++;
    return 1;
}

npc_status npc_layout_read(const char *dir, npc_layout *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    char stub[4096];
    if (snprintf(stub, sizeof stub, "%s/" STUB, dir) >= (int)sizeof stub) {
        return npc_fail(err, NPC_EINVAL, "database path too long");
    }
    FILE *f = fopen(stub, "r");
    if (f == NULL) {
        return errno == ENOENT || errno == ENOTDIR
                   ? npc_fail(err, NPC_ENOTFOUND, "%s holds no index (no %s)", dir, STUB)
                   : npc_fail(err, NPC_EDB_OPEN, "cannot read %s: %s", stub, strerror(errno));
    }
    struct stat sb;
    int ok = fstat(fileno(f), &sb) == 0;
    char line[256];
    while (ok && fgets(line, sizeof line, f) != NULL) {
        ok = stub_line(line, out);
    }
    fclose(f);
    if (!ok || out->nshards == 0) {
        memset(out, 0, sizeof *out);
        return npc_fail(err, NPC_EDB_OPEN, "%s was not written by npcsearch", stub);
    }
    out->stub_dev = (uint64_t)sb.st_dev;
    out->stub_ino = (uint64_t)sb.st_ino;
    out->stub_mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    return NPC_OK;
}

int npc_layout_changed(const char *dir, const npc_layout *l)
{
    char stub[4096];
    struct stat sb;
    snprintf(stub, sizeof stub, "%s/" STUB, dir);
    if (stat(stub, &sb) != 0) {
        return 1;
    }
    int64_t mt = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    return (uint64_t)sb.st_dev != l->stub_dev || (uint64_t)sb.st_ino != l->stub_ino ||
           mt != l->stub_mtime_ns;
}

npc_status npc_layout_prepare(const char *dir, npc_layout *live, npc_err *err)
{
    memset(live, 0, sizeof *live);
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (errno != ENOENT || mkdir(dir, 0777) != 0) {
            return npc_fail(err, NPC_EDB_OPEN, "cannot create %s: %s", dir, strerror(errno));
        }
        return NPC_OK;
    }
    if (!S_ISDIR(sb.st_mode)) {
        return npc_fail(err, NPC_EDB_OPEN, "%s is not a directory", dir);
    }
    npc_status st = npc_layout_read(dir, live, err);
    if (st != NPC_ENOTFOUND) {
        return st;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        return npc_fail(err, NPC_EDB_OPEN, "cannot read %s: %s", dir, strerror(errno));
    }
    struct dirent *de;
    const char *foreign = NULL;
    while ((de = readdir(d)) != NULL && foreign == NULL) {
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 && !is_ours(de->d_name)) {
            foreign = de->d_name;
        }
    }
    if (foreign != NULL) {
        st = npc_fail(err, NPC_EDB_OPEN, "%s holds %s and no npcsearch index (no %s stub)", dir,
                      foreign, STUB);
    } else {
        st = NPC_OK;
    }
    closedir(d);
    return st;
}

/* Syncs a directory so that a rename or mkdir in it survives a crash. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

npc_status npc_layout_new_gen(const char *dir, size_t nshards, npc_layout *out, npc_err *err)
{
    memset(out, 0, sizeof *out);
    if (nshards == 0 || nshards > NPC_SHARDS_MAX) {
        return npc_fail(err, NPC_EINVAL, "shard count must be 1..%d", NPC_SHARDS_MAX);
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        return npc_fail(err, NPC_EDB_OPEN, "cannot read %s: %s", dir, strerror(errno));
    }
    unsigned long top = 0, n;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (gen_number(de->d_name, &n) && n > top) {
            top = n;
        }
    }
    closedir(d);
    snprintf(out->gen, sizeof out->gen, GEN_PREFIX "%06lu", top + 1);
    char path[4200];
    if (snprintf(path, sizeof path, "%s/%s", dir, out->gen) >= (int)sizeof path) {
        return npc_fail(err, NPC_EINVAL, "database path too long");
    }
    if (mkdir(path, 0777) != 0) {
        return npc_fail(err, NPC_EDB_OPEN, "cannot create %s: %s", path, strerror(errno));
    }
    out->nshards = nshards;
    return NPC_OK;
}

npc_status npc_layout_publish(const char *dir, const npc_layout *l, npc_err *err)
{
    char tmp[4096], stub[4096];
    snprintf(stub, sizeof stub, "%s/" STUB, dir);
    if (snprintf(tmp, sizeof tmp, "%s/" STUB_TMP, dir) >= (int)sizeof tmp) {
        return npc_fail(err, NPC_EINVAL, "database path too long");
    }
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        return npc_fail(err, NPC_EIO, "cannot write %s: %s", tmp, strerror(errno));
    }
    for (size_t k = 0; k < l->nshards; k++) {
        fprintf(f, "auto %s%sshard%zu\n", l->gen, l->gen[0] ? "/" : "", k);
    }
    int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, stub) != 0) {
        int e = errno;
        unlink(tmp);
        return npc_fail(err, NPC_EIO, "cannot write %s: %s", stub, strerror(e));
    }
    sync_dir(dir);
    return npc_layout_link_live(dir, l, err);
}

npc_status npc_layout_link_live(const char *dir, const npc_layout *l, npc_err *err)
{
    char live[4200], link[4300], tmp[4300], target[4200];
    if (snprintf(live, sizeof live, "%s/" LIVE, dir) >= (int)sizeof live) {
        return npc_fail(err, NPC_EINVAL, "database path too long");
    }
    if (mkdir(live, 0777) != 0 && errno != EEXIST) {
        return npc_fail(err, NPC_EIO, "cannot create %s: %s", live, strerror(errno));
    }
    for (size_t k = 0; k < NPC_SHARDS_MAX; k++) {
        snprintf(link, sizeof link, "%s/shard%zu", live, k);
        if (k >= l->nshards) {
            unlink(link); /* a shard of a generation with more of them */
            continue;
        }
        snprintf(target, sizeof target, "../%s%sshard%zu", l->gen, l->gen[0] ? "/" : "", k);
        char now[4200];
        ssize_t n = readlink(link, now, sizeof now - 1);
        if (n >= 0 && (size_t)n == strlen(target) && memcmp(now, target, (size_t)n) == 0) {
            continue;
        }
        snprintf(tmp, sizeof tmp, "%s/.shard%zu.tmp", live, k);
        unlink(tmp);
        if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
            int e = errno;
            unlink(tmp);
            return npc_fail(err, NPC_EIO, "cannot link %s: %s", link, strerror(e));
        }
    }
    sync_dir(live);
    return NPC_OK;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

npc_status npc_layout_sweep(const char *dir, const npc_layout *live, npc_err *err)
{
    if (live->nshards > 0) { /* a run killed between the stub and the links */
        npc_status st = npc_layout_link_live(dir, live, err);
        if (st != NPC_OK) {
            return st;
        }
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        return npc_fail(err, NPC_EIO, "cannot read %s: %s", dir, strerror(errno));
    }
    npc_status st = NPC_OK;
    struct dirent *de;
    unsigned long n;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        int stale = 0;
        if (gen_number(name, &n)) {
            stale = live->nshards == 0 || strcmp(name, live->gen) != 0;
        } else if (is_legacy_shard(name)) {
            /* shards of the pre-generation layout stay while that layout is live */
            stale = live->nshards == 0 || live->gen[0] != '\0' ||
                    strtoul(name + 5, NULL, 10) >= live->nshards;
        } else {
            stale = strcmp(name, STUB_TMP) == 0;
        }
        char path[4200];
        if (!stale || snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
            continue;
        }
        if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && st == NPC_OK) {
            st = npc_fail(err, NPC_EIO, "cannot remove %s: %s", path, strerror(errno));
        }
    }
    closedir(d);
    return st;
}

npc_status npc_layout_replace(const char *path, const char *with, npc_err *err)
{
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT) {
        return npc_fail(err, NPC_EIO, "cannot remove %s: %s", path, strerror(errno));
    }
    if (rename(with, path) != 0) {
        return npc_fail(err, NPC_EIO, "cannot rename %s to %s: %s", with, path, strerror(errno));
    }
    return NPC_OK;
}

int npc_layout_shard_path(const char *dir, const npc_layout *l, size_t k, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/%s%sshard%zu", dir, l->gen, l->gen[0] ? "/" : "", k);
    return n > 0 && (size_t)n < cap;
}

static uint64_t bytes_sum;

static int add_size(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F) {
        bytes_sum += (uint64_t)sb->st_size;
    }
    return 0;
}

uint64_t npc_layout_bytes(const char *dir, const npc_layout *l)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    uint64_t total = 0;
    pthread_mutex_lock(&mu); /* nftw has no user pointer: the sum is a guarded static */
    for (size_t k = 0; k < l->nshards; k++) {
        char path[4200];
        if (npc_layout_shard_path(dir, l, k, path, sizeof path)) {
            bytes_sum = 0;
            if (nftw(path, add_size, 16, FTW_PHYS) == 0) {
                total += bytes_sum;
            }
        }
    }
    pthread_mutex_unlock(&mu);
    return total;
}

npc_status npc_layout_lock(const char *dir, int *fd, npc_err *err)
{
    char path[4200];
    *fd = -1;
    if (snprintf(path, sizeof path, "%s/" LOCK, dir) >= (int)sizeof path) {
        return npc_fail(err, NPC_EINVAL, "database path too long");
    }
    int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (f < 0) {
        return npc_fail(err, NPC_EDB_OPEN, "cannot open %s: %s", path, strerror(errno));
    }
    if (flock(f, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(f);
        return e == EWOULDBLOCK
                   ? npc_fail(err, NPC_EDB_LOCK, "another index run is writing %s", dir)
                   : npc_fail(err, NPC_EDB_OPEN, "cannot lock %s: %s", path, strerror(e));
    }
    *fd = f;
    return NPC_OK;
}

void npc_layout_unlock(int fd)
{
    if (fd >= 0) {
        close(fd);
    }
}

size_t npc_layout_shard_of(const char *rel, size_t nshards)
{
    return npc_fnv1a32(rel, strlen(rel)) % nshards;
}

/*
 * walk.c — directory walk for the indexer (see walk.h).
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 2);
    if (p != NULL) {
        memcpy(p, a, la);
        size_t o = la;
        if (la > 0 && a[la - 1] != '/') {
            p[o++] = '/';
        }
        memcpy(p + o, b, lb + 1);
    }
    return p;
}

static npc_status add(npc_filelist *list, const char *abs, const char *rel, const struct stat *st,
                      npc_err *err)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 256;
        npc_file *f = realloc(list->files, cap * sizeof *f);
        if (f == NULL) {
            return npc_fail(err, NPC_ENOMEM, "file list");
        }
        list->files = f;
        list->cap = cap;
    }
    npc_file *f = &list->files[list->n];
    f->abs = strdup(abs);
    f->rel = strdup(rel);
    if (f->abs == NULL || f->rel == NULL) {
        free(f->abs);
        free(f->rel);
        return npc_fail(err, NPC_ENOMEM, "file list");
    }
    f->size = st->st_size;
    f->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
    list->n++;
    return NPC_OK;
}

static npc_status walk_dir(const char *abs, const char *rel, int depth, npc_filelist *list,
                           npc_err *err)
{
    if (depth > 64) {
        return npc_fail(err, NPC_EIO, "%s: directories nested too deep", abs);
    }
    DIR *d = opendir(abs);
    if (d == NULL) {
        return npc_fail(err, NPC_EIO, "cannot read directory %s: %s", abs, strerror(errno));
    }
    npc_status st = NPC_OK;
    struct dirent *de;
    while (st == NPC_OK && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        char *cabs = join(abs, de->d_name);
        char *crel = rel[0] ? join(rel, de->d_name) : strdup(de->d_name);
        struct stat sb;
        if (cabs == NULL || crel == NULL) {
            st = npc_fail(err, NPC_ENOMEM, "file list");
        } else if (lstat(cabs, &sb) != 0) {
            st = npc_fail(err, NPC_EIO, "cannot stat %s: %s", cabs, strerror(errno));
        } else if (S_ISDIR(sb.st_mode)) {
            st = walk_dir(cabs, crel, depth + 1, list, err);
        } else if (S_ISREG(sb.st_mode)) {
            st = add(list, cabs, crel, &sb, err);
        } else if (S_ISLNK(sb.st_mode) && stat(cabs, &sb) == 0 && S_ISREG(sb.st_mode)) {
            st = add(list, cabs, crel, &sb, err); /* links to files, never to directories */
        }
        free(cabs);
        free(crel);
    }
    closedir(d);
    return st;
}

static int by_rel(const void *a, const void *b)
{
    return strcmp(((const npc_file *)a)->rel, ((const npc_file *)b)->rel);
}

npc_status npc_walk(const char *root, npc_filelist *list, npc_err *err)
{
    struct stat sb;
    if (stat(root, &sb) != 0) {
        return npc_fail(err, NPC_EIO, "cannot read %s: %s", root, strerror(errno));
    }
    size_t first = list->n;
    npc_status st;
    if (S_ISDIR(sb.st_mode)) {
        st = walk_dir(root, "", 0, list, err);
    } else if (S_ISREG(sb.st_mode)) {
        const char *slash = strrchr(root, '/');
        st = add(list, root, slash ? slash + 1 : root, &sb, err);
    } else {
        st = npc_fail(err, NPC_EIO, "%s is neither a file nor a directory", root);
    }
    if (st == NPC_OK && list->n > first) { /* (qsort may not be handed a NULL array) */
        qsort(list->files + first, list->n - first, sizeof *list->files, by_rel);
    }
    return st;
}

void npc_filelist_release(npc_filelist *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->files[i].abs);
        free(list->files[i].rel);
    }
    free(list->files);
    memset(list, 0, sizeof *list);
}

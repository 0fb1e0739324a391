/*
 * test_layout.c — the index directory (lib/index/layout.h): the stub written, published by
 * rename and read back; preparing a directory, and refusing one that is not an index; the
 * numbering of generations and the sweep of those no longer live; the pre-generation layout;
 * the shard of a path; the index lock, within a process and across a fork.
 *
 * Every test gets a fresh directory under /tmp (mkdtemp) that is removed afterwards.
 */
#define _XOPEN_SOURCE 700

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmpdir.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "index/layout.h"

/* ---- fixture ------------------------------------------------------------------------------ */

typedef struct fixture {
    char dir[64]; /* the temp directory, which the tests use as DIR or as DIR's parent */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL) {
        return -1;
    }
    strcpy(f->dir, "/tmp/test_layout.XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = npc_test_rmtree(f->dir);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* ---- helpers ------------------------------------------------------------------------------ */

/* The path of rel inside the fixture's directory, in one of 8 rotating static buffers (so a
 * call may use several at once). */
static const char *at(const fixture *f, const char *rel)
{
    static char bufs[8][256];
    static unsigned next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", f->dir, rel);
    return b;
}

static void write_file(const char *path, const char *content)
{
    FILE *fp = fopen(path, "w");
    if (fp == NULL) {
        fail_msg("cannot create %s", path);
    }
    fputs(content, fp);
    assert_int_equal(fclose(fp), 0);
}

/* The first (up to 4095) bytes of path as a string, in a static buffer; "<missing>" when it
 * cannot be read. */
static const char *read_file(const char *path)
{
    static char buf[4096];
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        return "<missing>";
    }
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0) {
        fail_msg("cannot create %s", path);
    }
}

static int exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static ino_t inode_of(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return sb.st_ino;
}

/* A generation as a full run would make it: gen-N with nshards shard directories. */
static npc_layout new_gen_with_shards(const fixture *f, size_t nshards)
{
    npc_layout l;
    npc_err err;
    assert_int_equal(npc_layout_new_gen(f->dir, nshards, &l, &err), NPC_OK);
    for (size_t k = 0; k < nshards; k++) {
        char path[256];
        assert_true(npc_layout_shard_path(f->dir, &l, k, path, sizeof path));
        make_dir(path);
    }
    return l;
}

/* ---- the stub ----------------------------------------------------------------------------- */

static void test_publish_then_read(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout gen = new_gen_with_shards(f, 3);
    assert_string_equal(gen.gen, "gen-000001");
    assert_int_equal(gen.nshards, 3);
    assert_int_equal(npc_layout_publish(f->dir, &gen, &err), NPC_OK);
    /* a Xapian stub, one "auto" line a shard */
    assert_string_equal(read_file(at(f, "XAPIANDB")), "auto gen-000001/shard0\n"
                                                      "auto gen-000001/shard1\n"
                                                      "auto gen-000001/shard2\n");
    npc_layout back;
    assert_int_equal(npc_layout_read(f->dir, &back, &err), NPC_OK);
    assert_string_equal(back.gen, "gen-000001");
    assert_int_equal(back.nshards, 3);
    assert_int_equal(back.stub_ino, (uint64_t)inode_of(at(f, "XAPIANDB")));
}

static void test_read_without_stub(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout l;
    assert_int_equal(npc_layout_read(f->dir, &l, &err), NPC_ENOTFOUND);
    assert_int_equal(err.code, NPC_ENOTFOUND);
    assert_int_equal(l.nshards, 0);
    assert_int_equal(npc_layout_read(at(f, "missing"), &l, &err), NPC_ENOTFOUND);
    write_file(at(f, "plain"), "x");
    assert_int_equal(npc_layout_read(at(f, "plain"), &l, &err), NPC_ENOTFOUND);
}

static void test_read_refuses_foreign_stubs(void **state)
{
    fixture *f = *state;
    static const char *const foreign[] = {
        "",                                                 /* no shard at all */
        "# only a comment\n\n",                             /* no shard at all */
        "hello\n",                                          /* not a stub line */
        "remote 127.0.0.1 6431\n",                          /* a Xapian stub, not ours */
        "auto gen-000001/shard0\nremote 127.0.0.1 6431\n",  /* ours, then a foreign line */
        "auto gen-000001/shard0\nhello\n",                  /* ours, then a foreign line */
        "auto gen-000001/shard1\n",                         /* does not start at shard0 */
        "auto gen-000001/shard0\nauto gen-000001/shard2\n", /* skips shard1 */
        "auto gen-000001/shard0\nauto gen-000002/shard1\n", /* two generations */
        "auto gen-000001/shard0\nauto shard1\n",            /* generation, then none */
        "auto gen-000001/../shard0\n",                      /* not a shard of the gen */
        "auto /etc/shard0\n",                               /* not a generation */
        "auto gen-x/shard0\n",                              /* not a generation */
        "auto elsewhere\n",                                 /* not a shard */
    };
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
        write_file(at(f, "XAPIANDB"), foreign[i]);
        npc_layout l;
        npc_err err;
        npc_status st = npc_layout_read(f->dir, &l, &err);
        if (st != NPC_EDB_OPEN) {
            fail_msg("stub \"%s\": %s, not db_open", foreign[i], npc_status_name(st));
        }
        assert_int_equal(l.nshards, 0);
        assert_string_equal(l.gen, "");
    }
}

static void test_read_stub_limits(void **state)
{
    fixture *f = *state;
    char stub[2048] = "# written by hand\n\n";
    for (int k = 0; k < NPC_SHARDS_MAX; k++) {
        char line[64];
        snprintf(line, sizeof line, "auto gen-000007/shard%d\n", k);
        strcat(stub, line);
    }
    write_file(at(f, "XAPIANDB"), stub);
    npc_layout l;
    npc_err err;
    assert_int_equal(npc_layout_read(f->dir, &l, &err), NPC_OK);
    assert_int_equal(l.nshards, NPC_SHARDS_MAX);
    assert_string_equal(l.gen, "gen-000007");
    /* one shard more than allowed */
    char line[64];
    snprintf(line, sizeof line, "auto gen-000007/shard%d\n", NPC_SHARDS_MAX);
    strcat(stub, line);
    write_file(at(f, "XAPIANDB"), stub);
    assert_int_equal(npc_layout_read(f->dir, &l, &err), NPC_EDB_OPEN);
}

/* A full run publishes by renaming a new stub over the old one: a reader holding the old stub
 * open still reads the old generation, and no temporary stub is left behind. */
static void test_publish_is_a_rename(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout one = new_gen_with_shards(f, 2);
    assert_int_equal(npc_layout_publish(f->dir, &one, &err), NPC_OK);
    ino_t old_ino = inode_of(at(f, "XAPIANDB"));
    FILE *old = fopen(at(f, "XAPIANDB"), "r");
    assert_non_null(old);

    npc_layout two = new_gen_with_shards(f, 1);
    assert_string_equal(two.gen, "gen-000002");
    assert_int_equal(npc_layout_publish(f->dir, &two, &err), NPC_OK);
    assert_true(inode_of(at(f, "XAPIANDB")) != old_ino);
    assert_string_equal(read_file(at(f, "XAPIANDB")), "auto gen-000002/shard0\n");
    assert_false(exists(at(f, "XAPIANDB.tmp")));

    char line[64];
    assert_non_null(fgets(line, sizeof line, old));
    assert_string_equal(line, "auto gen-000001/shard0\n");
    fclose(old);
}

/* A leftover temporary stub (a run killed before its rename) is overwritten, not appended to. */
static void test_publish_over_leftover_temporary(void **state)
{
    fixture *f = *state;
    npc_err err;
    write_file(at(f, "XAPIANDB.tmp"), "auto gen-000009/shard0\nauto gen-000009/shard1\n");
    npc_layout one = new_gen_with_shards(f, 1);
    assert_int_equal(npc_layout_publish(f->dir, &one, &err), NPC_OK);
    assert_string_equal(read_file(at(f, "XAPIANDB")), "auto gen-000001/shard0\n");
    assert_false(exists(at(f, "XAPIANDB.tmp")));
}

/* When the rename cannot happen, the publish fails and removes its temporary stub. */
static void test_publish_failure_leaves_no_temporary(void **state)
{
    fixture *f = *state;
    npc_err err;
    make_dir(at(f, "XAPIANDB")); /* a non-empty directory where the stub goes */
    write_file(at(f, "XAPIANDB/x"), "x");
    npc_layout one = new_gen_with_shards(f, 1);
    assert_int_equal(npc_layout_publish(f->dir, &one, &err), NPC_EIO);
    assert_int_equal(err.code, NPC_EIO);
    assert_false(exists(at(f, "XAPIANDB.tmp")));
    assert_true(is_dir(at(f, "XAPIANDB")));
}

static void test_changed(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout one = new_gen_with_shards(f, 1);
    assert_int_equal(npc_layout_publish(f->dir, &one, &err), NPC_OK);
    npc_layout seen;
    assert_int_equal(npc_layout_read(f->dir, &seen, &err), NPC_OK);
    assert_int_equal(npc_layout_changed(f->dir, &seen), 0);

    /* a new generation being built does not change what readers see */
    npc_layout two = new_gen_with_shards(f, 1);
    assert_int_equal(npc_layout_changed(f->dir, &seen), 0);

    assert_int_equal(npc_layout_publish(f->dir, &two, &err), NPC_OK);
    assert_int_equal(npc_layout_changed(f->dir, &seen), 1);
    assert_int_equal(npc_layout_read(f->dir, &seen, &err), NPC_OK);
    assert_int_equal(npc_layout_changed(f->dir, &seen), 0);

    /* republishing the same generation is a new stub too */
    assert_int_equal(npc_layout_publish(f->dir, &two, &err), NPC_OK);
    assert_int_equal(npc_layout_changed(f->dir, &seen), 1);
    assert_int_equal(npc_layout_read(f->dir, &seen, &err), NPC_OK);

    /* the same file touched (same inode, another mtime) */
    struct timespec times[2] = {{.tv_sec = 1000000000, .tv_nsec = 0},
                                {.tv_sec = 1000000000, .tv_nsec = 0}};
    assert_int_equal(utimensat(AT_FDCWD, at(f, "XAPIANDB"), times, 0), 0);
    assert_int_equal(npc_layout_changed(f->dir, &seen), 1);
    assert_int_equal(npc_layout_read(f->dir, &seen, &err), NPC_OK);
    assert_int_equal(npc_layout_changed(f->dir, &seen), 0);

    /* the stub gone */
    assert_int_equal(unlink(at(f, "XAPIANDB")), 0);
    assert_int_equal(npc_layout_changed(f->dir, &seen), 1);
}

/* ---- preparing a directory ---------------------------------------------------------------- */

static void test_prepare_missing_dir(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout live;
    memset(&live, 0x55, sizeof live);
    assert_int_equal(npc_layout_prepare(at(f, "new"), &live, &err), NPC_OK);
    assert_true(is_dir(at(f, "new")));
    assert_int_equal(live.nshards, 0);
    assert_string_equal(live.gen, "");
    /* only the directory's own parent must exist */
    assert_int_equal(npc_layout_prepare(at(f, "no/such"), &live, &err), NPC_EDB_OPEN);
    assert_false(exists(at(f, "no")));
}

static void test_prepare_empty_dir(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout live;
    assert_int_equal(npc_layout_prepare(f->dir, &live, &err), NPC_OK);
    assert_int_equal(live.nshards, 0);
    /* nothing written */
    assert_false(exists(at(f, "XAPIANDB")));
}

/* npcsearch's own leftovers without a stub (a first full run killed before it published) are
 * not foreign. */
static void test_prepare_own_leftovers(void **state)
{
    fixture *f = *state;
    npc_err err;
    make_dir(at(f, "gen-000003"));
    make_dir(at(f, "shard0"));
    write_file(at(f, "XAPIANDB.tmp"), "");
    write_file(at(f, "index.lock"), "");
    npc_layout live;
    assert_int_equal(npc_layout_prepare(f->dir, &live, &err), NPC_OK);
    assert_int_equal(live.nshards, 0);
}

static void test_prepare_refuses_foreign_dir(void **state)
{
    fixture *f = *state;
    static const char *const foreign[] = {"notes.txt", "gen-",   "gen-1a",
                                          "shard",     "shardx", "XAPIANDB.bak"};
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
        write_file(at(f, foreign[i]), "not an index");
        npc_layout live;
        npc_err err;
        npc_status st = npc_layout_prepare(f->dir, &live, &err);
        if (st != NPC_EDB_OPEN) {
            fail_msg("a directory holding %s: %s, not db_open", foreign[i], npc_status_name(st));
        }
        assert_int_equal(err.code, NPC_EDB_OPEN);
        assert_non_null(strstr(err.detail, foreign[i]));
        assert_false(exists(at(f, "XAPIANDB")));
        assert_int_equal(unlink(at(f, foreign[i])), 0);
    }
}

static void test_prepare_refuses_regular_file(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout live;
    write_file(at(f, "file"), "x");
    assert_int_equal(npc_layout_prepare(at(f, "file"), &live, &err), NPC_EDB_OPEN);
    assert_int_equal(live.nshards, 0);
    assert_string_equal(read_file(at(f, "file")), "x");
}

/* With a stub, dir is an index: its live generation is read, whatever else lies beside it. */
static void test_prepare_reads_live_generation(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout gen = new_gen_with_shards(f, 2);
    assert_int_equal(npc_layout_publish(f->dir, &gen, &err), NPC_OK);
    write_file(at(f, "notes.txt"), "beside the index");
    npc_layout live;
    assert_int_equal(npc_layout_prepare(f->dir, &live, &err), NPC_OK);
    assert_string_equal(live.gen, "gen-000001");
    assert_int_equal(live.nshards, 2);
    /* a stub npcsearch did not write is refused */
    write_file(at(f, "XAPIANDB"), "remote 10.0.0.1 6431\n");
    assert_int_equal(npc_layout_prepare(f->dir, &live, &err), NPC_EDB_OPEN);
}

/* ---- generations -------------------------------------------------------------------------- */

static void test_new_gen_numbering(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout l;
    assert_int_equal(npc_layout_new_gen(f->dir, 2, &l, &err), NPC_OK);
    assert_string_equal(l.gen, "gen-000001");
    assert_int_equal(l.nshards, 2);
    assert_true(is_dir(at(f, "gen-000001")));
    assert_int_equal(npc_layout_new_gen(f->dir, 2, &l, &err), NPC_OK);
    assert_string_equal(l.gen, "gen-000002");
    assert_true(is_dir(at(f, "gen-000002")));

    /* one above the highest present, whatever the gaps */
    make_dir(at(f, "gen-000041"));
    assert_int_equal(rmdir(at(f, "gen-000001")), 0);
    assert_int_equal(npc_layout_new_gen(f->dir, 1, &l, &err), NPC_OK);
    assert_string_equal(l.gen, "gen-000042");

    /* names that are not generations do not count */
    make_dir(at(f, "gen-999999x"));
    make_dir(at(f, "gen-"));
    make_dir(at(f, "shard900"));
    assert_int_equal(npc_layout_new_gen(f->dir, 1, &l, &err), NPC_OK);
    assert_string_equal(l.gen, "gen-000043");

    /* a number wider than six digits still counts */
    make_dir(at(f, "gen-1234567"));
    assert_int_equal(npc_layout_new_gen(f->dir, 1, &l, &err), NPC_OK);
    assert_string_equal(l.gen, "gen-1234568");
}

static void test_new_gen_shard_count(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout l;
    assert_int_equal(npc_layout_new_gen(f->dir, 0, &l, &err), NPC_EINVAL);
    assert_int_equal(npc_layout_new_gen(f->dir, NPC_SHARDS_MAX + 1, &l, &err), NPC_EINVAL);
    assert_false(exists(at(f, "gen-000001")));
    assert_int_equal(npc_layout_new_gen(f->dir, NPC_SHARDS_MAX, &l, &err), NPC_OK);
    assert_int_equal(l.nshards, NPC_SHARDS_MAX);
    assert_int_equal(npc_layout_new_gen(at(f, "missing"), 1, &l, &err), NPC_EDB_OPEN);
}

static void test_sweep_keeps_only_live(void **state)
{
    fixture *f = *state;
    npc_err err;
    new_gen_with_shards(f, 2);
    write_file(at(f, "gen-000001/shard0/postlist.glass"), "old");
    npc_layout two = new_gen_with_shards(f, 2);
    write_file(at(f, "gen-000002/shard1/postlist.glass"), "live");
    new_gen_with_shards(f, 1); /* built, never published */
    assert_int_equal(npc_layout_publish(f->dir, &two, &err), NPC_OK);
    make_dir(at(f, "shard0")); /* pre-generation shards of an upgraded index */
    make_dir(at(f, "shard1"));
    write_file(at(f, "XAPIANDB.tmp"), "auto gen-000003/shard0\n");
    write_file(at(f, "index.lock"), "");
    write_file(at(f, "notes.txt"), "not ours");

    assert_int_equal(npc_layout_sweep(f->dir, &two, &err), NPC_OK);
    assert_false(exists(at(f, "gen-000001")));
    assert_false(exists(at(f, "gen-000003")));
    assert_false(exists(at(f, "shard0")));
    assert_false(exists(at(f, "shard1")));
    assert_false(exists(at(f, "XAPIANDB.tmp")));
    assert_string_equal(read_file(at(f, "gen-000002/shard1/postlist.glass")), "live");
    assert_true(is_dir(at(f, "gen-000002/shard0")));
    assert_string_equal(read_file(at(f, "XAPIANDB")),
                        "auto gen-000002/shard0\nauto gen-000002/shard1\n");
    assert_true(exists(at(f, "index.lock")));
    assert_string_equal(read_file(at(f, "notes.txt")), "not ours");
}

static void test_sweep_without_live(void **state)
{
    fixture *f = *state;
    npc_err err;
    new_gen_with_shards(f, 1);
    make_dir(at(f, "shard0"));
    write_file(at(f, "notes.txt"), "not ours");
    npc_layout none = {0};
    assert_int_equal(npc_layout_sweep(f->dir, &none, &err), NPC_OK);
    assert_false(exists(at(f, "gen-000001")));
    assert_false(exists(at(f, "shard0")));
    assert_true(exists(at(f, "notes.txt")));
}

/* The run killed between building a generation and publishing it: the next run finds the old
 * live generation, sweeps the half-built one and numbers its own from the live one. */
static void test_killed_run_recovers(void **state)
{
    fixture *f = *state;
    npc_err err;
    npc_layout one = new_gen_with_shards(f, 1);
    assert_int_equal(npc_layout_publish(f->dir, &one, &err), NPC_OK);
    new_gen_with_shards(f, 1);
    write_file(at(f, "gen-000002/shard0/half"), "half written");
    write_file(at(f, "XAPIANDB.tmp"), "auto gen-000002/");

    npc_layout live;
    assert_int_equal(npc_layout_prepare(f->dir, &live, &err), NPC_OK);
    assert_string_equal(live.gen, "gen-000001");
    assert_int_equal(npc_layout_sweep(f->dir, &live, &err), NPC_OK);
    assert_false(exists(at(f, "gen-000002")));
    assert_false(exists(at(f, "XAPIANDB.tmp")));
    npc_layout next;
    assert_int_equal(npc_layout_new_gen(f->dir, 1, &next, &err), NPC_OK);
    assert_string_equal(next.gen, "gen-000002");
    assert_false(exists(at(f, "gen-000002/shard0")));
}

/* ---- the pre-generation layout ------------------------------------------------------------ */

static void test_pre_generation_layout(void **state)
{
    fixture *f = *state;
    npc_err err;
    write_file(at(f, "XAPIANDB"), "auto shard0\nauto shard1\n");
    make_dir(at(f, "shard0"));
    make_dir(at(f, "shard1"));
    make_dir(at(f, "shard2")); /* not named by the stub */
    make_dir(at(f, "gen-000001"));

    npc_layout live;
    assert_int_equal(npc_layout_prepare(f->dir, &live, &err), NPC_OK);
    assert_string_equal(live.gen, "");
    assert_int_equal(live.nshards, 2);
    char path[256];
    assert_true(npc_layout_shard_path(f->dir, &live, 1, path, sizeof path));
    assert_string_equal(path, at(f, "shard1"));

    /* while it is live, its named shards stay */
    assert_int_equal(npc_layout_sweep(f->dir, &live, &err), NPC_OK);
    assert_true(is_dir(at(f, "shard0")));
    assert_true(is_dir(at(f, "shard1")));
    assert_false(exists(at(f, "shard2")));
    assert_false(exists(at(f, "gen-000001")));

    /* the first full run after it moves the index into a generation and sweeps the old shards */
    npc_layout gen = new_gen_with_shards(f, 2);
    assert_string_equal(gen.gen, "gen-000001");
    assert_int_equal(npc_layout_publish(f->dir, &gen, &err), NPC_OK);
    assert_int_equal(npc_layout_sweep(f->dir, &gen, &err), NPC_OK);
    assert_false(exists(at(f, "shard0")));
    assert_false(exists(at(f, "shard1")));
    assert_true(is_dir(at(f, "gen-000001/shard1")));
}

/* ---- shard paths, sizes, replacing a shard ------------------------------------------------ */

static void test_shard_path(void **state)
{
    (void)state;
    npc_layout l = {.nshards = 2};
    strcpy(l.gen, "gen-000002");
    char buf[64];
    assert_true(npc_layout_shard_path("/srv/idx", &l, 1, buf, sizeof buf));
    assert_string_equal(buf, "/srv/idx/gen-000002/shard1");
    /* "/srv/idx/gen-000002/shard1" is 26 bytes: 27 fit with the NUL, 26 do not */
    assert_true(npc_layout_shard_path("/srv/idx", &l, 1, buf, 27));
    assert_false(npc_layout_shard_path("/srv/idx", &l, 1, buf, 26));
    assert_true(npc_layout_shard_path("/srv/idx", &l, 12, buf, sizeof buf));
    assert_string_equal(buf, "/srv/idx/gen-000002/shard12");
}

static void test_bytes(void **state)
{
    fixture *f = *state;
    npc_layout l = new_gen_with_shards(f, 2);
    write_file(at(f, "gen-000001/shard0/a"), "0123456789");
    make_dir(at(f, "gen-000001/shard0/sub"));
    write_file(at(f, "gen-000001/shard0/sub/b"), "01234");
    write_file(at(f, "gen-000001/shard1/c"), "012");
    write_file(at(f, "gen-000001/other"), "not in a shard: not counted");
    write_file(at(f, "notes.txt"), "not in the generation");
    assert_int_equal(npc_layout_bytes(f->dir, &l), 18);
    npc_layout none = {0};
    assert_int_equal(npc_layout_bytes(f->dir, &none), 0);
}

static void test_replace(void **state)
{
    fixture *f = *state;
    npc_err err;
    new_gen_with_shards(f, 1);
    write_file(at(f, "gen-000001/shard0/as-written"), "big");
    make_dir(at(f, "gen-000001/shard0/sub"));
    write_file(at(f, "gen-000001/shard0/sub/x"), "x");
    make_dir(at(f, "gen-000001/shard0.compact"));
    write_file(at(f, "gen-000001/shard0.compact/compacted"), "small");
    assert_int_equal(
        npc_layout_replace(at(f, "gen-000001/shard0"), at(f, "gen-000001/shard0.compact"), &err),
        NPC_OK);
    assert_string_equal(read_file(at(f, "gen-000001/shard0/compacted")), "small");
    assert_false(exists(at(f, "gen-000001/shard0/as-written")));
    assert_false(exists(at(f, "gen-000001/shard0/sub")));
    assert_false(exists(at(f, "gen-000001/shard0.compact")));

    /* nothing to remove: still renamed */
    make_dir(at(f, "fresh"));
    assert_int_equal(npc_layout_replace(at(f, "gone"), at(f, "fresh"), &err), NPC_OK);
    assert_true(is_dir(at(f, "gone")));
    /* nothing to rename */
    assert_int_equal(npc_layout_replace(at(f, "gone"), at(f, "fresh"), &err), NPC_EIO);
}

/* ---- the shard of a file ------------------------------------------------------------------ */

/* FNV-1a, 32 bits, written out from its definition (offset basis 2166136261, prime 16777619):
 * xor each byte in, then multiply. */
static uint32_t fnv1a32_reference(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

static void test_shard_of(void **state)
{
    (void)state;
    /* the reference against the published FNV-1a test vectors */
    assert_int_equal(fnv1a32_reference(""), 0x811c9dc5u);
    assert_int_equal(fnv1a32_reference("a"), 0xe40c292cu);
    assert_int_equal(fnv1a32_reference("foobar"), 0xbf9cf968u);

    /* the shards of these paths must never change: re-indexing a file looks there */
    assert_int_equal(fnv1a32_reference("laws/宪法.md"), 0x3ca20d8du);
    assert_int_equal(npc_layout_shard_of("laws/宪法.md", 2), 1);
    assert_int_equal(npc_layout_shard_of("laws/宪法.md", 16), 13);
    assert_int_equal(fnv1a32_reference("reports/2023/工作报告.txt"), 0x652a43aeu);
    assert_int_equal(npc_layout_shard_of("reports/2023/工作报告.txt", 2), 0);
    assert_int_equal(npc_layout_shard_of("reports/2023/工作报告.txt", 3), 0);
    assert_int_equal(npc_layout_shard_of("reports/2023/工作报告.txt", 16), 14);
    assert_int_equal(npc_layout_shard_of("foobar", 16), 8);
    assert_int_equal(npc_layout_shard_of("a", 3), 1);

    static const char *const paths[] = {"a/b/c.md", "feedback/意见.csv", "x", "laws/刑法.md",
                                        "reports/a b.txt"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        for (size_t n = 1; n <= NPC_SHARDS_MAX; n++) {
            size_t k = npc_layout_shard_of(paths[i], n);
            assert_int_equal(k, fnv1a32_reference(paths[i]) % n);
            assert_int_equal(npc_layout_shard_of(paths[i], n), k);
        }
    }
}

/* ---- the lock ----------------------------------------------------------------------------- */

/* Tries the lock of dir in a child process; returns the status it got. */
static npc_status lock_in_child(const char *dir)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd;
        npc_status st = npc_layout_lock(dir, &fd, NULL);
        _exit((int)st);
    }
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    assert_true(WIFEXITED(ws));
    return (npc_status)WEXITSTATUS(ws);
}

static void test_lock(void **state)
{
    fixture *f = *state;
    npc_err err;
    int fd = -1;
    assert_int_equal(npc_layout_lock(f->dir, &fd, &err), NPC_OK);
    assert_true(fd >= 0);
    assert_true(exists(at(f, "index.lock")));

    /* a second attempt, from this process or another, is refused at once */
    int fd2 = 1234;
    assert_int_equal(npc_layout_lock(f->dir, &fd2, &err), NPC_EDB_LOCK);
    assert_int_equal(err.code, NPC_EDB_LOCK);
    assert_int_equal(fd2, -1);
    assert_int_equal(lock_in_child(f->dir), NPC_EDB_LOCK);

    npc_layout_unlock(fd);
    assert_int_equal(lock_in_child(f->dir), NPC_OK); /* released when the child exits */
    assert_int_equal(npc_layout_lock(f->dir, &fd, &err), NPC_OK);
    npc_layout_unlock(fd);
    npc_layout_unlock(-1); /* accepted, does nothing */

    assert_int_equal(npc_layout_lock(at(f, "missing"), &fd, &err), NPC_EDB_OPEN);
    assert_int_equal(fd, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_publish_then_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_without_stub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_refuses_foreign_stubs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_stub_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_publish_is_a_rename, setup, teardown),
        cmocka_unit_test_setup_teardown(test_publish_over_leftover_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_publish_failure_leaves_no_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_missing_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_empty_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_own_leftovers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_refuses_foreign_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_refuses_regular_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_reads_live_generation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_gen_numbering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_gen_shard_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_keeps_only_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_without_live, setup, teardown),
        cmocka_unit_test_setup_teardown(test_killed_run_recovers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pre_generation_layout, setup, teardown),
        cmocka_unit_test(test_shard_path),
        cmocka_unit_test_setup_teardown(test_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
        cmocka_unit_test(test_shard_of),
        cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

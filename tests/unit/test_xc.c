/*
 * test_xc.c — unit tests of the C face of libxapian (lib/xapian-c/xc.h).
 *
 * Compiled as C on purpose: it proves xc.h is plain C.  Every test gets a fresh database
 * directory under /tmp (mkdtemp) that is removed afterwards.
 */
#define _XOPEN_SOURCE 700

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tmpdir.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xapian-c/xc.h"

/* ---- fixture ------------------------------------------------------------------------------ */

typedef struct fixture {
    char dir[64];  /* the temp directory */
    char path[96]; /* the database inside it */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL) {
        return -1;
    }
    strcpy(f->dir, "/tmp/test_xc.XXXXXX");
    if (mkdtemp(f->dir) == NULL) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/db", f->dir);
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

#define OK(call)                                                                                   \
    do {                                                                                           \
        npc_err e_;                                                                                \
        npc_err_clear(&e_);                                                                        \
        npc_status s_ = (call);                                                                    \
        if (s_ != NPC_OK) {                                                                        \
            fail_msg("%s -> %s: %s", #call, npc_status_name(s_), e_.detail);                       \
        }                                                                                          \
    } while (0)

/* OK() hands its own npc_err to the call through this name. */
#define ERR (&e_)

/* cmocka 1.1.5 compares only floats; this keeps doubles. */
#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(a_ - b_ <= (eps) && b_ - a_ <= (eps))) {                                             \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                                    \
        }                                                                                          \
    } while (0)

typedef struct test_doc {
    const char *id;    /* unique-id term, e.g. "Q1" */
    const char *words; /* space-separated positional words */
    const char *tag;   /* a boolean term, or NULL */
    const char *cat;   /* value slot 0 (raw string), or NULL */
    double num;        /* value slot 1 (sortable_serialise), skipped when < 0 */
    const char *data;
} test_doc;

enum { SLOT_CAT = 0, SLOT_NUM = 1, SLOT_PACK = 2, SLOT_CAT2 = 10, SLOT_NUM2 = 11 };

static void add_doc(xc_wdb *w, const test_doc *t)
{
    xc_doc *d = NULL;
    OK(xc_doc_new(&d, ERR));
    OK(xc_doc_add_boolean_term(d, t->id, strlen(t->id), ERR));
    char buf[256];
    snprintf(buf, sizeof buf, "%s", t->words);
    uint32_t pos = 1;
    for (char *save = NULL, *w_ = strtok_r(buf, " ", &save); w_ != NULL;
         w_ = strtok_r(NULL, " ", &save)) {
        OK(xc_doc_add_posting(d, w_, strlen(w_), pos++, 1, ERR));
    }
    if (t->tag != NULL) {
        OK(xc_doc_add_boolean_term(d, t->tag, strlen(t->tag), ERR));
    }
    if (t->cat != NULL) {
        OK(xc_doc_set_value(d, SLOT_CAT, t->cat, strlen(t->cat), ERR));
        OK(xc_doc_set_value(d, SLOT_CAT2, t->cat, strlen(t->cat), ERR));
    }
    if (t->num >= 0) {
        char v[18];
        size_t n = xc_sortable_serialise(t->num, v);
        OK(xc_doc_set_value(d, SLOT_NUM, v, n, ERR));
        OK(xc_doc_set_value(d, SLOT_NUM2, v, n, ERR));
    }
    /* the copies packed for facets: category, then number */
    static const unsigned packed[] = {SLOT_CAT2, SLOT_NUM2};
    OK(xc_doc_pack_values(d, packed, 2, SLOT_PACK, ERR));
    OK(xc_doc_set_data(d, t->data, strlen(t->data), ERR));
    OK(xc_wdb_replace(w, t->id, strlen(t->id), d, ERR));
    xc_doc_free(d);
}

/* Writes docs[0..n) into a database at path, opened in mode, and commits. */
static void write_docs(const char *path, enum xc_wdb_mode mode, const test_doc *docs, size_t n)
{
    xc_wdb *w = NULL;
    OK(xc_wdb_open(path, mode, &w, ERR));
    for (size_t i = 0; i < n; i++) {
        add_doc(w, &docs[i]);
    }
    OK(xc_wdb_close(w, ERR));
}

static xc_wdb *open_writer(const fixture *f)
{
    xc_wdb *w = NULL;
    OK(xc_wdb_open(f->path, XC_WDB_CREATE_OR_OPEN, &w, ERR));
    assert_non_null(w);
    return w;
}

static xc_db *open_reader(const fixture *f)
{
    xc_db *db = NULL;
    OK(xc_db_open(f->path, &db, ERR));
    assert_non_null(db);
    return db;
}

static uint32_t doccount(const xc_db *db)
{
    uint32_t n = 0;
    OK(xc_db_doccount(db, &n, ERR));
    return n;
}

static void assert_data(const xc_db *db, xc_docid id, const char *want)
{
    char *s = NULL;
    size_t len = 0;
    OK(xc_db_doc_data(db, id, &s, &len, ERR));
    assert_int_equal(len, strlen(want));
    assert_string_equal(s, want);
    free(s);
}

static xc_docid find(const xc_db *db, const char *term)
{
    xc_docid id = 0;
    OK(xc_db_find_term(db, term, strlen(term), &id, ERR));
    assert_true(id > 0);
    return id;
}

static xc_query *term(const char *t)
{
    xc_query *q = NULL;
    OK(xc_query_term(t, strlen(t), 1, &q, ERR));
    return q;
}

static xc_query *combine2(enum xc_op op, xc_query *a, xc_query *b, uint32_t param)
{
    xc_query *subs[2] = {a, b};
    xc_query *q = NULL;
    OK(xc_query_combine(op, subs, 2, param, &q, ERR));
    return q;
}

/* Runs q on db and writes the unique-id term numbers ("Q7" -> 7) of the hits into ids, and
 * their weights into w unless it is NULL, in order.  Returns the number of hits. */
static uint32_t run_weighed(xc_db *db, const xc_query *q, uint32_t *ids, double *w, uint32_t max)
{
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    OK(xc_enquire_new(db, &e, ERR));
    OK(xc_enquire_set_query(e, q, ERR));
    OK(xc_enquire_mset(e, 0, max, 0, &m, ERR));
    uint32_t n = xc_mset_size(m);
    for (uint32_t i = 0; i < n; i++) {
        char *data = NULL;
        OK(xc_mset_doc_data(m, i, &data, NULL, ERR));
        ids[i] = (uint32_t)strtoul(data + 1, NULL, 10); /* data is "D<n>" */
        free(data);
        if (w != NULL) {
            w[i] = xc_mset_weight(m, i);
        }
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    return n;
}

static uint32_t run(xc_db *db, const xc_query *q, uint32_t *ids, uint32_t max)
{
    return run_weighed(db, q, ids, NULL, max);
}

/* Writes docs[0..n) into a second database beside the fixture's and a stub naming both, and
 * opens the stub: the two as the shards of one database.  *second, unless NULL, gets the second
 * opened on its own. */
static xc_db *open_two_shards(const fixture *f, const test_doc *docs, size_t n, xc_db **second)
{
    char other[128], stub[128];
    snprintf(other, sizeof other, "%s/db2", f->dir);
    snprintf(stub, sizeof stub, "%s/stub", f->dir);
    write_docs(other, XC_WDB_CREATE_OR_OVERWRITE, docs, n);
    FILE *fp = fopen(stub, "w");
    assert_non_null(fp);
    fprintf(fp, "auto %s\nauto %s\n", f->path, other);
    fclose(fp);
    xc_db *both = NULL;
    OK(xc_db_open(stub, &both, ERR));
    if (second != NULL) {
        OK(xc_db_open(other, second, ERR));
    }
    return both;
}

/* The documents most tests search. */
static const test_doc corpus[] = {
    {"Q1", "alpha beta gamma", "XTlaw", "law", 30, "D1"},
    {"Q2", "beta alpha delta", "XTlaw", "reg", 10, "D2"},
    {"Q3", "gamma delta", "XTreg", "law", 20, "D3"},
    {"Q4", "alpha gamma gamma", NULL, NULL, -1, "D4"},
};
#define CORPUS_N (sizeof corpus / sizeof corpus[0])

static void build_corpus(const fixture *f)
{
    write_docs(f->path, XC_WDB_CREATE_OR_OVERWRITE, corpus, CORPUS_N);
}

/* ---- reading back what was written -------------------------------------------------------- */

typedef struct term_list {
    char terms[16][32];
    uint32_t freqs[16];
    size_t n;
    size_t stop_after; /* 0 = never */
    int overflow;      /* a term did not fit (and the walk stopped there) */
} term_list;

/* An xc_term_cb collecting into a term_list.  It runs inside C++ frames, where the longjmp of a
 * failing cmocka assert is undefined behaviour: it only flags what does not fit, and the caller
 * asserts on the list once the call has returned. */
static int collect_term(const char *t, size_t len, uint32_t freq, void *ctx)
{
    term_list *l = ctx;
    if (l->n >= 16 || len >= 32) {
        l->overflow = 1;
        return 1;
    }
    memcpy(l->terms[l->n], t, len);
    l->terms[l->n][len] = '\0';
    l->freqs[l->n] = freq;
    l->n++;
    return l->stop_after != 0 && l->n >= l->stop_after;
}

static void test_write_and_read(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);

    assert_int_equal(doccount(db), 4);
    uint32_t tf = 0;
    OK(xc_db_termfreq(db, "alpha", 5, &tf, ERR));
    assert_int_equal(tf, 3);
    OK(xc_db_termfreq(db, "nothing", 7, &tf, ERR));
    assert_int_equal(tf, 0);

    xc_docid id2 = find(db, "Q2");
    assert_data(db, id2, "D2");
    char *v = NULL;
    size_t vlen = 0;
    OK(xc_db_doc_value(db, id2, SLOT_CAT, &v, &vlen, ERR));
    assert_string_equal(v, "reg");
    free(v);
    OK(xc_db_doc_value(db, id2, SLOT_NUM, &v, &vlen, ERR));
    assert_near(xc_sortable_unserialise(v, vlen), 10.0, 0.0);
    free(v);
    OK(xc_db_doc_value(db, id2, SLOT_CAT2, &v, &vlen, ERR)); /* packed away */
    assert_int_equal(vlen, 0);
    free(v);
    OK(xc_db_doc_value(db, find(db, "Q4"), SLOT_CAT, &v, &vlen, ERR)); /* no value */
    assert_int_equal(vlen, 0);
    assert_string_equal(v, "");
    free(v);

    npc_err err;
    npc_err_clear(&err);
    xc_docid none = 99;
    assert_int_equal(xc_db_find_term(db, "Q9", 2, &none, &err), NPC_ENOTFOUND);
    assert_int_equal(err.code, NPC_ENOTFOUND);
    assert_int_equal(none, 99);

    /* doc_terms: term order, positional terms carry wdf, boolean terms wdf 0 */
    term_list l = {0};
    OK(xc_db_doc_terms(db, find(db, "Q4"), collect_term, &l, ERR));
    assert_false(l.overflow);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.terms[0], "Q4");
    assert_int_equal(l.freqs[0], 0);
    assert_string_equal(l.terms[1], "alpha");
    assert_int_equal(l.freqs[1], 1);
    assert_string_equal(l.terms[2], "gamma");
    assert_int_equal(l.freqs[2], 2);

    /* early stop */
    memset(&l, 0, sizeof l);
    l.stop_after = 1;
    OK(xc_db_doc_terms(db, id2, collect_term, &l, ERR));
    assert_false(l.overflow);
    assert_int_equal(l.n, 1);

    /* all_terms with a prefix: only XT*, with term frequencies */
    memset(&l, 0, sizeof l);
    OK(xc_db_all_terms(db, "XT", 2, collect_term, &l, ERR));
    assert_false(l.overflow);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.terms[0], "XTlaw");
    assert_int_equal(l.freqs[0], 2);
    assert_string_equal(l.terms[1], "XTreg");
    assert_int_equal(l.freqs[1], 1);

    memset(&l, 0, sizeof l);
    OK(xc_db_all_terms(db, "Q", 1, collect_term, &l, ERR));
    assert_false(l.overflow);
    assert_int_equal(l.n, 4);

    xc_db_close(db);
}

static void test_metadata(void **state)
{
    const fixture *f = *state;
    xc_wdb *w = open_writer(f);
    const char val[] = "v\0with nul"; /* any bytes */
    OK(xc_wdb_set_metadata(w, "schema", val, sizeof val - 1, ERR));
    OK(xc_wdb_close(w, ERR));

    xc_db *db = open_reader(f);
    char *s = NULL;
    size_t len = 99;
    OK(xc_db_metadata(db, "schema", &s, &len, ERR));
    assert_int_equal(len, sizeof val - 1);
    assert_memory_equal(s, val, len);
    assert_int_equal(s[len], '\0');
    free(s);
    OK(xc_db_metadata(db, "absent", &s, &len, ERR));
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    free(s);
    xc_db_close(db);
}

static void test_replace_delete_reopen(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);
    uint64_t rev1 = 0;
    OK(xc_db_revision(db, &rev1, ERR));

    int changed = -1;
    OK(xc_db_reopen(db, &changed, ERR));
    assert_int_equal(changed, 0); /* nothing committed since */

    xc_wdb *w = open_writer(f);
    xc_db *view = xc_wdb_reader(w);
    test_doc t = corpus[1];
    t.data = "D2 new";
    t.words = "omega";
    add_doc(w, &t);
    assert_int_equal(doccount(view), 4); /* replaced, not added */
    assert_data(view, find(view, "Q2"), "D2 new");
    OK(xc_wdb_delete(w, "Q3", 2, ERR));
    OK(xc_wdb_delete(w, "Q99", 3, ERR)); /* nothing to delete is fine */
    assert_int_equal(doccount(view), 3);

    /* the separate reader does not see uncommitted changes */
    OK(xc_db_reopen(db, &changed, ERR));
    assert_int_equal(doccount(db), 4);

    OK(xc_wdb_commit(w, ERR));
    OK(xc_db_reopen(db, &changed, ERR));
    assert_int_equal(changed, 1);
    uint64_t rev2 = 0;
    OK(xc_db_revision(db, &rev2, ERR));
    assert_true(rev2 > rev1);
    assert_int_equal(doccount(db), 3);
    assert_data(db, find(db, "Q2"), "D2 new");
    uint32_t tf = 9;
    OK(xc_db_termfreq(db, "Q3", 2, &tf, ERR));
    assert_int_equal(tf, 0);
    OK(xc_db_termfreq(db, "omega", 5, &tf, ERR));
    assert_int_equal(tf, 1);

    /* the writer stays usable after a commit */
    t = corpus[2];
    add_doc(w, &t);
    OK(xc_wdb_close(w, ERR));
    OK(xc_db_reopen(db, &changed, ERR));
    assert_int_equal(changed, 1);
    assert_int_equal(doccount(db), 4);
    xc_db_close(db);
}

/* ---- queries ------------------------------------------------------------------------------ */

/* A wildcard is every term that starts with its prefix: "ga" is gamma (D1, D3, D4), "d" is
 * delta (D2, D3), and a whole term is a prefix of itself. */
static void test_wildcard(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);
    static const struct {
        const char *prefix;
        uint32_t docs; /* bit i: document i matches */
    } cases[] = {{"ga", 1u << 1 | 1u << 3 | 1u << 4},
                 {"d", 1u << 2 | 1u << 3},
                 {"delta", 1u << 2 | 1u << 3},
                 {"deltas", 0},
                 {"Q", 0x1e}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        xc_query *w = NULL;
        OK(xc_query_wildcard(cases[i].prefix, strlen(cases[i].prefix), &w, ERR));
        uint32_t ids[8], docs = 0, n = run(db, w, ids, 8);
        xc_query_free(w);
        for (uint32_t k = 0; k < n; k++) {
            docs |= 1u << ids[k];
        }
        assert_int_equal(docs, cases[i].docs);
    }
    xc_db_close(db);
}

static void test_phrase_and_near(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);
    uint32_t ids[8];

    xc_query *a = term("alpha"), *b = term("beta");
    xc_query *and_q = combine2(XC_OP_AND, a, b, 0);
    assert_int_equal(run(db, and_q, ids, 8), 2); /* D1 "alpha beta", D2 "beta alpha" */

    xc_query *phrase = combine2(XC_OP_PHRASE, a, b, 0);
    assert_int_equal(run(db, phrase, ids, 8), 1);
    assert_int_equal(ids[0], 1);
    char *desc = xc_query_describe(phrase);
    assert_non_null(desc);
    assert_non_null(strstr(desc, "PHRASE 2"));
    free(desc);

    xc_query *rev = combine2(XC_OP_PHRASE, b, a, 0);
    assert_int_equal(run(db, rev, ids, 8), 1);
    assert_int_equal(ids[0], 2);

    /* alpha ... gamma: adjacent in D4, two apart in D1; a window of 2 takes only D4 */
    xc_query *g = term("gamma");
    xc_query *near2 = combine2(XC_OP_NEAR, a, g, 2);
    assert_int_equal(run(db, near2, ids, 8), 1);
    assert_int_equal(ids[0], 4);
    xc_query *near3 = combine2(XC_OP_NEAR, a, g, 3);
    assert_int_equal(run(db, near3, ids, 8), 2);

    xc_query_free(near3);
    xc_query_free(near2);
    xc_query_free(g);
    xc_query_free(rev);
    xc_query_free(phrase);
    xc_query_free(and_q);
    xc_query_free(b);
    xc_query_free(a);
    xc_db_close(db);
}

static void test_and_not_filter(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);
    uint32_t ids[8];

    xc_query *alpha = term("alpha"), *beta = term("beta"), *law = term("XTlaw");
    xc_query *not_q = combine2(XC_OP_AND_NOT, alpha, beta, 0);
    assert_int_equal(run(db, not_q, ids, 8), 1);
    assert_int_equal(ids[0], 4);

    /* FILTER: alpha in XTlaw (D1, D2) with alpha's weight only */
    xc_query *filt = combine2(XC_OP_FILTER, alpha, law, 0);
    uint32_t n = run(db, filt, ids, 8);
    assert_int_equal(n, 2);
    assert_true((ids[0] == 1 && ids[1] == 2) || (ids[0] == 2 && ids[1] == 1));

    xc_enquire *e = NULL;
    xc_mset *plain = NULL, *filtered = NULL;
    OK(xc_enquire_new(db, &e, ERR));
    OK(xc_enquire_set_query(e, alpha, ERR));
    OK(xc_enquire_mset(e, 0, 10, 0, &plain, ERR));
    OK(xc_enquire_set_query(e, filt, ERR));
    OK(xc_enquire_mset(e, 0, 10, 0, &filtered, ERR));
    for (uint32_t i = 0; i < xc_mset_size(filtered); i++) {
        for (uint32_t j = 0; j < xc_mset_size(plain); j++) {
            if (xc_mset_docid(plain, j) == xc_mset_docid(filtered, i)) {
                assert_near(xc_mset_weight(plain, j), xc_mset_weight(filtered, i), 1e-9);
            }
        }
    }
    xc_mset_free(filtered);
    xc_mset_free(plain);
    xc_enquire_free(e);

    xc_query_free(filt);
    xc_query_free(not_q);
    xc_query_free(law);
    xc_query_free(beta);
    xc_query_free(alpha);
    xc_db_close(db);
}

static void test_scale_changes_order(void **state)
{
    const fixture *f = *state;
    xc_wdb *w = open_writer(f);
    /* two documents alike except for the word, so the unscaled weights tie */
    const test_doc d1 = {"Q1", "apple filler", NULL, NULL, -1, "D1"};
    const test_doc d2 = {"Q2", "pear filler", NULL, NULL, -1, "D2"};
    const test_doc d3 = {"Q3", "filler", NULL, NULL, -1, "D3"};
    add_doc(w, &d1);
    add_doc(w, &d2);
    add_doc(w, &d3);
    OK(xc_wdb_close(w, ERR));
    xc_db *db = open_reader(f);
    uint32_t ids[4];

    xc_query *apple = term("apple"), *pear = term("pear");
    xc_query *big_apple = NULL, *big_pear = NULL;
    OK(xc_query_scale(apple, 5.0, &big_apple, ERR));
    OK(xc_query_scale(pear, 5.0, &big_pear, ERR));

    xc_query *q1 = combine2(XC_OP_OR, big_apple, pear, 0);
    assert_int_equal(run(db, q1, ids, 4), 2);
    assert_int_equal(ids[0], 1);
    assert_int_equal(ids[1], 2);

    xc_query *q2 = combine2(XC_OP_OR, apple, big_pear, 0);
    assert_int_equal(run(db, q2, ids, 4), 2);
    assert_int_equal(ids[0], 2);
    assert_int_equal(ids[1], 1);

    npc_err err;
    npc_err_clear(&err);
    xc_query *bad = NULL;
    assert_int_equal(xc_query_scale(apple, -1.0, &bad, &err), NPC_EINVAL);
    assert_null(bad);
    assert_true(err.detail[0] != '\0');

    xc_query_free(q2);
    xc_query_free(q1);
    xc_query_free(big_pear);
    xc_query_free(big_apple);
    xc_query_free(pear);
    xc_query_free(apple);
    xc_db_close(db);
}

static void test_fixed_weight_and_clone(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);
    uint32_t ids[8];

    /* a constant weight, once filtered, lifts exactly the filtered documents by that much */
    xc_query *fixed = NULL;
    OK(xc_query_fixed_weight(7.0, &fixed, ERR));
    xc_query *gamma = term("gamma");
    xc_query *lifted = combine2(XC_OP_FILTER, fixed, gamma, 0);
    assert_int_equal(run(db, lifted, ids, 8), 3); /* D1, D3, D4 hold gamma */
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    OK(xc_enquire_new(db, &e, ERR));
    OK(xc_enquire_set_query(e, lifted, ERR));
    OK(xc_enquire_mset(e, 0, 8, 0, &m, ERR));
    for (uint32_t i = 0; i < xc_mset_size(m); i++) {
        assert_near(xc_mset_weight(m, i), 7.0, 1e-9);
    }
    xc_mset_free(m);
    xc_enquire_free(e);

    /* as a lift on a text query: AND_MAYBE keeps the text matches, the lifted one first */
    xc_query *big = NULL;
    OK(xc_query_fixed_weight(100.0, &big, ERR));
    xc_query *q1 = term("Q1");
    xc_query *lift1 = combine2(XC_OP_FILTER, big, q1, 0);
    xc_query *boosted = combine2(XC_OP_AND_MAYBE, gamma, lift1, 0);
    assert_int_equal(run(db, boosted, ids, 8), 3);
    assert_int_equal(ids[0], 1);

    /* a negative weight is refused */
    xc_query *none = NULL;
    assert_int_equal(xc_query_fixed_weight(-1.0, &none, NULL), NPC_EINVAL);
    assert_null(none);

    /* a clone describes the same query and outlives the original */
    xc_query *copy = NULL;
    OK(xc_query_clone(boosted, &copy, ERR));
    char *d1 = xc_query_describe(boosted), *d2 = xc_query_describe(copy);
    assert_non_null(d1);
    assert_non_null(d2);
    assert_string_equal(d1, d2);
    free(d1);
    free(d2);
    xc_query_free(boosted);
    assert_int_equal(run(db, copy, ids, 8), 3);
    assert_int_equal(ids[0], 1);

    xc_query_free(copy);
    xc_query_free(lift1);
    xc_query_free(q1);
    xc_query_free(big);
    xc_query_free(lifted);
    xc_query_free(gamma);
    xc_query_free(fixed);
    xc_db_close(db);
}

static void test_term_boost(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);
    uint32_t ids[8];
    double w[8], plain[8];

    /* alone: the documents indexing the term, each with the weight */
    xc_query *lift = NULL;
    OK(xc_query_term_boost(db, "XTlaw", 5, 100.0, &lift, ERR));
    assert_int_equal(run_weighed(db, lift, ids, w, 8), 2); /* D1 and D2 */
    assert_near(w[0], 100.0, 1e-9);
    assert_near(w[1], 100.0, 1e-9);

    /* on a text query: the lifted match first, by exactly the weight */
    xc_query *gamma = term("gamma");
    xc_query *boosted = combine2(XC_OP_AND_MAYBE, gamma, lift, 0);
    uint32_t order[8];
    assert_int_equal(run_weighed(db, gamma, order, plain, 8), 3); /* D1, D3, D4 hold gamma */
    assert_int_equal(run_weighed(db, boosted, ids, w, 8), 3);
    assert_int_equal(ids[0], 1);
    for (uint32_t i = 0; i < 3; i++) {
        if (order[i] == 1) {
            assert_near(w[0], plain[i] + 100.0, 1e-9);
        }
    }

    /* a clone (serialised and read back) lifts the same */
    xc_query *copy = NULL;
    OK(xc_query_clone(boosted, &copy, ERR));
    assert_int_equal(run(db, copy, ids, 8), 3);
    assert_int_equal(ids[0], 1);

    /* a new revision is read afresh: a third law is lifted after the reopen */
    xc_wdb *wr = open_writer(f);
    const test_doc law3 = {"Q5", "epsilon gamma", "XTlaw", "law", 40, "D5"};
    add_doc(wr, &law3);
    OK(xc_wdb_close(wr, ERR));
    OK(xc_db_reopen(db, NULL, ERR));
    assert_int_equal(run(db, lift, ids, 8), 3);

    /* two shards: each shard's own set, under the combined database's interleaved ids */
    const test_doc in2[] = {{"Q6", "gamma zeta", NULL, NULL, -1, "D6"},
                            {"Q7", "gamma eta", "XTlaw", "law", 50, "D7"}};
    xc_db *both = open_two_shards(f, in2, 2, NULL);
    assert_int_equal(run(both, lift, ids, 8), 4);
    uint32_t seen = 0;
    for (uint32_t i = 0; i < 4; i++) {
        seen |= 1u << ids[i];
    }
    assert_int_equal(seen, (1u << 1) | (1u << 2) | (1u << 5) | (1u << 7));
    xc_db_close(both);

    /* a negative weight is refused */
    xc_query *none = NULL;
    assert_int_equal(xc_query_term_boost(db, "XTlaw", 5, -1.0, &none, NULL), NPC_EINVAL);
    assert_null(none);

    /* several terms, each its own weight: a document the sum of its terms'; the same
     * weights from the bitmaps (local), a clone of them, and the remote form (db NULL) */
    const char *terms[] = {"XTlaw", "XTreg", "alpha"};
    const size_t lens[] = {5, 5, 5};
    const double weights[] = {100.0, 30.0, 7.0};
    xc_query *forms[3] = {NULL, NULL, NULL};
    OK(xc_query_terms_boost(db, terms, lens, weights, 3, &forms[0], ERR));
    OK(xc_query_clone(forms[0], &forms[1], ERR));
    OK(xc_query_terms_boost(NULL, terms, lens, weights, 3, &forms[2], ERR));
    for (size_t k = 0; k < 3; k++) {
        /* over one shard as it is now: D1, D2 (laws holding alpha, 107), D5 (a law, 100), D3
         * (30), D4 (alpha, 7) */
        xc_db *one = open_reader(f);
        assert_int_equal(run_weighed(one, forms[k], ids, w, 8), 5);
        for (uint32_t i = 0; i < 5; i++) {
            double want = ids[i] == 3 ? 30.0 : ids[i] == 4 ? 7.0 : ids[i] == 5 ? 100.0 : 107.0;
            assert_near(w[i], want, 1e-9);
        }
        xc_db_close(one);
        xc_query_free(forms[k]);
    }
    /* boosts of every byte pattern survive the clone (a boost serialises to arbitrary bytes) */
    for (int k = 1; k <= 200; k++) {
        const double many[] = {k * 0.1234567, 1.0 / k, 3.0};
        xc_query *q = NULL, *c = NULL;
        uint32_t ids2[8];
        double w2[8];
        OK(xc_query_terms_boost(db, terms, lens, many, 3, &q, ERR));
        OK(xc_query_clone(q, &c, ERR));
        uint32_t n1 = run_weighed(db, q, ids, w, 8), n2 = run_weighed(db, c, ids2, w2, 8);
        assert_int_equal(n1, n2);
        for (uint32_t i = 0; i < n1; i++) {
            assert_int_equal(ids[i], ids2[i]);
            assert_near(w[i], w2[i], 1e-12);
        }
        xc_query_free(q);
        xc_query_free(c);
    }
    assert_int_equal(xc_query_terms_boost(db, terms, lens, weights, 0, &none, NULL), NPC_EINVAL);
    const double negative[] = {1.0, -1.0, 1.0};
    assert_int_equal(xc_query_terms_boost(db, terms, lens, negative, 3, &none, NULL), NPC_EINVAL);
    assert_null(none);

    xc_query_free(copy);
    xc_query_free(boosted);
    xc_query_free(gamma);
    xc_query_free(lift);
    xc_db_close(db);
}

/* Runs xc_query_cached_bm25 of the given terms and the Xapian query it stands for on db (the
 * OR of the terms, the extra ones AND_MAYBE'd; with required terms their AND, every other term
 * AND_MAYBE'd): the same documents in the same order with the same weights, the first `max`. */
static void assert_cached_bm25_is_or(xc_db *db, const xc_cached_bm25_term *t, size_t n,
                                     uint32_t max)
{
    /* Xapian's default BM25Weight, which run_weighed uses */
    static const xc_bm25 dflt = {1.0, 0.5, 0.5};
    xc_query *cached = NULL, *main = NULL, *extra = NULL, *both = NULL;
    OK(xc_query_cached_bm25(db, t, n, &dflt, &cached, ERR));
    xc_query *plain[8], *extras[8];
    size_t np = 0, ne = 0;
    int required = 0;
    for (size_t i = 0; i < n; i++) {
        required |= t[i].required;
    }
    for (size_t i = 0; i < n; i++) {
        xc_query *q = NULL;
        OK(xc_query_term(t[i].term, t[i].len, 1, &q, ERR));
        if (t[i].scale != 1.0) {
            xc_query *sc = NULL;
            OK(xc_query_scale(q, t[i].scale, &sc, ERR));
            xc_query_free(q);
            q = sc;
        }
        if (t[i].extra || (required && !t[i].required)) {
            extras[ne++] = q;
        } else {
            plain[np++] = q;
        }
    }
    OK(xc_query_combine(required ? XC_OP_AND : XC_OP_OR, plain, np, 0, &main, ERR));
    OK(xc_query_combine(XC_OP_OR, extras, ne, 0, &extra, ERR));
    both = ne ? combine2(XC_OP_AND_MAYBE, main, extra, 0) : main;
    uint32_t want_ids[16], ids[16];
    double want_w[16], w[16];
    uint32_t nw = run_weighed(db, both, want_ids, want_w, max);
    assert_true(nw > 0);
    assert_int_equal(run_weighed(db, cached, ids, w, max), nw);
    for (uint32_t i = 0; i < nw; i++) {
        assert_int_equal(ids[i], want_ids[i]);
        assert_near(w[i], want_w[i], 1e-9);
    }
    for (size_t i = 0; i < np; i++) {
        xc_query_free(plain[i]);
    }
    for (size_t i = 0; i < ne; i++) {
        xc_query_free(extras[i]);
    }
    if (both != main) {
        xc_query_free(both);
    }
    xc_query_free(main);
    xc_query_free(extra);
    xc_query_free(cached);
}

#define BT(t, scale, extra)                                                                        \
    {                                                                                              \
        t, sizeof t - 1, 0, scale, extra, 0                                                        \
    }
#define BT_REQUIRED(t, scale)                                                                      \
    {                                                                                              \
        t, sizeof t - 1, 0, scale, 0, 1                                                            \
    }

static void test_cached_bm25(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);
    /* weighted terms, a term given twice (its wqf), a term only adding to the others' matches,
     * a term no document has */
    const xc_cached_bm25_term terms[] = {BT("alpha", 1.0, 0), BT("gamma", 2.0, 0),
                                         BT("beta", 1.0, 0),  BT("beta", 1.0, 0),
                                         BT("delta", 0.7, 1), BT("nowhere", 1.0, 0)};
    assert_cached_bm25_is_or(db, terms, 6, 16);
    assert_cached_bm25_is_or(db, terms, 6, 1); /* the matcher's pruning through its weights */
    const xc_cached_bm25_term only_extra[] = {BT("gamma", 1.0, 0), BT("delta", 1.0, 1)};
    assert_cached_bm25_is_or(db, only_extra, 2, 16);
    /* required terms: their AND (D1, D4 hold alpha and gamma), the others weigh */
    const xc_cached_bm25_term required[] = {BT_REQUIRED("alpha", 1.0), BT_REQUIRED("gamma", 2.0),
                                            BT("beta", 1.0, 0), BT("delta", 0.7, 1)};
    assert_cached_bm25_is_or(db, required, 4, 16);
    uint32_t rids[16];
    xc_query *rq = NULL;
    static const xc_bm25 dflt0 = {1.0, 0.5, 0.5};
    OK(xc_query_cached_bm25(db, required, 4, &dflt0, &rq, ERR));
    assert_int_equal(run(db, rq, rids, 16), 2);
    xc_query *rcopy = NULL; /* the clone keeps which terms are required */
    OK(xc_query_clone(rq, &rcopy, ERR));
    assert_int_equal(run(db, rcopy, rids, 16), 2);
    xc_query_free(rcopy);
    xc_query_free(rq);

    /* a clone (serialised and read back) and its description */
    xc_query *cached = NULL, *copy = NULL;
    static const xc_bm25 dflt = {1.0, 0.5, 0.5};
    OK(xc_query_cached_bm25(db, terms, 6, &dflt, &cached, ERR));
    OK(xc_query_clone(cached, &copy, ERR));
    uint32_t ids[16], ids2[16];
    double w[16], w2[16];
    uint32_t n = run_weighed(db, cached, ids, w, 16);
    assert_int_equal(run_weighed(db, copy, ids2, w2, 16), n);
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal(ids2[i], ids[i]);
        assert_near(w2[i], w[i], 1e-12);
    }
    char *d = xc_query_describe(copy);
    assert_non_null(strstr(d, "npc.CachedBM25Source(alpha gamma beta beta +delta nowhere)"));
    free(d);

    /* a new revision is read afresh: a document changed in place (same id, same count), then
     * one added; the handle's term frequencies follow */
    uint32_t tf = 0;
    OK(xc_db_termfreq(db, "alpha", 5, &tf, ERR));
    assert_int_equal(tf, 3);
    xc_wdb *wr = open_writer(f);
    OK(xc_db_termfreq(xc_wdb_reader(wr), "alpha", 5, &tf, ERR));
    assert_int_equal(tf, 3);
    const test_doc changed = {"Q3", "gamma delta alpha", "XTreg", "law", 20, "D3"};
    add_doc(wr, &changed);
    OK(xc_db_termfreq(xc_wdb_reader(wr), "alpha", 5, &tf, ERR)); /* the writer sees it at once */
    assert_int_equal(tf, 4);
    OK(xc_db_termfreq(db, "alpha", 5, &tf, ERR)); /* the reader at its revision */
    assert_int_equal(tf, 3);
    OK(xc_wdb_close(wr, ERR));
    OK(xc_db_reopen(db, NULL, ERR));
    OK(xc_db_termfreq(db, "alpha", 5, &tf, ERR));
    assert_int_equal(tf, 4);
    assert_cached_bm25_is_or(db, terms, 6, 16);
    wr = open_writer(f);
    const test_doc more = {"Q5", "nowhere alpha", NULL, NULL, -1, "D5"};
    add_doc(wr, &more);
    OK(xc_wdb_close(wr, ERR));
    OK(xc_db_reopen(db, NULL, ERR));
    assert_cached_bm25_is_or(db, terms, 6, 16);

    /* two shards: the combined database's ids and statistics */
    const test_doc in2[] = {{"Q6", "gamma zeta beta", NULL, NULL, -1, "D6"},
                            {"Q7", "gamma eta delta delta", NULL, NULL, -1, "D7"}};
    xc_db *two = open_two_shards(f, in2, 2, NULL);
    assert_cached_bm25_is_or(two, terms, 6, 16);
    assert_cached_bm25_is_or(two, terms, 6, 2);
    xc_db_close(two);

    /* terms that only add, and one no document has: nothing matches */
    const xc_cached_bm25_term add_only[] = {BT("delta", 1.0, 1), BT("absent", 1.0, 0)};
    xc_query *adds = NULL;
    OK(xc_query_cached_bm25(db, add_only, 2, &dflt, &adds, ERR));
    assert_int_equal(run(db, adds, ids, 16), 0);
    xc_query_free(adds);

    /* nothing left to weigh: the empty query */
    const xc_cached_bm25_term zero[] = {BT("alpha", 0.0, 0)};
    xc_query *none = NULL;
    OK(xc_query_cached_bm25(db, zero, 1, &dflt, &none, ERR));
    assert_true(xc_query_is_empty(none));
    xc_query_free(none);

    xc_query_free(copy);
    xc_query_free(cached);
    xc_db_close(db);
}

/* n documents of term x (wdf 1 to 6), a padding term making every length distinct and not in
 * id order, y in every third and z in every fifth, written to a fresh database at path. */
static void write_lengths(const char *path, uint32_t n)
{
    xc_wdb *w = NULL;
    OK(xc_wdb_open(path, XC_WDB_CREATE_OR_OVERWRITE, &w, ERR));
    for (uint32_t i = 0; i < n; i++) {
        xc_doc *d = NULL;
        char data[16], id[16];
        snprintf(data, sizeof data, "D%u", i + 1);
        snprintf(id, sizeof id, "Q%u", i + 1);
        OK(xc_doc_new(&d, ERR));
        OK(xc_doc_add_boolean_term(d, id, strlen(id), ERR));
        OK(xc_doc_add_term(d, "x", 1, 1 + i % 6, ERR));
        /* 7919 is prime to n, so (i * 7919) % n is a permutation of the ids */
        OK(xc_doc_add_term(d, "pad", 3, 8 + 8 * (uint32_t)((uint64_t)i * 7919 % n), ERR));
        if (i % 3 == 0) {
            OK(xc_doc_add_term(d, "y", 1, 1 + i % 5, ERR));
        }
        if (i % 5 == 0) {
            OK(xc_doc_add_term(d, "z", 1, 1, ERR));
        }
        OK(xc_doc_set_data(d, data, strlen(data), ERR));
        OK(xc_wdb_replace(w, id, strlen(id), d, ERR));
        xc_doc_free(d);
    }
    OK(xc_wdb_close(w, ERR));
}

/* Cached BM25 over shards of many documents: scored in several blocks of ids, with wdfs above
 * the ones whose shares are kept, and with more distinct lengths than 2-byte norm numbers hold
 * (70,000) or fewer (20,000). */
static void test_cached_bm25_many_lengths(void **state)
{
    const fixture *f = *state;
    const uint32_t sizes[] = {20000, 70000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        write_lengths(f->path, sizes[s]);
        xc_db *db = open_reader(f);
        const xc_cached_bm25_term or_extra[] = {BT("x", 1.0, 0), BT("y", 1.3, 1)};
        assert_cached_bm25_is_or(db, or_extra, 2, 16);
        const xc_cached_bm25_term required[] = {BT_REQUIRED("x", 1.0), BT_REQUIRED("z", 0.5),
                                                BT("y", 2.0, 0)};
        assert_cached_bm25_is_or(db, required, 3, 16);
        xc_db_close(db);
    }
}

static void test_sort_by_value(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_db *db = open_reader(f);

    xc_query *all = NULL;
    OK(xc_query_match_all(&all, ERR));
    xc_enquire *e = NULL;
    OK(xc_enquire_new(db, &e, ERR));
    OK(xc_enquire_set_query(e, all, ERR));

    const xc_docid d1 = find(db, "Q1"), d2 = find(db, "Q2"), d3 = find(db, "Q3");
    xc_mset *m = NULL;
    /* slot 1 ascending: D4 (empty value) 10 20 30 */
    OK(xc_enquire_sort_value(e, SLOT_NUM, 0, 0, ERR));
    OK(xc_enquire_mset(e, 0, 10, 0, &m, ERR));
    assert_int_equal(xc_mset_size(m), 4);
    assert_int_equal(xc_mset_docid(m, 1), d2);
    assert_int_equal(xc_mset_docid(m, 2), d3);
    assert_int_equal(xc_mset_docid(m, 3), d1);
    xc_mset_free(m);

    /* descending */
    OK(xc_enquire_sort_value(e, SLOT_NUM, 1, 0, ERR));
    OK(xc_enquire_mset(e, 0, 10, 0, &m, ERR));
    assert_int_equal(xc_mset_docid(m, 0), d1);
    assert_int_equal(xc_mset_docid(m, 1), d3);
    assert_int_equal(xc_mset_docid(m, 2), d2);
    xc_mset_free(m);

    /* relevance first: match-all weights tie, so the value decides */
    OK(xc_enquire_sort_value(e, SLOT_NUM, 1, 1, ERR));
    OK(xc_enquire_mset(e, 0, 10, 0, &m, ERR));
    assert_int_equal(xc_mset_docid(m, 0), d1);
    assert_int_equal(xc_mset_docid(m, 1), d3);
    xc_mset_free(m);

    /* back to relevance: "gamma" twice in D4 puts it first */
    xc_query *g = term("gamma");
    OK(xc_enquire_set_query(e, g, ERR));
    OK(xc_enquire_sort_relevance(e, ERR));
    OK(xc_enquire_mset(e, 0, 10, 0, &m, ERR));
    assert_int_equal(xc_mset_docid(m, 0), find(db, "Q4"));
    assert_true(xc_mset_weight(m, 0) > xc_mset_weight(m, 1));
    xc_mset_free(m);

    xc_query_free(g);
    xc_enquire_free(e);
    xc_query_free(all);
    xc_db_close(db);
}

/* ---- facets and paging -------------------------------------------------------------------- */

typedef struct facet_list {
    char values[8][16];
    uint32_t counts[8];
    size_t n;
    int overflow; /* a value did not fit (and the walk stopped there) */
} facet_list;

/* An xc_facet_cb collecting into a facet_list; like collect_term, it asserts nothing (it runs
 * inside C++ frames) and flags what does not fit for the caller to assert afterwards. */
static int collect_facet(const char *v, size_t len, uint32_t count, void *ctx)
{
    facet_list *l = ctx;
    if (l->n >= 8 || len >= 16) {
        l->overflow = 1;
        return 1;
    }
    memcpy(l->values[l->n], v, len);
    l->values[l->n][len] = '\0';
    l->counts[l->n] = count;
    l->n++;
    return 0;
}

#define MANY 25

static void build_many(const fixture *f)
{
    static const char *const cats[] = {"A", "B", "B", "C", "C"}; /* by i % 5 */
    xc_wdb *w = NULL;
    OK(xc_wdb_open(f->path, XC_WDB_CREATE_OR_OVERWRITE, &w, ERR));
    for (int i = 1; i <= MANY; i++) {
        char id[16], data[16];
        snprintf(id, sizeof id, "Q%d", i);
        snprintf(data, sizeof data, "D%d", i);
        /* ... except D25, which is "Z" and only common */
        test_doc t = {id,        i % 2 ? "common odd" : "common even",
                      NULL,      i == MANY ? "Z" : cats[i % 5],
                      (double)i, data};
        add_doc(w, &t);
    }
    OK(xc_wdb_close(w, ERR));
}

static void test_facets_and_paging(void **state)
{
    const fixture *f = *state;
    build_many(f);
    xc_db *db = open_reader(f);
    xc_query *common = term("common");
    xc_enquire *e = NULL;
    OK(xc_enquire_new(db, &e, ERR));
    OK(xc_enquire_set_query(e, common, ERR));
    const size_t fi = 0, fj = 1; /* the packing order */
    OK(xc_enquire_add_facets(e, SLOT_PACK, 2, ERR));
    npc_err err;
    npc_err_clear(&err);
    assert_int_equal(xc_enquire_add_facets(e, SLOT_PACK, 2, &err), NPC_EINVAL); /* once */
    facet_list none = {0}; /* nothing counted before a search */
    assert_int_equal(xc_enquire_facet(e, fi, 10, collect_facet, &none, &err), NPC_EINVAL);
    assert_int_equal(none.n, 0);

    /* a page of 5 while the facet counts all 25 */
    xc_mset *m = NULL;
    OK(xc_enquire_mset(e, 0, 5, MANY, &m, ERR));
    assert_int_equal(xc_mset_size(m), 5);
    assert_int_equal(xc_mset_matches_estimated(m), MANY);
    assert_int_equal(xc_mset_matches_lower_bound(m), MANY);
    assert_int_equal(xc_mset_matches_upper_bound(m), MANY);

    facet_list l = {0};
    OK(xc_enquire_facet(e, fi, 10, collect_facet, &l, ERR));
    assert_false(l.overflow);
    assert_int_equal(l.n, 4);
    /* B and C (10 each, tie broken by value), then A: i%5==0 for 5..20 -> 4, Z 1 */
    assert_string_equal(l.values[0], "B");
    assert_int_equal(l.counts[0], 10);
    assert_string_equal(l.values[1], "C");
    assert_int_equal(l.counts[1], 10);
    assert_string_equal(l.values[2], "A");
    assert_int_equal(l.counts[2], 4);
    assert_string_equal(l.values[3], "Z");
    assert_int_equal(l.counts[3], 1);
    uint32_t sum = 0;
    for (size_t i = 0; i < l.n; i++) {
        sum += l.counts[i];
    }
    assert_int_equal(sum, MANY);

    memset(&l, 0, sizeof l); /* max limits the values */
    OK(xc_enquire_facet(e, fi, 2, collect_facet, &l, ERR));
    assert_false(l.overflow);
    assert_int_equal(l.n, 2);
    memset(&l, 0, sizeof l); /* every number is distinct */
    OK(xc_enquire_facet(e, fj, 3, collect_facet, &l, ERR));
    assert_false(l.overflow);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.counts[0], 1);

    uint32_t total = 0;
    OK(xc_enquire_facet_total(e, &total, ERR));
    assert_int_equal(total, MANY);
    npc_err_clear(&err);
    assert_int_equal(xc_enquire_facet(e, 2, 10, collect_facet, &l, &err), NPC_EINVAL);

    /* paging: pages are disjoint and cover every match */
    int seen[MANY + 1] = {0};
    xc_docid first_page[5];
    for (uint32_t i = 0; i < 5; i++) {
        first_page[i] = xc_mset_docid(m, i);
    }
    xc_mset_free(m);
    for (uint32_t off = 0; off < MANY; off += 10) {
        OK(xc_enquire_mset(e, off, 10, 0, &m, ERR));
        uint32_t want = MANY - off < 10 ? MANY - off : 10;
        assert_int_equal(xc_mset_size(m), want);
        for (uint32_t i = 0; i < want; i++) {
            xc_docid id = xc_mset_docid(m, i);
            assert_true(id >= 1 && id <= MANY);
            assert_int_equal(seen[id], 0);
            seen[id] = 1;
            if (off == 0 && i < 5) {
                assert_int_equal(id, first_page[i]);
            }
        }
        xc_mset_free(m);
    }
    OK(xc_enquire_mset(e, MANY, 10, 0, &m, ERR));
    assert_int_equal(xc_mset_size(m), 0);
    assert_int_equal(xc_mset_docid(m, 0), 0); /* out of range: 0, no crash */
    assert_true(xc_mset_weight(m, 3) == 0.0);
    char *data = NULL;
    assert_int_equal(xc_mset_doc_data(m, 0, &data, NULL, &err), NPC_EINVAL);
    assert_null(data);
    xc_mset_free(m);

    /* estimates without check_at_least stay consistent */
    xc_query *odd = term("odd");
    xc_query *q = combine2(XC_OP_AND, common, odd, 0);
    OK(xc_enquire_set_query(e, q, ERR));
    OK(xc_enquire_mset(e, 0, 2, 0, &m, ERR));
    assert_int_equal(xc_mset_size(m), 2);
    assert_true(xc_mset_matches_lower_bound(m) <= xc_mset_matches_estimated(m));
    assert_true(xc_mset_matches_estimated(m) <= xc_mset_matches_upper_bound(m));
    assert_true(xc_mset_matches_lower_bound(m) >= 2);
    assert_true(xc_mset_matches_upper_bound(m) <= MANY);
    xc_mset_free(m);
    OK(xc_enquire_mset(e, 0, 2, 100, &m, ERR));
    assert_int_equal(xc_mset_matches_estimated(m), 13); /* exact now */
    xc_mset_free(m);

    xc_query_free(q);
    xc_query_free(odd);
    xc_enquire_free(e);
    xc_query_free(common);
    xc_db_close(db);
}

/* The category facet of `common` on db: its values and counts into l, the total seen returned;
 * with keep, the enquire is handed back open instead of freed. */
static uint32_t category_facet(xc_db *db, facet_list *l, xc_enquire **keep)
{
    xc_query *q = term("common");
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    OK(xc_enquire_new(db, &e, ERR));
    OK(xc_enquire_set_query(e, q, ERR));
    OK(xc_enquire_add_facets(e, SLOT_PACK, 2, ERR));
    OK(xc_enquire_mset(e, 0, 5, 1000, &m, ERR));
    memset(l, 0, sizeof *l);
    OK(xc_enquire_facet(e, 0, 8, collect_facet, l, ERR));
    assert_false(l->overflow);
    uint32_t total = 0;
    OK(xc_enquire_facet_total(e, &total, ERR));
    xc_mset_free(m);
    xc_query_free(q);
    if (keep != NULL) {
        *keep = e;
    } else {
        xc_enquire_free(e);
    }
    return total;
}

static void assert_facet(const facet_list *l, size_t i, const char *value, uint32_t count)
{
    assert_true(i < l->n);
    assert_string_equal(l->values[i], value);
    assert_int_equal(l->counts[i], count);
}

/* The facets read from a reader's in-memory column, from a writer's view, from several shards
 * opened as one, and summed over shards, agree; a reopen reads the column afresh. */
static void test_facet_sources(void **state)
{
    const fixture *f = *state;
    build_many(f);
    xc_db *db = open_reader(f);
    facet_list l;
    assert_int_equal(category_facet(db, &l, NULL), MANY); /* the column */
    assert_int_equal(l.n, 4);
    assert_facet(&l, 0, "B", 10);
    assert_facet(&l, 1, "C", 10);
    assert_facet(&l, 2, "A", 4);
    assert_facet(&l, 3, "Z", 1);

    /* a writer's view reads each document, and sees its change at once; the reader keeps its
     * revision until it reopens */
    xc_wdb *w = open_writer(f);
    facet_list lw;
    assert_int_equal(category_facet(xc_wdb_reader(w), &lw, NULL), MANY);
    assert_int_equal(memcmp(&lw, &l, sizeof l), 0);
    const test_doc moved = {"Q1", "common odd", NULL, "A", 1, "D1"}; /* B -> A */
    add_doc(w, &moved);
    category_facet(xc_wdb_reader(w), &lw, NULL);
    assert_facet(&lw, 0, "C", 10);
    assert_facet(&lw, 1, "B", 9);
    assert_facet(&lw, 2, "A", 5);
    OK(xc_wdb_close(w, ERR));
    category_facet(db, &l, NULL);
    assert_facet(&l, 1, "C", 10);
    assert_facet(&l, 2, "A", 4);
    OK(xc_db_reopen(db, NULL, ERR));
    category_facet(db, &l, NULL);
    assert_int_equal(memcmp(&lw, &l, sizeof l), 0);

    /* a second shard: the two opened as one, and each on its own with the counts merged */
    const test_doc in2[] = {{"Q31", "common", NULL, "Z", 31, "D31"},
                            {"Q32", "common", NULL, "Y", 32, "D32"},
                            {"Q33", "other", NULL, "Y", 33, "D33"}};
    xc_db *second = NULL;
    xc_db *both = open_two_shards(f, in2, 3, &second);
    facet_list lb, lm;
    assert_int_equal(category_facet(both, &lb, NULL), MANY + 2);
    assert_facet(&lb, 0, "C", 10);
    assert_facet(&lb, 1, "B", 9);
    assert_facet(&lb, 2, "A", 5);
    assert_facet(&lb, 3, "Z", 2);
    assert_facet(&lb, 4, "Y", 1);
    xc_enquire *e1 = NULL, *e2 = NULL;
    category_facet(db, &lm, &e1);
    category_facet(second, &lm, &e2);
    OK(xc_enquire_merge_facets(e1, e2, ERR));
    memset(&lm, 0, sizeof lm);
    OK(xc_enquire_facet(e1, 0, 8, collect_facet, &lm, ERR));
    assert_false(lm.overflow);
    assert_int_equal(memcmp(&lm, &lb, sizeof lb), 0);
    uint32_t total = 0;
    OK(xc_enquire_facet_total(e1, &total, ERR));
    assert_int_equal(total, MANY + 2);
    xc_enquire_free(e1);
    xc_enquire_free(e2);
    xc_db_close(second);
    xc_db_close(both);
    xc_db_close(db);
}

/* ---- query building ------------------------------------------------------------------------ */

static void test_combine_edges(void **state)
{
    (void)state;
    xc_query *a = term("a"), *b = term("b"), *c = term("c");

    xc_query *subs[4] = {NULL, a, NULL, b};
    xc_query *q = NULL;
    OK(xc_query_combine(XC_OP_OR, subs, 4, 0, &q, ERR));
    char *d = xc_query_describe(q);
    assert_non_null(d);
    assert_string_equal(d, "Query((a OR b))");
    free(d);
    xc_query_free(q);

    xc_query *none[2] = {NULL, NULL};
    OK(xc_query_combine(XC_OP_AND, none, 2, 0, &q, ERR));
    assert_true(xc_query_is_empty(q));
    xc_query_free(q);
    OK(xc_query_combine(XC_OP_AND, NULL, 0, 0, &q, ERR));
    assert_true(xc_query_is_empty(q));
    xc_query_free(q);
    assert_false(xc_query_is_empty(a));

    xc_query *three[3] = {a, b, c};
    OK(xc_query_combine(XC_OP_PHRASE, three, 3, 0, &q, ERR));
    d = xc_query_describe(q);
    assert_non_null(strstr(d, "PHRASE 3"));
    free(d);
    xc_query_free(q);
    OK(xc_query_combine(XC_OP_NEAR, three, 3, 7, &q, ERR));
    d = xc_query_describe(q);
    assert_non_null(strstr(d, "NEAR 7"));
    free(d);
    xc_query_free(q);
    OK(xc_query_combine(XC_OP_ELITE_SET, three, 3, 0, &q, ERR));
    d = xc_query_describe(q);
    assert_non_null(strstr(d, "ELITE_SET 10"));
    free(d);
    xc_query_free(q);
    OK(xc_query_combine(XC_OP_ELITE_SET, three, 3, 2, &q, ERR));
    d = xc_query_describe(q);
    assert_non_null(strstr(d, "ELITE_SET 2"));
    free(d);
    xc_query_free(q);
    OK(xc_query_combine(XC_OP_SYNONYM, three, 3, 0, &q, ERR));
    d = xc_query_describe(q);
    assert_non_null(strstr(d, "SYNONYM"));
    free(d);
    xc_query_free(q);
    OK(xc_query_combine(XC_OP_MAX, three, 3, 0, &q, ERR));
    d = xc_query_describe(q);
    assert_non_null(strstr(d, "MAX"));
    free(d);
    xc_query_free(q);

    npc_err err;
    npc_err_clear(&err);
    q = NULL;
    assert_int_equal(xc_query_combine((enum xc_op)99, three, 3, 0, &q, &err), NPC_EINVAL);
    assert_null(q);

    xc_query_free(NULL);
    xc_query_free(c);
    xc_query_free(b);
    xc_query_free(a);
}

static void test_sortable_serialise(void **state)
{
    (void)state;
    const double vals[] = {-1e9, -2.5, 0.0, 1.0, 1.5, 20240101.0, 1e12};
    char prev[18];
    size_t prev_n = 0;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        char buf[18];
        size_t n = xc_sortable_serialise(vals[i], buf);
        assert_true(n <= 18);
        assert_near(xc_sortable_unserialise(buf, n), vals[i], 0.0);
        if (i > 0) {
            size_t m = n < prev_n ? n : prev_n;
            int c = memcmp(prev, buf, m);
            assert_true(c < 0 || (c == 0 && prev_n < n));
        }
        memcpy(prev, buf, n);
        prev_n = n;
    }
}

/* ---- errors and lifetimes ----------------------------------------------------------------- */

static void test_errors(void **state)
{
    const fixture *f = *state;
    npc_err err;

    npc_err_clear(&err);
    xc_db *db = NULL;
    char missing[128];
    snprintf(missing, sizeof missing, "%s/no-such-db", f->dir);
    assert_int_equal(xc_db_open(missing, &db, &err), NPC_EDB_OPEN);
    assert_null(db);
    assert_int_equal(err.code, NPC_EDB_OPEN);
    assert_true(strlen(err.detail) > 0);

    xc_wdb *w1 = open_writer(f);
    xc_wdb *w2 = NULL;
    npc_err_clear(&err);
    assert_int_equal(xc_wdb_open(f->path, XC_WDB_CREATE_OR_OPEN, &w2, &err), NPC_EDB_LOCK);
    assert_null(w2);
    assert_int_equal(err.code, NPC_EDB_LOCK);
    assert_true(strlen(err.detail) > 0);

    /* a document that is not there */
    add_doc(w1, &corpus[0]);
    npc_err_clear(&err);
    char *s = NULL;
    assert_int_equal(xc_db_doc_data(xc_wdb_reader(w1), 12345, &s, NULL, &err), NPC_ENOTFOUND);
    assert_null(s);
    assert_true(strlen(err.detail) > 0);

    /* empty metadata key: Xapian's InvalidArgumentError */
    npc_err_clear(&err);
    assert_int_equal(xc_wdb_set_metadata(w1, "", "x", 1, &err), NPC_EINVAL);

    OK(xc_wdb_close(w1, ERR));
    /* the lock is gone with the writer */
    OK(xc_wdb_open(f->path, XC_WDB_CREATE_OR_OPEN, &w2, ERR));
    OK(xc_wdb_close(w2, ERR));

    npc_err_clear(&err);
    assert_int_equal(xc_wdb_open(f->path, (enum xc_wdb_mode)0, &w2, &err), NPC_EINVAL);

    /* NULL is accepted by every free function */
    xc_db_close(NULL);
    xc_wdb_abandon(NULL);
    xc_doc_free(NULL);
    xc_enquire_free(NULL);
    xc_mset_free(NULL);
    assert_null(xc_wdb_reader(NULL));
    assert_null(xc_query_describe(NULL));
}

static void test_abandon_discards(void **state)
{
    const fixture *f = *state;
    xc_wdb *w = open_writer(f);
    add_doc(w, &corpus[0]);
    add_doc(w, &corpus[1]);
    OK(xc_wdb_set_metadata(w, "k", "kept", 4, ERR));
    OK(xc_wdb_commit(w, ERR));

    add_doc(w, &corpus[2]);
    add_doc(w, &corpus[3]);
    OK(xc_wdb_delete(w, "Q1", 2, ERR));
    OK(xc_wdb_set_metadata(w, "k", "lost", 4, ERR));
    OK(xc_wdb_set_metadata(w, "k2", "lost", 4, ERR));
    assert_int_equal(doccount(xc_wdb_reader(w)), 3); /* the writer sees its own changes */
    xc_wdb_abandon(w);

    xc_db *db = open_reader(f);
    assert_int_equal(doccount(db), 2);
    find(db, "Q1");
    find(db, "Q2");
    uint32_t tf = 9;
    OK(xc_db_termfreq(db, "Q3", 2, &tf, ERR));
    assert_int_equal(tf, 0);
    char *s = NULL;
    OK(xc_db_metadata(db, "k", &s, NULL, ERR));
    assert_string_equal(s, "kept");
    free(s);
    OK(xc_db_metadata(db, "k2", &s, NULL, ERR));
    assert_string_equal(s, "");
    free(s);
    xc_db_close(db);

    /* abandon right after open, and after a commit with nothing pending, change nothing */
    w = open_writer(f);
    xc_wdb_abandon(w);
    w = open_writer(f);
    add_doc(w, &corpus[2]);
    OK(xc_wdb_commit(w, ERR));
    xc_wdb_abandon(w);
    db = open_reader(f);
    assert_int_equal(doccount(db), 3);
    xc_db_close(db);

    /* close, by contrast, commits */
    w = open_writer(f);
    add_doc(w, &corpus[3]);
    OK(xc_wdb_close(w, ERR));
    db = open_reader(f);
    assert_int_equal(doccount(db), 4);
    xc_db_close(db);
}

/* Glass files grow in whole blocks: db's postlist table is made of blocks of block bytes, at
 * least one and at most most of them. */
static void assert_blocks_of(const char *db, long block, long most)
{
    char table[160];
    snprintf(table, sizeof table, "%s/postlist.glass", db);
    struct stat sb;
    assert_int_equal(stat(table, &sb), 0);
    assert_int_equal(sb.st_size % block, 0);
    assert_in_range(sb.st_size / block, 1, most);
}

static void test_compact(void **state)
{
    const fixture *f = *state;
    build_corpus(f);
    xc_wdb *w = open_writer(f);
    OK(xc_wdb_delete(w, "Q1", 2, ERR)); /* a gap in the ids, which compaction must keep */
    OK(xc_wdb_set_metadata(w, "k", "kept", 4, ERR));
    OK(xc_wdb_close(w, ERR));
    xc_db *db = open_reader(f);
    xc_docid id2 = find(db, "Q2");
    uint32_t n = doccount(db);
    xc_db_close(db);

    char dst[128];
    snprintf(dst, sizeof dst, "%s/compact", f->dir);
    OK(xc_db_compact(f->path, dst, 65536, ERR));
    db = NULL;
    OK(xc_db_open(dst, &db, ERR));
    assert_int_equal(doccount(db), n);
    assert_int_equal(find(db, "Q2"), id2);
    xc_docid gone = 0;
    npc_err e;
    assert_int_equal(xc_db_find_term(db, "Q1", 2, &gone, &e), NPC_ENOTFOUND);
    char *s = NULL;
    OK(xc_db_metadata(db, "k", &s, NULL, ERR));
    assert_string_equal(s, "kept");
    free(s);
    xc_db_close(db);
    assert_blocks_of(dst, 65536, 16);

    char other[128], table[160];
    snprintf(other, sizeof other, "%s/other", f->dir);
    assert_int_equal(xc_db_compact(f->path, other, 3000, &e), NPC_EINVAL); /* not a power of 2 */
    assert_int_equal(xc_db_compact(f->path, other, 131072, &e), NPC_EINVAL);
    snprintf(table, sizeof table, "%s/absent", f->dir);
    assert_int_not_equal(xc_db_compact(table, other, 16384, &e), NPC_OK);
    assert_int_not_equal(access(other, F_OK), 0); /* nothing written */
}

/* A bulk database is built in 64 KiB blocks, and its compaction writes the blocks it is read in
 * (glass files grow in whole blocks). */
static void test_bulk_then_compact(void **state)
{
    const fixture *f = *state;
    char bulk[128], dst[128];
    snprintf(bulk, sizeof bulk, "%s/bulk", f->dir);
    write_docs(bulk, XC_WDB_CREATE_BULK, corpus, CORPUS_N);
    assert_blocks_of(bulk, 65536, 16);

    snprintf(dst, sizeof dst, "%s/compact", f->dir);
    OK(xc_db_compact(bulk, dst, 16384, ERR));
    assert_blocks_of(dst, 16384, 3); /* under 64 KiB: not written in bulk blocks */
    xc_db *db = NULL;
    OK(xc_db_open(dst, &db, ERR));
    assert_int_equal(doccount(db), CORPUS_N);
    assert_true(find(db, "Q3") != 0);
    xc_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_and_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cached_bm25_many_lengths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_delete_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wildcard, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phrase_and_near, setup, teardown),
        cmocka_unit_test_setup_teardown(test_and_not_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scale_changes_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fixed_weight_and_clone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_term_boost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cached_bm25, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sort_by_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_facets_and_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_facet_sources, setup, teardown),
        cmocka_unit_test_setup_teardown(test_combine_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sortable_serialise, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abandon_discards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_then_compact, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * vectors.c — word vectors trained on the index with fastText, kept as neighbours (see
 * vectors.h): the corpus written out, fasttext run, its answers read back.
 */
#include "learn/vectors.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "index/docdata.h"
#include "index/schema.h"
#include "learn/assocdb.h"
#include "text/analyzer.h"

extern char **environ;

/* ---- the corpus ------------------------------------------------------------------------- */

/* Writes the words of text[0..len) to f, each followed by a space. */
static npc_status write_words(npc_analyzer *a, FILE *f, const char *text, size_t len, npc_err *err)
{
    npc_analysis an;
    npc_status st = npc_analyze(a, text, len, 0, &an, err);
    for (size_t i = 0; st == NPC_OK && i < an.ntokens; i++) {
        const npc_token *t = &an.tokens[i];
        if ((t->kind == NPC_TOK_HAN && t->end - t->start > 3) || t->kind == NPC_TOK_ALNUM) {
            fwrite(npc_token_term(&an, t), 1, t->term_len, f);
            fputc(' ', f);
        }
    }
    return st;
}

/* Writes one line per document of db (but whole laws) to f: its title's and text's words. */
static npc_status write_corpus(npc_searcher *s, FILE *f, size_t *ndocs, npc_err *err)
{
    xc_db *db = npc_searcher_db(s);
    npc_analyzer *a = npc_searcher_analyzer(s);
    uint32_t n = 0;
    xc_query *q = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    npc_status st = xc_db_doccount(db, &n, err);
    if (st == NPC_OK) {
        st = xc_query_match_all(&q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_new(db, &e, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_set_query(e, q, err);
    }
    if (st == NPC_OK) {
        st = xc_enquire_mset(e, 0, n, n, &m, err);
    }
    *ndocs = 0;
    for (uint32_t i = 0; st == NPC_OK && i < xc_mset_size(m); i++) {
        char *data = NULL;
        size_t dlen = 0, tl = 0, xl = 0, yl = 0;
        npc_docdata *d = NULL;
        st = xc_db_doc_data(db, xc_mset_docid(m, i), &data, &dlen, err);
        if (st == NPC_OK) {
            st = npc_docdata_parse(data, dlen, &d, err);
        }
        const char *type = st == NPC_OK ? npc_docdata_str(d, NPC_FIELD_TYPE, &yl) : NULL;
        if (st == NPC_OK && !(type != NULL && strcmp(type, NPC_TYPE_LAW) == 0)) {
            const char *title = npc_docdata_str(d, NPC_FIELD_TITLE, &tl);
            const char *text = npc_docdata_str(d, NPC_FIELD_TEXT, &xl);
            if (title != NULL) {
                st = write_words(a, f, title, tl, err);
            }
            if (st == NPC_OK && text != NULL) {
                st = write_words(a, f, text, xl, err);
            }
            fputc('\n', f);
            (*ndocs)++;
        }
        npc_docdata_free(d);
        free(data);
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(q);
    if (st == NPC_OK && ferror(f)) {
        st = npc_fail(err, NPC_EIO, "cannot write the corpus for fasttext: %s", strerror(errno));
    }
    return st;
}

/* ---- fasttext --------------------------------------------------------------------------- */

/* Runs argv (argv[0] looked up in PATH) with stdin from in and stdout to out (NULL: inherited,
 * /dev/null for stdout). */
static npc_status run(char *const argv[], const char *in, const char *out, npc_err *err)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0) {
        return npc_fail(err, NPC_ENOMEM, "fasttext");
    }
    if (in != NULL) {
        posix_spawn_file_actions_addopen(&fa, 0, in, O_RDONLY, 0);
    }
    posix_spawn_file_actions_addopen(&fa, 1, out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        return npc_fail(err, NPC_EIO, "cannot run %s: %s (apt-get install fasttext)", argv[0],
                        strerror(rc));
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return npc_fail(err, NPC_EIO, "%s %s failed (status %d)", argv[0], argv[1], status);
    }
    return NPC_OK;
}

/* The whole file at path (malloc'd, NUL-terminated) into *out. */
static npc_status slurp(const char *path, char **out, size_t *len, npc_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return npc_fail(err, NPC_EIO, "cannot read %s: %s", path, strerror(errno));
    }
    size_t cap = 1 << 16, n = 0, got;
    char *b = malloc(cap);
    while (b != NULL && (got = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *p = realloc(b, cap * 2);
            if (p == NULL) {
                free(b);
                b = NULL;
            }
            b = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (b == NULL) {
        return npc_fail(err, NPC_ENOMEM, "reading %s", path);
    }
    b[n] = '\0';
    *out = b;
    *len = n;
    return NPC_OK;
}

/* A word of the dictionary, not fastText's end of line (the corpus holds no shorter word). */
static int wanted(const char *w, size_t len)
{
    return len >= 2 && strcmp(w, "</s>") != 0;
}

typedef struct words {
    char **w; /* the frequent words, most frequent first */
    size_t n;
} words;

static int has_word(const words *v, const char *w)
{
    for (size_t i = 0; i < v->n; i++) { /* used on the few candidates of one word: see below */
        if (strcmp(v->w[i], w) == 0) {
            return 1;
        }
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads `fasttext dump MODEL dict` (a count line, then "WORD COUNT word|label" by frequency):
 * the first max wanted words into *v (in order) and the same sorted into *sorted. */
static npc_status read_dict(char *text, size_t max, words *v, words *sorted, npc_err *err)
{
    v->w = calloc(max + 1, sizeof *v->w);
    sorted->w = calloc(max + 1, sizeof *sorted->w);
    if (v->w == NULL || sorted->w == NULL) {
        return npc_fail(err, NPC_ENOMEM, "fasttext dictionary");
    }
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save); /* the count */
    while (v->n < max && (line = strtok_r(NULL, "\n", &save)) != NULL) {
        char *sp = strchr(line, ' ');
        if (sp == NULL || strstr(sp, " word") == NULL) {
            continue;
        }
        *sp = '\0';
        if (wanted(line, strlen(line))) {
            v->w[v->n] = line;
            sorted->w[v->n++] = line;
        }
    }
    sorted->n = v->n;
    qsort(sorted->w, sorted->n, sizeof *sorted->w, cmp_str);
    return NPC_OK;
}

static int in_sorted(const words *s, const char *w)
{
    return bsearch(&w, s->w, s->n, sizeof *s->w, cmp_str) != NULL;
}

/* Appends s to the growing buffer *b (length *n, capacity *cap); 0 when out of memory. */
static int append(char **b, size_t *n, size_t *cap, const char *s, size_t len)
{
    if (*n + len + 1 > *cap) {
        size_t c = (*n + len + 1) * 2;
        char *p = realloc(*b, c);
        if (p == NULL) {
            return 0;
        }
        *b = p;
        *cap = c;
    }
    memcpy(*b + *n, s, len);
    *n += len;
    (*b)[*n] = '\0';
    return 1;
}

/* The model text (npc_assoc_load's format) from `fasttext nn`'s answers for the words of v:
 * after each "Query word? " prompt, lines "NEIGHBOUR COSINE". */
static npc_status neighbours(const npc_vectors_params *p, const words *v, const words *sorted,
                             char *nn, size_t ndocs, char **model, size_t *mlen, npc_err *err)
{
    char *b = NULL;
    size_t n = 0, cap = 0;
    char head[64];
    int hl = snprintf(head, sizeof head, "npc.assoc 1 %zu\n", ndocs);
    if (!append(&b, &n, &cap, head, (size_t)hl)) {
        return npc_fail(err, NPC_ENOMEM, "vectors");
    }
    static const char prompt[] = "Query word? ";
    char *at = strstr(nn, prompt);
    for (size_t i = 0; at != NULL && i < v->n; i++) {
        char *next = strstr(at + sizeof prompt - 1, prompt);
        if (next != NULL) {
            *next = '\0';
        }
        char *save = NULL;
        size_t kept = 0;
        words mine = {0};
        char *keep[64];
        mine.w = keep;
        char line_buf[256];
        size_t lb = 0;
        for (char *line = strtok_r(at + sizeof prompt - 1, "\n", &save);
             line != NULL && kept < p->neighbours && kept < 64;
             line = strtok_r(NULL, "\n", &save)) {
            char *sp = strrchr(line, ' ');
            if (sp == NULL) {
                continue;
            }
            *sp = '\0';
            double cos = strtod(sp + 1, NULL);
            if (!(cos >= p->min_sim) || strcmp(line, v->w[i]) == 0 || !in_sorted(sorted, line) ||
                has_word(&mine, line)) {
                continue;
            }
            keep[mine.n++] = line;
            kept++;
            int l = snprintf(line_buf + lb, sizeof line_buf - lb, "\t%s\t%.4f", line,
                             cos < 1.0 ? cos : 1.0);
            if (l < 0 || (size_t)l >= sizeof line_buf - lb) {
                break;
            }
            lb += (size_t)l;
        }
        if (kept > 0 && (!append(&b, &n, &cap, v->w[i], strlen(v->w[i])) ||
                         !append(&b, &n, &cap, line_buf, lb) || !append(&b, &n, &cap, "\n", 1))) {
            free(b);
            return npc_fail(err, NPC_ENOMEM, "vectors");
        }
        at = next != NULL ? next : NULL;
        if (next != NULL) {
            *next = prompt[0]; /* restore the prompt for the next round */
        }
    }
    *model = b;
    *mlen = n;
    return NPC_OK;
}

npc_status npc_vectors_train(npc_searcher *s, const npc_vectors_params *p, const char *fasttext,
                             npc_assoc **out, npc_err *err)
{
    *out = NULL;
    if (p->dim == 0 || p->epoch == 0 || p->min_count == 0 || p->threads == 0 || p->words == 0 ||
        p->neighbours == 0) {
        return npc_fail(err, NPC_EINVAL, "vectors: a parameter is 0");
    }
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/npc-vectors.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        return npc_fail(err, NPC_EIO, "cannot make a scratch directory in %s: %s",
                        tmp && *tmp ? tmp : "/tmp", strerror(errno));
    }
    char corpus[4200], model[4200], bin[4200], dict[4200], list[4200], nnout[4200];
    snprintf(corpus, sizeof corpus, "%s/corpus.txt", dir);
    snprintf(model, sizeof model, "%s/model", dir);
    snprintf(bin, sizeof bin, "%s/model.bin", dir);
    snprintf(dict, sizeof dict, "%s/dict.txt", dir);
    snprintf(list, sizeof list, "%s/words.txt", dir);
    snprintf(nnout, sizeof nnout, "%s/nn.txt", dir);
    size_t ndocs = 0;
    npc_status st = NPC_OK;
    FILE *f = fopen(corpus, "w");
    if (f == NULL) {
        st = npc_fail(err, NPC_EIO, "cannot write %s: %s", corpus, strerror(errno));
    } else {
        st = write_corpus(s, f, &ndocs, err);
        if (fclose(f) != 0 && st == NPC_OK) {
            st = npc_fail(err, NPC_EIO, "cannot write %s: %s", corpus, strerror(errno));
        }
    }
    char dim[16], epoch[16], minc[16], thr[16], k[16];
    snprintf(dim, sizeof dim, "%u", p->dim);
    snprintf(epoch, sizeof epoch, "%u", p->epoch);
    snprintf(minc, sizeof minc, "%u", p->min_count);
    snprintf(thr, sizeof thr, "%u", p->threads);
    snprintf(k, sizeof k, "%u", p->neighbours * 3); /* room for the ones left out */
    if (st == NPC_OK) {
        char *argv[] = {(char *)fasttext, "skipgram", "-input",   corpus, "-output",   model,
                        "-dim",           dim,        "-epoch",   epoch,  "-minCount", minc,
                        "-thread",        thr,        "-verbose", "1",    NULL};
        st = run(argv, NULL, NULL, err);
    }
    if (st == NPC_OK) {
        char *argv[] = {(char *)fasttext, "dump", bin, "dict", NULL};
        st = run(argv, NULL, dict, err);
    }
    char *dtext = NULL, *nn = NULL, *mtext = NULL;
    size_t dl = 0, nl = 0, ml = 0;
    words v = {0}, sorted = {0};
    if (st == NPC_OK) {
        st = slurp(dict, &dtext, &dl, err);
    }
    if (st == NPC_OK) {
        st = read_dict(dtext, p->words, &v, &sorted, err);
    }
    FILE *lf = st == NPC_OK ? fopen(list, "w") : NULL;
    if (st == NPC_OK && lf == NULL) {
        st = npc_fail(err, NPC_EIO, "cannot write %s: %s", list, strerror(errno));
    }
    for (size_t i = 0; lf != NULL && i < v.n; i++) {
        fprintf(lf, "%s\n", v.w[i]);
    }
    if (lf != NULL && fclose(lf) != 0) {
        st = npc_fail(err, NPC_EIO, "cannot write %s: %s", list, strerror(errno));
    }
    if (st == NPC_OK) {
        char *argv[] = {(char *)fasttext, "nn", bin, k, NULL};
        st = run(argv, list, nnout, err);
    }
    if (st == NPC_OK) {
        st = slurp(nnout, &nn, &nl, err);
    }
    if (st == NPC_OK) {
        st = neighbours(p, &v, &sorted, nn, ndocs, &mtext, &ml, err);
    }
    if (st == NPC_OK) {
        st = npc_assoc_load(mtext, ml, out, err);
    }
    free(v.w);
    free(sorted.w);
    free(dtext);
    free(nn);
    free(mtext);
    const char *files[] = {corpus, bin, dict, list, nnout};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        unlink(files[i]);
    }
    char vec[4200];
    snprintf(vec, sizeof vec, "%s/model.vec", dir);
    unlink(vec);
    rmdir(dir);
    return st;
}

npc_status npc_vectors_read(const xc_db *db, npc_assoc **out, npc_err *err)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    npc_status st = xc_db_metadata(db, NPC_META_VECTORS, &text, &len, err);
    if (st == NPC_OK && len > 0) {
        st = npc_assoc_load(text, len, out, err);
    }
    free(text);
    return st;
}

npc_status npc_vectors_store(const char *dir, const npc_assoc *m, npc_err *err)
{
    return npc_assoc_store_as(dir, m, NPC_META_VECTORS, NPC_META_VECTORS_STAMP, err);
}

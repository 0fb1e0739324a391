/*
 * fuzz_prep.c — npc_prep_file, the indexer's whole per-file path (reading, UTF-8 and binary
 * checks, front matter, the law, report and feedback genres, classification, the analyzer),
 * through a temporary file.  The input's length picks the file's path among the corpus's
 * genres and formats (a law, a local regulation, a report, feedback, a .txt report, a CSV
 * table, .docx, .pdf, .html), so every seed is
 * tried under several names as it mutates.  Checks: a refusal carries one of prep.h's statuses
 * and leaves nothing; a success has unique, non-empty document ids.  The same file goes through
 * the lexicon's path too: npc_prep_law_title, then the title's keys and aliases (titles.h)
 * into a lexicon.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "index/abbrev.h"
#include "text/fold.h"
#include "fuzz.h"
#include "prep.h"
#include "support.h"
#include "titles.h"

static npc_lexicon *lexicon; /* borrowed by the preparer */
static npc_prep *prep;
static char path[256];

static void cleanup(void)
{
    unlink(path);
    npc_prep_free(prep);
    npc_lexicon_free(lexicon);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    npc_err err;
    lexicon = npc_test_lexicon();
    FUZZ_CHECK(lexicon != NULL);
    FUZZ_CHECK(npc_prep_new(lexicon, 1 << 20, &prep, &err) == NPC_OK);
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/npc-fuzz-prep-XXXXXX", tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    FUZZ_CHECK(fd >= 0);
    close(fd);
    atexit(cleanup);
    return 0;
}

static const char *const names[] = {
    "laws/国家法律/中华人民共和国示范法(2020-01-01).md",
    "laws/地方性法规/示范市物业管理条例(2023-05-01).md",
    "reports/2024-03-01-示范市人大常委会工作报告.md",
    "feedback/2025/意见-001.md",
    "reports/2019-执法检查报告.txt",
    "示范.md",
    "feedback/2024-09-示范市联系点-意见汇总.csv",
    "reports/2025-示范市养犬管理条例草案说明.docx",
    "reports/2025-示范市养犬管理条例草案说明.pdf",
    "reports/2025-示范市立法调研.html",
};

static void check_title(const char *rel);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    FUZZ_CHECK(fp != NULL);
    FUZZ_CHECK(fwrite(data, 1, size, fp) == size);
    FUZZ_CHECK(fclose(fp) == 0);
    npc_file f = {.abs = path, .rel = (char *)names[size % (sizeof names / sizeof names[0])]};
    check_title(f.rel);
    f.size = (off_t)size;
    npc_prepared out;
    npc_err err;
    npc_status st = npc_prep_file(prep, &f, &out, &err);
    if (st != NPC_OK) {
        FUZZ_CHECK(st == NPC_EEMPTY || st == NPC_EBINARY || st == NPC_EUTF8 || st == NPC_ETOOBIG ||
                   st == NPC_EFORMAT);
        FUZZ_CHECK(out.n == 0 && out.docs == NULL);
        return 0;
    }
    FUZZ_CHECK(!out.ignored && out.n > 0);
    FUZZ_CHECK(out.articles < out.n);
    for (size_t i = 0; i < out.n; i++) {
        FUZZ_CHECK(out.docs[i] != NULL && out.ids[i] != NULL && out.ids[i][0] != '\0');
        for (size_t k = 0; k < i; k++) {
            FUZZ_CHECK(strcmp(out.ids[i], out.ids[k]) != 0);
        }
    }
    npc_prepared_release(&out);
    return 0;
}

/* The title the indexer would add to the lexicon, and its aliases. */
static void check_title(const char *rel)
{
    char title[256];
    if (!npc_prep_law_title(path, rel, title, sizeof title)) {
        return;
    }
    size_t len = strlen(title);
    FUZZ_CHECK(len > 0 && len < sizeof title && npc_utf8_valid(title, len, NULL));
    npc_titles *t = NULL;
    npc_lexicon *lx = NULL;
    npc_err err;
    FUZZ_CHECK(npc_titles_new(&t, &err) == NPC_OK && npc_lexicon_new(&lx, &err) == NPC_OK);
    FUZZ_CHECK(npc_titles_add(t, title, &err) == NPC_OK);
    FUZZ_CHECK(npc_titles_add(t, "中华人民共和国示范保障法", &err) == NPC_OK);
    size_t added = 0;
    FUZZ_CHECK(npc_titles_to_lexicon(t, lx, &added, &err) == NPC_OK);
    size_t size = npc_lexicon_size(lx);
    FUZZ_CHECK(npc_abbrev_add(lx, &err) == NPC_OK && npc_lexicon_size(lx) >= size);
    npc_lexicon_free(lx);
    npc_titles_free(t);
}

/*
 * lawmd.h — parser for laws and regulations in Markdown (the format of ../shared/corpus/laws
 * and corpus/laws, described in docs/corpus.md).
 *
 *   # 中华人民共和国残疾人保障法          title (a second "# " line is a book: 民法典's 总则)
 *   1990年12月28日 …通过                   promulgation / amendment lines
 *   <!-- INFO END -->
 *   ## 第一章 总则                         headings of any depth (编/章/节)
 *   第一条 为了……                        an article: 第…条 (之…) then a space
 *   following paragraphs belong to the article until the next article or heading.
 *
 * The parser borrows the text; every range it returns is a byte range into it.
 */
#ifndef NPC_LAWMD_H
#define NPC_LAWMD_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct npc_range {
    size_t start, end;
} npc_range;

typedef struct npc_law_heading {
    npc_range text; /* heading text without the #'s */
    int level;      /* number of #'s */
} npc_law_heading;

typedef struct npc_law_article {
    uint32_t num, sub; /* 第五十一条之一 -> 51, 1 */
    npc_range label;   /* 第五十一条之一 */
    npc_range text;    /* from the label up to the next article or heading, trimmed */
    long heading;      /* innermost heading in force (index into headings), -1 for none */
    uint32_t dup;      /* 0; 2, 3 … when the same number occurs again in the file */
} npc_law_article;

typedef struct npc_law {
    npc_range title; /* first "# " line */
    npc_range book;  /* second "# " line before INFO END (民法典 books), empty if none */
    npc_range info;  /* promulgation lines between the title and INFO END */
    npc_range body;  /* everything after INFO END (or after the title without one) */
    npc_law_heading *headings;
    size_t nheadings;
    npc_law_article *articles;
    size_t narticles;
    char date[11]; /* latest YYYY-MM-DD found in the info lines, "" if none */
    /* version facts (YYYY-MM-DD, "" when the text gives none): the earliest info date (通过);
     * the day this version took effect: the latest of the info dates (an amendment takes
     * effect with its decision), an info line's …施行 and the body's 本法自…起施行 (a new
     * text's own date); the date of an info line that says the law is 废止 (outside 《》) */
    char adopted[11], in_force[11], repealed[11];
} npc_law;

/* 1 when text[0..len) holds the "<!-- INFO END -->" marker: a Markdown file that does (and has
 * no typed front matter) is a law (prep.c).  Any bytes. */
int npc_law_marked(const char *text, size_t len);

/* The title npc_law_parse would find in text[0..len) (its first "# " line after any front
 * matter) into *title; 0 when there is none.  Any bytes: it reads no character beyond ASCII and
 * U+3000. */
int npc_law_title(const char *text, size_t len, npc_range *title);

/* Parses text[0..len) (valid UTF-8).  NPC_EFORMAT when there is no "# " title line.  On
 * success the caller releases *law with npc_law_release. */
npc_status npc_law_parse(const char *text, size_t len, npc_law *law, npc_err *err);
void npc_law_release(npc_law *law);

/* The chain of headings in force for heading h (outermost first), as indexes written to out
 * (at most max); returns how many. */
size_t npc_law_heading_path(const npc_law *law, long h, long *out, size_t max);

#endif

/*
 * report.h — work reports: their title, sections by heading, and what the title says about
 * them (issuing body).
 *
 * A section starts at a heading line: 一、二、… (level 1) or （一）（二）… / (一)(二) (level 2),
 * numbered in sequence (the level-2 count restarts under each level-1 heading), so that
 * numbered paragraphs elsewhere are not taken for headings.  A heading is the line up to its
 * first 。 or ：, at most 80 characters (the provincial reports run on after the heading).
 * Text before the first heading (各位代表：…) is section 0, with no heading.  A report with no
 * numbered heading has its sections at run-in headings instead, when at least three lines and
 * a third of its paragraphs open with one: a clause of 4 to 12 characters ending in 。 that
 * the paragraph runs on after (突出政治引领。把学习贯彻…), the style of a 工作综述.  Pure,
 * thread-safe.
 */
#ifndef NPC_REPORT_H
#define NPC_REPORT_H

#include <stddef.h>

#include "lawmd.h"
#include "base/status.h"

#define NPC_REPORT_MAX_SECTIONS 512

typedef struct npc_report_section {
    npc_range text;    /* from the heading line to the next heading (or the end) */
    npc_range heading; /* the heading, empty for section 0 */
    npc_range parent;  /* for a level-2 section: its level-1 heading; else empty */
    int level;         /* 0 (before the first heading), 1 or 2 */
} npc_report_section;

typedef struct npc_report {
    npc_range title; /* the first non-empty line, without Markdown #'s */
    npc_report_section sections[NPC_REPORT_MAX_SECTIONS];
    size_t n; /* 0 when the report has no heading: it stays one document */
} npc_report;

/* Splits text[0..len) (UTF-8) after byte `start` (a front matter's end, else 0).  Never fails:
 * a text without headings gives n == 0.  Past NPC_REPORT_MAX_SECTIONS headings, the rest
 * stays in the last section. */
void npc_report_split(const char *text, size_t len, size_t start, npc_report *out);

/* The end of the run-in heading that s[i..le) (a line's words) opens with: the byte of its 。;
 * 0 when it opens with none. */
size_t npc_report_runin(const char *s, size_t i, size_t le);

/*
 * The body that issued a report, from its title: 国务院 for 政府工作报告 of the State Council,
 * 上海市人民政府 for 2026年上海市政府工作报告, 示范市人民代表大会常务委员会 for that standing
 * committee's report, 第十一届全国人民代表大会第一次会议 for its resolution.  Writes "" when
 * the title names none, or the body would not fit in cap.
 */
void npc_report_body(const char *title, char *out, size_t cap);

#endif

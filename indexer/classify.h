/*
 * classify.h — what a file's path and title say about its documents: the category and region of
 * a law (the folders it lies in, the region its title starts with) or of a report (its title;
 * its issuer or file name for the region),
 * dates (in a file name, in a table cell) and titles (a first line, white space collapsed).
 * Heuristics over the corpus's conventions (docs/corpus.md); pure functions.
 */
#ifndef NPC_CLASSIFY_H
#define NPC_CLASSIFY_H

#include <stddef.h>

/* Room for a category or a region, with its NUL. */
#define NPC_CLASS_MAX 128
/* Room for a date (YYYY-MM-DD, YYYY-MM or YYYY), with its NUL. */
#define NPC_DATE_MAX 11

/* The title past its leading digits and the 年 after them (2026年广东省… → 广东省…, 2026广东省…
 * → 广东省…); the title itself when it starts with no digit.  Borrowed: points into title. */
const char *npc_title_after_year(const char *title);

/* The file name of a relative path, and its extension without the dot ("" for none); both
 * point into rel. */
const char *npc_path_base(const char *rel);
const char *npc_path_ext(const char *rel);

/* A law's category and region: under DLC/<region>/<category>/…, else its first folder below
 * laws/ (社会法, 地方性法规 …); a local law without a region folder takes the region its title
 * starts with.  Both "" when unknown. */
void npc_classify_law(const char *rel, const char *title, char category[NPC_CLASS_MAX],
                      char region[NPC_CLASS_MAX]);

/* A report's category from the words of its title (工作报告, 工作综述, 决议, 决定, else 报告). */
void npc_classify_report(const char *title, char category[NPC_CLASS_MAX]);

/* The region of a report or a submission: the one its issuer (an issuing body, a contact
 * point) is named after (示范市人民代表大会常务委员会 → 示范), else the one its file name starts
 * with past a date (reports/2025-示范市…起草说明.docx → 示范); "" when neither names one.  Never
 * a title's first characters, which need not be a place (关于《示范市…》的起草说明). */
void npc_region_of_issuer(const char *issuer, const char *rel, char region[NPC_CLASS_MAX]);

/* The region named at the start of a title (上海市…, 内蒙古自治区…, 2026年广东省…) without its
 * 省/市/自治区 suffix, into out; "" when the title names none within its first characters (a
 * region's name is Chinese characters only: 关于《示范市… names none). */
void npc_region_of_title(const char *title, char *out, size_t cap);

/* Drops a trailing 地方法规, 自治区, 省 or 市 from a region's name, in place. */
void npc_region_strip_suffix(char *region);

/* The date in a file name: (2018-10-26) for laws, a leading 2025-01-26-, 2025-01- or 2026- for
 * reports; "" when none. */
void npc_date_from_name(const char *rel, char out[NPC_DATE_MAX]);

/* A date as written in a table (2024-06-12, 2024/6/12, 2024.6.12, 2024年6月12日) as
 * YYYY-MM-DD (or YYYY-MM); "" when it is none of those. */
void npc_date_normalise(const char *v, char out[NPC_DATE_MAX]);

/* The first line of s[0..len) without Markdown #'s, cut to cap-1 bytes at a character boundary,
 * white space collapsed (npc_collapse_spaces), into title. */
void npc_first_line(const char *s, size_t len, char *title, size_t cap);

/* Collapses runs of white space (ASCII spaces and tabs, U+3000) to one ASCII space and drops it
 * at both ends, in place. */
void npc_collapse_spaces(char *s);

#endif

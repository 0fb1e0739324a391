/*
 * feedback.h — the CSV summary tables (意见建议汇总表) that legislative contact points send:
 * one suggestion per row, columns found by their Chinese header names in any order.
 *
 *   序号 seq · 草案名称 draft (required) · 条款 article · 意见建议 text (required) · 理由 reason ·
 *   提出方 submitter · 联系点 contact point · 日期 date · 办理情况 status
 *
 * Any other column is kept, by its header name, as extra text.  The file may be UTF-8 or
 * GB18030 (charset.h).  Pure: thread-safe.
 */
#ifndef NPC_FEEDBACK_H
#define NPC_FEEDBACK_H

#include <stddef.h>

#include "csv.h"
#include "base/status.h"
#include "text/charset.h"

enum npc_fb_col {
    NPC_FB_SEQ,
    NPC_FB_DRAFT,
    NPC_FB_ARTICLE,
    NPC_FB_TEXT,
    NPC_FB_REASON,
    NPC_FB_SUBMITTER,
    NPC_FB_CONTACT_POINT,
    NPC_FB_DATE,
    NPC_FB_STATUS,
    NPC_FB_NCOLS
};

/* The Chinese header name of a column (static). */
const char *npc_fb_col_header(enum npc_fb_col c);

typedef struct npc_fb_row {
    const char *col[NPC_FB_NCOLS]; /* borrowed from the table; "" for an absent column */
    size_t line;                   /* line of the file where the row starts */
} npc_fb_row;

typedef struct npc_fb_table {
    npc_fb_row *rows;
    size_t n;
    const char *const *extra_names; /* headers of the other columns, borrowed from the table */
    size_t nextra;
    /* extra values of row i: extra_values[i * nextra + k] */
    const char *const *extra_values;
    const char *encoding; /* "UTF-8" or "GB18030" (static) */
    /* private */
    char *text;
    npc_csv csv;
    void *mem;
} npc_fb_table;

/*
 * Reads the table in raw[0..len).  Fails, naming the problem, with NPC_EUTF8 (neither UTF-8
 * nor GB18030), NPC_EFORMAT (bad quoting, a missing required column "草案名称"/"意见建议", a header
 * named twice, a row with more fields than the header), NPC_EEMPTY (no row) or NPC_ENOMEM.  Rows
 * with fewer fields get "" for the missing ones; rows empty in both draft and text are skipped.
 * Release with npc_fb_release (also after a failure).
 */
npc_status npc_fb_parse(const char *raw, size_t len, npc_fb_table *out, npc_err *err);
void npc_fb_release(npc_fb_table *t);

#endif

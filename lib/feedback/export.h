/*
 * export.h — a draft's suggestions as a table for the people who write the 意见采纳情况 report:
 * CSV (UTF-8 with a BOM, which Excel opens as UTF-8) and .xlsx (libxlsxwriter), one row per
 * suggestion with its group of near-duplicates, in the order of the dashboard (draft.h).
 *
 * The columns: 序号, 草案名称, 条款, 意见建议, 理由, 提出方, 联系点, 日期, 办理情况 (the feedback
 * table's own, docs/corpus.md), then 相似组 (the group number), 同组条数 (its size) and 编号 (the
 * document id).  The .xlsx adds a sheet 条款统计: per article, its suggestions and their count
 * by status, hottest first.
 */
#ifndef NPC_EXPORT_H
#define NPC_EXPORT_H

#include <jansson.h>
#include <stddef.h>

#include "base/status.h"

/* The CSV of dashboard (npc_draft_dashboard's answer, borrowed): RFC 4180 (fields holding a
 * comma, quote or line break quoted, quotes doubled), CRLF line ends.  *out is malloc'd (the
 * caller frees it), *len its length; NPC_ENOMEM. */
npc_status npc_export_csv(const json_t *dashboard, char **out, size_t *len, npc_err *err);

/* Writes the .xlsx of dashboard to path (replaced).  NPC_EIO naming libxlsxwriter's error when
 * it cannot be written. */
npc_status npc_export_xlsx(const json_t *dashboard, const char *path, npc_err *err);

/* The .xlsx as bytes, written through a temporary file in $TMPDIR (else /tmp) that is removed
 * before returning.  *out is malloc'd (the caller frees it), *len its length. */
npc_status npc_export_xlsx_bytes(const json_t *dashboard, char **out, size_t *len, npc_err *err);

#endif

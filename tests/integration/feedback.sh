#!/usr/bin/env bash
# Issue 19, the contact-point feedback dashboard, over corpus/ with a real searchd: per-article,
# status and contact-point counts against a count of the CSV files made without npcsearch
# (feedback_rows.py), hottest articles first, the draft's own articles beside; the grouping of
# near-duplicates against the ground truth scripts/make-feedback-sample writes; the .xlsx read by
# a real reader (Debian's python3-openpyxl) and the CSV parsed back, each holding every
# suggestion once; the CLI printing the same; bad requests refused.
# usage: feedback.sh NPCSEARCH SEARCHD SRC_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"
# Debian's python has openpyxl (scripts/deps --test); another python3 first on PATH may not
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
rows_py="$SRC/tests/integration/feedback_rows.py"
fb=$SRC/corpus/feedback

db=$TMP/db
"$NPCSEARCH" index --db "$db" "$SRC/corpus" >/dev/null
start_searchd "$db"
enc() { jq -rn --arg s "$1" '$s|@uri'; }
get() { curl -s "$base$1"; }

# the sample is what its script writes (so the ground truth below is the sample's)
mkdir "$TMP/sample"
"$SRC/scripts/make-feedback-sample" --out "$TMP/sample" --truth "$TMP/truth.tsv"
check "corpus/feedback holds what scripts/make-feedback-sample writes" "" \
    "$(for f in "$TMP"/sample/*.csv; do cmp -s "$f" "$fb/$(basename "$f")" || echo "$(basename "$f")"; done)"

# ---- the list of drafts ------------------------------------------------------------------------
list=$(get /api/drafts)
check "every draft with feedback, most suggestions first, counted as the files hold them" \
    "$(for d in 示范市养犬管理条例（草案） 示范市物业管理条例（草案） 示范市电动自行车停放充电管理规定（修订草案）; do
        echo "$d=$("$PY" "$rows_py" "$fb" --draft "$d" | grep -c .)"; done | tr '\n' ' ')" \
    "$(jq -r '.drafts[] | "\(.draft)=\(.total)"' <<<"$list" | tr '\n' ' ')"
check "the CLI lists the same" "$(jq -c . <<<"$list")" "$("$NPCSEARCH" feedback --db "$db" --json | jq -c .)"

# ---- a draft's dashboard: counts against the files ----------------------------------------------
for draft in 示范市养犬管理条例（草案） 示范市物业管理条例（草案）; do
    board=$(get "/api/drafts/$(enc "$draft")")
    "$PY" "$rows_py" "$fb" --counts "$draft" >"$TMP/want.json"
    check "$draft: total, per-article, per-status and per-contact-point counts equal the files'" "ok" \
        "$(jq '{total, statuses: (.statuses|map({(.value): .count})|add),
                contact_points: (.contact_points|map({(.value): .count})|add),
                articles: (.articles|map({(.article|tostring): {total,
                    statuses: (.statuses|map({(.value): .count})|add),
                    contact_points: (.contact_points|map({(.value): .count})|add)}})|add)}' <<<"$board" |
            "$PY" -c 'import json,sys; a=json.load(sys.stdin); b=json.load(open(sys.argv[1])); print("ok" if a == b else f"{a} != {b}")' "$TMP/want.json")"
    check "$draft: every suggestion listed once, as in the files" \
        "$("$PY" "$rows_py" "$fb" --draft "$draft" | sed 's|^|feedback/|' | sort | tr '\n' ' ')" \
        "$(jq -r '.suggestions[].id' <<<"$board" | sort | tr '\n' ' ')"
    check "$draft: hottest articles first, the suggestions naming none last" "true" \
        "$(jq '[.articles[] | select(.article > 0) | .total] as $t | ($t == ($t | sort | reverse)) and (.articles[-1].article == 0 or ([.articles[].article] | all(. > 0)))' <<<"$board")"
    check "$draft: the draft's own text beside each article, which it starts with" "true" \
        "$(jq '.law.id != null and ([.articles[] | select(.article > 0) | . as $a | $a.text | startswith($a.article_label)] | all)' <<<"$board")"
done
board=$(get "/api/drafts/$(enc 示范市养犬管理条例（草案）)")
check "an article's text is the draft's" "第十二条 携犬出户应当遵守下列规定：" "$(jq -r '.articles[] | select(.article == 12) | .text | split("\n")[0]' <<<"$board")"
check "a draft whose text the index lacks has no law" "null" \
    "$(get "/api/drafts/$(enc 示范市电动自行车停放充电管理规定（修订草案）)" | jq -c .law)"
check "a draft named with ASCII parentheses is the same draft" "157" \
    "$(get "/api/drafts/$(enc '示范市养犬管理条例(草案)')" | jq .total)"

# ---- near-duplicates against the ground truth ---------------------------------------------------
# every pair of suggestions of one group words one request (no two requests merged at the
# documented threshold), and a fair share of the pairs of one request are found
for draft in 示范市养犬管理条例（草案） 示范市物业管理条例（草案）; do
    out=$(get "/api/drafts/$(enc "$draft")" | "$PY" -c '
import itertools, json, sys
truth = {}
for line in open(sys.argv[1], encoding="utf-8"):
    f, r, idea = line.rstrip("\n").split("\t")
    truth[f"feedback/{f}#r{r}"] = idea
s = [x for x in json.load(sys.stdin)["suggestions"] if x["id"] in truth]
tp = fp = fn = 0
for a, b in itertools.combinations(s, 2):
    same, grouped = truth[a["id"]] == truth[b["id"]], a["group"] == b["group"]
    tp += same and grouped; fp += grouped and not same; fn += same and not grouped
print(fp, "%.2f" % (tp / (tp + fn)))' "$TMP/truth.tsv")
    check "$draft: no group mixes two requests" "0" "${out% *}"
    check_match "$draft: at least half the pairs of one request grouped (${out#* })" '^0\.[5-9]|^1\.00' "${out#* }"
done
check "groups of two or more, the largest first, sizes as their members say" "true" \
    "$(jq '(.groups | map(.count) | . == (sort | reverse)) and (.groups | all(.count >= 2)) and
           ([.groups[] | .count == (.ids | length)] | all) and
           ([.suggestions[] | .group_size] | length) == .total' <<<"$board")"
get "/api/drafts/$(enc 示范市养犬管理条例（草案）)?threshold=0.2" >"$TMP/low.json"
check "a lower threshold groups more: fewer groups, the largest larger" "true" \
    "$(jq --slurpfile low "$TMP/low.json" '$low[0] as $l | $l.threshold == 0.2 and
        ([$l.suggestions[].group] | max) < ([.suggestions[].group] | max) and $l.groups[0].count > .groups[0].count' <<<"$board")"

# ---- export: .xlsx through a real reader, CSV parsed back ---------------------------------------
d=$(enc 示范市养犬管理条例（草案）)
curl -s -D "$TMP/xh" -o "$TMP/board.xlsx" "$base/api/drafts/$d.xlsx"
check_match ".xlsx: its Content-Type" 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "$(cat "$TMP/xh")"
check_match ".xlsx: a download named after the draft" "Content-Disposition: attachment; filename=\"draft.xlsx\"; filename\\*=UTF-8''$d.xlsx" "$(tr -d '\r' <"$TMP/xh")"
jq . <<<"$board" >"$TMP/board.json"
check "the .xlsx opens with openpyxl and holds every suggestion once, as the dashboard has it" "ok" \
    "$("$PY" - "$TMP/board.xlsx" "$TMP/board.json" <<'PY'
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
board = json.load(open(sys.argv[2]))
rows = list(wb["意见建议"].values)
head, body = rows[0], rows[1:]
ids = [r[head.index("编号")] for r in body]
want = {s["id"]: s for s in board["suggestions"]}
bad = [i for i in ids if ids.count(i) != 1 or i not in want]
bad += [r[head.index("编号")] for r in body if r[head.index("意见建议")] != want[r[head.index("编号")]]["text"]
        or r[head.index("相似组")] != want[r[head.index("编号")]]["group"]]
arts = list(wb["条款统计"].values)[1:]
print("ok" if not bad and len(ids) == len(want) and len(arts) == len(board["articles"]) else f"bad: {bad[:3]} {len(ids)}/{len(want)}")
PY
)"
curl -s -D "$TMP/ch" -o "$TMP/board.csv" "$base/api/drafts/$d.csv"
check_match ".csv: its Content-Type" 'Content-Type: text/csv; charset=utf-8' "$(cat "$TMP/ch")"
check "the CSV starts with a BOM" "efbbbf" "$(head -c 3 "$TMP/board.csv" | od -An -tx1 | tr -d ' \n')"
check "the CSV round-trips: parsed back, every row is the dashboard's suggestion" "ok" \
    "$("$PY" - "$TMP/board.csv" "$TMP/board.json" <<'PY'
import csv, json, sys
board = json.load(open(sys.argv[2]))
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
keys = {"序号": "seq", "条款": "article_label", "意见建议": "text", "理由": "reason", "提出方": "submitter",
        "联系点": "contact_point", "日期": "date", "办理情况": "status", "相似组": "group",
        "同组条数": "group_size", "编号": "id"}
back = [{k: (int(r[c]) if k in ("group", "group_size") else r[c]) for c, k in keys.items()} for r in rows]
want = [{k: s[k] for k in keys.values()} for s in board["suggestions"]]
ok = back == want and all(r["草案名称"] == board["draft"] for r in rows)
print("ok" if ok else f"differ: {len(back)} rows, {len(want)} suggestions")
PY
)"
check "the CLI's --csv is the page's download" "$(md5sum <"$TMP/board.csv")" \
    "$("$NPCSEARCH" feedback --db "$db" --csv - 示范市养犬管理条例（草案） | md5sum)"
"$NPCSEARCH" feedback --db "$db" --xlsx "$TMP/cli.xlsx" 示范市养犬管理条例（草案）
check "the CLI's --xlsx opens and holds the same rows" "$(jq .total <<<"$board")" \
    "$("$PY" -c 'import openpyxl,sys; print(len(list(openpyxl.load_workbook(sys.argv[1]).active.values)) - 1)' "$TMP/cli.xlsx")"

# ---- the CLI's table and JSON -------------------------------------------------------------------
check "the CLI's JSON is the API's" "$(jq -cS 'del(.took_ms)' <<<"$board")" \
    "$("$NPCSEARCH" feedback --db "$db" --json 示范市养犬管理条例（草案） | jq -cS .)"
table=$("$NPCSEARCH" feedback --db "$db" 示范市养犬管理条例（草案）)
check "the table's articles in the dashboard's order, each with its count" \
    "$(jq -r '.articles[] | "\(if .article_label == "" then "（未指明条款）" else .article_label end) \(.total)"' <<<"$board")" \
    "$(grep -E '^(第|（未指明)' <<<"$table" | awk '{print $1, $2}')"
check_match "the table says how many suggestions and groups" "^示范市养犬管理条例（草案）：157 条意见建议，6 个联系点，[0-9]+ 组相似意见" "$table"

# ---- refusals ------------------------------------------------------------------------------------
check "a draft without feedback: 404 not_found" "404 not_found" \
    "$(curl -s -o "$TMP/e" -w '%{http_code}' "$base/api/drafts/$(enc 没有的草案)") $(jq -r .error.reason "$TMP/e")"
check "a threshold out of range: 400 bad_parameter" "400 bad_parameter" \
    "$(curl -s -o "$TMP/e" -w '%{http_code}' "$base/api/drafts/$d?threshold=0") $(jq -r .error.reason "$TMP/e")"
check "an unknown parameter: 400 unknown_parameter" "400 unknown_parameter" \
    "$(curl -s -o "$TMP/e" -w '%{http_code}' "$base/api/drafts/$d?page=2") $(jq -r .error.reason "$TMP/e")"
check "/api/drafts takes no parameters" "400 unknown_parameter" \
    "$(curl -s -o "$TMP/e" -w '%{http_code}' "$base/api/drafts?x=1") $(jq -r .error.reason "$TMP/e")"
check "bad percent-encoding in the draft: 400 bad_encoding" "400 bad_encoding" \
    "$(curl -s -o "$TMP/e" -w '%{http_code}' "$base/api/drafts/%E7%A") $(jq -r .error.reason "$TMP/e")"
"$NPCSEARCH" feedback --db "$db" 没有的草案 >/dev/null 2>"$TMP/err" && rc=0 || rc=$?
check "the CLI: a draft without feedback exits 1" "1" "$rc"
check_match "…naming it" 'no feedback on the draft 没有的草案' "$(cat "$TMP/err")"
"$NPCSEARCH" feedback --db "$db" --threshold 1.5 示范市养犬管理条例（草案） >/dev/null 2>&1 && rc=0 || rc=$?
check "the CLI: a threshold out of range is a usage error" "2" "$rc"
"$NPCSEARCH" feedback --db "$db" --csv x.csv >/dev/null 2>&1 && rc=0 || rc=$?
check "the CLI: an export needs a draft" "2" "$rc"
finish

#!/usr/bin/env bash
# Law versions over corpus/'s two versions of 示范市电动自行车停放充电管理规定 (issue 18):
# statuses computed across files as versions come and go in incremental runs, "not yet in
# force" by the run's day (NPCSEARCH_TODAY), as_of, the diff and its refusals.
# usage: versions.sh NPCSEARCH SOURCE_DIR
NPCSEARCH=$1
SRC=$2
. "$(dirname "$0")/lib.sh"

law=$SRC/corpus/laws/地方性法规/示范市电动自行车停放充电管理规定
mkdir -p "$TMP/c/laws" "$TMP/c/other"
cp "$law(2021-01-01).md" "$TMP/c/laws/"
cp "$SRC/corpus/laws/地方性法规/示范市基层立法联系点工作条例(2024-03-01).md" "$TMP/c/other/"
db=$TMP/db
v21='laws/示范市电动自行车停放充电管理规定(2021-01-01).md'
v25='laws/示范市电动自行车停放充电管理规定(2025-06-01).md'
status() { # the status of document $1 (and of its article 1)
    "$NPCSEARCH" query --db "$db" --json --limit 100 --type law 示范市电动自行车停放充电管理规定 |
        jq -r --arg id "$1" '.hits[] | select(.id == $id) | .status'
}
article_status() {
    "$NPCSEARCH" query --db "$db" --json --limit 100 --type article 示范市电动自行车停放充电管理规定 |
        jq -r --arg id "$1#1" '.hits[] | select(.id == $id) | .status'
}

NPCSEARCH_TODAY=2026-01-01 "$NPCSEARCH" index --db "$db" "$TMP/c" >/dev/null
check "one version: in force" "有效" "$(status "$v21")"
if out=$("$NPCSEARCH" diff --db "$db" 示范市电动自行车停放充电管理规定 2>&1); then
    not_ok "a one-version law: diff succeeded"
else check_match "a one-version law: no diff, exit 1" "has one version in the index" "$out"; fi

# a run the day before the new version takes effect: it is not yet in force, the old one is
cp "$law(2025-06-01).md" "$TMP/c/laws/"
NPCSEARCH_TODAY=2025-05-31 "$NPCSEARCH" index --db "$db" "$TMP/c" >/dev/null
check "the new version before its day: 尚未生效" "尚未生效" "$(status "$v25")"
check "…and the old one still 有效" "有效" "$(status "$v21")"
# the next run after that day (something changed: the other file touched)
echo >>"$TMP/c/other/示范市基层立法联系点工作条例(2024-03-01).md"
NPCSEARCH_TODAY=2025-06-01 "$NPCSEARCH" index --db "$db" "$TMP/c" >/dev/null
check "on its day the new version is 有效" "有效" "$(status "$v25")"
check "…and the old one 已修改" "已修改" "$(status "$v21")"
check "…on its articles too" "已修改" "$(article_status "$v21")"
check "the status filter finds the superseded version" "$v21" \
    "$("$NPCSEARCH" query --db "$db" --json --status 已修改 --type law | jq -r '.hits[].id')"
check "as_of 2023: the 2021 version" "$v21" \
    "$("$NPCSEARCH" query --db "$db" --json --type law --as-of 2023-01-01 示范市电动自行车停放充电管理规定 | jq -r '.hits[].id')"
check "as_of 2020: none" "" \
    "$("$NPCSEARCH" query --db "$db" --json --type law --as-of 2020-12-31 示范市电动自行车停放充电管理规定 | jq -r '.hits[].id')"
check "as_of keeps other genres' documents and laws without versions" "1" \
    "$("$NPCSEARCH" query --db "$db" --json --type law --as-of 2025-01-01 示范市基层立法联系点工作条例 | jq '.total')"
if out=$("$NPCSEARCH" query --db "$db" --as-of 2025-13-01 x 2>&1); then not_ok "a bad as_of accepted"; else
    check_match "a bad as_of is refused, naming it" 'as_of "2025-13-01" is not a date' "$out"; fi

d=$("$NPCSEARCH" diff --db "$db" --json 示范市电动自行车停放充电管理规定)
check "the diff of the two latest" "$v21 $v25" "$(jq -r '"\(.from.id) \(.to.id)"' <<<"$d")"
check "its pairs count every old and new article" "8 10" \
    "$(jq -r '"\(.counts.unchanged + .counts.moved + .counts.changed + .counts.removed) \(.counts.unchanged + .counts.moved + .counts.changed + .counts.added)"' <<<"$d")"
check "第六条 (禁止…) of 2021 is 第七条 in 2025" "第七条" \
    "$(jq -r '.pairs[] | select(.from.label == "第六条") | .to.label' <<<"$d")"
if out=$("$NPCSEARCH" diff --db "$db" 示范市电动自行车停放充电管理规定 "$v21" \
    'other/示范市基层立法联系点工作条例(2024-03-01).md' 2>&1); then not_ok "two laws: diff succeeded"; else
    check_match "two different laws refused" "are not versions of one law" "$out"; fi
if out=$("$NPCSEARCH" diff --db "$db" 示范市电动自行车停放充电管理规定 2021 2021 2>&1); then
    not_ok "one version against itself: diff succeeded"
else check_match "a version against itself refused" "the same version" "$out"; fi

# the new version goes: the old one is in force again
rm "$TMP/c/laws/示范市电动自行车停放充电管理规定(2025-06-01).md"
NPCSEARCH_TODAY=2025-07-01 "$NPCSEARCH" index --db "$db" "$TMP/c" >/dev/null
check "the new version removed: the old one is 有效 again" "有效" "$(status "$v21")"
check "…and ends no more" "" "$("$NPCSEARCH" query --db "$db" --json --type law 示范市电动自行车停放充电管理规定 |
    jq -r --arg id "$v21" '.hits[] | select(.id == $id) | .in_force_until')"
finish

#!/usr/bin/env bash
# Laws over time (issue 18) over the real corpus in ../shared: the laws and reports indexed,
# then the diffs of 立法法 2015 → 2023 and 监督法 2006 → 2024 (renumbered articles checked
# against the texts, counts), a one-version law and two unrelated laws refused, as_of before,
# between and after versions, the status facet against the number of versions, /api/diff over
# a real searchd, and the law-level backlinks of 残疾人保障法.  Skipped (exit 77) when ../shared
# is absent.
# usage: shared_versions.sh NPCSEARCH SEARCHD SHARED_DIR
NPCSEARCH=$1
SEARCHD=$2
SHARED=$3
if [ ! -d "$SHARED/corpus/laws" ]; then
    echo "skipped: $SHARED/corpus not found (a fresh clone without the shared corpus)"
    exit 77
fi
. "$(dirname "$0")/lib.sh"

db=$TMP/db
out=$("$NPCSEARCH" index --db "$db" "$SHARED/corpus/laws" "$SHARED/corpus/reports")
echo "$out"
check_match "laws and reports index with nothing skipped" ', 0 skipped' "$out"

L=$SHARED/corpus/laws/宪法相关法
# the article of a law file whose text starts with $2, by its label (第七十条)
label_of() { grep -m1 -E "^第[^ ]+条 $2" "$1" | cut -d' ' -f1; }
pair_to() { # the new label the diff pairs with old label $2 (JSON in $1), and its mark
    jq -r --arg f "$2" '.pairs[] | select(.from != null and .from.label == $f) |
        "\(.mark) \(.to.label // "-")"' <<<"$1"
}

d=$("$NPCSEARCH" diff --db "$db" --json 立法法 2015 2023)
check "立法法 diff: from the 2015 version" "宪法相关法/立法法(2015-03-15).md" "$(jq -r .from.id <<<"$d")"
check "立法法 diff: to the 2023 version" "宪法相关法/立法法(2023-03-13).md" "$(jq -r .to.id <<<"$d")"
# by hand from the texts: 行政法规由总理签署国务院令公布 is 第七十条 in 2015, 第七十七条 in 2023
check "the texts: 2015 第七十条" "第七十条" "$(label_of "$L/立法法(2015-03-15).md" 行政法规由总理签署国务院令公布)"
check "the texts: 2023 第七十七条" "第七十七条" "$(label_of "$L/立法法(2023-03-13).md" 行政法规由总理签署国务院令公布)"
check "立法法 2015 第七十条 moved to 第七十七条" "moved 第七十七条" "$(pair_to "$d" 第七十条)"
check "立法法 2015 第五十一条 moved to 第五十四条" "moved 第五十四条" "$(pair_to "$d" 第五十一条)"
check "立法法 2015 第四条 changed as 第五条" "changed 第五条" "$(pair_to "$d" 第四条)"
check "立法法 counts" "2 58 44 16 1" \
    "$(jq -r '.counts | "\(.unchanged) \(.moved) \(.changed) \(.added) \(.removed)"' <<<"$d")"
n2015=$(grep -cE '^第[^ ]+条 ' "$L/立法法(2015-03-15).md")
n2023=$(grep -cE '^第[^ ]+条 ' "$L/立法法(2023-03-13).md")
check "立法法: every 2015 article once (unchanged+moved+changed+removed)" "$n2015" \
    "$(jq '.counts.unchanged + .counts.moved + .counts.changed + .counts.removed' <<<"$d")"
check "立法法: every 2023 article once (unchanged+moved+changed+added)" "$n2023" \
    "$(jq '.counts.unchanged + .counts.moved + .counts.changed + .counts.added' <<<"$d")"
check "a changed pair's spans rebuild the new text" "0" \
    "$(jq '[.pairs[] | select(.mark == "changed") |
        select(([.spans[] | select(.op != "-") | .text] | join("")) != .to.text)] | length' <<<"$d")"

m=$("$NPCSEARCH" diff --db "$db" --json 监督法 2006 2024)
check "监督法 (short title) diff: the 2024 version" \
    "宪法相关法/各级人民代表大会常务委员会监督法(2024-11-08).md" "$(jq -r .to.id <<<"$m")"
check "the texts: 监督法 2006 第四条 is 2024 第八条" "第四条 第八条" \
    "$(label_of "$L/各级人民代表大会常务委员会监督法(2006-08-27).md" 各级人民代表大会常务委员会按照民主集中制) $(label_of "$L/各级人民代表大会常务委员会监督法(2024-11-08).md" 各级人民代表大会常务委员会按照民主集中制)"
check "监督法 2006 第四条 moved to 第八条" "moved 第八条" "$(pair_to "$m" 第四条)"
check "监督法 counts" "1 16 28 20 3" \
    "$(jq -r '.counts | "\(.unchanged) \(.moved) \(.changed) \(.added) \(.removed)"' <<<"$m")"

if one=$("$NPCSEARCH" diff --db "$db" 残疾人保障法 2>&1); then not_ok "a one-version law: diff succeeded"; else
    check_match "a one-version law reports no diff" "one version in the index.*no diff" "$one"; fi
if two=$("$NPCSEARCH" diff --db "$db" 立法法 "宪法相关法/立法法(2015-03-15).md" \
    "宪法相关法/各级人民代表大会常务委员会监督法(2024-11-08).md" 2>&1); then
    not_ok "two unrelated laws: diff succeeded"
else check_match "two unrelated laws refused" "invalid argument: .* are not versions of one law" "$two"; fi

# as_of: before a law's first version none of it; between two versions the older; after, the newer
asof() { "$NPCSEARCH" query --db "$db" --json --limit 10 --type law --as-of "$1" 立法法 |
    jq -r '.hits[].id' | grep -F '宪法相关法/立法法(' || true; }
check "as_of before 立法法's first version (2015-03-15): none" "" "$(asof 2010-01-01)"
check "as_of between the versions: 2015" "宪法相关法/立法法(2015-03-15).md" "$(asof 2019-01-01)"
check "as_of after: 2023" "宪法相关法/立法法(2023-03-13).md" "$(asof 2024-06-01)"
check "a citation with as_of: the 2015 version's 第七十条" "宪法相关法/立法法(2015-03-15).md#70" \
    "$(top_ids "$db" 1 --as-of 2019-01-01 立法法第七十条)"
check "a citation without: the 2023 version's 第七十条" "宪法相关法/立法法(2023-03-13).md#70" \
    "$(top_ids "$db" 1 立法法第七十条)"

# an article of the superseded version says what became of it in the next (by the alignment)
check "立法法 2015 第七十条's hit: moved to the 2023 第七十七条" \
    "moved 宪法相关法/立法法(2023-03-13).md#77 第七十七条" \
    "$("$NPCSEARCH" query --db "$db" --json --limit 1 --as-of 2019-01-01 立法法第七十条 |
        jq -r '.hits[0].later | "\(.mark) \(.article) \(.label)"')"

# the status facet over the laws adds up to the number of versions (every law document)
f=$("$NPCSEARCH" query --db "$db" --json --facets --type law --limit 1)
check "status facet counts add up to the laws" "$(jq .total <<<"$f")" \
    "$(jq '[.facets.status[].count] | add' <<<"$f")"
check "立法法 2015 is 已修改" "已修改" "$("$NPCSEARCH" query --db "$db" --json --type law --status 已修改 --limit 100 |
    jq -r '.hits[] | select(.id == "宪法相关法/立法法(2015-03-15).md") | .status')"

# who cites 残疾人保障法 as a whole: the district work summary among them
cites=$(top_ids "$db" 100 --cites 残疾人保障法)
check_match "the district work summary cites 残疾人保障法" "2025-01-西宁市城中区人大常委会2024年工作综述.txt" "$cites"

# the summary's view links the law (the version in force at its date) among its citations
summary=$(grep -F '2025-01-西宁市城中区人大常委会2024年工作综述.txt' <<<"$cites" | head -1)

# over HTTP: /api/diff and the versions of /api/doc
start_searchd "$db"
r=$(curl -sG "$base/api/diff" --data-urlencode law=立法法 --data-urlencode from=2015 --data-urlencode to=2023)
check "/api/diff: the counts" "44" "$(jq .counts.changed <<<"$r")"
code=$(curl -sG -o "$TMP/bad" -w '%{http_code}' "$base/api/diff" \
    --data-urlencode "from=宪法相关法/立法法(2015-03-15).md" --data-urlencode "to=社会法/残疾人保障法(2018-10-26).md")
check "/api/diff of two unrelated laws: 400" "400" "$code"
v=$(curl -s "$base/api/doc/$(jq -rn --arg v '宪法相关法/立法法(2015-03-15).md' '$v|@uri')")
check "/api/doc lists 立法法's versions, in order" "2015-03-15 已修改 2023-03-13 有效" \
    "$(jq -r '[.versions[] | "\(.in_force) \(.status)"] | join(" ")' <<<"$v")"
sv=$(curl -s "$base/api/doc/$(jq -rn --arg v "$summary" '$v|@uri')")
check "the summary's view links 残疾人保障法 (in force at its date)" "社会法/残疾人保障法(2018-10-26).md" \
    "$(jq -r '.citations[] | select(.cite == "残疾人保障法") | .id' <<<"$sv")"
l=$(curl -s "$base/api/doc/$(jq -rn --arg v '社会法/残疾人保障法(2018-10-26).md' '$v|@uri')")
check_match "the law's view lists the summary among its backlinks" "$summary" "$(jq -r '.cited_by.docs[].id' <<<"$l")"
finish

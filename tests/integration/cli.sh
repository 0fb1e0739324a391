#!/usr/bin/env bash
# The CLI end to end over the built-in corpus/: index, query (citations, versions, phrases,
# exclusions, filters, JSON shape), bad files and bad queries.
# usage: cli.sh NPCSEARCH SOURCE_DIR
NPCSEARCH=$1
SRC=$2
. "$(dirname "$0")/lib.sh"

db=$TMP/db
out=$("$NPCSEARCH" index --db "$db" "$SRC/corpus")
check_match "index prints its counts" '^indexed [0-9]+ files: [0-9]+ documents \([0-9]+ articles\), 0 skipped' "$out"
docs1=$(sed -E 's/.*: ([0-9]+) documents.*/\1/' <<<"$out")

# citations put the article first, by full title, short title and Arabic numerals
check "citation with 之一" "laws/地方性法规/示范市基层立法联系点工作条例(2024-03-01).md#12-1" \
    "$(top_ids "$db" 1 示范市基层立法联系点工作条例第十二条之一)"
check "citation in 《》 with Arabic numerals" "laws/地方性法规/示范市基层立法联系点工作条例(2024-03-01).md#15" \
    "$(top_ids "$db" 1 '《示范市基层立法联系点工作条例》第15条')"
check "citation with full-width digits" "laws/地方性法规/示范市基层立法联系点工作条例(2024-03-01).md#15" \
    "$(top_ids "$db" 1 '示范市基层立法联系点工作条例第１５条')"
# the latest version of a law first
check "latest version first" "laws/地方性法规/示范市电动自行车停放充电管理规定(2025-06-01).md#7" \
    "$(top_ids "$db" 1 示范市电动自行车停放充电管理规定第七条)"
check "older version second" "laws/地方性法规/示范市电动自行车停放充电管理规定(2021-01-01).md#7" \
    "$(top_ids "$db" 2 示范市电动自行车停放充电管理规定第七条 | sed -n 2p)"
check "a title alone finds the law, latest first" "laws/地方性法规/示范市电动自行车停放充电管理规定(2025-06-01).md" \
    "$(top_ids "$db" 1 示范市电动自行车停放充电管理规定)"

# JSON shape
json=$("$NPCSEARCH" query --db "$db" --json --limit 2 基层立法联系点 年度工作报告)
check "json has query, total and hits" "true" \
    "$(jq '(.query|type=="string") and (.total|type=="number") and (.hits|length==2)' <<<"$json")"
check "hit fields and types" "true" "$(jq '[.hits[] | (.rank|type=="number") and (.score|type=="number")
    and (.id|type=="string") and (.type|type=="string") and (.title|type=="string")
    and (.article|type=="number") and (.article_label|type=="string") and (.path|type=="string")
    and (.date|type=="string") and (.category|type=="string") and (.snippet|type=="string")] | all' <<<"$json")"
check "first hit is the article on annual reports" "15" "$(jq '.hits[0].article' <<<"$json")"
check_match "snippet marks the original words" '<mark>[^<]+</mark>' "$(jq -r '.hits[0].snippet' <<<"$json")"

# the database from the environment
check "NPCSEARCH_DB" "laws/地方性法规/示范市基层立法联系点工作条例(2024-03-01).md#12-1" \
    "$(NPCSEARCH_DB=$db "$NPCSEARCH" query --json --limit 1 示范市基层立法联系点工作条例第十二条之一 | jq -r '.hits[0].id')"

# phrases, exclusion, OR, filters, paging
n=$("$NPCSEARCH" query --db "$db" --json --limit 50 '"集中充电设施"' | jq '[.hits[] | select(.snippet|contains("<mark>集中充电设施</mark>")|not)] | length')
check "every phrase hit holds the phrase" "0" "$n"
n=$("$NPCSEARCH" query --db "$db" --json --limit 50 '"充电设施集中"' | jq '.hits|length')
check "a phrase in another order finds nothing" "0" "$n"
n=$("$NPCSEARCH" query --db "$db" --json --limit 100 电动自行车 -充电 | jq '[.hits[] | select(.snippet|contains("充电"))] | length')
check "exclusion removes documents with the word" "0" "$n"
n=$("$NPCSEARCH" query --db "$db" --json --limit 100 '"专题询问" OR "执法检查"' | jq '.hits|length')
check_match "OR between phrases" '^[2-9]|^[1-9][0-9]' "$n"
types=$("$NPCSEARCH" query --db "$db" --json --limit 100 --type report 人大常委会 | jq -r '[.hits[].type] | unique | join(",")')
check "--type filter" "report" "$types"
p1=$(top_ids "$db" 2 基层立法联系点)
p2=$("$NPCSEARCH" query --db "$db" --json --limit 1 --offset 1 基层立法联系点 | jq -r '.hits[0].id')
check "--offset pages" "$(sed -n 2p <<<"$p1")" "$p2"

# traditional characters fold to simplified
check "traditional text (臨河縣) found by simplified query (临河县)" "reports/2024-示范市某区人大常委会工作综述.txt" \
    "$(top_ids "$db" 1 临河县)"

# bad files: skipped with a warning naming each, the rest indexed, exit 3
bad=$TMP/bad
mkdir -p "$bad"
cp "$SRC/corpus/reports/2025-示范市人大常委会工作报告.txt" "$bad/good.txt"
printf '\xff\xfe bad bytes' >"$bad/invalid.txt"
printf '%s' '人民代表大会' | iconv -f UTF-8 -t GB18030 >"$bad/gbk.txt"
: >"$bad/empty.txt"
printf 'a\0b' >"$bad/binary.txt"
head -c 3000000 /dev/zero | tr '\0' 'a' >"$bad/huge.txt"
set +e
err=$("$NPCSEARCH" index --db "$TMP/bad.db" --max-file-size 2000000 "$bad" 2>&1 >/dev/null)
rc=$?
set -e
check "index with bad files exits 3" "3" "$rc"
for f in invalid.txt gbk.txt empty.txt binary.txt huge.txt; do
    check_match "warning names $f" "skipped [^ ]*$f: " "$err"
done
check_match "invalid UTF-8 says where" 'invalid.txt: not valid UTF-8 at byte 0' "$err"
check "the good file is indexed" "good.txt" "$(top_ids "$TMP/bad.db" 1 基层立法联系点)"

# indexing again replaces instead of duplicating
out2=$("$NPCSEARCH" index --db "$db" "$SRC/corpus")
check "reindex writes the same documents" "$docs1" "$(sed -E 's/.*: ([0-9]+) documents.*/\1/' <<<"$out2")"
check "reindex does not duplicate" "1" \
    "$("$NPCSEARCH" query --db "$db" --json --limit 10 示范市基层立法联系点工作条例第十二条之一 | jq '[.hits[] | select(.article_label=="第十二条之一")] | length')"

# sort by date (a percentage cutoff cannot go with it: the engine must not fail)
d=$("$NPCSEARCH" query --db "$db" --json --limit 50 --sort date 电动自行车 | jq -r '[.hits[].date]|join(" ")')
check "--sort date is newest first" "$(tr ' ' '\n' <<<"$d" | sort -r | tr '\n' ' ' | sed 's/ $//')" "$d"

# eval on a hand-made qrels file: question 1 answered at rank 1, question 2 never
ev=$("$NPCSEARCH" eval --db "$db" "$SRC/tests/data/eval-sample.jsonl")
check_match "eval reports the known scores" '^questions 2  R@10 0.500  R@100 0.500  MRR@10 0.500  nDCG@10 0.500  ms/question' "$ev"
set +e
"$NPCSEARCH" eval --db "$db" "$TMP/none.jsonl" >/dev/null 2>&1
check "eval of a missing file exits 1" "1" "$?"

# learn + eval: the sample's one findable answer is learned from (the other is not in the index)
out=$("$NPCSEARCH" learn --db "$db" --out "$TMP/model.txt" "$SRC/tests/data/eval-sample.jsonl")
check_match "learn to a file reports what it learned from" '^learned from 1 questions \(1 answers found, 1 not in the index\)' "$out"
check "the model file starts with its header" "npc.assoc 1 1" "$(head -1 "$TMP/model.txt")"
ev=$("$NPCSEARCH" eval --db "$db" --model "$TMP/model.txt" "$SRC/tests/data/eval-sample.jsonl")
check_match "eval --model runs" '^questions 2  R@10 0.500  R@100 0.500  MRR@10 0.500' "$ev"
out=$("$NPCSEARCH" learn --db "$db" "$SRC/tests/data/eval-sample.jsonl")
check_match "learn into the index" 'stored in' "$out"
ev=$("$NPCSEARCH" eval --db "$db" "$SRC/tests/data/eval-sample.jsonl")
check_match "eval with the stored model" '^questions 2  R@10 0.500' "$ev"
ev=$("$NPCSEARCH" eval --db "$db" --folds 2 "$SRC/tests/data/eval-sample.jsonl")
check_match "eval --folds prints cross-validated and in-sample lines" '2-fold CV +questions 2  R@10 0.500' "$ev"
check_match "and the unseen-answer line" 'CV, unseen answers +questions 2' "$ev"
printf '{"query": "电动自行车", "relevant": [{"article_id": "no/such.md#1"}]}\n' >"$TMP/none-found.jsonl"
"$NPCSEARCH" learn --db "$db" "$TMP/none-found.jsonl" >/dev/null 2>&1
check "learn with no answer in the index exits 1" "1" "$?"
"$NPCSEARCH" learn --db "$db" --min-count 1 "$SRC/tests/data/eval-sample.jsonl" >/dev/null 2>&1
check "learn --min-count 1 is a usage error" "2" "$?"
set -e

# bad queries and usage
set +e
msg=$("$NPCSEARCH" query --db "$db" --json '"基层立法联系点' 2>&1); rc=$?
check "an unmatched quote is punctuation" "0" "$rc"
check_match "and the words are searched" '"total":[1-9]' "$msg"
msg=$("$NPCSEARCH" query --db "$db" '"，。！"' 2>&1); rc=$?
check "nothing searchable exits 1" "1" "$rc"
check_match "and says why" 'malformed query: the query has nothing to search for' "$msg"
msg=$("$NPCSEARCH" query --db "$db" -- -就业 2>&1); rc=$?
check "only exclusions exits 1" "1" "$rc"
msg=$("$NPCSEARCH" query --db "$db" $'\xff' 2>&1); rc=$?
check_match "invalid UTF-8 query" 'not valid UTF-8' "$msg"
msg=$("$NPCSEARCH" query --db "$TMP/nope" 残疾人 2>&1); rc=$?
check "missing database exits 1" "1" "$rc"
check_match "and names the problem" 'cannot open the index database' "$msg"
msg=$("$NPCSEARCH" query --db "$db" --limit 0 残疾人 2>&1); rc=$?
check "bad --limit is a usage error" "2" "$rc"
msg=$("$NPCSEARCH" index --db "$SRC/corpus" "$SRC/corpus" 2>&1); rc=$?
check "a non-index directory is refused" "1" "$rc"
check_match "and named" 'holds no npcsearch index' "$msg"
set -e
finish

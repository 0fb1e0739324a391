#!/usr/bin/env bash
# The index lifecycle: incremental runs touch exactly what changed; a run killed at any point
# (kill -9) leaves an index that opens and answers with the old or the new state and the next
# run finishes the work; full rebuilds switch generations atomically while searchd keeps
# answering; one run at a time; bad files are skipped without losing what was indexed.
# usage: lifecycle.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"

corpus=$TMP/corpus
db=$TMP/db
cp -r "$SRC/corpus" "$corpus"
report=$corpus/reports/2024-示范市某区人大常委会工作综述.txt
gone=$corpus/reports/2025-示范市人大常委会工作报告.txt
added=$corpus/reports/2026-示范市某街道工作简报.txt

index() { "$NPCSEARCH" index --db "$db" "$@" "$corpus"; }
hits() { "$NPCSEARCH" query --db "$db" --json "$@" | jq '.total'; }
field() { "$NPCSEARCH" stats --db "$db" --json | jq -r "${@:2}" "$1"; }
nfiles=$(find "$corpus" -type f ! -name README.md | wc -l)
docs_of() { # how many documents the files make, indexed on their own
    local one=$TMP/one
    rm -rf "$one"
    "$NPCSEARCH" index --db "$one" "$@" >/dev/null
    "$NPCSEARCH" stats --db "$one" --json | jq .documents
}
summary() { # the counts of an index run's summary line, "added changed removed unchanged written"
    sed -E 's/.*: ([0-9]+) added, ([0-9]+) changed, ([0-9]+) removed, ([0-9]+) unchanged.*wrote ([0-9]+) documents.*/\1 \2 \3 \4 \5/' <<<"$1"
}

# ---- a first run builds, a second one finds nothing to do ----------------------------------
out=$(index)
check_match "the first run is a full build" "^full build: $nfiles added" "$out"
docs=$(field .documents)
gen=$(field .generation)
revs=$(field '[.shards[].revision]|join(",")')
check "stats count every file" "$nfiles" "$(field .files)"
check "stats count documents by type" "true" \
    "$(field ".by_type.law==$(ls "$SRC"/corpus/laws/*/*.md | wc -l) and .by_type.report>2 and .by_type.feedback>2 and ([.by_type[]]|add)==.documents")"
out=$(index)
check "nothing changed: nothing touched" "0 0 0 $nfiles 0" "$(summary "$out")"
check "nothing changed: no commit, the revisions stay" "$revs" "$(field '[.shards[].revision]|join(",")')"

# ---- change one file, delete one, add one ---------------------------------------------------
gone_docs=$(docs_of "$gone")
report_docs=$(docs_of "$report")
echo "区人大常委会组织代表视察珊瑚礁观测站建设情况。" >>"$report"
rm "$gone"
printf '示范市东湖街道2026年工作简报\n\n街道联系点收集候鸟迁徙走廊保护的意见建议九条。\n' >"$added"
check "before: the new words are unknown" "0 0" "$(hits 珊瑚礁观测站) $(hits 候鸟迁徙走廊)"
check "before: the removed report is found" "1" "$(hits 林志远)"
written=$(docs_of "$report" "$added")
out=$(index)
check "one added, one changed, one removed, the rest untouched; their documents written" "1 1 1 $((nfiles - 2)) $written" "$(summary "$out")"
check "the changed file's new text is found" "1" "$(hits 珊瑚礁观测站)"
check "the added file is found" "1" "$(hits 候鸟迁徙走廊)"
check "the removed file is gone" "0" "$(hits 林志远)"
check "document count: the removed report's $gone_docs documents out, the rewritten ones in" \
    "$((docs - gone_docs - report_docs + written))" "$(field .documents)"
check "still the same generation (incremental)" "$gen" "$(field .generation)"

# touched, same bytes: read and hashed, nothing rewritten
touch "$corpus"/laws/地方性法规/*.md
check "touched files: hashed, not rewritten" "0 0 0 $nfiles 0" "$(summary "$(index)")"

# ---- bad files: skipped and named, what the index had stays --------------------------------
printf 'bad \xff\xfe bytes\n' >"$corpus/reports/2026-坏文件.txt"
cp "$report" "$TMP/report.bak"
printf '\xff\xfe\xfd\n' >"$report" # neither UTF-8 nor GB18030
set +e
out=$(index 2>"$TMP/err")
rc=$?
set -e
check "a run with bad files exits 3" "3" "$rc"
check_match "the bad file is named" '2026-坏文件.txt: neither UTF-8 nor GB18030' "$(cat "$TMP/err")"
check_match "the broken file is named, its old version kept" '工作综述.txt: .*keeps its previous version' "$(cat "$TMP/err")"
check "the broken file's indexed text is still found" "1" "$(hits 珊瑚礁观测站)"
rm "$corpus/reports/2026-坏文件.txt"
cp "$TMP/report.bak" "$report"
index >/dev/null

# ---- refusals --------------------------------------------------------------------------------
mkdir "$TMP/empty"
set +e
out=$("$NPCSEARCH" index --db "$db" "$TMP/empty" 2>&1)
rc=$?
set -e
check "roots without documents: refused" "1" "$rc"
check_match "…saying why" 'hold no document: refusing to remove' "$out"
check "…and the index is intact" "1" "$(hits 候鸟迁徙走廊)"
exec 9>"$db/index.lock"
flock 9
set +e
out=$(index 2>&1)
rc=$?
set -e
exec 9>&-
check "a second run at the same time: refused" "1" "$rc"
check_match "…naming the lock" 'another index run is writing' "$out"

# ---- kill -9 at several points -----------------------------------------------------------------
crash() { # crash POINT ARGS... : the run must die by SIGKILL at POINT
    set +e
    NPCSEARCH_FAILPOINT=$1 "$NPCSEARCH" index --db "$db" "${@:2}" "$corpus" >/dev/null 2>&1
    local rc=$?
    set -e
    check "killed at $1" "137" "$rc"
}
answers() { "$NPCSEARCH" query --db "$db" --json 电动自行车 >/dev/null && echo yes; }

echo "区人大常委会开展古树名木保护立法调研。" >>"$report"
crash walked
check "after a kill before writing: the old state answers" "yes 0" "$(answers) $(hits 古树名木)"
echo "市人大常委会听取湿地公园建设情况报告。" >>"$added"
printf '示范市西山街道工作简报\n\n联系点就山地步道建设提出意见。\n' >"$corpus/reports/2026-西山街道工作简报.txt"
crash batch --batch 1
check "after a kill mid-run: it answers, committed batches show" "yes" "$(answers)"
# (湿地公园 as a phrase: its word 公园 alone is in the dog-keeping draft's suggestions)
n=$(( $(hits 古树名木) + $(hits '"湿地公园"') + $(hits 山地步道) ))
check_match "…some of the three changes, not all" '^[12]$' "$n"
out=$(index)
check "the next run finishes the work" "1 1 1" "$(hits 古树名木) $(hits '"湿地公园"') $(hits 山地步道)"
check_match "…redoing only what was not committed" '^[01] [0-2] 0 ' "$(summary "$out")"

gen=$(field .generation)
crash built --full
check "killed after building, before the switch: the old generation answers" "yes $gen" "$(answers) $(field .generation)"
crash switched --full
gen2=$(field .generation)
check "killed after the switch: the new generation answers" "yes" "$(answers)"
check_match "…and it is a new one" "^gen-" "$gen2"
[ "$gen2" != "$gen" ] && ok "the generation moved ($gen → $gen2)" || not_ok "the generation did not move"
out=$(index)
check "the next run sweeps the leftovers" "XAPIANDB $gen2 index.lock live" "$(LC_ALL=C ls "$db" | tr '\n' ' ' | sed 's/ $//')"
check "…and live/ links the live generation's shards" "../$gen2/shard0 ../$gen2/shard1" \
    "$(readlink "$db/live/shard0") $(readlink "$db/live/shard1")"
check "…and finds nothing to do" "0 0 0" "$(summary "$out" | cut -d' ' -f1-3)"

# ---- reindexing while searchd answers ---------------------------------------------------------
start_searchd "$db"
q=$(jq -rn --arg s '电动自行车 充电' '$s|@uri')
load() { # requests until $TMP/stop appears; one status code per line
    while [ ! -e "$TMP/stop" ]; do
        curl -s -o /dev/null -w '%{http_code}\n' "$base/api/search?q=$q"
    done
}
load >"$TMP/codes1" &
l1=$!
load >"$TMP/codes2" &
l2=$!
for i in 1 2 3; do
    index --full >/dev/null
    echo "区人大常委会第${i}次检查海绵城市建设。" >>"$report"
    index >/dev/null
done
printf '示范市南湖街道工作简报\n\n联系点就萤火虫栖息地保护提出意见。\n' >"$corpus/reports/2026-南湖街道工作简报.txt"
index --full >/dev/null
sleep 0.5
touch "$TMP/stop"
wait "$l1" "$l2"
total=$(cat "$TMP/codes1" "$TMP/codes2" | wc -l)
check "requests during 4 full and 3 incremental runs all answered 200" "$total" "$(cat "$TMP/codes1" "$TMP/codes2" | grep -c '^200$')"
[ "$total" -ge 20 ] && ok "the load ran ($total requests)" || not_ok "too few requests ($total)"
check "searchd sees the new generation without a restart" "1" \
    "$(curl -s "$base/api/search?q=$(jq -rn --arg s 萤火虫栖息地 '$s|@uri')" | jq '.total')"
check "…and the incremental changes" "1" \
    "$(curl -s "$base/api/search?q=$(jq -rn --arg s '"海绵城市"' '$s|@uri')" | jq '.total')"


# ---- the learned model (npcsearch learn) survives incremental and full runs -----------------
check "no model before learn" "null" "$(field .model)"
"$NPCSEARCH" learn --db "$db" "$SRC/tests/data/eval-sample.jsonl" >/dev/null
stamp=$(field .model.stamp)
check "learn stores a model in the index" "1" "$(field .model.questions)"
echo "区人大常委会听取湿地公园建设情况报告。" >>"$report"
index >/dev/null
check "an incremental run keeps the model" "$stamp" "$(field .model.stamp)"
gen=$(field .generation)
index --full >/dev/null
check "a full rebuild makes a new generation…" "true" "$(field '.generation != $g' --arg g "$gen")"
check "…and copies the model into it" "$stamp" "$(field .model.stamp)"
exec 9>"$db/index.lock"
flock 9
set +e
err=$("$NPCSEARCH" learn --db "$db" "$SRC/tests/data/eval-sample.jsonl" 2>&1 >/dev/null)
rc=$?
set -e
exec 9>&-
check "learn while an index run holds the lock: exit 1" "1" "$rc"
check_match "…saying so" "another index run is writing" "$err"
check "…and the stored model stays" "$stamp" "$(field .model.stamp)"

finish

#!/usr/bin/env bash
# Remote shards over the real laws (issue 17): an index of ../shared/corpus/laws in two shards,
# each served by a stock xapian-tcpsrv on 127.0.0.1; searchd over the shard list answers 300
# STARD questions of ../shared/eval without a model (the cited-law prior), then every one of them
# with a model learned from them stored in the shards (the expansion, the law and document
# priors), and a set of typed queries, as searchd over the index directory does: the same hits in
# the same order with the same scores (1e-9), the same exact totals and facets
# (tests/integration/compare_answers.py).  Skipped (exit 77) when ../shared or xapian-tcpsrv is
# absent.
# usage: shared_remote.sh NPCSEARCH SEARCHD SHARED_DIR
NPCSEARCH=$1
SEARCHD=$2
SHARED=$3
if [ ! -d "$SHARED/corpus/laws" ] || [ ! -f "$SHARED/eval/stard-train.jsonl" ]; then
    echo "skipped: $SHARED/corpus/laws or the STARD questions not found"
    exit 77
fi
if ! command -v xapian-tcpsrv >/dev/null; then
    echo "skipped: xapian-tcpsrv not installed (scripts/deps --test installs xapian-tools)"
    exit 77
fi
. "$(dirname "$0")/lib.sh"

use_pids

db=$TMP/db
"$NPCSEARCH" index --db "$db" --shards 2 "$SHARED/corpus/laws" >/dev/null
for k in 0 1; do
    p=$(free_port)
    setsid xapian-tcpsrv --port "$p" --interface 127.0.0.1 --quiet "$db/live/shard$k" >/dev/null 2>&1 &
    pids+=("$!")
    echo "remote 127.0.0.1:$p" >>"$TMP/shards.list"
done
# searchd over the index directory (local) and over the shard list (remote), as of now
start_pair() {
    for name in local remote; do
        target=$db
        [ "$name" = remote ] && target=$TMP/shards.list
        rm -f "$TMP/port.$name"
        setsid "$SEARCHD" --db "$target" --listen 127.0.0.1:0 --port-file "$TMP/port.$name" >/dev/null 2>&1 &
        pids+=("$!")
        pair+=("$!")
        for _ in $(seq 50); do [ -s "$TMP/port.$name" ] && break; sleep 0.1; done
    done
    local_base=http://127.0.0.1:$(cat "$TMP/port.local")
    remote_base=http://127.0.0.1:$(cat "$TMP/port.remote")
}
pair=()
start_pair

jq -r '.query | gsub("[\\r\\n]+"; " ")' "$SHARED/eval/stard-train.jsonl" | grep -v '^ *$' >"$TMP/questions"
# no model: long questions take the cited-law prior, read from the shards' citation terms
head -n 300 "$TMP/questions" >"$TMP/questions.300"
out=$(python3 "$(dirname "$0")/compare_answers.py" "$local_base" "$remote_base" "&per_page=20" \
    <"$TMP/questions.300") && rc=0 || rc=$?
check "300 STARD questions, no model: the same answers over remote shards ($(tail -n1 <<<"$out"))" 0 "$rc"
for p in "${pair[@]}"; do kill -- "-$p" 2>/dev/null || true; done

# a learned model (associations and the law prior) stored in the shards, as a deployment has it
"$NPCSEARCH" learn --db "$db" "$SHARED/eval/stard-train.jsonl" >"$TMP/learn.out" || cat "$TMP/learn.out"
check_match "a model with laws in its prior is stored" ' [1-9][0-9]* laws in the prior' "$(cat "$TMP/learn.out")"
check_match "…and documents in its prior" ' [1-9][0-9]* documents in the prior' "$(cat "$TMP/learn.out")"
pair=()
start_pair
out=$(python3 "$(dirname "$0")/compare_answers.py" "$local_base" "$remote_base" "&per_page=20" \
    <"$TMP/questions") && rc=0 || rc=$?
echo "$out" | tail -n 6
check "every STARD question: the same answers over remote shards ($(tail -n1 <<<"$out"))" 0 "$rc"
check "…every one of them asked" "$(wc -l <"$TMP/questions")" "$(tail -n1 <<<"$out" | cut -d' ' -f1)"
cat >"$TMP/typed" <<'Q'
醉酒 驾驶
个人信息 处理者 告知
商品房 预售
残疾人 就业
"醉酒驾驶"
"个人信息" 告知
基层立法联系点
人大常委会 监督
残疾人保障法第33条
第33条 残疾人保障法
立法法
环境保护 -大气
"按比例安排残疾人就业"
Q
for params in "&per_page=20" "&type=article&per_page=10" "&sort=date" "&year_from=2020&region=$(jq -rn '"上海"|@uri')"; do
    out=$(python3 "$(dirname "$0")/compare_answers.py" "$local_base" "$remote_base" "$params" \
        <"$TMP/typed") && rc=0 || rc=$?
    check "typed queries ($params): $(tail -n1 <<<"$out")" 0 "$rc"
    [ "$rc" -eq 0 ] || echo "$out"
done
finish

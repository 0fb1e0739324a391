#!/usr/bin/env bash
# Shards on Xapian's remote backend and read replicas by Xapian's replication (issue 17), on
# 127.0.0.1: an index of corpus/ in two shards, each served by a stock xapian-tcpsrv; searchd
# over a shard list naming them answers as searchd over the index directory does; one server
# killed under load (wrk): every answer comes, within the timeout, marked partial, and full
# again once the server is back; a change indexed on the master reaches a replica's searchd
# through xapian-replicate-server and xapian-replicate, and so does a full rebuild.
# usage: remote_shards.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
for tool in xapian-tcpsrv xapian-replicate xapian-replicate-server wrk; do
    if ! command -v "$tool" >/dev/null; then
        echo "skipped: $tool not installed (scripts/deps --test installs xapian-tools and wrk)"
        exit 77
    fi
done
. "$(dirname "$0")/lib.sh"

use_pids

wait_port() { # wait_port PORT: until something accepts on it (5 s at most)
    for _ in $(seq 50); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
# tcpsrv PORT DB: a xapian-tcpsrv in a process group of its own (it forks one process per
# connection: killing the group takes those too); its group id in $last
tcpsrv() {
    setsid xapian-tcpsrv --port "$1" --interface 127.0.0.1 --quiet "$2" >>"$TMP/tcpsrv.log" 2>&1 &
    last=$!
    pids+=("$last")
    wait_port "$1"
}
# searchd_on DB NAME: a searchd on a free port; its base URL in $base_NAME
searchd_on() {
    "$SEARCHD" --db "$1" --listen 127.0.0.1:0 --port-file "$TMP/port.$2" >"$TMP/searchd.$2.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 50); do [ -s "$TMP/port.$2" ] && break; sleep 0.1; done
    printf -v "base_$2" 'http://127.0.0.1:%s' "$(cat "$TMP/port.$2")"
}
get() { curl -s -g "$1"; }
enc() { jq -rn --arg s "$1" '$s|@uri'; }

corpus=$TMP/corpus
cp -r "$SRC/corpus" "$corpus"
db=$TMP/db
"$NPCSEARCH" index --db "$db" --shards 2 "$corpus" >/dev/null
check "index --shards 2 links each shard under live/" "../gen-000001/shard0 ../gen-000001/shard1" \
    "$(readlink "$db/live/shard0") $(readlink "$db/live/shard1")"

p0=$(free_port)
tcpsrv "$p0" "$db/live/shard0"
g0=$last
p1=$(free_port)
tcpsrv "$p1" "$db/live/shard1"
g1=$last
ok "two xapian-tcpsrv serve the shards on ports $p0 and $p1"
cat >"$TMP/remote.list" <<EOF
# two shards on the remote backend
remote 127.0.0.1:$p0 timeout=1000 connect-timeout=500
remote 127.0.0.1:$p1 timeout=1000 connect-timeout=500
EOF
searchd_on "$db" local
searchd_on "$TMP/remote.list" remote

# ---- the same answers ------------------------------------------------------------------------
cat >"$TMP/queries" <<'EOF'
养犬
养犬 管理
电动自行车 充电
基层立法联系点
物业管理 业主
人大常委会 监督
执法检查 报告
立法 计划
"养犬管理"
示范市养犬管理条例
示范市电动自行车停放充电管理规定第五条
第十二条
犬只 登记 -罚款
怎么给狗办登记？
电动车在楼道里充电违法吗
EOF
for params in "&per_page=20" "&per_page=5&page=2" "&type=article" "&sort=date" "&year_from=2024"; do
    out=$(python3 "$(dirname "$0")/compare_answers.py" "$base_local" "$base_remote" "$params" \
        <"$TMP/queries") && rc=0 || rc=$?
    check "remote shards answer as the index directory does ($params): $(tail -n1 <<<"$out")" 0 "$rc"
    [ "$rc" -eq 0 ] || echo "$out"
done
facets=$(python3 "$(dirname "$0")/compare_answers.py" "$base_local" "$base_remote" "&per_page=20" \
    <"$TMP/queries" | sed -nE 's/.* ([0-9]+) facet sets compared.*/\1/p')
[ "${facets:-0}" -ge 10 ] && ok "exact facets compared for $facets queries" ||
    not_ok "only ${facets:-0} queries had exact facets to compare"
# the other routes read the same database: document views, a draft's dashboard, suggestions
same_doc=0
ids=$(get "$base_local/api/search?q=$(enc 养犬)&per_page=8" | jq -r '.hits[].id')
for id in $ids; do
    [ "$(get "$base_local/api/doc/$(enc "$id")")" = "$(get "$base_remote/api/doc/$(enc "$id")")" ] &&
        same_doc=$((same_doc + 1))
done
check "document views are the same over the remote shards" "$(wc -w <<<"$ids")" "$same_doc"
draft=$(enc 示范市养犬管理条例（草案）)
check "a draft's dashboard is the same" "$(get "$base_local/api/drafts/$draft" | jq -S 'del(.took_ms)' | md5sum)" \
    "$(get "$base_remote/api/drafts/$draft" | jq -S 'del(.took_ms)' | md5sum)"
check "suggestions are the same" "$(get "$base_local/api/suggest?q=$(enc 电动)" | md5sum)" \
    "$(get "$base_remote/api/suggest?q=$(enc 电动)" | md5sum)"
h=$(get "$base_remote/healthz")
check "/healthz names both shards, each ok" "ok 127.0.0.1:$p0=ok 127.0.0.1:$p1=ok" \
    "$(jq -r '.status + " " + ([.shards[] | .shard + "=" + .status] | join(" "))' <<<"$h")"
check "the shard list holds every document" "$(get "$base_local/healthz" | jq .documents)" \
    "$(jq .documents <<<"$h")"

# ---- a shard server killed under load ----------------------------------------------------------
cat >"$TMP/mix.lua" <<EOF
local qs = {"$(enc 养犬)", "$(enc '电动自行车 充电')", "$(enc 基层立法联系点)", "$(enc '人大常委会 监督')"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?q=" .. qs[i % #qs + 1])
end
EOF
wrk -t2 -c4 -d8s -s "$TMP/mix.lua" "$base_remote" >"$TMP/wrk.out" 2>&1 &
wrk_pid=$!
# one request every 50 ms meanwhile: its status, whether it is partial, its time
python3 - "$base_remote/api/search?q=$(enc 养犬)" >"$TMP/poll" <<'PY' &
import json, sys, time, urllib.request, urllib.error
end = time.time() + 8
while time.time() < end:
    t = time.time()
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
            d = json.load(r)
            print(r.status, int(bool(d.get("partial"))), "%.3f" % (time.time() - t), flush=True)
    except urllib.error.HTTPError as e:
        print(e.code, 0, "%.3f" % (time.time() - t), flush=True)
    except Exception as e:
        print("error", 0, "%.3f" % (time.time() - t), flush=True)
    time.sleep(0.05)
PY
poll_pid=$!
sleep 2
kill -- "-$g1"
sleep 3
down_until=$(date +%s.%N)
tcpsrv "$p1" "$db/live/shard1"
wait "$wrk_pid" "$poll_pid"
n=$(wc -l <"$TMP/poll")
check "every answer under load is 200 ($n polled)" "" "$(awk '$1 != 200' "$TMP/poll" | head -3)"
slowest=$(awk '$3 > m { m = $3 } END { print m + 0 }' "$TMP/poll")
awk -v s="$slowest" 'BEGIN { exit !(s < 2.5) }' && ok "every answer within the timeout (slowest ${slowest} s)" ||
    not_ok "an answer took ${slowest} s (timeout 1 s, a reconnect 1 s more)"
partial=$(awk '$2 == 1' "$TMP/poll" | wc -l)
[ "$partial" -ge 5 ] && ok "answers are marked partial while the shard is down ($partial)" ||
    not_ok "only $partial answers were marked partial while the shard was down"
check "the last answers are full again" "0 0 0" "$(tail -n3 "$TMP/poll" | awk '{ printf "%s%s", sep, $2; sep = " " }')"
check "wrk saw no error" "" "$(grep -E 'Non-2xx|Socket errors' "$TMP/wrk.out" || true)"
check_match "wrk answered requests" "[0-9]+ requests in" "$(cat "$TMP/wrk.out")"
check "searchd still runs" "ok" "$(get "$base_remote/healthz" | jq -r .status)"
check_match "/metrics counted the partial answers" 'npcsearch_partial_answers_total [1-9]' \
    "$(get "$base_remote/metrics")"

# a shard list that names nothing that answers: 503, not a hang
kill -- "-$g0"
out=$("$NPCSEARCH" query --db "$TMP/remote.list" 养犬)
check_match "the CLI says which shard is missing" "partial: shard 127.0.0.1:$p0 did not answer" "$out"
check_match "…and answers from the other" "[1-9][0-9]* results for 养犬" "$out"
kill -- "-$last"
sleep 0.2
code=$(curl -s -o "$TMP/body" -w '%{http_code}' -m 10 "$base_remote/api/search?q=$(enc 养犬)")
check "no shard answering: 503" "503" "$code"
check_match "…saying no shard answers" "no shard of .* answers|remote" "$(jq -r .error.message "$TMP/body")"

# ---- read replicas -------------------------------------------------------------------------------
rp=$(free_port)
setsid xapian-replicate-server -I 127.0.0.1 -p "$rp" "$db/live" >"$TMP/repl-server.log" 2>&1 &
pids+=("$!")
wait_port "$rp"
replicate() { # every shard once, into $TMP/replica
    for k in 0 1; do
        xapian-replicate -h 127.0.0.1 -p "$rp" -m "shard$k" -o -q -r 0 "$TMP/replica/shard$k"
    done
}
mkdir -p "$TMP/replica"
replicate
printf 'local replica/shard0\nlocal replica/shard1\n' >"$TMP/replica.list"
searchd_on "$TMP/replica.list" replica
total() { get "$1/api/search?q=$(enc "$2")" | jq .total; }
check "the replica answers as the master" "$(total "$base_local" 养犬)" "$(total "$base_replica" 养犬)"

cat >"$corpus/feedback/2025-06-01-示范市东城社区-复制测试-第三条.md" <<'EOF'
---
type: feedback
draft: 示范市养犬管理条例（草案）
article: 第三条
contact_point: 示范市东城社区基层立法联系点
submitter: 居民来信
date: 2025-06-01
status: 待研究
---

# 关于《示范市养犬管理条例（草案）》第三条的意见

建议在小区出入口和公园门口设置文明养犬提示牌，写明遛犬须知和投诉电话，方便居民互相提醒。
EOF
XAPIAN_MAX_CHANGESETS=10 "$NPCSEARCH" index --db "$db" "$corpus" >/dev/null
check "the master finds the new suggestion" "1" "$(total "$base_local" 提示牌)"
check "…the replica does not yet" "0" "$(total "$base_replica" 提示牌)"
replicate
sleep 0.5
check "after xapian-replicate the replica's searchd finds it" "1" "$(total "$base_replica" 提示牌)"
changesets=$(find "$db/gen-000001" -name 'changes*' | wc -l)
[ "$changesets" -gt 0 ] && ok "the incremental run wrote changesets ($changesets)" ||
    not_ok "the incremental run wrote no changeset"

"$NPCSEARCH" index --db "$db" --full "$corpus" >/dev/null
check "a full rebuild moves the live links" "../gen-000002/shard0" "$(readlink "$db/live/shard0")"
replicate
sleep 0.5
check "the replica follows the rebuild (a full copy)" "$(total "$base_local" 养犬) 1" \
    "$(total "$base_replica" 养犬) $(total "$base_replica" 提示牌)"
finish

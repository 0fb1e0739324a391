#!/usr/bin/env bash
# searchd under connection abuse and overload (issue 22), small enough for CI: idle and
# slowloris connections from several client addresses while normal requests come from
# another, the per-address cap, the request deadline, the release of every connection, and the
# bounded queue's 503s.  scripts/bench-abuse is the full run (10,000 idle connections, wrk,
# latency figures).
# usage: searchd_abuse.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"
FLOOD="python3 $(dirname "$0")/flood.py"

db=$TMP/db
"$NPCSEARCH" index --db "$db" "$SRC/corpus" >/dev/null
start_searchd "$db" --threads 2 --max-connections 600 --per-ip-connections 120 --timeout 20 \
    --request-timeout 6
ok "searchd listens on 127.0.0.1:$port"
# searchd's open descriptors: the fewest of six counts 0.2 s apart, as the socket of the last
# request (the metrics one) may still be closing; a leaked descriptor stays in every count
fds() {
    local least="" n
    for _ in 1 2 3 4 5 6; do
        n=$(find "/proc/$pid/fd" -mindepth 1 | wc -l)
        if [ -z "$least" ] || [ "$n" -lt "$least" ]; then least=$n; fi
        sleep 0.2
    done
    echo "$least"
}
gauge() { curl -s "$base/metrics" | awk -v k="$1" '$1 == k {print $2}'; }
# waits until the one connection open is the metrics request's own
settle() { for _ in $(seq 50); do [ "$(gauge npcsearch_connections)" = 1 ] && break; sleep 0.2; done; }
field() { awk -v k="$1" '$1 == k {print $2}' "$2"; }
q=/api/search?q=%E5%9F%BA%E5%B1%82%E7%AB%8B%E6%B3%95%E8%81%94%E7%B3%BB%E7%82%B9
# every worker's searcher open (both workers busy at once) before counting descriptors
args=()
for i in $(seq 40); do args+=(-o /dev/null "$base$q&page=$((i % 5 + 1))"); done
curl -s --no-progress-meter --parallel --parallel-max 8 "${args[@]}"
settle
fds_before=$(fds)
fd_targets() { find "/proc/$pid/fd" -mindepth 1 -printf '%l\n' | sort; }
fd_targets >"$TMP/fds_before"

# 400 idle connections and 40 slowloris clients from 4 addresses (110 each, under the cap of
# 120 an address), held while 200 normal requests come from 127.0.0.1
$FLOOD --port "$port" --idle 400 --slow 40 --trickle 1 --sources 4 --hold 10 \
    --report "$TMP/ready" >"$TMP/flood1" &
flood=$!
for _ in $(seq 300); do grep -q '^ready' "$TMP/ready" 2>/dev/null && break; sleep 0.1; done
check "the flood's 440 connections are established" "440" "$(field opened "$TMP/ready")"
check "none refused under the caps" "0 0" "$(field refused "$TMP/ready") $(field refused_late "$TMP/ready")"
check "searchd counts the flood's connections open" "true" \
    "$(awk -v n="$(gauge npcsearch_connections)" 'BEGIN { print (n >= 440) ? "true" : "false" }')"
args=()
for i in $(seq 200); do args+=(-o /dev/null "$base$q&page=$((i % 5 + 1))"); done
curl -s --no-progress-meter --parallel --parallel-max 4 -w '%{http_code}\n' "${args[@]}" >"$TMP/codes" || true
check "every normal request answered 200 during the flood" "200 200" \
    "$(grep -c -x 200 "$TMP/codes") $(wc -l <"$TMP/codes")"
wait "$flood"
# the slowloris clients trickle a byte a second, under the 20 s idle timeout, and the idle ones
# hold half a request line: the 6 s request deadline ends both
check "every slowloris and idle client was cut by searchd" "40 400" \
    "$(field closed_slow "$TMP/flood1") $(field closed_idle "$TMP/flood1")"
check "the cuts are counted" "true" \
    "$(awk -v n="$(gauge npcsearch_requests_cut_total)" 'BEGIN { print (n >= 440) ? "true" : "false" }')"

# one address over its cap: 130 connections from 127.0.0.9, 10 closed at once; the others
# (and 127.0.0.1) still served
$FLOOD --port "$port" --idle 130 --sources 1 --hold 2 >"$TMP/flood2" 2>&1 &
flood=$!
sleep 1
check "a request from another address is served meanwhile" "200" \
    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/healthz")"
wait "$flood"
check "the address's connections over 120 were refused at once" "10 120" \
    "$(field refused_late "$TMP/flood2") $(($(field held "$TMP/flood2") + $(field closed_idle "$TMP/flood2")))"

# everything released
settle
check "every connection released (the metrics request is the one open)" "1" "$(gauge npcsearch_connections)"
fds_after=$(fds)
check "searchd's descriptors are back to where they were" "$fds_before" "$fds_after"
# on a mismatch, what is open now that was not (or the other way round)
[ "$fds_after" = "$fds_before" ] || fd_targets | diff "$TMP/fds_before" - >&2
kill "$pid"
wait "$pid" || true

# overload: 1 worker with a queue of 2, 64 requests at once: each a 200, or a 503 overloaded
# with Retry-After (never a wait past the queue time limit, never a hang)
rm -f "$TMP/port"
start_searchd "$db" --threads 1 --queue 2 --time-limit 200
args=()
for i in $(seq 64); do args+=(-o "$TMP/body.$i" "$base$q&per_page=$i"); done
curl -s --no-progress-meter --max-time 10 --parallel --parallel-immediate --parallel-max 64 \
    -w '%{http_code} %header{retry-after} %{url}\n' "${args[@]}" >"$TMP/answers" || true
bad=0 n503=0 n200=0
while read -r status retry url; do
    i=${url##*per_page=}
    case $status in
    200) n200=$((n200 + 1)) ;;
    503)
        n503=$((n503 + 1))
        if [ "$retry" != 1 ] || [ "$(jq -r .error.reason "$TMP/body.$i")" != overloaded ]; then
            bad=$((bad + 1))
        fi
        ;;
    *) bad=$((bad + 1)) ;;
    esac
done <"$TMP/answers"
echo "# overload: $n200 answered, $n503 refused 503"
check "64 at once against 1 worker: every answer a 200 or a 503 overloaded with Retry-After" \
    "0 64" "$bad $((n200 + n503))"
check "some were answered" "true" "$([ "$n200" -gt 0 ] && echo true || echo false)"
check "healthz answers after the overload" "ok" "$(curl -s "$base/healthz" | jq -r .status)"
check "no sanitizer report in the server log" "" \
    "$(grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$TMP/log" || true)"
finish

#!/usr/bin/env bash
# Faults of the disk under a live index (issue 22): a damaged shard file (npcsearch check names
# it, searchd answers 503 damaged_index and /healthz says so, --full rebuilds), and indexing
# onto a full or read-only file system (a small tmpfs: a clear error, the live index untouched
# and answering, the next run completes once the space or write access is back).  The tmpfs
# part needs root (CI runs as root) and is skipped with a message otherwise.
# usage: faults.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"

q=%E7%94%B5%E5%8A%A8%E8%87%AA%E8%A1%8C%E8%BD%A6 # 电动自行车
total() { curl -s -g "$base/api/search?q=$1" | jq -r '.total // .error.reason'; }
# waits (up to 5 s) for the search to give $2, as workers reopen the index within 200 ms
wait_total() { for _ in $(seq 50); do [ "$(total "$1")" = "$2" ] && break; sleep 0.1; done; total "$1"; }
mnt=$TMP/mnt
mounted=0
stop() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ "$mounted" = 0 ] || umount "$mnt" 2>/dev/null || true
    cleanup
}

# ---- a damaged shard -------------------------------------------------------------------------
db=$TMP/db
"$NPCSEARCH" index --db "$db" --shards 2 "$SRC/corpus" >/dev/null
start_searchd "$db" --threads 2
trap stop EXIT
before=$(total "$q")
check_match "a search answers before the damage" '^[1-9][0-9]*$' "$before"
out=$("$NPCSEARCH" check --db "$db") && rc=0 || rc=$?
check "check: a sound index exits 0, one line a shard" "0 2" "$rc $(grep -c ': ok (' <<<"$out")"
# shard1's postlist table cut short, as a full disk or a crash in a copy leaves it
shard1=$(readlink -f "$db/live/shard1")
truncate -s 32768 "$shard1/postlist.glass"
out=$("$NPCSEARCH" check --db "$db" 2>"$TMP/check.err") && rc=0 || rc=$?
check "check: a damaged shard exits 1" "1" "$rc"
check_match "check names the shard, its table and Xapian's finding" \
    '^shard1: damaged \(.*shard1\): postlist table: .*(EOF|Corrupt)' "$(grep '^shard1' <<<"$out")"
check "check: the sound shard is ok" "1" "$(grep -c '^shard0: ok' <<<"$out")"
check_match "check says how to rebuild" 'npcsearch index --full' "$(cat "$TMP/check.err")"
kill -HUP "$pid" # the workers reopen the damaged files
r=$(curl -s -g -w '\n%{http_code}' "$base/api/search?q=$q")
check "a search needing the damaged shard: 503" "503" "$(tail -n1 <<<"$r")"
check_match "… damaged_index, naming the shard and the table" \
    '^damaged_index the index database is damaged: shard1: postlist table' \
    "$(head -n1 <<<"$r" | jq -r '"\(.error.reason) \(.error.message)"')"
r=$(curl -s -w '\n%{http_code}' "$base/healthz")
check_match "/healthz: 503 naming the damaged shard" '^503 damaged_index .*shard1' \
    "$(tail -n1 <<<"$r") $(head -n1 <<<"$r" | jq -r '"\(.error.reason) \(.error.message)"')"
check "searchd is alive" "0" "$(kill -0 "$pid" && echo 0)"
"$NPCSEARCH" index --full --db "$db" --shards 2 "$SRC/corpus" >/dev/null && rc=0 || rc=$?
check "--full rebuilds the damaged index" "0" "$rc"
check "check: sound again" "0" "$("$NPCSEARCH" check --db "$db" >/dev/null && echo 0 || echo 1)"
# the new generation went live: the finding of the damage no longer stands
check "the same search answers as before" "$before" "$(wait_total "$q" "$before")"
check "/healthz ok" "ok" "$(curl -s "$base/healthz" | jq -r .status)"
check "no sanitizer report" "" "$(grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$TMP/log" || true)"
kill "$pid"
wait "$pid" || true

# ---- a full disk, a read-only index directory ------------------------------------------------
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=8m tmpfs "$mnt" 2>"$TMP/mount.err"; then
    echo "faults.sh: the full-disk and read-only parts skipped: cannot mount a tmpfs ($(cat "$TMP/mount.err"))"
    finish
    exit
fi
mounted=1
src=$TMP/src
cp -r "$SRC/corpus" "$src"
law=$(find "$src/laws" -name '*.md' | head -n1)
# new law N: a copy of a law under a title of its own
new_law() { sed "1s/.*/# 故障测试$1条例/" "$law" >"$src/laws/fault-$1.md"; }
# the query for new law N: its title as a phrase, laws only
lawq() { echo "$(jq -rn --arg s "\"故障测试$1条例\"" '$s|@uri')&type=law"; }
found() { total "$(lawq "$1")"; }
db=$mnt/db
"$NPCSEARCH" index --db "$db" "$src" >/dev/null
rm -f "$TMP/port"
start_searchd "$db" --threads 2
trap stop EXIT
before=$(total "$q")
check_match "the index on the tmpfs answers" '^[1-9][0-9]*$' "$before"

new_law 甲
dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null || true # fills the file system
"$NPCSEARCH" index --db "$db" "$src" >/dev/null 2>"$TMP/err" && rc=0 || rc=$?
check "an incremental run on a full disk fails" "1" "$rc"
check_match "… naming the problem" 'No space left on device' "$(cat "$TMP/err")"
"$NPCSEARCH" index --full --db "$db" "$src" >/dev/null 2>"$TMP/err" && rc=0 || rc=$?
check "a full rebuild on a full disk fails" "1" "$rc"
check_match "… naming the problem" 'No space left on device' "$(cat "$TMP/err")"
check "the live index still answers, as before" "$before" "$(total "$q")"
check "… and is sound" "0" "$("$NPCSEARCH" check --db "$db" >/dev/null && echo 0 || echo 1)"
check "the new law is not in it" "0" "$(found 甲)"
rm -f "$mnt/filler"
"$NPCSEARCH" index --db "$db" "$src" >/dev/null && rc=0 || rc=$?
check "once there is space the next run completes" "0" "$rc"
check "… and the new law is found" "1" "$(wait_total "$(lawq 甲)" 1)"

new_law 乙
mount -o remount,ro "$mnt"
"$NPCSEARCH" index --db "$db" "$src" >/dev/null 2>"$TMP/err" && rc=0 || rc=$?
check "a run on a read-only index directory fails" "1" "$rc"
check_match "… naming the problem" 'Read-only file system' "$(cat "$TMP/err")"
check "the live index still answers" "1" "$(found 甲)"
mount -o remount,rw "$mnt"
"$NPCSEARCH" index --db "$db" "$src" >/dev/null && rc=0 || rc=$?
check "writable again, the next run completes" "0" "$rc"
check "… and the second new law is found" "1" "$(wait_total "$(lawq 乙)" 1)"
check "no sanitizer report" "" "$(grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$TMP/log" || true)"
finish

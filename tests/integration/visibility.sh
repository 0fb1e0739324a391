#!/usr/bin/env bash
# Visibility: a document whose front matter says "visibility: internal" is found by a normal
# searchd and never returned, counted, faceted or fetched by one started with --public-only;
# a visibility value that is neither public nor internal is refused by the indexer, by name.
# usage: visibility.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"

corpus=$TMP/corpus
cp -r "$SRC/corpus" "$corpus"
cat >"$corpus/reports/2025-示范市人大常委会内部情况通报.md" <<'MD'
---
type: report
visibility: internal
---
# 示范市人大常委会办公厅内部情况通报

常委会机关就电动自行车集中充电设施建设中的信访件进行梳理，涉及金雀花小区等三个小区，
均与《示范市电动自行车停放充电管理规定》第五条的执行有关。
MD
db=$TMP/db
"$NPCSEARCH" index --db "$db" "$corpus" >/dev/null
id=reports/2025-示范市人大常委会内部情况通报.md

pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap stop EXIT
start() { # start NAME ARGS... : a searchd; sets $base_NAME
    "$SEARCHD" --db "$db" --listen 127.0.0.1:0 --port-file "$TMP/port.$1" "${@:2}" >"$TMP/log.$1" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do [ -s "$TMP/port.$1" ] && break; sleep 0.1; done
    printf -v "base_$1" 'http://127.0.0.1:%s' "$(cat "$TMP/port.$1")"
}
printf 'public-only = yes\n' >"$TMP/public.conf"
start all
start pub --public-only
start conf --config "$TMP/public.conf"
enc() { jq -rn --arg s "$1" '$s|@uri'; }
q=$(enc '"金雀花小区"')
wide=$(enc 电动自行车)

r=$(curl -s "$base_all/api/search?q=$q")
check "a normal searchd finds the internal document" "$id" "$(jq -r '.hits[0].id' <<<"$r")"
art=$(enc 'laws/地方性法规/示范市电动自行车停放充电管理规定(2025-06-01).md#5')
backlinks() { curl -s "$1/api/doc/$art" | jq --arg id "$id" '[.cited_by.docs[]?|select(.id==$id)]|length'; }
check "a normal searchd lists it among the article's backlinks" "1" "$(backlinks "$base_all")"
check "…and finds it by what it cites" "1" \
    "$(curl -s "$base_all/api/search?cites=$(enc 示范市电动自行车停放充电管理规定第五条)" | jq --arg id "$id" '[.hits[]|select(.id==$id)]|length')"
check "…and fetches it" "200" "$(curl -s -o /dev/null -w '%{http_code}' "$base_all/api/doc/$(enc "$id")")"
for name in pub conf; do
    b=base_$name
    b=${!b}
    r=$(curl -s "$b/api/search?q=$q")
    check "public-only ($name): no hit, total 0" "0 0" "$(jq -r '"\(.hits|length) \(.total)"' <<<"$r")"
    check "public-only ($name): not among the article's backlinks" "0" "$(backlinks "$b")"
    check "public-only ($name): not found by what it cites" "0" \
        "$(curl -s "$b/api/search?cites=$(enc 示范市电动自行车停放充电管理规定第五条)" | jq --arg id "$id" '[.hits[]|select(.id==$id)]|length')"
    check "public-only ($name): not fetched (404)" "404" "$(curl -s -o /dev/null -w '%{http_code}' "$b/api/doc/$(enc "$id")")"
    all=$(curl -s "$base_all/api/search?q=$wide&per_page=100")
    pub=$(curl -s "$b/api/search?q=$wide&per_page=100")
    check "public-only ($name): one fewer in the total" "$(($(jq .total <<<"$all") - 1))" "$(jq .total <<<"$pub")"
    check "public-only ($name): the report facet counts one fewer" \
        "$(($(jq '[.facets.type[]|select(.value=="report").count]|add' <<<"$all") - 1))" \
        "$(jq '[.facets.type[]|select(.value=="report").count]|add // 0' <<<"$pub")"
    check "public-only ($name): never among the hits of a wide query" "0" "$(jq --arg id "$id" '[.hits[]|select(.id==$id)]|length' <<<"$pub")"
    docs_all=$(curl -s "$base_all/metrics" | awk '/^npcsearch_index_documents/ {print $2}')
    docs_pub=$(curl -s "$b/metrics" | awk '/^npcsearch_index_documents/ {print $2}')
    check "public-only ($name): /metrics counts public documents only" "$((docs_all - 1))" "$docs_pub"
done

# a value that is neither public nor internal: refused by name, the rest indexed
sed -i 's/^visibility: internal/visibility: secret/' "$corpus/reports/2025-示范市人大常委会内部情况通报.md"
set +e
out=$("$NPCSEARCH" index --db "$TMP/db2" "$corpus" 2>&1)
rc=$?
set -e
check "an unknown visibility: the run exits 3" "3" "$rc"
check_match "…naming the file and the value" '内部情况通报.md: front matter visibility must be public or internal .*"secret"' "$out"
check "…and nothing of the file is indexed" "0" "$("$NPCSEARCH" query --db "$TMP/db2" --json '"金雀花小区"' | jq .total)"
out=$("$SEARCHD" --db "$db" --config <(printf 'public-only = maybe\n') 2>&1) && rc=0 || rc=$?
check "searchd refuses public-only = maybe" "2" "$rc"
check_match "…saying what it takes" 'public-only takes yes or no' "$out"

finish

#!/usr/bin/env bash
# searchd under hostile input: each class of bad request gets its exact status and JSON error
# (searchd.sh checks the common 400s by message; this covers the rest and the limits of issue 7),
# a client that holds connections or stalls is cut off at the configured limits, and the server
# still answers afterwards.
# usage: searchd_hostile.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"

db=$TMP/db
"$NPCSEARCH" index --db "$db" "$SRC/corpus" >/dev/null
# small limits so that the test reaches them quickly: 8 connections, 3 s idle timeout
start_searchd "$db" --threads 2 --max-connections 8 --timeout 3
ok "searchd listens on 127.0.0.1:$port"

rep() { head -c "$2" /dev/zero | tr '\0' "$1"; } # rep CHAR N

# err DESCRIPTION EXPECTED_STATUS CODE REASON MESSAGE [CURL ARGS...] URL-PATH: the exact error
# object, its fields in their order (docs/api.md)
err() {
    local what=$1 status=$2 code=$3 reason=$4 message=$5 out
    shift 5
    local path=${!#}
    out=$(curl -s -g -w '\n%{http_code}' --max-time 10 "${@:1:$#-1}" "$base$path")
    check "$what: status" "$status" "$(tail -n1 <<<"$out")"
    check "$what: error" \
        "$(jq -cn --arg c "$code" --arg r "$reason" --arg m "$message" '{code:$c,reason:$r,message:$m}')" \
        "$(head -n -1 <<<"$out" | jq -c .error 2>/dev/null || echo "not JSON: $(head -c 200 <<<"$out")")"
}
bad() { err "$1" 400 bad_request "${@:2}"; } # bad DESCRIPTION REASON MESSAGE [CURL ARGS...] PATH
code() { curl -s -g -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }

# query length and term count
bad "query of 4097 bytes" query_too_long \
    "input exceeds a configured limit: query of 4097 bytes is over the limit of 4096 bytes" \
    "/api/search?q=$(rep a 4097)"
check "query of exactly 4096 bytes is served" "200" \
    "$(code "$base/api/search?q=$(printf 'abc+%.0s' $(seq 1024))")"
bad "parameter over 8192 bytes" parameter_too_long 'invalid argument: parameter "q" is too long' \
    "/api/search?q=$(rep a 8193)"
parts=$(for i in $(seq 33); do printf -- '-x%d+' "$i"; done)
bad "33 phrases and exclusions" too_many_terms \
    "input exceeds a configured limit: a query may hold at most 32 phrases and exclusions" \
    "/api/search?q=${parts}word"
phrases=$(for i in $(seq 32); do printf '%%22p%d%%22+OR+' "$i"; done)
check "32 phrases are served" "200" "$(code "$base/api/search?q=${phrases}word")"
words=$(for i in $(seq 600); do printf 'w%d+' "$i"; done)
check "600 free-text words are served (the first 256 terms kept)" "200" \
    "$(code "$base/api/search?q=$words")"

# page and per_page (searchd.sh checks page=0, per_page=1000 and deep paging by message)
for v in 1001 -1 abc 1.5 %201 +1 99999999999999999999999; do
    bad "page=$v" bad_parameter "invalid argument: page must be a whole number from 1 to 1000" \
        "/api/search?q=a&page=$v"
done
for v in 0 101 ''; do
    bad "per_page=$v" bad_parameter "invalid argument: per_page must be a whole number from 1 to 100" \
        "/api/search?q=a&per_page=$v"
done
bad "page x per_page past 10000" bad_parameter \
    "invalid argument: page × per_page must stay within 10000 results" \
    "/api/search?q=a&page=102&per_page=100"
r=$(curl -s -g "$base/api/search?q=%E6%9D%A1%E4%BE%8B&page=101&per_page=100")
check "the last page allowed is served" "101 100" "$(jq -r '"\(.page) \(.per_page)"' <<<"$r")"
r=$(curl -s -g "$base/api/search?q=%E6%9D%A1%E4%BE%8B&per_page=100")
check "at most per_page hits, and no more than 100" "true" \
    "$(jq '(.hits|length) <= 100 and (.hits|length) == ([.total,100]|min)' <<<"$r")"

# invalid UTF-8, raw and encoded
bad "overlong encoding" bad_utf8 'invalid argument: parameter "q" is not valid UTF-8' "/api/search?q=%C0%AF"
bad "surrogate" bad_utf8 'invalid argument: parameter "q" is not valid UTF-8' "/api/search?q=%ED%A0%80"
bad "raw invalid byte" bad_utf8 'invalid argument: parameter "q" is not valid UTF-8' \
    "/api/search?q=$(printf '\xff')"
bad "invalid UTF-8 in a name" bad_utf8 'invalid argument: a parameter name is not valid UTF-8' \
    "/api/search?q=a&%FF=1"
bad "invalid UTF-8 in a document id" bad_utf8 'invalid argument: the path is not valid UTF-8' \
    "/api/doc/%E5%9F"

# bad percent-encoding
bad "truncated escape at the end" bad_encoding 'invalid argument: bad percent-encoding in parameter "q"' \
    "/api/search?q=a%2"
bad "lone percent" bad_encoding 'invalid argument: bad percent-encoding in parameter "q"' "/api/search?q=%"
bad "bad escape in a name" bad_encoding 'invalid argument: bad percent-encoding in a parameter name' \
    "/api/search?q=a&%ZZ=1"
bad "bad escape in a document id" bad_encoding 'invalid argument: bad percent-encoding in the path' \
    "/api/doc/a%G0"

# unknown parameters
bad "empty parameter name" unknown_parameter 'invalid argument: unknown parameter ""' "/api/search?q=a&=1"
bad "a long unknown name is cut at a character" unknown_parameter \
    'invalid argument: unknown parameter "法法法法法法法法法法法法法法法法法法法法法"…' \
    "/api/search?q=a&$(for _ in $(seq 22); do printf '%%E6%%B3%%95'; done)=1"
bad "parameters on /api/doc" unknown_parameter 'invalid argument: /api/doc takes no parameters' "/api/doc/x?q=1"

# the request check (lib/search/request.h): a blank q, alone or with a filter; refused values
req='invalid argument: q is required (or a filter)'
bad "no q" blank_query "$req" "/api/search"
bad "empty q" blank_query "$req" "/api/search?q="
bad "q of spaces and a tab" blank_query "$req" "/api/search?q=+%09+"
bad "q of ideographic spaces (U+3000)" blank_query "$req" "/api/search?q=%E3%80%80%E3%80%80"
bad "q of other Unicode spaces (U+00A0 U+2003 U+202F)" blank_query "$req" \
    "/api/search?q=%C2%A0%E2%80%83%E2%80%AF"
bad "an empty filter is no filter" blank_query "$req" "/api/search?q=%E3%80%80&draft="
listing=$(curl -s -g "$base/api/search?q=&type=law" | jq -c 'del(.took_ms)')
check "q= with a filter lists what it lets through" "true" "$(jq '.total > 0' <<<"$listing")"
check "q=U+3000 with a filter is the same listing as q=" "$listing" \
    "$(curl -s -g "$base/api/search?q=%E3%80%80&type=law" | jq -c 'del(.took_ms) | .query = ""')"
bad "nothing searchable" nothing_to_search \
    "malformed query: the query has nothing to search for (no words or numbers)" \
    "/api/search?q=%22%EF%BC%8C%22"
bad "only exclusions" only_exclusions "malformed query: a query cannot consist only of exclusions" \
    "/api/search?q=-x"
bad "repeated parameter" repeated_parameter 'invalid argument: parameter "q" given twice' \
    "/api/search?q=a&q=b"
bad "unknown type" bad_parameter "invalid argument: type must be law, article, report or feedback" \
    "/api/search?q=a&type=x"
bad "unknown sort" bad_parameter "invalid argument: sort must be relevance or date" \
    "/api/search?q=a&sort=random"
bad "years reversed" bad_parameter "invalid argument: year range 2020-2010 is not within 1900-2100" \
    "/api/search?q=a&year_from=2020&year_to=2010"
bad "an article that is no article number" bad_parameter \
    'invalid argument: article "abc" is not an article number (第二十六条, 第26条 or 26)' \
    "/api/search?article=abc"
err "unknown document" 404 not_found not_found "not found: no document with id nope" "/api/doc/nope"

# hostile paths: nothing reaches the file system, NUL is refused, every answer is JSON
nf='{"code":"not_found","reason":"not_found","message":"no such page"}'
for p in "/../../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/..%2f..%2fetc%2fpasswd" \
    "/%2E%2E%5C%2E%2E%5Cwindows" "/index.html%00.txt" "/index.html/." "//index.html" \
    "/api/search/../healthz" "/$(rep a 300)"; do
    out=$(curl -s -g --path-as-is -w '\n%{http_code}' "$base$p")
    check "path ${p:0:40}: 404" "404 $nf" "$(tail -n1 <<<"$out") $(head -n -1 <<<"$out" | jq -c .error)"
done
err "traversal as a document id" 404 not_found not_found \
    "not found: no document with id ../../../etc/passwd" "/api/doc/..%2F..%2F..%2Fetc%2Fpasswd"
bad "encoded NUL in a document id" control_character 'invalid argument: the path holds a control character' \
    "/api/doc/laws%00"
bad "encoded NUL in the query" control_character 'invalid argument: parameter "q" holds a control character' \
    "/api/search?q=a%00"
bad "encoded DEL in the query" control_character 'invalid argument: parameter "q" holds a control character' \
    "/api/search?q=a%7F"

# request size: URI, headers, body
err "URI of 20000 bytes" 414 uri_too_long uri_too_long "the URI is too long" "/api/search?q=$(rep a 20000)"
check "request line over the 64 KiB connection memory" "414" \
    "$(code "$base/api/search?q=$(rep a 70000)")"
check "headers over the 64 KiB connection memory" "431" \
    "$(code -H "X-Filler: $(rep a 70000)" "$base/healthz")"
err "a GET with a body" 413 content_too_large content_too_large "GET and HEAD requests take no body" \
    -X GET --data-binary 'q=a' "/api/search?q=a"
err "a GET announcing 1 GB is answered without reading it" 413 content_too_large content_too_large \
    "GET and HEAD requests take no body" -H "Content-Length: 1000000000" "/healthz"
err "a chunked GET" 413 content_too_large content_too_large "GET and HEAD requests take no body" \
    -X GET -H "Transfer-Encoding: chunked" -d x "/healthz"
check "Content-Length: 0 is fine" "200" "$(code -H "Content-Length: 0" "$base/healthz")"
err "PUT" 405 method_not_allowed method_not_allowed "only GET and HEAD are served" -X PUT -d x "/api/search?q=a"

# connections: with all 8 held open, a ninth is closed at once (curl: empty reply or reset),
# not kept waiting in the listen backlog (curl: timeout, 28) ...
fds=()
for _ in $(seq 8); do
    exec {fd}<>"/dev/tcp/127.0.0.1/$port"
    fds+=("$fd")
done
sleep 0.2 # accepted by searchd
rc=0
curl -s -o /dev/null --max-time 5 "$base/healthz" || rc=$?
check_match "a ninth connection is refused at once while 8 are held (curl exit $rc)" '^(52|56)$' "$rc"
for fd in "${fds[@]}"; do exec {fd}>&-; done
sleep 0.2
check "... and one is served once they close" "200" "$(code "$base/healthz")"

# request time: a client that stalls mid-request is disconnected after the 3 s idle timeout
exec {s}<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n' >&"$s"
set +e
read -r -t 10 line <&"$s"
rc=$?
set -e
exec {s}>&-
check "a stalled request is closed by the server (EOF, no answer)" "1 []" "$rc [${line:-}]"

# still answering, nothing crashed
check "healthz still answers" "ok" "$(curl -s "$base/healthz" | jq -r .status)"
check "a search still answers" "true" \
    "$(curl -s -g "$base/api/search?q=%E5%9F%BA%E5%B1%82%E7%AB%8B%E6%B3%95%E8%81%94%E7%B3%BB%E7%82%B9" | jq '.total > 0')"
check "the server process is alive" "0" "$(kill -0 "$pid" && echo 0)"
check "no sanitizer report in the server log" "" "$(grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$TMP/log" || true)"
# SIGTERM while 4 connections keep the search workers busy: searches in flight are answered,
# later ones get 503 or a closed connection, nothing leaks
args=()
for i in $(seq 400); do
    args+=(-o /dev/null "$base/api/search?q=%E7%AB%8B%E6%B3%95%E8%81%94%E7%B3%BB%E7%82%B9&page=$((i % 5 + 1))")
done
stdbuf -oL curl -s --parallel --parallel-max 4 -w '%{http_code}\n' "${args[@]}" >"$TMP/codes" 2>/dev/null &
load=$!
for _ in $(seq 200); do [ "$(wc -l <"$TMP/codes")" -ge 8 ] && break; sleep 0.05; done
kill -TERM "$pid"
set +e
wait "$pid"
rc=$?
wait "$load"
set -e
check "SIGTERM under load exits 0 (no leak reported at exit)" "0" "$rc"
check "every answer under SIGTERM is a 200, a 503 or a closed connection" "" \
    "$(grep -v -x -E '200|503|000' "$TMP/codes" || true)"
check_match "searches before it were answered" '^200' "$(head -n1 "$TMP/codes")"
check "and it came while searches were still coming" "1" "$(($(grep -c -x 200 "$TMP/codes") < 400))"
check "no sanitizer report at exit" "" "$(grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$TMP/log" || true)"
finish

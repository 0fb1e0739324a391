#!/usr/bin/env bash
# searchd end to end: a real index of corpus/, a real server on 127.0.0.1 (free port), HTTP
# answers for hits, facets, paging, documents, errors and 404s; then a document is added and
# indexed while the server runs, and the server finds it without a restart.
# usage: searchd.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"

corpus=$TMP/corpus
cp -r "$SRC/corpus" "$corpus"
db=$TMP/db
"$NPCSEARCH" index --db "$db" "$corpus" >/dev/null
start_searchd "$db"
ok "searchd listens on 127.0.0.1:$port"

get() { curl -s -g "$base$1"; }
code() { curl -s -g -o /dev/null -w '%{http_code}' "$@"; }
enc() { jq -rn --arg s "$1" '$s|@uri'; }
bad() { # bad DESCRIPTION PATH EXPECTED_STATUS MESSAGE_REGEX
    local body status
    body=$(curl -s -g -w '\n%{http_code}' "$base$2")
    status=$(tail -n1 <<<"$body")
    check "$1: status" "$3" "$status"
    check_match "$1: message" "$4" "$(head -n -1 <<<"$body" | jq -r '.error.message')"
}

# hits, facets, paging
r=$(get "/api/search?q=$(enc 基层立法联系点)&per_page=3")
check "three hits on a page" "3" "$(jq '.hits|length' <<<"$r")"
check "page fields" "true" "$(jq '.page==1 and .per_page==3 and (.took_ms|type=="number") and .total>3' <<<"$r")"
check "facets over the whole match set" "true" \
    "$(jq '([.facets.type[].count]|add) == .facets_total and .facets_total >= .total and (.facets.category|length) > 0 and (.facets.year|length) > 0' <<<"$r")"
check_match "hits carry highlighted snippets" '<mark>' "$(jq -r '.hits[0].snippet' <<<"$r")"
check "a word ICU splits (养|犬) is marked wherever a snippet shows it" "true" \
    "$(get "/api/search?q=$(enc 养犬)&per_page=50" | jq '[.hits[].snippet | select(contains("养犬"))] as $s
        | ($s|length) > 0 and ([$s[] | gsub("<mark>养犬</mark>"; "") | contains("养犬")] | any | not)')"
p2=$(get "/api/search?q=$(enc 基层立法联系点)&per_page=3&page=2")
check "page 2 starts at rank 4" "4" "$(jq '.hits[0].rank' <<<"$p2")"
check "pages do not overlap" "" "$(comm -12 <(jq -r '.hits[].id' <<<"$r" | sort) <(jq -r '.hits[].id' <<<"$p2" | sort))"
# the same answers as the CLI: searchd matches the shards one after the other, the CLI in
# parallel threads
same() { jq -S -c '{total, facets_exact, facets, hits}'; }
for q in 基层立法联系点 残疾人就业服务机构应当提供哪些帮助; do
    c=$("$NPCSEARCH" query --db "$db" --json --facets --limit 20 "$q" | same)
    check "npcsearch query finds $q, with facets" "true" "$(jq '.total > 1 and (.facets.type|length) > 0' <<<"$c")"
    check "searchd and npcsearch query agree on $q" "$c" "$(get "/api/search?q=$(enc "$q")&per_page=20" | same)"
done
f=$(get "/api/search?q=$(enc 基层立法联系点)&type=report")
check "type filter" "report" "$(jq -r '[.hits[].type]|unique|join(",")' <<<"$f")"
check "the citation first" "laws/地方性法规/示范市基层立法联系点工作条例(2024-03-01).md#12-1" \
    "$(get "/api/search?q=$(enc 示范市基层立法联系点工作条例第十二条之一)" | jq -r '.hits[0].id')"
d=$(get "/api/search?q=$(enc 电动自行车)&sort=date&per_page=50" | jq -r '[.hits[].date]|join(" ")')
check "sort=date is newest first" "$(tr ' ' '\n' <<<"$d" | sort -r | tr '\n' ' ' | sed 's/ $//')" "$d"

# a document with its structure
id="laws/地方性法规/示范市基层立法联系点工作条例(2024-03-01).md#12-1"
doc=$(get "/api/doc/$(enc "$id")")
check "doc by id" "$id" "$(jq -r '.doc.id' <<<"$doc")"
check "the index's word boundaries stay inside it" "false false" \
    "$(jq '.doc|has("breaks")' <<<"$doc") $(get "/api/search?q=$(enc 联系点)" | jq '.hits[0]|has("breaks")')"
check "doc has its law" "示范市基层立法联系点工作条例" "$(jq -r '.law.title' <<<"$doc")"
check "doc lists the law's articles in order" "第一条 第二条 第三条" "$(jq -r '[.articles[0:3][].article_label]|join(" ")' <<<"$doc")"
check "the article is among them" "1" "$(jq --arg id "$id" '[.articles[]|select(.id==$id)]|length' <<<"$doc")"

# feedback filters without q, their facets; citations and backlinks
r=$(get "/api/search?type=feedback&draft=$(enc '示范市养犬管理条例(草案)')&article=$(enc 第12条)")
# the suggestions on 第十二条, counted from the files without npcsearch
n12=$(python3 "$SRC/tests/integration/feedback_rows.py" "$SRC/corpus/feedback" --draft 示范市养犬管理条例（草案） --article 12 | grep -c .)
check "a listing by filters alone" "$n12" "$(jq .total <<<"$r")"
check "with the feedback facets" "示范市养犬管理条例（草案） 第12条 $n12" \
    "$(jq -r '"\(.facets.draft[0].value) \(.facets.article[0].value) \(.facets.contact_point|map(.count)|add)"' <<<"$r")"
r=$(get "/api/search?contact_point=$(enc 示范市西湖街道基层立法联系点)&status=$(enc 已采纳)&draft=$(enc 示范市电动自行车停放充电管理规定（修订草案）)&q=$(enc 充电)")
check "contact_point and status with q" "feedback/2024-09-示范市社区联系点-意见建议汇总.csv#r5" "$(jq -r '[.hits[].id]|join(" ")' <<<"$r")"
r=$(get "/api/search?cites=$(enc 示范市电动自行车停放充电管理规定第五条)")
check "cites=" "feedback/2025-03-12-示范市东城社区-物业管理条例草案-第二十条.md" "$(jq -r '[.hits[].id]|join(" ")' <<<"$r")"
art="laws/地方性法规/示范市电动自行车停放充电管理规定(2025-06-01).md#5"
doc=$(get "/api/doc/$(enc "$art")")
check "an article's backlinks" '1 feedback/2025-03-12-示范市东城社区-物业管理条例草案-第二十条.md' \
    "$(jq -r '"\(.cited_by.total) \([.cited_by.docs[].id]|join(" "))"' <<<"$doc")"
law21="laws/地方性法规/示范市电动自行车停放充电管理规定(2021-01-01).md"
doc=$(get "/api/doc/$(enc "$law21")")
check "a law's backlinks: documents citing any of its articles" "2" \
    "$(jq '[.cited_by.docs[].id|select(startswith("feedback/"))]|length' <<<"$doc")"
check "but not its own 本规定 references" "0" \
    "$(jq --arg p "$law21" '[.cited_by.docs[].id|select(startswith($p))]|length' <<<"$doc")"
check "the other version's 本规定 references are there" "true" \
    "$(jq '[.cited_by.docs[].id|select(contains("(2025-06-01)"))]|length > 0' <<<"$doc")"
doc=$(get "/api/doc/$(enc "laws/地方性法规/示范市电动自行车停放充电管理规定(2025-06-01).md#9")")
check "an article nobody cites" "0 0" "$(jq -r '"\(.cited_by.total) \(.cited_by.docs|length)"' <<<"$doc")"
doc=$(get "/api/doc/$(enc "feedback/2025-03-12-示范市东城社区-物业管理条例草案-第二十条.md")")
# (its 《示范市物业管理条例（草案）》第二十条 is a citation too: the draft's text is in corpus/laws)
check "a citation resolved to the article's latest version" \
    "示范市物业管理条例（草案）#20=laws/地方性法规/示范市物业管理条例（草案）(2025-02-20).md#20 示范市电动自行车停放充电管理规定#5=$art" \
    "$(jq -r '.citations | map("\(.cite)=\(.id)") | join(" ")' <<<"$doc")"
doc=$(get "/api/doc/$(enc "feedback/2024-09-示范市社区联系点-意见建议汇总.csv#r6")")
check "a citation of a law the index lacks resolves to null" "残疾人保障法#33=null" \
    "$(jq -r '.citations | map("\(.cite)=\(.id)") | join(" ")' <<<"$doc")"
doc=$(get "/api/doc/$(enc "reports/2025-示范市人大常委会工作报告.txt#s5")")
check "a report section lists the report's sections in order" "true true" \
    "$(jq -r '"\(.sections|length > 10) \([.sections[].section] == ([.sections[].section]|sort))"' <<<"$doc")"
bad "a filter that is no article" "/api/search?article=abc" 400 'not an article number'
bad "a citation that names no law" "/api/search?cites=$(enc 第三条)" 400 'names no law'

# errors: 400 with a JSON error naming the problem, 404, 405
bad "missing q" "/api/search" 400 'q is required'
bad "empty q" "/api/search?q=" 400 'q is required'
bad "empty q and empty filters" "/api/search?q=&draft=" 400 'q is required'
bad "bad percent-encoding" "/api/search?q=%E5%9F" 400 'not valid UTF-8'
bad "broken escape" "/api/search?q=%G1" 400 'bad percent-encoding'
bad "invalid UTF-8" "/api/search?q=%FF%FE" 400 'not valid UTF-8'
bad "unknown parameter" "/api/search?q=a&debug=1" 400 'unknown parameter "debug"'
bad "repeated parameter" "/api/search?q=a&q=b" 400 'given twice'
bad "page out of range" "/api/search?q=a&page=0" 400 'page must be'
bad "per_page out of range" "/api/search?q=a&per_page=1000" 400 'per_page must be'
bad "deep paging" "/api/search?q=a&page=1000&per_page=100" 400 'within'
bad "bad sort" "/api/search?q=a&sort=random" 400 'sort must be'
bad "bad type" "/api/search?q=a&type=x" 400 'type must be'
bad "bad year" "/api/search?q=a&year_from=abc" 400 'year_from must be'
bad "nothing searchable" "/api/search?q=%22%EF%BC%8C%22" 400 'nothing to search for'
bad "control character" "/api/search?q=a%01b" 400 'control character'
check "a pasted question with a line break" "200" "$(code "$base/api/search?q=%E5%9F%BA%E5%B1%82%0A%E7%AB%8B%E6%B3%95")"
long=$(head -c 5000 /dev/zero | tr '\0' 'a')
bad "over-long query" "/api/search?q=$long" 400 'over the limit'
bad "unknown document" "/api/doc/$(enc no/such.md)" 404 'no document with id'
check "unknown path" "404" "$(code "$base/nothing/here")"
check "path traversal" "404" "$(code --path-as-is "$base/../../../etc/passwd")"
check "encoded traversal" "404" "$(code "$base/%2e%2e/%2e%2e/etc/passwd")"
check "POST is refused" "405" "$(code -X POST -d x=1 "$base/api/search?q=a")"
check "the page" "200" "$(code "$base/")"
check "opensearch description" "200" "$(code "$base/opensearch.xml")"
check "healthz" "ok" "$(get /healthz | jq -r .status)"
# HTTP/1.1 keep-alive: a second request (a 200 and a 400) reuses the connection
check "keep-alive: two answers on one connection" "200:1 400:0" \
    "$(curl -s -o /dev/null -o /dev/null -w '%{http_code}:%{num_connects} ' "$base/api/search?q=a" \
        "$base/api/search?q=a&page=0" | sed 's/ $//')"
# 40 searches over 4 kept-alive connections at once: each answered, through the worker queue
args=()
for i in $(seq 40); do
    args+=(-o /dev/null "$base/api/search?q=%E7%AB%8B%E6%B3%95&page=$((i % 3 + 1))&per_page=2")
done
codes=$(curl -s --parallel --parallel-max 4 -w '%{http_code}\n' "${args[@]}" | sort | uniq -c |
    tr -s ' ' | sed 's/^ //')
check "40 parallel searches on 4 connections all answered" "40 200" "$codes"
m=$(get /metrics)
check_match "metrics count requests by route and status" 'npcsearch_requests_total\{route="search",status="400"\} [1-9]' "$m"
check_match "metrics have a latency histogram" 'npcsearch_request_duration_seconds_bucket\{route="search",le="0.05"\}' "$m"
check_match "metrics report the documents" 'npcsearch_index_documents [1-9]' "$m"

# add a document and reindex while the server runs: found without a restart
before=$(get /healthz | jq .documents)
cat >"$corpus/reports/2026-新增测试报告.txt" <<'TXT'
示范市人大常委会关于城市更新条例执法检查的报告
执法检查组对老旧小区加装电梯和口袋公园建设情况进行了检查。
TXT
"$NPCSEARCH" index --db "$db" "$corpus" >/dev/null
# asks PATH until the JQ filter gives something not empty (6 s at most) and prints it: each
# worker moves to a new revision at its own next check, so one may answer before the other
poll() {
    local out=""
    for _ in $(seq 30); do
        out=$(get "$1" | jq -r "$2")
        [ -n "$out" ] && break
        sleep 0.2
    done
    echo "$out"
}
check "the new document is found without a restart" "reports/2026-新增测试报告.txt" \
    "$(poll "/api/search?q=$(enc 口袋公园)" '.hits[0].id | select(. == "reports/2026-新增测试报告.txt")')"
check "the document count grew by one" "$((before + 1))" \
    "$(poll /healthz "select(.documents == $((before + 1))) | .documents")"

# a model learned while it runs is used without a restart: no document has 篮球, but the
# questions of tests/data/model-sample.jsonl that hold it are answered by the charging rules
# (the expansion is for questions: 篮球 alone stays unexpanded)
q=$(enc 篮球打完怎么办)
check "nothing matches 篮球 before the model" "0" "$(get "/api/search?q=$q" | jq .total)"
"$NPCSEARCH" learn --db "$db" "$SRC/tests/data/model-sample.jsonl" >/dev/null
check_match "the stored model is picked up: 篮球 finds the charging rules" \
    '^laws/地方性法规/示范市电动自行车停放充电管理规定' "$(poll "/api/search?q=$q" '.hits[0].id // empty')"

# SIGTERM stops it gracefully
kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
check "SIGTERM exits 0" "0" "$rc"
finish

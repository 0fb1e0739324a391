#!/usr/bin/env bash
# The search box's help (issue 20) over a real index of corpus/ and a real searchd: suggestions
# by a title's beginning, a part of it, its pinyin and initials, each law at its newest
# version; /api/suggest's bad parameters; and "did you mean" for a homophone typo, typed
# pinyin and one character off, in the JSON and in `npcsearch query`'s line, while correct
# queries and random letters get none.  (The same over ../shared: shared_corpus.sh.)
# usage: suggest.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"

db=$TMP/db
"$NPCSEARCH" index --db "$db" "$SRC/corpus" >/dev/null
start_searchd "$db"
get() { curl -s -g "$base$1"; }
enc() { jq -rn --arg s "$1" '$s|@uri'; }
suggest() { get "/api/suggest?q=$(enc "$1")${2:+&limit=$2}"; }
law=示范市电动自行车停放充电管理规定
newest="laws/地方性法规/$law(2025-06-01).md"

# suggestions
check "电动: the law among the first suggestions" "$law" \
    "$(suggest 电动 | jq -r '[.suggestions[] | select(.kind == "title")][0].text')"
check "…at its newest version (2025, not 2021)" "$newest 2025-06-01" \
    "$(suggest 电动 | jq -r --arg l "$law" '.suggestions[] | select(.text == $l) | "\(.id) \(.date)"')"
check "a part of the title (停放充电) finds it, as contained" "$law contains" \
    "$(suggest 停放充电 | jq -r --arg l "$law" '.suggestions[] | select(.text == $l) | "\(.text) \(.match)"')"
check "initials (sfsddzxc)" "$law initials" \
    "$(suggest sfsddzxc | jq -r '.suggestions[0] | "\(.text) \(.match)"')"
check "pinyin with spaces and tones (shìfàn shì diàndòng)" "$law pinyin" \
    "$(suggest 'shìfàn shì diàndòng' | jq -r '.suggestions[0] | "\(.text) \(.match)"')"
check "a vocabulary word is a term, without a law" "基层立法联系点 term null" \
    "$(suggest 基层立法 | jq -r '.suggestions[] | select(.kind == "term") | "\(.text) \(.kind) \(.id)"' | head -1)"
check "one suggestion a law (key and full title are one)" "1" \
    "$(suggest 示范市电动 | jq --arg k "$law" '[.suggestions[] | select(.law == $k)] | length')"
check "limit" "1" "$(suggest 示范 1 | jq '.suggestions | length')"
check "random letters: none, and no error" "0" "$(suggest xqzvbkw | jq '.suggestions | length')"
check "the CLI suggests the same" "$(suggest 电动 | jq -r '.suggestions[].text')" \
    "$("$NPCSEARCH" suggest --db "$db" --json 电动 | jq -r '.suggestions[].text')"

bad() { # bad DESCRIPTION PATH REASON
    local body status
    body=$(curl -s -g -w '\n%{http_code}' "$base$2")
    status=$(tail -n1 <<<"$body")
    check "$1" "400 $3" "$status $(head -n -1 <<<"$body" | jq -r '.error.reason')"
}
bad "/api/suggest without q" "/api/suggest" blank_query
bad "/api/suggest with a blank q" "/api/suggest?q=%20%20" blank_query
bad "limit 0" "/api/suggest?q=a&limit=0" bad_parameter
bad "limit over 20" "/api/suggest?q=a&limit=21" bad_parameter
bad "an unknown parameter" "/api/suggest?q=a&page=2" unknown_parameter
bad "q over 256 bytes" "/api/suggest?q=$(printf 'a%.0s' $(seq 300))" query_too_long
bad "bad UTF-8" "/api/suggest?q=%FF" bad_utf8

# did you mean
search() { get "/api/search?q=$(enc "$1")&per_page=3"; }
r=$(search 示范市电动自行车停放冲电管理规定)
check "a homophone (冲电 for 充电) is corrected" "$law homophone true" \
    "$(jq -r '.did_you_mean | "\(.query) \(.kind) \(.searched)"' <<<"$r")"
check "…and its law is searched: its newest version first" "$newest" "$(jq -r '.hits[0].id' <<<"$r")"
check "…the answer keeps the query as typed" "示范市电动自行车停放冲电管理规定" "$(jq -r .query <<<"$r")"
r=$(search 示范市电动自行车停放冲电管理规定第五条)
check "…with an article: the article first" "$newest#5" "$(jq -r '.hits[0].id' <<<"$r")"
r=$(search 'shifanshi jiceng lifa lianxidian gongzuo tiaoli')
check "typed pinyin is offered its Chinese reading, and searched" "示范市基层立法联系点工作条例 pinyin true" \
    "$(jq -r '.did_you_mean | "\(.query) \(.kind) \(.searched)"' <<<"$r")"
r=$(search 示范市基层立法联纪点工作条例)
check "one character off (联纪 for 联系)" "示范市基层立法联系点工作条例 near" \
    "$(jq -r '.did_you_mean | "\(.query) \(.kind)"' <<<"$r")"
r=$(search '基层立法连系点 意见')
check "a word of the vocabulary inside a longer query, which finds things: offered, not searched" \
    "基层立法联系点 意见 false" "$(jq -r '.did_you_mean | "\(.query) \(.searched)"' <<<"$r")"
for q in 示范市电动自行车停放充电管理规定 基层立法联系点 '电动自行车 充电' 养犬 第十二条 \
    xqzvbkw 'zhuangbei lvkou'; do
    check "no correction for [$q]" "null" "$(search "$q" | jq -c .did_you_mean)"
done
check "random letters: no error, no hit" "0" "$(search xqzvbkw | jq .total)"
check "a question is never corrected (typos are for the few words typed in the box)" "null" \
    "$(search 示范市电动自行车停放冲电管理规定是怎么规定的？ | jq -c .did_you_mean)"

out=$("$NPCSEARCH" query --db "$db" --limit 1 示范市电动自行车停放冲电管理规定)
check_match "npcsearch query prints the did-you-mean line" "^您是不是要找：$law" "$out"
check_match "…and says it searched the correction" "以下是“$law”的结果" "$out"
check "npcsearch query prints no such line for a correct query" "0" \
    "$("$NPCSEARCH" query --db "$db" --limit 1 "$law" | grep -c 您是不是要找 || true)"
finish

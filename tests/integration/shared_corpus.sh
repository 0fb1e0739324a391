#!/usr/bin/env bash
# The engine over the real corpus in ../shared: every law, report and feedback file indexed, the
# known items of the engine issue at the top, phrase totals against a count of the files, the
# acceptance checks of issue 6 (feedback, citations), law names abbreviated and citations
# written article first (issue 16), the 湟水 draft's dashboard (issue 19) and the search box's
# help over the real laws (issue 20: suggestions, pinyin, did you mean).  Skipped (exit 77)
# when ../shared is absent.
# usage: shared_corpus.sh NPCSEARCH SHARED_DIR
NPCSEARCH=$1
SHARED=$2
if [ ! -d "$SHARED/corpus/laws" ]; then
    echo "skipped: $SHARED/corpus not found (a fresh clone without the shared corpus)"
    exit 77
fi
. "$(dirname "$0")/lib.sh"

db=$TMP/db
out=$("$NPCSEARCH" index --db "$db" "$SHARED/corpus")
echo "$out"
check_match "the whole corpus indexes with nothing skipped" ', 0 skipped' "$out"
files=$(sed -nE 's/^full build: ([0-9]+) added,.*/\1/p' <<<"$out")
laws=$(find "$SHARED/corpus/laws" -name '*.md' ! -name _index.md | wc -l)
reports=$(find "$SHARED/corpus/reports" -name '*.txt' | wc -l)
check_match "every law and report became documents" "^[0-9]+$" "$files"
[ "$files" -ge $((laws + reports)) ] && ok "files ($files) >= laws ($laws) + reports ($reports)" ||
    not_ok "files ($files) < laws ($laws) + reports ($reports)"

rank1() { top_ids "$db" 1 "$1"; }
check "残疾人保障法第三十三条" "laws/社会法/残疾人保障法(2018-10-26).md#33" "$(rank1 残疾人保障法第三十三条)"
check "残疾人保障法第33条" "laws/社会法/残疾人保障法(2018-10-26).md#33" "$(rank1 残疾人保障法第33条)"
check "《中华人民共和国残疾人保障法》第三十三条" "laws/社会法/残疾人保障法(2018-10-26).md#33" "$(rank1 '《中华人民共和国残疾人保障法》第三十三条')"
check "民法典第1165条" "laws/民法典/侵权责任编.md#1165" "$(rank1 民法典第1165条)"
check "立法法第七十条 (2023)" "laws/宪法相关法/立法法(2023-03-13).md#70" "$(rank1 立法法第七十条)"
check "监督法第十条 (short title, 2024)" "laws/宪法相关法/各级人民代表大会常务委员会监督法(2024-11-08).md#10" "$(rank1 监督法第十条)"
check "刑法第十七条之一" "laws/刑法/刑法.md#17-1" "$(rank1 刑法第十七条之一)"
check "a title alone: the law, latest version" "laws/宪法相关法/立法法(2023-03-13).md" "$(rank1 立法法)"
# abbreviations of law names (lib/index/abbrev.h) and the article written first
disab="laws/社会法/残疾人保障法(2018-10-26).md"
check "残保法第33条" "$disab#33" "$(rank1 残保法第33条)"
check "第33条 残疾人保障法" "$disab#33" "$(rank1 '第33条 残疾人保障法')"
check "第三十三条 残保法" "$disab#33" "$(rank1 '第三十三条 残保法')"
check "残保法 alone: the law" "$disab" "$(rank1 残保法)"
check "民诉法: the law, latest version" "laws/诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md" "$(rank1 民诉法)"
check "刑诉法 第一百条" "laws/诉讼与非诉讼程序法/刑事诉讼法(2018-10-26).md#100" "$(rank1 '刑诉法 第一百条')"
check "劳动合同法 stays the law" "laws/社会法/劳动合同法(2012-12-28).md" "$(rank1 劳动合同法)"
check "an abbreviation three regulations give (地管条例) is no title" "0" \
    "$("$NPCSEARCH" analyze --db "$db" 地管条例 | grep -c 'law title' || true)"

in_top3() {
    local want=$1 q=$2
    if top_ids "$db" 3 "$q" | grep -qxF "$want"; then ok "$q: $want in the top 3"; else
        not_ok "$q: $want not in the top 3: $(top_ids "$db" 3 "$q" | tr '\n' ' ')"; fi
}
in_top3 "laws/社会法/残疾人保障法(2018-10-26).md#33" 按比例安排残疾人就业
in_top3 "laws/宪法相关法/立法法(2023-03-13).md#70" 基层立法联系点
in_top3 "laws/社会法/残疾人保障法(2018-10-26).md#33" '"按比例安排残疾人就业"'

# a phrase's total is the number of documents that hold it (issue 16), counted without npcsearch
mapfile -t lawfiles < <(find "$SHARED/corpus/laws" -name '*.md' ! -name _index.md)
for p in 醉酒驾驶 商品房预售 个人信息处理者 生态环境损害 鉴定意见; do
    check "\"$p\": the total is the articles holding it, exactly" \
        "$(law_articles_holding "$p" "${lawfiles[@]}") true" \
        "$("$NPCSEARCH" query --db "$db" --json --type article "\"$p\"" | jq -r '"\(.total) \(.total_exact)"')"
done
check_match "a phrase in over 5,000 documents: an estimate, flagged" '^[0-9]{4,} false$' \
    "$("$NPCSEARCH" query --db "$db" --json '"人民法院"' | jq -r '"\(.total) \(.total_exact)"')"

# reports, including traditional characters of the 1950s
check_match "reports are searchable" 'reports/' "$(top_ids "$db" 3 --type report 政府工作报告 2024年)"
check_match "traditional characters fold (1954 report)" 'reports/national-gov-work-reports/195' \
    "$(top_ids "$db" 5 --type report --year-to 1955 第一届全国人民代表大会第一次会议)"
# issue 6: feedback tables and submissions, filters, citations
fbdir=$SHARED/corpus/feedback
csv=$(cd "$fbdir" && ls *.csv | head -n1)
md=$(cd "$fbdir" && grep -l '^type: feedback' *.md | head -n1)
row_of() { # the data row (1-based) of the CSV line holding $1 (the table has no multi-line fields)
    echo $(($(grep -n -F "$1" "$fbdir/$csv" | head -n1 | cut -d: -f1) - 1))
}
check "the CSV has one record per line (so rows can be counted by line)" "0" \
    "$(grep -c '"' "$fbdir/$csv")"
r=$(row_of 电动自行车集中充电设施)
check "电动自行车 充电 --type feedback: the row about 电动自行车集中充电设施 first" \
    "feedback/$csv#r$r" "$(top_ids "$db" 1 --type feedback 电动自行车 充电)"
draft='西宁市湟水流域水生态环境保护条例（草案）'
rows=$(grep -c -F ",$draft," "$fbdir/$csv")
got=$("$NPCSEARCH" query --db "$db" --json --limit 100 --type feedback --draft "$draft" | jq -r '.hits[].id' | sort)
want=$( (for i in $(grep -n -F ",$draft," "$fbdir/$csv" | cut -d: -f1); do echo "feedback/$csv#r$((i - 1))"; done
    echo "feedback/$md") | sort)
check "feedback on $draft: its $rows rows and the Markdown submission" "$want" "$got"
# issue 19: the draft's dashboard lists every one of its suggestions, as the files hold them
# (counted without npcsearch: feedback_rows.py reads every CSV row and Markdown front matter)
board=$("$NPCSEARCH" feedback --db "$db" --json "$draft")
want=$(python3 "$(dirname "$0")/feedback_rows.py" "$fbdir" --draft "$draft" | sed 's|^|feedback/|' | sort)
check "the dashboard of $draft lists every suggestion of the files ($(grep -c . <<<"$want"))" "$want" \
    "$(jq -r '.suggestions[].id' <<<"$board" | sort)"
check "…and counts them per article as the files do" \
    "$(python3 "$(dirname "$0")/feedback_rows.py" "$fbdir" --counts "$draft" | jq -c '[.articles | to_entries[] | {a: (.key|tonumber), n: .value.total}] | sort_by(.a)')" \
    "$(jq -c '[.articles[] | {a: .article, n: .total}] | sort_by(.a)' <<<"$board")"
r=$(row_of '《中华人民共和国残疾人保障法》第三十三条')
cites=$("$NPCSEARCH" query --db "$db" --json --limit 100 --cites 残疾人保障法第三十三条 | jq -r '.hits[].id')
if grep -qxF "feedback/$csv#r$r" <<<"$cites"; then ok "documents citing 残疾人保障法第三十三条 include feedback/$csv#r$r"; else
    not_ok "documents citing 残疾人保障法第三十三条 lack feedback/$csv#r$r: $(tr '\n' ' ' <<<"$cites")"; fi
# reports: a hit lands on a section, with the year and region of reports/index.json
json=$("$NPCSEARCH" query --db "$db" --json --limit 1 --type report --region 上海 --year-from 2026 国际航运中心)
check_match "a provincial report hit is a section" 'reports/provincial-gov-work-reports-2026/2026-上海市政府工作报告.txt#s[0-9]+' \
    "$(jq -r '.hits[0].id' <<<"$json")"
check "with its heading, body and publication date" "true 上海市人民政府 2026-02-09" \
    "$(jq -r '.hits[0] | "\(.chapter|length>0) \(.body) \(.date)"' <<<"$json")"
# the search box's help (issue 20): suggestions by a beginning, pinyin and initials; did you mean
sg() { "$NPCSEARCH" suggest --db "$db" --json "$1" | jq -r '.suggestions[].text' | head -"${2:-3}" | tr '\n' ' '; }
for q in 残疾 cjrbzf 'canjiren baozhang fa' canjirenbaozhangfa 残保; do
    check_match "suggest [$q]: 残疾人保障法 among the first three" '(^| )残(疾人保障|保)法 ' "$(sg "$q")"
done
check "the suggested law is its newest version" "$disab 2018-10-26" \
    "$("$NPCSEARCH" suggest --db "$db" --json 残疾人保障 | jq -r '.suggestions[] | select(.law == "残疾人保障法") | "\(.id) \(.date)"')"
dym() { "$NPCSEARCH" query --db "$db" --json --limit 5 "$1"; }
r=$(dym 残急人保障法)
check "残急人保障法: offers 残疾人保障法" "残疾人保障法 homophone true" \
    "$(jq -r '.did_you_mean | "\(.query) \(.kind) \(.searched)"' <<<"$r")"
check "…and finds the law first" "$disab" "$(jq -r '.hits[0].id' <<<"$r")"
check "残急人保障法第33条: its article first" "$disab#33" "$(dym 残急人保障法第33条 | jq -r '.hits[0].id')"
check "canjiren baozhang fa: its Chinese reading" "残疾人保障法 pinyin" \
    "$(dym 'canjiren baozhang fa' | jq -r '.did_you_mean | "\(.query) \(.kind)"')"
check_match "npcsearch query prints 您是不是要找" '您是不是要找：残疾人保障法' \
    "$("$NPCSEARCH" query --db "$db" --limit 1 canjirenbaozhangfa)"
for q in 残疾人保障法 残疾人就业 监督法第十条 按比例安排残疾人就业 'xuanbo qiaomu lenggu' zhqx; do
    check "no correction for [$q]" "null" "$(dym "$q" | jq -c .did_you_mean)"
done
finish

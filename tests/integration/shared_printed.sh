#!/usr/bin/env bash
# The district work summary of ../shared/corpus/reports, a newspaper page (columns, lines broken
# inside words, the headline in the middle over its —— subtitle, a byline), read as a person
# reads it (indexer/printed.h): over an index of the reports alone, its headline, its subtitle
# and words broken across its printed lines each find it first with no filter.  The queries are
# taken from the file.  Skipped (exit 77) when ../shared is absent.
# usage: shared_printed.sh NPCSEARCH SHARED_DIR
NPCSEARCH=$1
SHARED=$2
reports=$SHARED/corpus/reports
page=$(cd "$reports" 2>/dev/null && ls -- *工作综述.txt 2>/dev/null | head -n1)
if [ -z "$page" ]; then
    echo "skipped: no 工作综述 in $reports (a fresh clone without the shared corpus)"
    exit 77
fi
. "$(dirname "$0")/lib.sh"

db=$TMP/db
"$NPCSEARCH" index --db "$db" "$reports" >/dev/null
file=$reports/$page
subtitle_line=$(grep -n '^——' "$file" | head -n1 | cut -d: -f1)
headline=$(sed -n "$((subtitle_line - 1))p" "$file")
subtitle=$(sed -n "${subtitle_line}p" "$file" | sed 's/^——//')
check_match "the page has a headline over a —— subtitle" '.' "$headline$subtitle"

top() { "$NPCSEARCH" query --db "$db" --json --limit 1 "$@" | jq -r '.hits[0]'; }
first() { # first DESCRIPTION QUERY: the page is the first hit
    local path
    path=$(top "$2" | jq -r '.path')
    check "$1 ($2): the page first" "$page" "$path"
}
first "its headline" "$headline"
first "its subtitle" "$subtitle"

# words the printed lines break (盘活闲置|楼宇, 《青海省劳|动保障监察条例》): not on one line of
# the file, whole once its lines are joined
for word in 盘活闲置楼宇 劳动保障监察条例; do
    if ! grep -qF "$word" "$file" && tr -d '\n' <"$file" | grep -qF "$word"; then
        ok "$word is broken across the page's lines"
    else
        not_ok "$word is not a word broken across the page's lines"
    fi
    first "a word broken across lines" "$word"
    check_match "…its snippet marks it whole" "<mark>$word</mark>|<mark>[^<]*</mark><mark>" \
        "$(top "$word" | jq -r '.snippet')"
done

hit=$(top "$subtitle")
check "the title is the headline——subtitle" "$headline——$subtitle" "$(jq -r '.title' <<<"$hit")"
check "the byline is a field" "true" "$(jq -r '.byline | test("^本报记者 ")' <<<"$hit")"
check "the region is the issuing body's, not the headline's" "西宁" "$(jq -r '.region' <<<"$hit")"
check_match "its run-in headings are sections" '^([5-9]|[1-9][0-9])$' "$(jq -r '.sections' <<<"$hit")"
finish

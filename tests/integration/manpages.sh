#!/usr/bin/env bash
# The manual pages say what the programs do: every --option of `npcsearch --help` is in
# npcsearch(1) and every one of the page is in --help (the same for searchd and searchd(8)), and
# each page renders without a warning from groff (and man, when it is installed).
# usage: manpages.sh NPCSEARCH SEARCHD SOURCE_DIR
NPCSEARCH=$1
SEARCHD=$2
SRC=$3
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

# the --options of a usage text; --help itself is one (it printed the text)
help_options() { { "$1" --help | grep -oE -- '--[a-z][a-z0-9-]*'; echo --help; } | sort -u; }

# the --options of a roff page, written \-\- or --, outside comments
page_options() { grep -v '^\.\\"' "$1" | sed 's/\\-/-/g' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }

compare() { # PROGRAM PAGE
    local prog=$1 page=$2 name missing
    name=$(basename "$page")
    help_options "$prog" >"$TMP/help"
    page_options "$page" >"$TMP/page"
    [ -s "$TMP/help" ] && ok "$(basename "$prog") --help lists options" || not_ok "$(basename "$prog") --help lists no option"
    missing=$(comm -23 "$TMP/help" "$TMP/page" | tr '\n' ' ')
    check "every option of $(basename "$prog") --help is in $name" "" "$missing"
    missing=$(comm -13 "$TMP/help" "$TMP/page" | tr '\n' ' ')
    check "every option of $name is in $(basename "$prog") --help" "" "$missing"
}

render() { # PAGE
    local page=$1 name out
    name=$(basename "$page")
    check ".TH of $name names it" "${name%.*} ${name##*.}" \
        "$(sed -n 's/^\.TH \([^ ]*\) \([^ ]*\) .*/\1 \2/p' "$page" | tr '[:upper:]' '[:lower:]')"
    if ! command -v groff >/dev/null; then
        not_ok "groff is missing (Debian package groff-base: scripts/deps --test)"
        return
    fi
    out=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)
    check "groff -man -Tutf8 -ww renders $name without a warning" "" "$out"
    if command -v man >/dev/null; then
        out=$(man --warnings -l "$page" 2>&1 >/dev/null)
        check "man -l renders $name without a warning" "" "$out"
        check_match "…with its name and synopsis" 'NAME.*SYNOPSIS' "$(man -l "$page" 2>/dev/null | tr '\n' ' ')"
    fi
}

compare "$NPCSEARCH" "$SRC/docs/man/npcsearch.1"
compare "$SEARCHD" "$SRC/docs/man/searchd.8"
render "$SRC/docs/man/npcsearch.1"
render "$SRC/docs/man/searchd.8"

finish

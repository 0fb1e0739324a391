#!/usr/bin/env bash
# No dead mappings in the thesaurus (data/thesaurus.tsv, docs/thesaurus.md): every legal term
# it maps a colloquial word to occurs in the text of ../shared/corpus/laws, and the check would
# see one that does not (a copy with a made-up target added fails, naming it).  Skipped (exit
# 77) when ../shared is absent.
# usage: shared_thesaurus.sh THESAURUS.tsv SHARED_DIR
THES=$1
SHARED=$2
laws=$SHARED/corpus/laws
if [ ! -d "$laws" ]; then
    echo "skipped: no $laws (a fresh clone without the shared corpus)"
    exit 77
fi
. "$(dirname "$0")/lib.sh"
targets() { python3 "$(dirname "$0")/thesaurus_targets.py" "$@"; }

targets "$THES" "$laws" >"$TMP/dead" 2>"$TMP/summary" && rc=0 || rc=$?
check "every target of $(basename "$THES") occurs in the laws ($(cat "$TMP/summary"))" 0 "$rc"
check "no target is dead" "" "$(head -n 5 "$TMP/dead")"
mappings=$(grep -cv -e '^#' -e '^$' "$THES")
if [ "$mappings" -ge 2000 ]; then ok "$mappings mappings"; else not_ok "only $mappings mappings"; fi

# the check sees a dead target: a term no law holds, added to a mapping
cp "$THES" "$TMP/bad.tsv"
printf '婚姻家庭\t老公\t配偶,夫妻共同债务加一个不存在的术语\n' >>"$TMP/bad.tsv"
targets "$TMP/bad.tsv" "$laws" >"$TMP/dead" 2>/dev/null && rc=0 || rc=$?
check "a dead target fails the check" 1 "$rc"
check "it is named, with its line" "line $(wc -l <"$TMP/bad.tsv"): 夫妻共同债务加一个不存在的术语" "$(cat "$TMP/dead")"

# a line out of the format fails too
printf '婚姻家庭\t老公\n' >"$TMP/short.tsv"
targets "$TMP/short.tsv" "$laws" >/dev/null 2>&1 && rc=0 || rc=$?
check "a line of two fields is refused" 2 "$rc"

finish

#!/usr/bin/env bash
# `cmake --install` lays out binaries, the reindex job, units, examples and docs under the
# GNUInstallDirs layout, and the installed reindex job works: it indexes, logs with timestamps,
# runs one at a time (exit 75 for the second) and fails clearly.
# usage: install.sh BUILD_DIR
BUILD=$1
. "$(dirname "$0")/lib.sh"

prefix=$TMP/prefix
cmake --install "$BUILD" --prefix "$prefix" >/dev/null
for f in bin/npcsearch bin/searchd bin/npcsearch-reindex; do
    [ -x "$prefix/$f" ] && ok "installed $f" || not_ok "$f is missing"
done
for f in share/doc/npcsearch/README.md share/doc/npcsearch/api.md share/doc/npcsearch/operations.md \
    share/doc/npcsearch/examples/systemd/npcsearch-searchd.service \
    share/doc/npcsearch/examples/systemd/npcsearch-reindex.service \
    share/doc/npcsearch/examples/systemd/npcsearch-reindex.timer \
    share/doc/npcsearch/examples/cron/npcsearch share/doc/npcsearch/examples/searchd.conf \
    share/doc/npcsearch/examples/npcsearch.default share/npcsearch/assets/index.html \
    share/man/man1/npcsearch.1 share/man/man8/searchd.8; do
    [ -s "$prefix/$f" ] && ok "installed $f" || not_ok "$f is missing"
done
check "the manual pages are not also among the docs" "" "$(ls "$prefix/share/doc/npcsearch/man" 2>/dev/null)"
if command -v man >/dev/null; then
    check_match "man finds the installed npcsearch(1)" '^NPCSEARCH\(1\)' \
        "$(MANPATH=$prefix/share/man LC_ALL=C.UTF-8 man npcsearch 2>/dev/null | head -n1)"
fi
units=$prefix/share/doc/npcsearch/examples/systemd
check "units name the installed binaries" "0" "$(grep -c '@NPC_' "$units"/*.service | awk -F: '{s+=$2} END {print s}')"
if command -v systemd-analyze >/dev/null && systemd-analyze --help 2>&1 | grep -q verify; then
    out=$(systemd-analyze verify "$units/npcsearch-reindex.timer" 2>&1 | grep -v 'User=\|Failed to\|npcsearch-reindex.service: Command' || true)
    check "systemd-analyze finds nothing wrong with the timer" "" "$out"
fi

# the installed reindex job
export NPCSEARCH_DB=$TMP/var/index
export NPCSEARCH_CORPUS="$prefix/share/doc/npcsearch/examples/corpus"
unset NPCSEARCH
reindex=$prefix/bin/npcsearch-reindex
out=$("$reindex" 2>&1) && rc=0 || rc=$?
check "reindex: exit 0" "0" "$rc"
check_match "reindex: every line timestamped" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{4} reindex: start' "$out"
check_match "reindex: the run's summary is logged" 'full build: [0-9]+ added, 0 changed, 0 removed, 0 unchanged, 0 skipped' "$out"
check "reindex: the index answers" "true" \
    "$("$prefix/bin/npcsearch" query --json 电动自行车 | jq '.total > 0')"
export REINDEX_LOG=$TMP/log/reindex.log
"$reindex" && rc=0 || rc=$?
check "reindex with REINDEX_LOG: exit 0, nothing changed" "0" "$rc"
check_match "…logged to the file" 'incremental: 0 added, 0 changed, 0 removed, [0-9]+ unchanged, 0 skipped' "$(cat "$REINDEX_LOG")"
exec 9>>"$NPCSEARCH_DB.reindex.lock"
flock 9
"$reindex" && rc=0 || rc=$?
exec 9>&-
check "a second reindex while one runs: exit 75" "75" "$rc"
check_match "…saying so" 'another reindex of .* is running' "$(tail -n1 "$REINDEX_LOG")"
unset REINDEX_LOG
out=$("$reindex" --db "$TMP/var/index" "$TMP/nowhere" 2>&1) && rc=0 || rc=$?
check "a failed run: exit 1" "1" "$rc"
check_match "…saying the index keeps its state" 'FAILED .*keeps its last good state' "$out"
out=$("$reindex" --bogus 2>&1) && rc=0 || rc=$?
check "unknown option: exit 2" "2" "$rc"

finish

# Helpers for the shell integration tests (sourced).  Each check prints what it checked and,
# when it fails, what was expected and what came; finish prints the tally and fails the test
# when any check failed.
# The scripts run under set -e: a command that fails outside a check (the command whose output
# a check was about to read, say) stops the script, and the ERR trap reports it as a failure
# naming the line and the command, with the tally, so no failure goes unreported.  A command
# whose exit status is checked runs as `cmd && rc=0 || rc=$?`.
set -euo pipefail

passed=0
failed=0
TMP=$(mktemp -d)
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "ok   $*"; }
not_ok() { failed=$((failed + 1)); echo "FAIL $*"; }
on_error() {
    local rc=$? line=$1 cmd=$2
    [[ $- == *e* ]] || return 0 # inside set +e the script reads the status itself
    not_ok "line $line: [$cmd] exited $rc, stopping"
    echo "$passed passed, $failed failed"
}
trap 'on_error $LINENO "$BASH_COMMAND"' ERR

# check DESCRIPTION EXPECTED ACTUAL
check() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: expected [$2], got [$3]"; fi
}

# check_match DESCRIPTION REGEX ACTUAL
check_match() {
    if [[ "$3" =~ $2 ]]; then ok "$1"; else not_ok "$1: [$3] does not match /$2/"; fi
}

# top_ids DB N QUERY... : the ids of the first N hits, one per line
top_ids() {
    local db=$1 n=$2
    shift 2
    "$NPCSEARCH" query --db "$db" --json --limit "$n" "$@" | jq -r '.hits[].id'
}

# start_searchd DB [ARGS...]: searchd on a free loopback port, its output in $TMP/log; sets
# $pid, $port and $base; it is stopped when the test exits
start_searchd() {
    "$SEARCHD" --db "$1" --listen 127.0.0.1:0 --port-file "$TMP/port" "${@:2}" >"$TMP/log" 2>&1 &
    pid=$!
    trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; cleanup' EXIT
    for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
    port=$(cat "$TMP/port")
    base=http://127.0.0.1:$port
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# law_articles_holding PHRASE FILE... : how many articles of the laws among the FILEs hold PHRASE
# on one of their lines, in their law's title (the first "# " line) or in one of the headings
# above them (an article's chapter path: the last heading of each level from ## on), counted
# with nothing of npcsearch.  An article as
# indexer/lawmd.c reads it: from a line starting 第…条 (之…) and a space, after the law's
# <!-- INFO END --> line, to the next such line or "#" heading.
law_articles_holding() {
    local phrase=$1
    shift
    awk -v p="$phrase" '
        BEGIN {
            num = "(〇|零|一|二|两|三|四|五|六|七|八|九|十|百|千|万|[0-9]|０|１|２|３|４|５|６|７|８|９)+"
            start = "^([ \t]|　)*第" num "条(之" num ")?([ \t]|　)"
        }
        FNR == 1 { body = 0; open = 0; title = ""; split("", head) }
        /^<!-- INFO END -->/ { body = 1; next }
        !body && title == "" && /^#[ \t]/ { title = $0 }
        !body { next }
        /^#+[ \t]/ {
            open = 0
            level = match($0, /[^#]/) - 1
            for (l in head) if (l + 0 >= level) delete head[l]
            head[level] = substr($0, level + 1)
            next
        }
        $0 ~ start {
            open = 1
            held = index(title, p) > 0
            for (l in head) if (l + 0 >= 2 && index(head[l], p) > 0) held = 1
            n += held
        }
        open && !held && index($0, p) > 0 { held = 1; n++ }
        END { print n + 0 }
    ' "$@"
}

# For tests that start servers of their own (xapian-tcpsrv, searchd): each in `pids` is
# killed with its process group when the test exits (use_pids installs the trap).
pids=()
stop_all() {
    for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    cleanup
}
use_pids() { trap stop_all EXIT; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

#!/usr/bin/env bash
# Headless-Chromium test of the search page.
#
#   NPC_URL=http://127.0.0.1:PORT tests/e2e/run.sh
#
# Without NPC_URL it indexes corpus/ and fixtures/ into a temporary directory and starts the built searchd
# itself (SEARCHD, NPCSEARCH: the binaries, default build/searchd/searchd, build/cli/npcsearch).
# NPC_ARTIFACTS: where screenshots go (default tests/e2e/artifacts). CHROMIUM: the browser
# (default /usr/bin/chromium, Debian's package "chromium"; no browser is ever downloaded).
# Exits with the test's status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

chromium_bin=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium_bin" ]; then
    echo "run.sh: no Chromium at $chromium_bin (apt-get install -y chromium, or set CHROMIUM)" >&2
    exit 1
fi
command -v node >/dev/null && command -v npm >/dev/null || {
    echo "run.sh: node and npm are needed (apt-get install -y nodejs npm)" >&2
    exit 1
}

tmp=
pid=
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT

if [ -z "${NPC_URL:-}" ]; then
    searchd=${SEARCHD:-$root/build/searchd/searchd}
    npcsearch=${NPCSEARCH:-$root/build/cli/npcsearch}
    if [ ! -x "$searchd" ] || [ ! -x "$npcsearch" ]; then
        echo "run.sh: set NPC_URL, or build searchd and npcsearch first (scripts/build)" >&2
        exit 1
    fi
    tmp=$(mktemp -d)
    # corpus/ and a report whose title and text carry markup (the XSS step)
    "$npcsearch" index --db "$tmp/db" "$root/corpus" "$here/fixtures" >/dev/null
    "$searchd" --db "$tmp/db" --listen 127.0.0.1:0 --port-file "$tmp/port" >"$tmp/log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
    if [ ! -s "$tmp/port" ]; then
        echo "run.sh: searchd did not start:" >&2
        cat "$tmp/log" >&2
        exit 1
    fi
    NPC_URL=http://127.0.0.1:$(cat "$tmp/port")
fi
export NPC_URL
export NPC_ARTIFACTS=${NPC_ARTIFACTS:-$here/artifacts}
export CHROMIUM=$chromium_bin
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

cd "$here"
if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
else
    npm install --no-audit --no-fund --loglevel=error >/dev/null
fi

echo "e2e: $NPC_URL (screenshots in $NPC_ARTIFACTS)"
status=0
node --test search.test.mjs drafts.test.mjs versions.test.mjs || status=$?
exit "$status"

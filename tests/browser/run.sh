#!/usr/bin/env bash
# Runs the phone client's tests in headless Chromium (Debian's /usr/bin/chromium, never
# a downloaded browser) against the real sotay-server.
# Usage: tests/browser/run.sh --server PATH/sotay-server --web DIR/of/the/built/app [NAME...]
# With NAMEs, only the tests whose file name contains one of them run
# (e.g. `office-group` runs office-group.test.mjs).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
server="" web="" names=()
while (($#)); do
  case "$1" in
    --server) server="$2"; shift 2 ;;
    --web) web="$2"; shift 2 ;;
    -*) echo "usage: tests/browser/run.sh --server PATH --web DIR [NAME...]" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
if [ -z "$server" ] || [ -z "$web" ]; then
  echo "usage: tests/browser/run.sh --server PATH --web DIR" >&2; exit 2
fi
[ -x "$server" ] || { echo "not an executable: $server" >&2; exit 1; }
[ -f "$web/index.html" ] && [ -f "$web/app.js" ] || { echo "no built app (index.html, app.js) in $web" >&2; exit 1; }
chromium="${SOTAY_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "Chromium not found at $chromium (apt-get install chromium)" >&2; exit 1; }
[ -d "$root/wasm-client/web/node_modules/playwright-core" ] || {
  echo "playwright-core missing: run scripts/setup.sh (npm ci in wasm-client/web)" >&2; exit 1; }

mkdir -p "$root/test-artifacts/browser"
export SOTAY_SERVER="$(cd "$(dirname "$server")" && pwd)/$(basename "$server")"
export SOTAY_WEB="$(cd "$web" && pwd)"
export SOTAY_CHROMIUM="$chromium"

failed=0 ran=0
for t in "$root"/tests/browser/*.test.mjs; do
  if ((${#names[@]})); then
    wanted=0
    for n in "${names[@]}"; do [[ "$(basename "$t")" == *"$n"* ]] && wanted=1; done
    ((wanted)) || continue
  fi
  ran=$((ran + 1))
  echo "==> browser: $(basename "$t")"
  node --test --test-reporter=spec "$t" || failed=1
done
if ((ran == 0)); then echo "no browser test matches: ${names[*]}" >&2; exit 1; fi
if ((failed)); then echo "browser tests FAILED" >&2; exit 1; fi
echo "browser tests passed; screenshots in test-artifacts/browser/"

#!/usr/bin/env bash
# Lighthouse (mobile: a mid-range phone, slow 4G, 4× CPU slowdown) on the phone page of
# a demo ward, in Debian's Chromium. Installs Lighthouse 12.2.3 into
# bench/lighthouse/node_modules (ignored; 13.x needs Node 22), never into the app.
# Usage: bench/lighthouse/run.sh --server PATH/sotay-server --web DIR [--runs N] [--out DIR]
# Prints one line per run: performance, accessibility, best practices, and the largest
# contentful paint and total blocking time; the reports land in --out (default /tmp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
server="" web="" runs=3 out="${TMPDIR:-/tmp}/sotay-lighthouse"
while (($#)); do
  case "$1" in
    --server) server="$2"; shift 2 ;;
    --web) web="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench/lighthouse/run.sh --server PATH --web DIR [--runs N] [--out DIR]" >&2; exit 2 ;;
  esac
done
[ -x "$server" ] && [ -f "$web/index.html" ] || { echo "usage: bench/lighthouse/run.sh --server PATH --web DIR" >&2; exit 2; }
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

if [ ! -x "$here/node_modules/.bin/lighthouse" ]; then
  npm install --prefix "$here" --no-save --no-package-lock --silent lighthouse@12.2.3
fi

work="$(mktemp -d)"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
db="$work/ward.db"
printf 'lighthouse-passphrase\n' | "$server" init --db "$db" --ward "Phường Kiến An" >/dev/null
"$server" demo --db "$db" --groups 4 --households 400 --seed 2026 >/dev/null
"$server" serve --db "$db" --host 127.0.0.1 --port 0 --static "$web" --schemas "$root/schemas" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -1)/"
mkdir -p "$out"
for i in $(seq "$runs"); do
  "$here/node_modules/.bin/lighthouse" "$url" --quiet --output=json --output-path="$out/phone-$i.json" \
    --only-categories=performance,accessibility,best-practices \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
  node -e '
    const r = require(process.argv[1]);
    const s = (c) => Math.round(r.categories[c].score * 100);
    const a = (k) => r.audits[k].numericValue;
    console.log(`run ${process.argv[2]}: performance ${s("performance")}, accessibility ${s("accessibility")}, ` +
      `best practices ${s("best-practices")}; LCP ${(a("largest-contentful-paint") / 1000).toFixed(1)} s, ` +
      `TBT ${Math.round(a("total-blocking-time"))} ms, FCP ${(a("first-contentful-paint") / 1000).toFixed(1)} s`);
    for (const c of ["accessibility", "best-practices"]) for (const ref of r.categories[c].auditRefs) {
      const au = r.audits[ref.id];
      if (ref.weight > 0 && au.score !== null && au.score < 1) console.log(`  ${c}: ${ref.id} — ${au.title}`);
    }' "$out/phone-$i.json" "$i"
done

#!/usr/bin/env bash
# One command for the server-side benchmarks of issue 7 (bench/README.md): builds the
# server and the bench programs (native, and the core bench as wasm), installs the peer
# stack into bench/peer/node_modules when missing, runs bench/run.mjs, prints the tables
# and rewrites the `bench: server` section of docs/benchmarks.md.
#
# Usage: bench/run.sh [--smoke] [--no-wasm] [--no-peer] [run.mjs options …]
#   --smoke   tiny sizes (< 1 min), no peer, no wasm build, docs left alone (CI)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh

smoke=0 wasm=1 peer=1
args=()
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1; wasm=0; peer=0; args+=("$a") ;;
    --no-wasm) wasm=0 ;;
    --no-peer) peer=0; args+=("$a") ;;
    *) args+=("$a") ;;
  esac
done

native="$root/build/native"
[ -f "$native/build.ninja" ] || cmake --preset native >/dev/null
cmake --build --preset native --target sotay-server sotay_bench_core sotay_bench_baseline

core_wasm=()
if ((wasm)); then
  [ -f "$root/build/wasm/build.ninja" ] || cmake --preset wasm >/dev/null
  cmake --build --preset wasm --target sotay_bench_core
  core_wasm=(--core-wasm "$root/build/wasm/bench/sotay_bench_core.js")
fi

if ((peer)); then
  # The peer stack lives in its own ignored node_modules, installed only for benchmarks.
  if [ ! -d bench/peer/node_modules/pouchdb-server ] || [ bench/peer/package-lock.json -nt bench/peer/node_modules/.package-lock.json ]; then
    (cd bench/peer && npm ci --no-audit --no-fund)
  fi
fi

web=()
if [ -f "$root/build/wasm/wasm-client/web/precache.json" ]; then
  web=(--web "$root/build/wasm/wasm-client/web")
fi

exec node bench/run.mjs --server "$native/server/sotay-server" --core "$native/bench/sotay_bench_core" \
  --baseline "$native/bench/sotay_bench_baseline" "${core_wasm[@]}" "${web[@]}" "${args[@]}"

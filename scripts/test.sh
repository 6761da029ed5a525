#!/usr/bin/env bash
# Sets up every dependency, builds all targets and runs every test:
#   native (RelWithDebInfo), native with ASan + UBSan, and WebAssembly under node;
#   the libFuzzer targets (preset fuzz: each target for SOTAY_FUZZ_SECONDS, default 30,
#   from its seed corpus; any crash fails the run; tests/fuzz/run.sh);
#   then the browser tests of the phone app and the office dashboard in headless
#   Chromium (tests/browser/run.sh; with presets given, only when both are built); and
#   in the full run, the benchmarks at smoke size (bench/run.sh --smoke). The web client's
#   TypeScript is type-checked first (tsc --noEmit, strict), then its pure helpers are
#   unit-tested under node (tests/web-unit/run.sh).
# Usage: scripts/test.sh [preset ...]   (default: native native-asan wasm fuzz)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup.sh
# Again, offline: with everything in place, setup must not need the network.
tests/setup/offline.sh
source scripts/env.sh

presets=("$@")
full_run=0
((${#presets[@]})) || { presets=(native native-asan wasm fuzz); full_run=1; }

failed=()
# The web client's TypeScript, strict (wasm-client/web/tsconfig.json): seconds, so always.
echo "==> typescript: tsc --noEmit (strict)"
if ! (cd wasm-client/web && node_modules/.bin/tsc --noEmit -p .); then failed+=(typescript); fi
echo "==> typescript: unit tests (tests/web-unit, node --test)"
if ! tests/web-unit/run.sh; then failed+=(web-unit); fi

for preset in "${presets[@]}"; do
  echo "==> $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "==> $preset: test"
  if [ "$preset" = fuzz ]; then
    if ! tests/fuzz/run.sh --seconds "${SOTAY_FUZZ_SECONDS:-30}"; then failed+=(fuzz); fi
  elif ! ctest --preset "$preset"; then
    failed+=("$preset")
  fi
done

server_bin="$root/build/native/server/sotay-server"
web_dir="$root/build/wasm/wasm-client/web"
if [ -x "$server_bin" ] && [ -f "$web_dir/index.html" ]; then
  echo "==> browser: the phone client in headless Chromium"
  if ! tests/browser/run.sh --server "$server_bin" --web "$web_dir"; then failed+=(browser); fi
  presets+=(browser)
elif ((full_run)); then
  echo "==> browser: cannot run: $server_bin or $web_dir/index.html was not built" >&2
  failed+=(browser)
else
  echo "==> browser: skipped (needs $server_bin and $web_dir/index.html)"
fi

if ((full_run)); then
  # Tiny sizes (< 1 min): keeps bench/ working; the real runs are bench/run.sh by hand.
  echo "==> bench: smoke sizes"
  if ! bench/run.sh --smoke; then failed+=(bench); fi
  presets+=(bench)
fi

if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "all passed: ${presets[*]}"

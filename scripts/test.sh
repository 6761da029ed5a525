#!/usr/bin/env bash
# Sets up every dependency, builds all targets and runs every test:
#   native (RelWithDebInfo), native with ASan + UBSan, and WebAssembly under node.
# Usage: scripts/test.sh [preset ...]   (default: native native-asan wasm)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup.sh
source scripts/env.sh

presets=("$@")
((${#presets[@]})) || presets=(native native-asan wasm)

failed=()
for preset in "${presets[@]}"; do
  echo "==> $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "==> $preset: test"
  if ! ctest --preset "$preset"; then failed+=("$preset"); fi
done

if ((${#failed[@]})); then
  echo "FAILED presets: ${failed[*]}" >&2
  exit 1
fi
echo "all presets passed: ${presets[*]}"

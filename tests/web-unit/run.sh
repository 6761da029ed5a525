#!/usr/bin/env bash
# Unit tests of the web client's TypeScript that touches neither the DOM nor the
# WebAssembly module (formatting, routes, date boxes, search, the sync cursor, the HTTP
# error body, ...), and the check that the TypeScript list of the core's dispatch methods
# is the C++ one. Type-checked first (strict, tsconfig.json here), each test file then
# bundled by the web client's esbuild into a temporary folder and run by node's own test
# runner. Offline: needs only wasm-client/web/node_modules (scripts/setup.sh).
# Usage: tests/web-unit/run.sh [name.test.ts ...]   (default: every *.test.ts here)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

"$root/wasm-client/web/node_modules/.bin/tsc" --noEmit -p "$here/tsconfig.json"

out="$(mktemp -d "${TMPDIR:-/tmp}/sotay-web-unit.XXXXXX")"
trap 'rm -rf "$out"' EXIT
node "$here/bundle.mjs" "$out" "$@"
# The tests read the sources they compare from the repository (dispatch.test.ts).
SOTAY_ROOT="$root" node --test --test-reporter=spec "$out"/*.test.mjs

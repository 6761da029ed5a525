# Environment for building with Debian's emscripten and running its output under node.
# Sourced by scripts/test.sh and scripts/run-demo.sh.
sotay_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NODE_PATH=/usr/share/nodejs
export EM_CACHE="$sotay_root/.deps/emcache"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

#!/usr/bin/env bash
# Runs the libFuzzer targets built by the `fuzz` preset, each from its seed corpus
# (tests/fuzz/corpus/<target>/, read only; new inputs go to a scratch folder), and
# prints one line per target: executions, seconds, result. Fails if any target finds a
# crash, a leak, a timeout or a sanitizer report; the input is kept in the log folder.
# Usage: tests/fuzz/run.sh [--seconds N] [--runs N] [--timeout S] [--logs DIR] [--build DIR]
#                          [target ...]
#   --seconds  time per target (default 30)      --runs  stop after N executions
#   --timeout  seconds one input may take (default 10; long runs on a busy machine need more)
#   --logs     where logs, new inputs and crash inputs go (default: a temporary folder)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds=30
runs=-1
timeout=10
logs=""
build="$root/build/fuzz/tests/fuzz"
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --logs) logs="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=(fuzz_expr fuzz_schema_loader fuzz_push_body fuzz_pull_response
                               fuzz_stored_fields
                               fuzz_http_request)
if [ -z "$logs" ]; then
  logs="$(mktemp -d /tmp/sotay-fuzz.XXXXXX)"
fi
mkdir -p "$logs"

failed=()
for t in "${targets[@]}"; do
  bin="$build/$t"
  if [ ! -x "$bin" ]; then
    echo "$t: not built ($bin); build with: cmake --preset fuzz && cmake --build --preset fuzz" >&2
    failed+=("$t")
    continue
  fi
  mkdir -p "$logs/$t/new" "$logs/$t/crashes"
  start=$(date +%s)
  rc=0
  "$bin" -max_total_time="$seconds" -runs="$runs" -timeout="$timeout" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$logs/$t/crashes/" \
    "$logs/$t/new" "$root/tests/fuzz/corpus/$t" >"$logs/$t/log" 2>&1 || rc=$?
  elapsed=$(($(date +%s) - start))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t/log" | tail -1)
  if ((rc == 0)); then
    result=ok
  else
    result="FAILED (exit $rc; input and log in $logs/$t)"
    failed+=("$t")
  fi
  printf '%-20s %12s execs %6s s  %s\n' "$t" "${execs:-?}" "$elapsed" "$result"
done

if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  for t in "${failed[@]}"; do [ -f "$logs/$t/log" ] && tail -40 "$logs/$t/log" >&2; done
  exit 1
fi

#!/usr/bin/env bash
# With every dependency in place, scripts/setup.sh must finish without the network and
# quickly: apt-get, apt-get source and npm are replaced by commands that fail, so any
# call to them fails the run. scripts/test.sh runs it right after the real setup.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
stubs="$(mktemp -d)"
trap 'rm -rf "$stubs"' EXIT
for tool in apt-get apt npm npx curl wget; do
  printf '#!/bin/sh\necho "offline setup called %s $*" >&2\nexit 97\n' "$tool" >"$stubs/$tool"
  chmod +x "$stubs/$tool"
done

start=$(date +%s%N)
if ! PATH="$stubs:$PATH" "$root/scripts/setup.sh" >/dev/null; then
  echo "setup-offline: scripts/setup.sh reached for the network with everything installed" >&2
  exit 1
fi
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if ((ms > 5000)); then
  echo "setup-offline: a setup with nothing to do took ${ms} ms (more than 5 s)" >&2
  exit 1
fi
echo "setup-offline: nothing to install, no network used, ${ms} ms"

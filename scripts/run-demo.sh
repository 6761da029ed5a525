#!/usr/bin/env bash
# Sets up, builds the server and the web client, creates a demo ward in an embedded
# SQLite file (demo/ward.db) and serves it on localhost.
# Usage: scripts/run-demo.sh [--port 8080] [--households N] [--groups N]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

port=8080 households=40000 groups=60
while (($#)); do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --households) households="$2"; shift 2 ;;
    --groups) groups="$2"; shift 2 ;;
    *) echo "usage: scripts/run-demo.sh [--port N] [--households N] [--groups N]" >&2; exit 2 ;;
  esac
done

scripts/setup.sh
source scripts/env.sh

cmake --preset native >/dev/null
cmake --build --preset native --target sotay-server
server="$root/build/native/server/sotay-server"

static_args=()
if [ -f wasm-client/CMakeLists.txt ]; then
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm --target sotay_web
  static_args=(--static "$root/build/wasm/wasm-client/web")
fi

mkdir -p demo
db="$root/demo/ward.db"
if [ ! -f "$db" ]; then
  echo "creating the demo ward ($groups groups, $households households) in $db"
  # Built under another name and renamed when complete, so an interrupted run starts over.
  partial="$root/demo/ward.partial.db"
  rm -f "$partial" "$partial-wal" "$partial-shm"
  # Demo only: a known passphrase for the office key that sealed fields are sealed to.
  printf 'kienan-van-phong\n' | "$server" init --db "$partial" --ward "Phường Kiến An" >/dev/null
  "$server" demo --db "$partial" --groups "$groups" --households "$households" --seed 2026
  printf 'kienan-2026\n' | "$server" add-user --db "$partial" --username vanhoa --role office
  printf 'kienan-admin\n' | "$server" add-user --db "$partial" --username admin --role admin
  mv "$partial" "$db"
fi
code="$("$server" enroll-code --db "$db" --role leader --group tdp-01 --ttl 72h | tail -n1)"

cat <<EOT

  Sổ tay demo ward
  Phone app (group leader): http://127.0.0.1:$port/
  Office dashboard:         http://127.0.0.1:$port/office.html
  Office login:             vanhoa / kienan-2026   (admin: admin / kienan-admin)
  Office key passphrase:    kienan-van-phong       (guards the key of sealed fields)
  Enrollment code:          $code   (group leader of tdp-01, valid 72 h)

EOT
exec "$server" serve --db "$db" --host 127.0.0.1 --port "$port" "${static_args[@]}"

#!/usr/bin/env bash
# Installs everything Sổ tay needs to build and test, on Debian bookworm, as root.
# Idempotent: with everything present it only checks and returns in seconds.
#
#   - Debian packages (compilers, Boost.Beast, nlohmann-json, libsodium, SQLite, Catch2 v2,
#     emscripten, Chromium for browser tests);
#   - WebAssembly builds of SQLite (amalgamation) and libsodium from Debian source
#     packages, into .deps/wasm (ignored by git);
#   - npm packages of the web client, when wasm-client/web/package.json exists.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps="$root/.deps"
mkdir -p "$deps"

log() { printf '[setup] %s\n' "$*" >&2; }

packages=(
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
  libboost1.81-dev libboost-system1.81-dev libssl-dev zlib1g-dev
  nlohmann-json3-dev libsodium-dev libsqlite3-dev sqlite3 catch2
  emscripten binaryen nodejs tcl dpkg-dev autoconf automake libtool
  chromium fonts-noto-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Header-only libraries exposed through their own folder: em++ must never see
# /usr/include (glibc headers break it).
mkdir -p "$deps/include"
for h in nlohmann catch2; do
  [ -e "$deps/include/$h" ] || ln -s "/usr/include/$h" "$deps/include/$h"
done

# Debian's emscripten needs Debian's node modules.
export NODE_PATH=/usr/share/nodejs
export EM_CACHE="$deps/emcache"
if [ ! -d "$EM_CACHE" ]; then
  mkdir -p "$EM_CACHE"
  cp -r /usr/share/emscripten/cache/. "$EM_CACHE"/ 2>/dev/null || true
fi

ensure_deb_src() {
  if ! grep -rqs '^Types: deb deb-src\|^Types: deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding deb-src entries"
    sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources
    apt-get update -qq
  fi
}

wasm="$deps/wasm"
mkdir -p "$wasm"

# SQLite amalgamation, from the Debian source package.
if [ ! -f "$wasm/sqlite/sqlite3.c" ]; then
  ensure_deb_src
  log "building the SQLite amalgamation from the Debian source package"
  work="$deps/src/sqlite3"
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && apt-get source -qq sqlite3 >/dev/null 2>&1)
  srcdir="$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'sqlite3-*' | head -n1)"
  (cd "$srcdir" && ./configure >/dev/null && make sqlite3.c >/dev/null)
  mkdir -p "$wasm/sqlite"
  cp "$srcdir/sqlite3.c" "$srcdir/sqlite3.h" "$wasm/sqlite/"
  rm -rf "$work"
fi

# libsodium for wasm, from the Debian source package.
if [ ! -f "$wasm/libsodium/lib/libsodium.a" ]; then
  ensure_deb_src
  log "building libsodium for WebAssembly from the Debian source package"
  work="$deps/src/libsodium"
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && apt-get source -qq libsodium >/dev/null 2>&1)
  srcdir="$(find "$work" -maxdepth 1 -mindepth 1 -type d -name 'libsodium-*' | head -n1)"
  (
    cd "$srcdir"
    [ -x ./configure ] || ./autogen.sh -s >/dev/null 2>&1 || ./autogen.sh >/dev/null 2>&1
    # --host: configure must not try to run wasm test programs under node.
    emconfigure ./configure --host=wasm32-unknown-emscripten --prefix="$wasm/libsodium" \
      --disable-shared --without-pthreads --disable-ssp --disable-asm >"$deps/libsodium-build.log" 2>&1
    emmake make -j"$(nproc)" install >>"$deps/libsodium-build.log" 2>&1
  )
  rm -rf "$work"
fi

# Front-end tooling of the web client (esbuild, TypeScript, playwright-core).
web="$root/wasm-client/web"
if [ -f "$web/package.json" ]; then
  if [ ! -d "$web/node_modules" ] || [ "$web/package.json" -nt "$web/node_modules/.installed" ]; then
    log "installing npm packages of the web client"
    (cd "$web" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$web/node_modules/.installed"
  fi
fi

log "dependencies ready"

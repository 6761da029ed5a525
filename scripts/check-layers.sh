#!/usr/bin/env bash
# Holds every #include of the server to its layers (server/README.md):
#
#   layer   may include of the project
#   http    server/http/, core/status.h
#   store   server/store/, core/
#   ward    server/ward/, server/store/, core/, sync/
#   api     server/api/, server/ward/, server/store/, server/http/, core/, sync/
#   cli     server/cli/, server/api/, server/ward/, server/store/, server/http/, core/, sync/
#
# The storage engine stays inside server/store/: outside it (tests apart) no file includes
# sqlite3.h, a server/store/sqlite_* header or core/sqlite_*, or holds a SQL statement.
# The program never names the source tree's schemas/ (SOTAY_SCHEMA_DIR is for tests).
#
# Tests (*_test.cc, *_test_util.h) and the helpers of server/testing/ link the whole
# server into one program and may include any layer, server/testing/ and tests/.
# Every source of the server sits in one of these folders; includes of the project are
# written from the repository's root ("server/ward/auth.h"), never relative to the file.
# core/, sync/ and wasm-client/ (shared with the phone) include nothing of the server.
#
# Usage: scripts/check-layers.sh [repository root]
# Prints one line per violation and exits 1 when there is any; run by the native build
# and by ctest (test server_layers).
set -euo pipefail

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cd "$root"

find server core sync wasm-client -path wasm-client/web/node_modules -prune -o \
  \( -name '*.h' -o -name '*.cc' \) -print0 | sort -z | xargs -0 awk '
function violation(text) {
  print text > "/dev/stderr"
  bad++
}
BEGIN {
  may["http"] = "^server/http/|^core/status\\.h$"
  may["store"] = "^server/store/|^core/"
  may["ward"] = "^server/(ward|store)/|^core/|^sync/"
  may["api"] = "^server/(api|ward|store|http)/|^core/|^sync/"
  may["cli"] = "^server/(cli|api|ward|store|http)/|^core/|^sync/"
  tests = "^server/(cli|api|ward|store|http|testing)/|^core/|^sync/|^tests/"
  # Names of the engine: only server/store/ (and tests) may include them.
  engine = "^(sqlite3\\.h|core/sqlite_.*|server/store/sqlite_.*)$"
  # A SQL statement in a string: the engine again.
  sql = "\"[ \t]*(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER)|PRAGMA) "
  shared = "^(core|sync|wasm-client|tests)/"
  # Paths that name a file of the project (not a system or third-party header).
  project = "^(core|sync|server|tests|bench|wasm-client)/"
  layers = "server/http, store, ward, api, cli or testing"
  bad = 0
  # What each file may include (a regex; none when the file itself is misplaced) and
  # who it is, for the messages.
  for (i = 1; i < ARGC; i++) {
    file = ARGV[i]
    n = split(file, part, "/")
    name = part[n]
    if (part[1] != "server") {
      allowed[file] = shared; who[file] = "the code shared with the phone"
    } else if (n == 2) {
      violation(file ": not in a layer folder (" layers ")")
    } else if (part[2] == "testing" || name ~ /_test\.cc$/ || name ~ /_test_util\.h$/) {
      allowed[file] = tests; who[file] = "a test"
    } else if (part[2] in may) {
      allowed[file] = may[part[2]]; who[file] = "the " part[2] " layer"
      if (part[2] != "store") engine_free[file] = 1
    } else {
      violation(file ": server/" part[2] " is not a layer (" layers ")")
    }
  }
}
(FILENAME in allowed) && FILENAME ~ /^server\// && who[FILENAME] != "a test" && /SOTAY_SCHEMA_DIR/ {
  violation(FILENAME ":" FNR ": the program finds its forms beside itself or by flag, never in the source tree")
}
(FILENAME in engine_free) && $0 ~ sql {
  violation(FILENAME ":" FNR ": a SQL statement outside server/store/")
}
(FILENAME in allowed) && /^[ \t]*#[ \t]*include[ \t]*[<"]/ {
  line = $0
  sub(/^[ \t]*#[ \t]*include[ \t]*/, "", line)
  quote = substr(line, 1, 1)
  path = substr(line, 2)
  sub(/[">].*$/, "", path)
  if ((FILENAME in engine_free) && path ~ engine) {
    violation(FILENAME ":" FNR ": includes " path ": the storage engine is named in server/store/ only")
  } else if (path ~ project) {
    if (path !~ allowed[FILENAME]) {
      violation(FILENAME ":" FNR ": includes " path ", which " who[FILENAME] " may not include")
    }
  } else if (quote == "\"") {
    violation(FILENAME ":" FNR ": includes \"" path "\": name files of the project from its root")
  }
}
END {
  if (bad) {
    print "check-layers: " bad " against the layers of server/README.md" > "/dev/stderr"
    exit 1
  }
  print "check-layers: every include of the server keeps to its layer"
}' || exit 1

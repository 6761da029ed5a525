// AppContext: what route handlers receive besides the request — the seam between the
// HTTP framework and the rest of the server.
//
// `serve` builds one AppContext, then every module registers its routes with
//   void RegisterXxxRoutes(Router& router, AppContext& ctx);
// (listed in routes.cc). Handlers capture `ctx` by reference; it outlives the server.
//
// Threading: handlers run concurrently on the HTTP I/O threads, so JSON parsing and
// validation happen in parallel. Anything that writes the database must go through the
// single writer that the accounts/sync work adds here (e.g. a `Writer* writer` that
// queues a batch and waits for its durable commit); read-only handlers may use their
// own read connections. Members added here must be safe to use from many threads.
#pragma once

#include <string>

namespace sotay {

class Metrics;
class ServerServices;
class StaticFiles;

struct AppContext {
  std::string db_path;                        // --db; opened by the store wiring (later)
  Metrics* metrics = nullptr;                 // never null while serving
  const StaticFiles* static_files = nullptr;  // null: serve the placeholder page
  ServerServices* services = nullptr;  // database, writer, accounts (services.h); null without --db
  // Later: store, single writer, clock, session keys, office public key, audit log.
};

}  // namespace sotay

// AppContext: what route handlers receive besides the request — the seam between the
// HTTP framework and the rest of the server.
//
// `serve` builds one AppContext and hands it to RegisterAllRoutes (routes.h): the
// built-in routes, then the /api/v1 routes (api_routes.h), whose modules each register
// theirs with the ServerServices. Handlers capture what they use by reference; it
// outlives the server.
//
// Threading: handlers run concurrently on the HTTP server's handler pool
// (http_server.h), so JSON parsing and validation happen in parallel. Writes to the
// database go through ServerServices (services.h): pushes through its PushQueue (group
// commit on the push-writer thread), anything else through a lease of its writer
// (ServerServices::Writer()); read-only handlers lease pooled read-only views. Members here must be
// safe to use from many threads.
#pragma once

#include <string>

namespace sotay {

class Metrics;
class ServerServices;
class StaticFiles;

struct AppContext {
  std::string db_path;                        // --db
  Metrics* metrics = nullptr;                 // never null while serving
  const StaticFiles* static_files = nullptr;  // null: serve the placeholder page
  ServerServices* services = nullptr;  // database, writer, accounts (services.h); null without --db
  int password_check_slots = 0;        // sign-in password checks at once; 0: the default
};

}  // namespace sotay

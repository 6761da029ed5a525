// Router: maps method + path to a handler. Pure: no sockets, unit-tested directly.
//
// Patterns are absolute paths whose segments are literals or parameters in angle
// brackets: "/api/v1/conflicts/<id>/resolve". A parameter matches one non-empty path
// segment and is percent-decoded ("%2F" stays inside the parameter). When two patterns
// match, the one with a literal at the first differing segment wins, so
// "/api/v1/records/export" beats "/api/v1/records/<id>" whatever the order of Add().
//
// Outcomes of Dispatch:
//   - a route matches path and method: its handler's response (HEAD runs the GET
//     handler; the server drops the body);
//   - a route matches the path, not the method: 405 method_not_allowed with Allow;
//   - nothing matches the path: the fallback for GET/HEAD when set (static files),
//     else 404 not_found.
//
// Thread-safety: register every route before serving; Dispatch is then const and may be
// called from any number of threads.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "server/http/http_types.h"

namespace sotay {

// Decoded path parameters by name ("id" -> "6f0c...").
using RouteParams = std::map<std::string, std::string>;

using RouteHandler = std::function<HttpResponse(const HttpRequest&, const RouteParams&)>;

class Router {
 public:
  Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers a handler. A malformed pattern or a duplicate (method, pattern) is a
  // programming error kept in status(), which the server checks before it listens.
  void Add(std::string method, std::string pattern, RouteHandler handler);
  // Handler for GET/HEAD requests whose path matches no pattern.
  void SetFallback(RouteHandler handler);

  // The registered routes as (method, pattern), in registration order (tests walk them).
  std::vector<std::pair<std::string, std::string>> Routes() const;

  // Ok, or the first registration error.
  const Status& status() const { return status_; }

  // Handles the request. `route_label`, when given, receives a low-cardinality name for
  // metrics: the matched pattern, "fallback", or "unmatched".
  HttpResponse Dispatch(const HttpRequest& request, std::string* route_label = nullptr) const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    RouteHandler handler;
  };

  static bool Match(const Route& route, const std::vector<std::string_view>& parts,
                    RouteParams* params);
  // True when `a` should win over `b` (both matching the same path).
  static bool MoreSpecific(const Route& a, const Route& b);

  std::vector<Route> routes_;
  RouteHandler fallback_;
  Status status_;
};

}  // namespace sotay

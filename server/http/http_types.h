// Plain HTTP request and response values: what handlers see and return.
//
// Handlers are pure functions from an HttpRequest to an HttpResponse; they never touch a
// socket and never include Beast, so they are unit-tested without a network. The
// session in http_server.cc converts to and from the wire.
//
// Error bodies (docs/protocol.md "General") always have this shape:
//   {"error": {"code": "missing_field",
//              "message": "Thiếu trường bắt buộc \"code\" / Missing required field \"code\"",
//              "message_vi": "Thiếu trường bắt buộc \"code\"",
//              "message_en": "Missing required field \"code\"",
//              "field": "code"}}
// `code` is stable and is what clients match on. `message` is Vietnamese first, then
// English, joined by " / ", so a script that prints only `message` shows both;
// `message_vi` and `message_en` let a UI pick one language. `field` is present only when
// the error is about one place (a JSON field or a query parameter).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace sotay {

// JSON values of bodies: nlohmann's, the same type as the core's Json (core/record.h).
using Json = nlohmann::json;

// Case-insensitive ordering of ASCII header names.
struct HeaderNameLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ... as sent (HTTP methods are case-sensitive)
  // Path of the target without the query, still percent-encoded ("/api/v1/x%20y"): the
  // router splits on '/' first and decodes each parameter, so "%2F" stays inside one.
  std::string path;
  std::map<std::string, std::string> query;  // decoded; the last one wins on repeats
  // Header names compare case-insensitively; repeated headers are joined with ", ".
  std::map<std::string, std::string, HeaderNameLess> headers;
  std::string body;
  std::string remote_addr;  // peer IP address, for logs and rate limits

  // The header's value, or "" when absent.
  const std::string& Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const { return headers.count(name) != 0; }
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // empty: no Content-Type header (e.g. 204, 304)
  std::string body;
  // Extra headers in order (Allow, ETag, Cache-Control, ...). Content-Type,
  // Content-Length and Connection are set by the server from the fields above.
  std::vector<std::pair<std::string, std::string>> headers;

  // Replaces the header of that name (case-insensitive) or appends it.
  void SetHeader(std::string name, std::string value);
  // The header's value, or "" when absent.
  const std::string& Header(std::string_view name) const;
};

// 200-style JSON response; the body is `value` serialised compactly (invalid UTF-8 in
// strings is replaced, never thrown).
HttpResponse JsonResponse(int status, const Json& value);
// The same with a body that is already JSON text.
HttpResponse JsonTextResponse(int status, std::string body);

// Error response in the shape described at the top of this file.
HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message_vi,
                           std::string_view message_en, std::string_view field = {});
// Same, from a failed Status (its path becomes `field`).
HttpResponse ErrorResponse(int status, const Status& error);
// This layer has no table from code to status: it writes the status of each error it
// answers itself (router, HttpApp, the session) where it makes it. The status of every
// other code, json_body's included, is in the api layer's one table
// (server/api/api_error.h), which API handlers answer through.

// Percent-decodes `text`; with `plus_is_space` (query strings) '+' becomes ' '. Returns
// false on a malformed escape ("%4", "%zz").
bool PercentDecode(std::string_view text, bool plus_is_space, std::string* out);

// Splits a request target "/a/b?x=1&y=%20" into its path and decoded query parameters.
// True when the request came straight from this machine: a loopback peer address
// (127.0.0.0/8, ::1, ::ffff:127.x.x.x) and no X-Forwarded-For / Forwarded header, which
// a proxy on this machine would add for a request it passes on from elsewhere.
bool IsLocalRequest(const HttpRequest& request);

// Returns false when the target is not origin-form ("/...") or an escape is malformed.
bool ParseTarget(std::string_view target, std::string* path,
                 std::map<std::string, std::string>* query);

}  // namespace sotay

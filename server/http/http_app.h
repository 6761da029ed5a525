// HttpApp: everything between a parsed request and the response to write, minus the
// socket. The session (http_server.cc) calls Handle for each request; the steps are:
//   1. route the request (Router::Dispatch), turning a handler exception into a 500;
//   2. negotiate gzip (NegotiateGzip below);
//   3. refuse (500) a response whose header holds CR, LF or NUL; add the headers every
//      response carries (nosniff, a strict Content-Security-Policy with
//      frame-ancestors 'none', X-Frame-Options, Referrer-Policy: no-referrer) and
//      Cache-Control: no-store on /api/ answers that set no Cache-Control of their own;
//   4. record metrics: count by route and status class, latency, in-flight gauge.
// Thread-safety: Handle and Reject may be called from any number of threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "server/http/http_types.h"
#include "server/http/metrics.h"
#include "server/http/router.h"

namespace sotay {

// Responses smaller than this are not worth compressing.
inline constexpr size_t kGzipMinBytes = 1024;

// Compresses `response` in place when the request's Accept-Encoding allows gzip, the
// body is at least kGzipMinBytes of a compressible type, it has no Content-Encoding
// yet and compression makes it smaller. Adds "Vary: Accept-Encoding" whenever the
// answer depends on that header, and marks a strong ETag as the gzip variant ("-gz").
void NegotiateGzip(const HttpRequest& request, HttpResponse* response);

// Replaces the body with its gzip form `compressed` and marks the response as such:
// Content-Encoding, "Vary: Accept-Encoding" and the gzip variant's ETag ("-gz").
void UseGzippedBody(std::string compressed, HttpResponse* response);

class HttpApp {
 public:
  // Both must outlive the HttpApp; the router must be fully registered.
  HttpApp(const Router& router, Metrics& metrics) : router_(router), metrics_(metrics) {}

  HttpResponse Handle(const HttpRequest& request) const;

  // An error the session answers before any handler runs (400 malformed HTTP, 413 body
  // too large, 431 headers too large); counted under route "rejected".
  HttpResponse Reject(int status, std::string_view code, std::string_view message_vi,
                      std::string_view message_en) const;

  Metrics& metrics() const { return metrics_; }

 private:
  const Router& router_;
  Metrics& metrics_;
};

}  // namespace sotay

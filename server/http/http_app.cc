#include "server/http/http_app.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <string_view>

#include "server/http/gzip.h"

namespace sotay {

namespace {

// The pages load only their own scripts, styles and the wasm module (compiled from
// bytes, hence 'wasm-unsafe-eval'); nothing may frame them.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

void AddCommonHeaders(HttpResponse* response) {
  response->SetHeader("X-Content-Type-Options", "nosniff");
  response->SetHeader("Content-Security-Policy", kContentSecurityPolicy);
  response->SetHeader("X-Frame-Options", "DENY");
  response->SetHeader("Referrer-Policy", "no-referrer");
}

// API answers carry personal data: no cache (browser or proxy) may keep them, unless the
// route said otherwise.
void AddApiCacheControl(const HttpRequest& request, HttpResponse* response) {
  if (request.path.rfind("/api/", 0) == 0 && response->Header("Cache-Control").empty()) {
    response->SetHeader("Cache-Control", "no-store");
  }
}

// The one place that keeps a header value from splitting the response: a CR, LF or NUL
// that reached a header (from a query parameter, a file name, ...) is a bug; the
// response is replaced by a 500 instead of being written.
bool HasUnsafeHeader(const HttpResponse& response) {
  auto unsafe = [](const std::string& text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos;
  };
  if (unsafe(response.content_type)) return true;
  for (const auto& [name, value] : response.headers) {
    if (unsafe(name) || unsafe(value)) return true;
  }
  return false;
}

}  // namespace

void NegotiateGzip(const HttpRequest& request, HttpResponse* response) {
  if (response->body.size() < kGzipMinBytes || !IsCompressibleType(response->content_type) ||
      !response->Header("Content-Encoding").empty()) {
    return;
  }
  response->SetHeader("Vary", "Accept-Encoding");
  if (!AcceptsGzip(request.Header("Accept-Encoding"))) return;
  std::string compressed = GzipCompress(response->body);
  if (compressed.size() >= response->body.size()) return;
  UseGzippedBody(std::move(compressed), response);
}

void UseGzippedBody(std::string compressed, HttpResponse* response) {
  response->body = std::move(compressed);
  response->SetHeader("Content-Encoding", "gzip");
  response->SetHeader("Vary", "Accept-Encoding");
  // A compressed body is a different representation: give it its own strong tag.
  std::string etag = response->Header("ETag");
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag.insert(etag.size() - 1, "-gz");
    response->SetHeader("ETag", etag);
  }
}

HttpResponse HttpApp::Handle(const HttpRequest& request) const {
  const auto start = std::chrono::steady_clock::now();
  metrics_.RequestStarted();
  std::string route = "unmatched";
  HttpResponse response;
  try {
    response = router_.Dispatch(request, &route);
  } catch (const std::exception& e) {
    // Handlers return errors as values; an exception here is a bug, not the client's fault.
    std::fprintf(stderr, "sotay-server: handler for %s %s threw: %s\n", request.method.c_str(),
                 request.path.c_str(), e.what());
    response = ErrorResponse(500, "internal_error", "Lỗi máy chủ", "Internal server error");
  } catch (...) {
    std::fprintf(stderr, "sotay-server: handler for %s %s threw\n", request.method.c_str(),
                 request.path.c_str());
    response = ErrorResponse(500, "internal_error", "Lỗi máy chủ", "Internal server error");
  }
  if (HasUnsafeHeader(response)) {
    std::fprintf(stderr, "sotay-server: %s %s: a header value held CR, LF or NUL; refused\n",
                 request.method.c_str(), request.path.c_str());
    response = ErrorResponse(500, "internal_error", "Lỗi máy chủ", "Internal server error");
  }
  NegotiateGzip(request, &response);
  AddApiCacheControl(request, &response);
  AddCommonHeaders(&response);
  metrics_.RequestFinished();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  metrics_.RecordRequest(route, response.status, elapsed.count());
  return response;
}

HttpResponse HttpApp::Reject(int status, std::string_view code, std::string_view message_vi,
                             std::string_view message_en) const {
  HttpResponse response = ErrorResponse(status, code, message_vi, message_en);
  AddCommonHeaders(&response);
  metrics_.RecordRequest("rejected", status, 0.0);
  return response;
}

}  // namespace sotay

#include "server/http_app.h"

#include <chrono>
#include <cstdio>
#include <exception>

#include "server/gzip.h"

namespace sotay {

namespace {

void AddCommonHeaders(HttpResponse* response) {
  response->SetHeader("X-Content-Type-Options", "nosniff");
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
  NegotiateGzip(request, &response);
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

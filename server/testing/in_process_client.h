// An HTTP client of the tests without a socket: TestClient's interface
// (tests/integration/http_test_client.h), answered by HttpApp::Handle in the calling
// thread.
//
// It stands in for the session of http_server.cc: it builds the HttpRequest the session
// would (the headers TestClient sends, the body, the peer 127.0.0.1, the client address
// through --trusted-proxy) and shapes the answer as TestClient reads it off the wire
// (Server, Content-Type, Content-Length, Connection: close; no body for HEAD, 1xx, 204,
// 304; gzip inflated into `body`). Everything after the parsed request is the production
// code: routing, handlers, gzip negotiation, security headers, metrics.
//
// What only the socket path does is not modelled, and a test of it belongs on loopback
// (TestClient): the body and header limits (413, 431) and malformed HTTP or targets (400)
// — asking for them here throws —, keep-alive and connection caps, timeouts, TLS, a peer
// address other than 127.0.0.1, the handler pool's bound on requests answered at once.
#pragma once

#include <stdexcept>
#include <string>

#include "server/http/client_address.h"
#include "server/http/gzip.h"
#include "server/http/http_app.h"
#include "server/http/http_server.h"
#include "server/http/http_types.h"
#include "tests/integration/http_test_client.h"

namespace sotay::testing {

class InProcessClient {
 public:
  // `app` must outlive the client; `options` are the HTTP server's the app would run under
  // (trusted_proxy, body_limit, header_limit).
  explicit InProcessClient(const HttpApp& app, HttpServerOptions options = {})
      : app_(app), options_(std::move(options)) {}

  TestResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = {}, const HeaderList& headers = {}) const {
    HttpRequest request;
    request.method = method;
    if (!ParseTarget(target, &request.path, &request.query)) {
      throw std::logic_error("in-process client: malformed target " + target +
                             " (the session answers it: test over loopback)");
    }
    // What TestClient (Beast) sends besides the caller's headers.
    request.headers["Host"] = "127.0.0.1";
    size_t header_bytes = method.size() + target.size() + 12;
    for (const auto& [name, value] : headers) {
      auto [it, inserted] = request.headers.emplace(name, value);
      if (!inserted) it->second += ", " + value;
      header_bytes += name.size() + value.size() + 4;
    }
    if (!body.empty() || method == "POST" || method == "PUT") {
      request.headers["Content-Length"] = std::to_string(body.size());
    }
    if (body.size() > options_.body_limit || header_bytes > options_.header_limit) {
      throw std::logic_error("in-process client: request over the server's limits on " + target +
                             " (the session answers 413/431: test over loopback)");
    }
    request.body = body;
    request.remote_addr = "127.0.0.1";
    ResolveClientAddress(options_.trusted_proxy, &request);
    const bool keep_alive = request.Header("Connection").find("close") == std::string::npos;
    return AsReceived(app_.Handle(request), method == "HEAD", keep_alive);
  }
  TestResponse Get(const std::string& target, const HeaderList& headers = {}) const {
    return Request("GET", target, {}, headers);
  }

 private:
  // The answer as TestClient reads it: the headers the session's ToBeast writes.
  static TestResponse AsReceived(HttpResponse&& r, bool head, bool keep_alive) {
    TestResponse out;
    out.status = r.status;
    out.keep_alive = keep_alive;
    auto add = [&](const std::string& name, const std::string& value) {
      auto [it, inserted] = out.headers.emplace(name, value);
      if (!inserted) it->second += ", " + value;
    };
    add("Server", "sotay");
    if (!r.content_type.empty()) add("Content-Type", r.content_type);
    for (const auto& [name, value] : r.headers) add(name, value);
    if (!keep_alive) add("Connection", "close");
    const bool bodiless = r.status < 200 || r.status == 204 || r.status == 304;
    if (!bodiless) add("Content-Length", std::to_string(r.body.size()));
    out.SetBody(!bodiless && !head ? std::move(r.body) : std::string());
    return out;
  }

  const HttpApp& app_;
  HttpServerOptions options_;
};

}  // namespace sotay::testing

// Loopback integration tests: the real server (routes, sessions, limits) started
// in-process on 127.0.0.1 with an ephemeral port, talked to over real sockets.
#include "server/http/http_server.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <thread>

#include "server/api/api_error.h"
#include "server/cli/serve.h"
#include "server/http/gzip.h"
#include "server/http/json_body.h"
#include "tests/integration/http_test_client.h"
#include "tests/integration/self_signed_cert.h"
#include "tests/temp_dir.h"

namespace sotay {
namespace {

using testing::RawConnection;
using testing::SendRaw;
using testing::TempDir;
using testing::TestClient;
using testing::TestResponse;
using namespace std::chrono_literals;

constexpr size_t kTestBodyLimit = 1u << 20;

// Released by the test that holds /api/v1/test/wait's handlers.
std::atomic<bool> g_release_waiters{true};

// Routes that exist only in tests: echo a JSON body, a large JSON answer, a slow
// handler, one that waits for the test, a throwing one.
void AddTestRoutes(Router& router, AppContext&) {
  router.Add("POST", "/api/v1/test/echo", [](const HttpRequest& req, const RouteParams&) {
    Result<Json> body = ParseJsonBody(req);
    if (!body.ok()) return ApiError(body.status());
    return JsonResponse(200, Json{{"echo", *body}});
  });
  router.Add("GET", "/api/v1/test/big", [](const HttpRequest&, const RouteParams&) {
    Json items = Json::array();
    for (int i = 0; i < 2000; ++i)
      items.push_back({{"i", i}, {"name", "Hộ số " + std::to_string(i)}});
    return JsonResponse(200, Json{{"items", items}});
  });
  router.Add("GET", "/api/v1/test/slow", [](const HttpRequest&, const RouteParams&) {
    std::this_thread::sleep_for(400ms);
    return JsonResponse(200, Json{{"slow", true}});
  });
  router.Add("GET", "/api/v1/test/wait", [](const HttpRequest&, const RouteParams&) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!g_release_waiters && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(2ms);
    }
    return JsonResponse(200, Json{{"released", g_release_waiters.load()}});
  });
  router.Add("GET", "/api/v1/test/throw",
             [](const HttpRequest&, const RouteParams&) -> HttpResponse {
               throw std::runtime_error("boom");
             });
}

struct TestServer {
  explicit TestServer(std::function<void(ServeOptions&)> tweak = {}) {
    dir.Write("www/index.html", "<!doctype html><title>Sổ tay</title>");
    dir.Write("www/app.js", "console.log('sổ tay');\n");
    dir.Write("www/sotay.wasm", std::string("\0asm\1\0\0\0", 8) + std::string(4000, '\x01'));
    dir.Write("outside.txt", "secret");
    ServeOptions options;
    options.db_path = (dir.path() / "ward.db").string();
    options.static_dir = (dir.path() / "www").string();
    options.http.port = 0;
    options.http.threads = 2;
    options.http.body_limit = kTestBodyLimit;
    options.http.shutdown_grace = 5s;
    options.extra_routes = AddTestRoutes;
    if (tweak) tweak(options);
    Result<std::unique_ptr<SotayServer>> started = SotayServer::Start(std::move(options));
    if (!started.ok()) FAIL("server did not start: " << started.status().ToString());
    server = std::move(started).value();
  }
  uint16_t port() const { return server->port(); }

  TempDir dir;  // www/ is served; outside.txt must never be
  std::unique_ptr<SotayServer> server;
};

std::string ErrorCode(const TestResponse& r) {
  Json body = r.JsonBody();
  return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
}

}  // namespace

TEST_CASE("server: healthz and url", "[server][integration]") {
  TestServer ts;
  CHECK(ts.port() != 0);
  CHECK(ts.server->url() == "http://127.0.0.1:" + std::to_string(ts.port()));
  TestClient client(ts.port());
  TestResponse r = client.Get("/healthz");
  CHECK(r.status == 200);
  CHECK(r.Header("Content-Type") == "application/json");
  CHECK(r.JsonBody()["status"] == "ok");
  CHECK(r.JsonBody()["version"].is_string());
  CHECK(r.Header("X-Content-Type-Options") == "nosniff");

  TestResponse head = client.Request("HEAD", "/healthz");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.Header("Content-Length") == std::to_string(r.body.size()));
}

TEST_CASE("server: metrics count routes and status classes", "[server][integration]") {
  TestServer ts;
  TestClient client(ts.port());
  for (int i = 0; i < 3; ++i) CHECK(client.Get("/healthz").status == 200);
  CHECK(client.Get("/api/v1/nope").status == 404);
  TestResponse m = client.Get("/metrics");
  CHECK(m.status == 200);
  CHECK(m.Header("Content-Type").find("text/plain; version=0.0.4") == 0);
  CHECK(m.body.find("sotay_http_requests_total{route=\"/healthz\",status=\"2xx\"} 3\n") !=
        std::string::npos);
  // An unknown GET path falls through to the static files (which answer 404).
  CHECK(m.body.find("sotay_http_requests_total{route=\"fallback\",status=\"4xx\"} 1\n") !=
        std::string::npos);
  CHECK(m.body.find("sotay_http_request_duration_seconds_bucket{le=\"+Inf\"}") !=
        std::string::npos);
  // The /metrics request itself is in flight while it renders.
  CHECK(m.body.find("sotay_http_requests_in_flight 1\n") != std::string::npos);
  CHECK(m.body.find("process_resident_memory_bytes ") != std::string::npos);
  CHECK(m.body.find("process_resident_memory_bytes 0\n") == std::string::npos);
  // A request a proxy passed on from elsewhere is refused.
  TestResponse proxied = client.Get("/metrics", {{"X-Forwarded-For", "203.0.113.7"}});
  CHECK(proxied.status == 403);
  CHECK(proxied.body.find("metrics_local_only") != std::string::npos);
}

TEST_CASE("server: 404, 405 and handler failures are JSON errors", "[server][integration]") {
  TestServer ts;
  TestClient client(ts.port());
  TestResponse nf = client.Get("/api/v1/nope");
  CHECK(nf.status == 404);
  CHECK(ErrorCode(nf) == "not_found");
  CHECK(nf.JsonBody()["error"]["message"].get<std::string>().find(" / ") != std::string::npos);

  TestResponse na =
      client.Request("POST", "/healthz", "{}", {{"Content-Type", "application/json"}});
  CHECK(na.status == 405);
  CHECK(ErrorCode(na) == "method_not_allowed");
  CHECK(na.Header("Allow") == "GET, HEAD");

  TestResponse boom = client.Get("/api/v1/test/throw");
  CHECK(boom.status == 500);
  CHECK(ErrorCode(boom) == "internal_error");
  CHECK(client.Get("/healthz").status == 200);
}

TEST_CASE("server: JSON bodies reach handlers; bad ones get 400/415", "[server][integration]") {
  TestServer ts;
  TestClient client(ts.port());
  TestResponse ok = client.Request("POST", "/api/v1/test/echo", R"({"a":[1,2]})",
                                   {{"Content-Type", "application/json"}});
  CHECK(ok.status == 200);
  CHECK(ok.JsonBody()["echo"]["a"][1] == 2);
  TestResponse bad = client.Request("POST", "/api/v1/test/echo", R"({"a":)",
                                    {{"Content-Type", "application/json"}});
  CHECK(bad.status == 400);
  CHECK(ErrorCode(bad) == "malformed_json");
  TestResponse type = client.Request("POST", "/api/v1/test/echo", "a=1",
                                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  CHECK(type.status == 415);
  CHECK(ErrorCode(type) == "unsupported_media_type");
  CHECK(client.connections_opened() == 1);  // errors in handlers keep the connection
}

TEST_CASE("server: oversized body gets 413 and the server still serves", "[server][integration]") {
  TestServer ts;
  {
    TestClient client(ts.port());
    TestResponse r =
        client.Request("POST", "/api/v1/test/echo", std::string(kTestBodyLimit + 1, ' '),
                       {{"Content-Type", "application/json"}});
    CHECK(r.status == 413);
    CHECK(ErrorCode(r) == "body_too_large");
    CHECK_FALSE(r.keep_alive);
    // Exactly at the limit is fine (and is valid JSON padded with spaces).
    std::string at_limit = "{}" + std::string(kTestBodyLimit - 2, ' ');
    TestResponse fits = client.Request("POST", "/api/v1/test/echo", at_limit,
                                       {{"Content-Type", "application/json"}});
    CHECK(fits.status == 200);
  }
  // With Expect: 100-continue the 413 comes before the body is sent.
  RawConnection raw(ts.port());
  raw.Send(
      "POST /api/v1/test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");
  std::string reply = raw.ReadUntilClose(5s);
  CHECK(reply.rfind("HTTP/1.1 413", 0) == 0);
  CHECK(reply.find("body_too_large") != std::string::npos);

  TestClient after(ts.port());
  CHECK(after.Get("/healthz").status == 200);
  CHECK(ts.server->metrics().RequestCount("rejected", 4) == 2);
}

TEST_CASE("server: Expect 100-continue within the limit", "[server][integration]") {
  TestServer ts;
  RawConnection raw(ts.port());
  raw.Send(
      "POST /api/v1/test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 7\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
  std::string interim = raw.ReadUntil("\r\n\r\n", 5s);
  CHECK(interim.rfind("HTTP/1.1 100 Continue", 0) == 0);
  raw.Send(R"({"a":1})");
  std::string reply = raw.ReadUntilClose(5s);
  CHECK(reply.find("HTTP/1.1 200 OK") != std::string::npos);
  CHECK(reply.find(R"({"echo":{"a":1}})") != std::string::npos);
}

TEST_CASE("server: malformed HTTP gets 400 and the server still serves", "[server][integration]") {
  TestServer ts;
  for (const char* garbage :
       {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n",
        "POST /api/v1/test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    INFO(garbage);
    std::string reply = SendRaw(ts.port(), garbage, 5s);
    CHECK(reply.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(reply.find("\"code\":\"bad_request\"") != std::string::npos);
    CHECK(reply.find("Connection: close") != std::string::npos);
  }
  // A request target that is not a path.
  std::string absolute = SendRaw(ts.port(), "GET http://x/healthz HTTP/1.1\r\nHost: x\r\n\r\n", 5s);
  CHECK(absolute.rfind("HTTP/1.1 400", 0) == 0);
  // Headers over the limit: 431.
  std::string huge =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  std::string reply = SendRaw(ts.port(), huge, 5s);
  CHECK(reply.rfind("HTTP/1.1 431", 0) == 0);
  CHECK(reply.find("headers_too_large") != std::string::npos);

  TestClient client(ts.port());
  CHECK(client.Get("/healthz").status == 200);
}

TEST_CASE("server: keep-alive and pipelining", "[server][integration]") {
  TestServer ts;
  TestClient client(ts.port());
  for (int i = 0; i < 5; ++i) {
    TestResponse r = client.Get(i % 2 ? "/healthz" : "/metrics");
    CHECK(r.status == 200);
    CHECK(r.keep_alive);
  }
  CHECK(client.connections_opened() == 1);

  // Three requests in one write; three answers in order; the last closes.
  std::string reply = SendRaw(ts.port(),
                              "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                              "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                              "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                              5s);
  size_t first = reply.find("HTTP/1.1 200");
  size_t second = reply.find("HTTP/1.1 404");
  size_t third = reply.find("HTTP/1.1 200", first + 1);
  CHECK(first == 0);
  CHECK(second != std::string::npos);
  CHECK(third != std::string::npos);
  CHECK(second < third);

  // HTTP/1.0 without keep-alive: answered, then closed.
  std::string old = SendRaw(ts.port(), "GET /healthz HTTP/1.0\r\n\r\n", 5s);
  CHECK(old.rfind("HTTP/1.0 200", 0) == 0);
}

TEST_CASE("server: static files, MIME types, 304 and traversal", "[server][integration]") {
  TestServer ts;
  TestClient client(ts.port());
  TestResponse wasm = client.Get("/sotay.wasm");
  CHECK(wasm.status == 200);
  CHECK(wasm.Header("Content-Type") == "application/wasm");
  CHECK(wasm.body.substr(0, 4) == std::string("\0asm", 4));
  CHECK(wasm.body.size() == 4008);

  TestResponse js = client.Get("/app.js");
  CHECK(js.Header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(js.body == "console.log('sổ tay');\n");

  TestResponse index = client.Get("/");
  CHECK(index.status == 200);
  CHECK(index.Header("Content-Type") == "text/html; charset=utf-8");
  CHECK(index.Header("Cache-Control") == "no-cache");
  TestResponse again = client.Get("/", {{"If-None-Match", index.Header("ETag")}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());

  for (const char* path :
       {"/../outside.txt", "/%2e%2e/outside.txt", "/..%2Foutside.txt", "/a/../../outside.txt"}) {
    INFO(path);
    TestResponse r = client.Get(path);
    CHECK(r.status == 404);
    CHECK(r.body.find("secret") == std::string::npos);
  }
  // The raw bytes too, in case a client library normalises the path.
  std::string raw = SendRaw(ts.port(),
                            "GET /../outside.txt HTTP/1.1\r\nHost: x\r\n"
                            "Connection: close\r\n\r\n",
                            5s);
  CHECK(raw.rfind("HTTP/1.1 404", 0) == 0);
  CHECK(raw.find("secret") == std::string::npos);
}

TEST_CASE("server: placeholder page without --static", "[server][integration]") {
  TestServer ts([](ServeOptions& o) { o.static_dir.clear(); });
  TestClient client(ts.port());
  TestResponse r = client.Get("/");
  CHECK(r.status == 200);
  CHECK(r.body.find("chưa được cài đặt") != std::string::npos);
  CHECK(client.Get("/app.js").status == 404);
}

TEST_CASE("server: gzip when the client asks for it", "[server][integration]") {
  TestServer ts;
  TestClient client(ts.port());
  TestResponse plain = client.Get("/api/v1/test/big");
  CHECK(plain.status == 200);
  CHECK(plain.Header("Content-Encoding").empty());
  CHECK(plain.Header("Vary") == "Accept-Encoding");

  TestResponse zipped = client.Get("/api/v1/test/big", {{"Accept-Encoding", "gzip, deflate"}});
  CHECK(zipped.status == 200);
  CHECK(zipped.Header("Content-Encoding") == "gzip");
  CHECK(zipped.Header("Vary") == "Accept-Encoding");
  CHECK(zipped.raw_body.size() < plain.body.size() / 3);
  CHECK(zipped.body == plain.body);  // inflated by the client
  CHECK(zipped.Header("Content-Length") == std::to_string(zipped.raw_body.size()));

  // Small answers are sent as they are.
  TestResponse small = client.Get("/healthz", {{"Accept-Encoding", "gzip"}});
  CHECK(small.Header("Content-Encoding").empty());
  // Static files are compressed too, with their own ETag.
  TestResponse wasm = client.Get("/sotay.wasm", {{"Accept-Encoding", "gzip"}});
  CHECK(wasm.Header("Content-Encoding") == "gzip");
  CHECK(wasm.body.size() == 4008);
  CHECK(wasm.Header("ETag").find("-gz\"") != std::string::npos);
  TestResponse cached = client.Get(
      "/sotay.wasm", {{"Accept-Encoding", "gzip"}, {"If-None-Match", wasm.Header("ETag")}});
  CHECK(cached.status == 304);
}

TEST_CASE("server: TLS with a self-signed certificate", "[server][integration][tls]") {
  TempDir certs;
  testing::CertFiles files = testing::WriteSelfSignedCert(certs.str());
  TestServer ts([&](ServeOptions& o) {
    o.http.tls_cert = files.cert_path;
    o.http.tls_key = files.key_path;
  });
  CHECK(ts.server->url() == "https://127.0.0.1:" + std::to_string(ts.port()));
  TestClient client(ts.port(), /*tls=*/true);
  TestResponse r = client.Get("/healthz");
  CHECK(r.status == 200);
  CHECK(r.JsonBody()["status"] == "ok");
  CHECK(client.Get("/api/v1/test/big", {{"Accept-Encoding", "gzip"}}).Header("Content-Encoding") ==
        "gzip");
  CHECK(client.connections_opened() == 1);
  TestResponse big =
      client.Request("POST", "/api/v1/test/echo", std::string(kTestBodyLimit + 1, ' '),
                     {{"Content-Type", "application/json"}});
  CHECK(big.status == 413);
  // Plain HTTP to the TLS port gets no HTTP answer, and the server carries on.
  std::string plain = SendRaw(ts.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 5s);
  CHECK(plain.find("HTTP/1.1 200") == std::string::npos);
  TestClient again(ts.port(), true);
  CHECK(again.Get("/healthz").status == 200);
}

TEST_CASE("server: TLS misconfiguration fails to start", "[server][tls]") {
  ServeOptions options;
  options.http.port = 0;
  options.http.tls_cert = "/nonexistent/cert.pem";
  options.http.tls_key = "/nonexistent/key.pem";
  Result<std::unique_ptr<SotayServer>> s = SotayServer::Start(options);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == "tls_config");
}

TEST_CASE("server: a bad route registration fails before listening", "[server]") {
  ServeOptions options;
  options.http.port = 0;
  options.extra_routes = [](Router& router, AppContext&) {
    router.Add("GET", "/healthz", [](const HttpRequest&, const RouteParams&) {
      return JsonResponse(200, Json::object());
    });
  };
  Result<std::unique_ptr<SotayServer>> s = SotayServer::Start(options);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == "bad_route");
  CHECK(s.status().path() == "GET /healthz");
}

TEST_CASE("server: a port in use fails to start", "[server]") {
  TestServer first;
  ServeOptions options;
  options.http.port = first.port();
  Result<std::unique_ptr<SotayServer>> s = SotayServer::Start(options);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == "listen_failed");
}

TEST_CASE("server: read and idle timeouts close connections", "[server][integration]") {
  TestServer ts([](ServeOptions& o) {
    o.http.header_timeout = 300ms;
    o.http.read_timeout = 300ms;
    o.http.idle_timeout = 300ms;
  });
  RawConnection partial(ts.port());
  partial.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finished
  auto begun = std::chrono::steady_clock::now();
  CHECK(partial.ClosedByPeer(5s));
  CHECK(std::chrono::steady_clock::now() - begun < 3s);

  RawConnection idle(ts.port());
  idle.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(idle.ReadUntil("}", 5s).find("200 OK") != std::string::npos);
  auto start = std::chrono::steady_clock::now();
  CHECK(idle.ClosedByPeer(5s));
  CHECK(std::chrono::steady_clock::now() - start < 3s);

  RawConnection silent(ts.port());  // connects, never sends
  CHECK(silent.ClosedByPeer(5s));
}

TEST_CASE("server: graceful shutdown finishes in-flight requests", "[server][integration]") {
  TestServer ts;
  TestClient idle(ts.port());
  CHECK(idle.Get("/healthz").status == 200);  // leaves an idle keep-alive connection

  auto slow = std::async(std::launch::async, [port = ts.port()] {
    TestClient client(port);
    return client.Get("/api/v1/test/slow");
  });
  // Let the slow request reach its handler.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (ts.server->metrics().in_flight() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE(ts.server->metrics().in_flight() == 1);
  auto start = std::chrono::steady_clock::now();
  ts.server->Shutdown();
  ts.server->Wait();
  auto took = std::chrono::steady_clock::now() - start;
  TestResponse r = slow.get();
  CHECK(r.status == 200);
  CHECK(r.JsonBody()["slow"] == true);
  CHECK_FALSE(r.keep_alive);  // the response announced the close
  CHECK(took < 3s);           // the idle connection did not hold shutdown up
  // Nothing listens any more.
  CHECK_THROWS(TestClient(ts.port()).Get("/healthz"));
}

TEST_CASE("server: handlers that wait do not hold the I/O threads", "[server][integration]") {
  // One I/O thread: were handlers run on it, the first waiting one would stall all.
  TestServer ts([](ServeOptions& o) {
    o.http.threads = 1;
    o.http.handler_threads = 3;
  });
  g_release_waiters = false;
  std::vector<std::future<TestResponse>> waiting;
  for (int i = 0; i < 2; ++i) {
    waiting.push_back(std::async(std::launch::async, [port = ts.port()] {
      TestClient client(port);
      return client.Get("/api/v1/test/wait");
    }));
  }
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (ts.server->metrics().in_flight() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE(ts.server->metrics().in_flight() == 2);
  // Both handlers are waiting; another request is still read and answered.
  TestClient other(ts.port());
  CHECK(other.Get("/healthz").status == 200);
  CHECK(ts.server->metrics().in_flight() == 2);
  g_release_waiters = true;
  for (auto& w : waiting) {
    TestResponse r = w.get();
    CHECK(r.status == 200);
    CHECK(r.JsonBody()["released"] == true);
  }
}

TEST_CASE("server: shutdown force-closes after the grace period", "[server][integration]") {
  TestServer ts([](ServeOptions& o) { o.http.shutdown_grace = 200ms; });
  RawConnection stuck(ts.port());
  stuck.Send("GET /healthz HTTP/1.1\r\n");  // a request begun and never finished
  std::this_thread::sleep_for(100ms);
  auto start = std::chrono::steady_clock::now();
  ts.server->Shutdown();
  ts.server->Wait();
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(took >= 150ms);
  CHECK(took < 5s);
}

TEST_CASE("server options default to the documented limits", "[server]") {
  HttpServerOptions o;
  CHECK(o.body_limit == 8u << 20);
  CHECK(o.read_timeout == std::chrono::seconds(30));
  CHECK(o.host == "127.0.0.1");
  CHECK(o.handler_threads == 16);
  CHECK(o.header_timeout == std::chrono::seconds(5));
  CHECK(o.max_connections == 2000);
  CHECK(o.max_connections_per_address == 100);
}

}  // namespace sotay

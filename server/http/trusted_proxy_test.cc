// --trusted-proxy (client_address.h): behind a reverse proxy on the same machine each
// client keeps its own throttle and /metrics stays private. Over loopback: the peer
// address and the forwarding headers are the session's to read.
#include "server/http/client_address.h"
#include "server/testing/api_test_util.h"

namespace sotay::testing {
namespace {

TestResponse LoginVia(TestClient& c, const std::string& client, const std::string& password) {
  return c.Request("POST", "/api/v1/login",
                   Json{{"username", "lan"}, {"password", password}}.dump(),
                   {{"Content-Type", "application/json"}, {"X-Forwarded-For", client}});
}

}  // namespace

TEST_CASE("proxy: each forwarded client has its own sign-in throttle", "[api][proxy]") {
  WardServer ward(Transport::kLoopback, 2,
                  [](ServeOptions& o) { o.http.trusted_proxy = "127.0.0.1"; });
  TestClient proxy(ward.port());
  for (int i = 0; i < 6; ++i) CHECK(LoginVia(proxy, "203.0.113.7", "doan-sai").status == 401);
  CHECK(LoginVia(proxy, "203.0.113.7", "mat-khau-1").status == 429);
  // Another client behind the same proxy is not locked out by the first.
  CHECK(LoginVia(proxy, "198.51.100.2", "mat-khau-1").status == 200);
  // The proxy appends the real peer: earlier entries are the client's own claims.
  CHECK(LoginVia(proxy, "198.51.100.2, 203.0.113.7", "mat-khau-1").status == 429);
}

TEST_CASE("proxy: /metrics is refused to anything that came through it", "[server][proxy]") {
  WardServer ward(Transport::kLoopback, 2,
                  [](ServeOptions& o) { o.http.trusted_proxy = "127.0.0.1"; });
  TestClient proxy(ward.port());
  CHECK(proxy.Get("/metrics").status == 403);  // even without X-Forwarded-For
  CHECK(proxy.Get("/metrics", {{"X-Forwarded-For", "127.0.0.1"}}).status == 403);
}

TEST_CASE("proxy: without --trusted-proxy forwarding headers are ignored", "[api][proxy]") {
  WardServer ward(Transport::kLoopback);
  TestClient c(ward.port());
  for (int i = 0; i < 6; ++i) CHECK(LoginVia(c, "203.0.113.7", "doan-sai").status == 401);
  // A made-up X-Forwarded-For does not buy a fresh throttle.
  CHECK(LoginVia(c, "198.51.100.9", "mat-khau-1").status == 429);
  CHECK(c.Get("/metrics").status == 200);
}

TEST_CASE("proxy: the client address rule", "[proxy]") {
  HttpRequest r;
  r.remote_addr = "127.0.0.1";
  r.headers["X-Forwarded-For"] = "10.0.0.1, 192.0.2.5";
  ResolveClientAddress("", &r);
  CHECK(r.remote_addr == "127.0.0.1");
  ResolveClientAddress("127.0.0.1", &r);
  CHECK(r.remote_addr == "192.0.2.5");
  HttpRequest bad;
  bad.remote_addr = "127.0.0.1";
  bad.headers["X-Forwarded-For"] = "not an address";
  ResolveClientAddress("127.0.0.1", &bad);
  CHECK(bad.remote_addr == kUnknownClient);
  HttpRequest other;
  other.remote_addr = "127.0.0.2";
  other.headers["X-Forwarded-For"] = "192.0.2.5";
  ResolveClientAddress("127.0.0.1", &other);
  CHECK(other.remote_addr == "127.0.0.2");
  CHECK(IsIpAddress("::1"));
  CHECK_FALSE(IsIpAddress("127.0.0.1\r\n"));
}

}  // namespace sotay::testing

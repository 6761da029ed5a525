// The tests' in-process client (server/testing/in_process_client.h) against the real
// thing: the same requests to one listening server, through HttpApp::Handle and over a
// socket, get the same answers — status, every header, body bytes, keep-alive.
#include <cstdio>
#include <filesystem>

#include "server/testing/api_test_util.h"

namespace sotay::testing {

namespace {

struct Exchange {
  std::string method;
  std::string target;
  std::string body;
  HeaderList headers;
};

void CheckSame(const TestResponse& socket, const TestResponse& in_process) {
  CHECK(in_process.status == socket.status);
  CHECK(in_process.headers == socket.headers);
  CHECK(in_process.raw_body == socket.raw_body);
  CHECK(in_process.body == socket.body);
  CHECK(in_process.keep_alive == socket.keep_alive);
}

}  // namespace

TEST_CASE("in-process client: the answers of the socket, header for header", "[server]") {
  WardServer ward(Transport::kLoopback, 2, [](ServeOptions& o) {
    std::filesystem::path www = std::filesystem::path(o.db_path).parent_path() / "www";
    std::filesystem::create_directories(www);
    FILE* f = std::fopen((www / "index.html").string().c_str(), "w");
    std::fputs("<!doctype html><title>Sổ tay</title>", f);
    std::fclose(f);
    o.static_dir = www.string();
    o.http.trusted_proxy = "127.0.0.1";
  });
  TestClient socket(ward.port());
  InProcessClient in_process(ward.server->app(), ward.server->http_options());
  const std::string token = Login(socket, "lan");
  const HeaderList auth = AuthHeaders(token);
  HeaderList auth_gzip = auth;
  auth_gzip.emplace_back("Accept-Encoding", "gzip");
  TestResponse page = socket.Get("/");
  REQUIRE(page.status == 200);
  REQUIRE_FALSE(page.Header("ETag").empty());

  const std::vector<Exchange> exchanges = {
      {"GET", "/healthz", "", {}},
      {"GET", "/api/v1/nothing-here?x=%20y", "", {}},
      {"DELETE", "/api/v1/sync/push", "", {}},  // 405 with Allow
      {"POST", "/api/v1/login", "{}", {}},      // 415
      {"POST", "/api/v1/login", "{\"username\": 5}", JsonHeaders()},
      {"GET", "/api/v1/schemas", "", auth},
      {"GET", "/api/v1/schemas", "", auth_gzip},  // gzip, Vary, the -gz ETag
      {"HEAD", "/api/v1/schemas", "", auth},
      {"GET", "/api/v1/sync/pull?since=-1", "", auth},
      {"POST", "/api/v1/logout", "", {{"Authorization", "Bearer not-a-token"}}},
      {"GET", "/", "", {}},
      {"GET", "/", "", {{"If-None-Match", page.Header("ETag")}}},  // 304, no body
      {"GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.9"}}},
      {"GET", "/healthz", "", {{"Connection", "close"}}},
  };
  for (const Exchange& e : exchanges) {
    INFO(e.method << " " << e.target);
    TestResponse over_socket = socket.Request(e.method, e.target, e.body, e.headers);
    TestResponse direct = in_process.Request(e.method, e.target, e.body, e.headers);
    CheckSame(over_socket, direct);
  }
}

TEST_CASE("in-process client: what only the session answers is refused, not imitated", "[server]") {
  WardServer ward;  // in process: no socket at all
  CHECK_FALSE(ward.server->listening());
  ApiClient c(ward);
  CHECK(c.Get("/healthz").status == 200);
  // The body limit and a malformed target are the session's (413, 400): a test of them
  // goes over loopback.
  CHECK_THROWS(c.Request("POST", "/api/v1/sync/push", std::string(2 << 20, ' '), JsonHeaders()));
  CHECK_THROWS(c.Get("no-slash"));
}

}  // namespace sotay::testing

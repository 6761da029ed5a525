// Headers that protect the pages and the personal data in API answers (http_app.h), and
// the one place that refuses CR/LF in a header value, through real HTTP on loopback.
#include <cstdio>

#include "server/http/content_disposition.h"
#include "server/http/router.h"
#include "server/testing/api_test_util.h"

namespace sotay::testing {

namespace {

void AddHeaderTestRoute(Router& router, AppContext&) {
  router.Add("GET", "/api/v1/test/header", [](const HttpRequest& req, const RouteParams&) {
    HttpResponse r = JsonResponse(200, Json::object());
    r.SetHeader("X-Echo", req.query.count("v") ? req.query.at("v") : "");
    return r;
  });
}

}  // namespace

TEST_CASE("headers: pages get a strict CSP, no framing, no referrer", "[server][headers]") {
  WardServer ward(Transport::kLoopback, 2, [](ServeOptions& o) {
    std::filesystem::create_directories(std::filesystem::path(o.db_path).parent_path() / "www");
    std::string www = (std::filesystem::path(o.db_path).parent_path() / "www").string();
    FILE* f = std::fopen((www + "/index.html").c_str(), "w");
    std::fputs("<!doctype html><title>Sổ tay</title>", f);
    std::fclose(f);
    o.static_dir = www;
  });
  TestClient c(ward.port());
  TestResponse page = c.Get("/");
  REQUIRE(page.status == 200);
  const std::string& csp = page.Header("Content-Security-Policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("script-src 'self' 'wasm-unsafe-eval';") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp.find("object-src 'none'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(page.Header("X-Frame-Options") == "DENY");
  CHECK(page.Header("Referrer-Policy") == "no-referrer");
  CHECK(page.Header("Strict-Transport-Security").empty());  // plain HTTP: tls_policy_test
}

TEST_CASE("headers: API answers are never cached", "[server][headers]") {
  WardServer ward(Transport::kLoopback);
  TestClient c(ward.port());
  std::string token = Login(c, "minh");
  TestResponse audit = c.Get("/api/v1/audit?limit=5", AuthHeaders(token));
  REQUIRE(audit.status == 200);
  CHECK(audit.Header("Cache-Control") == "no-store");
  TestResponse groups = c.Get("/api/v1/schemas", AuthHeaders(token));
  CHECK(groups.Header("Cache-Control") == "no-store");
  TestResponse refused = c.Get("/api/v1/audit");
  CHECK(refused.status == 401);
  CHECK(refused.Header("Cache-Control") == "no-store");
}

TEST_CASE("headers: CR/LF never reaches a response header", "[server][headers]") {
  WardServer ward(Transport::kLoopback, 2,
                  [](ServeOptions& o) { o.extra_routes = AddHeaderTestRoute; });
  TestClient c(ward.port());
  TestResponse fine = c.Get("/api/v1/test/header?v=abc");
  CHECK(fine.status == 200);
  CHECK(fine.Header("X-Echo") == "abc");
  TestResponse split = c.Get("/api/v1/test/header?v=a%0D%0AX-Evil:%201");
  CHECK(split.status == 500);
  CHECK(split.Header("X-Evil").empty());
  CHECK(split.Header("X-Echo").empty());

  // The export route: a group id is checked, and the file name is encoded.
  std::string token = Login(c, "lan");
  TestResponse injected = c.Get("/api/v1/export?type=household&format=csv&group=x%0D%0AX-Evil:%201",
                                AuthHeaders(token));
  CHECK(injected.status == 400);
  CHECK(ErrorCodeOf(injected) == "invalid_group");
  CHECK(injected.Header("X-Evil").empty());
  TestResponse quoted =
      c.Get("/api/v1/export?type=household&format=csv&group=a%22b", AuthHeaders(token));
  CHECK(quoted.status == 400);
}

TEST_CASE("headers: attachment names are encoded", "[server][headers]") {
  CHECK(AttachmentDisposition("household-tdp-01.csv") ==
        "attachment; filename=\"household-tdp-01.csv\"");
  CHECK(AttachmentDisposition("báo cáo \"q\"\r\n.csv") ==
        "attachment; filename=\"b__o_c__o__q___.csv\"; "
        "filename*=UTF-8''b%C3%A1o%20c%C3%A1o%20%22q%22%0D%0A.csv");
}

}  // namespace sotay::testing

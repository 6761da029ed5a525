#include "server/http/router.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

HttpRequest Req(std::string method, std::string path) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

// A handler that echoes which route ran and its parameters.
RouteHandler Echo(std::string name) {
  return [name](const HttpRequest&, const RouteParams& params) {
    Json p = Json::object();
    for (const auto& [k, v] : params) p[k] = v;
    return JsonResponse(200, Json{{"route", name}, {"params", p}});
  };
}

Json Body(const HttpResponse& r) { return Json::parse(r.body); }

}  // namespace

TEST_CASE("router matches literals and captures decoded parameters", "[router]") {
  Router router;
  router.Add("POST", "/api/v1/conflicts/<id>/resolve", Echo("resolve"));
  router.Add("GET", "/api/v1/conflicts", Echo("list"));
  REQUIRE(router.status().ok());

  std::string label;
  HttpResponse r = router.Dispatch(Req("POST", "/api/v1/conflicts/ab%20c%2Fd/resolve"), &label);
  CHECK(r.status == 200);
  CHECK(Body(r)["route"] == "resolve");
  CHECK(Body(r)["params"]["id"] == "ab c/d");
  CHECK(label == "/api/v1/conflicts/<id>/resolve");

  r = router.Dispatch(Req("GET", "/api/v1/conflicts"), &label);
  CHECK(Body(r)["route"] == "list");
  CHECK(label == "/api/v1/conflicts");
}

TEST_CASE("router: a parameter never matches an empty segment or a trailing slash", "[router]") {
  Router router;
  router.Add("GET", "/a/<id>", Echo("a"));
  CHECK(router.Dispatch(Req("GET", "/a/")).status == 404);
  CHECK(router.Dispatch(Req("GET", "/a/x/")).status == 404);
  CHECK(router.Dispatch(Req("GET", "/a")).status == 404);
  CHECK(router.Dispatch(Req("GET", "/a/x")).status == 200);
  // A malformed escape does not match rather than producing garbage.
  CHECK(router.Dispatch(Req("GET", "/a/%zz")).status == 404);
}

TEST_CASE("router prefers a literal segment over a parameter whatever the order", "[router]") {
  Router router;
  router.Add("GET", "/records/<id>", Echo("by-id"));
  router.Add("GET", "/records/export", Echo("export"));
  router.Add("GET", "/x/<a>/lit", Echo("param-first"));
  router.Add("GET", "/x/lit/<b>", Echo("literal-first"));
  CHECK(Body(router.Dispatch(Req("GET", "/records/export")))["route"] == "export");
  CHECK(Body(router.Dispatch(Req("GET", "/records/42")))["route"] == "by-id");
  CHECK(Body(router.Dispatch(Req("GET", "/x/lit/lit")))["route"] == "literal-first");
}

TEST_CASE("router answers 404 not_found as a JSON error", "[router]") {
  Router router;
  router.Add("GET", "/healthz", Echo("h"));
  std::string label;
  HttpResponse r = router.Dispatch(Req("GET", "/nope"), &label);
  CHECK(r.status == 404);
  CHECK(r.content_type == "application/json");
  CHECK(Body(r)["error"]["code"] == "not_found");
  CHECK(label == "unmatched");
}

TEST_CASE("router answers 405 with Allow for a known path and the wrong method", "[router]") {
  Router router;
  router.Add("GET", "/api/v1/items/<id>", Echo("get"));
  router.Add("PUT", "/api/v1/items/<id>", Echo("put"));
  HttpResponse r = router.Dispatch(Req("DELETE", "/api/v1/items/7"));
  CHECK(r.status == 405);
  CHECK(Body(r)["error"]["code"] == "method_not_allowed");
  CHECK(r.Header("Allow") == "GET, HEAD, PUT");
  CHECK(r.Header("allow") == "GET, HEAD, PUT");
}

TEST_CASE("router serves HEAD with the GET handler", "[router]") {
  Router router;
  router.Add("GET", "/healthz", Echo("h"));
  HttpResponse r = router.Dispatch(Req("HEAD", "/healthz"));
  CHECK(r.status == 200);
  CHECK(Body(r)["route"] == "h");
}

TEST_CASE("router fallback takes only GET/HEAD paths no route knows", "[router]") {
  Router router;
  router.Add("POST", "/api/v1/push", Echo("push"));
  router.SetFallback(Echo("static"));
  std::string label;
  CHECK(Body(router.Dispatch(Req("GET", "/app.js"), &label))["route"] == "static");
  CHECK(label == "fallback");
  CHECK(Body(router.Dispatch(Req("HEAD", "/app.js")))["route"] == "static");
  CHECK(router.Dispatch(Req("POST", "/app.js")).status == 404);
  // A known path with the wrong method is still a 405, not a static file.
  CHECK(router.Dispatch(Req("GET", "/api/v1/push")).status == 405);
}

TEST_CASE("router records bad registrations in status()", "[router]") {
  auto bad = [](const std::string& method, const std::string& pattern) {
    Router router;
    router.Add(method, pattern, Echo("x"));
    return router.status();
  };
  CHECK(bad("GET", "no-slash").code() == "bad_route");
  CHECK(bad("GET", "/a//b").code() == "bad_route");
  CHECK(bad("GET", "/a/<id").code() == "bad_route");
  CHECK(bad("GET", "/a/<Id>").code() == "bad_route");
  CHECK(bad("GET", "/a/<id>/<id>").code() == "bad_route");
  CHECK(bad("", "/a").code() == "bad_route");
  CHECK(bad("GET", "/a/<id>/b").ok());

  Router twice;
  twice.Add("GET", "/a", Echo("1"));
  twice.Add("GET", "/a", Echo("2"));
  CHECK(twice.status().code() == "bad_route");
  CHECK(twice.status().path() == "GET /a");
}

TEST_CASE("router root pattern", "[router]") {
  Router router;
  router.Add("GET", "/", Echo("root"));
  CHECK(router.Dispatch(Req("GET", "/")).status == 200);
  CHECK(router.Dispatch(Req("GET", "/x")).status == 404);
}

}  // namespace sotay

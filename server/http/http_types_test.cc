#include "server/http/http_types.h"

#include <catch2/catch.hpp>

namespace sotay {

TEST_CASE("ErrorResponse has the protocol's shape, Vietnamese first", "[http_types]") {
  HttpResponse r = ErrorResponse(400, "missing_field", "Thiếu trường \"code\"",
                                 "Missing field \"code\"", "code");
  CHECK(r.status == 400);
  CHECK(r.content_type == "application/json");
  Json body = Json::parse(r.body);
  REQUIRE(body.contains("error"));
  CHECK(body.size() == 1);
  const Json& e = body["error"];
  CHECK(e["code"] == "missing_field");
  CHECK(e["message"] == "Thiếu trường \"code\" / Missing field \"code\"");
  CHECK(e["message_vi"] == "Thiếu trường \"code\"");
  CHECK(e["message_en"] == "Missing field \"code\"");
  CHECK(e["field"] == "code");
}

TEST_CASE("ErrorResponse from a Status carries its path; no path, no field", "[http_types]") {
  Status s = Status::Error("wrong_type", "sai kiểu", "wrong type", "changes/2/value");
  Json e = Json::parse(ErrorResponse(422, s).body)["error"];
  CHECK(e["code"] == "wrong_type");
  CHECK(e["field"] == "changes/2/value");

  HttpResponse r = ErrorResponse(404, Status::Error("not_found", "không thấy", "not found"));
  CHECK(r.status == 404);
  CHECK_FALSE(Json::parse(r.body)["error"].contains("field"));
}

TEST_CASE("JsonResponse never throws on invalid UTF-8", "[http_types]") {
  HttpResponse r = JsonResponse(200, Json{{"name", std::string("a\xff"
                                                               "b")}});
  CHECK(r.status == 200);
  CHECK(Json::parse(r.body, nullptr, false).is_object());
}

TEST_CASE("request headers are case-insensitive", "[http_types]") {
  HttpRequest r;
  r.headers["Content-Type"] = "application/json";
  CHECK(r.Header("content-type") == "application/json");
  CHECK(r.Header("CONTENT-TYPE") == "application/json");
  CHECK(r.HasHeader("content-TYPE"));
  CHECK(r.Header("Accept").empty());

  HttpResponse resp;
  resp.SetHeader("ETag", "\"1\"");
  resp.SetHeader("etag", "\"2\"");
  CHECK(resp.headers.size() == 1);
  CHECK(resp.Header("ETAG") == "\"2\"");
}

TEST_CASE("ParseTarget splits path and decodes the query", "[http_types]") {
  std::string path;
  std::map<std::string, std::string> query;
  REQUIRE(
      ParseTarget("/api/v1/sync/pull?since=12&limit=500&group=t%C3%A2n+an&flag", &path, &query));
  CHECK(path == "/api/v1/sync/pull");
  CHECK(query["since"] == "12");
  CHECK(query["limit"] == "500");
  CHECK(query["group"] == "tân an");
  CHECK(query.count("flag") == 1);
  CHECK(query["flag"].empty());

  REQUIRE(ParseTarget("/x%20y", &path, &query));
  CHECK(path == "/x%20y");  // the path stays encoded for the router
  CHECK(query.empty());

  CHECK_FALSE(ParseTarget("http://example.com/x", &path, &query));
  CHECK_FALSE(ParseTarget("*", &path, &query));
  CHECK_FALSE(ParseTarget("/x?a=%zz", &path, &query));
}

TEST_CASE("PercentDecode rejects truncated escapes", "[http_types]") {
  std::string out;
  CHECK(PercentDecode("a%2Fb", false, &out));
  CHECK(out == "a/b");
  CHECK(PercentDecode("a+b", false, &out));
  CHECK(out == "a+b");
  CHECK(PercentDecode("a+b", true, &out));
  CHECK(out == "a b");
  CHECK_FALSE(PercentDecode("%", false, &out));
  CHECK_FALSE(PercentDecode("%4", false, &out));
  CHECK_FALSE(PercentDecode("ab%4", false, &out));
  CHECK_FALSE(PercentDecode("%g0", false, &out));
}

TEST_CASE("IsLocalRequest: loopback peers without proxy headers only", "[http_types]") {
  auto from = [](std::string addr) {
    HttpRequest r;
    r.remote_addr = std::move(addr);
    return r;
  };
  CHECK(IsLocalRequest(from("127.0.0.1")));
  CHECK(IsLocalRequest(from("127.8.0.3")));
  CHECK(IsLocalRequest(from("::1")));
  CHECK(IsLocalRequest(from("::ffff:127.0.0.1")));
  CHECK_FALSE(IsLocalRequest(from("")));
  CHECK_FALSE(IsLocalRequest(from("10.0.0.5")));
  CHECK_FALSE(IsLocalRequest(from("::ffff:192.168.1.9")));
  CHECK_FALSE(IsLocalRequest(from("1270.0.0.1")));
  CHECK_FALSE(IsLocalRequest(from("2001:db8::1")));
  HttpRequest proxied = from("127.0.0.1");
  proxied.headers["x-forwarded-for"] = "203.0.113.7";
  CHECK_FALSE(IsLocalRequest(proxied));
}

}  // namespace sotay

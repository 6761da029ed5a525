#include "server/http/json_body.h"

#include <catch2/catch.hpp>

#include "server/api/api_error.h"

namespace sotay {
namespace {

HttpRequest JsonRequest(std::string body, std::string content_type = "application/json") {
  HttpRequest r;
  r.method = "POST";
  r.path = "/api/v1/enroll";
  if (!content_type.empty()) r.headers["Content-Type"] = std::move(content_type);
  r.body = std::move(body);
  return r;
}

}  // namespace

TEST_CASE("ParseJsonBody accepts JSON with a charset parameter", "[json_body]") {
  Result<Json> j = ParseJsonBody(JsonRequest(R"({"a":1})", "Application/JSON; charset=utf-8"));
  REQUIRE(j.ok());
  CHECK((*j)["a"] == 1);
}

TEST_CASE("ParseJsonBody: wrong or missing Content-Type is 415", "[json_body]") {
  for (std::string type :
       {"text/plain", "application/x-www-form-urlencoded", "", "application/jsonx"}) {
    Result<Json> j = ParseJsonBody(JsonRequest(R"({"a":1})", type));
    REQUIRE_FALSE(j.ok());
    CHECK(j.status().code() == "unsupported_media_type");
    CHECK(ApiStatusFor(j.status().code()) == 415);
  }
}

TEST_CASE("ParseJsonBody: malformed, empty, non-UTF-8 and deep bodies are 400", "[json_body]") {
  CHECK(ParseJsonBody(JsonRequest("{\"a\":")).status().code() == "malformed_json");
  CHECK(ParseJsonBody(JsonRequest("")).status().code() == "malformed_json");
  CHECK(ParseJsonBody(JsonRequest("  \n")).status().code() == "malformed_json");
  CHECK(ParseJsonBody(JsonRequest("{\"a\":1} trailing")).status().code() == "malformed_json");
  CHECK(ParseJsonBody(JsonRequest("{\"a\":\"\xff\"}")).status().code() == "malformed_json");
  std::string deep(kMaxJsonDepth + 1, '[');
  deep += std::string(kMaxJsonDepth + 1, ']');
  CHECK(ParseJsonBody(JsonRequest(deep)).status().code() == "json_too_deep");
  std::string ok_deep(kMaxJsonDepth, '[');
  ok_deep += std::string(kMaxJsonDepth, ']');
  CHECK(ParseJsonBody(JsonRequest(ok_deep)).ok());
  // Brackets inside strings do not count as nesting.
  CHECK(ParseJsonBody(JsonRequest("{\"a\":\"" + std::string(200, '[') + "\\\"\"}")).ok());
  for (const char* code : {"malformed_json", "json_too_deep"}) {
    CHECK(ApiStatusFor(code) == 400);
  }
}

TEST_CASE("ObjectReader reads typed fields", "[json_body]") {
  Json body = Json::parse(
      R"({"code":"X1","ttl_s":3600,"active":true,"groups":["tdp-05"],"meta":{},"v":null})");
  ObjectReader in(body);
  CHECK(in.String("code") == "X1");
  CHECK(in.Int("ttl_s") == 3600);
  CHECK(in.Bool("active"));
  CHECK(in.Array("groups").size() == 1);
  CHECK(in.Object("meta").empty());
  CHECK(in.Any("v").is_null());
  CHECK_FALSE(in.OptionalString("absent").has_value());
  CHECK(in.Finish().ok());
}

TEST_CASE("ObjectReader: missing field names the field", "[json_body]") {
  Json body = Json::parse(R"({"code":"X1"})");
  ObjectReader in(body);
  in.String("code");
  in.String("device_name");
  in.String("public_key");  // after the first error: empty, no new error
  Status s = in.Finish();
  CHECK(s.code() == "missing_field");
  CHECK(s.path() == "device_name");
  CHECK(s.message_en().find("device_name") != std::string::npos);
  CHECK(s.message_vi().find("device_name") != std::string::npos);
  Json err = Json::parse(ApiError(s).body)["error"];
  CHECK(err["field"] == "device_name");
}

TEST_CASE("ObjectReader: wrong types", "[json_body]") {
  auto first_error = [](const std::string& text, auto read) {
    Json body = Json::parse(text);
    ObjectReader in(body);
    read(in);
    return in.Finish();
  };
  CHECK(first_error(R"({"n":"17"})", [](ObjectReader& r) { r.Int("n"); }).code() == "wrong_type");
  CHECK(first_error(R"({"n":17.0})", [](ObjectReader& r) { r.Int("n"); }).code() == "wrong_type");
  CHECK(first_error(R"({"n":18446744073709551615})", [](ObjectReader& r) { r.Int("n"); }).code() ==
        "wrong_type");
  CHECK(first_error(R"({"s":5})", [](ObjectReader& r) { r.String("s"); }).path() == "s");
  CHECK(first_error(R"({"s":null})", [](ObjectReader& r) { r.String("s"); }).code() ==
        "wrong_type");
  CHECK(first_error(R"({"s":5})", [](ObjectReader& r) { r.OptionalString("s"); }).code() ==
        "wrong_type");
  CHECK(first_error(R"({"s":null})", [](ObjectReader& r) { r.OptionalString("s"); }).ok());
  CHECK(first_error(R"({"b":1})", [](ObjectReader& r) { r.Bool("b"); }).code() == "wrong_type");
  CHECK(first_error(R"({"a":{}})", [](ObjectReader& r) { r.Array("a"); }).code() == "wrong_type");
  CHECK(first_error(R"([1,2])", [](ObjectReader&) {}).code() == "wrong_type");
  CHECK(first_error(R"({"n":-5})", [](ObjectReader& r) { CHECK(r.Int("n") == -5); }).ok());
}

TEST_CASE("ObjectReader: unknown fields are refused unless ignored", "[json_body]") {
  Json body = Json::parse(R"({"code":"X","extra":1,"future":2})");
  ObjectReader in(body, "changes/0");
  in.String("code");
  in.Ignore("future");
  Status s = in.Finish();
  CHECK(s.code() == "unknown_field");
  CHECK(s.path() == "changes/0/extra");
  CHECK(ApiStatusFor(s.code()) == 400);
}

}  // namespace sotay

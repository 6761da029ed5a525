#include "core/change.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

Change Sample() {
  Change c;
  c.device_seq = 17;
  c.record_id = "6f0c2a1e-1d7e-4c33-9b1a-0a8f5e7d2c11";
  c.record_type = "person";
  c.group_id = "tdp-05";
  c.parent_id = "0b1e8a64-3f3c-4a56-8e0f-2d8c7a1b9e44";
  c.field = "ho_ten";
  c.value = "Nguyễn Thị Hằng";
  c.hlc = "1767225600000-00000-dev-1";
  c.base_hlc = "1767225500000-00003-dev-2";
  return c;
}

Json Parse(const char* text) { return Json::parse(text); }

TEST_CASE("A push change round-trips through its wire shape") {
  Change c = Sample();
  Json j = ChangeToPushJson(c);
  CHECK(j.size() == 9);
  CHECK(j["device_seq"] == 17);
  CHECK(j["value"] == "Nguyễn Thị Hằng");
  Result<Change> back = ChangeFromPushJson(j);
  REQUIRE(back.ok());
  CHECK(*back == c);

  c.parent_id.clear();
  c.base_hlc.clear();
  c.value = Json{{"so_nha", "12"}, {"list", {1, 2.5, nullptr, true}}};
  j = ChangeToPushJson(c);
  CHECK(j["parent_id"].is_null());
  CHECK(j["base_hlc"].is_null());
  back = ChangeFromPushJson(j);
  REQUIRE(back.ok());
  CHECK(*back == c);
}

TEST_CASE("A pull change round-trips and leaves out what devices need not see") {
  Change c = Sample();
  c.server_seq = 912;
  Json j = ChangeToPullJson(c);
  CHECK(j.size() == 8);
  CHECK(j.contains("server_seq"));
  CHECK_FALSE(j.contains("device_seq"));
  CHECK_FALSE(j.contains("base_hlc"));
  Result<Change> back = ChangeFromPullJson(j);
  REQUIRE(back.ok());
  Change want = c;
  want.device_seq = 0;
  want.base_hlc.clear();
  CHECK(*back == want);
}

TEST_CASE("The push example of docs/protocol.md decodes") {
  Result<Change> c = ChangeFromPushJson(Parse(R"({"device_seq": 17,
      "record_id": "r1", "record_type": "person", "group_id": "tdp-05",
      "parent_id": null, "field": "bhyt_status", "value": "valid",
      "hlc": "1767225600000-00000-d", "base_hlc": null})"));
  REQUIRE(c.ok());
  CHECK(c->device_seq == 17);
  CHECK(c->parent_id.empty());
  CHECK(c->base_hlc.empty());
  CHECK(c->value == "valid");
}

TEST_CASE("The decoders refuse bad shapes with a stable code and the key's path") {
  Json good = ChangeToPushJson(Sample());
  struct Case {
    const char* name;
    Json json;
    const char* code;
    const char* path;
  };
  auto with = [&](const char* key, Json v) {
    Json j = good;
    j[key] = std::move(v);
    return j;
  };
  auto without = [&](const char* key) {
    Json j = good;
    j.erase(key);
    return j;
  };
  std::vector<Case> cases = {
      {"array", Json::array({1, 2}), "bad_request", "changes/4"},
      {"string", Json("x"), "bad_request", "changes/4"},
      {"null", Json(nullptr), "bad_request", "changes/4"},
      {"missing hlc", without("hlc"), "bad_request", "changes/4/hlc"},
      {"missing parent_id", without("parent_id"), "bad_request", "changes/4/parent_id"},
      {"missing value", without("value"), "bad_request", "changes/4/value"},
      {"unknown key", with("server_seq", 3), "bad_request", "changes/4/server_seq"},
      {"seq as string", with("device_seq", "17"), "invalid_field_type", "changes/4/device_seq"},
      {"seq as float", with("device_seq", 17.5), "invalid_field_type", "changes/4/device_seq"},
      {"seq zero", with("device_seq", 0), "bad_request", "changes/4/device_seq"},
      {"seq negative", with("device_seq", -3), "bad_request", "changes/4/device_seq"},
      {"seq too big", with("device_seq", uint64_t{1} << 63), "bad_request", "changes/4/device_seq"},
      {"id as number", with("record_id", 5), "invalid_field_type", "changes/4/record_id"},
      {"empty id", with("record_id", ""), "bad_request", "changes/4/record_id"},
      {"null field", with("field", nullptr), "invalid_field_type", "changes/4/field"},
      {"parent as bool", with("parent_id", true), "invalid_field_type", "changes/4/parent_id"},
      {"empty base", with("base_hlc", ""), "bad_request", "changes/4/base_hlc"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    Result<Change> r = ChangeFromPushJson(c.json, "changes/4");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
    CHECK(r.status().path() == c.path);
    CHECK_FALSE(r.status().message_vi().empty());
    CHECK_FALSE(r.status().message_en().empty());
  }
}

TEST_CASE("Any JSON value is accepted as a field value, null included") {
  for (Json v : {Json(nullptr), Json(true), Json(-4), Json(2.25), Json("x"), Json::array({1, "a"}),
                 Json{{"k", {{"n", 1}}}}}) {
    Json j = ChangeToPushJson(Sample());
    j["value"] = v;
    Result<Change> r = ChangeFromPushJson(j);
    REQUIRE(r.ok());
    CHECK(r->value == v);
  }
}

TEST_CASE("The pull decoder is as strict as the push decoder") {
  Change c = Sample();
  c.server_seq = 3;
  Json j = ChangeToPullJson(c);
  j["device_seq"] = 17;
  Result<Change> r = ChangeFromPullJson(j);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "bad_request");
  CHECK(r.status().path() == "device_seq");

  j = ChangeToPullJson(c);
  j["server_seq"] = "3";
  r = ChangeFromPullJson(j, "changes/0");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "invalid_field_type");
  CHECK(r.status().path() == "changes/0/server_seq");
}

}  // namespace
}  // namespace sotay

#include "sync/wire.h"

#include <algorithm>

#include "core/sqlite_rows.h"
#include "sync/scope.h"
#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using namespace synctest;  // NOLINT(google-build-using-namespace)

TEST_CASE("wire: push bodies round-trip through the server's decoder", "[sync][wire]") {
  Change c;
  c.device_seq = 9;
  c.device_id = kDevA;  // not on the wire
  c.record_id = kPerson1;
  c.record_type = "person";
  c.group_id = "tdp-05";
  c.parent_id = kHouse1;
  c.field = "sex";
  c.value = "2";
  c.hlc = H(kT0, 1, kDevA);
  c.base_hlc = H(kT0, 0, kDevB);
  Json body = EncodePushBody({c});
  Result<std::vector<PushItem>> items = DecodePushBody(body);
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  const PushItem& item = (*items)[0];
  CHECK(item.device_seq == 9);
  CHECK(item.raw.is_null());  // a decoded change is its own record of what came
  CHECK(ChangeToPushJson(*item.change) == body["changes"][0]);
  REQUIRE(item.change.ok());
  Change expected = c;
  expected.device_id.clear();
  CHECK(*item.change == expected);
  CHECK(EncodePushBody({}) == Json::parse(R"({"changes": []})"));
}

TEST_CASE("wire: a change with a readable device_seq but a bad shape decodes to its error",
          "[sync][wire]") {
  Json raw = PushChange(4, kHouse1, "street", "x", H(kT0, 0, kDevA));
  raw["extra"] = 1;
  Result<std::vector<PushItem>> items = DecodePushBody(Body({raw}));
  REQUIRE(items.ok());
  REQUIRE_FALSE((*items)[0].change.ok());
  CHECK((*items)[0].change.status().code() == "bad_request");
  CHECK((*items)[0].change.status().path() == "changes/0/extra");
  CHECK((*items)[0].device_seq == 4);
  CHECK((*items)[0].raw == raw);  // kept for the quarantine
  // A smaller limit is honoured.
  Result<std::vector<PushItem>> big = DecodePushBody(Body({raw, raw}), 1);
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().code() == "batch_too_large");
}

TEST_CASE("wire: push responses encode optional keys only when set and decode leniently",
          "[sync][wire]") {
  PushResponse r{5,
                 {{4, "applied", "", ""},
                  {5, "rejected", "hlc_future", "quá xa"},
                  {6, "conflict", "", "", Json{{"value", 75}, {"device_id", "dev-b"}}}}};
  Json j = EncodePushResponse(r);
  CHECK(j == Json::parse(R"({"acked_through": 5, "results": [
      {"device_seq": 4, "status": "applied"},
      {"device_seq": 5, "status": "rejected", "code": "hlc_future", "message": "quá xa"},
      {"device_seq": 6, "status": "conflict", "other": {"value": 75, "device_id": "dev-b"}}]})"));
  j["server_time"] = 1;  // a key a later server may add
  j["results"][0]["code"] = nullptr;
  j["results"][0]["other"] = "not an object";  // ignored
  Result<PushResponse> back = DecodePushResponse(j);
  REQUIRE(back.ok());
  CHECK(*back == r);
}

TEST_CASE("wire: pull responses round-trip", "[sync][wire]") {
  Change c;
  c.server_seq = 12;
  c.record_id = kHouse1;
  c.record_type = "household";
  c.group_id = "tdp-05";
  c.field = "_deleted";
  c.value = true;
  c.hlc = H(kT0, 0, kDevA);
  Json j = EncodePullResponse({c}, 12, true);
  Result<PullResponse> back = DecodePullResponse(j);
  REQUIRE(back.ok());
  REQUIRE(back->changes.size() == 1);
  CHECK(back->changes[0] == c);
  CHECK(back->next == 12);
  CHECK(back->more);
  j["changes"][0]["server_seq"] = "12";
  Result<PullResponse> bad = DecodePullResponse(j);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().path() == "changes/0/server_seq");
}

TEST_CASE("wire: the pull page spliced from stored text is the DOM's dump", "[sync][wire]") {
  // Records stored as the SQLite store stores them, values of every kind.
  std::vector<Json> values = {Json("Nguyễn \"Văn\" A\\\n\t\x01"),
                              Json(12.5),
                              Json(0.1),
                              Json(nullptr),
                              Json(true),
                              Json(-7),
                              Json::array({"a", "ư", 1.5e300}),
                              Json{{"ciphertext", "x"}, {"nonce", "y"}},
                              Json(std::string("bad \xff utf8"))};
  LogPage full;
  int64_t seq = 0;
  for (size_t r = 0; r < 3; ++r) {
    Record record;
    record.id = r == 1 ? kHouse2 : kHouse1;
    record.type = r == 2 ? "tên \"lạ\"" : "person";
    record.group_id = "tdp-05";
    record.parent_id = r == 1 ? kHouse1 : "";
    for (size_t v = 0; v < values.size(); ++v) {
      FieldValue& fv = record.fields[v == 2 ? "tên \"lạ\"" : "f" + std::to_string(v)];
      fv.value = values[(v + r) % values.size()];
      fv.hlc = H(kT0, static_cast<uint32_t>(v), kDevA);
      // Stored order is by name, log order by seq: make them differ; one never logged.
      fv.seq = v == 4 ? 0 : seq + static_cast<int64_t>(values.size() - v);
    }
    seq += static_cast<int64_t>(values.size());
    LoggedRecord& out = full.records.emplace_back();
    out.id = record.id;
    out.type = record.type;
    out.group_id = record.group_id;
    out.parent_id = record.parent_id;
    out.fields = sqlite_rows::EncodeFields(record);
    REQUIRE(IndexLoggedFields(out));
    full.change_count += out.logged.size();
  }
  for (size_t n : {size_t{0}, size_t{1}, full.records.size()}) {
    LogPage page = full;
    page.records.resize(n);
    page.change_count = 0;
    for (const LoggedRecord& r : page.records) page.change_count += r.logged.size();
    for (bool more : {false, true}) {
      page.more = more;
      page.next = 77;
      Result<std::vector<Change>> changes = DecodeLogPage(page);
      REQUIRE(changes.ok());
      CHECK(changes->size() == page.change_count);
      const std::string text = EncodePullPageText(page);
      CHECK(text == EncodePullResponse(*changes, 77, more)
                        .dump(-1, ' ', false, Json::error_handler_t::replace));
      // And the client reads back exactly the changes.
      Result<PullResponse> back = DecodePullResponse(Json::parse(text));
      REQUIRE(back.ok());
      CHECK(back->changes == *changes);
    }
  }
  // Each record's changes come in server_seq order, the never-logged field left out.
  Result<std::vector<Change>> all = DecodeLogPage(full);
  REQUIRE(all.ok());
  CHECK(all->size() == 3 * (values.size() - 1));
  CHECK(std::is_sorted(all->begin(), all->end(), [](const Change& a, const Change& b) {
    return a.server_seq < b.server_seq;
  }));
}

TEST_CASE("scope: roles and groups", "[sync][scope]") {
  DeviceScope leader{kDevA, "leader", {"tdp-05", "tdp-06"}};
  CHECK(leader.Allows("tdp-05"));
  CHECK_FALSE(leader.Allows("tdp-07"));
  CHECK(leader.Filter() == GroupFilter{"tdp-05", "tdp-06"});
  CHECK(leader.HasAnyGroup());
  DeviceScope office{kDevA, "office", {}};
  CHECK(office.Allows("tdp-99"));
  CHECK(office.Filter().empty());
  CHECK(office.HasAnyGroup());
  DeviceScope trainee{kDevA, "trainee", {"sandbox"}};
  CHECK(trainee.Allows("sandbox"));
  CHECK_FALSE(trainee.Allows("tdp-05"));
  CHECK_FALSE((DeviceScope{kDevA, "leader", {}}).HasAnyGroup());
  DeviceScope stranger{kDevA, "guest", {"tdp-05"}};
  CHECK_FALSE(stranger.Allows("tdp-05"));
  CHECK_FALSE(stranger.HasAnyGroup());
}

}  // namespace
}  // namespace sotay

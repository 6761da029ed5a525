#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "sync/server_apply.h"
#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using namespace synctest;  // NOLINT(google-build-using-namespace)

struct Server {
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock{kT0};
  HlcClock hlc{clock, "server"};
  SyncServer sync{*store, Schemas(), clock, hlc, MergeOnly()};

  Json Pull(const DeviceScope& who, int64_t since, int64_t limit) {
    Result<Json> r = sync.Pull(who, since, limit);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return *r;
  }
};

const DeviceScope kOffice{"office-dashboard", "office", {}};

std::string RecordId(int i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%08x-0000-4000-8000-000000000000", i);
  return buf;
}

TEST_CASE("pull: paging with small limits brings every current field exactly once",
          "[sync][pull]") {
  Server s;
  std::mt19937 rng(7);
  const std::vector<std::string> fields = {"street", "house_number", "tenure", "floor_area"};
  auto value_for = [](const std::string& field, int v) -> Json {
    if (field == "tenure") return v % 2 ? "owned" : "rented";
    if (field == "floor_area") return 10 + v;
    return "v" + std::to_string(v);
  };
  int64_t seq = 0;
  int counter = 0;
  auto write_some = [&](int n) {
    std::vector<Json> changes;
    for (int i = 0; i < n; ++i) {
      const std::string& f = fields[rng() % fields.size()];
      std::string record = RecordId(static_cast<int>(rng() % 6));
      std::string group =
          "tdp-0" + std::to_string(1 + std::stoi(record.substr(0, 8), nullptr, 16) % 2);
      ++counter;
      changes.push_back(PushChange(++seq, record, f, value_for(f, counter), H(kT0, counter, kDevA),
                                   nullptr, "household", group));
    }
    REQUIRE(s.sync.ApplyPush(DeviceScope{kDevA, "admin", {}}, Body(changes)).ok());
  };
  write_some(60);

  for (const DeviceScope& who : {kOffice, Leader("x", {"tdp-01"})}) {
    for (int64_t limit : {1, 2, 3, 7, 1000}) {
      // Writes between pages (which overwrite fields already paged) must still arrive.
      std::map<std::pair<std::string, std::string>, int> seen;
      std::map<std::pair<std::string, std::string>, FieldValue> latest;
      int64_t cursor = 0;
      int pages = 0;
      for (bool more = true; more; ++pages) {
        Json page = s.Pull(who, cursor, limit);
        // Whole records: at most `limit` changes unless one record has more.
        std::set<std::string> records;
        for (const Json& c : page["changes"]) records.insert(c["record_id"].get<std::string>());
        CHECK((page["changes"].size() <= static_cast<size_t>(limit) || records.size() == 1));
        int64_t prev = cursor;
        for (const Json& c : page["changes"]) {
          CHECK(c["server_seq"].get<int64_t>() <= page["next"].get<int64_t>());
          prev = std::max(prev, c["server_seq"].get<int64_t>());
          CHECK(who.Allows(c["group_id"].get<std::string>()));
          auto key = std::pair{c["record_id"].get<std::string>(), c["field"].get<std::string>()};
          ++seen[key];
          latest[key] = FieldValue{c["value"], c["hlc"].get<std::string>()};
        }
        CHECK(page["next"].get<int64_t>() >= prev);
        cursor = page["next"].get<int64_t>();
        more = page["more"].get<bool>();
        if (pages == 2 && more) write_some(5);  // between two pages
      }
      // Every field of every record in scope, with its current version. A field may come
      // twice only if it was rewritten after it was paged.
      std::set<std::pair<std::string, std::string>> expected;
      REQUIRE(s.store
                  ->ForEachRecord({},
                                  [&](const Record& r) {
                                    if (!who.Allows(r.group_id)) return true;
                                    for (const auto& [f, fv] : r.fields) {
                                      expected.insert({r.id, f});
                                      CHECK(latest[{r.id, f}] == fv);
                                    }
                                    return true;
                                  })
                  .ok());
      std::set<std::pair<std::string, std::string>> got;
      for (const auto& [k, n] : seen) got.insert(k);
      CHECK(got == expected);
      // The cursor is at the end: nothing more.
      Json tail = s.Pull(who, cursor, limit);
      CHECK(tail["changes"].empty());
      CHECK_FALSE(tail["more"].get<bool>());
    }
  }
}

TEST_CASE("pull: exactly once without concurrent writes", "[sync][pull]") {
  Server s;
  std::vector<Json> changes;
  for (int i = 0; i < 20; ++i) {
    changes.push_back(PushChange(i + 1, RecordId(i % 5), i % 2 ? "street" : "house_number",
                                 "v" + std::to_string(i), H(kT0, i, kDevA)));
  }
  REQUIRE(s.sync.ApplyPush(Leader(kDevA), Body(changes)).ok());
  // 5 records x 2 fields; the 10 superseded writes were compacted away.
  int64_t cursor = 0;
  std::multiset<std::pair<std::string, std::string>> seen;
  for (bool more = true; more;) {
    Json page = s.Pull(Leader(kDevB), cursor, 3);
    for (const Json& c : page["changes"]) {
      seen.insert({c["record_id"].get<std::string>(), c["field"].get<std::string>()});
    }
    cursor = page["next"];
    more = page["more"];
  }
  CHECK(seen.size() == 10);
  CHECK(std::set(seen.begin(), seen.end()).size() == 10);
}

TEST_CASE("pull: scope filters groups; a leader's cursor skips other groups",
          "[sync][pull][scope]") {
  Server s;
  DeviceScope admin{kDevA, "admin", {}};
  REQUIRE(s.sync
              .ApplyPush(admin, Body({
                                    PushChange(1, kHouse1, "street", "five", H(kT0, 0, kDevA),
                                               nullptr, "household", "tdp-05"),
                                    PushChange(2, kHouse2, "street", "six", H(kT0, 1, kDevA),
                                               nullptr, "household", "tdp-06"),
                                    PushChange(3, kHouse2, "tenure", "owned", H(kT0, 2, kDevA),
                                               nullptr, "household", "tdp-06"),
                                }))
              .ok());
  Json five = s.Pull(Leader(kDevB, {"tdp-05"}), 0, 100);
  REQUIRE(five["changes"].size() == 1);
  CHECK(five["changes"][0]["value"] == "five");
  CHECK(five["changes"][0] ==
        Json::parse(R"({"server_seq": 1, "record_id": ")" + std::string(kHouse1) +
                    R"(", "record_type": "household", "group_id": "tdp-05",
      "parent_id": null, "field": "street", "value": "five", "hlc": ")" +
                    H(kT0, 0, kDevA) + "\"}"));
  CHECK(five["next"] == 3);  // past tdp-06's changes
  CHECK(five["more"] == false);
  CHECK(s.Pull(Leader(kDevB, {"tdp-06"}), 0, 100)["changes"].size() == 2);
  CHECK(s.Pull(Leader(kDevB, {"tdp-05", "tdp-06"}), 0, 100)["changes"].size() == 3);
  CHECK(s.Pull(kOffice, 0, 100)["changes"].size() == 3);
  CHECK(s.Pull(Leader(kDevB, {"tdp-09"}), 0, 100)["changes"].empty());
  Result<Json> none = s.sync.Pull(Leader(kDevB, {}), 0, 100);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == "forbidden");
  // A limited page of a leader stops at its last record, not at the log's end, and
  // holds the whole record even when it has more changes than the limit.
  REQUIRE(s.sync
              .ApplyPush(admin, Body({
                                    PushChange(4, RecordId(7), "street", "seven", H(kT0, 3, kDevA),
                                               nullptr, "household", "tdp-06"),
                                    PushChange(5, kHouse1, "tenure", "owned", H(kT0, 4, kDevA),
                                               nullptr, "household", "tdp-05"),
                                }))
              .ok());
  Json first = s.Pull(Leader(kDevB, {"tdp-06"}), 0, 1);
  REQUIRE(first["changes"].size() == 2);
  CHECK(first["changes"][0]["record_id"] == kHouse2);
  CHECK(first["changes"][1]["record_id"] == kHouse2);
  CHECK(first["next"] == 3);
  CHECK(first["more"] == true);
  Json second = s.Pull(Leader(kDevB, {"tdp-06"}), 3, 1);
  REQUIRE(second["changes"].size() == 1);
  CHECK(second["changes"][0]["value"] == "seven");
  CHECK(second["next"] == 5);  // the log's end: nothing more of tdp-06
  CHECK(second["more"] == false);
  // A record changed after the cursor comes whole: the new field and, again, the one
  // the reader had (same HLC), in seq order.
  Json rest = s.Pull(Leader(kDevB, {"tdp-05"}), 3, 10);
  REQUIRE(rest["changes"].size() == 2);
  CHECK(rest["changes"][0]["field"] == "street");
  CHECK(rest["changes"][0]["server_seq"] == 1);
  CHECK(rest["changes"][1]["field"] == "tenure");
  CHECK(rest["changes"][1]["server_seq"] == 5);
}

TEST_CASE("pull: bad cursors and clamped limits", "[sync][pull]") {
  Server s;
  REQUIRE(
      s.sync
          .ApplyPush(Leader(kDevA), Body({
                                        PushChange(1, kHouse1, "street", "a", H(kT0, 0, kDevA)),
                                        PushChange(2, kHouse2, "tenure", "owned", H(kT0, 1, kDevA)),
                                    }))
          .ok());
  for (int64_t since : {int64_t{-1}, int64_t{3}, int64_t{1} << 60}) {
    Result<Json> r = s.sync.Pull(kOffice, since, 10);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "bad_cursor");
  }
  CHECK(s.Pull(kOffice, 2, 10)["changes"].empty());
  CHECK(s.Pull(kOffice, 0, 0)["changes"].size() == 1);
  CHECK(s.Pull(kOffice, 0, -5)["changes"].size() == 1);
  CHECK(s.Pull(kOffice, 0, 1'000'000)["changes"].size() == 2);
  // An empty log: 0 is the only cursor.
  Server empty;
  Json page = empty.Pull(kOffice, 0, 10);
  CHECK(page == Json::parse(R"({"changes": [], "next": 0, "more": false})"));
}

TEST_CASE("pull: query parameters are parsed strictly", "[sync][pull]") {
  auto parse = [](std::optional<std::string_view> since, std::optional<std::string_view> limit) {
    return ParsePullParams(since, limit);
  };
  Result<PullParams> defaults = parse(std::nullopt, std::nullopt);
  REQUIRE(defaults.ok());
  CHECK(defaults->since == 0);
  CHECK(defaults->limit == kDefaultPullLimit);
  Result<PullParams> given = parse("42", "7");
  REQUIRE(given.ok());
  CHECK(given->since == 42);
  CHECK(given->limit == 7);
  CHECK(parse("0", "0")->limit == 1);
  CHECK(parse("0", "50000")->limit == kMaxPullLimit);
  CHECK(parse("0", "99999999999999999999999")->limit == kMaxPullLimit);
  for (std::string_view bad :
       {"", "-1", "+1", " 1", "1 ", "1.0", "0x10", "abc", "9999999999999999999"}) {
    INFO(bad);
    Result<PullParams> r = parse(bad, std::nullopt);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "bad_cursor");
    CHECK(r.status().path() == "since");
  }
  for (std::string_view bad : {"", "-1", "ten", "1e3", "5 "}) {
    INFO(bad);
    Result<PullParams> r = parse(std::nullopt, bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "bad_limit");
  }
  CHECK(PullQueryString(12, 500) == "since=12&limit=500");
}

}  // namespace
}  // namespace sotay

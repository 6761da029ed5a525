// Helpers shared by the sync/ unit tests (header only; not part of sotay_sync).
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/hlc.h"
#include "core/schema.h"
#include "core/sqlite_store.h"
#include "sync/scope.h"
#include "sync/server_apply.h"

namespace sotay::synctest {

// The engine's sample forms (household, person), loaded once.
inline const SchemaSet& Schemas() {
  static const SchemaSet* set = [] {
    Result<SchemaSet> r = SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR "/sample");
    REQUIRE(r.ok());
    return new SchemaSet(std::move(r).value());
  }();
  return *set;
}

// Options of a SyncServer for tests of the merge itself: the sample forms' calculated
// fields (members, heads, age) would otherwise add the server's derived writes to
// every log and history these tests count (sync/derived_authority_test.cc tests those).
inline SyncServerOptions MergeOnly(SyncServerOptions options = {}) {
  options.recompute_derived = false;
  return options;
}

inline std::unique_ptr<SqliteStore> MemStore() {
  Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open({.path = ":memory:"});
  REQUIRE(s.ok());
  return std::move(s).value();
}

inline std::string DumpOf(SqliteStore& store) {
  Result<std::string> d = store.Dump();
  REQUIRE(d.ok());
  return *d;
}

// Fixed ids so failures are readable.
inline constexpr const char* kDevA = "aaaaaaaa-0000-4000-8000-00000000000a";
inline constexpr const char* kDevB = "bbbbbbbb-0000-4000-8000-00000000000b";
inline constexpr const char* kHouse1 = "11111111-1111-4111-8111-111111111111";
inline constexpr const char* kHouse2 = "22222222-2222-4222-8222-222222222222";
inline constexpr const char* kPerson1 = "33333333-3333-4333-8333-333333333333";

// 2026-01-01T00:00:00Z.
inline constexpr int64_t kT0 = 1767225600000;

inline DeviceScope Leader(std::string device, std::vector<std::string> groups = {"tdp-05"}) {
  return DeviceScope{std::move(device), "leader", std::move(groups)};
}

inline std::string H(int64_t wall, int counter, const std::string& node) {
  return Hlc{wall, static_cast<uint32_t>(counter), node}.ToString();
}

// One change in push shape.
inline Json PushChange(int64_t seq, const std::string& record, const std::string& field, Json value,
                       const std::string& hlc, Json base = nullptr,
                       const std::string& type = "household", const std::string& group = "tdp-05",
                       Json parent = nullptr) {
  return Json{{"device_seq", seq}, {"record_id", record}, {"record_type", type},
              {"group_id", group}, {"parent_id", parent}, {"field", field},
              {"value", value},    {"hlc", hlc},          {"base_hlc", base}};
}

inline Json Body(const std::vector<Json>& changes) {
  Json list = Json::array();
  for (const Json& c : changes) list.push_back(c);
  return Json{{"changes", list}};
}

}  // namespace sotay::synctest

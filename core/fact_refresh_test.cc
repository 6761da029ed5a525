#include "core/fact_refresh.h"

#include <catch2/catch.hpp>

#include "core/indicator_facts.h"
#include "core/sqlite_store.h"
#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::Child;
using testing::LoadBundle;
using testing::Set;

constexpr const char* kToday = "2026-11-28";

std::unique_ptr<SqliteStore> StoreWith(const HouseholdBundle& b) {
  auto opened = SqliteStore::Open({.path = ":memory:"});
  REQUIRE(opened.ok());
  std::unique_ptr<SqliteStore> store = std::move(*opened);
  REQUIRE(store->PutRecord(b.household).ok());
  for (const Record& c : b.children) REQUIRE(store->PutRecord(c).ok());
  return store;
}

// The ward-wide sum of one indicator for one period.
std::pair<double, double> Sum(Store& store, const std::string& period, const std::string& id) {
  auto sums = store.AggregateFacts(period);
  REQUIRE(sums.ok());
  double num = 0, den = 0;
  for (const FactSum& s : *sums) {
    if (s.indicator == id) num += s.numerator, den += s.denominator;
  }
  return {num, den};
}

TEST_CASE("A change to a member refreshes its household's facts") {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  auto store = StoreWith(b);
  REQUIRE(RefreshFacts(*store, testing::RepoSchemas(), {Child(b, "101").id}, kToday).ok());
  // Five residents, every card valid on 2026-12-31 (tests of indicator_facts).
  CHECK(Sum(*store, "2026", "12") == std::pair<double, double>(5, 5));
  CHECK(Sum(*store, "2025", "12").second == 5);  // the previous year is kept too

  Record lan = Child(b, "102");
  Set(lan, "bhyt_has_card", false);
  REQUIRE(store->PutRecord(lan).ok());
  REQUIRE(RefreshFacts(*store, testing::RepoSchemas(), {lan.id}, kToday).ok());
  CHECK(Sum(*store, "2026", "12") == std::pair<double, double>(4, 5));

  SECTION("a deleted household loses its facts") {
    Record h = b.household;
    h.deleted = true;
    REQUIRE(store->PutRecord(h).ok());
    REQUIRE(RefreshFacts(*store, testing::RepoSchemas(), {h.id}, kToday).ok());
    CHECK(Sum(*store, "2026", "12") == std::pair<double, double>(0, 0));
  }
  SECTION("unknown ids and records without a household are skipped") {
    CHECK(RefreshFacts(*store, testing::RepoSchemas(), {"00000000-0000-4000-8000-000000000000"},
                       kToday)
              .ok());
    CHECK(Sum(*store, "2026", "12") == std::pair<double, double>(4, 5));
  }
}

TEST_CASE("Facts are computed from the records a RecordSource holds") {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  auto store = StoreWith(b);
  CachedRecords records(*store);
  // A change the source holds and the store does not have yet: the facts follow the
  // source, so a push's records are never read back from the store.
  Record lan = Child(b, "102");
  Set(lan, "bhyt_has_card", false);
  records.Put(lan);
  REQUIRE(RefreshFacts(*store, records, testing::RepoSchemas(), {lan.id}, kToday).ok());
  CHECK(Sum(*store, "2026", "12") == std::pair<double, double>(4, 5));
  CHECK((*store->GetRecord(lan.id))->Get("bhyt_has_card") == true);
}

TEST_CASE("A cultural group record has facts of its own") {
  Record group = testing::LoadRecord("cultural_group_tdp05_2026.json");
  auto opened = SqliteStore::Open({.path = ":memory:"});
  REQUIRE(opened.ok());
  REQUIRE((*opened)->PutRecord(group).ok());
  REQUIRE(RefreshFacts(**opened, testing::RepoSchemas(), {group.id}, kToday).ok());
  CHECK(Sum(**opened, "2026", "10").second == 1);
}

TEST_CASE("A refresh stores the day the household's facts stop being true") {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  auto store = StoreWith(b);
  using Ids = std::vector<std::string>;
  REQUIRE(RefreshFacts(*store, testing::RepoSchemas(), {b.household.id}, kToday).ok());
  const std::string until = *FactsValidUntil(b, kToday);
  CHECK(until > kToday);
  CHECK(*store->ExpiredFactOwners(kToday, 10) == Ids{});
  CHECK(*store->ExpiredFactOwners(until, 10) == Ids{b.household.id});
  // Refreshed on that day, the household is no longer expired on it.
  REQUIRE(RefreshFacts(*store, testing::RepoSchemas(), {b.household.id}, until).ok());
  CHECK(*store->ExpiredFactOwners(until, 10) == Ids{});
  CHECK(store->ExpiredFactOwners("2099-01-01", 10)->size() == 1);

  SECTION("a deleted household, an unknown id and a group record never expire") {
    Record h = b.household;
    h.deleted = true;
    REQUIRE(store->PutRecord(h).ok());
    REQUIRE(store->SetFactsValidUntil("gone", "2026-01-01").ok());
    Record group = testing::LoadRecord("cultural_group_tdp05_2026.json");
    REQUIRE(store->PutRecord(group).ok());
    REQUIRE(store->SetFactsValidUntil(group.id, "").code() == "invalid_argument");
    REQUIRE(store->SetFactsValidUntil(group.id, "2026-01-01").ok());
    REQUIRE(RefreshFacts(*store, testing::RepoSchemas(), {h.id, "gone", group.id}, kToday).ok());
    CHECK(*store->ExpiredFactOwners("2099-01-01", 10) == Ids{});
  }
}

TEST_CASE("Default fact periods are this year and the one before") {
  CHECK(DefaultFactPeriods("2026-11-28") == std::vector<int64_t>{2025, 2026});
}

}  // namespace
}  // namespace sotay

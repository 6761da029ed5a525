#include "core/derived_recompute.h"

#include <catch2/catch.hpp>

#include "core/sqlite_store.h"
#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::LoadBundle;
using testing::Set;

constexpr const char* kToday = "2026-11-20";

const SchemaSet& Schemas() {
  static const Result<SchemaSet> set = SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR);
  REQUIRE(set.ok());
  return *set;
}

// The fixture household stored in an in-memory store, with every derived value as
// the core computes it (the fixture itself carries none).
struct StoredHousehold {
  std::unique_ptr<SqliteStore> store;
  HouseholdBundle bundle = LoadBundle("households/tran_thanh_ngo_12.json");

  StoredHousehold() {
    Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open({.path = ":memory:"});
    REQUIRE(s.ok());
    store = std::move(s).value();
    REQUIRE(store->PutRecord(bundle.household).ok());
    for (const Record& c : bundle.children) REQUIRE(store->PutRecord(c).ok());
    Apply(Recompute({bundle.household.id}));
    REQUIRE(Recompute({bundle.household.id}).empty());
  }

  std::string Id(const std::string& suffix) { return testing::Child(bundle, suffix).id; }

  std::vector<DerivedWrite> Recompute(const std::vector<std::string>& ids) {
    CachedRecords records(*store);
    Result<std::vector<DerivedWrite>> w = RecomputeDerived(Schemas(), records, ids, kToday);
    REQUIRE(w.ok());
    return *w;
  }

  void Apply(const std::vector<DerivedWrite>& writes) {
    for (const DerivedWrite& w : writes) Edit(w.record_id, w.field, w.value);
  }

  void Edit(const std::string& id, const std::string& field, Json value) {
    Result<std::optional<Record>> r = store->GetRecord(id);
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    Set(**r, field, std::move(value));
    REQUIRE(store->PutRecord(**r).ok());
  }

  Json Get(const std::string& id, const std::string& field) {
    Result<std::optional<Record>> r = store->GetRecord(id);
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return (*r)->Get(field);
  }
};

const DerivedWrite* Find(const std::vector<DerivedWrite>& w, const std::string& id,
                         const std::string& field) {
  for (const DerivedWrite& x : w) {
    if (x.record_id == id && x.field == field) return &x;
  }
  return nullptr;
}

TEST_CASE("RecomputeDerived fills every derived value of a household and then finds none") {
  StoredHousehold h;
  const std::string household = h.bundle.household.id;
  CHECK(h.Get(household, "member_count") == 5);
  CHECK(h.Get(h.Id("101"), "age") == 48);
  CHECK(h.Get(h.Id("201"), "classification").is_string());
  CHECK(h.Get(h.Id("301"), "status") == "recognised");
  // From a child's id too: the whole household is checked, and nothing is stale.
  CHECK(h.Recompute({h.Id("104")}).empty());
}

TEST_CASE("A tampered derived value is found and the core's value given back") {
  StoredHousehold h;
  const std::string assessment = h.Id("201");
  const Json right = h.Get(assessment, "classification");
  h.Edit(assessment, "classification", "poor");
  h.Edit(assessment, "deprivation_count", 7);
  std::vector<DerivedWrite> w = h.Recompute({assessment});
  REQUIRE(w.size() == 2);
  const DerivedWrite* c = Find(w, assessment, "classification");
  REQUIRE(c != nullptr);
  CHECK(c->value == right);
  CHECK(c->stored == "poor");
  const DerivedWrite* d = Find(w, assessment, "deprivation_count");
  REQUIRE(d != nullptr);
  CHECK(d->stored == 7);
  CHECK(d->value != 7);
}

TEST_CASE("A household edit makes its assessment's classification stale") {
  StoredHousehold h;
  const std::string assessment = h.Id("201");
  CHECK(h.Get(assessment, "classification") != "poor");
  // Three deprivations and an income under the line: poor under Nghị định 07/2021.
  h.Edit(assessment, "income_total_month", 7'500'000);
  h.Apply(h.Recompute({assessment}));
  CHECK(h.Get(assessment, "classification") == "near_poor");
  const std::string household = h.bundle.household.id;
  h.Edit(household, "housing_type", "less_durable");
  h.Edit(household, "water_source", "unprotected");
  h.Edit(household, "latrine", "none");
  std::vector<DerivedWrite> w = h.Recompute({household});  // the household alone changed
  const DerivedWrite* c = Find(w, assessment, "classification");
  REQUIRE(c != nullptr);
  CHECK(c->value == "poor");
  CHECK(c->stored == "near_poor");
  h.Apply(w);
  CHECK(h.Recompute({household}).empty());
}

TEST_CASE("A member change makes the household's counts and area per person stale") {
  StoredHousehold h;
  const std::string household = h.bundle.household.id;
  h.Edit(h.Id("105"), "_deleted", true);
  Result<std::optional<Record>> gone = h.store->GetRecord(h.Id("105"));
  REQUIRE(gone.ok());
  (*gone)->deleted = true;
  REQUIRE(h.store->PutRecord(**gone).ok());
  std::vector<DerivedWrite> w = h.Recompute({h.Id("105")});
  const DerivedWrite* count = Find(w, household, "member_count");
  REQUIRE(count != nullptr);
  CHECK(count->value == 4);
  CHECK(count->stored == 5);
  // The floor area per person reads the count computed in the same call.
  const DerivedWrite* area = Find(w, household, "floor_area_per_person");
  if (area != nullptr) CHECK(area->value == 15);
}

TEST_CASE("IsComputedField: core-computed and calculated fields, not answers") {
  CHECK(IsComputedField(Schemas(), "assessment.poverty", "classification"));
  CHECK(IsComputedField(Schemas(), "household", "member_count"));
  CHECK(IsComputedField(Schemas(), "person", "age"));
  CHECK_FALSE(IsComputedField(Schemas(), "person", "date_of_birth"));
  CHECK_FALSE(IsComputedField(Schemas(), "household", "water_source"));
  CHECK_FALSE(IsComputedField(Schemas(), "no.such.type", "age"));
}

}  // namespace
}  // namespace sotay

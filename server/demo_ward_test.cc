// The demo ward: every generated record validates against the real forms, the
// generator is deterministic, and devices can pull what it wrote.
#include "server/demo_ward.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "core/form_context.h"
#include "core/sqlite_store.h"
#include "core/validate.h"

namespace sotay {

namespace {

const SchemaSet& Schemas() {
  static const SchemaSet set = *SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR);
  return set;
}

std::unique_ptr<SqliteStore> MemoryStore() {
  Result<std::unique_ptr<SqliteStore>> s = SqliteStore::Open({.path = ":memory:"});
  REQUIRE(s.ok());
  return std::move(s).value();
}

std::vector<Record> AllRecords(Store& store) {
  std::vector<Record> out;
  REQUIRE(store.ForEachRecord({}, [&](const Record& r) {
                 out.push_back(r);
                 return true;
               }).ok());
  return out;
}

}  // namespace

TEST_CASE("demo ward: generated records validate against the real forms", "[demo]") {
  auto store = MemoryStore();
  DemoOptions options;
  options.groups = 3;
  options.households = 120;
  options.seed = 7;
  options.households_per_transaction = 50;
  Result<DemoStats> stats = GenerateDemoWard(*store, Schemas(), options, nullptr);
  REQUIRE(stats.ok());
  CHECK(stats->households == 120);
  CHECK(stats->persons >= 120);
  CHECK(stats->assessments == 4 * 120);

  std::vector<Record> records = AllRecords(*store);
  CHECK(static_cast<int64_t>(records.size()) ==
        stats->households + stats->persons + stats->assessments);
  VectorChildLookup children(records);
  std::set<std::string> groups;
  std::map<std::string, int> heads;
  for (const Record& r : records) {
    INFO(r.type << " " << r.id << " " << Json(r.fields.size()).dump());
    std::vector<ValidationIssue> issues =
        Validate(Schemas(), r, children, options.reference_date, ValidationMode::kServer);
    std::string problems;
    for (const ValidationIssue& i : issues) problems += i.field + ": " + i.code + "; ";
    INFO(problems);
    CHECK(issues.empty());
    groups.insert(r.group_id);
    if (r.type == "person" && r.Get("relationship") == "head") ++heads[r.parent_id];
  }
  CHECK(groups == std::set<std::string>{"tdp-01", "tdp-02", "tdp-03"});
  CHECK(heads.size() == 120);
  for (const auto& [household, n] : heads) CHECK(n == 1);

  // Every field is in the change log, pullable, with server HLCs.
  Result<ChangePage> page = store->ReadChanges(0, 1000000, {});
  REQUIRE(page.ok());
  CHECK(static_cast<int64_t>(page->changes.size()) == stats->changes);
  CHECK(page->changes.front().hlc.find("-server") != std::string::npos);
}

TEST_CASE("demo ward: the same seed gives the same ward", "[demo]") {
  DemoOptions options;
  options.groups = 2;
  options.households = 30;
  auto a = MemoryStore(), b = MemoryStore(), c = MemoryStore();
  REQUIRE(GenerateDemoWard(*a, Schemas(), options, nullptr).ok());
  REQUIRE(GenerateDemoWard(*b, Schemas(), options, nullptr).ok());
  options.seed = 2;
  REQUIRE(GenerateDemoWard(*c, Schemas(), options, nullptr).ok());
  CHECK(AllRecords(*a) == AllRecords(*b));
  CHECK_FALSE(AllRecords(*a) == AllRecords(*c));
}

}  // namespace sotay

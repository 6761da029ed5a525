// The demo ward: every generated record validates against the real forms, the
// generator is deterministic, and devices can pull what it wrote.
#include "server/ward/demo_ward.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "core/fact_refresh.h"
#include "core/form_context.h"
#include "core/ids.h"
#include "core/sqlite_store.h"
#include "core/validate.h"
#include "server/store/ward_database.h"
#include "tests/temp_dir.h"

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
  REQUIRE(store
              .ForEachRecord({},
                             [&](const Record& r) {
                               out.push_back(r);
                               return true;
                             })
              .ok());
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

  // Record ids are UUIDs (version 7) made in increasing order, so the log, written in
  // the order records are made, names them in text order.
  std::string previous;
  for (const Change& c : page->changes) {
    CHECK(IsUuid(c.record_id));
    CHECK(c.record_id[14] == '7');
    CHECK(c.record_id >= previous);
    previous = c.record_id;
  }
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

TEST_CASE("demo ward: group ids have as many digits as the number of groups", "[demo]") {
  CHECK(DemoGroupId(1, 1) == "tdp-01");
  CHECK(DemoGroupId(5, 60) == "tdp-05");
  CHECK(DemoGroupId(99, 99) == "tdp-99");
  CHECK(DemoGroupId(1, 100) == "tdp-001");
  CHECK(DemoGroupId(100, 100) == "tdp-100");
  CHECK(DemoGroupId(7, 999) == "tdp-007");
  CHECK(DemoGroupId(1, 1000) == "tdp-0001");
  CHECK(DemoGroupId(1875, 1875) == "tdp-1875");
  CHECK(DemoGroupId(kDemoMaxGroups, kDemoMaxGroups) == "tdp-99999");
  for (int groups : {9, 60, 150, 1875}) {
    std::vector<std::string> ids;
    for (int n = 1; n <= groups; ++n) ids.push_back(DemoGroupId(n, groups));
    CHECK(std::is_sorted(ids.begin(), ids.end()));  // text order is numeric order
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
    for (const std::string& id : ids) CHECK(IsGroupId(id));
  }
}

TEST_CASE("demo ward: more than 99 groups, written to the account store too", "[demo]") {
  testing::TempDir dir;
  std::string path = (dir.path() / "ward.db").string();
  Result<OpenedDatabase> db = OpenDatabase(path);
  REQUIRE(db.ok());
  DemoOptions options;
  options.groups = 120;
  options.households = 240;
  options.households_per_transaction = 100;
  std::vector<int64_t> progress;
  options.on_progress = [&](const DemoStats& s) { progress.push_back(s.households); };
  Result<DemoStats> stats = GenerateDemoWard(*db->store, Schemas(), options, db->accounts.get());
  REQUIRE(stats.ok());
  // After every transaction: how many households are written so far.
  CHECK(progress == std::vector<int64_t>{100, 200, 240});

  Result<std::vector<GroupInfo>> groups = db->accounts->ListGroups();
  REQUIRE(groups.ok());
  REQUIRE(groups->size() == 120);
  CHECK(groups->front().id == "tdp-001");
  CHECK(groups->front().name == "Tổ dân phố số 1");
  CHECK(groups->back().id == "tdp-120");
  std::map<std::string, int> per_group;
  for (const Record& r : AllRecords(*db->store)) {
    if (r.type == "household") ++per_group[r.group_id];
  }
  CHECK(per_group.size() == 120);
  CHECK(per_group.begin()->first == "tdp-001");
  for (const auto& [group, n] : per_group) CHECK(n == 2);
}

TEST_CASE("demo ward: sizes beyond the bounds are refused", "[demo]") {
  auto store = MemoryStore();
  DemoOptions options;
  options.households = 1;
  for (auto [groups, households] : {std::pair{0, 1}, std::pair{kDemoMaxGroups + 1, 1},
                                    std::pair{1, -1}, std::pair{1, kDemoMaxHouseholds + 1}}) {
    options.groups = groups;
    options.households = households;
    Result<DemoStats> stats = GenerateDemoWard(*store, Schemas(), options, nullptr);
    REQUIRE_FALSE(stats.ok());
    CHECK(stats.status().code() == "invalid_argument");
  }
  Result<int64_t> records = store->CountRecords({});
  REQUIRE(records.ok());
  CHECK(*records == 0);
}

TEST_CASE("demo ward: its facts are the ones RefreshFacts keeps", "[demo]") {
  auto store = MemoryStore();
  DemoOptions options;
  options.groups = 4;
  options.households = 60;
  options.seed = 11;
  REQUIRE(GenerateDemoWard(*store, Schemas(), options, nullptr).ok());
  auto totals = [&] {
    std::map<std::string, std::vector<FactSum>> out;
    for (int64_t period : DefaultFactPeriods(options.reference_date)) {
      Result<std::vector<FactSum>> sums = store->AggregateFacts(std::to_string(period));
      REQUIRE(sums.ok());
      CHECK_FALSE(sums->empty());
      out[std::to_string(period)] = *sums;
    }
    return out;
  };
  auto written = totals();
  std::vector<std::string> households;
  RecordQuery q;
  q.type = "household";
  REQUIRE(store
              ->ForEachRecord(q,
                              [&](const Record& r) {
                                households.push_back(r.id);
                                return true;
                              })
              .ok());
  REQUIRE(households.size() == 60);
  {
    Transaction txn(*store);
    REQUIRE(RefreshFacts(*store, Schemas(), households, options.reference_date).ok());
    REQUIRE(txn.Commit().ok());
  }
  // The same sums after recomputing every household's facts with the server's rule.
  CHECK(totals() == written);
}

}  // namespace sotay

// The fact_totals table (running sums behind AggregateFacts) against a fresh GROUP BY over
// the facts it summarises: after random replacements, after migrating a database that
// already has facts, and after rolled-back work.

#include <sqlite3.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/fault_store.h"
#include "core/sqlite_migrations.h"
#include "core/sqlite_store.h"
#include "tests/temp_dir.h"

namespace sotay {
namespace {

using testing::TempDir;

// Rows of `sql` as text, one string per row ("a|b|c").
std::vector<std::string> Rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  INFO(sql);
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const unsigned char* text = sqlite3_column_text(stmt, c);
      row += (c ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(row);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

void Exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO(sql << ": " << (error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

constexpr const char* kFreshSums =
    "SELECT period, group_id, indicator, sum(numerator), sum(denominator), count(*) "
    "FROM facts GROUP BY period, group_id, indicator ORDER BY 1, 2, 3";
constexpr const char* kTotals =
    "SELECT period, group_id, indicator, numerator, denominator, facts "
    "FROM fact_totals ORDER BY 1, 2, 3";

// What migration 3 does to facts inserted by hand into an older database.
constexpr const char* kV3Totals =
    "INSERT INTO fact_totals (period, group_id, indicator, numerator, denominator, facts) "
    "SELECT period, group_id, indicator, sum(numerator), sum(denominator), count(*) "
    "FROM facts GROUP BY period, group_id, indicator;";

// The database at `path` (no store open on it: under wasm a store holds its file
// exclusively) has totals equal to a fresh GROUP BY, and not empty when facts exist.
void CheckTotalsMatchFacts(const std::string& path) {
  std::vector<std::string> fresh = Rows(path, kFreshSums);
  std::vector<std::string> totals = Rows(path, kTotals);
  CHECK(totals == fresh);
}

std::unique_ptr<SqliteStore> Open(const std::string& path) {
  auto store = SqliteStore::Open({.path = path});
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

// Random facts for one record: integer-valued counts, as the indicators emit, so sums
// are exact whatever order they are added and taken away in.
std::vector<Fact> RandomFacts(std::mt19937& rng) {
  static const std::vector<std::string> kGroups = {"tdp-01", "tdp-02", "tdp-03"};
  static const std::vector<std::string> kPeriods = {"2025", "2026"};
  static const std::vector<std::string> kIndicators = {"12", "13", "8a", "digital.vneid"};
  std::vector<Fact> facts;
  const std::string& group = kGroups[rng() % kGroups.size()];
  for (const std::string& period : kPeriods) {
    for (const std::string& indicator : kIndicators) {
      if (rng() % 3 == 0) continue;
      double den = static_cast<double>(rng() % 6);
      double num = den > 0 ? static_cast<double>(rng() % (static_cast<unsigned>(den) + 1)) : 0;
      facts.push_back({"", group, period, indicator, num, den});
    }
  }
  return facts;
}

// AggregateFacts per period as computed by hand from the facts each record holds now.
std::map<std::string, std::vector<FactSum>> ModelSums(
    const std::map<std::string, std::vector<Fact>>& records) {
  std::map<std::string, std::map<std::pair<std::string, std::string>, FactSum>> by_period;
  for (const auto& [id, facts] : records) {
    for (const Fact& f : facts) {
      FactSum& s = by_period[f.period][{f.group_id, f.indicator}];
      s.group_id = f.group_id;
      s.indicator = f.indicator;
      s.numerator += f.numerator;
      s.denominator += f.denominator;
      s.facts += 1;
    }
  }
  std::map<std::string, std::vector<FactSum>> out;
  for (auto& [period, sums] : by_period) {
    for (auto& [key, s] : sums) out[period].push_back(s);
  }
  return out;
}

TEST_CASE("Fact totals equal a fresh GROUP BY after random replacements") {
  TempDir dir;
  const std::string path = dir.File("totals.db");
  const uint32_t seed = 20260601;
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  std::map<std::string, std::vector<Fact>> model;
  for (int round = 0; round < 5; ++round) {
    {
      auto store = Open(path);
      for (int step = 0; step < 200; ++step) {
        std::string id = "h" + std::to_string(rng() % 40);
        // One in five replacements removes the record's facts (a deleted household).
        std::vector<Fact> facts = rng() % 5 == 0 ? std::vector<Fact>{} : RandomFacts(rng);
        // Some steps run inside a transaction, as pushes do.
        if (rng() % 2 == 0) {
          Transaction txn(*store);
          REQUIRE(txn.status().ok());
          REQUIRE(store->ReplaceFacts(id, facts).ok());
          REQUIRE(txn.Commit().ok());
        } else {
          REQUIRE(store->ReplaceFacts(id, facts).ok());
        }
        if (facts.empty()) {
          model.erase(id);
        } else {
          model[id] = facts;
        }
      }
      std::map<std::string, std::vector<FactSum>> expected = ModelSums(model);
      for (const char* period : {"2025", "2026", "2027"}) {
        auto sums = store->AggregateFacts(period);
        REQUIRE(sums.ok());
        CHECK(*sums == expected[period]);
      }
    }
    CheckTotalsMatchFacts(path);
  }
  // Emptied out, no totals row is left behind.
  {
    auto store = Open(path);
    for (int i = 0; i < 40; ++i) REQUIRE(store->ReplaceFacts("h" + std::to_string(i), {}).ok());
  }
  CHECK(Rows(path, "SELECT count(*) FROM fact_totals") == std::vector<std::string>{"0"});
}

TEST_CASE("Migration to version 3 sums the facts a database already has") {
  TempDir dir;
  const std::string path = dir.File("v2.db");
  // A version 2 database, as the previous program left it, with facts in it.
  Exec(path, SqliteMigrations()[0].sql);
  Exec(path, SqliteMigrations()[1].sql);
  Exec(path, "PRAGMA user_version = 2");
  std::mt19937 rng(7);
  std::string insert;
  for (int h = 0; h < 30; ++h) {
    for (const Fact& f : RandomFacts(rng)) {
      insert += "INSERT INTO facts VALUES ('h" + std::to_string(h) + "', '" + f.period + "', '" +
                f.indicator + "', '" + f.group_id + "', " + std::to_string(f.numerator) + ", " +
                std::to_string(f.denominator) + ");";
    }
  }
  Exec(path, insert);
  REQUIRE(Rows(path, "SELECT count(*) > 20 FROM facts") == std::vector<std::string>{"1"});

  { auto store = Open(path); }
  CHECK(Rows(path, "PRAGMA user_version") ==
        std::vector<std::string>{std::to_string(SqliteSchemaVersion())});
  CheckTotalsMatchFacts(path);
  CHECK_FALSE(Rows(path, kTotals).empty());

  // And the migrated totals are kept from then on.
  {
    auto store = Open(path);
    REQUIRE(store->ReplaceFacts("h3", {}).ok());
    REQUIRE(store->ReplaceFacts("h4", RandomFacts(rng)).ok());
    REQUIRE(store->ReplaceFacts("h99", RandomFacts(rng)).ok());
  }
  CheckTotalsMatchFacts(path);
}

TEST_CASE("Migration to version 6 keeps every fact, one row per record and period") {
  TempDir dir;
  const std::string path = dir.File("v5.db");
  for (int v = 0; v < 5; ++v) Exec(path, SqliteMigrations()[v].sql);
  Exec(path, "PRAGMA user_version = 5");
  std::mt19937 rng(5);
  std::map<std::string, std::vector<Fact>> records;
  std::string insert;
  for (int h = 0; h < 30; ++h) {
    const std::string id = "h" + std::to_string(h);
    records[id] = RandomFacts(rng);
    for (const Fact& f : records[id]) {
      insert += "INSERT INTO facts VALUES ('" + id + "', '" + f.period + "', '" + f.indicator +
                "', '" + f.group_id + "', " + std::to_string(f.numerator) + ", " +
                std::to_string(f.denominator) + ");";
    }
  }
  Exec(path, insert + kV3Totals);
  const std::string kAllFacts =
      "SELECT record_id, period, indicator, group_id, numerator, denominator FROM facts "
      "ORDER BY 1, 2, 3";
  const std::vector<std::string> before = Rows(path, kAllFacts);
  REQUIRE(before.size() > 100);

  { auto store = Open(path); }
  CHECK(Rows(path, "PRAGMA user_version") ==
        std::vector<std::string>{std::to_string(SqliteSchemaVersion())});
  CHECK(Rows(path, kAllFacts) == before);
  CHECK(Rows(path, "SELECT count(*) FROM record_facts") ==
        Rows(path, "SELECT count(*) FROM (SELECT DISTINCT record_id, period FROM facts)"));
  CheckTotalsMatchFacts(path);

  // The migrated rows are what the store itself writes: the same facts again change
  // nothing.
  auto store = Open(path);
  const int64_t writes = sqlite3_total_changes64(store->connection());
  for (const auto& [id, facts] : records) REQUIRE(store->ReplaceFacts(id, facts).ok());
  CHECK(sqlite3_total_changes64(store->connection()) == writes);
}

TEST_CASE("Migration to version 7 lists every record that had facts as expired") {
  TempDir dir;
  const std::string path = dir.File("v6.db");
  for (int v = 0; v < 6; ++v) Exec(path, SqliteMigrations()[v].sql);
  Exec(path,
       "PRAGMA user_version = 6;"
       "INSERT INTO record_facts VALUES ('h1', '2025', 'tdp-01', '{\"12\":[1,1]}');"
       "INSERT INTO record_facts VALUES ('h1', '2026', 'tdp-01', '{\"12\":[0,1]}');"
       "INSERT INTO record_facts VALUES ('h2', '2026', 'tdp-02', '{\"12\":[2,3]}');"
       "INSERT INTO record_facts VALUES ('g1', '2026', 'tdp-01', '{\"10\":[1,1]}');");
  auto store = Open(path);
  // Through the store's own connection: on the phone's build it holds the file locked.
  Result<int> version = ReadSqliteSchemaVersion(store->connection());
  REQUIRE(version.ok());
  CHECK(*version == 7);
  // Expired before any real date: the first refresh recomputes each of them once.
  CHECK(*store->ExpiredFactOwners("0001-01-01", 10) == std::vector<std::string>{"g1", "h1", "h2"});
  REQUIRE(store->SetFactsValidUntil("h1", "2026-07-01").ok());
  REQUIRE(store->SetFactsValidUntil("g1", std::nullopt).ok());
  CHECK(*store->ExpiredFactOwners("2026-06-30", 10) == std::vector<std::string>{"h2"});
}

TEST_CASE("Rolled-back fact replacements leave the totals unchanged") {
  TempDir dir;
  const std::string path = dir.File("rollback.db");
  std::mt19937 rng(11);
  std::string before;
  {
    auto store = Open(path);
    for (int h = 0; h < 10; ++h) {
      REQUIRE(store->ReplaceFacts("h" + std::to_string(h), RandomFacts(rng)).ok());
    }
    before = *store->Dump();

    SECTION("a transaction rolled back") {
      Transaction txn(*store);
      REQUIRE(txn.status().ok());
      REQUIRE(store->ReplaceFacts("h1", RandomFacts(rng)).ok());
      REQUIRE(store->ReplaceFacts("h2", {}).ok());
      REQUIRE(store->ReplaceFacts("h42", RandomFacts(rng)).ok());
      // Destroyed without Commit: rolled back.
    }
    SECTION("a commit that fails") {
      FaultInjectingStore faulty(*store);
      Transaction txn(faulty);
      REQUIRE(txn.status().ok());
      REQUIRE(faulty.ReplaceFacts("h3", RandomFacts(rng)).ok());
      REQUIRE(faulty.ReplaceFacts("h4", {}).ok());
      faulty.FailNth(1, Status::Error("disk_full", "đĩa đầy", "disk full"));
      CHECK_FALSE(txn.Commit().ok());
    }
    SECTION("a replacement that fails half way (duplicate fact)") {
      Fact dup{"", "tdp-01", "2026", "12", 1, 2};
      CHECK(store->ReplaceFacts("h5", {dup, dup}).code() == "store_constraint");
    }
    CHECK(*store->Dump() == before);
  }
  CheckTotalsMatchFacts(path);
}

TEST_CASE("Replacing a record's facts by the same facts writes nothing") {
  TempDir dir;
  const std::string path = dir.File("same.db");
  {
    auto store = Open(path);
    const std::vector<Fact> facts = {{"", "tdp-01", "2026", "12", 1, 1},
                                     {"", "tdp-01", "2026", "13", 0, 1},
                                     {"", "tdp-01", "2025", "12", 1, 1}};
    REQUIRE(store->ReplaceFacts("h1", facts).ok());
    const auto writes = [&] { return sqlite3_total_changes64(store->connection()); };
    const std::string before = *store->Dump();
    int64_t w = writes();

    // The same facts, in another order: nothing written.
    REQUIRE(store->ReplaceFacts("h1", {facts[2], facts[0], facts[1]}).ok());
    CHECK(writes() == w);
    CHECK(*store->Dump() == before);

    // Any difference is written: a value, a group, one fact fewer, one more.
    std::vector<Fact> changed = facts;
    changed[1].numerator = 1;
    std::vector<Fact> moved = facts;
    moved[0].group_id = "tdp-02";
    std::vector<Fact> fewer(facts.begin(), facts.begin() + 2);
    std::vector<Fact> more = facts;
    more.push_back({"", "tdp-01", "2026", "8a", 1, 1});
    for (const std::vector<Fact>* next :
         std::initializer_list<const std::vector<Fact>*>{&changed, &moved, &fewer, &more, &facts}) {
      w = writes();
      REQUIRE(store->ReplaceFacts("h1", *next).ok());
      CHECK(writes() > w);
    }
    CHECK(*store->Dump() == before);  // back to the first facts
    // A record without facts, given none: nothing to do either.
    w = writes();
    REQUIRE(store->ReplaceFacts("h2", {}).ok());
    CHECK(writes() == w);
  }
  CheckTotalsMatchFacts(path);
}

}  // namespace
}  // namespace sotay

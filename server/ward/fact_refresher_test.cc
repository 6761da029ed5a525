// FactRefresher over a real SqliteStore: which households a new date refreshes, in how
// many batches, once per day, and what it does when a refresh does not take.
#include "server/ward/fact_refresher.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "core/date.h"
#include "core/fact_refresh.h"
#include "core/indicator_facts.h"
#include "core/sqlite_store.h"
#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::Child;
using testing::LoadBundle;
using testing::RepoSchemas;
using testing::Set;

int64_t At(const std::string& date) {
  return UnixMsAtVietnamDayStart(*ParseDate(date)) + 10 * 3600 * 1000;  // 10:00 in Vietnam
}

// Household i of 20: the fixture's, renumbered, with member 104 born on 2 March 2010
// plus i days, so birthdays fall on different days of March.
std::vector<HouseholdBundle> Households() {
  std::vector<HouseholdBundle> out;
  for (int i = 0; i < 20; ++i) {
    HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
    char prefix[9];
    std::snprintf(prefix, sizeof prefix, "%08x", i + 1);
    auto renumber = [&](std::string& id) {
      if (!id.empty()) id.replace(0, 8, prefix);
    };
    renumber(b.household.id);
    for (Record& c : b.children) renumber(c.id), renumber(c.parent_id);
    Set(Child(b, "104"), "date_of_birth", FormatDate(*ParseDate("2010-03-02") + i));
    out.push_back(std::move(b));
  }
  return out;
}

struct Fixture {
  Fixture() {
    auto opened = SqliteStore::Open({.path = ":memory:"});
    REQUIRE(opened.ok());
    store = std::move(opened).value();
    households = Households();
    Transaction txn(*store);
    REQUIRE(txn.status().ok());
    std::vector<std::string> ids;
    for (const HouseholdBundle& b : households) {
      REQUIRE(store->PutRecord(b.household).ok());
      for (const Record& c : b.children) REQUIRE(store->PutRecord(c).ok());
      ids.push_back(b.household.id);
    }
    REQUIRE(RefreshFacts(*store, RepoSchemas(), ids, "2026-03-01").ok());  // as their last push did
    REQUIRE(txn.Commit().ok());
  }

  // The callback the server sets up, counting what it is given.
  FactRefresher::RefreshBatch Refresh() {
    return [this](const std::vector<std::string>& ids, std::string_view today,
                  std::chrono::steady_clock::time_point until) -> Result<size_t> {
      // One household at a time while there is time, as the server's does.
      std::vector<std::string> done;
      for (const std::string& id : ids) {
        done.push_back(id);
        if (std::chrono::steady_clock::now() >= until) break;
      }
      batches.push_back(done);
      for (const std::string& id : done) refreshed.insert(id);
      Transaction txn(*store);
      SOTAY_RETURN_IF_ERROR(txn.status());
      SOTAY_RETURN_IF_ERROR(RefreshFacts(*store, RepoSchemas(), done, today));
      SOTAY_RETURN_IF_ERROR(txn.Commit());
      return done.size();
    };
  }

  // The households whose facts, computed on 2026-03-01, no longer hold on `date`.
  std::set<std::string> ExpiredOn(const std::string& date) const {
    std::set<std::string> out;
    for (const HouseholdBundle& b : households) {
      if (*FactsValidUntil(b, "2026-03-01") <= date) out.insert(b.household.id);
    }
    return out;
  }

  std::unique_ptr<SqliteStore> store;
  std::vector<HouseholdBundle> households;
  std::mutex writer_mu;
  ManualClock clock{At("2026-03-01")};
  std::vector<std::vector<std::string>> batches;
  std::set<std::string> refreshed;
};

TEST_CASE("A new day refreshes only the households whose facts expired, in batches") {
  Fixture f;
  FactRefresher refresher(*f.store, f.writer_mu, f.clock, f.Refresh(),
                          {.batch = 3, .hold = std::chrono::hours(1)});
  CHECK(refresher.as_of() == "");
  // The day of the last push: nothing to do.
  CHECK(*refresher.CatchUp() == "2026-03-01");
  CHECK(f.refreshed.empty());

  f.clock.Set(At("2026-03-08"));
  const std::set<std::string> expected = f.ExpiredOn("2026-03-08");
  REQUIRE(expected.size() >= 7);  // the birthdays of 2..8 March at least
  REQUIRE(expected.size() < 20);
  CHECK(*refresher.CatchUp() == "2026-03-08");
  CHECK(f.refreshed == expected);
  CHECK(f.batches.size() == (expected.size() + 2) / 3);
  for (const auto& batch : f.batches) CHECK(batch.size() <= 3);
  CHECK(refresher.stats().households == static_cast<int64_t>(expected.size()));
  CHECK(refresher.as_of() == "2026-03-08");
  CHECK(**f.store->GetMeta(FactRefresher::kAsOfKey) == "2026-03-08");

  // The same day again, or a later time that day: nothing.
  f.clock.Advance(6 * 3600 * 1000);
  f.refreshed.clear();
  CHECK(*refresher.CatchUp() == "2026-03-08");
  CHECK(f.refreshed.empty());

  // 1 January: every household (a new period starts).
  f.clock.Set(At("2027-01-01"));
  CHECK(*refresher.CatchUp() == "2027-01-01");
  CHECK(f.refreshed.size() == 20);
  CHECK(f.store->AggregateFacts("2027")->size() > 0);
  CHECK(f.store->ExpiredFactOwners("2027-01-01", 100)->empty());

  // A new refresher on the same store starts from the recorded date.
  FactRefresher again(*f.store, f.writer_mu, f.clock, f.Refresh());
  CHECK(again.as_of() == "2027-01-01");
}

TEST_CASE("An ended month is kept once, before the facts move on, and not again after a restart") {
  Fixture f;
  std::vector<std::string> kept;  // the `as_of` of each call
  Status answer = Status::Ok();
  FactRefresherOptions options;
  options.before_new_month = [&](const std::string& as_of) {
    kept.push_back(as_of);
    return answer;
  };
  {
    FactRefresher refresher(*f.store, f.writer_mu, f.clock, f.Refresh(), options);
    CHECK(*refresher.CatchUp() == "2026-03-01");
    f.clock.Set(At("2026-03-08"));
    CHECK(*refresher.CatchUp() == "2026-03-08");
    CHECK(kept.empty());  // the same month

    // The first new date of April: March is kept as the facts stood on 8 March. A
    // failure is reported, never recorded as kept.
    answer = Status::Error("store_busy", "bận", "busy");
    f.clock.Set(At("2026-04-02"));
    CHECK(*refresher.CatchUp() == "2026-04-02");
    CHECK(kept == std::vector<std::string>{"2026-03-08"});
    CHECK(f.store->GetMeta(FactRefresher::kKeptMonthKey)->has_value() == false);
  }
  // A restart in April: the recorded date is of April, nothing to keep.
  answer = Status::Ok();
  kept.clear();
  {
    FactRefresher restarted(*f.store, f.writer_mu, f.clock, f.Refresh(), options);
    CHECK(restarted.as_of() == "2026-04-02");  // recorded on the month's first day
    f.clock.Set(At("2026-04-03"));
    CHECK(*restarted.CatchUp() == "2026-04-03");
    CHECK(kept.empty());
    f.clock.Set(At("2026-05-01"));
    CHECK(*restarted.CatchUp() == "2026-05-01");
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].substr(0, 7) == "2026-04");
    CHECK(**f.store->GetMeta(FactRefresher::kKeptMonthKey) == "2026-04");
  }
  // Another restart still in May, from a date of April (a store whose as_of was not
  // recorded since): April was kept already and is not written over.
  REQUIRE(f.store->SetMeta(FactRefresher::kAsOfKey, "2026-04-20").ok());
  kept.clear();
  FactRefresher again(*f.store, f.writer_mu, f.clock, f.Refresh(), options);
  CHECK(*again.CatchUp() == "2026-05-01");
  CHECK(kept.empty());
}

TEST_CASE("A refresh that leaves households expired stops instead of looping") {
  Fixture f;
  f.clock.Set(At("2026-03-10"));
  int calls = 0;
  FactRefresher refresher(*f.store, f.writer_mu, f.clock,
                          [&](const std::vector<std::string>& ids, std::string_view,
                              std::chrono::steady_clock::time_point) -> Result<size_t> {
                            ++calls;
                            return ids.size();  // does nothing
                          });
  Result<std::string> r = refresher.CatchUp();
  CHECK(r.status().code() == "facts_refresh_stuck");
  CHECK(calls == 1);
  CHECK(refresher.as_of() == "");
  CHECK_FALSE(f.store->GetMeta(FactRefresher::kAsOfKey)->has_value());

  // A failing batch is reported and the date is not moved either.
  FactRefresher failing(*f.store, f.writer_mu, f.clock,
                        [](const std::vector<std::string>&, std::string_view,
                           std::chrono::steady_clock::time_point) -> Result<size_t> {
                          return Status::Error("store_full", "đầy", "full");
                        });
  CHECK(failing.CatchUp().status().code() == "store_full");
  CHECK(failing.as_of() == "");

  // A batch that says it did none (or more than it was given) is an error, not counted.
  FactRefresher none(*f.store, f.writer_mu, f.clock,
                     [](const std::vector<std::string>&, std::string_view,
                        std::chrono::steady_clock::time_point) -> Result<size_t> { return 0; });
  CHECK(none.CatchUp().status().code() == "internal");
  CHECK(none.stats().households == 0);
  CHECK(none.as_of() == "");
}

TEST_CASE("A batch ends once it has held the writer lock its time, whatever its size") {
  Fixture f;
  // Each household takes 15 ms here; a batch may hold the lock 40 ms.
  FactRefresher::RefreshBatch plain = f.Refresh();
  auto slow = [&](const std::vector<std::string>& ids, std::string_view today,
                  std::chrono::steady_clock::time_point until) -> Result<size_t> {
    size_t n = 0;
    while (n < ids.size()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(15));
      ++n;
      if (std::chrono::steady_clock::now() >= until) break;
    }
    return plain(
        std::vector<std::string>(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(n)), today,
        std::chrono::steady_clock::time_point::max());
  };
  FactRefresher refresher(
      *f.store, f.writer_mu, f.clock, slow,
      {.batch = 100, .hold = std::chrono::milliseconds(40), .pause = std::chrono::milliseconds(0)});
  f.clock.Set(At("2026-03-10"));
  const std::set<std::string> expected = f.ExpiredOn("2026-03-10");
  REQUIRE(expected.size() >= 9);
  CHECK(*refresher.CatchUp() == "2026-03-10");
  CHECK(f.refreshed == expected);
  REQUIRE(f.batches.size() >= 3);  // not one batch of every expired household
  for (const auto& batch : f.batches) CHECK(batch.size() <= 4);
}

TEST_CASE("A batch lets waiting pushes go first, for a bounded time") {
  Fixture f;
  f.clock.Set(At("2026-03-05"));
  // Pushes waiting at the first two looks, then none.
  int looks = 0;
  FactRefresherOptions options{.batch = 100, .pause = std::chrono::milliseconds(0)};
  options.writers_waiting = [&] { return ++looks <= 2; };
  FactRefresher refresher(*f.store, f.writer_mu, f.clock, f.Refresh(), options);
  CHECK(*refresher.CatchUp() == "2026-03-05");
  CHECK(looks >= 3);
  CHECK(refresher.stats().yields == 1);
  CHECK(f.refreshed == f.ExpiredOn("2026-03-05"));

  // A ward that never stops pushing is refreshed all the same, each batch after
  // max_yield.
  FactRefresherOptions always{.batch = 100,
                              .pause = std::chrono::milliseconds(0),
                              .max_yield = std::chrono::milliseconds(20)};
  always.writers_waiting = [] { return true; };
  FactRefresher busy(*f.store, f.writer_mu, f.clock, f.Refresh(), always);
  f.clock.Set(At("2026-03-09"));
  f.refreshed.clear();
  CHECK(*busy.CatchUp() == "2026-03-09");
  CHECK(!f.refreshed.empty());
  CHECK(busy.stats().yields >= 1);
  CHECK(busy.stats().max_yield_us >= 20'000);
}

TEST_CASE("The thread brings the facts to a new date with no caller") {
  Fixture f;
  FactRefresher refresher(*f.store, f.writer_mu, f.clock, f.Refresh(),
                          {.batch = 300, .period = std::chrono::milliseconds(10)});
  auto wait_for = [&](const std::string& date) {
    for (int i = 0; i < 500 && refresher.as_of() != date; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return refresher.as_of();
  };
  CHECK(wait_for("2026-03-01") == "2026-03-01");
  f.clock.Set(At("2026-03-05"));
  CHECK(wait_for("2026-03-05") == "2026-03-05");
  CHECK(f.refreshed == f.ExpiredOn("2026-03-05"));
}

TEST_CASE("An answer waits for the thread a bounded time, then says which day it shows") {
  Fixture f;
  auto slow = [&f](const std::vector<std::string>& ids, std::string_view today,
                   std::chrono::steady_clock::time_point until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    return f.Refresh()(ids, today, until);
  };
  FactRefresher refresher(*f.store, f.writer_mu, f.clock, slow,
                          {.batch = 1, .period = std::chrono::hours(1)});
  CHECK(refresher.CatchUpWithin(std::chrono::seconds(10)).as_of == "2026-03-01");
  f.clock.Set(At("2026-03-05"));  // four households, 150 ms each
  FactRefresher::Freshness early = refresher.CatchUpWithin(std::chrono::milliseconds(20));
  CHECK(early.as_of == "2026-03-01");
  CHECK(early.refreshing);
  CHECK(early.status.ok());
  FactRefresher::Freshness later = refresher.CatchUpWithin(std::chrono::seconds(10));
  CHECK(later.as_of == "2026-03-05");
  CHECK_FALSE(later.refreshing);
  CHECK(f.refreshed == f.ExpiredOn("2026-03-05"));
}

}  // namespace
}  // namespace sotay

// Indicators true on their reference date whatever day they are read: the clock moves,
// nobody pushes, and GET /api/v1/indicators follows cards that expire, members who come
// of working age and a new year (docs/indicators.md "Facts and the calendar").
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "core/date.h"
#include "core/fact_refresh.h"
#include "server/testing/api_test_util.h"
#include "tests/fixtures/bundle_fixture.h"

namespace sotay {

using namespace testing;

namespace {

int64_t At(const std::string& date) {
  return UnixMsAtVietnamDayStart(*ParseDate(date)) + 10 * 3600 * 1000;  // 10:00 in Vietnam
}

// The fixture household (five residents) as household n of tdp-01.
HouseholdBundle Household(int n) {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  char prefix[9];
  std::snprintf(prefix, sizeof prefix, "%08x", n);
  auto renumber = [&](Record& r) {
    r.id.replace(0, 8, prefix);
    if (!r.parent_id.empty()) r.parent_id.replace(0, 8, prefix);
    r.group_id = "tdp-01";
  };
  renumber(b.household);
  for (Record& c : b.children) renumber(c);
  return b;
}

// Writes the households into the (stopped) server's database with their facts as a
// push on `day` stores them.
void SeedStopped(WardServer& ward, const std::vector<HouseholdBundle>& households,
                 const std::string& day) {
  {
    Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
    REQUIRE(db.ok());
    Store& store = *db->store;
    Transaction txn(store);
    REQUIRE(txn.status().ok());
    std::vector<std::string> ids;
    for (const HouseholdBundle& b : households) {
      REQUIRE(store.PutRecord(b.household).ok());
      for (const Record& c : b.children) REQUIRE(store.PutRecord(c).ok());
      ids.push_back(b.household.id);
    }
    REQUIRE(RefreshFacts(store, RepoSchemas(), ids, day).ok());
    REQUIRE(txn.Commit().ok());
  }
}

// The same with the server stopped and started again.
void Seed(WardServer& ward, const std::vector<HouseholdBundle>& households,
          const std::string& day) {
  ward.Stop();
  SeedStopped(ward, households, day);
  ward.Start();
}

// A ward server on a clock the test moves; the background thread is slowed down so
// only the dashboard's own catch-up runs, unless `period` says otherwise.
struct ClockedWard {
  explicit ClockedWard(const std::string& day,
                       std::chrono::milliseconds period = std::chrono::hours(1))
      : clock(At(day)), ward(2, [this, period](ServeOptions& o) {
          o.clock = &clock;
          o.fact_refresh_period = period;
        }) {}
  ManualClock clock;
  WardServer ward;
};

// The ward row of `indicator` in GET /api/v1/indicators?period=..., asked by the office
// user (logged in again: a session does not outlive the days the clock jumps).
struct WardRow {
  double numerator = 0;
  double denominator = 0;
  std::string as_of;
  std::string reference_date;
};
WardRow Ward(ApiClient& office, const std::string& period, const std::string& indicator) {
  const std::string token = Login(office, "lan");
  TestResponse r = office.Get("/api/v1/indicators?period=" + period, AuthHeaders(token));
  REQUIRE(r.status == 200);
  Json body = r.JsonBody();
  WardRow out;
  out.as_of = body["as_of"].is_string() ? body["as_of"].get<std::string>() : "";
  out.reference_date =
      body["reference_date"].is_string() ? body["reference_date"].get<std::string>() : "";
  CHECK(body["refreshing"] == false);
  for (const Json& v : body["values"]) {
    if (v["indicator"] == indicator && v["group_id"] == "") {
      out.numerator = v["numerator"].is_number() ? v["numerator"].get<double>() : 0;
      out.denominator = v["denominator"].is_number() ? v["denominator"].get<double>() : 0;
    }
  }
  return out;
}

std::string Sql1(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("facts: a card that expires after the last push stops counting, no push needed",
          "[api][facts]") {
  ClockedWard w("2026-06-20");
  HouseholdBundle h = Household(1);
  Set(Child(h, "102"), "bhyt_expiry", "2026-06-30");  // Lan's card ends on 30/06
  Seed(w.ward, {h}, "2026-06-20");
  ApiClient office(w.ward);

  WardRow before = Ward(office, "2026", "12");
  CHECK(before.numerator == 5);
  CHECK(before.denominator == 5);
  CHECK(before.as_of == "2026-06-20");
  CHECK(before.reference_date == "2026-06-20");

  w.clock.Set(At("2026-06-30"));  // still valid on its last day
  CHECK(Ward(office, "2026", "12").numerator == 5);

  w.clock.Set(At("2026-07-01"));
  WardRow after = Ward(office, "2026", "12");
  CHECK(after.numerator == 4);
  CHECK(after.denominator == 5);
  CHECK(after.as_of == "2026-07-01");
}

TEST_CASE("facts: a member coming of working age on a birthday changes indicator 13",
          "[api][facts]") {
  ClockedWard w("2026-07-01");
  HouseholdBundle h = Household(1);
  Record& bao = Child(h, "104");
  Set(bao, "date_of_birth", "2011-07-15");  // 15 on 15/07/2026
  Set(bao, "labour_status", "wage_contract");
  Set(bao, "bhxh", "none");
  Seed(w.ward, {h}, "2026-07-01");
  ApiClient office(w.ward);

  w.clock.Set(At("2026-07-14"));
  WardRow before = Ward(office, "2026", "13");
  CHECK(before.numerator == 2);  // Hùng and Lan
  CHECK(before.denominator == 2);
  w.clock.Set(At("2026-07-15"));
  WardRow after = Ward(office, "2026", "13");
  CHECK(after.numerator == 2);
  CHECK(after.denominator == 3);  // Bảo is 15, working, without BHXH
  CHECK(after.as_of == "2026-07-15");
}

TEST_CASE("facts: on 1 January every household has facts for the new year, no push needed",
          "[api][facts]") {
  ClockedWard w("2026-12-20");
  Seed(w.ward, {Household(1), Household(2), Household(3)}, "2026-12-20");
  ApiClient office(w.ward);

  w.clock.Set(At("2026-12-31"));
  CHECK(Ward(office, "2027", "12").denominator == 0);  // no 2027 facts yet
  CHECK(Ward(office, "2026", "12").numerator == 15);   // three cards end today

  w.clock.Set(At("2027-01-01"));
  WardRow y2027 = Ward(office, "2027", "12");
  CHECK(y2027.denominator == 15);  // every resident of every household
  CHECK(y2027.numerator == 6);     // the cards that ended on 31/12 no longer count
  CHECK(y2027.as_of == "2027-01-01");
  CHECK(y2027.reference_date == "2027-01-01");
  CHECK(Ward(office, "2027", "16").denominator == 3);
  // 2026 stays as it was on its reference date.
  WardRow y2026 = Ward(office, "2026", "12");
  CHECK(y2026.numerator == 15);
  CHECK(y2026.reference_date == "2026-12-31");
  CHECK(Sql1(w.ward.db_path,
             "SELECT count(DISTINCT record_id) FROM record_facts WHERE period = '2027'") == "3");
}

TEST_CASE("facts: facts stored without an expiry day are refreshed once the server starts",
          "[api][facts]") {
  // Facts computed in January (as a database from before expiry days has them), read in
  // July: the background thread refreshes them with no request.
  ClockedWard w("2026-07-05", std::chrono::milliseconds(20));
  HouseholdBundle h = Household(1);
  Set(Child(h, "102"), "bhyt_expiry", "2026-06-30");
  w.ward.Stop();
  SeedStopped(w.ward, {h}, "2026-01-10");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(w.ward.db_path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "UPDATE fact_expiry SET valid_until = ''; DELETE FROM meta "
                         "WHERE key = 'facts/as_of'",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  REQUIRE(Sql1(w.ward.db_path, "SELECT count(*) FROM fact_expiry WHERE valid_until = ''") == "1");
  REQUIRE(Sql1(w.ward.db_path,
               "SELECT CAST(numerator AS INTEGER) FROM facts WHERE period = '2026' AND "
               "indicator = '12'") == "5");
  w.ward.Start();
  std::string as_of;
  for (int i = 0; i < 500 && as_of != "2026-07-05"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    as_of = Sql1(w.ward.db_path, "SELECT value FROM meta WHERE key = 'facts/as_of'");
  }
  CHECK(as_of == "2026-07-05");
  CHECK(Sql1(w.ward.db_path,
             "SELECT CAST(numerator AS INTEGER) FROM facts WHERE period = '2026' AND "
             "indicator = '12'") == "4");
}

}  // namespace sotay

namespace sotay {

using namespace testing;

TEST_CASE("facts: a birthday updates the stored age on the day, written by the server",
          "[api][facts][derived]") {
  ClockedWard w("2026-07-01");
  HouseholdBundle h = Household(1);
  // No poverty review this year: ages are taken on today (core/age_reference.h).
  std::erase_if(h.children, [](const Record& r) { return r.type == "assessment.poverty"; });
  Record& bao = Child(h, "104");
  Set(bao, "date_of_birth", "2011-07-15");
  Set(bao, "age", 14);
  const std::string bao_id = bao.id;
  Seed(w.ward, {h}, "2026-07-01");
  ApiClient office(w.ward);
  auto age = [&] {
    const std::string token = Login(office, "lan");
    Json r = office.Get("/api/v1/records/" + bao_id, AuthHeaders(token)).JsonBody();
    return r["record"]["fields"]["age"];
  };

  w.clock.Set(At("2026-07-14"));
  Ward(office, "2026", "13");  // the dashboard brings the ward to the day
  CHECK(age()["value"] == 14);
  w.clock.Set(At("2026-07-15"));
  Ward(office, "2026", "13");
  Json after = age();
  CHECK(after["value"] == 15);
  CHECK(WrittenByServer(after["hlc"].get<std::string>()));
}

TEST_CASE("facts: a month keeps its values as of its last day before the facts move on",
          "[api][facts][snapshot]") {
  // Nothing of June is kept by the dashboard; on 01/07 the facts move to July (Lan's
  // card has ended) but June's report shows June as the facts last stood in June, and
  // says which day that was.
  ClockedWard w("2026-06-20");
  HouseholdBundle h = Household(1);
  Set(Child(h, "102"), "bhyt_expiry", "2026-06-30");
  Seed(w.ward, {h}, "2026-06-20");
  ApiClient office(w.ward);
  // The facts are of 20/06 (the dashboard brought them there); what that answer kept of
  // June is removed, as if nobody had opened the dashboard in June.
  CHECK(Ward(office, "2026", "12").as_of == "2026-06-20");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(w.ward.db_path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "DELETE FROM acct_indicator_snapshots", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(db);
  }
  REQUIRE(Sql1(w.ward.db_path, "SELECT count(*) FROM acct_indicator_snapshots") == "0");

  w.clock.Set(At("2026-07-01"));
  const std::string token = Login(office, "lan");
  TestResponse r = office.Get("/api/v1/report?period=2026-06", AuthHeaders(token));
  REQUIRE(r.status == 200);
  Json june = r.JsonBody();
  CHECK(june["period_ended"] == true);
  CHECK(june["snapshot_as_of"] == "2026-06-20");
  CHECK(june["basis_note"]["vi"].get<std::string>().find("lưu ngày 2026-06-20") !=
        std::string::npos);
  bool found = false;
  for (const Json& row : june["rows"]) {
    if (row["indicator"] != "12") continue;
    found = true;
    CHECK(row["basis"] == "snapshot");
    CHECK(row["as_of"] == "ngày 2026-06-20");
    CHECK(row["value"] == 100.0);  // five of five covered in June
  }
  CHECK(found);
  WardRow july = Ward(office, "2026", "12");
  CHECK(july.numerator == 4);  // today's facts moved on
  CHECK(july.as_of == "2026-07-01");
  // July's own snapshot is dated too.
  CHECK(Sql1(w.ward.db_path,
             "SELECT as_of FROM acct_indicator_snapshots WHERE month = '2026-07' AND "
             "indicator = '12'") == "2026-07-01");
}

}  // namespace sotay

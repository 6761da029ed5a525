// The dashboard endpoints (docs/protocol.md "Dashboard") through the API, in process:
// indicators checked against SQL over the database, manual values, trend and report,
// records and their history, cultural families, exports, admin routes and role checks.
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/date.h"
#include "core/plan_period.h"
#include "server/api/zip_test_util.h"
#include "server/testing/api_test_util.h"
#include "server/ward/demo_ward.h"

namespace sotay {

using namespace testing;

namespace {

// Writes a small demo ward into the (stopped) server's database, then restarts it.
void AddDemoWard(WardServer& ward, int groups, int households) {
  ward.Stop();
  {
    Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
    REQUIRE(db.ok());
    Result<SchemaSet> schemas = SchemaSet::LoadDirectory(SchemasDir());
    REQUIRE(schemas.ok());
    DemoOptions options;
    options.groups = groups;
    options.households = households;
    options.seed = 7;
    Result<DemoStats> stats = GenerateDemoWard(*db->store, *schemas, options, db->accounts.get());
    REQUIRE(stats.ok());
    REQUIRE(stats->households == households);
  }
  ward.Start();
}

// Rows of an SQL query over the database file, every column as text (NULL as "").
std::vector<std::vector<std::string>> Sql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  INFO(sql);
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      row.emplace_back(t == nullptr ? "" : t);
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

struct Counts {
  double num = 0;
  double den = 0;
};

// The values rows of one indicator by group ("" = the ward).
std::map<std::string, Json> RowsOf(const Json& body, const std::string& indicator) {
  std::map<std::string, Json> out;
  for (const Json& v : body["values"]) {
    if (v["indicator"] == indicator) out[v["group_id"].get<std::string>()] = v;
  }
  return out;
}

void CheckAgainstSql(const Json& body, const std::string& indicator,
                     const std::map<std::string, Counts>& expected) {
  std::map<std::string, Json> rows = RowsOf(body, indicator);
  Counts ward;
  for (const auto& [group, c] : expected) {
    INFO("indicator " << indicator << " group " << group);
    REQUIRE(rows.count(group) == 1);
    const Json& row = rows[group];
    CHECK(row["numerator"].get<double>() == c.num);
    CHECK(row["denominator"].get<double>() == c.den);
    CHECK(row["value"].get<double>() == Approx(c.num / c.den * 100).epsilon(1e-12));
    ward.num += c.num;
    ward.den += c.den;
  }
  const Json& w = rows[""];
  CHECK(w["numerator"].get<double>() == ward.num);
  CHECK(w["denominator"].get<double>() == ward.den);
  double value = ward.num / ward.den * 100;
  CHECK(w["value"].get<double>() == Approx(value).epsilon(1e-12));
  if (w["target"].is_object() && w["target"]["comparison"] == "gte") {
    const double target = w["target"]["value"].get<double>();
    const char* status = value >= target ? "met" : value >= target - 2 ? "at_risk" : "not_met";
    CHECK(w["status"] == status);
    // How many more residents meet the target, counted here without the core.
    int64_t more = 0;
    while ((ward.num + static_cast<double>(more)) / ward.den * 100 < target - 1e-9) ++more;
    CHECK(w["short_of_target"] == more);
  }
}

std::map<std::string, Counts> CountsFromSql(const std::vector<std::vector<std::string>>& rows) {
  std::map<std::string, Counts> out;
  for (const auto& r : rows) out[r[0]] = Counts{std::stod(r[1]), std::stod(r[2])};
  return out;
}

std::string ThisYear() { return VietnamToday(SystemClock::Default()).substr(0, 4); }

TestResponse Put(ApiClient& c, const std::string& token, const std::string& target,
                 const Json& body) {
  return c.Request("PUT", target, body.dump(), AuthHeaders(token));
}

bool Audited(ApiClient& c, const std::string& token, const std::string& action,
             const std::string& target) {
  Json entries = c.Get("/api/v1/audit?limit=1000", AuthHeaders(token)).JsonBody();
  for (const Json& e : entries["entries"]) {
    if (e["action"] == action && e["target"] == target) return true;
  }
  return false;
}

}  // namespace

// Required by issue 6: the server's indicator values equal an independent computation
// in SQL over the records table's JSON (not the facts table, not the core's code).
TEST_CASE("dashboard: indicators on the demo ward equal SQL over the records", "[api][dashboard]") {
  WardServer ward;
  AddDemoWard(ward, 3, 600);
  ApiClient office(ward);
  std::string token = Login(office, "lan");
  TestResponse r = office.Get("/api/v1/indicators?period=2026", AuthHeaders(token));
  REQUIRE(r.status == 200);
  Json body = r.JsonBody();
  CHECK(body["period"] == "2026");
  CHECK(body["indicators"].size() >= 26);
  CHECK(body["computed_ms"].get<int64_t>() > 0);

  // 12: residents (not temporarily absent) whose BHYT card is valid on the demo's
  // reference date, over residents, per group.
  auto bhyt = Sql(ward.db_path,
                  "SELECT p.group_id,"
                  " SUM(CASE WHEN json_extract(p.fields, '$.bhyt_has_card.v') = 1"
                  "      AND json_extract(p.fields, '$.bhyt_expiry.v') >= '2026-11-01'"
                  "     THEN 1 ELSE 0 END), COUNT(*)"
                  " FROM records p JOIN records h ON h.id = p.parent_id"
                  " WHERE p.type = 'person' AND p.deleted = 0 AND h.type = 'household'"
                  "   AND h.deleted = 0"
                  "   AND COALESCE(json_extract(p.fields, '$.residence_status.v'), '') <> 'absent'"
                  " GROUP BY p.group_id");
  REQUIRE(bhyt.size() == 3);
  CheckAgainstSql(body, "12", CountsFromSql(bhyt));

  // 16: households whose waste is collected.
  auto waste = Sql(ward.db_path,
                   "SELECT group_id,"
                   " SUM(CASE WHEN json_extract(fields, '$.waste_collected.v') = 1"
                   "     THEN 1 ELSE 0 END), COUNT(*)"
                   " FROM records WHERE type = 'household' AND deleted = 0 GROUP BY group_id");
  REQUIRE(waste.size() == 3);
  CheckAgainstSql(body, "16", CountsFromSql(waste));

  // One group only: the ward rows and that group's rows.
  Json one =
      office.Get("/api/v1/indicators?period=2026&group=tdp-02", AuthHeaders(token)).JsonBody();
  std::set<std::string> groups;
  for (const Json& v : one["values"]) groups.insert(v["group_id"].get<std::string>());
  CHECK(groups == std::set<std::string>{"", "tdp-02"});
  CHECK(RowsOf(one, "12")["tdp-02"] == RowsOf(body, "12")["tdp-02"]);

  TestResponse bad = office.Get("/api/v1/indicators?period=2026-13", AuthHeaders(token));
  CHECK(bad.status == 400);
  CHECK(ErrorCodeOf(bad) == "bad_period");
  CHECK(office.Get("/api/v1/indicators?period=20x6", AuthHeaders(token)).status == 400);
  CHECK(office.Get("/api/v1/indicators?group=tdp-77", AuthHeaders(token)).status == 404);

  // Groups with their sizes, straight from the records table.
  Json g = office.Get("/api/v1/groups", AuthHeaders(token)).JsonBody();
  REQUIRE(g["groups"].size() == 3);
  auto sizes = Sql(ward.db_path,
                   "SELECT group_id, SUM(type = 'household'), SUM(type = 'person') FROM records"
                   " WHERE deleted = 0 GROUP BY group_id ORDER BY group_id");
  for (size_t i = 0; i < 3; ++i) {
    CHECK(g["groups"][i]["id"] == sizes[i][0]);
    CHECK(g["groups"][i]["households"] == std::stoll(sizes[i][1]));
    CHECK(g["groups"][i]["persons"] == std::stoll(sizes[i][2]));
  }

  // Cultural families proposed or recognised for 2026, counted in SQL.
  Json fam = office.Get("/api/v1/cultural-families?period=2026", AuthHeaders(token)).JsonBody();
  auto families = Sql(ward.db_path,
                      "SELECT COUNT(*) FROM records WHERE type = 'assessment.cultural_family'"
                      " AND deleted = 0 AND json_extract(fields, '$.period.v') = 2026"
                      " AND json_extract(fields, '$.status.v') IN ('proposed', 'recognised')");
  REQUIRE(fam["families"].is_array());
  CHECK(static_cast<int64_t>(fam["families"].size()) == std::stoll(families[0][0]));
  CHECK(!fam["families"].empty());
  for (const Json& f : fam["families"]) {
    CHECK(!f["head_name"].get<std::string>().empty());
    CHECK((f["status"] == "proposed" || f["status"] == "recognised"));
  }
  Json fam1 = office.Get("/api/v1/cultural-families?period=2026&group=tdp-01", AuthHeaders(token))
                  .JsonBody();
  for (const Json& f : fam1["families"]) CHECK(f["group_id"] == "tdp-01");
  CHECK(fam1["families"].size() < fam["families"].size());
}

TEST_CASE("dashboard: manual values, trend and the period report", "[api][dashboard]") {
  WardServer ward;
  ApiClient office(ward);
  std::string token = Login(office, "lan");
  const std::string year = ThisYear();

  TestResponse first = Put(office, token, "/api/v1/indicators/1/values",
                           {{"period", year + "-05"}, {"value", 112.5}, {"note", "theo KBNN"}});
  REQUIRE(first.status == 200);
  Json e = first.JsonBody();
  CHECK(e["indicator"] == "1");
  CHECK(e["period"] == year + "-05");
  CHECK(e["value"] == 112.5);
  CHECK(e["note"] == "theo KBNN");
  CHECK(e["entered_by"] == "user:lan");
  CHECK(e["entered_ms"].get<int64_t>() > 0);
  // A correction: the latest entry of a period wins, the first is kept in the history.
  REQUIRE(
      Put(office, token, "/api/v1/indicators/1/values", {{"period", year + "-05"}, {"value", 108}})
          .status == 200);

  TestResponse computed =
      Put(office, token, "/api/v1/indicators/12/values", {{"period", year}, {"value", 97}});
  CHECK(computed.status == 400);
  CHECK(ErrorCodeOf(computed) == "not_manual");
  TestResponse wrong =
      Put(office, token, "/api/v1/indicators/1/values", {{"period", year + "-Q2"}, {"value", 1}});
  CHECK(wrong.status == 400);
  CHECK(ErrorCodeOf(wrong) == "bad_period");
  CHECK(Put(office, token, "/api/v1/indicators/1/values", {{"period", year + "-05"}}).status ==
        400);
  CHECK(Put(office, token, "/api/v1/indicators/1/values",
            {{"period", year + "-05"}, {"value", "nhiều"}})
            .status == 400);
  CHECK(Put(office, token, "/api/v1/indicators/nope/values", {{"period", year}, {"value", 1}})
            .status == 404);

  Json history = office.Get("/api/v1/indicators/1/values", AuthHeaders(token)).JsonBody();
  REQUIRE(history["values"].size() == 2);
  CHECK(history["values"][0]["value"] == 108);
  CHECK(history["values"][1]["value"] == 112.5);

  Json ind = office.Get("/api/v1/indicators?period=" + year, AuthHeaders(token)).JsonBody();
  Json row = RowsOf(ind, "1")[""];
  CHECK(row["value"] == 108);
  CHECK(row["value_period"] == year + "-05");
  CHECK(row["entered_by"] == "user:lan");
  CHECK(row["status"] == "at_risk");    // target: at least 110; 2 points short
  CHECK(RowsOf(ind, "1").size() == 1);  // manual indicators: the ward only
  CHECK(Audited(office, token, "manual_value", "1"));

  // The trend holds this month's snapshot, refreshed by the call above.
  Json trend = office.Get("/api/v1/indicators/trend?period=" + year, AuthHeaders(token)).JsonBody();
  REQUIRE(trend["months"].size() == 12);
  CHECK(trend["months"][0] == year + "-01");
  int month = std::stoi(VietnamToday(SystemClock::Default()).substr(5, 2));
  CHECK(trend["series"]["1"][month - 1] == 108);
  for (int m = 0; m < month - 1; ++m) CHECK(trend["series"]["1"][m].is_null());
  CHECK(office.Get("/api/v1/indicators/trend?period=x", AuthHeaders(token)).status == 400);

  // Reports: a quarter holding May has the value, April does not.
  TestResponse q2 = office.Get("/api/v1/report?period=" + year + "-Q2", AuthHeaders(token));
  REQUIRE(q2.status == 200);
  Json report = q2.JsonBody();
  CHECK(report["ward"] == "Phường Kiến An");
  CHECK(report["period"] == year + "-Q2");
  bool found = false;
  for (const Json& r : report["rows"]) {
    if (r["indicator"] != "1") continue;
    found = true;
    CHECK(r["value"] == 108);
    CHECK(r["status"] == "at_risk");
    CHECK(r["label"]["vi"] == "Thu ngân sách nhà nước trên địa bàn");
    CHECK(r["basis"] == "manual");
    CHECK(r["as_of"] == "kỳ " + year + "-05");
  }
  CHECK(found);
  // A period still running: record-derived values are the year so far, as of today,
  // and the report says so; signed with the office user's full name.
  const std::string today = VietnamToday(SystemClock::Default());
  const std::string this_month = today.substr(0, 7);
  Json running = office.Get("/api/v1/report?period=" + this_month, AuthHeaders(token)).JsonBody();
  CHECK(running["period_ended"] == false);
  CHECK(running["records_as_of"] == today);
  CHECK(running["report_date"] == today);
  CHECK(running["prepared_by"] == "Nguyễn Thị Lan");
  CHECK(running["basis_note"]["vi"].get<std::string>().find("lũy kế năm " + year) !=
        std::string::npos);
  for (const Json& r : running["rows"]) {
    if (r["indicator"] == "1") CHECK(r["plan_item"] == 1);
    if (r["indicator"] == "digital.online_service") CHECK(r["plan_item"].is_null());
    if (r["indicator"] != "12") continue;
    CHECK(r["basis"] == "records");
    CHECK(r["groups_known"] == true);
    CHECK(r["as_of"] == "năm " + year + " đến " + today);
    CHECK(r.contains("numerator"));
    CHECK(r.contains("denominator"));
  }
  // A quarter that has ended shows that quarter's values: those kept at the end of its
  // last month, judged against the target, not today's.
  const std::string last_year = std::to_string(std::stoi(year) - 1);
  {
    Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
    REQUIRE(db.ok());
    REQUIRE(db->accounts->PutSnapshots({{last_year + "-09", "12", 91.5, 1}}).ok());
  }
  Json ended =
      office.Get("/api/v1/report?period=" + last_year + "-Q3", AuthHeaders(token)).JsonBody();
  CHECK(ended["period_ended"] == true);
  CHECK(ended["snapshot_month"] == last_year + "-09");
  CHECK(ended["basis_note"]["vi"].get<std::string>().find("cuối tháng " + last_year + "-09") !=
        std::string::npos);
  int kept = 0;
  for (const Json& r : ended["rows"]) {
    if (r["basis"] != "snapshot") continue;
    ++kept;
    CHECK(r["as_of"] == "cuối tháng " + last_year + "-09");
    CHECK(r["groups_known"] == false);
    CHECK(r["numerator"].is_null());
    if (r["indicator"] == "12") {
      CHECK(r["value"] == 91.5);
      CHECK(r["status"] == "not_met");  // at least 96 %
    } else {
      CHECK(r["value"].is_null());  // nothing kept that month
      CHECK(r["status"] == "no_data");
    }
  }
  CHECK(kept > 10);
  Json april = office.Get("/api/v1/report?period=" + year + "-04", AuthHeaders(token)).JsonBody();
  for (const Json& r : april["rows"]) {
    if (r["indicator"] == "1") CHECK(r["value"].is_null());
  }
  TestResponse csv =
      office.Get("/api/v1/report?period=" + this_month + "&format=csv", AuthHeaders(token));
  REQUIRE(csv.status == 200);
  // A person's document: the ward, the title and period, the plan's numbers, values in
  // Vietnamese with their unit, statuses and periods in words, a name a person reads.
  const std::string vn_today = today.substr(8, 2) + "/" + today.substr(5, 2) + "/" + year;
  CHECK(csv.body.rfind("\xEF\xBB\xBFUBND ", 0) == 0);
  CHECK(csv.body.find("\r\nBÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM " + year + "\r\n") !=
        std::string::npos);
  CHECK(csv.body.find("\r\nKỳ báo cáo: Tháng " + std::to_string(std::stoi(this_month.substr(5))) +
                      "/" + year + "\r\n") != std::string::npos);
  CHECK(csv.body.find("\r\nKỳ chưa kết thúc — số liệu đến ngày " + vn_today + "\r\n") !=
        std::string::npos);
  CHECK(csv.body.find("\r\nSố,Chỉ tiêu,Mục tiêu,Thực hiện,Số liệu của,Đánh giá,Tổ chưa đạt\r\n") !=
        std::string::npos);
  CHECK(csv.body.find("\r\n1,Thu ngân sách nhà nước trên địa bàn,") != std::string::npos);
  CHECK(csv.body.find("\r\n8b,Hộ cận nghèo giảm so với kỳ trước,≤ -10 %,") != std::string::npos);
  CHECK(csv.body.find("\r\n12,Bảo hiểm y tế,≥ 96 %,") != std::string::npos);
  CHECK(csv.body.find(",cả năm " + year + " đến " + vn_today + ",") != std::string::npos);
  CHECK(csv.body.rfind("\xEF\xBB\xBFUBND Phường Kiến An\r\n", 0) == 0);
  CHECK(csv.body.find("\r\n\"Kiến An, ngày " + today.substr(8, 2) + " tháng " + today.substr(5, 2) +
                      " năm " + year + "\"\r\n") != std::string::npos);
  CHECK(csv.body.find("Người lập báo cáo: Nguyễn Thị Lan\r\n") != std::string::npos);
  if (month >= 5) {
    // The manual value of May: "108 %", its period in words, its status in words.
    CHECK(csv.body.find(",108 %,kỳ Tháng 5/" + year + ",Gần đạt,") != std::string::npos);
  }
  for (const char* raw : {",percent", ",households,", "digital.", ",met,", ",not_met,", "tdp-"}) {
    INFO(raw);
    CHECK(csv.body.find(raw) == std::string::npos);
  }
  CHECK(csv.Header("Content-Disposition")
            .find("bao-cao-thang-" + std::to_string(std::stoi(this_month.substr(5))) + "-" + year +
                  ".csv") != std::string::npos);
  for (const Json& r : running["rows"]) {
    if (r["indicator"] == "8b") CHECK(r["plan_number"] == "8b");
    if (r["indicator"] == "digital.vneid") CHECK(r["plan_number"] == "");
    CHECK(r.contains("display"));
  }
  CHECK(ErrorCodeOf(office.Get("/api/v1/report?period=2026-Q5", AuthHeaders(token))) ==
        "bad_period");
  CHECK(ErrorCodeOf(office.Get("/api/v1/report?period=2026&format=pdf", AuthHeaders(token))) ==
        "bad_format");
}

TEST_CASE("dashboard: records, search, review filter, detail, history, exports",
          "[api][dashboard]") {
  WardServer ward;
  AddDemoWard(ward, 2, 60);
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.OpenSession().status == 200);
  const std::string h = NewUuid(), p = NewUuid();
  Json changes = Json::array({phone.Change(h, "tdp-01", "address_street", "Trần Thành Ngọ"),
                              phone.Change(h, "tdp-01", "address_number", "12"),
                              phone.Change(h, "tdp-01", "waste_collected", true)});
  const Json person = {{"full_name", "Trần Thị Ánh"},
                       {"relationship", "head"},
                       {"bhyt_has_card", true},
                       {"date_of_birth", "1973-12-25"}};
  for (const auto& [field, value] : person.items()) {
    Json c = phone.Change(p, "tdp-01", field, value);
    c["record_type"] = "person";
    c["parent_id"] = h;
    changes.push_back(c);
  }
  REQUIRE(phone.Push(changes).status == 200);

  ApiClient office(ward);
  std::string token = Login(office, "lan");

  // Search without diacritics, any case.
  Json found =
      office.Get("/api/v1/records?type=household&q=TRAN+THI+anh", AuthHeaders(token)).JsonBody();
  REQUIRE(found["records"].size() == 1);
  const Json& rec = found["records"][0];
  CHECK(rec["id"] == h);
  CHECK(rec["summary"]["head_name"] == "Trần Thị Ánh");
  CHECK(rec["summary"]["address"] == "12 Trần Thành Ngọ");
  CHECK(rec["summary"]["house_number"] == "12");
  CHECK(rec["summary"]["members"] == 1);
  CHECK(rec["updated_ms"].get<int64_t>() > 1767225600000);
  // The demo ward has households on that street too: all of them, and only them, match.
  Json street = office.Get("/api/v1/records?q=thanh+ngo&limit=1000", AuthHeaders(token)).JsonBody();
  bool listed = false;
  for (const Json& r : street["records"]) {
    CHECK(r["summary"]["address"].get<std::string>().find("Trần Thành Ngọ") != std::string::npos);
    listed = listed || r["id"] == h;
  }
  CHECK(listed);

  // Paging: pages do not overlap and cover the group.
  std::set<std::string> seen;
  std::string target = "/api/v1/records?type=household&group=tdp-02&limit=7";
  Json next;
  int pages = 0;
  do {
    Json page = office
                    .Get(target + (next.is_null() ? "" : "&after=" + next.get<std::string>()),
                         AuthHeaders(token))
                    .JsonBody();
    for (const Json& r : page["records"]) {
      CHECK(r["group_id"] == "tdp-02");
      CHECK(seen.insert(r["id"].get<std::string>()).second);
    }
    next = page["next"];
    ++pages;
  } while (!next.is_null() && pages < 20);
  CHECK(seen.size() == 30);
  CHECK(pages == 5);

  // A search's summaries (one SQL pass) are the plain list's (SummarizeHousehold), and
  // its pages do not overlap either.
  std::map<std::string, Json> plain;
  const Json whole =
      office.Get(target.substr(0, target.find("&limit")) + "&limit=1000", AuthHeaders(token))
          .JsonBody();
  for (const Json& r : whole["records"]) plain[r["id"].get<std::string>()] = r["summary"];
  REQUIRE(plain.size() == 30);
  std::map<std::string, Json> searched;
  next = Json();
  pages = 0;
  do {
    Json page =
        office
            .Get(target + "&q=n" + (next.is_null() ? "" : "&after=" + next.get<std::string>()),
                 AuthHeaders(token))
            .JsonBody();
    for (const Json& r : page["records"]) {
      CHECK(searched.emplace(r["id"].get<std::string>(), r["summary"]).second);
    }
    next = page["next"];
    ++pages;
  } while (!next.is_null() && pages < 20);
  CHECK(searched.size() > 10);
  for (const auto& [id, summary] : searched) {
    INFO(id);
    CHECK(summary == plain.at(id));
    CHECK(summary["members"].get<int64_t>() > 0);
  }

  // Review filters.
  REQUIRE(office
              .Request("POST", "/api/v1/records/" + h + "/review",
                       Json{{"state", "approved"}, {"comment", "đủ"}}.dump(), AuthHeaders(token))
              .status == 200);
  Json approved = office.Get("/api/v1/records?status=approved", AuthHeaders(token)).JsonBody();
  REQUIRE(approved["records"].size() == 1);
  CHECK(approved["records"][0]["review"]["state"] == "approved");
  CHECK(approved["records"][0]["review"]["by"] == "user:lan");
  Json unreviewed =
      office.Get("/api/v1/records?status=unreviewed&group=tdp-01&limit=1000", AuthHeaders(token))
          .JsonBody();
  CHECK(unreviewed["records"].size() == 30);
  CHECK(office.Get("/api/v1/records?status=maybe", AuthHeaders(token)).status == 400);
  CHECK(ErrorCodeOf(office.Get("/api/v1/records?type=nope", AuthHeaders(token))) == "unknown_type");

  // One record: fields, children, review, facts; its sensitive fields are audited.
  TestResponse one = office.Get("/api/v1/records/" + h, AuthHeaders(token));
  REQUIRE(one.status == 200);
  Json detail = one.JsonBody();
  CHECK(detail["record"]["fields"]["address_number"]["value"] == "12");
  CHECK(detail["record"]["parent_id"].is_null());
  REQUIRE(detail["children"].size() == 1);
  CHECK(detail["children"][0]["fields"]["full_name"]["value"] == "Trần Thị Ánh");
  CHECK(detail["review"]["state"] == "approved");
  bool waste_fact = false;
  for (const Json& f : detail["facts"]) {
    if (f["indicator"] == "16" && f["numerator"] == 1 && f["denominator"] == 1) waste_fact = true;
  }
  CHECK(waste_fact);
  CHECK(Audited(office, token, "read_sensitive", "records/" + h));
  CHECK(office.Get("/api/v1/records/" + NewUuid(), AuthHeaders(token)).status == 404);

  // History: the push is one write of the household, with who, when and its fields;
  // the server's derived values (its member counts) are a write of their own after it.
  Json hist = office.Get("/api/v1/records/" + h + "/history", AuthHeaders(token)).JsonBody();
  REQUIRE(hist["writes"].size() == 2);
  CHECK(hist["writes"][0]["device_id"] == "server");
  const Json& first = hist["writes"][1];
  CHECK(first["device_id"] == phone.device_id);
  CHECK(first["device_name"] == "Điện thoại tổ trưởng");
  CHECK(first["at_ms"].get<int64_t>() > 1767225600000);
  CHECK(first["server_seq"].get<int64_t>() > 0);
  REQUIRE(first["fields"].size() == 3);
  CHECK(first["fields"][0]["field"] == "address_number");
  CHECK(first["fields"][1]["field"] == "address_street");
  CHECK(first["fields"][1]["value"] == "Trần Thành Ngọ");
  CHECK(first["fields"][1]["had_old"] == false);
  CHECK(hist["next"].is_null());

  // CSV export: BOM, Vietnamese labels, group names, the household's address and head
  // first, ids last; a file name a person reads; audited.
  const std::string today = VietnamToday(SystemClock::Default());
  TestResponse csv =
      office.Get("/api/v1/export?type=household&format=csv&group=tdp-01", AuthHeaders(token));
  REQUIRE(csv.status == 200);
  CHECK(csv.Header("Content-Type").find("text/csv") == 0);
  CHECK(csv.Header("Content-Disposition") ==
        "attachment; filename=\"ho-gia-dinh_to-dan-pho-so-1_" + today + ".csv\"");
  REQUIRE(csv.body.rfind("\xEF\xBB\xBFTổ dân phố,Địa chỉ,Chủ hộ,", 0) == 0);
  std::string header = csv.body.substr(0, csv.body.find("\r\n"));
  CHECK(header.ends_with(",Mã hồ sơ,Mã hộ"));
  Result<SchemaSet> schemas = SchemaSet::LoadDirectory(SchemasDir());
  REQUIRE(schemas.ok());
  CHECK(header.find(schemas->FindForm("household")->FindField("address_street")->label.vi) !=
        std::string::npos);
  CHECK(csv.body.find("\r\nTổ dân phố số 1,12 Trần Thành Ngọ,Trần Thị Ánh,Trần Thành Ngọ,12,") !=
        std::string::npos);
  CHECK(csv.body.find("," + h + "," + h + "\r\n") != std::string::npos);
  size_t lines = 0;
  for (char c : csv.body) lines += c == '\n';
  CHECK(lines == 32);  // header, 30 demo households, the pushed one
  CHECK(Audited(office, token, "export", "household"));
  // Households when no type is asked for.
  TestResponse by_default = office.Get("/api/v1/export?group=tdp-01", AuthHeaders(token));
  REQUIRE(by_default.status == 200);
  CHECK(by_default.body == csv.body);
  // Members name their household by address and head, dates as written in Vietnam.
  TestResponse people =
      office.Get("/api/v1/export?type=person&format=csv&group=tdp-01", AuthHeaders(token));
  REQUIRE(people.status == 200);
  CHECK(people.Header("Content-Disposition").find("nhan-khau_to-dan-pho-so-1_") !=
        std::string::npos);
  CHECK(people.body.find("\r\nTổ dân phố số 1,12 Trần Thành Ngọ,Trần Thị Ánh,Trần Thị Ánh,") !=
        std::string::npos);
  CHECK(people.body.find(",25/12/1973,") != std::string::npos);
  CHECK(people.body.find("1973-12-25") == std::string::npos);
  CHECK(people.body.find("," + p + "," + h + "\r\n") != std::string::npos);

  // XLSX: a zip with the workbook parts; the stored sheet holds the value.
  TestResponse xlsx = office.Get("/api/v1/export?type=household&format=xlsx", AuthHeaders(token));
  REQUIRE(xlsx.status == 200);
  CHECK(xlsx.body.rfind("PK\x03\x04", 0) == 0);
  CHECK(xlsx.Header("Content-Disposition") ==
        "attachment; filename=\"ho-gia-dinh_" + today + ".xlsx\"");
  std::vector<std::string> names;
  for (const ZipMember& m : ZipDirectory(xlsx.body)) names.push_back(m.name);
  CHECK(names == std::vector<std::string>{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                          "xl/_rels/workbook.xml.rels",
                                          "xl/worksheets/sheet1.xml"});
  std::optional<std::string> sheet = ZipRead(xlsx.body, "xl/worksheets/sheet1.xml");
  REQUIRE(sheet);
  CHECK(sheet->find("<t xml:space=\"preserve\">Trần Thành Ngọ</t>") != std::string::npos);
  CHECK(sheet->find("<t xml:space=\"preserve\">Chủ hộ</t>") != std::string::npos);
  {
    // unzip checks every CRC when it is installed.
    std::string file = (ward.dir.path() / "export.xlsx").string();
    std::ofstream(file, std::ios::binary) << xlsx.body;
    if (std::system("command -v unzip >/dev/null 2>&1") == 0) {
      CHECK(std::system(("unzip -tq '" + file + "' >/dev/null").c_str()) == 0);
    }
  }
  // One workbook, a sheet per form, named by the form.
  TestResponse all = office.Get("/api/v1/export?type=all", AuthHeaders(token));
  REQUIRE(all.status == 200);
  CHECK(all.Header("Content-Disposition") ==
        "attachment; filename=\"so-lieu-tat-ca_" + today + ".xlsx\"");
  std::optional<std::string> book = ZipRead(all.body, "xl/workbook.xml");
  REQUIRE(book);
  CHECK(book->find("<sheet name=\"Hộ gia đình\"") != std::string::npos);
  CHECK(book->find("<sheet name=\"Nhân khẩu\"") != std::string::npos);
  const size_t forms = schemas->forms().size();
  CHECK(ZipRead(all.body, "xl/worksheets/sheet" + std::to_string(forms) + ".xml").has_value());
  std::optional<std::string> types = ZipRead(all.body, "[Content_Types].xml");
  REQUIRE(types);
  CHECK(types->find("/xl/worksheets/sheet" + std::to_string(forms) + ".xml") != std::string::npos);
  CHECK(ErrorCodeOf(office.Get("/api/v1/export?type=all&format=csv", AuthHeaders(token))) ==
        "bad_format");
  CHECK(office.Get("/api/v1/export?group=tdp-99", AuthHeaders(token)).status == 404);
  CHECK(ErrorCodeOf(office.Get("/api/v1/export?type=nope&format=csv", AuthHeaders(token))) ==
        "unknown_type");
  CHECK(ErrorCodeOf(office.Get("/api/v1/export?type=person&format=ods", AuthHeaders(token))) ==
        "bad_format");

  // Every later write is kept too, newest first, with the value it replaced; pages go
  // back in time with `before`.
  REQUIRE(phone.Push(Json::array({phone.Change(h, "tdp-01", "address_number", "14")})).status ==
          200);
  REQUIRE(phone.Push(Json::array({phone.Change(h, "tdp-01", "address_number", "16")})).status ==
          200);
  hist = office.Get("/api/v1/records/" + h + "/history", AuthHeaders(token)).JsonBody();
  REQUIRE(hist["writes"].size() == 4);  // the push, the server's derived values, two edits
  CHECK(hist["writes"][0]["fields"] ==
        Json::parse(R"([{"field":"address_number","value":"16","old_value":"14","had_old":true,)"
                    R"("hlc":)" +
                    hist["writes"][0]["fields"][0]["hlc"].dump() + "}]"));
  CHECK(hist["writes"][1]["fields"][0]["old_value"] == "12");
  CHECK(hist["writes"][0]["server_seq"] > hist["writes"][1]["server_seq"]);
  Json page1 =
      office.Get("/api/v1/records/" + h + "/history?limit=2", AuthHeaders(token)).JsonBody();
  REQUIRE(page1["writes"].size() == 2);
  REQUIRE(page1["next"].is_number());
  Json page2 = office
                   .Get("/api/v1/records/" + h + "/history?limit=2&before=" + page1["next"].dump(),
                        AuthHeaders(token))
                   .JsonBody();
  REQUIRE(page2["writes"].size() == 2);
  CHECK(page2["writes"][1]["fields"].size() == 3);
  CHECK(page2["next"].is_null());
  CHECK(office.Get("/api/v1/records/" + h + "/history?before=x", AuthHeaders(token)).status == 400);
}

TEST_CASE("dashboard: me, groups, admin routes and who may use them", "[api][dashboard][auth]") {
  WardServer ward;
  Phone leader(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(leader.OpenSession().status == 200);
  Json me = leader.Get("/api/v1/me").JsonBody();
  CHECK(me["role"] == "leader");
  CHECK(me["device_id"] == leader.device_id);
  CHECK(me["groups"] == Json::array({"tdp-01"}));
  CHECK(me["ward"]["name"] == "Phường Kiến An");
  Json mine = leader.Get("/api/v1/groups").JsonBody();
  REQUIRE(mine["groups"].size() == 1);
  CHECK(mine["groups"][0]["id"] == "tdp-01");

  ApiClient office(ward);
  std::string otoken = Login(office, "lan");
  Json ome = office.Get("/api/v1/me", AuthHeaders(otoken)).JsonBody();
  CHECK(ome["role"] == "office");
  CHECK(ome["username"] == "lan");
  CHECK(ome["groups"] == Json::array({"tdp-01", "tdp-02"}));
  // The office is not the admin.
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/devices"},
           {"POST", "/api/v1/devices/" + leader.device_id + "/revoke"},
           {"POST", "/api/v1/enroll-codes"},
           {"POST", "/api/v1/groups"},
           {"POST", "/api/v1/backup"}}) {
    INFO(method << " " << target);
    TestResponse r = office.Request(method, target, "{}", AuthHeaders(otoken));
    CHECK(r.status == 403);
    CHECK(ErrorCodeOf(r) == "forbidden");
  }

  ApiClient admin(ward);
  std::string token = Login(admin, "minh");
  Json devices = admin.Get("/api/v1/devices", AuthHeaders(token)).JsonBody();
  REQUIRE(devices["devices"].size() == 1);
  CHECK(devices["devices"][0]["device_id"] == leader.device_id);
  CHECK(devices["devices"][0]["groups"] == Json::array({"tdp-01"}));
  CHECK(devices["devices"][0]["revoked_ms"] == 0);

  // A new group, then a code for it that a phone can use.
  TestResponse added =
      admin.Request("POST", "/api/v1/groups",
                    Json{{"id", "tdp-09"}, {"name", "Tổ dân phố số 9"}}.dump(), AuthHeaders(token));
  CHECK(added.status == 201);
  TestResponse dup = admin.Request(
      "POST", "/api/v1/groups", Json{{"id", "tdp-09"}, {"name", "x"}}.dump(), AuthHeaders(token));
  CHECK(dup.status == 409);
  CHECK(admin
            .Request("POST", "/api/v1/groups", Json{{"id", "Tổ 9"}, {"name", "x"}}.dump(),
                     AuthHeaders(token))
            .status == 400);
  Json groups = office.Get("/api/v1/groups", AuthHeaders(otoken)).JsonBody();
  REQUIRE(groups["groups"].size() == 3);
  CHECK(groups["groups"][2] ==
        Json{{"id", "tdp-09"}, {"name", "Tổ dân phố số 9"}, {"households", 0}, {"persons", 0}});

  TestResponse code =
      admin.Request("POST", "/api/v1/enroll-codes",
                    Json{{"role", "leader"}, {"groups", {"tdp-09"}}, {"ttl_hours", 2}}.dump(),
                    AuthHeaders(token));
  REQUIRE(code.status == 200);
  int64_t expires = code.JsonBody()["expires_ms"];
  CHECK(std::llabs(expires - SystemClock::Default().NowMs() - 2 * 3600 * 1000) < 60 * 1000);
  Phone second(ward, code.JsonBody()["code"]);
  REQUIRE(second.enroll.status == 201);
  CHECK(second.enroll.JsonBody()["groups"] == Json::array({"tdp-09"}));
  CHECK(ErrorCodeOf(admin.Request("POST", "/api/v1/enroll-codes",
                                  Json{{"role", "leader"}, {"groups", {"tdp-77"}}}.dump(),
                                  AuthHeaders(token))) == "unknown_group");
  CHECK(admin
            .Request("POST", "/api/v1/enroll-codes",
                     Json{{"role", "admin"}, {"groups", Json::array()}}.dump(), AuthHeaders(token))
            .status == 400);

  // Revocation ends the phone's live session.
  TestResponse revoked = admin.Request("POST", "/api/v1/devices/" + leader.device_id + "/revoke",
                                       "", AuthHeaders(token));
  REQUIRE(revoked.status == 200);
  CHECK(revoked.JsonBody()["revoked_ms"].get<int64_t>() > 0);
  CHECK(leader.Get("/api/v1/me").status == 401);  // its sessions are gone
  CHECK(ErrorCodeOf(leader.OpenSession()) == "device_revoked");
  CHECK(admin.Request("POST", "/api/v1/devices/" + NewUuid() + "/revoke", "", AuthHeaders(token))
            .status == 404);
  CHECK(Audited(admin, token, "revoke", leader.device_id));

  // An online backup beside the database that opens as a ward database.
  TestResponse backup = admin.Request("POST", "/api/v1/backup", "", AuthHeaders(token));
  REQUIRE(backup.status == 200);
  std::string file = backup.JsonBody()["file"];
  CHECK(std::filesystem::path(file).parent_path() ==
        std::filesystem::path(ward.db_path).parent_path());
  CHECK(backup.JsonBody()["bytes"].get<uintmax_t>() == std::filesystem::file_size(file));
  Result<OpenedDatabase> copy = OpenDatabase(file);
  REQUIRE(copy.ok());
  Result<std::optional<GroupInfo>> g9 = copy->accounts->GetGroup("tdp-09");
  REQUIRE(g9.ok());
  CHECK(g9->has_value());
}

}  // namespace sotay

namespace sotay {

using namespace testing;

// The households list filtered by an indicator over the whole ward (not a page), checked
// against SQL over the facts table.
TEST_CASE("dashboard: households that fall short of an indicator, server-side",
          "[api][dashboard]") {
  WardServer ward;
  AddDemoWard(ward, 2, 60);
  ApiClient c(ward);
  std::string token = Login(c, "lan");
  const std::string year = ThisYear();
  std::set<std::string> expected;
  for (const auto& row :
       Sql(ward.db_path, "SELECT record_id FROM facts WHERE indicator = '12' AND period = '" +
                             year +
                             "' AND group_id = 'tdp-01' GROUP BY record_id "
                             "HAVING SUM(numerator) < SUM(denominator)")) {
    expected.insert(row[0]);
  }
  REQUIRE_FALSE(expected.empty());

  // Page by page (5 at a time) through the whole group: exactly the short ones.
  std::set<std::string> got;
  std::string after;
  for (int pages = 0; pages < 100; ++pages) {
    Json body = c.Get(
                     "/api/v1/records?type=household&group=tdp-01&indicator=12&short=1"
                     "&limit=5&period=" +
                         year + (after.empty() ? "" : "&after=" + after),
                     AuthHeaders(token))
                    .JsonBody();
    for (const Json& r : body["records"]) {
      INFO(r.dump());
      CHECK(r["share"]["short"] == true);
      CHECK(r["share"]["numerator"].get<double>() < r["share"]["denominator"].get<double>());
      got.insert(r["id"].get<std::string>());
    }
    if (body["next"].is_null()) break;
    after = body["next"].get<std::string>();
  }
  CHECK(got == expected);

  // Without short=1 every household comes, each with its share.
  Json all = c.Get("/api/v1/records?type=household&group=tdp-01&indicator=12&limit=1000",
                   AuthHeaders(token))
                 .JsonBody();
  CHECK(all["records"].size() > got.size());
  size_t short_rows = 0;
  for (const Json& r : all["records"]) {
    REQUIRE(r.contains("share"));
    if (!r["share"].is_null() && r["share"]["short"] == true) ++short_rows;
  }
  CHECK(short_rows == expected.size());

  CHECK(ErrorCodeOf(c.Get("/api/v1/records?type=household&short=1", AuthHeaders(token))) ==
        "invalid_value");
  CHECK(ErrorCodeOf(c.Get("/api/v1/records?type=household&indicator=99x&short=1",
                          AuthHeaders(token))) == "unknown_indicator");
  CHECK(ErrorCodeOf(c.Get("/api/v1/records?type=household&indicator=12&period=2026-13",
                          AuthHeaders(token))) == "bad_period");
  CHECK(ErrorCodeOf(c.Get("/api/v1/records?type=household&indicator=12&short=yes",
                          AuthHeaders(token))) == "invalid_value");
}

TEST_CASE("dashboard: the periods of a year are the core's, and PUT accepts them",
          "[api][dashboard]") {
  WardServer ward;
  ApiClient office(ward);
  std::string token = Login(office, "lan");
  const std::string year = ThisYear();
  Json a = office.Get("/api/v1/periods?period=" + year, AuthHeaders(token)).JsonBody();
  CHECK(a["period"] == year);
  const int64_t y = std::stoll(year);
  const int month = std::stoi(VietnamToday(SystemClock::Default()).substr(5, 2));
  for (const char* frequency : {"month", "quarter", "year"}) {
    INFO(frequency);
    CHECK(a["periods"][frequency] == Json(PeriodsOfYear(y, frequency)));
    CHECK(a["latest"][frequency] == LatestBegunPeriod(y, frequency, y, month));
  }
  CHECK(a["periods"]["month"][0] == year + "-12");
  CHECK(a["latest"]["month"] == MonthText(y, month));
  // Every month listed is one a monthly indicator (1) takes, and no quarter is.
  for (const Json& p : a["periods"]["month"]) {
    CHECK(Put(office, token, "/api/v1/indicators/1/values", {{"period", p}, {"value", 1}}).status ==
          200);
  }
  CHECK(Put(office, token, "/api/v1/indicators/1/values",
            {{"period", a["periods"]["quarter"][0]}, {"value", 1}})
            .status == 400);
  Json past = office.Get("/api/v1/periods?period=2025", AuthHeaders(token)).JsonBody();
  CHECK(past["latest"]["quarter"] == "2025-Q4");
  CHECK(ErrorCodeOf(office.Get("/api/v1/periods?period=2026-05", AuthHeaders(token))) ==
        "bad_period");
}

}  // namespace sotay

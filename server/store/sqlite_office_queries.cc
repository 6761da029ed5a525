#include "server/store/sqlite_office_queries.h"

#include <sqlite3.h>

#include <memory>

#include "core/sqlite_error.h"

namespace sotay {

namespace {

struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Result<StmtPtr> Prepare(sqlite3* db, const char* sql, std::string_view what) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  StmtPtr stmt(raw);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, what);
  return stmt;
}

void BindText(sqlite3_stmt* s, int index, std::string_view text) {
  sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string ColumnText(sqlite3_stmt* s, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(s, col));
}

}  // namespace

SqliteOfficeQueries::SqliteOfficeQueries(sqlite3* db) : db_(db) {}

SqliteOfficeQueries::~SqliteOfficeQueries() = default;

Result<std::vector<Fact>> SqliteOfficeQueries::RecordFacts(std::string_view record_id) {
  Result<StmtPtr> q = Prepare(db_,
                              "SELECT period, indicator, group_id, numerator, denominator FROM "
                              "facts WHERE record_id = ? ORDER BY period, indicator",
                              "RecordFacts");
  if (!q.ok()) return q.status();
  sqlite3_stmt* s = q->get();
  BindText(s, 1, record_id);
  std::vector<Fact> out;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    out.push_back(Fact{std::string(record_id), ColumnText(s, 2), ColumnText(s, 0), ColumnText(s, 1),
                       sqlite3_column_double(s, 3), sqlite3_column_double(s, 4)});
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "RecordFacts");
  return out;
}

Result<std::map<std::string, FactShare>> SqliteOfficeQueries::IndicatorShares(
    std::string_view indicator, std::string_view period, std::string_view group) {
  Result<StmtPtr> q = Prepare(db_,
                              "SELECT record_id, SUM(numerator), SUM(denominator) FROM facts "
                              "WHERE indicator = ?1 AND period = ?2 AND (?3 = '' OR group_id = ?3) "
                              "GROUP BY record_id",
                              "IndicatorShares");
  if (!q.ok()) return q.status();
  sqlite3_stmt* s = q->get();
  BindText(s, 1, indicator);
  BindText(s, 2, period);
  BindText(s, 3, group);
  std::map<std::string, FactShare> out;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    out[ColumnText(s, 0)] = FactShare{sqlite3_column_double(s, 1), sqlite3_column_double(s, 2)};
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "IndicatorShares");
  return out;
}

namespace {

// A field read by SQL as text ("" when absent or of another JSON type, as in the core's
// helpers) put back into a record, so the core's rules read it as they read a stored one.
void SetText(Record& r, const char* field, std::string text) {
  if (!text.empty()) r.fields[field].value = std::move(text);
}

}  // namespace

Status SqliteOfficeQueries::ForEachHouseholdSummary(
    std::string_view group, std::string_view after,
    const std::function<bool(const std::string& id, const HouseholdSummary& summary)>& visit) {
  // SQL picks the rows and the few fields a summary reads; which member heads the
  // household (and the address text) is the core's rule, SummarizeHousehold
  // (core/household_summary.h), applied here to one household's members at a time.
  Result<StmtPtr> households =
      Prepare(db_,
              "SELECT h.id, "
              "  CASE WHEN json_type(h.fields, '$.address_number.v') = 'text' "
              "       THEN json_extract(h.fields, '$.address_number.v') ELSE '' END, "
              "  CASE WHEN json_type(h.fields, '$.address_street.v') = 'text' "
              "       THEN json_extract(h.fields, '$.address_street.v') ELSE '' END "
              "FROM records AS h "
              "WHERE h.type = 'household' AND h.deleted = 0 AND (?1 = '' OR h.group_id = ?1) "
              "  AND h.id > ?2 ORDER BY h.id",
              "HouseholdSummaries");
  if (!households.ok()) return households.status();
  Result<StmtPtr> members =
      Prepare(db_,
              "SELECT p.id, "
              "  CASE WHEN json_type(p.fields, '$.full_name.v') = 'text' "
              "       THEN json_extract(p.fields, '$.full_name.v') ELSE '' END, "
              "  CASE WHEN json_type(p.fields, '$.relationship.v') = 'text' "
              "       THEN json_extract(p.fields, '$.relationship.v') ELSE '' END "
              "FROM records AS p WHERE p.parent_id = ?1 AND p.type = 'person' AND p.deleted = 0 "
              "  AND (?2 = '' OR p.group_id = ?2)",
              "HouseholdMembers");
  if (!members.ok()) return members.status();
  sqlite3_stmt* s = households->get();
  sqlite3_stmt* m = members->get();
  BindText(s, 1, group);
  BindText(s, 2, after);
  BindText(m, 2, group);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    Record household;
    household.id = ColumnText(s, 0);
    household.type = "household";
    SetText(household, "address_number", ColumnText(s, 1));
    SetText(household, "address_street", ColumnText(s, 2));
    std::vector<Record> people;
    sqlite3_reset(m);
    BindText(m, 1, household.id);
    int mrc;
    while ((mrc = sqlite3_step(m)) == SQLITE_ROW) {
      Record& p = people.emplace_back();
      p.id = ColumnText(m, 0);
      p.type = "person";
      p.parent_id = household.id;
      SetText(p, "full_name", ColumnText(m, 1));
      SetText(p, "relationship", ColumnText(m, 2));
    }
    if (mrc != SQLITE_DONE) return SqliteStatus(db_, mrc, "HouseholdMembers");
    if (!visit(household.id, SummarizeHousehold(household, people))) return Status::Ok();
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "HouseholdSummaries");
  return Status::Ok();
}

Result<std::vector<CulturalFamilyRow>> SqliteOfficeQueries::ProposedCulturalFamilies(
    int64_t year, std::string_view group) {
  Result<StmtPtr> q =
      Prepare(db_,
              "SELECT id, parent_id, group_id, json_extract(fields, '$.status.v'), "
              "json_extract(fields, '$.meeting_date.v') FROM records "
              "WHERE type = 'assessment.cultural_family' AND deleted = 0 "
              "AND (?2 = '' OR group_id = ?2) AND json_extract(fields, '$.period.v') = ?1 "
              "AND json_extract(fields, '$.status.v') IN ('proposed', 'recognised') ORDER BY id",
              "ProposedCulturalFamilies");
  if (!q.ok()) return q.status();
  sqlite3_stmt* s = q->get();
  sqlite3_bind_int64(s, 1, year);
  BindText(s, 2, group);
  std::vector<CulturalFamilyRow> out;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    CulturalFamilyRow r{ColumnText(s, 0), ColumnText(s, 1), ColumnText(s, 2), ColumnText(s, 3),
                        nullptr};
    if (sqlite3_column_type(s, 4) == SQLITE_TEXT) r.meeting_date = ColumnText(s, 4);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db_, rc, "ProposedCulturalFamilies");
  return out;
}

}  // namespace sotay

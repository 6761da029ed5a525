#include "server/record_queries.h"

#include <sqlite3.h>

#include <memory>

#include "core/sqlite_error.h"
#include "core/sqlite_store.h"

namespace sotay {

namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Result<DbPtr> OpenReadOnly(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) return SqliteStatus(raw, rc, "open " + path);
  sqlite3_busy_timeout(raw, 5000);
  rc = sqlite3_exec(raw, kCacheSizePragma, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(raw, rc, "open " + path);
  return db;
}

Result<StmtPtr> Prepare(sqlite3* db, const char* sql, std::string_view what) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  StmtPtr stmt(raw);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, what);
  return stmt;
}

std::string ColumnText(sqlite3_stmt* s, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(s, col));
}

}  // namespace

Result<std::vector<Fact>> RecordFacts(const std::string& db_path, std::string_view record_id) {
  Result<DbPtr> db = OpenReadOnly(db_path);
  if (!db.ok()) return db.status();
  Result<StmtPtr> q = Prepare(db->get(),
                              "SELECT period, indicator, group_id, numerator, denominator FROM "
                              "facts WHERE record_id = ? ORDER BY period, indicator",
                              "RecordFacts");
  if (!q.ok()) return q.status();
  sqlite3_stmt* s = q->get();
  sqlite3_bind_text(s, 1, record_id.data(), static_cast<int>(record_id.size()), SQLITE_TRANSIENT);
  std::vector<Fact> out;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    out.push_back(Fact{std::string(record_id), ColumnText(s, 2), ColumnText(s, 0), ColumnText(s, 1),
                       sqlite3_column_double(s, 3), sqlite3_column_double(s, 4)});
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db->get(), rc, "RecordFacts");
  return out;
}

Result<std::map<std::string, FactShare>> IndicatorShares(const std::string& db_path,
                                                         std::string_view indicator,
                                                         std::string_view period,
                                                         std::string_view group) {
  Result<DbPtr> db = OpenReadOnly(db_path);
  if (!db.ok()) return db.status();
  Result<StmtPtr> q = Prepare(db->get(),
                              "SELECT record_id, SUM(numerator), SUM(denominator) FROM facts "
                              "WHERE indicator = ?1 AND period = ?2 AND (?3 = '' OR group_id = ?3) "
                              "GROUP BY record_id",
                              "IndicatorShares");
  if (!q.ok()) return q.status();
  sqlite3_stmt* s = q->get();
  sqlite3_bind_text(s, 1, indicator.data(), static_cast<int>(indicator.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, period.data(), static_cast<int>(period.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 3, group.data(), static_cast<int>(group.size()), SQLITE_TRANSIENT);
  std::map<std::string, FactShare> out;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    out[ColumnText(s, 0)] = FactShare{sqlite3_column_double(s, 1), sqlite3_column_double(s, 2)};
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db->get(), rc, "IndicatorShares");
  return out;
}

Result<std::map<std::string, HouseholdSummary>> HouseholdSummaries(const std::string& db_path,
                                                                   std::string_view group) {
  Result<DbPtr> db = OpenReadOnly(db_path);
  if (!db.ok()) return db.status();
  // One read transaction: households and members from the same snapshot.
  if (int rc = sqlite3_exec(db->get(), "BEGIN", nullptr, nullptr, nullptr); rc != SQLITE_OK) {
    return SqliteStatus(db->get(), rc, "HouseholdSummaries");
  }
  std::map<std::string, HouseholdSummary> out;
  Result<StmtPtr> hq =
      Prepare(db->get(),
              "SELECT id, json_extract(fields, '$.address_number.v'), "
              "json_extract(fields, '$.address_street.v') FROM records "
              "WHERE type = 'household' AND deleted = 0 AND (?1 = '' OR group_id = ?1)",
              "HouseholdSummaries");
  if (!hq.ok()) return hq.status();
  sqlite3_stmt* s = hq->get();
  sqlite3_bind_text(s, 1, group.data(), static_cast<int>(group.size()), SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    HouseholdSummary& h = out[ColumnText(s, 0)];
    // A non-text value (a wrongly typed field) shows as absent, as in the core's helpers.
    if (sqlite3_column_type(s, 1) == SQLITE_TEXT) h.house_number = ColumnText(s, 1);
    std::string street = sqlite3_column_type(s, 2) == SQLITE_TEXT ? ColumnText(s, 2) : "";
    h.address = h.house_number.empty() ? street
                : street.empty()       ? h.house_number
                                       : h.house_number + " " + street;
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db->get(), rc, "HouseholdSummaries");
  Result<StmtPtr> pq =
      Prepare(db->get(),
              "SELECT parent_id, json_extract(fields, '$.full_name.v'), "
              "json_extract(fields, '$.relationship.v') FROM records "
              "WHERE type = 'person' AND deleted = 0 AND (?1 = '' OR group_id = ?1) "
              "ORDER BY id",
              "HouseholdSummaries");
  if (!pq.ok()) return pq.status();
  s = pq->get();
  sqlite3_bind_text(s, 1, group.data(), static_cast<int>(group.size()), SQLITE_TRANSIENT);
  std::map<std::string, bool> has_head;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    auto it = out.find(ColumnText(s, 0));
    if (it == out.end()) continue;
    HouseholdSummary& h = it->second;
    std::string name = sqlite3_column_type(s, 1) == SQLITE_TEXT ? ColumnText(s, 1) : "";
    bool head = sqlite3_column_type(s, 2) == SQLITE_TEXT && ColumnText(s, 2) == "head";
    // Same rule as SummarizeHousehold: the head, else the first member (in id order).
    if (h.members == 0 || (head && !has_head[it->first])) {
      h.head_name = name;
      if (head) has_head[it->first] = true;
    }
    ++h.members;
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db->get(), rc, "HouseholdSummaries");
  return out;
}

Result<std::vector<CulturalFamilyRow>> ProposedCulturalFamilies(const std::string& db_path,
                                                                int64_t year,
                                                                std::string_view group) {
  Result<DbPtr> db = OpenReadOnly(db_path);
  if (!db.ok()) return db.status();
  Result<StmtPtr> q =
      Prepare(db->get(),
              "SELECT id, parent_id, group_id, json_extract(fields, '$.status.v'), "
              "json_extract(fields, '$.meeting_date.v') FROM records "
              "WHERE type = 'assessment.cultural_family' AND deleted = 0 "
              "AND (?2 = '' OR group_id = ?2) AND json_extract(fields, '$.period.v') = ?1 "
              "AND json_extract(fields, '$.status.v') IN ('proposed', 'recognised') ORDER BY id",
              "ProposedCulturalFamilies");
  if (!q.ok()) return q.status();
  sqlite3_stmt* s = q->get();
  sqlite3_bind_int64(s, 1, year);
  sqlite3_bind_text(s, 2, group.data(), static_cast<int>(group.size()), SQLITE_TRANSIENT);
  std::vector<CulturalFamilyRow> out;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    CulturalFamilyRow r{ColumnText(s, 0), ColumnText(s, 1), ColumnText(s, 2), ColumnText(s, 3),
                        nullptr};
    if (sqlite3_column_type(s, 4) == SQLITE_TEXT) r.meeting_date = ColumnText(s, 4);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return SqliteStatus(db->get(), rc, "ProposedCulturalFamilies");
  return out;
}

}  // namespace sotay

// SqliteStore: the day each record's facts stop being true (table fact_expiry,
// migration 7).
#include <sqlite3.h>

#include "core/sqlite_rows.h"
#include "core/sqlite_stmt.h"
#include "core/sqlite_store.h"

namespace sotay {

namespace {

// The row changes only when the day does: most pushes leave it as it was.
constexpr const char* kSetValidUntil =
    "INSERT INTO fact_expiry (record_id, valid_until) VALUES (?1, ?2) "
    "ON CONFLICT (record_id) DO UPDATE SET valid_until = excluded.valid_until "
    "WHERE valid_until <> excluded.valid_until";
constexpr const char* kClearValidUntil = "DELETE FROM fact_expiry WHERE record_id = ?1";
constexpr const char* kExpired =
    "SELECT record_id FROM fact_expiry WHERE valid_until <= ?1 "
    "ORDER BY valid_until, record_id LIMIT ?2";

}  // namespace

Status SqliteStore::SetFactsValidUntil(std::string_view record_id,
                                       std::optional<std::string_view> valid_until) {
  if (valid_until && valid_until->empty()) {
    return sqlite_rows::InvalidArgument("thiếu ngày hết hiệu lực của chỉ số",
                                        "valid_until must be a date");
  }
  SOTAY_USE_STATEMENT(q, *stmts_, valid_until ? kSetValidUntil : kClearValidUntil,
                      "SetFactsValidUntil");
  q.BindText(1, record_id);
  if (valid_until) q.BindText(2, *valid_until);
  int rc = q.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "SetFactsValidUntil");
}

Result<std::vector<std::string>> SqliteStore::ExpiredFactOwners(std::string_view date,
                                                                int64_t limit) {
  SOTAY_USE_STATEMENT(q, *stmts_, kExpired, "ExpiredFactOwners");
  q.BindText(1, date);
  q.BindInt(2, limit);
  std::vector<std::string> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(q.Text(0));
  if (rc != SQLITE_DONE) return Error(rc, "ExpiredFactOwners");
  return out;
}

}  // namespace sotay

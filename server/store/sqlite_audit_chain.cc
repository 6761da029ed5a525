#include "server/store/sqlite_audit_chain.h"

#include <optional>

#include "core/sqlite_error.h"
#include "server/store/audit_chain.h"

namespace sotay {

namespace {

std::string_view TextArg(sqlite3_value* v) {
  const unsigned char* text = sqlite3_value_text(v);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_value_bytes(v))};
}

void ChainFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 6) {
    sqlite3_result_error(ctx, "sotay_audit_chain takes 6 arguments", -1);
    return;
  }
  std::string value =
      AuditChainValue(TextArg(argv[0]), sqlite3_value_int64(argv[1]), TextArg(argv[2]),
                      TextArg(argv[3]), TextArg(argv[4]), TextArg(argv[5]));
  sqlite3_result_text(ctx, value.c_str(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

// One integer from `sql`; nullopt when it returns no row or fails to prepare (a table
// an older database does not have).
std::optional<int64_t> ScalarOrNone(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return std::nullopt;
  }
  std::optional<int64_t> value;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  return value;
}

// The migration of the account store that records where the chain starts (accounts.cc).
constexpr int64_t kChainStartMigration = 5;

}  // namespace

Status RegisterAuditChainFunction(sqlite3* db) {
  int rc = sqlite3_create_function(db, "sotay_audit_chain", 6, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   nullptr, ChainFunction, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(db, rc, "audit chain function");
}

Result<AuditChainReport> VerifyAuditChain(sqlite3* db, std::string_view noted) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(
      db, "SELECT id, at_ms, actor, action, target, detail, chain FROM acct_audit ORDER BY id", -1,
      &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, "audit-verify");
  // Entries after the recorded start must be chained. A database migrated that far
  // without the record lost it on purpose: nothing may be taken as unchained.
  std::optional<int64_t> last_unchained =
      ScalarOrNone(db, "SELECT last_unchained_id FROM acct_audit_chain_start WHERE id = 1");
  bool start_missing = false;
  if (!last_unchained) {
    const std::optional<int64_t> version =
        ScalarOrNone(db, "SELECT MAX(version) FROM acct_schema_version");
    if (version && *version >= kChainStartMigration) {
      start_missing = true;
      last_unchained = 0;
    }
  }
  AuditChainCheck check(last_unchained, start_missing, std::string(noted));
  auto text = [&](int col) {
    const unsigned char* t = sqlite3_column_text(stmt, col);
    return t == nullptr ? std::string_view()
                        : std::string_view(reinterpret_cast<const char*>(t),
                                           static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
  };
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    check.Add(sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1), text(2), text(3),
              text(4), text(5), text(6));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return SqliteStatus(db, rc, "audit-verify");
  return check.Finish();
}

}  // namespace sotay

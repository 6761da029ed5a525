#include "server/ward/audit_chain.h"

#include <sodium.h>

#include <array>
#include <optional>

#include "core/sqlite_error.h"

namespace sotay {

namespace {

// Each part with its length first: no two different entries hash the same bytes.
void HashPart(crypto_generichash_state* st, std::string_view part) {
  const std::string length = std::to_string(part.size()) + ":";
  crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(length.data()),
                            length.size());
  crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(part.data()), part.size());
}

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

std::string AuditChainValue(std::string_view previous, int64_t at_ms, std::string_view actor,
                            std::string_view action, std::string_view target,
                            std::string_view detail) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, crypto_generichash_BYTES);
  HashPart(&st, "sotay-audit-v1");
  HashPart(&st, previous);
  HashPart(&st, std::to_string(at_ms));
  HashPart(&st, actor);
  HashPart(&st, action);
  HashPart(&st, target);
  HashPart(&st, detail);
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash_final(&st, digest.data(), digest.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

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
  AuditChainReport report;
  // Entries after the recorded start must be chained. A database migrated that far
  // without the record lost it on purpose: nothing may be taken as unchained.
  std::optional<int64_t> last_unchained =
      ScalarOrNone(db, "SELECT last_unchained_id FROM acct_audit_chain_start WHERE id = 1");
  if (!last_unchained) {
    const std::optional<int64_t> version =
        ScalarOrNone(db, "SELECT MAX(version) FROM acct_schema_version");
    if (version && *version >= kChainStartMigration) {
      report.start_missing = true;
      last_unchained = 0;
    }
  }
  std::string previous;
  auto text = [&](int col) {
    const unsigned char* t = sqlite3_column_text(stmt, col);
    return t == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(t),
                                      static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
  };
  bool chained = false;  // a chained entry has been seen: no empty chain may follow
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    ++report.entries;
    const int64_t id = sqlite3_column_int64(stmt, 0);
    const std::string chain = text(6);
    if (chain.empty() && !chained && (!last_unchained || id <= *last_unchained)) {
      ++report.unchained;
      continue;
    }
    if (report.start_missing && report.first_broken_id == 0) report.first_broken_id = id;
    chained = true;
    const std::string expected = AuditChainValue(previous, sqlite3_column_int64(stmt, 1), text(2),
                                                 text(3), text(4), text(5));
    if (report.first_broken_id == 0 && chain != expected) report.first_broken_id = id;
    if (!noted.empty() && chain == noted) report.noted_found = true;
    previous = chain;
    report.last_chain = chain;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return SqliteStatus(db, rc, "audit-verify");
  return report;
}

}  // namespace sotay

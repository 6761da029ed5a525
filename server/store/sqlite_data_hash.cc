#include "server/store/data_hash.h"

#include <sodium.h>

#include <algorithm>
#include <set>

#include "core/crypto.h"
#include "core/sqlite_error.h"

namespace sotay {

bool IsBookkeepingTable(const std::string& table) {
  static const std::set<std::string> kSkipped = {"acct_audit",          "acct_sessions",
                                                 "acct_session_stamps", "acct_devices",
                                                 "acct_enroll_codes",   "acct_schema_version"};
  return kSkipped.count(table) != 0 || table.rfind("sqlite_", 0) == 0;
}

namespace {

// One value as typed text: type letter, length, bytes (so "1" and 1 differ).
void AppendValue(sqlite3_stmt* stmt, int col, std::string& out) {
  int type = sqlite3_column_type(stmt, col);
  const char* tag = type == SQLITE_INTEGER ? "i"
                    : type == SQLITE_FLOAT ? "f"
                    : type == SQLITE_TEXT  ? "t"
                    : type == SQLITE_BLOB  ? "b"
                                           : "n";
  std::string bytes;
  if (type == SQLITE_BLOB) {
    const void* p = sqlite3_column_blob(stmt, col);
    bytes.assign(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
  } else if (type != SQLITE_NULL) {
    const unsigned char* p = sqlite3_column_text(stmt, col);
    bytes.assign(reinterpret_cast<const char*>(p),
                 static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
  }
  out += tag;
  out += std::to_string(bytes.size());
  out += ':';
  out += bytes;
}

Result<std::vector<std::string>> Rows(sqlite3* db, const std::string& table) {
  std::string sql = "SELECT * FROM \"" + table + "\"";
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, "data-hash");
  std::vector<std::string> rows;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) AppendValue(stmt, c, row);
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return SqliteStatus(db, rc, "data-hash");
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

Result<DataHash> HashWardData(const std::string& db_path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(db, rc, "open");
    sqlite3_close(db);
    return s;
  }
  sqlite3_busy_timeout(db, 5000);
  DataHash out;
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  Status status = Status::Ok();
  // One read transaction: every table from the same snapshot.
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* list = nullptr;
  rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                          -1, &list, nullptr);
  if (rc != SQLITE_OK) status = SqliteStatus(db, rc, "data-hash");
  while (status.ok() && (rc = sqlite3_step(list)) == SQLITE_ROW) {
    std::string name = reinterpret_cast<const char*>(sqlite3_column_text(list, 0));
    if (!IsBookkeepingTable(name)) out.tables.push_back(name);
  }
  sqlite3_finalize(list);
  for (const std::string& table : out.tables) {
    if (!status.ok()) break;
    Result<std::vector<std::string>> rows = Rows(db, table);
    if (!rows.ok()) {
      status = rows.status();
      break;
    }
    std::string head = "table:" + table + ":" + std::to_string(rows->size()) + "\n";
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(head.data()),
                              head.size());
    for (const std::string& row : *rows) {
      std::string line = std::to_string(row.size()) + ":" + row;
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(line.data()),
                                line.size());
    }
    out.rows += static_cast<int64_t>(rows->size());
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  if (!status.ok()) return status;
  unsigned char digest[32];
  crypto_generichash_final(&state, digest, sizeof digest);
  out.hex = crypto::HexEncode(std::string_view(reinterpret_cast<const char*>(digest), 32));
  return out;
}

}  // namespace sotay

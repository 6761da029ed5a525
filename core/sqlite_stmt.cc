#include "core/sqlite_stmt.h"

#include "core/sqlite_error.h"

namespace sotay {

StatementCache::~StatementCache() {
  for (auto& [sql, stmt] : stmts_) sqlite3_finalize(stmt);
}

Result<sqlite3_stmt*> StatementCache::Get(const char* sql, std::string_view what) {
  auto it = stmts_.find(sql);
  if (it != stmts_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteStatus(db_, rc, what);
  }
  stmts_.emplace(sql, stmt);
  return stmt;
}

}  // namespace sotay

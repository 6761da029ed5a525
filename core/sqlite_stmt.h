// Prepared statements of one SQLite connection, prepared once and reused (internal to
// the SQLite store). Not thread-safe, like the connection it belongs to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "core/status.h"

namespace sotay {

// Statements keyed by the address of their SQL text, which must outlive the cache
// (string literals, or strings built once per process).
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The statement for `sql`, prepared on first use. `what` names the operation for
  // error messages.
  Result<sqlite3_stmt*> Get(const char* sql, std::string_view what);

 private:
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> stmts_;
};

// One execution of a cached statement. Parameters are 1-based, columns 0-based. The
// destructor resets the statement and clears its bindings, so it is ready for reuse and
// holds no read snapshot.
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementUse() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

  void BindText(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  // Binds NULL for an empty string (optional ids such as parent_id).
  void BindTextOrNull(int i, std::string_view v) {
    if (v.empty()) {
      sqlite3_bind_null(stmt_, i);
    } else {
      BindText(i, v);
    }
  }
  void BindInt(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindDouble(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }

  // NULL reads as "" / 0.
  std::string Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(stmt_, col));
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
};

}  // namespace sotay

// Declares `var`, a StatementUse of `cache`'s statement for `sql`, or returns the
// preparation error from the enclosing function.
#define SOTAY_USE_STATEMENT(var, cache, sql, what)  \
  auto var##_stmt = (cache).Get((sql), (what));     \
  if (!var##_stmt.ok()) return var##_stmt.status(); \
  ::sotay::StatementUse var(*var##_stmt)

#include "core/sqlite_error.h"

#include <string>

namespace sotay {

Status SqliteStatus(sqlite3* db, int rc, std::string_view what) {
  const char* code = "store_error";
  const char* vi = "lỗi cơ sở dữ liệu";
  const char* en = "database error";
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = "store_busy";
      vi = "cơ sở dữ liệu đang bận";
      en = "database is busy";
      break;
    case SQLITE_FULL:
      code = "store_full";
      vi = "bộ nhớ lưu trữ đã đầy";
      en = "storage is full";
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      code = "store_io";
      vi = "lỗi đọc/ghi tệp cơ sở dữ liệu";
      en = "database file I/O error";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = "store_corrupt";
      vi = "tệp cơ sở dữ liệu bị hỏng hoặc không phải cơ sở dữ liệu";
      en = "database file is corrupt or not a database";
      break;
    case SQLITE_CONSTRAINT:
      code = "store_constraint";
      vi = "vi phạm ràng buộc dữ liệu";
      en = "data constraint violated";
      break;
    case SQLITE_READONLY:
      code = "store_read_only";
      vi = "cơ sở dữ liệu chỉ cho phép đọc";
      en = "database is read-only";
      break;
    default:
      break;
  }
  // sqlite3_errmsg describes the most recent failure on `db`, which is this one as long
  // as the caller maps the code right after the failing call.
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string op(what);
  return Status::Error(code, std::string(vi) + " khi " + op + ": " + detail,
                       std::string(en) + " in " + op + ": " + detail);
}

}  // namespace sotay

// A fingerprint of a ward database's data: proves that training (or anything else) left
// the production ward unchanged (`sotay-server data-hash --db DB`, the browser tests).
//
// Every table of the file is hashed (BLAKE2b over each table's name and its rows, rows
// sorted so the physical order does not matter) except account bookkeeping that using
// the server changes by design and that holds no ward data:
//   acct_audit         every login, read of sensitive data and office action appends
//   acct_sessions      every login and device session
//   acct_devices       enrolling a device (trainee phones too) adds one
//   acct_enroll_codes  creating a training session adds its one-time codes
//   acct_schema_version  when each migration of the account tables ran
//   sqlite_*           SQLite's own bookkeeping
// So records, the change log, receipts, conflicts, quarantine, facts, meta, groups,
// users, reviews, manual values and snapshots are all covered.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace sotay {

struct DataHash {
  std::string hex;                  // 64 hex digits
  std::vector<std::string> tables;  // the hashed tables, sorted
  int64_t rows = 0;
};

// Reads `db_path` read-only. store_* errors when it cannot be read.
Result<DataHash> HashWardData(const std::string& db_path);

bool IsBookkeepingTable(const std::string& table);

}  // namespace sotay

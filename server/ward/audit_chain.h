// The audit log as a hash chain (docs/protocol.md "Audit"): every entry carries
//   chain = hex(BLAKE2b-256(previous entry's chain, at_ms, actor, action, target, detail))
// so an entry changed, removed or inserted after the fact breaks every chain value from
// there on. The triggers keep the log append-only for the program; the chain shows when
// someone with the file went around them (`sotay-server audit-verify`). Entries written
// before the chain existed have an empty chain and are reported, not checked; the id of
// the last of them is recorded once (acct_audit_chain_start), so blanking later chain
// values does not pass entries off as older.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sotay {

// The chain value of one entry after `previous` (empty before the first chained one).
std::string AuditChainValue(std::string_view previous, int64_t at_ms, std::string_view actor,
                            std::string_view action, std::string_view target,
                            std::string_view detail);

// Registers sotay_audit_chain(previous, at_ms, actor, action, target, detail) on `db`, so
// one INSERT computes an entry's chain from the last row inside its own write lock
// (two processes appending at once cannot fork the chain).
Status RegisterAuditChainFunction(sqlite3* db);

struct AuditChainReport {
  int64_t entries = 0;          // rows in the log
  int64_t unchained = 0;        // written before the chain existed (not checkable)
  int64_t first_broken_id = 0;  // 0: the chain holds
  std::string last_chain;       // of the newest entry: note it to detect a cut-off tail
  bool noted_found = false;     // `noted` (see below) is the chain value of some entry
  bool start_missing = false;   // the recorded chain start was removed (first_broken_id set)
};

// Walks the whole log of `db` in id order and recomputes every chain value; `noted` is a
// chain value written down earlier, looked for (a log cut after it no longer has it).
Result<AuditChainReport> VerifyAuditChain(sqlite3* db, std::string_view noted = {});

}  // namespace sotay

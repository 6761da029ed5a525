// The audit log as a hash chain (docs/protocol.md "Audit"): every entry carries
//   chain = hex(BLAKE2b-256(previous entry's chain, at_ms, actor, action, target, detail))
// so an entry changed, removed or inserted after the fact breaks every chain value from
// there on. The triggers keep the log append-only for the program; the chain shows when
// someone with the file went around them (`sotay-server audit-verify`). Entries written
// before the chain existed have an empty chain and are reported, not checked; the id of
// the last of them is recorded once (acct_audit_chain_start), so blanking later chain
// values does not pass entries off as older.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sotay {

// The chain value of one entry after `previous` (empty before the first chained one).
std::string AuditChainValue(std::string_view previous, int64_t at_ms, std::string_view actor,
                            std::string_view action, std::string_view target,
                            std::string_view detail);

struct AuditChainReport {
  int64_t entries = 0;          // rows in the log
  int64_t unchained = 0;        // written before the chain existed (not checkable)
  int64_t first_broken_id = 0;  // 0: the chain holds
  std::string last_chain;       // of the newest entry: note it to detect a cut-off tail
  bool noted_found = false;     // `noted` (see below) is the chain value of some entry
  bool start_missing = false;   // the recorded chain start was removed (first_broken_id set)
};

// Checks a log entry by entry, in id order, whatever stores it: each entry's chain
// value is recomputed from the one before. `last_unchained` is the recorded id of the
// last entry written before the chain existed (nullopt: not recorded, for a database
// older than that record); `start_missing` when a database that should hold the record
// does not (every entry is then suspect); `noted` a chain value written down earlier.
class AuditChainCheck {
 public:
  AuditChainCheck(std::optional<int64_t> last_unchained, bool start_missing, std::string noted);
  void Add(int64_t id, int64_t at_ms, std::string_view actor, std::string_view action,
           std::string_view target, std::string_view detail, std::string_view chain);
  const AuditChainReport& Finish() const { return report_; }

 private:
  std::optional<int64_t> last_unchained_;
  std::string noted_;
  AuditChainReport report_;
  std::string previous_;
  bool chained_ = false;  // a chained entry has been seen: no empty chain may follow
};

}  // namespace sotay

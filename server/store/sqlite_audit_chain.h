// The audit log's hash chain (audit_chain.h) in the SQLite account tables: computed by a
// SQL function inside each INSERT, and checked over the whole table.
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "core/status.h"
#include "server/store/audit_chain.h"

namespace sotay {

// Registers sotay_audit_chain(previous, at_ms, actor, action, target, detail) on `db`, so
// one INSERT computes an entry's chain from the last row inside its own write lock
// (two processes appending at once cannot fork the chain).
Status RegisterAuditChainFunction(sqlite3* db);

// Walks the whole log of `db` in id order and recomputes every chain value; `noted` is a
// chain value written down earlier, looked for (a log cut after it no longer has it).
Result<AuditChainReport> VerifyAuditChain(sqlite3* db, std::string_view noted = {});

}  // namespace sotay

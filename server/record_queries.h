// Read-only queries the Store interface does not offer, for the dashboard's record
// pages: a record's indicator facts and its entries in the change log. Each call opens
// its own read-only connection to the database file (WAL: it never blocks the writer).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/change.h"
#include "core/store.h"

namespace sotay {

// Facts of the record, by period then indicator.
Result<std::vector<Fact>> RecordFacts(const std::string& db_path, std::string_view record_id);

// Change-log entries of the record with server_seq > after, ascending, at most `limit`.
// The log keeps the latest write of each field, so this is who last wrote each field,
// when (the HLC) and from which device.
Result<std::vector<Change>> RecordChanges(const std::string& db_path, std::string_view record_id,
                                          int64_t after, int64_t limit);

}  // namespace sotay

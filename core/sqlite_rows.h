// Row encoding shared by the SQLite store's source files (internal).
#pragma once

#include <string>
#include <string_view>

#include "core/change.h"
#include "core/record.h"
#include "core/sqlite_stmt.h"
#include "core/status.h"

namespace sotay::sqlite_rows {

// JSON text of a value. Never throws: invalid UTF-8 is replaced, not an exception.
std::string DumpJson(const Json& value);

// Parses JSON text; false when it is not valid JSON.
bool ParseJson(std::string_view text, Json& out);

// {"name": {"v": value, "h": hlc, "s": seq}, ...} and back ("s" only when the field's
// seq is not 0); decoding fails on any other shape.
std::string EncodeFields(const Record& record);
bool DecodeFields(std::string_view text, Record& record);

// A Change occupies 10 columns of a row (changes, outbox, quarantine), in this order:
// record_id, record_type, group_id, parent_id, field, value, hlc, base_hlc, device_id,
// device_seq.
inline constexpr int kChangeColumnCount = 10;

// Binds the kChangeColumns of `c` to parameters first..first+9.
void BindChange(StatementUse& q, int first, const Change& c);

// Reads the kChangeColumns from columns first..first+9; false if the value is not JSON.
bool ReadChange(const StatementUse& q, int first, Change& c);

// store_corrupt for stored data that cannot be decoded.
Status Corrupt(std::string_view what);

// invalid_argument with the given messages.
Status InvalidArgument(std::string vi, std::string en);

// NULL for an empty filter (every group), else the groups as a JSON array, to be used
// as `(?N IS NULL OR group_id IN (SELECT value FROM json_each(?N)))`.
void BindGroups(StatementUse& q, int i, const std::vector<std::string>& groups);

}  // namespace sotay::sqlite_rows

// A page of the server's change log as stored: whole records with their fields JSON
// text, and where in that text each logged field's name, value and HLC are.
//
// A pull page is mostly the stored values copied out again, so the server reads them as
// text (ScanStoredFields) and splices them into the page (sync/wire.h
// EncodePullPageText) instead of parsing every value into a Json and dumping it again.
// DecodeLogPage gives the same page as Change values, for code that needs them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/change.h"
#include "core/status.h"

namespace sotay {

// Where one field of a stored fields text is: offsets into the text. The name and the
// HLC are JSON string tokens (quotes included, escapes as stored); the value is any
// JSON value's text.
struct StoredFieldSpan {
  uint32_t name_at = 0, name_size = 0;
  uint32_t value_at = 0, value_size = 0;
  uint32_t hlc_at = 0, hlc_size = 0;
  int64_t seq = 0;  // 0: never logged

  std::string_view Name(std::string_view text) const { return text.substr(name_at, name_size); }
  std::string_view Value(std::string_view text) const { return text.substr(value_at, value_size); }
  std::string_view Hlc(std::string_view text) const { return text.substr(hlc_at, hlc_size); }
};

// Reads a record's stored fields text, {"name": {"v": value, "h": "hlc", "s": seq}, ...}
// (core/sqlite_rows.h EncodeFields), appending one span per field in the text's order.
// Checks the structure, the tokens and that "s" is an integer; false on anything else
// (the text is then corrupt). Never recurses: nesting depth costs heap, not stack.
bool ScanStoredFields(std::string_view text, std::vector<StoredFieldSpan>& out);

// One record of a log page.
struct LoggedRecord {
  std::string id{};
  std::string type{};
  std::string group_id{};
  std::string parent_id{};  // empty: none
  std::string fields{};     // the stored fields text
  // The fields with seq > 0 (those the log holds), in seq order.
  std::vector<StoredFieldSpan> logged{};
};

// Fills record.logged from record.fields: the spans of the fields with seq > 0, in seq
// order. false when the text is corrupt (ScanStoredFields).
bool IndexLoggedFields(LoggedRecord& record);

// One page of the change log (Store::ReadLogPage).
struct LogPage {
  // Whole records in seq order.
  std::vector<LoggedRecord> records{};
  size_t change_count = 0;  // logged fields of all the records
  bool more = false;        // further matching changes exist after the last one
  // Where the next page starts: the seq of the page's last record (which is also its
  // last change's server_seq); `since` for an empty page.
  int64_t next = 0;
};

// The page's changes, each record's in server_seq order; store_corrupt if a stored
// name, value or HLC is not JSON of the right type.
Result<std::vector<Change>> DecodeLogPage(const LogPage& page);

}  // namespace sotay

// CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Vietnamese
// correctly), comma-separated, CRLF line ends, fields quoted when they hold a comma,
// quote or line break (RFC 4180).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include "core/status.h"

namespace sotay {

using Json = nlohmann::json;

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One field, quoted if needed.
std::string CsvField(std::string_view text);

// Text typed by people, made safe for a spreadsheet: text starting with = + - @ or a
// tab or carriage return would be run as a formula when the file is opened, so it gets
// a leading apostrophe (shown as text, the usual spreadsheet convention). For text
// cells only; numbers are written as they are.
std::string CsvSafeText(std::string_view text);

// A whole table as a CSV file (BOM, CRLF) for a spreadsheet: `rows` is an array of
// rows, each an array of cells; a string cell is text typed by people (CsvSafeText),
// a number is written as it is, null is empty. Anything else fails with
// invalid_argument: the dashboard's own downloads go through here so that they are
// neutralised by the same rule as the server's exports.
Result<std::string> CsvOfRows(const Json& rows);

class CsvWriter {
 public:
  CsvWriter() : out_(kUtf8Bom) {}
  void Row(const std::vector<std::string>& fields);
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

}  // namespace sotay

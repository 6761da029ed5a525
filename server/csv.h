// CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Vietnamese
// correctly), comma-separated, CRLF line ends, fields quoted when they hold a comma,
// quote or line break (RFC 4180).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sotay {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One field, quoted if needed.
std::string CsvField(std::string_view text);

// Text typed by people, made safe for a spreadsheet: text starting with = + - @ or a
// tab or carriage return would be run as a formula when the file is opened, so it gets
// a leading apostrophe (shown as text, the usual spreadsheet convention). For text
// cells only; numbers are written as they are.
std::string CsvSafeText(std::string_view text);

class CsvWriter {
 public:
  CsvWriter() : out_(kUtf8Bom) {}
  void Row(const std::vector<std::string>& fields);
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

}  // namespace sotay

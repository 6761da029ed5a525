#include "core/csv.h"

namespace sotay {

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvSafeText(std::string_view text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    return "'" + std::string(text);
  }
  return std::string(text);
}

Result<std::string> CsvOfRows(const Json& rows) {
  auto bad = [] {
    return Status::Error("invalid_argument", "Bảng CSV phải là các hàng gồm chữ hoặc số",
                         "A CSV table is rows of text or number cells", "rows");
  };
  if (!rows.is_array()) return bad();
  CsvWriter csv;
  std::vector<std::string> fields;
  for (const Json& row : rows) {
    if (!row.is_array()) return bad();
    fields.clear();
    for (const Json& cell : row) {
      if (cell.is_null()) {
        fields.emplace_back();
      } else if (cell.is_string()) {
        fields.push_back(CsvSafeText(cell.get<std::string>()));
      } else if (cell.is_number()) {
        fields.push_back(cell.dump());
      } else {
        return bad();
      }
    }
    csv.Row(fields);
  }
  return csv.text();
}

void CsvWriter::Row(const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ += ',';
    out_ += CsvField(fields[i]);
  }
  out_ += "\r\n";
}

}  // namespace sotay

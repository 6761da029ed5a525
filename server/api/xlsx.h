// A minimal XLSX writer: worksheets of inline strings and numbers in an Office Open
// XML package, zipped with zlib (deflate, CRC-32). Opens in Excel and LibreOffice; no
// styles, shared strings or formulas.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sotay {

struct XlsxCell {
  std::string text;              // shown when `number` is unset
  std::optional<double> number;  // a numeric cell
  static XlsxCell Text(std::string t) { return {std::move(t), std::nullopt}; }
  static XlsxCell Number(double v) { return {"", v}; }
};

// The .xlsx file of one sheet named `sheet_name` (cut to 31 characters, characters
// Excel forbids replaced) holding `rows`.
std::string XlsxWorkbook(std::string_view sheet_name,
                         const std::vector<std::vector<XlsxCell>>& rows);

// The .xlsx file of several sheets, in order (names as above, and distinct).
struct XlsxSheet {
  std::string name;
  std::vector<std::vector<XlsxCell>> rows;
};
std::string XlsxWorkbook(const std::vector<XlsxSheet>& sheets);

// A zip archive of the given files, in order: stored as they are, or deflated (a sheet
// of a ward's persons shrinks about tenfold). Sizes must stay under 4 GiB (no zip64).
struct ZipEntry {
  std::string name;
  std::string data;
};
std::string StoredZip(const std::vector<ZipEntry>& entries);
std::string DeflatedZip(const std::vector<ZipEntry>& entries);

// "A", "B", ..., "Z", "AA", ... for column index 0, 1, ...
std::string XlsxColumnName(size_t index);

}  // namespace sotay

#include "server/api/xlsx.h"

#include <zlib.h>

#include <cmath>
#include <cstdio>

namespace sotay {

namespace {

void Put16(std::string& out, uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}

void Put32(std::string& out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}

// Text for an XML element: escaped, and without the control characters XML 1.0 forbids.
std::string XmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string SheetName(std::string_view name) {
  std::string out;
  for (char c : name) {
    out += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  }
  // Cut on a UTF-8 boundary, at most 31 bytes (Excel counts characters; bytes is safe).
  if (out.size() > 31) {
    size_t cut = 31;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out.empty() ? "Sheet1" : out;
}

constexpr const char* kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

}  // namespace

std::string XlsxColumnName(size_t index) {
  std::string out;
  ++index;
  while (index > 0) {
    size_t rem = (index - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + rem));
    index = (index - 1) / 26;
  }
  return out;
}

namespace {

// Raw deflate (no zlib header), as zip method 8 wants.
std::string Deflate(const std::string& data) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return {};
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string BuildZip(const std::vector<ZipEntry>& entries, bool compress) {
  constexpr uint32_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01
  constexpr uint32_t kUtf8Names = 0x0800;
  std::string out;
  std::string central;
  for (const ZipEntry& e : entries) {
    uint32_t crc = static_cast<uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size())));
    uint32_t offset = static_cast<uint32_t>(out.size());
    uint32_t size = static_cast<uint32_t>(e.data.size());
    std::string packed = compress && !e.data.empty() ? Deflate(e.data) : std::string();
    const bool deflated = !packed.empty();
    uint32_t method = deflated ? 8 : 0;
    uint32_t packed_size = deflated ? static_cast<uint32_t>(packed.size()) : size;
    Put32(out, 0x04034b50);
    Put16(out, 20);  // version needed
    Put16(out, kUtf8Names);
    Put16(out, method);
    Put16(out, 0);  // time
    Put16(out, kDosDate);
    Put32(out, crc);
    Put32(out, packed_size);
    Put32(out, size);
    Put16(out, static_cast<uint32_t>(e.name.size()));
    Put16(out, 0);  // extra
    out += e.name;
    out += deflated ? packed : e.data;

    Put32(central, 0x02014b50);
    Put16(central, 20);  // made by
    Put16(central, 20);  // needed
    Put16(central, kUtf8Names);
    Put16(central, method);
    Put16(central, 0);
    Put16(central, kDosDate);
    Put32(central, crc);
    Put32(central, packed_size);
    Put32(central, size);
    Put16(central, static_cast<uint32_t>(e.name.size()));
    Put16(central, 0);  // extra
    Put16(central, 0);  // comment
    Put16(central, 0);  // disk
    Put16(central, 0);  // internal attributes
    Put32(central, 0);  // external attributes
    Put32(central, offset);
    central += e.name;
  }
  uint32_t central_offset = static_cast<uint32_t>(out.size());
  out += central;
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put32(out, static_cast<uint32_t>(central.size()));
  Put32(out, central_offset);
  Put16(out, 0);  // comment
  return out;
}

}  // namespace

std::string StoredZip(const std::vector<ZipEntry>& entries) { return BuildZip(entries, false); }

std::string DeflatedZip(const std::vector<ZipEntry>& entries) { return BuildZip(entries, true); }

namespace {

// One worksheet's XML.
std::string SheetXml(const std::vector<std::vector<XlsxCell>>& rows) {
  std::string sheet = kXmlDecl;
  sheet +=
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<sheetData>";
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string rn = std::to_string(r + 1);
    sheet += "<row r=\"" + rn + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const XlsxCell& cell = rows[r][c];
      std::string ref = XlsxColumnName(c) + rn;
      if (cell.number && std::isfinite(*cell.number)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.15g", *cell.number);
        sheet += "<c r=\"" + ref + "\"><v>" + buf + "</v></c>";
      } else if (!cell.text.empty()) {
        sheet += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" +
                 XmlText(cell.text) + "</t></is></c>";
      }
    }
    sheet += "</row>";
  }
  sheet += "</sheetData></worksheet>";
  return sheet;
}

}  // namespace

std::string XlsxWorkbook(std::string_view sheet_name,
                         const std::vector<std::vector<XlsxCell>>& rows) {
  return XlsxWorkbook({XlsxSheet{std::string(sheet_name), rows}});
}

std::string XlsxWorkbook(const std::vector<XlsxSheet>& sheets) {
  std::string names;
  std::string overrides;
  std::string sheet_rels;
  std::vector<ZipEntry> files;
  for (size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    names += "<sheet name=\"" + XmlText(SheetName(sheets[i].name)) + "\" sheetId=\"" + n +
             "\" r:id=\"rId" + n + "\"/>";
    overrides += "<Override PartName=\"/xl/worksheets/sheet" + n +
                 ".xml\" "
                 "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml."
                 "worksheet+xml\"/>";
    sheet_rels += "<Relationship Id=\"rId" + n +
                  "\" "
                  "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                  "worksheet\" Target=\"worksheets/sheet" +
                  n + ".xml\"/>";
    files.push_back({"xl/worksheets/sheet" + n + ".xml", SheetXml(sheets[i].rows)});
  }
  std::string workbook = kXmlDecl;
  workbook +=
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets>" +
      names + "</sheets></workbook>";

  std::string content_types = kXmlDecl;
  content_types +=
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/"
      ">" +
      overrides + "</Types>";

  std::string root_rels = kXmlDecl;
  root_rels +=
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"xl/workbook.xml\"/></Relationships>";

  std::string workbook_rels = kXmlDecl;
  workbook_rels +=
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
      sheet_rels + "</Relationships>";

  std::vector<ZipEntry> entries = {{"[Content_Types].xml", content_types},
                                   {"_rels/.rels", root_rels},
                                   {"xl/workbook.xml", workbook},
                                   {"xl/_rels/workbook.xml.rels", workbook_rels}};
  for (ZipEntry& f : files) entries.push_back(std::move(f));
  return DeflatedZip(entries);
}

}  // namespace sotay

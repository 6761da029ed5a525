// The pure helpers behind the dashboard: CSV quoting, the zip/XLSX writer, search
// folding and plan periods.
#include <catch2/catch.hpp>

#include <zlib.h>

#include "core/csv.h"
#include "server/api/dashboard_util.h"
#include "server/api/xlsx.h"
#include "server/api/zip_test_util.h"

namespace sotay {

TEST_CASE("csv: BOM, quoting, CRLF", "[dashboard]") {
  CHECK(CsvField("Trần Thành Ngọ") == "Trần Thành Ngọ");
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("nói \"có\"") == "\"nói \"\"có\"\"\"");
  CHECK(CsvField("hai\ndòng") == "\"hai\ndòng\"");
  CHECK(CsvSafeText("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")");
  CHECK(CsvSafeText("+84 912") == "'+84 912");
  CHECK(CsvSafeText("-") == "'-");
  CHECK(CsvSafeText("@x") == "'@x");
  CHECK(CsvSafeText("Số 5 = tổ 5") == "Số 5 = tổ 5");
  CHECK(CsvSafeText("") == "");
  CsvWriter w;
  w.Row({"Mã", "Tên"});
  w.Row({"1", "x,y"});
  CHECK(w.text() == "\xEF\xBB\xBFMã,Tên\r\n1,\"x,y\"\r\n");
}

TEST_CASE("xlsx: column names, stored and deflated zips with correct CRCs", "[dashboard]") {
  CHECK(XlsxColumnName(0) == "A");
  CHECK(XlsxColumnName(25) == "Z");
  CHECK(XlsxColumnName(26) == "AA");
  CHECK(XlsxColumnName(27) == "AB");
  CHECK(XlsxColumnName(701) == "ZZ");
  CHECK(XlsxColumnName(702) == "AAA");

  std::string zip = StoredZip({{"a.txt", "xin chào"}, {"b/c.xml", "<x/>"}});
  // Local header of the first entry: signature, method 0, CRC of the data.
  REQUIRE(zip.rfind("PK\x03\x04", 0) == 0);
  auto le32 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(zip[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(zip[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(zip[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(zip[at + 3])) << 24;
  };
  std::string data = "xin chào";
  CHECK(le32(14) ==
        crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  CHECK(le32(18) == data.size());
  CHECK(zip.substr(30, 5) == "a.txt");
  CHECK(zip.substr(35, data.size()) == data);
  // End of central directory: two entries.
  CHECK(le32(zip.size() - 22) == 0x06054b50);
  CHECK(static_cast<unsigned char>(zip[zip.size() - 12]) == 2);

  std::string book =
      XlsxWorkbook("household [tdp-01]", {{XlsxCell::Text("Tên"), XlsxCell::Text("a<b&c")},
                                          {XlsxCell::Number(12.5), XlsxCell::Text("")}});
  std::vector<testing::ZipMember> members = testing::ZipDirectory(book);
  REQUIRE(members.size() == 5);
  CHECK(members[4].method == 8);  // deflated
  std::optional<std::string> sheet = testing::ZipRead(book, "xl/worksheets/sheet1.xml");
  REQUIRE(sheet);
  CHECK(sheet->find("<c r=\"B1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">a&lt;b&amp;c</t>") !=
        std::string::npos);
  CHECK(sheet->find("<c r=\"A2\"><v>12.5</v></c>") != std::string::npos);
  CHECK(sheet->find("B2") == std::string::npos);  // empty cells are left out
  std::optional<std::string> workbook = testing::ZipRead(book, "xl/workbook.xml");
  REQUIRE(workbook);
  CHECK(workbook->find("sheet name=\"household _tdp-01_\"") != std::string::npos);
  // A stored archive reads back the same way.
  CHECK(testing::ZipRead(zip, "b/c.xml") == std::optional<std::string>("<x/>"));
}

}  // namespace sotay

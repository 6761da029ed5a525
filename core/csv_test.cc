#include "core/csv.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

TEST_CASE("csv: a table of typed text is neutralised like the server's exports", "[csv]") {
  Json rows = Json::array({Json::array({"Chủ hộ", "Địa chỉ", "Số người"}),
                           Json::array({"=HYPERLINK(\"http://x\",\"Bấm\")", "@SUM(A1)", 3}),
                           Json::array({"-1+2", "Trần Thành Ngọ, Kiến An", nullptr}),
                           Json::array({"+84 912", "\tcmd", 2.5})});
  Result<std::string> csv = CsvOfRows(rows);
  REQUIRE(csv.ok());
  CHECK(*csv == std::string(kUtf8Bom) +
                    "Chủ hộ,Địa chỉ,Số người\r\n"
                    "\"'=HYPERLINK(\"\"http://x\"\",\"\"Bấm\"\")\",'@SUM(A1),3\r\n"
                    "'-1+2,\"Trần Thành Ngọ, Kiến An\",\r\n"
                    "'+84 912,'\tcmd,2.5\r\n");
}

TEST_CASE("csv: a table that is not rows of text or numbers is refused", "[csv]") {
  CHECK(CsvOfRows(Json::object()).status().code() == "invalid_argument");
  CHECK(CsvOfRows(Json::array({"not a row"})).status().code() == "invalid_argument");
  CHECK(CsvOfRows(Json::array({Json::array({true})})).status().code() == "invalid_argument");
  CHECK(CsvOfRows(Json::array({Json::array({Json::object()})})).status().code() ==
        "invalid_argument");
  CHECK(*CsvOfRows(Json::array()) == std::string(kUtf8Bom));
}

}  // namespace
}  // namespace sotay

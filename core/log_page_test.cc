#include "core/log_page.h"

#include <catch2/catch.hpp>

#include "core/sqlite_rows.h"
#include "core/store.h"

namespace sotay {
namespace {

std::vector<StoredFieldSpan> Scan(std::string_view text) {
  std::vector<StoredFieldSpan> out;
  REQUIRE(ScanStoredFields(text, out));
  return out;
}

bool Scans(std::string_view text) {
  std::vector<StoredFieldSpan> out;
  return ScanStoredFields(text, out);
}

TEST_CASE("log page: a stored fields text is read as spans", "[core][log_page]") {
  Record r;
  r.fields["ho_ten"] = {Json("Trần \"Bé\" \\ Ư"), "1767225600000-00000-dev-1", 12};
  r.fields["so_nguoi"] = {Json(4), "1767225600000-00001-dev-1", 0};
  r.fields["ghi_chú"] = {Json{{"a", Json::array({1, {{"b", "}]"}}, nullptr})}}, "h-2", 9};
  const std::string text = sqlite_rows::EncodeFields(r);
  std::vector<StoredFieldSpan> spans = Scan(text);
  REQUIRE(spans.size() == 3);
  // In the text's (name) order; each span is the token as stored.
  for (const StoredFieldSpan& s : spans) {
    const std::string name = Json::parse(s.Name(text)).get<std::string>();
    REQUIRE(r.fields.count(name) == 1);
    const FieldValue& fv = r.fields.at(name);
    CHECK(Json::parse(s.Value(text)) == fv.value);
    CHECK(s.Hlc(text) == "\"" + fv.hlc + "\"");
    CHECK(s.seq == fv.seq);
  }
  CHECK(Scan("{}").empty());
}

TEST_CASE("log page: white space, unknown keys and key order are accepted", "[core][log_page]") {
  const std::string text =
      " { \"a\" : { \"x\" : [ 1 , { } , [ ] ] , \"s\" : -3 , \"h\" : \"h\\u00e9\" ,"
      " \"v\" : { \"k\" : 1.5e-3 } } } ";
  std::vector<StoredFieldSpan> spans = Scan(text);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].Name(text) == "\"a\"");
  CHECK(spans[0].Value(text) == "{ \"k\" : 1.5e-3 }");
  CHECK(spans[0].Hlc(text) == "\"h\\u00e9\"");
  CHECK(spans[0].seq == -3);
}

TEST_CASE("log page: corrupt texts are refused", "[core][log_page]") {
  for (std::string_view bad :
       {"", "[]", "{", "{\"a\"}", "{\"a\":1}",
        "{\"a\":{\"v\":1}}",                        // no hlc
        "{\"a\":{\"h\":\"x\"}}",                    // no value
        "{\"a\":{\"v\":1,\"h\":2}}",                // hlc not a string
        "{\"a\":{\"v\":1,\"h\":\"x\",\"s\":1.5}}",  // seq not an integer
        "{\"a\":{\"v\":1,\"h\":\"x\",\"s\":99999999999999999999}}",
        "{\"a\":{\"v\":01,\"h\":\"x\"}}", "{\"a\":{\"v\":-,\"h\":\"x\"}}",
        "{\"a\":{\"v\":1.,\"h\":\"x\"}}", "{\"a\":{\"v\":tru,\"h\":\"x\"}}",
        "{\"a\":{\"v\":[1,],\"h\":\"x\"}}", "{\"a\":{\"v\":[1}],\"h\":\"x\"}}",
        "{\"a\":{\"v\":{\"k\"},\"h\":\"x\"}}", "{\"a\":{\"v\":\"\\q\",\"h\":\"x\"}}",
        "{\"a\":{\"v\":\"\\u12g4\",\"h\":\"x\"}}", "{\"a\":{\"v\":\"tab\there\",\"h\":\"x\"}}",
        "{\"a\":{\"v\":1,\"h\":\"x\"}} x", "{\"a\":{\"v\":1,\"h\":\"x\"},}",
        "{\"a\":{\"v\":\"open,\"h\":\"x\"}}",
        // UTF-16 surrogates: a low one alone, a high one alone or before no low one
        "{\"a\":{\"v\":\"\\uDDDD\",\"h\":\"x\"}}", "{\"a\":{\"v\":\"\\ud800\",\"h\":\"x\"}}",
        "{\"a\":{\"v\":\"\\uD800\\u0041\",\"h\":\"x\"}}",
        "{\"a\":{\"v\":\"\\uD800x\",\"h\":\"x\"}}"}) {
    INFO(bad);
    CHECK_FALSE(Scans(bad));
  }
  // Numbers too large for a double, as nlohmann refuses them: by exponent or by digits
  // (309 of them: 9 × 10^308 is past the largest double).
  for (const std::string& number : {std::string("1e999"), std::string("-2.5E+400"),
                                    "9" + std::string(308, '0'), "-9" + std::string(308, '0')}) {
    INFO(number);
    CHECK_FALSE(Scans("{\"a\":{\"v\":" + number + ",\"h\":\"x\"}}"));
  }
  CHECK(Scans("{\"a\":{\"v\":" + std::string(308, '9') + ",\"h\":\"x\"}}"));
  CHECK(Scans("{\"a\":{\"v\":[1e-999,1.7976931348623157e308,-0.0],\"h\":\"x\"}}"));
  CHECK(Scans("{\"a\":{\"v\":\"\\uD83D\\uDE00 \\u00e9 \\uFFFF\",\"h\":\"x\"}}"));
  CHECK(Scans("{\"a\":{\"v\":-9223372036854775808,\"h\":\"x\",\"s\":-9223372036854775808}}"));
  CHECK_FALSE(Scans("{\"a\":{\"v\":1,\"h\":\"x\",\"s\":9223372036854775808}}"));
}

TEST_CASE("log page: deep nesting costs no stack", "[core][log_page]") {
  const size_t depth = 200'000;
  const std::string value = std::string(depth, '[') + std::string(depth, ']');
  const std::string text = "{\"a\":{\"v\":" + value + ",\"h\":\"x\"}}";
  std::vector<StoredFieldSpan> spans = Scan(text);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].value_size == value.size());
  CHECK_FALSE(Scans("{\"a\":{\"v\":" + std::string(depth, '[') + ",\"h\":\"x\"}}"));
}

TEST_CASE("log page: decoding gives each record's changes in seq order", "[core][log_page]") {
  LogPage page;
  LoggedRecord& r = page.records.emplace_back();
  r.id = "h1";
  r.type = "household";
  r.group_id = "tdp-01";
  r.fields = "{\"a\":{\"v\":\"x\",\"h\":\"h1\",\"s\":5},\"b\":{\"v\":[1],\"h\":\"h2\",\"s\":3}}";
  REQUIRE(IndexLoggedFields(r));  // by seq: b, then a
  page.change_count = 2;
  Result<std::vector<Change>> changes = DecodeLogPage(page);
  REQUIRE(changes.ok());
  REQUIRE(changes->size() == 2);
  CHECK((*changes)[0].field == "b");
  CHECK((*changes)[0].value == Json::array({1}));
  CHECK((*changes)[0].hlc == "h2");
  CHECK((*changes)[0].server_seq == 3);
  CHECK((*changes)[0].parent_id.empty());
  CHECK((*changes)[1].field == "a");
  CHECK((*changes)[1].record_id == "h1");
  // A span pointing at something that is not a string is corruption, not a crash.
  r.logged[0].name_at = r.logged[0].value_at;
  r.logged[0].name_size = r.logged[0].value_size;
  Result<std::vector<Change>> bad = DecodeLogPage(page);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == "store_corrupt");
}

}  // namespace
}  // namespace sotay

#include "core/validate.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace sotay {
namespace {

constexpr std::string_view kToday = "2026-03-15";
const std::string kSealed = std::string(68, 'Q');  // base64 of a 51-byte ciphertext

const SchemaSet& Sample() {
  static const SchemaSet set = [] {
    Result<SchemaSet> r = SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR "/sample");
    if (!r.ok()) FAIL(r.status().ToString());
    return std::move(r).value();
  }();
  return set;
}

Record MakeRecord(const std::string& id, const std::string& type, const Json& fields,
                  const std::string& parent_id = "") {
  Record r;
  r.id = id;
  r.type = type;
  r.group_id = "tdp-05";
  r.parent_id = parent_id;
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    r.fields[it.key()] = FieldValue{it.value(), "1767225600000-00000-test"};
  }
  return r;
}

// Writes the form's calculated values into the record, as the phone does on save.
void Calculate(const SchemaSet& set, Record* r, const ChildLookup& children) {
  Result<std::vector<CalculatedValue>> values = ApplyCalculations(set, *r, children, kToday);
  REQUIRE(values.ok());
  for (const CalculatedValue& v : *values) {
    INFO(v.field << ": " << v.status.ToString());
    CHECK(v.status.ok());
    r->fields[v.field].value = v.value;
  }
}

std::vector<std::string> Codes(const std::vector<ValidationIssue>& issues) {
  std::vector<std::string> out;
  for (const ValidationIssue& i : issues) out.push_back(i.field + ":" + i.code);
  return out;
}

std::string Describe(const std::vector<ValidationIssue>& issues) {
  std::string s;
  for (const ValidationIssue& i : issues) s += i.field + ":" + i.code + " " + i.message_en + "\n";
  return s;
}

Record Person(const std::string& id, const std::string& name, const std::string& sex,
              const std::string& dob, const std::string& relationship) {
  return MakeRecord(id, "person",
                    {{"full_name", name},
                     {"sex", sex},
                     {"dob", dob},
                     {"relationship", relationship},
                     {"has_bhyt", true},
                     {"bhyt_expiry", "2026-12-31"}},
                    "hh-1");
}

// A household of three, as a leader would fill it in.
struct FilledHousehold {
  Record household = MakeRecord("hh-1", "household",
                                {{"street", "Trần Thành Ngọ"},
                                 {"house_number", "12"},
                                 {"phone", "0912345678"},
                                 {"tenure", "owned"},
                                 {"floor_area", 54.5},
                                 {"waste_sorted", {"recyclable", "food"}},
                                 {"has_business", true},
                                 {"business_converted", false},
                                 {"notes", "Hộ có người cao tuổi"}});
  VectorChildLookup children;

  FilledHousehold() {
    std::vector<Record> persons = {Person("p-1", "Nguyễn Văn An", "1", "1975-06-02", "head"),
                                   Person("p-2", "Trần Thị Bình", "2", "1978-11-20", "spouse"),
                                   Person("p-3", "Nguyễn Minh Châu", "2", "2015-09-05", "child")};
    persons[0].fields["citizen_id"] = FieldValue{"031075001234", "h"};
    persons[1].fields["citizen_id"] = FieldValue{"031178004321", "h"};
    for (Record& p : persons) {
      Calculate(Sample(), &p, NoChildren());
      children.Add(p);
    }
    Calculate(Sample(), &household, children);
  }
};

TEST_CASE("A realistic household and its persons validate") {
  FilledHousehold f;
  CHECK(f.household.Get("members") == 3);
  CHECK(f.household.Get("area_per_person") == 18.2);
  CHECK(f.household.Get("heads") == 1);
  std::vector<ValidationIssue> issues = Validate(Sample(), f.household, f.children, kToday);
  INFO(Describe(issues));
  CHECK(issues.empty());
  f.children.ForEachChild(f.household, "person", [&](const Record& p) {
    std::vector<ValidationIssue> pi = Validate(Sample(), p, NoChildren(), kToday);
    INFO(p.id << "\n" << Describe(pi));
    CHECK(pi.empty());
  });
}

TEST_CASE("A deliberately wrong household fails on the expected fields") {
  FilledHousehold f;
  f.household.fields["tenure"].value = nullptr;
  f.household.fields["floor_area"].value = 0.5;
  f.household.fields["phone"].value = "912345678";
  f.household.fields["colour"] = FieldValue{"blue", "h"};
  std::vector<ValidationIssue> issues = Validate(Sample(), f.household, f.children, kToday);
  CHECK(Codes(issues) == std::vector<std::string>{"colour:unknown_field", "phone:invalid_phone",
                                                  "tenure:required", "floor_area:out_of_range"});
  CHECK(issues[2].message_vi == "Hãy chọn câu trả lời cho “Nhà ở”");
  CHECK(issues[2].message_en == "Choose an answer for “Housing tenure”");
  CHECK(issues[3].message_en == "“Floor area (m²)” must be between 1 and 2000");
  CHECK(issues[3].message_vi == "“Diện tích nhà ở (m²)” phải từ 1 đến 2000");
}

TEST_CASE("A missing answer is named in plain words: fill in a text, choose an answer") {
  FilledHousehold f;
  f.household.fields["street"].value = nullptr;
  f.household.fields["tenure"].value = nullptr;
  std::vector<ValidationIssue> issues = Validate(Sample(), f.household, f.children, kToday);
  REQUIRE(Codes(issues) == std::vector<std::string>{"street:required", "tenure:required"});
  CHECK(issues[0].message_vi == "Hãy điền “Đường, phố”");
  CHECK(issues[0].message_en == "Please fill in “Street”");
  CHECK(issues[1].message_vi == "Hãy chọn câu trả lời cho “Nhà ở”");
}

TEST_CASE("Two heads break the household's constraint, in both languages") {
  FilledHousehold f;
  Record extra = Person("p-4", "Lê Văn Dũng", "1", "1950-01-01", "head");
  Calculate(Sample(), &extra, NoChildren());
  f.children.Add(extra);
  Calculate(Sample(), &f.household, f.children);
  CHECK(f.household.Get("heads") == 2);
  std::vector<ValidationIssue> issues = Validate(Sample(), f.household, f.children, kToday);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].field == "heads");
  CHECK(issues[0].code == "constraint");
  CHECK(issues[0].message_vi == "Hộ phải có đúng một chủ hộ");
  CHECK(issues[0].message_en == "A household must have exactly one head");
}

TEST_CASE("Constraints see the value as `.` and other fields") {
  Record p = Person("p-1", "An", "1", "2026-04-01", "head");  // born after today
  p.fields["bhyt_expiry"].value = "2020-01-01";               // before birth
  std::vector<ValidationIssue> issues = Validate(Sample(), p, NoChildren(), kToday);
  REQUIRE(Codes(issues) == std::vector<std::string>{"dob:constraint", "bhyt_expiry:constraint"});
  CHECK(issues[0].message_vi == "Ngày sinh không được sau ngày hôm nay");
  CHECK(issues[0].message_en == "The date of birth cannot be after today");
  CHECK(issues[1].message_en == "The card expiry must be after the date of birth");
  // The same record is valid on a later reference date.
  p.fields["bhyt_expiry"].value = "2030-01-01";
  CHECK(Validate(Sample(), p, NoChildren(), "2026-05-01").empty());
}

TEST_CASE("A field that is not relevant is never required and its value is ignored") {
  FilledHousehold f;
  SECTION("relevant and missing: required") {
    f.household.fields.erase("business_converted");
    std::vector<ValidationIssue> issues = Validate(Sample(), f.household, f.children, kToday);
    CHECK(Codes(issues) == std::vector<std::string>{"business_converted:required"});
  }
  SECTION("not relevant and missing: fine") {
    f.household.fields["has_business"].value = false;
    f.household.fields.erase("business_converted");
    CHECK(Validate(Sample(), f.household, f.children, kToday).empty());
  }
  SECTION("not relevant with a stale (even invalid) value: ignored, and clearable") {
    f.household.fields["has_business"].value = false;
    f.household.fields["business_converted"].value = "not a boolean";
    CHECK(Validate(Sample(), f.household, f.children, kToday).empty());
    CHECK(IrrelevantValues(Sample(), f.household, f.children, kToday) ==
          std::vector<std::string>{"business_converted"});
    std::vector<std::string> cleared = ClearIrrelevant(Sample(), &f.household, f.children, kToday);
    CHECK(cleared == std::vector<std::string>{"business_converted"});
    CHECK(f.household.Get("business_converted").is_null());
    CHECK(IrrelevantValues(Sample(), f.household, f.children, kToday).empty());
  }
  SECTION("relevance on a calculated value: citizen ID only from age 14") {
    Record child = Person("p-9", "Bé", "1", "2020-01-01", "child");
    Calculate(Sample(), &child, NoChildren());
    CHECK(child.Get("age") == 6);
    child.fields["citizen_id"] = FieldValue{"bad", "h"};
    CHECK(Validate(Sample(), child, NoChildren(), kToday).empty());
    child.fields["dob"].value = "2000-01-01";
    Calculate(Sample(), &child, NoChildren());
    CHECK(Codes(Validate(Sample(), child, NoChildren(), kToday)) ==
          std::vector<std::string>{"citizen_id:invalid_citizen_id"});
  }
}

TEST_CASE("Child counts: too few, too many, deleted children not counted") {
  FilledHousehold f;
  Record hh = f.household;
  SECTION("no person") {
    std::vector<ValidationIssue> issues = Validate(Sample(), hh, NoChildren(), kToday);
    REQUIRE(Codes(issues) == std::vector<std::string>{"person:child_count"});
    CHECK(issues[0].message_vi == "Cần ít nhất 1 “Nhân khẩu” (đang có 0)");
    CHECK(issues[0].message_en == "At least 1 “Person” needed (now 0)");
  }
  SECTION("only a deleted person") {
    Record p = Person("p-1", "An", "1", "1980-01-01", "head");
    p.deleted = true;
    VectorChildLookup children({p});
    CHECK(Codes(Validate(Sample(), hh, children, kToday)) ==
          std::vector<std::string>{"person:child_count"});
    p.deleted = false;
    CHECK(Validate(Sample(), hh, VectorChildLookup({p}), kToday).empty());
  }
  SECTION("31 persons") {
    VectorChildLookup children;
    for (int i = 0; i < 31; ++i) {
      children.Add(Person("p-" + std::to_string(i), "X", "1", "1990-01-01", "other"));
    }
    std::vector<ValidationIssue> issues = Validate(Sample(), hh, children, kToday);
    REQUIRE(Codes(issues) == std::vector<std::string>{"person:child_count"});
    CHECK(issues[0].message_en == "At most 30 “Person” allowed (now 31)");
    // A deleted one brings it back to 30.
    Record gone = Person("p-x", "X", "1", "1990-01-01", "other");
    VectorChildLookup thirty;
    for (int i = 0; i < 29; ++i)
      thirty.Add(Person("p-" + std::to_string(i), "X", "1", "1990-01-01", "other"));
    thirty.Add(Person("p-h", "X", "1", "1990-01-01", "head"));
    gone.deleted = true;
    thirty.Add(gone);
    CHECK(Validate(Sample(), hh, thirty, kToday).empty());
  }
  SECTION("children of another parent are not counted") {
    Record p = Person("p-1", "An", "1", "1980-01-01", "head");
    p.parent_id = "hh-2";
    CHECK(Codes(Validate(Sample(), hh, VectorChildLookup({p}), kToday)) ==
          std::vector<std::string>{"person:child_count"});
  }
}

TEST_CASE("Calculations run in dependency order, a chain through children") {
  FilledHousehold f;
  Record hh = f.household;
  for (const char* calc : {"members", "area_per_person", "heads"}) hh.fields.erase(calc);
  Result<std::vector<CalculatedValue>> values = ApplyCalculations(Sample(), hh, f.children, kToday);
  REQUIRE(values.ok());
  REQUIRE(values->size() == 3);
  CHECK((*values)[0].field == "members");
  CHECK((*values)[0].value == 3);
  CHECK((*values)[0].value.is_number_integer());
  CHECK((*values)[1].field == "area_per_person");
  CHECK((*values)[1].value == 18.2);  // round(54.5 / 3, 1), read from the fresh `members`
  CHECK((*values)[2].value == 1);
  // Without children the chain ends in null rather than a division by zero.
  values = ApplyCalculations(Sample(), hh, NoChildren(), kToday);
  REQUIRE(values.ok());
  CHECK((*values)[0].value == 0);
  CHECK((*values)[1].value.is_null());

  Record unknown = MakeRecord("x", "vehicle", Json::object());
  CHECK(ApplyCalculations(Sample(), unknown, NoChildren(), kToday).status().code() ==
        "unknown_type");
}

// A form with one field of each type, for the type checks.
const SchemaSet& Types() {
  static const SchemaSet set = [] {
    Json j = Json::parse(R"({
      "schemas": [{"id": "thing", "version": 1, "label": {"vi": "Vật", "en": "Thing"},
        "source": "test", "fields": [
        {"name": "t", "type": "text", "label": {"vi": "Chữ", "en": "Text"}, "max_length": 5},
        {"name": "i", "type": "integer", "label": {"vi": "Số nguyên", "en": "Whole"},
         "min": 0, "max": 10},
        {"name": "d", "type": "decimal", "label": {"vi": "Số", "en": "Number"},
         "min": 0.5, "max": 2.5},
        {"name": "b", "type": "boolean", "label": {"vi": "Có/không", "en": "Yes/no"}},
        {"name": "dt", "type": "date", "label": {"vi": "Ngày", "en": "Date"},
         "min": "2000-01-01", "max": "2030-12-31"},
        {"name": "s1", "type": "select_one", "list": "colour", "label": {"vi": "Màu", "en": "Colour"}},
        {"name": "sm", "type": "select_multiple", "list": "colour",
         "label": {"vi": "Các màu", "en": "Colours"}},
        {"name": "p", "type": "phone", "label": {"vi": "Điện thoại", "en": "Phone"}},
        {"name": "c", "type": "citizen_id", "label": {"vi": "CCCD", "en": "ID"}},
        {"name": "lo", "type": "integer", "label": {"vi": "Tối thiểu", "en": "Floor"}, "min": 3},
        {"name": "hi", "type": "date", "label": {"vi": "Tối đa", "en": "Ceiling"}, "max": "2026-01-01"},
        {"name": "r", "type": "text", "label": {"vi": "Lý do", "en": "Reason"},
         "required": "${i} = 9"},
        {"name": "sealed", "type": "phone", "label": {"vi": "ĐT kín", "en": "Sealed phone"},
         "sealed": true}
      ]}],
      "code_lists": {"colour": {"id": "colour", "source": "test", "choices": [
        {"code": "red", "label": {"vi": "Đỏ", "en": "Red"}},
        {"code": "blue", "label": {"vi": "Xanh", "en": "Blue"}}]}}
    })");
    Result<SchemaSet> r = SchemaSet::LoadFromJson(j);
    if (!r.ok()) FAIL(r.status().ToString());
    return std::move(r).value();
  }();
  return set;
}

// The issue code of `value` in field `name` of a "thing" ("" when valid).
std::string CodeOf(const std::string& name, const Json& value,
                   ValidationMode mode = ValidationMode::kDevice) {
  Record r = MakeRecord("t-1", "thing", {{name, value}});
  std::vector<ValidationIssue> issues = Validate(Types(), r, NoChildren(), kToday, mode);
  if (issues.empty()) return "";
  CHECK(issues.size() == 1);
  CHECK(issues[0].field == name);
  CHECK_FALSE(issues[0].message_vi.empty());
  CHECK_FALSE(issues[0].message_en.empty());
  // The single-value check agrees with the record check.
  Status s = ValidateFieldValue(Types(), "thing", name, value, mode);
  CHECK(s.code() == issues[0].code);
  return issues[0].code;
}

TEST_CASE("Every field type: valid and invalid values") {
  struct Case {
    const char* field;
    Json value;
    const char* code;
  };
  const std::vector<Case> cases = {
      {"t", "abc", ""},
      {"t", "Đường", ""},  // 5 code points, 9 bytes
      {"t", "abcdef", "too_long"},
      {"t", 5, "type_mismatch"},
      {"i", 7, ""},
      {"i", 0, ""},
      {"i", 10, ""},
      {"i", 11, "out_of_range"},
      {"i", -1, "out_of_range"},
      {"i", 2.5, "type_mismatch"},
      {"i", "7", "type_mismatch"},
      {"d", 1, ""},
      {"d", 2.5, ""},
      {"d", 0.4, "out_of_range"},
      {"d", "1.5", "type_mismatch"},
      {"b", true, ""},
      {"b", false, ""},
      {"b", "true", "type_mismatch"},
      {"b", 1, "type_mismatch"},
      {"dt", "2026-02-28", ""},
      {"dt", "2024-02-29", ""},
      {"dt", "2026-02-29", "invalid_date"},
      {"dt", "15/03/2026", "invalid_date"},
      {"dt", "1999-12-31", "out_of_range"},
      {"dt", 20260315, "type_mismatch"},
      {"s1", "red", ""},
      {"s1", "green", "not_in_list"},
      {"s1", "Red", "not_in_list"},
      {"s1", Json::array({"red"}), "type_mismatch"},
      {"sm", Json::array({"red", "blue"}), ""},
      {"sm", Json::array({"red", "green"}), "not_in_list"},
      {"sm", Json::array({"red", "red"}), "duplicate_choice"},
      {"sm", "red", "type_mismatch"},
      {"sm", Json::array({1}), "type_mismatch"},
      {"p", "0912345678", ""},
      {"p", "02253123456", ""},
      {"p", "0412345678", "invalid_phone"},
      {"p", "+84912345678", "invalid_phone"},
      {"p", 912345678, "type_mismatch"},
      {"c", "031203004567", ""},
      {"c", "03120300456", "invalid_citizen_id"},
      {"c", "099203004567", "invalid_citizen_id"},
      {"c", 31203004567, "type_mismatch"},
      {"lo", 3, ""},
      {"lo", 2, "out_of_range"},
      {"hi", "2026-01-01", ""},
      {"hi", "2026-01-02", "out_of_range"},
  };
  for (const Case& c : cases) {
    INFO(c.field << " = " << c.value.dump());
    CHECK(CodeOf(c.field, c.value) == c.code);
  }
}

TEST_CASE("Range messages name the bound that was crossed") {
  Record r = MakeRecord("t-1", "thing", {{"lo", 1}, {"hi", "2027-01-01"}});
  std::vector<ValidationIssue> issues = Validate(Types(), r, NoChildren(), kToday);
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].message_en == "“Floor” must be at least 3");
  CHECK(issues[0].message_vi == "“Tối thiểu” phải từ 3 trở lên");
  CHECK(issues[1].message_en == "“Ceiling” must be at most 2026-01-01");
}

TEST_CASE("Empty answers count as missing; required may be an expression") {
  CHECK(CodeOf("r", "") == "");  // not required while i is not 9
  Record r = MakeRecord("t-1", "thing", {{"i", 9}, {"r", ""}});
  CHECK(Codes(Validate(Types(), r, NoChildren(), kToday)) ==
        std::vector<std::string>{"r:required"});
  r.fields["r"].value = "vì sao";
  CHECK(Validate(Types(), r, NoChildren(), kToday).empty());
  Record empty_list = MakeRecord("t-1", "thing", {{"sm", Json::array()}});
  CHECK(Validate(Types(), empty_list, NoChildren(), kToday).empty());
}

TEST_CASE("Sealed fields: plaintext checked on the device, only envelopes on the server") {
  Json envelope = {{"sealed", kSealed}};
  SECTION("device") {
    CHECK(CodeOf("sealed", "0912345678") == "");
    CHECK(CodeOf("sealed", "12345") == "invalid_phone");
    CHECK(CodeOf("sealed", envelope) == "");  // pulled from the server, unreadable here
    CHECK(CodeOf("sealed", Json{{"sealed", "%%"}}) == "invalid_sealed");
  }
  SECTION("server") {
    ValidationMode server = ValidationMode::kServer;
    CHECK(CodeOf("sealed", envelope, server) == "");
    CHECK(CodeOf("sealed", "0912345678", server) == "not_sealed");
    CHECK(CodeOf("sealed", kSealed, server) == "not_sealed");  // a bare string is not sealed
    CHECK(CodeOf("sealed", Json{{"sealed", "%%"}}, server) == "invalid_sealed");
    // Fields that are not sealed are checked as usual on the server.
    CHECK(CodeOf("p", "0912345678", server) == "");
    CHECK(CodeOf("p", envelope, server) == "type_mismatch");
  }
  SECTION("the sample's sealed fields") {
    FilledHousehold f;
    f.household.fields["phone"].value = envelope;
    f.household.fields["notes"].value = envelope;
    CHECK(Validate(Sample(), f.household, f.children, kToday, ValidationMode::kServer).empty());
    f.household.fields["notes"].value = "plain text";
    CHECK(Codes(Validate(Sample(), f.household, f.children, kToday, ValidationMode::kServer)) ==
          std::vector<std::string>{"notes:not_sealed"});
  }
}

TEST_CASE("ValidateFieldValue checks one change on its own") {
  CHECK(ValidateFieldValue(Sample(), "person", "sex", "2", ValidationMode::kServer).ok());
  CHECK(ValidateFieldValue(Sample(), "person", "sex", nullptr, ValidationMode::kServer).ok());
  Status s = ValidateFieldValue(Sample(), "person", "sex", "3", ValidationMode::kServer);
  CHECK(s.code() == "not_in_list");
  CHECK(s.path() == "sex");
  CHECK(s.message_vi() == "“Giới tính”: mã '3' không có trong danh mục");
  s = ValidateFieldValue(Sample(), "vehicle", "sex", "2", ValidationMode::kServer);
  CHECK(s.code() == "unknown_type");
  s = ValidateFieldValue(Sample(), "person", "gender", "2", ValidationMode::kServer);
  CHECK(s.code() == "unknown_field");
  CHECK(s.path() == "gender");
  // Record-wide rules are left to Validate: a required field may be cleared.
  CHECK(ValidateFieldValue(Sample(), "person", "full_name", "", ValidationMode::kDevice).ok());
  CHECK(
      ValidateFieldValue(Sample(), "person", "citizen_id", "031203004567", ValidationMode::kServer)
          .code() == "not_sealed");
}

TEST_CASE("Unknown record types and unknown fields") {
  Record r = MakeRecord("x", "vehicle", {{"a", 1}});
  CHECK(Codes(Validate(Sample(), r, NoChildren(), kToday)) ==
        std::vector<std::string>{":unknown_type"});
  Record p = Person("p-1", "An", "1", "1980-01-01", "head");
  Calculate(Sample(), &p, NoChildren());
  p.fields["nickname"] = FieldValue{"Tí", "h"};
  p.fields["old_field"] = FieldValue{nullptr, "h"};  // a cleared unknown field is harmless
  p.fields["_deleted"] = FieldValue{false, "h"};     // deleted once, then restored
  std::vector<ValidationIssue> issues = Validate(Sample(), p, NoChildren(), kToday);
  REQUIRE(Codes(issues) == std::vector<std::string>{"nickname:unknown_field"});
  CHECK(issues[0].message_en == "Field 'nickname' is not in form “Person”");
}

// Relevance reads earlier fields that are not relevant as null, so skip logic cascades.
TEST_CASE("Relevance cascades through fields that are not relevant") {
  Json j = Json::parse(R"({
    "schemas": [{"id": "f", "version": 1, "label": {"vi": "F", "en": "F"}, "source": "t",
      "fields": [
        {"name": "a", "type": "boolean", "label": {"vi": "A", "en": "A"}},
        {"name": "b", "type": "integer", "label": {"vi": "B", "en": "B"}, "relevant": "${a} = true"},
        {"name": "c", "type": "text", "label": {"vi": "C", "en": "C"}, "relevant": "${b} > 5",
         "required": true}
      ]}]})");
  Result<SchemaSet> set = SchemaSet::LoadFromJson(j);
  REQUIRE(set.ok());
  Record r = MakeRecord("r", "f", {{"a", true}, {"b", 9}});
  CHECK(Codes(Validate(*set, r, NoChildren(), kToday)) == std::vector<std::string>{"c:required"});
  r.fields["a"].value = false;  // b is no longer relevant, so its stale 9 hides c too
  CHECK(Validate(*set, r, NoChildren(), kToday).empty());
  CHECK(IrrelevantValues(*set, r, NoChildren(), kToday) == std::vector<std::string>{"b"});
}

TEST_CASE("Evaluation errors are reported, not thrown") {
  Json j = Json::parse(R"({
    "schemas": [{"id": "f", "version": 1, "label": {"vi": "F", "en": "F"}, "source": "t",
      "fields": [
        {"name": "a", "type": "text", "label": {"vi": "A", "en": "A"}},
        {"name": "n", "type": "decimal", "label": {"vi": "N", "en": "N"}, "calculate": "${a} * 2"},
        {"name": "m", "type": "integer", "label": {"vi": "M", "en": "M"},
         "constraint": ". > ${a} * 2", "constraint_message": {"vi": "x", "en": "x"}},
        {"name": "q", "type": "text", "label": {"vi": "Q", "en": "Q"},
         "relevant": "${a} * 2 > 1", "required": true}
      ]}]})");
  Result<SchemaSet> set = SchemaSet::LoadFromJson(j);
  REQUIRE(set.ok());
  Record r = MakeRecord("r", "f", {{"a", "chữ"}, {"m", 1}});
  Result<std::vector<CalculatedValue>> values = ApplyCalculations(*set, r, NoChildren(), kToday);
  REQUIRE(values.ok());
  REQUIRE(values->size() == 1);
  CHECK((*values)[0].value.is_null());
  CHECK_FALSE((*values)[0].status.ok());
  CHECK((*values)[0].status.path() == "n");
  std::vector<ValidationIssue> issues = Validate(*set, r, NoChildren(), kToday);
  // One issue per field: a failing relevance is reported instead of `required`.
  CHECK(Codes(issues) == std::vector<std::string>{"m:expr_error", "q:expr_error"});
  CHECK(issues[1].message_en.find("could not be evaluated") != std::string::npos);
}

}  // namespace
}  // namespace sotay

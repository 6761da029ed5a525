#include "core/schema.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace sotay {
namespace {

const char* const kSampleDir = SOTAY_SCHEMA_DIR "/sample";

// A small valid set: household (with a person child) and one code list.
Json BaseSet() {
  return Json::parse(R"({
    "schemas": [
      {"id": "household", "version": 1, "label": {"vi": "Hộ", "en": "Household"},
       "source": "test", "children": [{"type": "person", "min": 1}],
       "fields": [
         {"name": "street", "type": "text", "label": {"vi": "Đường", "en": "Street"}},
         {"name": "tenure", "type": "select_one", "list": "tenure",
          "label": {"vi": "Nhà ở", "en": "Tenure"}}
       ]},
      {"id": "person", "version": 1, "parent_type": "household",
       "label": {"vi": "Nhân khẩu", "en": "Person"}, "source": "test",
       "fields": [
         {"name": "full_name", "type": "text", "label": {"vi": "Họ tên", "en": "Name"}},
         {"name": "age", "type": "integer", "label": {"vi": "Tuổi", "en": "Age"}}
       ]}
    ],
    "code_lists": {
      "tenure": {"id": "tenure", "source": "test",
                 "choices": [{"code": "owned", "label": {"vi": "Sở hữu", "en": "Owned"}}]}
    }
  })");
}

Json Field(const std::string& name, const std::string& type) {
  return Json{{"name", name}, {"type", type}, {"label", {{"vi", name}, {"en", name}}}};
}

Json& HouseholdFields(Json& set) { return set["schemas"][0]["fields"]; }

// Loads `set`, which must be refused, and returns why.
Status Refused(const Json& set) {
  Result<SchemaSet> r = SchemaSet::LoadFromJson(set);
  REQUIRE_FALSE(r.ok());
  INFO(r.status().ToString());
  CHECK_FALSE(r.status().message_vi().empty());
  CHECK_FALSE(r.status().message_en().empty());
  return r.status();
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST_CASE("The base test set loads") {
  Result<SchemaSet> r = SchemaSet::LoadFromJson(BaseSet());
  REQUIRE(r.ok());
  const FormDef* hh = r->FindForm("household");
  REQUIRE(hh != nullptr);
  CHECK(hh->FindField("tenure")->type == FieldType::kSelectOne);
  // A child without a label takes the label of its form.
  CHECK(hh->children[0].label.en == "Person");
  CHECK(hh->children[0].min == 1);
  CHECK_FALSE(hh->children[0].max.has_value());
  CHECK(r->FindForm("nobody") == nullptr);
  CHECK(r->FindCodeList("tenure")->Find("owned")->label.vi == "Sở hữu");
}

TEST_CASE("The sample form set loads from its folder") {
  Result<SchemaSet> r = SchemaSet::LoadDirectory(kSampleDir);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->forms().size() == 2);
  CHECK(r->forms()[0].record_type == "household");
  CHECK(r->forms()[1].record_type == "person");
  CHECK(r->code_lists().size() == 4);
  const FormDef* person = r->FindForm("person");
  REQUIRE(person != nullptr);
  CHECK(person->parent_type == "household");
  const FieldDef* cid = person->FindField("citizen_id");
  REQUIRE(cid != nullptr);
  CHECK(cid->sealed);
  CHECK(cid->sensitive);
  CHECK(cid->relevant.has_value());
  // Calculations come after what they read: members before area_per_person.
  const FormDef* hh = r->FindForm("household");
  std::vector<std::string> order;
  for (size_t i : hh->calculation_order) order.push_back(hh->fields[i].name);
  CHECK(order == std::vector<std::string>{"members", "area_per_person", "heads"});
}

TEST_CASE("Client JSON is normalised, reloads to the same set and hash") {
  Result<SchemaSet> r = SchemaSet::LoadDirectory(kSampleDir);
  REQUIRE(r.ok());
  Json client = r->ToClientJson();
  CHECK(client["version"] == r->ContentHash());
  CHECK(r->ContentHash().rfind("sha256:", 0) == 0);
  CHECK(r->ContentHash().size() == 7 + 64);
  REQUIRE(client["schemas"].size() == 2);
  const Json& street = client["schemas"][0]["fields"][0];
  CHECK(street["name"] == "street");
  CHECK(street["required"] == true);
  CHECK(street["sealed"] == false);                        // defaults are filled in
  CHECK(client["schemas"][1]["record_type"] == "person");  // defaulted from id
  CHECK(client["schemas"][1]["children"].empty());
  CHECK(client["code_lists"]["sex"]["choices"][1]["label"]["vi"] == "Nữ");

  Result<SchemaSet> again = SchemaSet::LoadFromJson(client);
  INFO(again.status().ToString());
  REQUIRE(again.ok());
  CHECK(again->ContentHash() == r->ContentHash());
  CHECK(again->ToClientJson().dump() == client.dump());
}

TEST_CASE("The content hash changes with any definition, and only then") {
  Json set = BaseSet();
  std::string h1 = SchemaSet::LoadFromJson(set)->ContentHash();
  CHECK(SchemaSet::LoadFromJson(BaseSet())->ContentHash() == h1);
  set["schemas"][0]["fields"][0]["label"]["vi"] = "Phố";
  std::string h2 = SchemaSet::LoadFromJson(set)->ContentHash();
  CHECK(h2 != h1);
  set["code_lists"]["tenure"]["choices"][0]["label"]["en"] = "Own";
  CHECK(SchemaSet::LoadFromJson(set)->ContentHash() != h2);
  // Order of forms in the input does not matter.
  Json swapped = BaseSet();
  std::swap(swapped["schemas"][0], swapped["schemas"][1]);
  CHECK(SchemaSet::LoadFromJson(swapped)->ContentHash() == h1);
}

TEST_CASE("Dotted record types and period forms load") {
  Json set = BaseSet();
  set["schemas"][0]["children"].push_back(Json{{"type", "assessment.poverty"}});
  Json form = {{"id", "assessment.poverty"},
               {"version", 3},
               {"parent_type", "household"},
               {"period", true},
               {"label", {{"vi", "Rà soát hộ nghèo"}, {"en", "Poverty review"}}},
               {"source", "Nghị định 07/2021/NĐ-CP"},
               {"fields", Json::array({Field("period", "integer"), Field("income", "decimal")})}};
  form["fields"][0]["required"] = true;
  form["fields"][0]["min"] = 2020;
  set["schemas"].push_back(form);
  Result<SchemaSet> r = SchemaSet::LoadFromJson(set);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(r->FindForm("assessment.poverty")->period);
  CHECK(r->FindForm("assessment.poverty")->version == 3);

  // Without a required integer `period` field, "period": true is refused.
  set["schemas"][2]["fields"][0]["required"] = false;
  Status s = Refused(set);
  CHECK(s.code() == "schema_period_field");
  CHECK(s.path() == "/schemas/2/period");
}

TEST_CASE("Malformed forms are refused with a code and a JSON pointer") {
  Json set = BaseSet();
  Json& fields = HouseholdFields(set);

  SECTION("unknown field type") {
    fields[0]["type"] = "string";
    Status s = Refused(set);
    CHECK(s.code() == "schema_unknown_field_type");
    CHECK(s.path() == "/schemas/0/fields/0/type");
    CHECK(Contains(s.message_en(), "'string'"));
  }
  SECTION("duplicate field names") {
    fields.push_back(Field("street", "integer"));
    Status s = Refused(set);
    CHECK(s.code() == "schema_duplicate_field");
    CHECK(s.path() == "/schemas/0/fields/2/name");
  }
  SECTION("select without a known list") {
    fields[1]["list"] = "tenures";
    Status s = Refused(set);
    CHECK(s.code() == "schema_unknown_list");
    CHECK(s.path() == "/schemas/0/fields/1/list");
  }
  SECTION("select without a list at all") {
    fields[1].erase("list");
    Status s = Refused(set);
    CHECK(s.code() == "schema_missing_key");
    CHECK(s.path() == "/schemas/0/fields/1/list");
  }
  SECTION("a list on a field that is not a select") {
    fields[0]["list"] = "tenure";
    Status s = Refused(set);
    CHECK(s.code() == "schema_key_not_allowed");
    CHECK(s.path() == "/schemas/0/fields/0/list");
  }
  SECTION("an unknown key, with the key it probably meant") {
    fields[0]["relevent"] = "true";
    Status s = Refused(set);
    CHECK(s.code() == "schema_unknown_key");
    CHECK(s.path() == "/schemas/0/fields/0/relevent");
    CHECK(Contains(s.message_en(), "did you mean 'relevant'"));
    CHECK(Contains(s.message_vi(), "'relevant'"));
  }
  SECTION("an unknown key at form and label level") {
    set["schemas"][1]["parent"] = "household";
    CHECK(Refused(set).path() == "/schemas/1/parent");
    set = BaseSet();
    set["schemas"][1]["label"]["fr"] = "Personne";
    CHECK(Refused(set).path() == "/schemas/1/label/fr");
  }
  SECTION("a label without its English text") {
    fields[0]["label"].erase("en");
    Status s = Refused(set);
    CHECK(s.code() == "schema_missing_key");
    CHECK(s.path() == "/schemas/0/fields/0/label/en");
  }
  SECTION("a value of the wrong JSON type") {
    fields[0]["required"] = 1;
    CHECK(Refused(set).code() == "schema_wrong_type");
    fields[0]["required"] = true;
    fields[0]["sealed"] = "yes";
    Status s = Refused(set);
    CHECK(s.code() == "schema_wrong_type");
    CHECK(s.path() == "/schemas/0/fields/0/sealed");
  }
  SECTION("min greater than max") {
    Json f = Field("area", "decimal");
    f["min"] = 10;
    f["max"] = 1.5;
    fields.push_back(f);
    Status s = Refused(set);
    CHECK(s.code() == "schema_bad_range");
    CHECK(s.path() == "/schemas/0/fields/2/min");
  }
  SECTION("date bounds must be real dates, in order") {
    Json f = Field("dob", "date");
    f["min"] = "2026-02-30";
    fields.push_back(f);
    CHECK(Refused(set).code() == "schema_wrong_type");
    fields[2]["min"] = "2026-02-01";
    fields[2]["max"] = "2026-01-31";
    CHECK(Refused(set).code() == "schema_bad_range");
  }
  SECTION("bounds and lengths only where they mean something") {
    fields[0]["min"] = 1;
    CHECK(Refused(set).code() == "schema_key_not_allowed");
    fields[0].erase("min");
    fields[1]["max_length"] = 5;
    CHECK(Refused(set).path() == "/schemas/0/fields/1/max_length");
    fields[1].erase("max_length");
    fields[0]["max_length"] = 0;
    CHECK(Refused(set).code() == "schema_bad_range");
  }
  SECTION("child min greater than max") {
    set["schemas"][0]["children"][0]["max"] = 0;
    Status s = Refused(set);
    CHECK(s.code() == "schema_bad_range");
    CHECK(s.path() == "/schemas/0/children/0/min");
  }
  SECTION("a child type that is not defined") {
    set["schemas"][0]["children"].push_back(Json{{"type", "vehicle"}});
    Status s = Refused(set);
    CHECK(s.code() == "schema_unknown_child_type");
    CHECK(s.path() == "/schemas/0/children/1/type");
  }
  SECTION("a parent that does not list its child") {
    set["schemas"][0]["children"] = Json::array();
    Status s = Refused(set);
    CHECK(s.code() == "schema_parent_mismatch");
    CHECK(s.path() == "/schemas/1/parent_type");
  }
  SECTION("a parent that is not defined") {
    set["schemas"][0]["children"] = Json::array();
    set["schemas"][1]["parent_type"] = "family";
    Status s = Refused(set);
    CHECK(s.code() == "schema_unknown_parent");
    CHECK(s.path() == "/schemas/1/parent_type");
  }
  SECTION("duplicate form ids") {
    Json copy = set["schemas"][1];
    copy["record_type"] = "person2";
    set["schemas"].push_back(copy);
    Status s = Refused(set);
    CHECK(s.code() == "schema_duplicate_form");
    CHECK(s.path() == "/schemas/2/id");
  }
  SECTION("two forms for one record type") {
    Json copy = set["schemas"][1];
    copy["id"] = "person_v2";
    copy["record_type"] = "person";
    set["schemas"].push_back(copy);
    Status s = Refused(set);
    CHECK(s.code() == "schema_duplicate_form");
    CHECK(s.path() == "/schemas/2/record_type");
  }
  SECTION("bad versions") {
    for (Json v : {Json(0), Json(-1), Json(1.5), Json("1.0.0"), Json(nullptr)}) {
      set["schemas"][1]["version"] = v;
      Status s = Refused(set);
      INFO(v.dump());
      CHECK(s.code() == "schema_bad_version");
      CHECK(s.path() == "/schemas/1/version");
    }
    set["schemas"][1].erase("version");
    CHECK(Refused(set).code() == "schema_missing_key");
  }
  SECTION("names that break the naming rule") {
    for (const char* bad : {"Street", "1street", "street-name", "_street", "street name", ""}) {
      fields[0]["name"] = bad;
      INFO(bad);
      Status s = Refused(set);
      CHECK((s.code() == "schema_bad_name" || s.code() == "schema_wrong_type"));
      CHECK(s.path() == "/schemas/0/fields/0/name");
    }
    fields[0]["name"] = "a.b";  // dots are for types, not fields
    CHECK(Refused(set).code() == "schema_bad_name");
  }
  SECTION("record members are reserved names") {
    fields[0]["name"] = "group_id";
    CHECK(Refused(set).code() == "schema_reserved_field");
    fields[0]["name"] = "period";  // only with "period": true
    CHECK(Refused(set).code() == "schema_reserved_field");
  }
  SECTION("bad type names") {
    set["schemas"][1]["id"] = "assessment..poverty";
    CHECK(Refused(set).code() == "schema_bad_name");
    set["schemas"][1]["id"] = "Assessment.poverty";
    CHECK(Refused(set).path() == "/schemas/1/id");
  }
  SECTION("a constraint without its message, a message without a constraint") {
    fields[0]["constraint"] = "string-length(.) > 2";
    Status s = Refused(set);
    CHECK(s.code() == "schema_missing_key");
    CHECK(s.path() == "/schemas/0/fields/0/constraint_message");
    fields[0].erase("constraint");
    fields[0]["constraint_message"] = {{"vi", "x"}, {"en", "x"}};
    CHECK(Refused(set).code() == "schema_key_not_allowed");
  }
  SECTION("a sealed field cannot be calculated") {
    fields[0]["sealed"] = true;
    fields[0]["calculate"] = "'x'";
    CHECK(Refused(set).code() == "schema_key_not_allowed");
  }
}

TEST_CASE("Expressions are checked when the schema loads") {
  Json set = BaseSet();
  Json& fields = HouseholdFields(set);

  SECTION("a syntax error surfaces with its position") {
    fields[0]["relevant"] = "${tenure} = 'owned' and";
    Status s = Refused(set);
    CHECK(s.code() == "expr_syntax");
    CHECK(s.path() == "/schemas/0/fields/0/relevant");
    CHECK(Contains(s.message_en(), "position"));
    CHECK(Contains(s.message_vi(), "vị trí"));
  }
  SECTION("an empty expression") {
    fields[0]["calculate"] = "";
    CHECK(Refused(set).code() == "schema_wrong_type");
  }
  SECTION("a reference to an unknown field") {
    fields[0]["relevant"] = "${tenur} = 'owned'";
    Status s = Refused(set);
    CHECK(s.code() == "schema_unknown_field_ref");
    CHECK(s.path() == "/schemas/0/fields/0/relevant");
    CHECK(Contains(s.message_en(), "${tenur}"));
  }
  SECTION("in every kind of expression") {
    fields[0]["required"] = "${nothing} = 1";
    CHECK(Refused(set).path() == "/schemas/0/fields/0/required");
    fields[0]["required"] = true;
    fields[0]["constraint"] = ". != ${nothing}";
    fields[0]["constraint_message"] = {{"vi", "x"}, {"en", "x"}};
    CHECK(Refused(set).path() == "/schemas/0/fields/0/constraint");
  }
  SECTION("an unknown child type") {
    fields[0]["calculate"] = "count('persons')";
    Status s = Refused(set);
    CHECK(s.code() == "schema_unknown_child_type");
    CHECK(s.path() == "/schemas/0/fields/0/calculate");
    CHECK(Contains(s.message_en(), "'persons'"));
  }
  SECTION("an unknown field of a child") {
    fields.push_back(Field("adults", "integer"));
    fields[2]["calculate"] = "count('person', ${agee} >= 18)";
    Status s = Refused(set);
    CHECK(s.code() == "schema_unknown_child_field_ref");
    CHECK(s.path() == "/schemas/0/fields/2/calculate");
    CHECK(Contains(s.message_en(), "${agee}"));
  }
  SECTION("child and own fields each resolve in their own scope") {
    fields.push_back(Field("adults", "integer"));
    fields[2]["calculate"] = "count('person', ${age} >= 18) + sum('person', ${age}) * 0";
    CHECK(SchemaSet::LoadFromJson(set).ok());
    // `street` is a household field, not a person field.
    fields[2]["calculate"] = "count('person', ${street} = 'x')";
    CHECK(Refused(set).code() == "schema_unknown_child_field_ref");
    // After the call closes, names are the household's again.
    fields[2]["calculate"] = "if(count('person', ${age} >= 18) > 0, ${street}, 'none')";
    fields[2]["type"] = "text";
    CHECK(SchemaSet::LoadFromJson(set).ok());
  }
  SECTION("a sealed field cannot be read by an expression") {
    fields[0]["sealed"] = true;
    fields[1]["relevant"] = "${street} != null";
    Status s = Refused(set);
    CHECK(s.code() == "schema_sealed_ref");
    CHECK(s.path() == "/schemas/0/fields/1/relevant");
  }
  SECTION("`.` only in constraints") {
    fields[0]["relevant"] = ". != null";
    Status s = Refused(set);
    CHECK(s.code() == "schema_self_ref");
    CHECK(s.path() == "/schemas/0/fields/0/relevant");
    fields[0].erase("relevant");
    fields[0]["constraint"] = ". != 'x'";
    fields[0]["constraint_message"] = {{"vi", "x"}, {"en", "x"}};
    CHECK(SchemaSet::LoadFromJson(set).ok());
  }
  SECTION("a calculation cycle") {
    Json a = Field("a", "integer"), b = Field("b", "integer"), c = Field("c", "integer");
    a["calculate"] = "${b} + 1";
    b["calculate"] = "${c} + 1";
    c["calculate"] = "${a} + 1";
    fields.push_back(a);
    fields.push_back(b);
    fields.push_back(c);
    Status s = Refused(set);
    CHECK(s.code() == "schema_calculate_cycle");
    CHECK(Contains(s.message_en(), "a → b → c → a"));
    CHECK(s.path() == "/schemas/0/fields/4/calculate");
  }
  SECTION("a field calculated from itself") {
    fields[0]["calculate"] = "coalesce(${street}, 'x')";
    Status s = Refused(set);
    CHECK(s.code() == "schema_calculate_cycle");
    CHECK(s.path() == "/schemas/0/fields/0/calculate");
  }
}

TEST_CASE("Malformed code lists are refused") {
  Json set = BaseSet();
  Json& list = set["code_lists"]["tenure"];

  SECTION("duplicate codes") {
    list["choices"].push_back(Json{{"code", "owned"}, {"label", {{"vi", "a"}, {"en", "a"}}}});
    Status s = Refused(set);
    CHECK(s.code() == "schema_duplicate_code");
    CHECK(s.path() == "/code_lists/tenure/choices/1/code");
  }
  SECTION("no choices") {
    list["choices"] = Json::array();
    CHECK(Refused(set).code() == "schema_empty_list");
  }
  SECTION("codes must be strings of safe characters") {
    list["choices"][0]["code"] = 1;
    CHECK(Refused(set).code() == "schema_wrong_type");
    list["choices"][0]["code"] = "a b";
    CHECK(Refused(set).code() == "schema_bad_name");
  }
  SECTION("the key must be the list's id") {
    list["id"] = "tenancy";
    Status s = Refused(set);
    CHECK(s.code() == "schema_id_mismatch");
    CHECK(s.path() == "/code_lists/tenure/id");
  }
  SECTION("an unknown key in a choice") {
    list["choices"][0]["value"] = "x";
    CHECK(Refused(set).path() == "/code_lists/tenure/choices/0/value");
  }
}

TEST_CASE("Files: layout, JSON syntax and file names") {
  Json set = BaseSet();
  auto file = [](std::string path, const Json& j) {
    return SchemaFile{std::move(path), j.dump(2)};
  };
  std::vector<SchemaFile> files = {file("household.json", set["schemas"][0]),
                                   file("person.json", set["schemas"][1]),
                                   file("code_lists/tenure.json", set["code_lists"]["tenure"])};
  REQUIRE(SchemaSet::LoadFromFiles(files).ok());

  SECTION("errors carry file#pointer") {
    files[0].text = [&] {
      Json h = set["schemas"][0];
      h["fields"][1]["list"] = "nope";
      return h.dump();
    }();
    Status s = SchemaSet::LoadFromFiles(files).status();
    CHECK(s.code() == "schema_unknown_list");
    CHECK(s.path() == "household.json#/fields/1/list");
  }
  SECTION("bad JSON, with line and column") {
    files[1].text = "{\n  \"id\": \"person\",\n  \"version\": 1,,\n}";
    Status s = SchemaSet::LoadFromFiles(files).status();
    CHECK(s.code() == "schema_json");
    CHECK(s.path() == "person.json");
    CHECK(Contains(s.message_en(), "line 3"));
    CHECK(Contains(s.message_vi(), "dòng 3"));
  }
  SECTION("a number too large to read (found by fuzz_schema_loader)") {
    // Valid JSON syntax that nlohmann refuses with out_of_range, not parse_error: it
    // used to escape the loader as an exception and end the process.
    files[1].text = "6e666666";
    Status s = SchemaSet::LoadFromFiles(files).status();
    CHECK(s.code() == "schema_json");
    CHECK(s.path() == "person.json");
    files[1].text = R"({"id": "person", "version": 1e999999})";
    CHECK(SchemaSet::LoadFromFiles(files).status().code() == "schema_json");
  }
  SECTION("a key repeated in one object") {
    files[1].text = R"({"id": "person", "id": "people"})";
    Status s = SchemaSet::LoadFromFiles(files).status();
    CHECK(s.code() == "schema_json");
    CHECK(Contains(s.message_en(), "'id'"));
  }
  SECTION("a file name that is not the id") {
    files[1].path = "people.json";
    Status s = SchemaSet::LoadFromFiles(files).status();
    CHECK(s.code() == "schema_id_mismatch");
    CHECK(s.path() == "people.json#/id");
  }
  SECTION("a file outside the layout") {
    files.push_back(SchemaFile{"indicators/x.json", "{}"});
    CHECK(SchemaSet::LoadFromFiles(files).status().code() == "schema_io");
  }
  SECTION("a form that is not an object") {
    files[1].text = "[]";
    Status s = SchemaSet::LoadFromFiles(files).status();
    CHECK(s.code() == "schema_wrong_type");
    CHECK(s.path() == "person.json#");
  }
}

TEST_CASE("LoadDirectory reads forms and code_lists/, nothing else") {
  namespace fs = std::filesystem;
  std::random_device rd;
  fs::path dir = fs::temp_directory_path() / ("sotay_schema_test_" + std::to_string(rd()));
  fs::create_directories(dir / "code_lists");
  fs::create_directories(dir / "sample");
  Json set = BaseSet();
  auto write = [&](const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  };
  write(dir / "household.json", set["schemas"][0].dump());
  write(dir / "person.json", set["schemas"][1].dump());
  write(dir / "code_lists" / "tenure.json", set["code_lists"]["tenure"].dump());
  write(dir / "sample" / "broken.json", "not json");  // other folders are not read
  write(dir / "README.md", "# notes");

  Result<SchemaSet> r = SchemaSet::LoadDirectory(dir.string());
  INFO(r.status().ToString());
  CHECK(r.ok());

  write(dir / "code_lists" / "tenure.json", "{");
  Status s = SchemaSet::LoadDirectory(dir.string()).status();
  CHECK(s.code() == "schema_json");
  CHECK(s.path() == "code_lists/tenure.json");

  CHECK(SchemaSet::LoadDirectory((dir / "missing").string()).status().code() == "schema_io");
  fs::create_directories(dir / "empty");
  CHECK(SchemaSet::LoadDirectory((dir / "empty").string()).status().code() == "schema_io");
  fs::remove_all(dir);
}

TEST_CASE("LoadFromJson refuses what is not a schema set") {
  CHECK(SchemaSet::LoadFromJson(Json::array()).status().code() == "schema_wrong_type");
  CHECK(SchemaSet::LoadFromJson(Json{{"forms", Json::array()}}).status().code() ==
        "schema_unknown_key");
  Json set = BaseSet();
  set["indicators"] = Json::array();  // added by the indicator engine; not ours to read
  CHECK(SchemaSet::LoadFromJson(set).ok());
}

TEST_CASE("Field type names round-trip") {
  for (const char* name : {"text", "integer", "decimal", "boolean", "date", "select_one",
                           "select_multiple", "phone", "citizen_id"}) {
    std::optional<FieldType> t = ParseFieldType(name);
    REQUIRE(t.has_value());
    CHECK(FieldTypeName(*t) == name);
  }
  CHECK_FALSE(ParseFieldType("calculated").has_value());
}

}  // namespace
}  // namespace sotay

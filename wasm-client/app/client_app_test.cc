#include "wasm-client/app/client_app.h"

#include <catch2/catch.hpp>

#include "core/crypto.h"
#include "core/csv.h"
#include "core/field_check.h"
#include "core/field_rules.h"
#include "core/ids.h"
#include "core/text_fold.h"
#include "tests/temp_dir.h"
#include "wasm-client/app/client_dispatch.h"
#include "wasm-client/app/client_test_util.h"
#include "wasm-client/app/household_index.h"

namespace sotay {
namespace {

using namespace clienttest;  // NOLINT(google-build-using-namespace)

const Json* FieldState(const Json& form, const std::string& name) {
  for (const Json& f : form["fields"]) {
    if (f["name"] == name) return &f;
  }
  FAIL("no field " << name);
  return nullptr;
}

TEST_CASE("Enrollment: key pair, stored answer, signed session request", "[client]") {
  testing::TempDir dir;
  ManualClock clock(kJune2026);
  crypto::BoxKeyPair office = crypto::GenerateBoxKeyPair();
  std::string public_key;
  std::string device_id = NewUuid();
  {
    auto app = OpenApp(dir.File("local.db"), clock);
    CHECK(app->Enrollment().is_null());
    CHECK(app->SessionRequest(1).status().code() == "not_enrolled");
    CHECK(app->CompleteEnrollment(Json::object()).status().code() == "not_enrolled");
    CHECK(app->EnrollRequest("http://x", "", "Máy 1").status().code() == "invalid_argument");

    Result<Json> body = app->EnrollRequest("http://127.0.0.1:8080", "K7PM-XQ2R-HD", "Máy tổ 5");
    REQUIRE(body.ok());
    CHECK((*body)["code"] == "K7PM-XQ2R-HD");
    CHECK((*body)["device_name"] == "Máy tổ 5");
    public_key = (*body)["public_key"].get<std::string>();
    REQUIRE(crypto::Base64Decode(public_key)->size() == crypto::kSigningPublicKeySize);

    Json answer = {{"device_id", device_id},
                   {"role", "leader"},
                   {"groups", {"tdp-05"}},
                   {"office_public_key", crypto::Base64Encode(office.public_key)}};
    Json bad = answer;
    bad["office_public_key"] = "AAAA";
    CHECK(app->CompleteEnrollment(bad).status().code() == "bad_response");
    bad = answer;
    bad.erase("groups");
    CHECK(app->CompleteEnrollment(bad).status().code() == "bad_response");

    Result<Json> enrolled = app->CompleteEnrollment(answer);
    REQUIRE(enrolled.ok());
    CHECK((*enrolled)["device_id"] == device_id);
    CHECK((*enrolled)["server"] == "http://127.0.0.1:8080");
    CHECK((*enrolled)["groups"] == Json({"tdp-05"}));
    CHECK_FALSE(enrolled->contains("office_public_key"));
    CHECK(app->EnrollRequest("http://x", "code", "name").status().code() == "already_enrolled");
  }
  // Reopened: the enrollment and the key are still there.
  auto app = OpenApp(dir.File("local.db"), clock);
  REQUIRE(app->Enrollment().is_object());
  CHECK(app->Enrollment()["device_name"] == "Máy tổ 5");
  Result<Json> session = app->SessionRequest(1780272000);
  REQUIRE(session.ok());
  CHECK((*session)["device_id"] == device_id);
  CHECK((*session)["timestamp_s"] == 1780272000);
  std::string signature = *crypto::Base64Decode((*session)["signature"].get<std::string>());
  std::string key = *crypto::Base64Decode(public_key);
  CHECK(crypto::Verify(key, "sotay-session|" + device_id + "|1780272000", signature));
  CHECK_FALSE(crypto::Verify(key, "sotay-session|" + device_id + "|1780272001", signature));
}

// The device was revoked (or the server forgot it): a new code enrolls the phone again
// and nothing typed on it is lost.
TEST_CASE("Enrolling again keeps records, drafts and unsent changes", "[client]") {
  testing::TempDir dir;
  ManualClock clock(kJune2026);
  Office office;
  std::string house;
  std::string old_device;
  int64_t pending = 0;
  {
    auto app = EnrolledApp(dir.File("local.db"), clock, office);
    old_device = app->Enrollment()["device_id"].get<std::string>();
    house = AddHousehold(*app, "Ngõ Hòa Bình", "12", "Nguyễn Văn Đức");
    REQUIRE(app->SaveDraft("edit:x", {{"full_name", "Lê Thị Hằng"}}).ok());
    pending = *app->PendingCount();
    REQUIRE(pending > 0);

    CHECK(app->EnrollRequest("http://x", "code", "name").status().code() == "already_enrolled");
    Result<Json> body = app->EnrollRequest("http://127.0.0.1:8080", "NEW-CODE", "Máy tổ 5", true);
    REQUIRE(body.ok());
    const std::string new_key = *crypto::Base64Decode((*body)["public_key"].get<std::string>());
    // Until the server answers, sessions are still signed by the current key.
    Result<Json> before = app->SessionRequest(1780272000);
    REQUIRE(before.ok());
    CHECK((*before)["device_id"] == old_device);
    CHECK_FALSE(crypto::Verify(new_key, "sotay-session|" + old_device + "|1780272000",
                               *crypto::Base64Decode((*before)["signature"].get<std::string>())));

    const std::string new_device = NewUuid();
    Json answer = {{"device_id", new_device},
                   {"role", "leader"},
                   {"groups", {"tdp-05"}},
                   {"office_public_key", crypto::Base64Encode(office.keys.public_key)}};
    Result<Json> enrolled = app->CompleteEnrollment(answer);
    INFO(enrolled.status().ToString());
    REQUIRE(enrolled.ok());
    CHECK((*enrolled)["device_id"] == new_device);
    Result<Json> after = app->SessionRequest(1780272000);
    REQUIRE(after.ok());
    CHECK(crypto::Verify(new_key, "sotay-session|" + new_device + "|1780272000",
                         *crypto::Base64Decode((*after)["signature"].get<std::string>())));
    // A second answer without a new request is refused.
    CHECK(app->CompleteEnrollment(answer).status().code() == "already_enrolled");
  }
  auto app = EnrolledApp(dir.File("local.db"), clock, office, /*enroll=*/false);
  CHECK(app->Enrollment()["device_id"] != old_device);
  CHECK(*app->PendingCount() == pending);
  CHECK(*app->PendingHouseholdCount() == 1);
  CHECK((*app->GetRecord(house))["values"]["address_street"] == "Ngõ Hòa Bình");
  CHECK((*app->LoadDraft("edit:x"))["full_name"] == "Lê Thị Hằng");
  Result<Json> list = app->ListHouseholds("");
  REQUIRE(list.ok());
  REQUIRE(list->size() == 1);
  CHECK((*list)[0]["pending"] == true);
}

// The list's summaries are kept in the database for the next start, and used only
// while the records are as they were when the summaries were written.
TEST_CASE("The household list is kept across restarts, never stale", "[client]") {
  testing::TempDir dir;
  ManualClock clock(kJune2026);
  Office office;
  std::string a, b, head;
  {
    auto app = EnrolledApp(dir.File("local.db"), clock, office);
    a = AddHousehold(*app, "Ngõ Hòa Bình", "12", "Nguyễn Văn Đức");
    b = AddHousehold(*app, "Phố Lạch Tray", "3", "Trần Thị Hoa");
    REQUIRE(app->ListHouseholds("")->size() == 2);
    CHECK(app->TakeCacheWritten());
    CHECK_FALSE(app->TakeCacheWritten());
    REQUIRE(app->ListHouseholds("hoa")->size() == 2);
    CHECK_FALSE(app->TakeCacheWritten());  // nothing changed, nothing written
    head = (*app->Children(a, "person"))[0]["id"].get<std::string>();
  }
  {
    // Restarted: the kept copy is what the list shows (proved by altering it).
    auto app = EnrolledApp(dir.File("local.db"), clock, office, /*enroll=*/false);
    Json kept = Json::parse(**app->store().GetMeta(HouseholdIndex::kMetaKey));
    REQUIRE(kept["entries"].size() == 2);
    for (Json& e : kept["entries"]) {
      if (e["summary"]["id"] == a) e["summary"]["head_name"] = "Từ bản lưu";
    }
    REQUIRE(app->store().SetMeta(HouseholdIndex::kMetaKey, kept.dump()).ok());
  }
  {
    auto app = EnrolledApp(dir.File("local.db"), clock, office, /*enroll=*/false);
    Result<Json> list = app->ListHouseholds("");
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    CHECK((*list)[0]["head_name"] == "Từ bản lưu");
    CHECK((*list)[0]["pending"] == true);  // never kept: read from the outbox
    CHECK_FALSE(app->TakeCacheWritten());
    // A save not followed by a list leaves the kept copy behind the data...
    REQUIRE(app->Save("person", head, "", a, {{"full_name", "Nguyễn Văn Đông"}}).ok());
  }
  {
    // ...so the next start rebuilds it from the records.
    auto app = EnrolledApp(dir.File("local.db"), clock, office, /*enroll=*/false);
    CHECK(app->ListHouseholds("van dong")->size() == 1);
    CHECK(app->ListHouseholds("ban luu")->empty());
    CHECK(app->TakeCacheWritten());
    // A kept copy that does not parse is ignored.
    REQUIRE(app->store().SetMeta(HouseholdIndex::kMetaKey, "{not json").ok());
  }
  auto app = EnrolledApp(dir.File("local.db"), clock, office, /*enroll=*/false);
  Result<Json> list = app->ListHouseholds("");
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0]["head_name"] == "Nguyễn Văn Đông");
  CHECK((*list)[1]["id"] == b);
}

TEST_CASE("Schemas are cached in the database", "[client]") {
  testing::TempDir dir;
  ManualClock clock(kJune2026);
  {
    auto app = OpenApp(dir.File("local.db"), clock);
    CHECK(app->Schemas().is_null());
    CHECK(app->SetSchemas(Json{{"schemas", 5}}).code() != "");
    REQUIRE(app->SetSchemas(SchemasBody()).ok());
  }
  auto app = OpenApp(dir.File("local.db"), clock);
  CHECK(app->Schemas() == SchemasBody());
}

TEST_CASE("Evaluate: skip logic, required, constraints, calculations", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);

  Json values = PersonValues("Lê Thị Hoa", "spouse", "1990-03-04");
  values.erase("bhyt_expiry");
  values.erase("bhyt_group");
  values["bhyt_has_card"] = false;
  Result<Json> form = app->Evaluate("person", "", "", values);
  REQUIRE(form.ok());
  CHECK((*form)["valid"] == true);
  CHECK((*FieldState(*form, "bhyt_expiry"))["relevant"] == false);
  CHECK((*FieldState(*form, "bhyt_expiry"))["required"] == false);
  const Json& age = *FieldState(*form, "age");
  CHECK(age["readonly"] == true);
  CHECK(age["value"] == 36);
  // Field order is the form's.
  CHECK((*form)["fields"][0]["name"] == "full_name");

  values["bhyt_has_card"] = true;
  form = app->Evaluate("person", "", "", values);
  REQUIRE(form.ok());
  const Json& expiry = *FieldState(*form, "bhyt_expiry");
  CHECK(expiry["relevant"] == true);
  CHECK(expiry["required"] == true);
  CHECK(expiry["error"]["code"] == "required");
  CHECK((*form)["valid"] == false);

  // A constraint: the date of birth may not be in the future.
  values["bhyt_has_card"] = false;
  values["date_of_birth"] = "2030-01-01";
  form = app->Evaluate("person", "", "", values);
  REQUIRE(form.ok());
  CHECK((*FieldState(*form, "date_of_birth"))["error"]["code"] == "constraint");

  CHECK(app->Evaluate("nope", "", "", Json::object()).status().code() == "unknown_type");

  // A new household has no head yet: shown as an issue, but it does not stop the save.
  form = app->Evaluate("household", "", "", HouseholdValues("Ngõ 1", "2"));
  REQUIRE(form.ok());
  CHECK((*FieldState(*form, "head_count"))["error"]["code"] == "constraint");
  CHECK((*form)["valid"] == true);
  // Skip logic on the household: waste self-treatment only when not collected.
  CHECK((*FieldState(*form, "waste_self_treatment"))["relevant"] == false);
  Json uncollected = HouseholdValues("Ngõ 1", "2");
  uncollected["waste_collected"] = false;
  form = app->Evaluate("household", "", "", uncollected);
  REQUIRE(form.ok());
  CHECK((*FieldState(*form, "waste_self_treatment"))["relevant"] == true);
  CHECK((*FieldState(*form, "waste_self_treatment"))["error"]["code"] == "required");
  CHECK((*form)["valid"] == false);
}

TEST_CASE("Save, reopen the file, the data is still there", "[client]") {
  testing::TempDir dir;
  ManualClock clock(kJune2026);
  Office office;
  std::string house, person;
  {
    auto app = EnrolledApp(dir.File("local.db"), clock, office);
    Result<Json> h =
        app->Save("household", "", "tdp-05", "", HouseholdValues("Ngõ Hòa Bình", "12"));
    INFO(h.status().ToString());
    REQUIRE(h.ok());
    house = (*h)["id"].get<std::string>();
    CHECK(IsUuid(house));
    CHECK((*h)["pending"] == true);
    // The household's one-head rule waits for its members; a plain field error does not.
    Json bad = HouseholdValues("", "12");
    CHECK(app->Save("household", "", "tdp-05", "", bad).status().code() == "required");
    CHECK(app->Save("household", "", "tdp-09", "", HouseholdValues("x", "1")).status().code() ==
          "forbidden_group");

    Result<Json> p =
        app->Save("person", "", "", house, PersonValues("Nguyễn Văn Đức", "head", "1970-01-02"));
    INFO(p.status().ToString());
    REQUIRE(p.ok());
    person = (*p)["id"].get<std::string>();
    CHECK((*p)["group_id"] == "tdp-05");
    CHECK((*p)["values"]["age"] == 56);
    CHECK(*app->PendingCount() > 5);
  }
  auto app = EnrolledApp(dir.File("local.db"), clock, office, /*enroll=*/false);
  Result<Json> h = app->GetRecord(house);
  REQUIRE(h.ok());
  CHECK((*h)["values"]["address_street"] == "Ngõ Hòa Bình");
  CHECK((*h)["parent_id"].is_null());
  Result<Json> kids = app->Children(house, "");
  REQUIRE(kids.ok());
  REQUIRE(kids->size() == 1);
  CHECK((*kids)[0]["id"] == person);
  CHECK((*kids)[0]["values"]["full_name"] == "Nguyễn Văn Đức");
  CHECK(app->GetRecord(NewUuid())->is_null());

  // Editing clears answers made irrelevant, and delete marks the record.
  Json edit = {{"bhyt_has_card", false}};
  Result<Json> edited = app->Save("person", person, "", house, edit);
  REQUIRE(edited.ok());
  CHECK((*edited)["values"]["bhyt_expiry"].is_null());
  REQUIRE(app->Delete(person).ok());
  CHECK((*app->GetRecord(person))["deleted"] == true);
  CHECK(app->Children(house, "person")->empty());
}

TEST_CASE("Sealed fields leave the phone sealed to the office key", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  Json values = HouseholdValues("Phố Lạch Tray", "3");
  values["phone"] = "0912345678";
  Result<Json> h = app->Save("household", "", "tdp-05", "", values);
  REQUIRE(h.ok());
  CHECK((*h)["values"]["phone"] == "0912345678");  // local copy: plaintext

  Result<Json> body = app->NextPushBody(500);
  REQUIRE(body.ok());
  const Json* sealed = nullptr;
  for (const Json& c : (*body)["changes"]) {
    if (c["field"] == "phone") sealed = &c["value"];
  }
  REQUIRE(sealed != nullptr);
  REQUIRE(sealed->is_object());
  std::string ct = *crypto::Base64Decode((*sealed)["sealed"].get<std::string>());
  Result<std::string> plain = crypto::Open(office.keys.public_key, office.keys.secret_key, ct);
  REQUIRE(plain.ok());
  CHECK(*plain == "\"0912345678\"");
}

TEST_CASE("A rotated office key from the server is sealed to from then on", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  auto save_with_phone = [&](const std::string& street, const std::string& phone) {
    Json values = HouseholdValues(street, "3");
    values["phone"] = phone;
    REQUIRE(app->Save("household", "", "tdp-05", "", values).ok());
  };
  save_with_phone("Phố Lạch Tray", "0912345678");  // sealed to the key of enrollment

  // Not a key: refused, nothing changes.
  Json bad = SchemasBody();
  bad["office_public_key"] = "AAAA";
  CHECK(app->SetSchemas(bad).code() == "bad_response");

  // The server names a new key (rotate-office-key).
  crypto::BoxKeyPair rotated = crypto::GenerateBoxKeyPair();
  Json body = SchemasBody();
  body["office_public_key"] = crypto::Base64Encode(rotated.public_key);
  REQUIRE(app->SetSchemas(body).ok());
  CHECK(app->Schemas() == SchemasBody());  // the forms cached without the key
  save_with_phone("Phố Cầu Đất", "0987654321");

  Result<Json> push = app->NextPushBody(500);
  REQUIRE(push.ok());
  std::vector<std::string> boxes;
  for (const Json& c : (*push)["changes"]) {
    if (c["field"] == "phone") {
      boxes.push_back(*crypto::Base64Decode(c["value"]["sealed"].get<std::string>()));
    }
  }
  REQUIRE(boxes.size() == 2);
  CHECK(*crypto::Open(office.keys.public_key, office.keys.secret_key, boxes[0]) ==
        "\"0912345678\"");
  CHECK_FALSE(crypto::Open(office.keys.public_key, office.keys.secret_key, boxes[1]).ok());
  Result<std::string> plain = crypto::Open(rotated.public_key, rotated.secret_key, boxes[1]);
  REQUIRE(plain.ok());
  CHECK(*plain == "\"0987654321\"");
}

TEST_CASE("Household list: search without diacritics, what is missing", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  std::string a = AddHousehold(*app, "Ngõ Hòa Bình", "12", "Nguyễn Văn Đức");
  std::string b = AddHousehold(*app, "Phố Lạch Tray", "7B", "Trần Thị Mai");
  Json poverty = {{"period", 2026},
                  {"review_date", "2026-05-01"},
                  {"area", "urban"},
                  {"income_total_month", 9000000}};
  Result<Json> pv = app->Save("assessment.poverty", "", "", b, poverty);
  INFO(pv.status().ToString());
  REQUIRE(pv.ok());

  Result<Json> all = app->ListHouseholds("");
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0]["id"] == a);  // "ngo hoa binh" sorts before "pho lach tray"
  CHECK((*all)[0]["head_name"] == "Nguyễn Văn Đức");
  CHECK((*all)[0]["members"] == 1);
  CHECK((*all)[0]["missing"].dump().find("Chưa rà soát hộ nghèo năm 2026") != std::string::npos);
  CHECK((*all)[1]["missing"].dump().find("hộ nghèo") == std::string::npos);
  CHECK((*all)[1]["missing"].dump().find("gia đình văn hóa") != std::string::npos);

  for (const char* q : {"duc", "NGUYEN VAN", "hoa binh", "Hòa", "12"}) {
    Result<Json> hits = app->ListHouseholds(q);
    REQUIRE(hits.ok());
    INFO(q);
    REQUIRE(hits->size() == 1);
    CHECK((*hits)[0]["id"] == a);
  }
  CHECK(app->ListHouseholds("lach tray")->at(0)["id"] == b);
  CHECK(app->ListHouseholds("7b")->at(0)["house_number"] == "7B");
  CHECK(app->ListHouseholds("xyz")->empty());

  // The list is cached between calls; saves and deletes refresh it.
  std::string c = AddHousehold(*app, "Ngõ Hòa Bình", "3", "Vũ Văn Ân");
  CHECK(app->ListHouseholds("hoa binh")->size() == 2);
  CHECK(app->ListHouseholds("vu van an")->at(0)["id"] == c);
  std::string head = (*app->Children(c, "person"))[0]["id"].get<std::string>();
  Json rename = {{"full_name", "Vũ Thị Ân"}};
  REQUIRE(app->Save("person", head, "", c, rename).ok());
  CHECK(app->ListHouseholds("vu van an")->empty());
  CHECK(app->ListHouseholds("vu thi an")->size() == 1);
  REQUIRE(app->Delete(head).ok());
  Result<Json> after = app->ListHouseholds("");
  REQUIRE(after.ok());
  auto headless =
      std::find_if(after->begin(), after->end(), [&](const Json& s) { return s["id"] == c; });
  REQUIRE(headless != after->end());
  CHECK((*headless)["missing"][0] == "Chưa có chủ hộ");
  CHECK((*headless)["members"] == 0);
  REQUIRE(app->Delete(c).ok());
  CHECK(app->ListHouseholds("hoa binh")->size() == 1);
}

TEST_CASE("Household search: every word, any order, members too", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  std::string a = AddHousehold(*app, "Bắc Sơn", "170", "Lê Văn Hùng");
  std::string b = AddHousehold(*app, "Bắc Sơn", "17", "Đỗ Thị Lan");
  AddHousehold(*app, "Lê Lợi", "170", "Phan Văn Sơn");
  REQUIRE(
      app->Save("person", "", "", a, PersonValues("Lê Thị Ngọc Ánh", "child", "2010-03-04")).ok());

  auto ids = [&](const std::string& q) {
    Result<Json> list = app->ListHouseholds(q);
    REQUIRE(list.ok());
    std::vector<std::string> out;
    for (const Json& s : *list) out.push_back(s["id"].get<std::string>());
    return out;
  };
  // The address as the card shows it: number, then street.
  CHECK(ids("170 Bắc Sơn") == std::vector<std::string>{a});
  CHECK(ids("170 bac son") == std::vector<std::string>{a});
  CHECK(ids("Bắc Sơn 170") == std::vector<std::string>{a});
  CHECK(ids("  bac   son  ") == std::vector<std::string>{b, a});  // "17" before "170"
  // A member other than the head, with the street.
  CHECK(ids("ngoc anh") == std::vector<std::string>{a});
  CHECK(ids("anh bac son") == std::vector<std::string>{a});
  // Every word must be there.
  CHECK(ids("170 bac son lan").empty());
  // A word does not run across two fields ("son 170" is street then number).
  CHECK(ids("son170").empty());
}

TEST_CASE("Evaluate shows the core-computed poverty classification", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  std::string house = AddHousehold(*app, "Ngõ 5", "1", "Phạm Văn Nam");
  Json poverty = {{"period", 2026},
                  {"review_date", "2026-05-01"},
                  {"area", "urban"},
                  {"income_total_month", 20000000}};
  Result<Json> form = app->Evaluate("assessment.poverty", "", house, poverty);
  REQUIRE(form.ok());
  const Json& cls = *FieldState(*form, "classification");
  CHECK(cls["readonly"] == true);
  CHECK(cls["value"] == "above");  // one member, 20 million a month: above every line
  CHECK((*FieldState(*form, "income_per_capita_month"))["value"] == 20000000);
  CHECK((*FieldState(*form, "standard"))["value"] == "nd07-2021");
}

// The form asks by the age on the household's review date, the date the poverty rule
// takes ages on (core/age_reference.h), so the rule never needs an answer the form
// did not ask for.
TEST_CASE("Evaluate takes ages on this year's review date of the household", "[client]") {
  ManualClock clock(kJune2026);  // today is 2026-06-01
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  std::string house = AddHousehold(*app, "Ngõ 7", "3", "Đỗ Văn Tâm");
  // 5 on the review date 2026-05-01, 6 today.
  Json child = {{"full_name", "Đỗ Bảo Anh"},
                {"sex", "female"},
                {"date_of_birth", "2020-05-15"},
                {"relationship", "child"},
                {"ethnicity", "01"},
                {"residence_status", "permanent"},
                {"in_education", true},
                {"school_attendance", "right_level"},
                {"disability", "none"},
                {"malnourished", false},
                {"bhyt_has_card", false}};

  // No assessment yet: ages are taken today, so internet use is asked.
  Result<Json> form = app->Evaluate("person", "", house, child);
  REQUIRE(form.ok());
  CHECK((*FieldState(*form, "age"))["value"] == 6);
  CHECK((*FieldState(*form, "has_smartphone_internet"))["relevant"] == true);
  CHECK((*FieldState(*form, "has_smartphone_internet"))["error"]["code"] == "required");
  CHECK((*form)["valid"] == false);

  Json poverty = {{"period", 2026},
                  {"review_date", "2026-05-01"},
                  {"area", "urban"},
                  {"income_total_month", 2'000'000}};
  Result<Json> saved = app->Save("assessment.poverty", "", "", house, poverty);
  INFO(saved.status().ToString());
  REQUIRE(saved.ok());
  const std::string poverty_id = (*saved)["id"].get<std::string>();

  // With this year's review date: 5, not asked; the child saves as is.
  form = app->Evaluate("person", "", house, child);
  REQUIRE(form.ok());
  CHECK((*FieldState(*form, "age"))["value"] == 5);
  CHECK((*FieldState(*form, "has_smartphone_internet"))["relevant"] == false);
  CHECK((*FieldState(*form, "education_level"))["relevant"] == false);
  CHECK((*form)["valid"] == true);
  REQUIRE(app->Save("person", "", "", house, child).ok());

  // The rule, on the same date: the child is not an internet user, nothing is unknown.
  form = app->Evaluate("assessment.poverty", poverty_id, house, poverty);
  REQUIRE(form.ok());
  const Json unknown = (*FieldState(*form, "unknown_indicators"))["value"];
  CHECK(unknown == Json::array());
  CHECK((*FieldState(*form, "classification"))["value"] != "unknown");
}

TEST_CASE("Drafts survive a reopen and can be cleared", "[client]") {
  testing::TempDir dir;
  ManualClock clock(kJune2026);
  {
    auto app = OpenApp(dir.File("local.db"), clock);
    REQUIRE(app->SaveDraft("person:new", Json{{"full_name", "Lê"}}).ok());
    REQUIRE(app->SaveDraft("household:1", Json{{"address_street", "Ngõ"}}).ok());
    REQUIRE(app->SaveDraft("person:new", Json{{"full_name", "Lê Văn"}}).ok());
  }
  auto app = OpenApp(dir.File("local.db"), clock);
  CHECK(*app->ListDrafts() == Json({"person:new", "household:1"}));
  CHECK(*app->LoadDraft("person:new") == Json{{"full_name", "Lê Văn"}});
  REQUIRE(app->ClearDraft("person:new").ok());
  CHECK(app->LoadDraft("person:new")->is_null());
  CHECK(*app->ListDrafts() == Json({"household:1"}));
  CHECK(app->SaveDraft("", 1).code() == "invalid_argument");
}

TEST_CASE("Dispatch: JSON in, JSON out, never a throw", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  Json r = Json::parse(Dispatch(*app, "enrollment", "{}"));
  CHECK(r["ok"] == true);
  CHECK(r["value"]["role"] == "leader");
  r = Json::parse(Dispatch(*app, "nope", "{}"));
  CHECK(r["error"]["code"] == "unknown_method");
  r = Json::parse(Dispatch(*app, "getRecord", "{\"id\": 5}"));
  CHECK(r["ok"] == false);
  CHECK(r["error"]["code"] == "invalid_argument");
  CHECK(r["error"]["path"] == "id");
  r = Json::parse(Dispatch(*app, "getRecord", "not json"));
  CHECK(r["error"]["code"] == "invalid_argument");
  r = Json::parse(Dispatch(*app, "save",
                           Json{{"type", "household"},
                                {"id", nullptr},
                                {"group_id", "tdp-05"},
                                {"parent_id", nullptr},
                                {"values", HouseholdValues("Ngõ 1", "1")}}
                               .dump()));
  INFO(r.dump());
  CHECK(r["ok"] == true);
  CHECK(r["value"]["type"] == "household");
  r = Json::parse(Dispatch(*app, "pendingCount", ""));
  CHECK(r["value"].get<int64_t>() > 0);
  r = Json::parse(Dispatch(*app, "evaluate",
                           Json{{"type", "person"}, {"values", {{"bhyt_has_card", true}}}}.dump()));
  CHECK(r["value"]["valid"] == false);
  r = Json::parse(Dispatch(*app, "pullQuery", R"({"limit": 1000})"));
  CHECK(r["value"] == "since=0&limit=1000");
  r = Json::parse(Dispatch(*app, "pullQuery", R"({"limit": 50000, "since": 42})"));
  CHECK(r["value"] == "since=42&limit=5000");  // clamped like the stored cursor's query
  r = Json::parse(Dispatch(*app, "pullQuery", R"({"since": "x"})"));
  CHECK(r["error"]["path"] == "since");
}

TEST_CASE("Dispatch isSealed is the core's envelope check", "[client]") {
  ManualClock clock(kJune2026);
  auto app = OpenApp(":memory:", clock);
  const std::string b64(68, 'A');
  // Cases a looser check (an object with a string `sealed`) would get wrong, too.
  const std::vector<Json> cases = {
      Json{{"sealed", b64}},
      Json{{"sealed", std::string(66, 'a') + "-_"}},
      Json{{"sealed", "abc"}},                 // too short for a crypto_box_seal
      Json{{"sealed", std::string(64, 'A')}},  // 48 bytes: no plaintext
      Json{{"sealed", std::string(67, 'A') + "!"}},
      Json{{"sealed", b64}, {"extra", 1}},
      Json{{"sealed", 5}},
      Json(b64),
      Json("0912345678"),
      Json(),
      Json::array({b64}),
  };
  int sealed = 0;
  for (const Json& v : cases) {
    INFO(v.dump());
    Json r = Json::parse(Dispatch(*app, "isSealed", Json{{"value", v}}.dump()));
    REQUIRE(r["ok"] == true);
    CHECK(r["value"] == IsSealedEnvelope(v));
    sealed += r["value"] == true ? 1 : 0;
  }
  CHECK(sealed == 2);
  Json missing = Json::parse(Dispatch(*app, "isSealed", "{}"));
  CHECK(missing["error"]["code"] == "invalid_argument");
}

TEST_CASE("the dispatch gives the pages the core's folding and CSV rule", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  // A picker's filter: the core's folding, so "muong" finds Mường.
  Json folded =
      Json::parse(Dispatch(*app, "foldForSearch", Json{{"text", "  Mường  Đức "}}.dump()));
  REQUIRE(folded["ok"] == true);
  CHECK(folded["value"] == FoldForSearch("  Mường  Đức "));
  CHECK(folded["value"] == "muong duc");
  CHECK(Json::parse(Dispatch(*app, "foldForSearch", "{}"))["error"]["code"] == "invalid_argument");
  // The office's list download: text neutralised as in the server's exports.
  Json csv = Json::parse(
      Dispatch(*app, "csvOfRows", Json{{"rows", Json::array({Json::array({"=1+1", 2})})}}.dump()));
  REQUIRE(csv["ok"] == true);
  CHECK(csv["value"] == std::string(kUtf8Bom) + "'=1+1,2\r\n");
  Json bad = Json::parse(Dispatch(*app, "csvOfRows", Json{{"rows", "x"}}.dump()));
  CHECK(bad["error"]["code"] == "invalid_argument");
}

TEST_CASE("Evaluate's required and readonly are the core's, as validation's are", "[client]") {
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(":memory:", clock, office);
  Result<SchemaSet> schemas = SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR);
  REQUIRE(schemas.ok());
  int required_seen = 0, readonly_seen = 0;
  for (const FormDef& form : schemas->forms()) {
    // Empty, then with the answers that switch conditional requirements on.
    for (const Json& values : {Json::object(), Json{{"bhyt_has_card", true}}}) {
      INFO(form.record_type << " " << values.dump());
      Result<Json> state = app->Evaluate(form.record_type, "", "", values);
      REQUIRE(state.ok());
      for (const FieldDef& f : form.fields) {
        INFO(f.name);
        const Json* s = FieldState(*state, f.name);
        REQUIRE(s != nullptr);
        CHECK((*s)["readonly"] == IsReadonlyField(form, f));
        readonly_seen += (*s)["readonly"] == true ? 1 : 0;
        const Json& v = (*s)["value"];
        if (!(v.is_null() || v == "" || v == Json::array())) continue;
        // Missing: Validate reports `required` exactly when the form state says so.
        bool issue = false;
        for (const Json& p : (*state)["issues"]) {
          issue = issue || (p.value("path", "") == f.name && p["code"] == "required");
        }
        CHECK((*s)["required"] == issue);
        required_seen += issue ? 1 : 0;
      }
    }
  }
  CHECK(required_seen > 0);
  CHECK(readonly_seen > 0);
}

}  // namespace
}  // namespace sotay

namespace sotay {
namespace {

using namespace clienttest;  // NOLINT(google-build-using-namespace)

TEST_CASE("Saving or deleting a member stores the household's derived values", "[client]") {
  testing::TempDir dir;
  ManualClock clock(kJune2026);
  Office office;
  auto app = EnrolledApp(dir.File("local.db"), clock, office);
  const std::string house = AddHousehold(*app, "Phố Bắc Sơn", "170", "Nguyễn Văn An");
  // The household was saved before its head: the core stored its count with the member.
  CHECK((*app->GetRecord(house))["values"]["member_count"] == 1);
  CHECK((*app->GetRecord(house))["values"]["head_count"] == 1);
  Result<Json> spouse =
      app->Save("person", "", "", house, PersonValues("Trần Thị Bình", "spouse", "1972-03-04"));
  REQUIRE(spouse.ok());
  Json household = (*app->GetRecord(house))["values"];
  CHECK(household["member_count"] == 2);
  CHECK(household["area_per_person"] == 30);
  REQUIRE(app->Delete((*spouse)["id"].get<std::string>()).ok());
  household = (*app->GetRecord(house))["values"];
  CHECK(household["member_count"] == 1);
  CHECK(household["area_per_person"] == 60);
}

}  // namespace
}  // namespace sotay

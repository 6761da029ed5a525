// Household summaries through the API (in process): the plain record list, the search
// (its own SQL path, server/store/sqlite_office_queries.cc), the record answer and the
// core rule (core/household_summary.h) name the same head for the same household.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/household_summary.h"
#include "core/ids.h"
#include "server/testing/api_test_util.h"

namespace sotay {

using namespace testing;

namespace {

struct Member {
  std::string id;
  std::string name;
  std::string relationship;
};

// Two fresh ids, the smaller first.
std::pair<std::string, std::string> OrderedIds() {
  std::string a = NewUuid(), b = NewUuid();
  if (b < a) std::swap(a, b);
  return {a, b};
}

TEST_CASE("household summaries: list, search, record and the core name the same head",
          "[api][dashboard]") {
  WardServer ward;
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.OpenSession().status == 200);

  auto [small, large] = OrderedIds();
  auto [small2, large2] = OrderedIds();
  auto [small3, large3] = OrderedIds();
  // The head has the larger id; nobody is head; two are (entered on two phones).
  const std::vector<std::pair<std::string, std::vector<Member>>> households = {
      {NewUuid(), {{small, "Lê Thị Hoa", "spouse"}, {large, "Nguyễn Văn An", "head"}}},
      {NewUuid(), {{large2, "Phạm Văn Bình", "child"}, {small2, "Phạm Thị Cúc", "spouse"}}},
      {NewUuid(), {{large3, "Đỗ Văn Dũng", "head"}, {small3, "Đỗ Văn Đạt", "head"}}},
  };
  Json changes = Json::array();
  std::map<std::string, std::vector<Record>> records;  // what the core is given
  for (const auto& [h, members] : households) {
    changes.push_back(phone.Change(h, "tdp-01", "address_street", "Ngõ Chùa Hàng"));
    for (const Member& m : members) {
      Record r;
      r.id = m.id;
      r.type = "person";
      r.parent_id = h;
      const Json fields = {{"full_name", m.name}, {"relationship", m.relationship}};
      for (const auto& [field, value] : fields.items()) {
        Json c = phone.Change(m.id, "tdp-01", field, value);
        c["record_type"] = "person";
        c["parent_id"] = h;
        changes.push_back(c);
        r.fields[field].value = value;
      }
      records[h].push_back(r);
    }
  }
  TestResponse pushed = phone.Push(changes);
  REQUIRE(pushed.status == 200);
  const Json answer = pushed.JsonBody();
  for (const Json& r : answer["results"]) {
    INFO(r.dump());
    CHECK(r["status"] == "applied");
  }

  ApiClient office(ward);
  std::string token = Login(office, "lan");
  std::map<std::string, Json> listed, searched;
  const Json list =
      office.Get("/api/v1/records?type=household&limit=1000", AuthHeaders(token)).JsonBody();
  for (const Json& r : list["records"]) listed[r["id"].get<std::string>()] = r["summary"];
  const Json search =
      office.Get("/api/v1/records?type=household&q=chua+hang&limit=1000", AuthHeaders(token))
          .JsonBody();
  for (const Json& r : search["records"]) searched[r["id"].get<std::string>()] = r["summary"];
  REQUIRE(listed.size() == 3);
  REQUIRE(searched.size() == 3);

  for (const auto& [h, members] : households) {
    INFO(h);
    Record house;
    house.id = h;
    house.type = "household";
    house.fields["address_street"].value = "Ngõ Chùa Hàng";
    HouseholdSummary core = SummarizeHousehold(house, records[h]);
    const Json record = office.Get("/api/v1/records/" + h, AuthHeaders(token)).JsonBody();
    CHECK(listed[h] == searched[h]);
    CHECK(record["summary"] == listed[h]);
    CHECK(listed[h]["head_name"] == core.head_name);
    CHECK(listed[h]["head_id"] == core.head_id);
    CHECK(listed[h]["address"] == core.address);
    CHECK(listed[h]["members"] == core.members);
  }
  // The rule itself, spelled out once here: the head, else the smallest id.
  CHECK(listed[households[0].first]["head_name"] == "Nguyễn Văn An");
  CHECK(listed[households[1].first]["head_name"] == "Phạm Thị Cúc");
  CHECK(listed[households[2].first]["head_name"] == "Đỗ Văn Đạt");
}

}  // namespace
}  // namespace sotay

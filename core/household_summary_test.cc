#include "core/household_summary.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

Record Person(const std::string& id, const std::string& name, const std::string& relationship) {
  Record r;
  r.id = id;
  r.type = "person";
  r.parent_id = "h1";
  r.fields["full_name"].value = name;
  if (!relationship.empty()) r.fields["relationship"].value = relationship;
  return r;
}

Record House(const std::string& number, const std::string& street) {
  Record h;
  h.id = "h1";
  h.type = "household";
  if (!number.empty()) h.fields["address_number"].value = number;
  if (!street.empty()) h.fields["address_street"].value = street;
  return h;
}

TEST_CASE("The head is the member whose relationship is head, else the first by id") {
  Record wife = Person("p1", "Lê Thị Hoa", "spouse");
  Record head = Person("p3", "Nguyễn Văn An", "head");
  Record child = Person("p2", "Nguyễn Văn Bình", "child");
  HouseholdHead h = FindHouseholdHead({&wife, &head, &child});
  REQUIRE(h.member == &head);
  CHECK(h.named);

  // No head: the smallest id stands for the household, whatever the order given.
  HouseholdHead none = FindHouseholdHead({&child, &wife});
  REQUIRE(none.member == &wife);
  CHECK_FALSE(none.named);

  // Two heads (entered on two phones offline): the smallest id, in any order.
  Record second = Person("p0", "Trần Văn Cường", "head");
  CHECK(FindHouseholdHead({&head, &second}).member->id == "p0");
  CHECK(FindHouseholdHead({&second, &head}).member->id == "p0");

  // Deleted members, other record types and a wrongly typed relationship do not count.
  Record gone = Person("p0", "Đã xoá", "head");
  gone.deleted = true;
  Record poverty = Person("a0", "", "head");
  poverty.type = "assessment.poverty";
  Record odd = Person("p00", "Số", "");
  odd.fields["relationship"].value = 1;
  HouseholdHead h2 = FindHouseholdHead({&gone, &poverty, &odd, &child});
  REQUIRE(h2.member == &odd);
  CHECK_FALSE(h2.named);
  CHECK(FindHouseholdHead({&gone}).member == nullptr);
  CHECK(FindHouseholdHead(std::vector<const Record*>{}).member == nullptr);
}

TEST_CASE("A household's summary: head, address and live member count") {
  Record head = Person("p3", "Nguyễn Văn An", "head");
  Record wife = Person("p1", "Lê Thị Hoa", "spouse");
  Record gone = Person("p2", "Đã chuyển đi", "head");
  gone.deleted = true;
  HouseholdSummary s = SummarizeHousehold(House("12", "Ngõ Chợ Khâm Thiên"), {&head, &wife, &gone});
  CHECK(s.head_id == "p3");
  CHECK(s.head_name == "Nguyễn Văn An");
  CHECK(s.head_named);
  CHECK(s.house_number == "12");
  CHECK(s.street == "Ngõ Chợ Khâm Thiên");
  CHECK(s.address == "12 Ngõ Chợ Khâm Thiên");
  CHECK(s.members == 2);

  CHECK(SummarizeHousehold(House("", "Ngõ 5"), std::vector<Record>{}).address == "Ngõ 5");
  CHECK(SummarizeHousehold(House("7B", ""), std::vector<Record>{}).address == "7B");
  HouseholdSummary empty = SummarizeHousehold(House("", ""), std::vector<Record>{});
  CHECK(empty.head_id.empty());
  CHECK(empty.head_name.empty());
  CHECK(empty.members == 0);

  // The vector-of-records overload is the same rule.
  std::vector<Record> owned = {wife, head};
  CHECK(SummarizeHousehold(House("1", "A"), owned).head_name == "Nguyễn Văn An");
  CHECK(SummarizeHousehold(House("1", "A"), {wife}).head_name == "Lê Thị Hoa");
  CHECK_FALSE(SummarizeHousehold(House("1", "A"), {wife}).head_named);
}

}  // namespace
}  // namespace sotay

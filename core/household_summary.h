// Who heads a household and how lists name it: the one rule behind the phone's household
// list (wasm-client/app/household_list.cc), the office's record lists and searches
// (server/api/record_routes.cc, server/store/sqlite_office_queries.cc) and the conflict and review
// answers (server/api/office_routes.cc). Field names are those of schemas/household.json
// and schemas/person.json.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/record.h"

namespace sotay {

// The head of a household among `members` (its person records, in any order; deleted
// ones and other types are skipped): the member whose `relationship` is "head", the
// smallest id when several are (two leaders entered one offline), so every replica picks
// the same. When none is, `named` is false and `member` is the live member with the
// smallest id, who stands for the household in lists; nullptr with no live member.
struct HouseholdHead {
  const Record* member = nullptr;
  bool named = false;  // `member`'s relationship is "head"
};
HouseholdHead FindHouseholdHead(const std::vector<const Record*>& members);

// What a list shows of a household: the head's full name (FindHouseholdHead; "" with no
// member), the address and the live member count.
struct HouseholdSummary {
  std::string head_id;    // "" with no member
  std::string head_name;  // the head's `full_name`, "" when unset
  bool head_named = false;
  std::string house_number;  // `address_number`
  std::string street;        // `address_street`
  std::string address;       // "<number> <street>", either alone when the other is empty
  int64_t members = 0;
};
HouseholdSummary SummarizeHousehold(const Record& household,
                                    const std::vector<const Record*>& members);
HouseholdSummary SummarizeHousehold(const Record& household, const std::vector<Record>& members);

}  // namespace sotay

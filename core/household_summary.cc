#include "core/household_summary.h"

#include <optional>

#include "core/household_bundle.h"

namespace sotay {
namespace {

bool IsLiveMember(const Record* r) { return r != nullptr && !r->deleted && r->type == kPersonType; }

bool IsHead(const Record& r) {
  return GetString(r, "relationship") == std::optional<std::string>("head");
}

}  // namespace

HouseholdHead FindHouseholdHead(const std::vector<const Record*>& members) {
  HouseholdHead out;
  for (const Record* m : members) {
    if (!IsLiveMember(m)) continue;
    const bool head = IsHead(*m);
    if (out.member == nullptr || (head && !out.named) ||
        (head == out.named && m->id < out.member->id)) {
      out.member = m;
      out.named = head;
    }
  }
  return out;
}

HouseholdSummary SummarizeHousehold(const Record& household,
                                    const std::vector<const Record*>& members) {
  HouseholdSummary s;
  s.house_number = GetString(household, "address_number").value_or("");
  s.street = GetString(household, "address_street").value_or("");
  s.address = s.house_number.empty() ? s.street
              : s.street.empty()     ? s.house_number
                                     : s.house_number + " " + s.street;
  for (const Record* m : members) s.members += IsLiveMember(m) ? 1 : 0;
  HouseholdHead head = FindHouseholdHead(members);
  if (head.member != nullptr) {
    s.head_id = head.member->id;
    s.head_name = GetString(*head.member, "full_name").value_or("");
    s.head_named = head.named;
  }
  return s;
}

HouseholdSummary SummarizeHousehold(const Record& household, const std::vector<Record>& members) {
  std::vector<const Record*> pointers;
  pointers.reserve(members.size());
  for (const Record& m : members) pointers.push_back(&m);
  return SummarizeHousehold(household, pointers);
}

}  // namespace sotay

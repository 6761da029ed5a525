#include "server/store/office_queries.h"

namespace sotay {

Result<std::map<std::string, HouseholdSummary>> OfficeQueries::HouseholdSummaries(
    std::string_view group) {
  std::map<std::string, HouseholdSummary> out;
  Status s =
      ForEachHouseholdSummary(group, "", [&](const std::string& id, const HouseholdSummary& h) {
        out.emplace(id, h);
        return true;
      });
  if (!s.ok()) return s;
  return out;
}

}  // namespace sotay

#include "core/household_bundle.h"

#include "core/working_age.h"

namespace sotay {

std::vector<const Record*> HouseholdBundle::Members() const {
  std::vector<const Record*> out;
  for (const Record& r : children) {
    if (!r.deleted && r.type == kPersonType && r.parent_id == household.id) out.push_back(&r);
  }
  return out;
}

const Record* HouseholdBundle::Assessment(std::string_view type, int64_t period) const {
  const Record* best = nullptr;
  for (const Record& r : children) {
    if (r.deleted || r.type != type || r.parent_id != household.id) continue;
    std::optional<double> p = GetNumber(r, "period");
    if (!p || static_cast<int64_t>(*p) != period) continue;
    if (best == nullptr || r.id < best->id) best = &r;
  }
  return best;
}

std::optional<bool> GetBool(const Record& r, const std::string& field) {
  const Json& v = r.Get(field);
  if (!v.is_boolean()) return std::nullopt;
  return v.get<bool>();
}

std::optional<double> GetNumber(const Record& r, const std::string& field) {
  const Json& v = r.Get(field);
  if (!v.is_number()) return std::nullopt;
  return v.get<double>();
}

std::optional<std::string> GetString(const Record& r, const std::string& field) {
  const Json& v = r.Get(field);
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

std::optional<std::vector<std::string>> GetCodes(const Record& r, const std::string& field) {
  const Json& v = r.Get(field);
  if (!v.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const Json& c : v) {
    if (c.is_string()) out.push_back(c.get<std::string>());
  }
  return out;
}

std::optional<int64_t> PersonAge(const Record& person, std::string_view on) {
  std::optional<std::string> dob = GetString(person, "date_of_birth");
  if (!dob) return std::nullopt;
  return AgeInYears(*dob, on);
}

std::string ReferenceDateForPeriod(int64_t period, std::string_view today) {
  std::string end = std::to_string(period) + "-12-31";
  if (!today.empty() && std::string(today) < end) return std::string(today);
  return end;
}

}  // namespace sotay

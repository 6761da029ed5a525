#include "core/derived_fields.h"

#include <algorithm>
#include <array>

#include "core/cultural_family.h"
#include "core/poverty.h"

namespace sotay {
namespace {

constexpr std::array<std::string_view, 6> kPovertyFields = {
    "income_per_capita_month", "standard",           "deprivation_count",
    "deprived_indicators",     "unknown_indicators", "classification"};

// The bundle with `record` in place of its stored copy.
HouseholdBundle WithRecord(const HouseholdBundle& household, const Record& record) {
  HouseholdBundle bundle = household;
  auto& children = bundle.children;
  children.erase(std::remove_if(children.begin(), children.end(),
                                [&](const Record& r) { return r.id == record.id; }),
                 children.end());
  Record copy = record;
  copy.parent_id = bundle.household.id;  // a new form may not have been linked yet
  children.push_back(std::move(copy));
  return bundle;
}

}  // namespace

Json DerivedFields(const SchemaSet& schemas, const HouseholdBundle& household,
                   const Record& record) {
  Json out = Json::object();
  if (record.deleted) return out;
  if (record.type == kPovertyType) {
    const Json& period = record.Get("period");
    if (!period.is_number_integer()) return out;
    // Assessment() prefers the smallest id among duplicates; this record must be the
    // one classified, so it is the only assessment of its period in the bundle.
    HouseholdBundle bundle = WithRecord(household, record);
    auto& children = bundle.children;
    children.erase(std::remove_if(children.begin(), children.end(),
                                  [&](const Record& r) {
                                    return r.type == kPovertyType && r.id != record.id &&
                                           r.Get("period") == period;
                                  }),
                   children.end());
    return PovertyResultFields(ClassifyPoverty(bundle, period.get<int64_t>(), schemas));
  }
  if (record.type == kCulturalFamilyType) {
    out["status"] = std::string(CulturalStatusCode(CulturalFamilyStatus(record)));
  } else if (record.type == kCulturalGroupType) {
    out["status"] = std::string(CulturalStatusCode(CulturalGroupStatus(record)));
  }
  return out;
}

bool IsDerivedField(std::string_view record_type, std::string_view field) {
  if (record_type == kPovertyType) {
    return std::find(kPovertyFields.begin(), kPovertyFields.end(), field) != kPovertyFields.end();
  }
  return (record_type == kCulturalFamilyType || record_type == kCulturalGroupType) &&
         field == "status";
}

}  // namespace sotay

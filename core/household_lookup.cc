#include "core/household_lookup.h"

namespace sotay {

HouseholdBundle BundleFromLookup(const Record& household, const ChildLookup& children) {
  HouseholdBundle b;
  b.household = household;
  for (std::string_view type : {kPersonType, kPovertyType, kCulturalFamilyType, kDrugFreeType}) {
    children.ForEachChild(household, type, [&](const Record& r) { b.children.push_back(r); });
  }
  return b;
}

}  // namespace sotay

// HouseholdBundle: one household record with its child records, the unit over which
// the poverty classification and the indicator facts are computed.
//
// Record types and the field names read here are those of schemas/household.json,
// schemas/person.json and schemas/assessment.*.json (docs/forms.md). Deleted records are
// ignored everywhere. Yearly assessments carry their year in the integer field
// `period` (FormDef::period).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"

namespace sotay {

// Record types of the household forms.
inline constexpr std::string_view kHouseholdType = "household";
inline constexpr std::string_view kPersonType = "person";
inline constexpr std::string_view kPovertyType = "assessment.poverty";
inline constexpr std::string_view kCulturalFamilyType = "assessment.cultural_family";
inline constexpr std::string_view kDrugFreeType = "assessment.drug_free";
// Group-level record (no parent): "tổ dân phố văn hóa" of one group and year.
inline constexpr std::string_view kCulturalGroupType = "assessment.cultural_group";

struct HouseholdBundle {
  Record household;
  // Every child record of the household (persons and assessments of any period), in
  // any order; records whose parent_id is not household.id are ignored.
  std::vector<Record> children;

  // Non-deleted person records of this household.
  std::vector<const Record*> Members() const;
  // The non-deleted assessment of `type` for `period`, or nullptr. When several exist
  // (two leaders created one offline), the one with the smallest id wins, so every
  // replica picks the same.
  const Record* Assessment(std::string_view type, int64_t period) const;
};

// Field helpers that treat a missing, null or wrongly typed value as absent.
std::optional<bool> GetBool(const Record& r, const std::string& field);
std::optional<double> GetNumber(const Record& r, const std::string& field);
std::optional<std::string> GetString(const Record& r, const std::string& field);
// A select_multiple value: the array of codes, or nullopt when unset.
std::optional<std::vector<std::string>> GetCodes(const Record& r, const std::string& field);

// Completed years of a person (field `date_of_birth`) on `on` ("YYYY-MM-DD").
std::optional<int64_t> PersonAge(const Record& person, std::string_view on);

// "YYYY-12-31" of `period`, or `today` if that is earlier: the reference date at which
// a period's person-level indicators (BHYT validity, ages) are evaluated.
std::string ReferenceDateForPeriod(int64_t period, std::string_view today);

}  // namespace sotay

#include "core/age_reference.h"

#include "core/date.h"
#include "core/household_bundle.h"

namespace sotay {

std::optional<int64_t> YearOfDate(std::string_view date) {
  Result<int64_t> days = ParseDate(date);
  if (!days.ok()) return std::nullopt;
  return CivilFromDays(*days).year;
}

std::optional<std::string> ReviewDate(const Record& assessment) {
  std::optional<std::string> review = GetString(assessment, "review_date");
  if (!review || !ParseDate(*review).ok()) return std::nullopt;
  return review;
}

std::string PovertyReferenceDate(const Record* assessment, int64_t period) {
  std::optional<std::string> review = assessment ? ReviewDate(*assessment) : std::nullopt;
  return review ? *review : std::to_string(period) + "-12-31";
}

std::string AgeReferenceDate(const Record& record, const ChildLookup& children,
                             std::string_view today) {
  Record household;
  if (record.type == kHouseholdType) {
    household.id = record.id;
  } else if (record.type == kPersonType) {
    household.id = record.parent_id;
  }
  std::optional<int64_t> year = YearOfDate(today);
  if (household.id.empty() || !year) return std::string(today);
  household.type = std::string(kHouseholdType);
  const Record* best = nullptr;
  Record best_copy;
  children.ForEachChild(household, kPovertyType, [&](const Record& r) {
    if (r.deleted || r.parent_id != household.id) return;
    std::optional<double> p = GetNumber(r, "period");
    if (!p || static_cast<int64_t>(*p) != *year) return;
    if (best == nullptr || r.id < best_copy.id) {
      best_copy = r;
      best = &best_copy;
    }
  });
  if (best == nullptr) return std::string(today);
  std::optional<std::string> review = ReviewDate(*best);
  return review ? *review : std::string(today);
}

}  // namespace sotay

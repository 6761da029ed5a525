// Poverty classification of a household under the national multidimensional poverty
// standard in force for the period (rà soát hộ nghèo, hộ cận nghèo).
//
// Two standards are encoded as data tables, each naming its source:
//   - "nd07-2021": Nghị định 07/2021/NĐ-CP (amended by Nghị định 30/2025/NĐ-CP), Điều 2
//     and Điều 3, Phụ lục: periods 2022-2026 (the 2022-2025 standard is still used for
//     the 2026 review).
//   - "nd351-2025": Nghị định 351/2025/NĐ-CP of 30/12/2025: periods 2027-2030.
// Rules marked `verify` follow public summaries and must be checked against the text
// of the decree; docs/forms.md lists them.
//
// Inputs are the household's answers (schemas/household.json), its members
// (schemas/person.json) and the assessment.poverty record of the period; the same
// function runs on the phone (live result on the form) and on the server (indicator
// facts), so both always agree. Ages are taken on the assessment's `review_date`
// (31 December of the period when it is unset), never on "today", for the same reason;
// the person form takes them on the same date (core/age_reference.h).
//
// Who is concerned by a person-level answer is the person form's business: the rule
// evaluates each member's `relevant` expressions (schemas/person.json) on the reference
// date through the schema engine, and a member the form does not ask is not a user /
// not in the group the indicator counts — never "unknown". A question that is asked but
// not answered is unknown (the leader can answer it). The indicators' own legal age
// bounds (under 16, 6 and over, 16-30...) stay here; the form's asking bounds are not
// repeated in C++. A member born after the reference date is not counted (not a member
// of the household on that date; verify).
//
// Outcome per deprivation indicator: deprived / not deprived / unknown (an answer it
// needs is missing), with a short reason in both languages. Classification:
//   income per person per month ≤ poverty line and deprived on ≥ 3 indicators → poor;
//   income ≤ line and deprived on < 3 (counting unknowns as deprived) → near_poor;
//   line < income ≤ average-standard line → average; above that → above;
//   anything that cannot be decided because of missing answers → unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/household_bundle.h"
#include "core/record.h"
#include "core/schema.h"

namespace sotay {

// One deprivation indicator of a standard, with its cut-off and source.
struct DeprivationRule {
  std::string_view code;  // "health_insurance"; also the code in list poverty_indicator
  std::string_view dimension_vi;
  std::string_view dimension_en;
  std::string_view label_vi;
  std::string_view label_en;
  std::string_view cutoff_vi;  // when the household is deprived
  std::string_view cutoff_en;
  std::string_view source;  // document + article/annex
  bool verify = false;      // cut-off not yet checked against the decree text
};

struct PovertyStandard {
  std::string_view id;    // "nd07-2021", stored in assessment.poverty `standard`
  std::string_view name;  // "Nghị định 07/2021/NĐ-CP"
  std::string_view source;
  int64_t first_period = 0;  // inclusive years
  int64_t last_period = 0;
  // VND per person per month.
  int64_t urban_line = 0;
  int64_t rural_line = 0;
  int64_t urban_average_upper = 0;  // "hộ có mức sống trung bình": line < income ≤ this
  int64_t rural_average_upper = 0;
  std::string_view average_source;
  bool average_verify = false;
  int min_deprivations_poor = 3;
  std::vector<DeprivationRule> rules;
};

// Both standards, oldest first.
const std::vector<PovertyStandard>& PovertyStandards();
// The standard for a yearly period, or nullptr outside 2022-2030.
const PovertyStandard* PovertyStandardFor(int64_t period);

enum class Deprivation { kNotDeprived, kDeprived, kUnknown };
enum class PovertyClass { kUnknown, kPoor, kNearPoor, kAverage, kAbove };

// "poor", "near_poor", "average", "above", "unknown" (code list poverty_class).
std::string_view PovertyClassCode(PovertyClass c);

struct IndicatorOutcome {
  std::string code;
  Deprivation state = Deprivation::kUnknown;
  std::string reason_vi;
  std::string reason_en;
};

struct PovertyResult {
  int64_t period = 0;
  std::string standard_id;     // empty when no standard covers the period
  std::string reference_date;  // ages and card validity are taken on this date
  int64_t members = 0;
  std::optional<int64_t> income_per_capita;  // VND/month, rounded down
  std::vector<IndicatorOutcome> indicators;  // in the standard's order
  int deprived = 0;
  int unknown = 0;
  PovertyClass classification = PovertyClass::kUnknown;
  // Why the classification is unknown (missing assessment, income, answers...).
  std::string note_vi;
  std::string note_en;
};

// Classifies the household for `period` from its answers, its members and its
// assessment.poverty record of that period (absent: classification unknown).
// A person-form field a deprivation indicator reads for each member concerned.
struct MemberQuestion {
  std::string_view indicator;  // DeprivationRule::code
  std::string_view field;      // field of schemas/person.json
};
// Every such field, in the order of the indicators (docs/forms.md lists them with the
// form's `relevant` expression, i.e. who is asked).
const std::vector<MemberQuestion>& PovertyMemberQuestions();

// `schemas` holds the person form whose relevance decides who is asked; without a
// person form every question counts as asked.
PovertyResult ClassifyPoverty(const HouseholdBundle& bundle, int64_t period,
                              const SchemaSet& schemas);

// The read-only computed fields of assessment.poverty for this result, as
// {field: value}: income_per_capita_month, standard, deprivation_count,
// deprived_indicators, unknown_indicators, classification. The app writes them into
// the record like any answer, so the stored classification names its standard.
Json PovertyResultFields(const PovertyResult& result);

}  // namespace sotay

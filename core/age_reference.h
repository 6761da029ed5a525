// The date ages are taken on, the same for the forms and for the rules.
//
// Questions of the person form are asked from a given age (`relevant` expressions with
// age(), schemas/person.json), and the poverty rule (core/poverty.h) reads those answers
// for the members of the ages it concerns. If the form took ages on one date and the
// rule on another, a member whose birthday falls between the two would be asked nothing
// and still be needed by the rule, so the household could never be classified. Hence one
// reference date:
//
//   - a household and its members, when the household has a poverty assessment
//     (assessment.poverty) for the running period — the year of today — with a valid
//     `review_date`: that review date, the date ClassifyPoverty takes ages on;
//   - otherwise (no assessment yet, other record types): today.
//
// ClassifyPoverty itself takes ages on PovertyReferenceDate (the review date, or 31
// December of the period for an assessment without one) and decides who is asked by
// evaluating the form's relevance on that same date, so a member the form does not ask
// on that date is never "unknown" (docs/indicators.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/form_context.h"
#include "core/record.h"

namespace sotay {

// The year of a "YYYY-MM-DD" date, or nullopt when it is not a valid date.
std::optional<int64_t> YearOfDate(std::string_view date);

// The valid `review_date` of an assessment.poverty record, or nullopt.
std::optional<std::string> ReviewDate(const Record& assessment);

// The date the poverty rule takes ages (and card validity) on for `period`: the review
// date of the period's assessment, or "<period>-12-31" when there is none or it has no
// valid review date. `assessment` may be null.
std::string PovertyReferenceDate(const Record* assessment, int64_t period);

// The reference date of age() for `record` (rules above). The household is `record`
// itself when it is a household, its parent when it is a person; its assessments are
// found through `children` (by the household's id). Among several assessments of the
// running period, the smallest id wins, as in HouseholdBundle::Assessment.
std::string AgeReferenceDate(const Record& record, const ChildLookup& children,
                             std::string_view today);

}  // namespace sotay

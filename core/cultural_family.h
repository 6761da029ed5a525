// "Gia đình văn hóa" (cultural family) and "tổ dân phố văn hóa" (cultural group):
// the status that follows from an assessment.cultural_family or
// assessment.cultural_group record (Nghị định 86/2023/NĐ-CP).
//
// Family (schemas/assessment.cultural_family.json):
//   - any disqualifier answered yes (a member under criminal prosecution, unfinished
//     military service or tax duty, an administrative fine for child marriage,
//     marriage/monogamy, public order, gambling, social evils, fire safety or
//     domestic violence)                                          → not_recognised
//   - any criterion of annex I answered no, or the group meeting did not agree
//                                                                  → not_recognised
//   - every criterion yes, no disqualifier, meeting agreed, and the ward chairman's
//     decision recorded (decision_date)                           → recognised
//   - every criterion yes, no disqualifier, meeting agreed         → proposed
//   - otherwise (unanswered items, meeting not held)               → pending
// Group (schemas/assessment.cultural_group.json), annex II: the same with its own
// criteria and no disqualifiers.
// The status is a read-only field of the form; the app writes the value computed here.
#pragma once

#include <string_view>
#include <vector>

#include "core/record.h"

namespace sotay {

enum class CulturalStatus { kPending, kProposed, kRecognised, kNotRecognised };

// "pending", "proposed", "recognised", "not_recognised" (code list cultural_status).
std::string_view CulturalStatusCode(CulturalStatus s);

// A yes/no item of the checklist, with its source.
struct CulturalItem {
  std::string_view field;  // boolean field of the form
  std::string_view source;
};

// Criteria (all must be yes) and disqualifiers (none may be yes) of the family form.
const std::vector<CulturalItem>& CulturalFamilyCriteria();
const std::vector<CulturalItem>& CulturalFamilyDisqualifiers();
// Criteria of the group form (Nghị định 86/2023/NĐ-CP, Phụ lục II).
const std::vector<CulturalItem>& CulturalGroupCriteria();

CulturalStatus CulturalFamilyStatus(const Record& assessment);
CulturalStatus CulturalGroupStatus(const Record& assessment);

}  // namespace sotay

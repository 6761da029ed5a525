#include "core/cultural_family.h"

#include "core/household_bundle.h"

namespace sotay {
namespace {

constexpr std::string_view kAnnexI = "Nghị định 86/2023/NĐ-CP, Phụ lục I";
constexpr std::string_view kAnnexII = "Nghị định 86/2023/NĐ-CP, Phụ lục II";
constexpr std::string_view kExclusions = "Nghị định 86/2023/NĐ-CP (trường hợp không xét tặng)";

CulturalStatus Decide(const Record& r, const std::vector<CulturalItem>& criteria,
                      const std::vector<CulturalItem>& disqualifiers) {
  bool missing = false;
  for (const CulturalItem& d : disqualifiers) {
    std::optional<bool> v = GetBool(r, std::string(d.field));
    if (v && *v) return CulturalStatus::kNotRecognised;
    if (!v) missing = true;
  }
  for (const CulturalItem& c : criteria) {
    std::optional<bool> v = GetBool(r, std::string(c.field));
    if (v && !*v) return CulturalStatus::kNotRecognised;
    if (!v) missing = true;
  }
  std::optional<bool> agreed = GetBool(r, "meeting_agreed");
  if (agreed && !*agreed) return CulturalStatus::kNotRecognised;
  if (missing || !agreed) return CulturalStatus::kPending;
  if (GetString(r, "decision_date")) return CulturalStatus::kRecognised;
  return CulturalStatus::kProposed;
}

}  // namespace

std::string_view CulturalStatusCode(CulturalStatus s) {
  switch (s) {
    case CulturalStatus::kProposed:
      return "proposed";
    case CulturalStatus::kRecognised:
      return "recognised";
    case CulturalStatus::kNotRecognised:
      return "not_recognised";
    case CulturalStatus::kPending:
      break;
  }
  return "pending";
}

const std::vector<CulturalItem>& CulturalFamilyCriteria() {
  static const std::vector<CulturalItem> kItems = {
      {"c1_law", kAnnexI},
      {"c1_civilised_lifestyle", kAnnexI},
      {"c1_environment", kAnnexI},
      {"c2_movements", kAnnexI},
      {"c2_community", kAnnexI},
      {"c3_economy", kAnnexI},
      {"c3_education_health", kAnnexI},
      {"c3_harmony", kAnnexI},
  };
  return kItems;
}

const std::vector<CulturalItem>& CulturalFamilyDisqualifiers() {
  static const std::vector<CulturalItem> kItems = {
      {"dq_criminal_prosecution", kExclusions},
      {"dq_military_service", kExclusions},
      {"dq_tax", kExclusions},
      {"dq_fine_child_marriage", kExclusions},
      {"dq_fine_marriage", kExclusions},
      {"dq_fine_public_order", kExclusions},
      {"dq_fine_gambling", kExclusions},
      {"dq_fine_social_evils", kExclusions},
      {"dq_fine_fire_safety", kExclusions},
      {"dq_fine_domestic_violence", kExclusions},
  };
  return kItems;
}

const std::vector<CulturalItem>& CulturalGroupCriteria() {
  static const std::vector<CulturalItem> kItems = {
      {"g1_economy", kAnnexII},   {"g2_culture", kAnnexII},    {"g3_environment", kAnnexII},
      {"g4_law_order", kAnnexII}, {"g5_solidarity", kAnnexII},
  };
  return kItems;
}

CulturalStatus CulturalFamilyStatus(const Record& assessment) {
  return Decide(assessment, CulturalFamilyCriteria(), CulturalFamilyDisqualifiers());
}

CulturalStatus CulturalGroupStatus(const Record& assessment) {
  static const std::vector<CulturalItem> kNone;
  return Decide(assessment, CulturalGroupCriteria(), kNone);
}

}  // namespace sotay

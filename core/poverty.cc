#include "core/poverty.h"

#include <algorithm>
#include <cmath>

#include "core/age_reference.h"
#include "core/date.h"
#include "core/validate.h"
#include "core/working_age.h"

namespace sotay {
namespace {

// One member as the indicators see it on the reference date.
struct Member {
  const Record* record = nullptr;
  std::optional<int64_t> age;
  std::optional<bool> working_age;
  // Fields of the person form not asked of this member on the reference date.
  std::vector<std::string> not_asked;

  // False when the form does not ask `field` of this member: the member is then not
  // concerned by it (not a user, not in the group), never "unknown".
  bool Asked(std::string_view field) const {
    return std::find(not_asked.begin(), not_asked.end(), field) == not_asked.end();
  }
};

struct Context {
  const Record& household;
  std::vector<Member> members;
  std::string reference_date;
};

// Tally of members for one indicator: deprived ones, and ones with a missing answer.
struct Tally {
  int deprived = 0;
  int unknown = 0;
};

IndicatorOutcome Make(std::string_view code, Deprivation state, std::string vi, std::string en) {
  return {std::string(code), state, std::move(vi), std::move(en)};
}

// Household is deprived when any member is; unknown when none is but one is unknown.
IndicatorOutcome FromTally(std::string_view code, const Tally& t, std::string_view what_vi,
                           std::string_view what_en) {
  if (t.deprived > 0) {
    return Make(code, Deprivation::kDeprived,
                std::to_string(t.deprived) + " người: " + std::string(what_vi),
                std::to_string(t.deprived) + " member(s): " + std::string(what_en));
  }
  if (t.unknown > 0) {
    return Make(code, Deprivation::kUnknown,
                "Thiếu thông tin của " + std::to_string(t.unknown) + " người",
                "Missing answers for " + std::to_string(t.unknown) + " member(s)");
  }
  return Make(code, Deprivation::kNotDeprived, "Không thiếu hụt", "Not deprived");
}

IndicatorOutcome Missing(std::string_view code, std::string_view field) {
  return Make(code, Deprivation::kUnknown, "Chưa trả lời: " + std::string(field),
              "Not answered: " + std::string(field));
}

IndicatorOutcome Employment(const Context& c) {
  Tally t;
  for (const Member& m : c.members) {
    if (!m.working_age) {
      ++t.unknown;
      continue;
    }
    if (!*m.working_age || !m.Asked("labour_status")) continue;
    std::optional<std::string> ls = GetString(*m.record, "labour_status");
    if (!ls) {
      ++t.unknown;
    } else if (*ls == "unemployed" || *ls == "wage_no_contract") {
      ++t.deprived;
    }
  }
  return FromTally("employment", t,
                   "trong độ tuổi lao động thất nghiệp hoặc làm công không có hợp đồng",
                   "of working age unemployed or waged without a contract");
}

IndicatorOutcome Dependants(const Context& c) {
  int dependants = 0;
  int unknown = 0;
  for (const Member& m : c.members) {
    if (!m.age) {
      ++unknown;
      continue;
    }
    if (*m.age < 16 || *m.age >= 60) {
      ++dependants;
      continue;
    }
    if (!m.Asked("disability")) continue;
    std::optional<std::string> d = GetString(*m.record, "disability");
    if (!d) {
      ++unknown;
    } else if (*d == "severe" || *d == "very_severe") {
      ++dependants;
    }
  }
  const int n = static_cast<int>(c.members.size());
  if (n == 0) return Missing("dependants", "person");
  const std::string ratio = std::to_string(dependants) + "/" + std::to_string(n);
  if (dependants * 2 > n) {
    return Make("dependants", Deprivation::kDeprived, "Người phụ thuộc " + ratio + " > 50%",
                "Dependants " + ratio + " > 50%");
  }
  if ((dependants + unknown) * 2 > n) {
    return Make("dependants", Deprivation::kUnknown,
                "Thiếu tuổi hoặc tình trạng khuyết tật của " + std::to_string(unknown) + " người",
                "Missing age or disability of " + std::to_string(unknown) + " member(s)");
  }
  return Make("dependants", Deprivation::kNotDeprived, "Người phụ thuộc " + ratio + " ≤ 50%",
              "Dependants " + ratio + " ≤ 50%");
}

IndicatorOutcome Nutrition(const Context& c) {
  Tally t;
  for (const Member& m : c.members) {
    if (!m.age) {
      ++t.unknown;
      continue;
    }
    if (*m.age >= 16 || !m.Asked("malnourished")) continue;
    std::optional<bool> mal = GetBool(*m.record, "malnourished");
    if (!mal) {
      ++t.unknown;
    } else if (*mal) {
      ++t.deprived;
    }
  }
  return FromTally("nutrition", t, "trẻ dưới 16 tuổi suy dinh dưỡng",
                   "child under 16 stunted or underweight");
}

// Has a card whose expiry is on or after `on`; nullopt when an answer is missing.
std::optional<bool> HasValidCard(const Record& person, std::string_view on) {
  std::optional<bool> has = GetBool(person, "bhyt_has_card");
  if (!has) return std::nullopt;
  if (!*has) return false;
  std::optional<std::string> expiry = GetString(person, "bhyt_expiry");
  if (!expiry) return std::nullopt;
  return *expiry >= on;  // ISO dates compare as strings
}

IndicatorOutcome HealthInsurance(const Context& c) {
  Tally t;
  for (const Member& m : c.members) {
    if (!m.age) {
      ++t.unknown;
      continue;
    }
    if (*m.age < 6 || !m.Asked("bhyt_has_card")) continue;
    std::optional<bool> valid = HasValidCard(*m.record, c.reference_date);
    if (!valid) {
      ++t.unknown;
    } else if (!*valid) {
      ++t.deprived;
    }
  }
  return FromTally("health_insurance", t, "từ 6 tuổi không có thẻ BHYT còn hạn",
                   "aged 6+ without a valid health insurance card");
}

// Rank of an education level code; -1 when unknown.
int EducationRank(std::string_view level) {
  static constexpr std::string_view kOrder[] = {"none",
                                                "primary",
                                                "lower_secondary",
                                                "upper_secondary",
                                                "vocational_elementary",
                                                "vocational_intermediate",
                                                "college",
                                                "university",
                                                "postgraduate"};
  for (size_t i = 0; i < std::size(kOrder); ++i) {
    if (kOrder[i] == level) return static_cast<int>(i);
  }
  return -1;
}

IndicatorOutcome AdultEducation(const Context& c) {
  Tally t;
  for (const Member& m : c.members) {
    if (!m.age) {
      ++t.unknown;
      continue;
    }
    if (*m.age < 16 || *m.age > 30 || !m.Asked("education_level")) continue;
    // Not asked whether they study: not in education.
    std::optional<bool> studying =
        m.Asked("in_education") ? GetBool(*m.record, "in_education") : std::optional(false);
    if (studying && *studying) continue;
    std::optional<std::string> level = GetString(*m.record, "education_level");
    const int rank = level ? EducationRank(*level) : -1;
    if (rank < 0) {
      ++t.unknown;
      continue;
    }
    // 16-18: lower secondary; 19-30: upper secondary or any vocational qualification.
    const int needed =
        *m.age <= 18 ? EducationRank("lower_secondary") : EducationRank("upper_secondary");
    if (rank >= needed) continue;
    if (!studying) {
      ++t.unknown;  // below the level, but whether they are in training is unanswered
    } else {
      ++t.deprived;
    }
  }
  return FromTally("adult_education", t,
                   "16-30 tuổi không đi học và chưa đạt bằng cấp theo độ tuổi",
                   "aged 16-30 out of education below the expected qualification");
}

IndicatorOutcome ChildSchooling(const Context& c) {
  Tally t;
  for (const Member& m : c.members) {
    if (!m.age) {
      ++t.unknown;
      continue;
    }
    if (*m.age < 3 || *m.age >= 16 || !m.Asked("school_attendance")) continue;
    std::optional<std::string> s = GetString(*m.record, "school_attendance");
    if (!s) {
      ++t.unknown;
    } else if (*s != "right_level") {
      ++t.deprived;
    }
  }
  return FromTally("child_schooling", t, "trẻ 3 đến dưới 16 tuổi không học đúng cấp",
                   "child aged 3-15 not at the right school level");
}

IndicatorOutcome HousingQuality(const Context& c) {
  std::optional<std::string> type = GetString(c.household, "housing_type");
  if (!type) return Missing("housing_quality", "housing_type");
  if (*type == "less_durable" || *type == "makeshift") {
    return Make("housing_quality", Deprivation::kDeprived, "Nhà thiếu kiên cố hoặc đơn sơ",
                "Less durable or makeshift house");
  }
  return Make("housing_quality", Deprivation::kNotDeprived, "Nhà kiên cố hoặc bán kiên cố",
              "Permanent or semi-permanent house");
}

std::string Format1(double v) {
  const long long tenths = std::llround(v * 10);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

IndicatorOutcome FloorArea(const Context& c) {
  std::optional<double> area = GetNumber(c.household, "floor_area_m2");
  if (!area) return Missing("floor_area", "floor_area_m2");
  if (c.members.empty()) return Missing("floor_area", "person");
  const double per = *area / static_cast<double>(c.members.size());
  const std::string s = Format1(per);
  if (per < 8.0) {
    return Make("floor_area", Deprivation::kDeprived, s + " m²/người < 8 m²",
                s + " m² per person < 8 m²");
  }
  return Make("floor_area", Deprivation::kNotDeprived, s + " m²/người", s + " m² per person");
}

IndicatorOutcome Water(const Context& c) {
  std::optional<std::string> src = GetString(c.household, "water_source");
  if (!src) return Missing("water", "water_source");
  if (*src == "unprotected") {
    return Make("water", Deprivation::kDeprived, "Nguồn nước không được bảo vệ",
                "Unprotected water source");
  }
  return Make("water", Deprivation::kNotDeprived, "Có nguồn nước sạch", "Clean water source");
}

IndicatorOutcome Latrine(const Context& c) {
  std::optional<std::string> l = GetString(c.household, "latrine");
  if (!l) return Missing("latrine", "latrine");
  if (*l == "unhygienic" || *l == "none") {
    return Make("latrine", Deprivation::kDeprived, "Không có nhà tiêu hợp vệ sinh",
                "No hygienic latrine");
  }
  return Make("latrine", Deprivation::kNotDeprived, "Có nhà tiêu hợp vệ sinh", "Hygienic latrine");
}

// Deprived when no member answered yes to `field`. Who is asked (from which age) is the
// person form's `relevant` expression, evaluated on the reference date: a member not
// asked is not a user. A member without a known age is asked, so unknown unless "yes".
IndicatorOutcome NobodyUses(const Context& c, std::string_view code, const std::string& field,
                            std::string_view vi, std::string_view en) {
  int unknown = 0;
  for (const Member& m : c.members) {
    if (m.age && !m.Asked(field)) continue;
    std::optional<bool> uses = GetBool(*m.record, field);
    if (uses && *uses) {
      return Make(code, Deprivation::kNotDeprived, "Có thành viên sử dụng", "A member uses it");
    }
    if (!uses) ++unknown;
  }
  if (unknown > 0) {
    return Make(code, Deprivation::kUnknown,
                "Thiếu thông tin của " + std::to_string(unknown) + " người",
                "Missing answers for " + std::to_string(unknown) + " member(s)");
  }
  return Make(code, Deprivation::kDeprived, std::string(vi), std::string(en));
}

IndicatorOutcome InfoDevices(const Context& c) {
  std::optional<std::vector<std::string>> d = GetCodes(c.household, "info_devices");
  if (!d) return Missing("info_devices", "info_devices");
  for (const std::string& code : *d) {
    if (code != "none") {
      return Make("info_devices", Deprivation::kNotDeprived, "Có phương tiện tiếp cận thông tin",
                  "Has a means of access to information");
    }
  }
  return Make("info_devices", Deprivation::kDeprived, "Không có phương tiện nào",
              "No means of access to information");
}

IndicatorOutcome Waste(const Context& c) {
  std::optional<bool> collected = GetBool(c.household, "waste_collected");
  if (!collected) return Missing("waste", "waste_collected");
  if (*collected) {
    return Make("waste", Deprivation::kNotDeprived, "Rác được thu gom", "Waste is collected");
  }
  std::optional<std::string> t = GetString(c.household, "waste_self_treatment");
  if (!t) return Missing("waste", "waste_self_treatment");
  if (*t == "compost_bury") {
    return Make("waste", Deprivation::kNotDeprived, "Hộ tự ủ, chôn lấp hợp vệ sinh",
                "Composted or buried properly");
  }
  return Make("waste", Deprivation::kDeprived, "Rác không được thu gom, xử lý không hợp vệ sinh",
              "Not collected and not handled hygienically");
}

IndicatorOutcome Evaluate(std::string_view code, const Context& c) {
  if (code == "employment") return Employment(c);
  if (code == "dependants") return Dependants(c);
  if (code == "nutrition") return Nutrition(c);
  if (code == "health_insurance") return HealthInsurance(c);
  if (code == "adult_education") return AdultEducation(c);
  if (code == "child_schooling") return ChildSchooling(c);
  if (code == "housing_quality") return HousingQuality(c);
  if (code == "floor_area") return FloorArea(c);
  if (code == "water") return Water(c);
  if (code == "latrine") return Latrine(c);
  if (code == "telecom") {
    return NobodyUses(c, code, "has_smartphone_internet", "Không ai sử dụng internet",
                      "Nobody uses the internet");
  }
  if (code == "info_devices") return InfoDevices(c);
  if (code == "digital_services") {
    return NobodyUses(c, code, "online_service_12m", "Không ai sử dụng dịch vụ số",
                      "Nobody used a digital service");
  }
  if (code == "waste") return Waste(c);
  return Make(code, Deprivation::kUnknown, "Chỉ số chưa được lập trình",
              "Indicator not implemented");
}

}  // namespace

const std::vector<MemberQuestion>& PovertyMemberQuestions() {
  static const std::vector<MemberQuestion> questions = {
      {"employment", "labour_status"},
      {"dependants", "disability"},
      {"nutrition", "malnourished"},
      {"health_insurance", "bhyt_has_card"},
      {"health_insurance", "bhyt_expiry"},
      {"adult_education", "in_education"},
      {"adult_education", "education_level"},
      {"child_schooling", "school_attendance"},
      {"telecom", "has_smartphone_internet"},
      {"digital_services", "online_service_12m"},
  };
  return questions;
}

std::string_view PovertyClassCode(PovertyClass c) {
  switch (c) {
    case PovertyClass::kPoor:
      return "poor";
    case PovertyClass::kNearPoor:
      return "near_poor";
    case PovertyClass::kAverage:
      return "average";
    case PovertyClass::kAbove:
      return "above";
    case PovertyClass::kUnknown:
      break;
  }
  return "unknown";
}

PovertyResult ClassifyPoverty(const HouseholdBundle& bundle, int64_t period,
                              const SchemaSet& schemas) {
  PovertyResult out;
  out.period = period;
  const PovertyStandard* std_ = PovertyStandardFor(period);
  const Record* assessment = bundle.Assessment(kPovertyType, period);
  out.reference_date = PovertyReferenceDate(assessment, period);

  Context c{bundle.household, {}, out.reference_date};
  const NoChildren no_children;
  for (const Record* r : bundle.Members()) {
    std::optional<std::string> dob = GetString(*r, "date_of_birth");
    // Born after the reference date: not a member of the household on that date.
    if (dob && ParseDate(*dob).ok() && *dob > out.reference_date) continue;
    Member m;
    m.record = r;
    m.age = PersonAge(*r, out.reference_date);
    m.not_asked = NotAskedFields(schemas, *r, no_children, out.reference_date, out.reference_date);
    std::optional<std::string> sex = GetString(*r, "sex");
    std::optional<Sex> s = sex ? ParseSex(*sex) : std::nullopt;
    if (dob && s) m.working_age = IsWorkingAge(*dob, *s, out.reference_date);
    c.members.push_back(m);
  }
  out.members = static_cast<int64_t>(c.members.size());

  if (std_ == nullptr) {
    out.note_vi = "Không có chuẩn nghèo cho kỳ " + std::to_string(period);
    out.note_en = "No poverty standard covers period " + std::to_string(period);
    return out;
  }
  out.standard_id = std::string(std_->id);
  for (const DeprivationRule& rule : std_->rules) {
    out.indicators.push_back(Evaluate(rule.code, c));
    if (out.indicators.back().state == Deprivation::kDeprived) ++out.deprived;
    if (out.indicators.back().state == Deprivation::kUnknown) ++out.unknown;
  }

  if (assessment == nullptr) {
    out.note_vi = "Chưa có phiếu rà soát hộ nghèo của kỳ này";
    out.note_en = "No poverty assessment for this period";
    return out;
  }
  std::optional<std::string> area = GetString(*assessment, "area");
  std::optional<double> income = GetNumber(*assessment, "income_total_month");
  if (!area || !income || c.members.empty()) {
    out.note_vi = "Thiếu khu vực, thu nhập hoặc nhân khẩu";
    out.note_en = "Missing area, income or members";
    return out;
  }
  const bool urban = *area != "rural";
  const double n = static_cast<double>(c.members.size());
  out.income_per_capita = static_cast<int64_t>(std::floor(*income / n));
  const double line = static_cast<double>(urban ? std_->urban_line : std_->rural_line);
  const double average =
      static_cast<double>(urban ? std_->urban_average_upper : std_->rural_average_upper);
  // Compare totals, not rounded per-person values: income ≤ line × members.
  if (*income > average * n) {
    out.classification = PovertyClass::kAbove;
  } else if (*income > line * n) {
    out.classification = PovertyClass::kAverage;
  } else if (out.deprived >= std_->min_deprivations_poor) {
    out.classification = PovertyClass::kPoor;
  } else if (out.deprived + out.unknown < std_->min_deprivations_poor) {
    out.classification = PovertyClass::kNearPoor;
  } else {
    out.note_vi = "Thu nhập dưới chuẩn; cần trả lời đủ các chỉ số để phân biệt nghèo/cận nghèo";
    out.note_en = "Income under the line; answer every indicator to tell poor from near-poor";
  }
  return out;
}

Json PovertyResultFields(const PovertyResult& result) {
  Json out = Json::object();
  out["income_per_capita_month"] =
      result.income_per_capita ? Json(*result.income_per_capita) : Json(nullptr);
  out["standard"] = result.standard_id.empty() ? Json(nullptr) : Json(result.standard_id);
  out["deprivation_count"] = result.deprived;
  Json deprived = Json::array();
  Json unknown = Json::array();
  for (const IndicatorOutcome& i : result.indicators) {
    if (i.state == Deprivation::kDeprived) deprived.push_back(i.code);
    if (i.state == Deprivation::kUnknown) unknown.push_back(i.code);
  }
  out["deprived_indicators"] = deprived;
  out["unknown_indicators"] = unknown;
  out["classification"] = std::string(PovertyClassCode(result.classification));
  return out;
}

}  // namespace sotay

#include "core/indicator_facts.h"

#include <algorithm>

#include "core/age_reference.h"
#include "core/cultural_family.h"
#include "core/date.h"
#include "core/poverty.h"
#include "core/validate.h"
#include "core/working_age.h"

namespace sotay {
namespace {

class FactList {
 public:
  FactList(const Record& r, int64_t period) : record_(r), period_(std::to_string(period)) {}
  void Add(std::string_view indicator, double num, double den) {
    facts_.push_back({record_.id, record_.group_id, period_, std::string(indicator), num, den});
  }
  std::vector<Fact> Take() { return std::move(facts_); }

 private:
  const Record& record_;
  std::string period_;
  std::vector<Fact> facts_;
};

bool Is(const std::optional<bool>& v) { return v && *v; }

bool InLabourForce(std::string_view status) {
  return status == "wage_contract" || status == "wage_no_contract" || status == "self_employed" ||
         status == "unpaid_family" || status == "unemployed";
}

void PovertyFacts(const SchemaSet& schemas, const HouseholdBundle& b, int64_t period,
                  FactList& out) {
  PovertyResult now = ClassifyPoverty(b, period, schemas);
  if (now.classification == PovertyClass::kUnknown) return;
  const bool poor = now.classification == PovertyClass::kPoor;
  PovertyResult before = ClassifyPoverty(b, period - 1, schemas);
  const bool was_poor = before.classification == PovertyClass::kPoor;
  out.Add("8a", poor && !was_poor ? 1 : 0, 1);
  out.Add("8b", now.classification == PovertyClass::kNearPoor ? 1 : 0, 1);
  out.Add("poverty.poor", poor ? 1 : 0, 1);
}

// 1 when the person is asked `field` and answered yes; nullopt when not asked.
std::optional<double> Answer(const Record& p, const std::vector<std::string>& not_asked,
                             const std::string& field) {
  if (std::find(not_asked.begin(), not_asked.end(), field) != not_asked.end()) {
    return std::nullopt;
  }
  return Is(GetBool(p, field)) ? 1 : 0;
}

// Adds a resident's answer to a digital.* ratio, unless the form does not ask it.
void Count(const Record& p, const std::vector<std::string>& not_asked, const std::string& field,
           double* num, double* den) {
  if (std::optional<double> a = Answer(p, not_asked, field)) {
    *num += *a;
    *den += 1;
  }
}

void PersonFacts(const SchemaSet& schemas, const HouseholdBundle& b, std::string_view on,
                 std::string_view age_on, FactList& out) {
  const NoChildren no_children;
  double residents = 0, insured = 0;
  double labour = 0, bhxh = 0;
  double internet_den = 0, internet = 0, vneid_den = 0, vneid = 0;
  double course_den = 0, course = 0, online_den = 0, online = 0;
  for (const Record* p : b.Members()) {
    const std::optional<bool> covered = BhytCoveredOn(*p, on);
    if (!covered) continue;  // not a resident here
    residents += 1;
    if (*covered) insured += 1;

    std::optional<std::string> dob = GetString(*p, "date_of_birth");
    std::optional<std::string> sex_code = GetString(*p, "sex");
    std::optional<Sex> sex = sex_code ? ParseSex(*sex_code) : std::nullopt;
    std::optional<bool> working = dob && sex ? IsWorkingAge(*dob, *sex, on) : std::nullopt;
    if (Is(working) && InLabourForce(GetString(*p, "labour_status").value_or(""))) {
      labour += 1;
      const std::string kind = GetString(*p, "bhxh").value_or("");
      if (kind == "compulsory" || kind == "voluntary") bhxh += 1;
    }

    std::optional<int64_t> age = PersonAge(*p, age_on);
    if (!age || *age < 14) continue;
    const std::vector<std::string> not_asked =
        NotAskedFields(schemas, *p, no_children, age_on, age_on);
    Count(*p, not_asked, "has_smartphone_internet", &internet, &internet_den);
    Count(*p, not_asked, "vneid_level2", &vneid, &vneid_den);
    if (*age >= 18) {
      Count(*p, not_asked, "bdhvs_course_done", &course, &course_den);
      Count(*p, not_asked, "online_service_12m", &online, &online_den);
    }
  }
  out.Add("12", insured, residents);
  out.Add("13", bhxh, labour);
  out.Add("digital.internet", internet, internet_den);
  out.Add("digital.vneid", vneid, vneid_den);
  out.Add("digital.course", course, course_den);
  out.Add("digital.online_service", online, online_den);
}

// The first day after `today` on which someone born on `birth` is a year older.
int64_t NextBirthday(int64_t birth, int64_t today) {
  if (birth > today) return birth;  // not born yet: counted from birth on
  const CivilDate b = CivilFromDays(birth);
  for (int64_t year = CivilFromDays(today).year;; ++year) {
    CivilDate d{year, b.month, b.day};
    // 29 February in a common year: a year older on 1 March (FullYearsBetween).
    if (d.day > DaysInMonth(year, d.month)) d = {year, 3, 1};
    const int64_t days = DaysFromCivil(d);
    if (days > today) return days;
  }
}

}  // namespace

std::optional<bool> BhytCoveredOn(const Record& person, std::string_view on) {
  if (GetString(person, "residence_status").value_or("") == "absent") return std::nullopt;
  std::optional<bool> has = GetBool(person, "bhyt_has_card");
  std::optional<std::string> expiry = GetString(person, "bhyt_expiry");
  return has.value_or(false) && expiry && *expiry >= on;
}

std::optional<std::string> FactsValidUntil(const HouseholdBundle& b, std::string_view today) {
  if (b.household.deleted) return std::nullopt;
  Result<int64_t> now = ParseDate(today);
  if (!now.ok()) return std::nullopt;
  const int64_t year = CivilFromDays(*now).year;
  int64_t until = DaysFromCivil({year + 1, 1, 1});
  for (const Record* p : b.Members()) {
    if (std::optional<std::string> expiry = GetString(*p, "bhyt_expiry")) {
      Result<int64_t> e = ParseDate(*expiry);
      if (e.ok() && *e >= *now) until = std::min(until, *e + 1);
    }
    std::optional<std::string> dob = GetString(*p, "date_of_birth");
    if (!dob) continue;
    Result<int64_t> birth = ParseDate(*dob);
    if (!birth.ok()) continue;
    until = std::min(until, NextBirthday(*birth, *now));
    std::optional<std::string> sex_code = GetString(*p, "sex");
    std::optional<Sex> sex = sex_code ? ParseSex(*sex_code) : std::nullopt;
    if (!sex) continue;
    if (std::optional<std::string> ends = WorkingAgeEndsOn(*dob, *sex, year)) {
      Result<int64_t> e = ParseDate(*ends);
      if (e.ok() && *e > *now) until = std::min(until, *e);
    }
  }
  return FormatDate(until);
}

std::vector<Fact> ComputeFacts(const SchemaSet& schemas, const HouseholdBundle& b, int64_t period,
                               std::string_view reference_date) {
  if (b.household.deleted) return {};
  FactList out(b.household, period);
  PovertyFacts(schemas, b, period, out);

  const Record* cf = b.Assessment(kCulturalFamilyType, period);
  out.Add("9", cf && CulturalFamilyStatus(*cf) == CulturalStatus::kRecognised ? 1 : 0, 1);

  // Ages on the date the person form takes them on (core/age_reference.h).
  const Record* poverty = b.Assessment(kPovertyType, period);
  std::optional<std::string> review = poverty ? ReviewDate(*poverty) : std::nullopt;
  PersonFacts(schemas, b, reference_date, review ? *review : reference_date, out);

  out.Add("16", Is(GetBool(b.household, "waste_collected")) ? 1 : 0, 1);

  std::optional<std::string> converted = GetString(b.household, "business_converted_date");
  const bool converted_now = Is(GetBool(b.household, "business_converted")) && converted &&
                             converted->rfind(std::to_string(period) + "-", 0) == 0;
  out.Add("4b", converted_now ? 1 : 0, 1);

  const Record* df = b.Assessment(kDrugFreeType, period);
  out.Add("25a", df && Is(GetBool(*df, "commitment_signed")) ? 1 : 0, 1);
  out.Add("25b", df && Is(GetBool(*df, "awareness_attended")) ? 1 : 0, 1);
  return out.Take();
}

std::vector<Fact> ComputeGroupFacts(const Record& record, int64_t period) {
  if (record.deleted || record.type != kCulturalGroupType) return {};
  std::optional<double> p = GetNumber(record, "period");
  if (!p || static_cast<int64_t>(*p) != period) return {};
  FactList out(record, period);
  out.Add("10", CulturalGroupStatus(record) == CulturalStatus::kRecognised ? 1 : 0, 1);
  return out.Take();
}

}  // namespace sotay

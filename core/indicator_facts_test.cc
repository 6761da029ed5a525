// Facts of the base household (tests/fixtures/households/tran_thanh_ngo_12.json),
// computed by hand for the reference date 2026-12-31.
#include "core/indicator_facts.h"

#include <catch2/catch.hpp>

#include "core/date.h"
#include "core/fact_refresh.h"
#include "core/household_lookup.h"

#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::AddChildMember;
using testing::Child;
using testing::LoadBundle;
using testing::Set;

const Fact* Find(const std::vector<Fact>& facts, const std::string& indicator) {
  for (const Fact& f : facts) {
    if (f.indicator == indicator) return &f;
  }
  return nullptr;
}

#define CHECK_FACT(facts, id, num, den) \
  do {                                  \
    const auto& facts_ = (facts);       \
    const Fact* f_ = Find(facts_, id);  \
    REQUIRE(f_ != nullptr);             \
    CHECK(f_->numerator == (num));      \
    CHECK(f_->denominator == (den));    \
  } while (0)

HouseholdBundle Base() { return LoadBundle("households/tran_thanh_ngo_12.json"); }

TEST_CASE("Household facts of the base household") {
  std::vector<Fact> facts = ComputeFacts(testing::RepoSchemas(), Base(), 2026, "2026-12-31");
  for (const Fact& f : facts) {
    CHECK(f.record_id == "8f0c2a1e-0000-4000-8000-000000000001");
    CHECK(f.group_id == "tdp-05");
    CHECK(f.period == "2026");
  }
  CHECK_FACT(facts, "8a", 0, 1);  // above the average line
  CHECK_FACT(facts, "8b", 0, 1);
  CHECK_FACT(facts, "9", 1, 1);   // recognised by decision of 24/11
  CHECK_FACT(facts, "12", 5, 5);  // three cards end on 2026-12-31: still valid that day
  CHECK_FACT(facts, "13", 2, 2);  // Hùng (compulsory), Lan (voluntary)
  CHECK_FACT(facts, "16", 1, 1);
  CHECK_FACT(facts, "4b", 1, 1);  // converted on 2026-03-15
  CHECK_FACT(facts, "25a", 1, 1);
  CHECK_FACT(facts, "25b", 1, 1);
  CHECK_FACT(facts, "digital.internet", 3, 4);  // 14+: Hùng, Lan, Minh Anh, Hoa
  CHECK_FACT(facts, "digital.vneid", 3, 4);
  CHECK_FACT(facts, "digital.course", 1, 3);  // 18+: Hùng, Lan, Hoa
  CHECK_FACT(facts, "digital.online_service", 1, 3);
  // The conversion belongs to 2026 only.
  CHECK_FACT(ComputeFacts(testing::RepoSchemas(), Base(), 2027, "2027-12-31"), "4b", 0, 1);
}

TEST_CASE("BHYT coverage: expired cards on the reference date, absent members excluded") {
  HouseholdBundle b = Base();
  Set(Child(b, "102"), "bhyt_expiry", "2026-06-30");   // Lan: expired by 31/12
  Set(Child(b, "104"), "bhyt_has_card", false);        // Bảo: no card
  Set(Child(b, "105"), "residence_status", "absent");  // Hoa: tạm vắng, not counted
  // Residents: Hùng, Lan, Minh Anh, Bảo; valid on 2026-12-31: Hùng, Minh Anh.
  CHECK_FACT(ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31"), "12", 2, 4);
  // On 2026-06-30 Lan's card is still valid.
  CHECK_FACT(ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-06-30"), "12", 3, 4);
}

TEST_CASE("BHXH rate: only working-age members of the labour force") {
  HouseholdBundle b = Base();
  Set(Child(b, "102"), "labour_status", "unemployed");  // Lan: in the labour force
  Set(Child(b, "102"), "bhxh", "none");
  Set(Child(b, "105"), "labour_status", "self_employed");  // Hoa, 76: not working age
  Set(Child(b, "105"), "bhxh", "voluntary");
  Set(Child(b, "103"), "labour_status", "wage_no_contract");  // Minh Anh, 17: in it
  // Labour force of working age: Hùng (yes), Lan (no), Minh Anh (no) → 1/3.
  CHECK_FACT(ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31"), "13", 1, 3);
  // A woman of 57y3m at the end of 2026 is past the retirement age (57y).
  Set(Child(b, "102"), "date_of_birth", "1969-09-20");
  CHECK_FACT(ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31"), "13", 1, 2);
}

TEST_CASE("New poor and near-poor facts compare with the previous period") {
  HouseholdBundle b = Base();
  Record& now = Child(b, "201");
  Set(now, "income_total_month", 1'000'000 * 5);
  Set(b.household, "housing_type", "makeshift");
  Set(b.household, "water_source", "unprotected");
  Set(b.household, "latrine", "none");
  // Poor in 2026, no 2025 assessment: a new poor household.
  std::vector<Fact> facts = ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31");
  CHECK_FACT(facts, "8a", 1, 1);
  CHECK_FACT(facts, "poverty.poor", 1, 1);
  // Poor in 2025 too: not new.
  Record before = now;
  before.id = "8f0c2a1e-0000-4000-8000-000000000200";
  Set(before, "period", 2025);
  Set(before, "review_date", "2025-10-15");
  b.children.push_back(before);
  CHECK_FACT(ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31"), "8a", 0, 1);
  // One deprivation fewer: near-poor in 2026, and not a new poor household.
  Set(b.household, "latrine", "septic");
  facts = ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31");
  CHECK_FACT(facts, "8b", 1, 1);
  CHECK_FACT(facts, "8a", 0, 1);
  // Without a known classification the household gives no poverty facts.
  Set(Child(b, "201"), "income_total_month", nullptr);
  CHECK(Find(ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31"), "8b") == nullptr);
}

// Small children are not asked about internet use (schemas/person.json): such a
// household is classified like any other and counted in 8a, 8b and poverty.poor.
TEST_CASE("A household with a small child is counted in the poverty facts") {
  HouseholdBundle b = Base();
  Set(b.household, "housing_type", "makeshift");
  Set(b.household, "water_source", "unprotected");
  for (const char* id : {"101", "102", "103"}) Set(Child(b, id), "has_smartphone_internet", false);
  Record& small = AddChildMember(b, "106", "2022-03-01");  // 4 on the review date
  Set(small, "in_education", false);
  Set(small, "school_attendance", "right_level");
  Set(Child(b, "201"), "income_total_month", 1'000'000 * 6);
  // Poor: house, water, nobody uses the internet.
  std::vector<Fact> facts = ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-10");
  CHECK_FACT(facts, "8a", 1, 1);
  CHECK_FACT(facts, "8b", 0, 1);
  CHECK_FACT(facts, "poverty.poor", 1, 1);
  // Someone uses the internet: two deprivations, near-poor. A baby born after the
  // review date is not a member for that review and asks nothing.
  Set(Child(b, "101"), "has_smartphone_internet", true);
  Record& baby = AddChildMember(b, "107", "2026-11-02");
  Set(baby, "malnourished", nullptr);
  facts = ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-10");
  CHECK_FACT(facts, "8a", 0, 1);
  CHECK_FACT(facts, "8b", 1, 1);
  CHECK_FACT(facts, "poverty.poor", 0, 1);
}

// The digital.* ratios take ages on the review date (2026-10-15), as the form does:
// a resident 14 on the fact's date but 13 on the review date was not asked about
// VNeID, the online services or the course, so is left out, not counted as "no".
TEST_CASE("Digital facts count only residents the form asks") {
  HouseholdBundle b = Base();
  Record& teen = AddChildMember(b, "106", "2012-11-01");  // 13 on 2026-10-15, 14 after
  Set(teen, "has_smartphone_internet", true);
  Set(teen, "education_level", "primary");
  Set(teen, "in_education", true);
  Set(teen, "school_attendance", "right_level");
  std::vector<Fact> facts = ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-10");
  CHECK_FACT(facts, "digital.internet", 3, 4);
  CHECK_FACT(facts, "digital.vneid", 3, 4);
  // Without a poverty assessment the form and the facts take ages on the fact's date:
  // the teenager is 14, asked, and unanswered counts as "no".
  Set(Child(b, "201"), "period", 2025);
  facts = ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-10");
  CHECK_FACT(facts, "digital.internet", 4, 5);
  CHECK_FACT(facts, "digital.vneid", 3, 5);
}

TEST_CASE("A bundle built through the form engine's child lookup gives the same facts") {
  HouseholdBundle b = Base();
  VectorChildLookup lookup(b.children);
  HouseholdBundle rebuilt = BundleFromLookup(b.household, lookup);
  CHECK(rebuilt.children.size() == b.children.size());
  CHECK(ComputeFacts(testing::RepoSchemas(), rebuilt, 2026, "2026-12-31") ==
        ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31"));
}

TEST_CASE("Deleted households give no facts; group records give indicator 10") {
  HouseholdBundle b = Base();
  b.household.deleted = true;
  CHECK(ComputeFacts(testing::RepoSchemas(), b, 2026, "2026-12-31").empty());

  Record g = testing::LoadRecord("cultural_group_tdp05_2026.json");
  std::vector<Fact> facts = ComputeGroupFacts(g, 2026);
  CHECK_FACT(facts, "10", 1, 1);
  CHECK(facts[0].group_id == "tdp-05");
  CHECK(ComputeGroupFacts(g, 2027).empty());
  Set(g, "decision_date", nullptr);
  CHECK_FACT(ComputeGroupFacts(g, 2026), "10", 0, 1);
}

// A household of one person, a man with a card, to see each kind of event alone.
HouseholdBundle OnePerson(const std::string& birth, const std::string& expiry) {
  HouseholdBundle b = Base();
  b.children.erase(b.children.begin() + 1, b.children.end());
  Record& p = b.children.front();
  REQUIRE(p.type == "person");
  Set(p, "sex", "male");
  Set(p, "date_of_birth", birth);
  Set(p, "bhyt_has_card", true);
  Set(p, "bhyt_expiry", expiry);
  return b;
}

TEST_CASE("Facts are valid until the next day any of them can change") {
  // Nothing this year: 1 January next year (a new period).
  CHECK(FactsValidUntil(OnePerson("1980-01-15", "2027-06-30"), "2026-12-30") == "2027-01-01");
  // A card valid through 30/06 stops counting on 01/07.
  CHECK(FactsValidUntil(OnePerson("1980-12-31", "2026-06-30"), "2026-05-10") == "2026-07-01");
  CHECK(FactsValidUntil(OnePerson("1980-12-31", "2026-06-30"), "2026-06-30") == "2026-07-01");
  // Already expired: no event from it.
  CHECK(FactsValidUntil(OnePerson("1980-12-31", "2026-06-30"), "2026-07-01") == "2026-12-31");
  // The next birthday, this year or (past it) none before 1 January.
  CHECK(FactsValidUntil(OnePerson("2012-08-20", "2030-01-01"), "2026-03-01") == "2026-08-20");
  CHECK(FactsValidUntil(OnePerson("2012-08-20", "2030-01-01"), "2026-08-20") == "2027-01-01");
  // Born on 29 February: a year older on 1 March in a common year.
  CHECK(FactsValidUntil(OnePerson("2008-02-29", "2030-01-01"), "2026-02-10") == "2026-03-01");
  CHECK(FactsValidUntil(OnePerson("2008-02-29", "2030-01-01"), "2028-02-10") == "2028-02-29");
  // Working age ends at 61y6m in 2026: born 31/10/1964, on 30/04/2026.
  CHECK(FactsValidUntil(OnePerson("1964-10-31", "2030-01-01"), "2026-01-05") == "2026-04-30");
  // Not born yet: from the day of birth.
  CHECK(FactsValidUntil(OnePerson("2026-09-01", "2030-01-01"), "2026-05-01") == "2026-09-01");
  // A member with no dates: only the new year.
  HouseholdBundle b = OnePerson("1980-12-31", "2030-01-01");
  Set(b.children.front(), "date_of_birth", nullptr);
  Set(b.children.front(), "bhyt_expiry", "not a date");
  CHECK(FactsValidUntil(b, "2026-12-30") == "2027-01-01");
  // Deleted: no facts to keep true.
  b.household.deleted = true;
  CHECK(FactsValidUntil(b, "2026-05-01") == std::nullopt);
  CHECK(FactsValidUntil(Base(), "31/12/2026") == std::nullopt);
}

TEST_CASE("Between today and valid_until the household's facts do not change") {
  // Walk every day of 2026 for households with cards, birthdays and a retirement that
  // fall on many days: the facts computed on a day hold until the day given for them.
  HouseholdBundle base = Base();
  std::vector<HouseholdBundle> households = {base};
  const char* births[] = {"1964-10-31", "1969-03-15", "2012-02-29", "2008-07-04", "2011-11-30"};
  const char* expiries[] = {"2026-02-28", "2026-12-31", "2026-08-14", "2025-12-31", "2026-05-01"};
  for (int i = 0; i < 5; ++i) {
    HouseholdBundle b = base;
    Set(Child(b, "102"), "date_of_birth", births[i]);
    Set(Child(b, "103"), "bhyt_expiry", expiries[i]);
    Set(Child(b, "104"), "date_of_birth", births[(i + 2) % 5]);
    Set(Child(b, "104"), "labour_status", "wage_contract");
    Set(Child(b, "104"), "bhxh", "voluntary");
    households.push_back(b);
  }
  int refreshes = 0, changes = 0;
  for (const HouseholdBundle& b : households) {
    std::string today = "2026-01-01";
    while (today < "2027-01-01") {
      std::vector<Fact> facts = HouseholdFacts(testing::RepoSchemas(), b, today);
      std::optional<std::string> until = FactsValidUntil(b, today);
      REQUIRE(until);
      REQUIRE(*until > today);
      for (int64_t d = *ParseDate(today) + 1; d < *ParseDate(*until); ++d) {
        INFO(today << " → " << FormatDate(d));
        REQUIRE(HouseholdFacts(testing::RepoSchemas(), b, FormatDate(d)) == facts);
      }
      if (HouseholdFacts(testing::RepoSchemas(), b, *until) != facts) ++changes;
      ++refreshes;
      today = *until;
    }
  }
  // The days given are real events, not every day.
  CHECK(changes > 10);
  CHECK(refreshes < 6 * 20);
}

}  // namespace
}  // namespace sotay

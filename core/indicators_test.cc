// Aggregation per group and for the ward, and status against every kind of target.
#include "core/indicators.h"

#include <catch2/catch.hpp>

#include <set>

namespace sotay {
namespace {

IndicatorRegistry Registry() {
  Result<IndicatorRegistry> r =
      IndicatorRegistry::LoadFile(std::string(SOTAY_SCHEMA_DIR) + "/indicators/plan.json");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return *r;
}

const IndicatorValue& Get(const std::vector<IndicatorValue>& v, const std::string& id,
                          const std::string& group) {
  for (const IndicatorValue& x : v) {
    if (x.indicator == id && x.group_id == group) return x;
  }
  FAIL("no value for " << id << " in '" << group << "'");
  return v.front();
}

TEST_CASE("The registry holds all 26 plan items with targets and sources") {
  IndicatorRegistry reg = Registry();
  CHECK(reg.plan_year() == 2026);
  std::set<int> items;
  for (const IndicatorDef& d : reg.indicators()) {
    if (d.plan_item) items.insert(*d.plan_item);
    CHECK_FALSE(d.rule_source.empty());
  }
  CHECK(items.size() == 26);
  REQUIRE(reg.Find("12") != nullptr);
  CHECK(reg.Find("12")->target == IndicatorTarget{Comparison::kGte, 96});
  CHECK(reg.Find("13")->target == IndicatorTarget{Comparison::kGt, 55});
  CHECK(reg.Find("8a")->target == IndicatorTarget{Comparison::kEq, 0});
  CHECK(reg.Find("8b")->target == IndicatorTarget{Comparison::kLte, -10});
  CHECK(reg.Find("8b")->kind == IndicatorKind::kChange);
  CHECK(reg.Find("10")->per_group);
  CHECK(reg.Find("1")->source == IndicatorSource::kManual);
}

TEST_CASE("Malformed registries fail with the path of the problem") {
  Json doc = Registry().json();
  doc["indicators"][0]["colour"] = "red";
  Result<IndicatorRegistry> r = IndicatorRegistry::FromJson(doc);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == "indicator_registry");
  CHECK(r.status().path() == "/indicators/0/colour");

  doc = Registry().json();
  doc["indicators"][1]["id"] = doc["indicators"][0]["id"];
  CHECK(IndicatorRegistry::FromJson(doc).status().path() == "/indicators/1/id");

  doc = Registry().json();
  doc["indicators"][0]["kind"] = "ratio";  // indicator 1 is manual
  CHECK(IndicatorRegistry::FromJson(doc).status().path() == "/indicators/0/kind");
  CHECK(IndicatorRegistry::LoadFile("/nonexistent.json").status().code() == "indicator_registry");
}

TEST_CASE("Status against each kind of target") {
  using C = Comparison;
  CHECK(EvaluateTarget(96.0, IndicatorTarget{C::kGte, 96}) == IndicatorStatus::kMet);
  CHECK(EvaluateTarget(95.99, IndicatorTarget{C::kGte, 96}) == IndicatorStatus::kNotMet);
  CHECK(EvaluateTarget(55.0, IndicatorTarget{C::kGt, 55}) == IndicatorStatus::kNotMet);
  CHECK(EvaluateTarget(55.01, IndicatorTarget{C::kGt, 55}) == IndicatorStatus::kMet);
  CHECK(EvaluateTarget(0.0, IndicatorTarget{C::kEq, 0}) == IndicatorStatus::kMet);
  CHECK(EvaluateTarget(1.0, IndicatorTarget{C::kEq, 0}) == IndicatorStatus::kNotMet);
  CHECK(EvaluateTarget(-10.0, IndicatorTarget{C::kLte, -10}) == IndicatorStatus::kMet);
  CHECK(EvaluateTarget(-9.5, IndicatorTarget{C::kLte, -10}) == IndicatorStatus::kNotMet);
  CHECK(EvaluateTarget(19.0, IndicatorTarget{C::kLt, 20}) == IndicatorStatus::kMet);
  CHECK(EvaluateTarget(20.0, IndicatorTarget{C::kLt, 20}) == IndicatorStatus::kNotMet);
  CHECK(EvaluateTarget(std::nullopt, IndicatorTarget{C::kGte, 1}) == IndicatorStatus::kNoData);
  CHECK(EvaluateTarget(3.0, std::nullopt) == IndicatorStatus::kNoTarget);
  // At risk: a miss within the margin, in the target's direction.
  CHECK(EvaluateTarget(94.5, IndicatorTarget{C::kGte, 96}, 2) == IndicatorStatus::kAtRisk);
  CHECK(EvaluateTarget(93.9, IndicatorTarget{C::kGte, 96}, 2) == IndicatorStatus::kNotMet);
  CHECK(EvaluateTarget(96.5, IndicatorTarget{C::kGte, 96}, 2) == IndicatorStatus::kMet);
  CHECK(EvaluateTarget(-9.0, IndicatorTarget{C::kLte, -10}, 2) == IndicatorStatus::kAtRisk);
  CHECK(EvaluateTarget(1.0, IndicatorTarget{C::kEq, 0}, 2) == IndicatorStatus::kNotMet);
}

TEST_CASE("Group and ward aggregation of computed indicators") {
  IndicatorRegistry reg = Registry();
  AggregateInput in;
  in.period = 2026;
  in.groups = {"tdp-01", "tdp-02", "tdp-03"};
  in.current = {
      // BHYT: 97/100 and 190/200 → ward 287/300 = 95.67 %.
      {"tdp-01", "12", 97, 100, 40},
      {"tdp-02", "12", 190, 200, 80},
      // BHXH: 30/50 = 60 % (met, > 55), 11/20 = 55 % (not met: not above 55).
      {"tdp-01", "13", 30, 50, 40},
      {"tdp-02", "13", 11, 20, 80},
      // Near-poor: 9 now vs 10 before (−10 %, met); 5 vs 5 (0 %, not met).
      {"tdp-01", "8b", 9, 40, 40},
      {"tdp-02", "8b", 5, 80, 80},
      // New poor: 0 and 1.
      {"tdp-01", "8a", 0, 40, 40},
      {"tdp-02", "8a", 1, 80, 80},
      // Cultural group: tdp-01 recognised, tdp-02 not, tdp-03 has no record.
      {"tdp-01", "10", 1, 1, 1},
      {"tdp-02", "10", 0, 1, 1},
      // Conversions to enterprises: 12 + 20 = 32 ≥ 30.
      {"tdp-01", "4b", 12, 40, 40},
      {"tdp-02", "4b", 20, 80, 80},
  };
  in.previous = {
      {"tdp-01", "8b", 10, 41, 41},
      {"tdp-02", "8b", 5, 79, 79},
  };
  std::vector<IndicatorValue> v = Aggregate(reg, in);

  const IndicatorValue& w12 = Get(v, "12", "");
  CHECK(*w12.numerator == 287);
  CHECK(*w12.denominator == 300);
  CHECK(*w12.value == Approx(95.6667).epsilon(1e-4));
  CHECK(w12.status == IndicatorStatus::kAtRisk);  // 0.33 points short of 96 %
  CHECK(Get(v, "12", "tdp-01").status == IndicatorStatus::kMet);
  CHECK(Get(v, "12", "tdp-03").status == IndicatorStatus::kNoData);

  CHECK(Get(v, "13", "tdp-01").status == IndicatorStatus::kMet);
  CHECK(*Get(v, "13", "tdp-02").value == Approx(55.0));
  CHECK(Get(v, "13", "tdp-02").status == IndicatorStatus::kAtRisk);  // not above 55 yet
  CHECK(*Get(v, "13", "").value == Approx(41.0 / 70 * 100));         // 58.57 % → met
  CHECK(Get(v, "13", "").status == IndicatorStatus::kMet);

  const IndicatorValue& g1 = Get(v, "8b", "tdp-01");
  CHECK(*g1.numerator == 9);
  CHECK(*g1.denominator == 10);
  CHECK(*g1.value == Approx(-10.0));
  CHECK(g1.status == IndicatorStatus::kMet);
  CHECK(Get(v, "8b", "tdp-02").status == IndicatorStatus::kNotMet);
  CHECK(*Get(v, "8b", "").value == Approx((14.0 - 15.0) / 15.0 * 100));  // −6.67 %
  CHECK(Get(v, "8b", "tdp-03").status == IndicatorStatus::kNoData);

  CHECK(Get(v, "8a", "tdp-01").status == IndicatorStatus::kMet);
  CHECK(*Get(v, "8a", "").value == 1);
  CHECK(Get(v, "8a", "").status == IndicatorStatus::kNotMet);  // zero target: no margin

  const IndicatorValue& w10 = Get(v, "10", "");
  CHECK(*w10.numerator == 1);
  CHECK(*w10.denominator == 3);  // tdp-03 counts without a record
  CHECK(w10.status == IndicatorStatus::kNotMet);
  CHECK(*Get(v, "10", "tdp-03").value == 0);
  // A group's row reads as the title it holds or not; the ward's as its percentage.
  CHECK(Get(v, "10", "tdp-01").display == IndicatorDisplay::kRecognised);
  CHECK(Get(v, "10", "tdp-02").display == IndicatorDisplay::kNotRecognised);
  CHECK(Get(v, "10", "tdp-03").display == IndicatorDisplay::kNotRecognised);
  CHECK(w10.display == IndicatorDisplay::kValue);
  CHECK(w12.display == IndicatorDisplay::kValue);
  // Changes from bases of 10, 5 and 15 read as their counts; no data reads as a value.
  CHECK(g1.display == IndicatorDisplay::kCounts);
  CHECK(Get(v, "8b", "").display == IndicatorDisplay::kCounts);
  CHECK(Get(v, "8b", "tdp-03").display == IndicatorDisplay::kValue);

  CHECK(*Get(v, "4b", "").value == 32);
  CHECK(Get(v, "4b", "").status == IndicatorStatus::kMet);
  // 30 conversions is a ward total: a group's own count has no target.
  CHECK(Get(v, "4b", "tdp-01").status == IndicatorStatus::kNoTarget);
  CHECK_FALSE(Get(v, "4b", "tdp-01").target.has_value());
  // "No new poor household" holds in every group, with no near miss.
  CHECK(Get(v, "8a", "tdp-02").status == IndicatorStatus::kNotMet);
  CHECK(Get(v, "digital.vneid", "").status == IndicatorStatus::kNoData);
}

TEST_CASE("Near-poor change when the previous count is zero") {
  IndicatorRegistry reg = Registry();
  AggregateInput in;
  in.period = 2026;
  in.current = {{"tdp-01", "8b", 0, 30, 30}, {"tdp-02", "8b", 2, 30, 30}};
  in.previous = {{"tdp-01", "8b", 0, 30, 30}, {"tdp-02", "8b", 0, 30, 30}};
  std::vector<IndicatorValue> v = Aggregate(reg, in);
  CHECK(*Get(v, "8b", "tdp-01").value == 0);
  CHECK(Get(v, "8b", "tdp-01").status == IndicatorStatus::kMet);
  CHECK_FALSE(Get(v, "8b", "tdp-02").value.has_value());
  CHECK(Get(v, "8b", "tdp-02").status == IndicatorStatus::kNotMet);
}

TEST_CASE("A change shows its percentage from a base of 20 households") {
  IndicatorRegistry reg = Registry();
  AggregateInput in;
  in.period = 2026;
  // Bases 19, 20 and 0; tdp-04 was not assessed the year before.
  in.current = {{"tdp-01", "8b", 17, 30, 30},
                {"tdp-02", "8b", 18, 30, 30},
                {"tdp-03", "8b", 2, 30, 30},
                {"tdp-04", "8b", 3, 30, 30}};
  in.previous = {
      {"tdp-01", "8b", 19, 30, 30}, {"tdp-02", "8b", 20, 30, 30}, {"tdp-03", "8b", 0, 30, 30}};
  std::vector<IndicatorValue> v = Aggregate(reg, in);
  CHECK(kChangeMinBase == 20);
  CHECK(Get(v, "8b", "tdp-01").display == IndicatorDisplay::kCounts);
  CHECK(Get(v, "8b", "tdp-02").display == IndicatorDisplay::kCountsAndPercent);
  CHECK(*Get(v, "8b", "tdp-02").value == Approx(-10.0));
  CHECK(Get(v, "8b", "tdp-03").display == IndicatorDisplay::kCounts);  // 0 → 2: no percentage
  CHECK(Get(v, "8b", "tdp-04").display == IndicatorDisplay::kValue);   // nothing to compare
  CHECK_FALSE(Get(v, "8b", "tdp-04").value.has_value());
  const IndicatorValue& ward = Get(v, "8b", "");
  CHECK(*ward.denominator == 39);
  CHECK(ward.display == IndicatorDisplay::kCountsAndPercent);
  CHECK(ToJson(ward)["display"] == "counts_and_percent");
  CHECK(ToJson(Get(v, "8b", "tdp-01"))["display"] == "counts");
  CHECK(ToJson(Get(v, "12", ""))["display"] == "value");
  CHECK(ToJson(Get(v, "10", "tdp-01"))["display"] == "not_recognised");
}

TEST_CASE("Manual indicators take the latest value of the year, ward only") {
  IndicatorRegistry reg = Registry();
  AggregateInput in;
  in.period = 2026;
  in.groups = {"tdp-01"};
  in.manual = {{"19a", "2026-03", 93}, {"19a", "2026-Q2", 96}, {"19a", "2026-05", 90},
               {"19a", "2025-12", 99}, {"18a", "2026", 15},    {"25", "2026-Q3", 1}};
  std::vector<IndicatorValue> v = Aggregate(reg, in);
  const IndicatorValue& t = Get(v, "19a", "");
  CHECK(*t.value == 96);  // Q2 ends in June, after May
  CHECK(t.value_period == "2026-Q2");
  CHECK(t.status == IndicatorStatus::kMet);
  CHECK(Get(v, "18a", "").status == IndicatorStatus::kMet);  // rank 15 ≤ 20
  CHECK(Get(v, "25", "").status == IndicatorStatus::kMet);
  CHECK(Get(v, "18c", "").status == IndicatorStatus::kNoData);
  for (const IndicatorValue& x : v) {
    if (x.indicator == "19a") CHECK(x.group_id.empty());
  }
  Json j = ToJson(t);
  CHECK(j["status"] == "met");
  CHECK(j["target"]["comparison"] == "gte");
  CHECK(j["value_period"] == "2026-Q2");
}

}  // namespace
}  // namespace sotay

namespace sotay {
namespace {

TEST_CASE("ShortOfTarget: the fewest more that meet the target, by EvaluateTarget's rule") {
  const IndicatorTarget gte96{Comparison::kGte, 96};
  CHECK(ShortOfTarget(90, 100, gte96) == 6);
  CHECK(ShortOfTarget(96, 100, gte96) == 0);
  CHECK(ShortOfTarget(100, 100, gte96) == 0);
  // 24 of 25 is exactly 96 %: met within the core's tolerance, so nothing is short.
  CHECK(ShortOfTarget(24, 25, gte96) == 0);
  CHECK(ShortOfTarget(23, 25, gte96) == 1);
  // "More than 55 %": 55 of 100 is not enough, 56 is.
  CHECK(ShortOfTarget(50, 100, IndicatorTarget{Comparison::kGt, 55}) == 6);
  // Unreachable, or not an "at least" target, or nothing to count.
  CHECK_FALSE(ShortOfTarget(10, 10, IndicatorTarget{Comparison::kGt, 100}).has_value());
  CHECK_FALSE(ShortOfTarget(1, 10, IndicatorTarget{Comparison::kLte, 5}).has_value());
  CHECK_FALSE(ShortOfTarget(0, 0, gte96).has_value());
  // Every answer is the least: one fewer would not meet the target.
  for (int den = 1; den <= 60; ++den) {
    for (int num = 0; num <= den; ++num) {
      std::optional<int64_t> k = ShortOfTarget(num, den, gte96);
      REQUIRE(k.has_value());
      CHECK(EvaluateTarget((num + *k) * 100.0 / den, gte96) == IndicatorStatus::kMet);
      if (*k > 0) {
        CHECK(EvaluateTarget((num + *k - 1) * 100.0 / den, gte96) != IndicatorStatus::kMet);
      }
    }
  }
}

}  // namespace
}  // namespace sotay

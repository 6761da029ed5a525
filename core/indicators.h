// Indicator values per group and for the ward, compared with the plan's targets.
//
// Input: the registry, the facts of the period and of the previous period summed per
// (group, indicator) — exactly what Store::AggregateFacts returns — the office's manual
// values, and the ward's groups. Output: for every indicator of the registry one value
// for the ward (group_id ""), and for every computed indicator one value per group.
//
//   ratio   value = Σnum ÷ Σden × 100; no data when Σden = 0
//   count   value = Σnum; no data when Σden = 0 (nothing was assessed)
//   change  value = (Σnum − Σnum_prev) ÷ Σnum_prev × 100, numerator = Σnum and
//           denominator = Σnum_prev; no data without classified households in either
//           period; when the previous count is 0 the value is 0 if the current one is
//           0 too (nothing left to reduce) and undefined (not met) otherwise
//   value   the latest manual value whose period lies in the year (a month "2026-03",
//           a quarter "2026-Q1" or the year "2026"; later end wins), ward only
// per_group indicators (10): each known group has denominator 1 and numerator 1 when
// its record says recognised, whether or not it has a record.
// Status: no_data without a value, no_target when the registry has no target,
// otherwise met / not_met by the target's comparison (eq within 1e-9), and at_risk for
// a miss within AtRiskMargin (e.g. 94.5 % against ≥ 96 %): the office acts there first.
// Group rows of count indicators with a non-zero target (a ward total) have no target.
// Display: what a row reads as where the plain number would mislead (IndicatorDisplay).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/indicator_registry.h"
#include "core/store.h"

namespace sotay {

enum class IndicatorStatus { kMet, kAtRisk, kNotMet, kNoData, kNoTarget };
std::string_view IndicatorStatusName(IndicatorStatus s);  // "met", "not_met", ...

// What one value row reads as, decided here so that every reader (the office's screens,
// the report and its CSV) shows the same:
//   kValue             the value with its unit ("96,4 %"; "—" without a value)
//   kRecognised        a group's row of a per-group indicator (10) whose record says
//   kNotRecognised     recognised, or not (or no record): a title held or not, never
//                      "100 %" / "0 %"
//   kCounts            a change (8b) whose base, the previous count, is under
//                      kChangeMinBase: the two counts it compares ("before 1, now 6"),
//                      since "+500 %" from one household says less than that
//   kCountsAndPercent  a change from a base of kChangeMinBase or more: the counts and
//                      the percentage
// A change shows counts only when both periods have classified households; without
// them it has no value and reads kValue.
enum class IndicatorDisplay { kValue, kRecognised, kNotRecognised, kCounts, kCountsAndPercent };
std::string_view IndicatorDisplayName(IndicatorDisplay d);  // "value", "recognised", ...

// The least previous count from which a change's percentage is shown beside its counts.
inline constexpr double kChangeMinBase = 20;

// A value the office entered for a manual indicator.
struct ManualValue {
  std::string indicator;
  std::string period;  // "2026", "2026-Q2", "2026-05"
  double value = 0;
};

struct AggregateInput {
  int64_t period = 0;             // the year
  std::vector<FactSum> current;   // AggregateFacts("<period>")
  std::vector<FactSum> previous;  // AggregateFacts("<period - 1>")
  std::vector<ManualValue> manual;
  std::vector<std::string> groups;  // every group of the ward, with or without data
};

struct IndicatorValue {
  std::string indicator;
  std::string group_id;  // "" for the ward
  std::optional<double> numerator;
  std::optional<double> denominator;
  std::optional<double> value;
  std::optional<IndicatorTarget> target;
  IndicatorStatus status = IndicatorStatus::kNoData;
  std::string value_period;  // manual: the period of the value used
  // Ratios with a "at least" target (gte, gt): how many more in the numerator (households,
  // residents) reach it — 0 when met; unset when no count of the denominator can
  // (ShortOfTarget).
  std::optional<int64_t> short_of_target;
  IndicatorDisplay display = IndicatorDisplay::kValue;
};

// The fewest k >= 0 such that (numerator + k) / denominator as a percentage meets
// `target` by EvaluateTarget; nullopt for other comparisons, a zero denominator, or
// when even numerator = denominator does not meet it.
std::optional<int64_t> ShortOfTarget(double numerator, double denominator,
                                     const IndicatorTarget& target);

// Ward rows first for each indicator, then its groups in id order; indicators in
// registry order.
std::vector<IndicatorValue> Aggregate(const IndicatorRegistry& registry,
                                      const AggregateInput& input);

// Status of `value` against `target` (the rule above); a value that misses the target
// by at most `at_risk_margin` (in the target's direction; never for eq) is at_risk.
IndicatorStatus EvaluateTarget(const std::optional<double>& value,
                               const std::optional<IndicatorTarget>& target,
                               double at_risk_margin = 0);

// The at-risk margin of an indicator: 2 points for percentages and percent changes, else 10 % of
// the target (at least 1).
double AtRiskMargin(const IndicatorDef& def);

// {"indicator","group_id","numerator","denominator","value","target":{"comparison",
// "value"}|null,"status","display","value_period"?,"short_of_target"?}: the shape of GET
// /api/v1/indicators rows.
Json ToJson(const IndicatorValue& v);

}  // namespace sotay

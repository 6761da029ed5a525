#include "core/indicators.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/plan_period.h"

namespace sotay {
namespace {

struct Sum {
  double num = 0;
  double den = 0;
  bool any = false;
};

using SumIndex = std::map<std::pair<std::string, std::string>, Sum>;  // (indicator, group)

SumIndex Index(const std::vector<FactSum>& rows) {
  SumIndex out;
  for (const FactSum& r : rows) {
    Sum& s = out[{r.indicator, r.group_id}];
    s.num += r.numerator;
    s.den += r.denominator;
    s.any = true;
  }
  return out;
}

Sum Lookup(const SumIndex& index, const std::string& indicator, const std::string& group) {
  auto it = index.find({indicator, group});
  return it == index.end() ? Sum{} : it->second;
}

// Month in which a manual period ends (1..12), or 0 when it is not in `year`.
int EndMonth(std::string_view period, int64_t year) {
  std::optional<PlanPeriod> p = ParsePlanPeriod(period);
  return p && p->year == year ? p->EndMonth() : 0;
}

IndicatorValue Computed(const IndicatorDef& d, const std::string& group, const Sum& cur,
                        const Sum& prev) {
  IndicatorValue v;
  v.indicator = d.id;
  v.group_id = group;
  v.target = d.target;
  // A count target other than zero is a ward total (30 businesses converted): a group's
  // own count is not measured against it. Zero ("no new poor households") holds in
  // every group.
  if (!group.empty() && d.kind == IndicatorKind::kCount && d.target && d.target->value != 0) {
    v.target.reset();
  }
  switch (d.kind) {
    case IndicatorKind::kRatio:
      v.numerator = cur.num;
      v.denominator = cur.den;
      if (cur.den > 0) v.value = cur.num / cur.den * 100.0;
      break;
    case IndicatorKind::kCount:
      v.numerator = cur.num;
      v.denominator = cur.den;
      if (cur.den > 0) v.value = cur.num;
      break;
    case IndicatorKind::kChange:
      v.numerator = cur.num;
      v.denominator = prev.num;
      if (cur.den > 0 && prev.den > 0) {
        v.display = prev.num >= kChangeMinBase ? IndicatorDisplay::kCountsAndPercent
                                               : IndicatorDisplay::kCounts;
        if (prev.num > 0) {
          v.value = (cur.num - prev.num) / prev.num * 100.0;
        } else if (cur.num == 0) {
          v.value = 0.0;  // nothing left to reduce: the aim of the target is reached
          v.status = IndicatorStatus::kMet;
          return v;
        } else {
          v.status = IndicatorStatus::kNotMet;
          return v;
        }
      }
      break;
    case IndicatorKind::kValue:
      break;
  }
  v.status = EvaluateTarget(v.value, v.target, AtRiskMargin(d));
  if (d.kind == IndicatorKind::kRatio && v.target) {
    v.short_of_target = ShortOfTarget(cur.num, cur.den, *v.target);
  }
  return v;
}

}  // namespace

std::optional<int64_t> ShortOfTarget(double numerator, double denominator,
                                     const IndicatorTarget& target) {
  if (target.comparison != Comparison::kGte && target.comparison != Comparison::kGt) {
    return std::nullopt;
  }
  if (!(denominator > 0) || !std::isfinite(numerator) || !std::isfinite(denominator)) {
    return std::nullopt;
  }
  auto meets = [&](double k) {
    return EvaluateTarget((numerator + k) / denominator * 100.0, target) == IndicatorStatus::kMet;
  };
  const double room = std::max(0.0, std::floor(denominator - numerator));
  if (!meets(room)) return std::nullopt;
  // The least k that meets it: the status only improves as k grows.
  double lo = 0, hi = room;
  while (lo < hi) {
    const double mid = std::floor((lo + hi) / 2);
    if (meets(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return static_cast<int64_t>(lo);
}

std::string_view IndicatorStatusName(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kMet:
      return "met";
    case IndicatorStatus::kNotMet:
      return "not_met";
    case IndicatorStatus::kAtRisk:
      return "at_risk";
    case IndicatorStatus::kNoTarget:
      return "no_target";
    case IndicatorStatus::kNoData:
      break;
  }
  return "no_data";
}

std::string_view IndicatorDisplayName(IndicatorDisplay d) {
  switch (d) {
    case IndicatorDisplay::kRecognised:
      return "recognised";
    case IndicatorDisplay::kNotRecognised:
      return "not_recognised";
    case IndicatorDisplay::kCounts:
      return "counts";
    case IndicatorDisplay::kCountsAndPercent:
      return "counts_and_percent";
    case IndicatorDisplay::kValue:
      break;
  }
  return "value";
}

double AtRiskMargin(const IndicatorDef& def) {
  if (def.unit.rfind("percent", 0) == 0) return 2.0;  // percent, percent_change
  // "None at all" (no new poor household) has no near miss.
  if (!def.target || def.target->value == 0) return 0;
  return std::max(1.0, std::fabs(def.target->value) * 0.1);
}

IndicatorStatus EvaluateTarget(const std::optional<double>& value,
                               const std::optional<IndicatorTarget>& target,
                               double at_risk_margin) {
  if (!value || !std::isfinite(*value)) return IndicatorStatus::kNoData;
  if (!target) return IndicatorStatus::kNoTarget;
  const double v = *value;
  const double t = target->value;
  bool met = false;
  switch (target->comparison) {
    case Comparison::kGte:
      met = v >= t - 1e-9;
      break;
    case Comparison::kGt:
      met = v > t + 1e-9;
      break;
    case Comparison::kLte:
      met = v <= t + 1e-9;
      break;
    case Comparison::kLt:
      met = v < t - 1e-9;
      break;
    case Comparison::kEq:
      met = std::fabs(v - t) <= 1e-9;
      break;
  }
  if (met) return IndicatorStatus::kMet;
  // How far the value is from the target, in the direction the target wants.
  double gap = -1;  // eq: no gap
  switch (target->comparison) {
    case Comparison::kGte:
    case Comparison::kGt:
      gap = t - v;
      break;
    case Comparison::kLte:
    case Comparison::kLt:
      gap = v - t;
      break;
    case Comparison::kEq:
      break;  // exactly this value or not: never "nearly"
  }
  const bool near = at_risk_margin > 0 && gap >= -1e-9 && gap <= at_risk_margin + 1e-9;
  return near ? IndicatorStatus::kAtRisk : IndicatorStatus::kNotMet;
}

std::vector<IndicatorValue> Aggregate(const IndicatorRegistry& registry,
                                      const AggregateInput& input) {
  const SumIndex cur = Index(input.current);
  const SumIndex prev = Index(input.previous);
  std::set<std::string> groups(input.groups.begin(), input.groups.end());
  for (const FactSum& r : input.current) groups.insert(r.group_id);
  for (const FactSum& r : input.previous) groups.insert(r.group_id);

  std::vector<IndicatorValue> out;
  for (const IndicatorDef& d : registry.indicators()) {
    if (d.source == IndicatorSource::kManual) {
      IndicatorValue v;
      v.indicator = d.id;
      v.target = d.target;
      int best = 0;
      for (const ManualValue& m : input.manual) {
        if (m.indicator != d.id) continue;
        const int end = EndMonth(m.period, input.period);
        if (end > 0 && end >= best) {
          best = end;
          v.value = m.value;
          v.value_period = m.period;
        }
      }
      v.status = EvaluateTarget(v.value, v.target, AtRiskMargin(d));
      out.push_back(std::move(v));
      continue;
    }
    Sum ward_cur, ward_prev;
    std::vector<IndicatorValue> rows;
    for (const std::string& g : groups) {
      Sum c = Lookup(cur, d.id, g);
      Sum p = Lookup(prev, d.id, g);
      if (d.per_group) {
        // One group-level record per group and year; duplicates count once.
        c = Sum{std::min(c.num, 1.0), 1.0, true};
        p = Sum{std::min(p.num, 1.0), 1.0, true};
      }
      ward_cur.num += c.num;
      ward_cur.den += c.den;
      ward_prev.num += p.num;
      ward_prev.den += p.den;
      rows.push_back(Computed(d, g, c, p));
      if (d.per_group) {
        // The group's own record: recognised or not (none counts as not).
        rows.back().display =
            c.num > 0 ? IndicatorDisplay::kRecognised : IndicatorDisplay::kNotRecognised;
      }
    }
    out.push_back(Computed(d, "", ward_cur, ward_prev));
    for (IndicatorValue& r : rows) out.push_back(std::move(r));
  }
  return out;
}

Json ToJson(const IndicatorValue& v) {
  auto opt = [](const std::optional<double>& d) { return d ? Json(*d) : Json(nullptr); };
  Json j = {{"indicator", v.indicator},
            {"group_id", v.group_id},
            {"numerator", opt(v.numerator)},
            {"denominator", opt(v.denominator)},
            {"value", opt(v.value)},
            {"status", std::string(IndicatorStatusName(v.status))},
            {"display", std::string(IndicatorDisplayName(v.display))}};
  j["target"] = v.target ? Json{{"comparison", std::string(ComparisonName(v.target->comparison))},
                                {"value", v.target->value}}
                         : Json(nullptr);
  if (!v.value_period.empty()) j["value_period"] = v.value_period;
  if (v.short_of_target) j["short_of_target"] = *v.short_of_target;
  return j;
}

}  // namespace sotay

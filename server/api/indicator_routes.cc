// Dashboard: who am I, the groups, the plan's indicators (values, trend, manual entries).
#include <cmath>
#include <string>

#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/api/dashboard_util.h"
#include "server/http/json_body.h"

namespace sotay {

namespace {

HttpResponse HandleMe(ServerServices& sv, const HttpRequest&, const RouteParams&,
                      const Principal& who) {
  Json out = {{"role", who.role}};
  if (who.kind == "user") {
    out["username"] = who.id;
  } else {
    out["device_id"] = who.id;
  }
  std::lock_guard<std::mutex> lock(sv.accounts_mu);
  Json groups = who.groups;
  if (who.IsOffice()) {
    Result<std::vector<GroupInfo>> all = sv.accounts().ListGroups();
    if (!all.ok()) return ApiError(all.status());
    groups = Json::array();
    for (const GroupInfo& g : *all) groups.push_back(g.id);
  }
  out["groups"] = groups;
  Result<std::optional<WardInfo>> ward = sv.accounts().GetWard();
  if (!ward.ok()) return ApiError(ward.status());
  out["ward"] = {{"name", ward->has_value() ? (*ward)->name : ""}};
  if (who.kind == "user") {
    // The name the office signs with ("" until the admin sets it).
    Result<std::optional<UserInfo>> user = sv.accounts().GetUser(who.id);
    if (!user.ok()) return ApiError(user.status());
    out["full_name"] = user->has_value() ? (*user)->full_name : "";
  }
  return JsonResponse(200, out);
}

HttpResponse HandleGroups(ServerServices& sv, const HttpRequest&, const RouteParams&,
                          const Principal& who) {
  Result<std::vector<GroupInfo>> groups = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().ListGroups();
  }();
  if (!groups.ok()) return ApiError(groups.status());
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return ApiError(reader.status());
  Json out = Json::array();
  for (const GroupInfo& g : *groups) {
    if (!who.IsOffice() &&
        std::find(who.groups.begin(), who.groups.end(), g.id) == who.groups.end()) {
      continue;
    }
    Result<int64_t> households = (*reader)->CountRecords({.type = "household", .group_id = g.id});
    if (!households.ok()) return ApiError(households.status());
    Result<int64_t> persons = (*reader)->CountRecords({.type = "person", .group_id = g.id});
    if (!persons.ok()) return ApiError(persons.status());
    out.push_back(
        {{"id", g.id}, {"name", g.name}, {"households", *households}, {"persons", *persons}});
  }
  return JsonResponse(200, {{"groups", out}});
}

HttpResponse BadPeriod() {
  return BadRequest("bad_period", "Kỳ không hợp lệ (2026, 2026-Q2 hoặc 2026-05)",
                    "Invalid period (2026, 2026-Q2 or 2026-05)", "period");
}

// ?period=2026 (default: this year), a year only.
std::optional<int64_t> YearParam(ServerServices& sv, const HttpRequest& req) {
  std::string text = QueryValue(req, "period");
  if (text.empty()) return CurrentMonth(sv.clock()).first;
  std::optional<PlanPeriod> p = ParsePlanPeriod(text);
  if (!p || p->kind != PlanPeriod::Kind::kYear) return std::nullopt;
  return p->year;
}

Json IndicatorDefJson(const IndicatorDef& d) {
  return {{"id", d.id},
          {"plan_item", d.plan_item ? Json(*d.plan_item) : Json(nullptr)},
          {"label", LabelJson(d.label)},
          {"unit", d.unit},
          {"kind", std::string(IndicatorKindName(d.kind))},
          {"source", d.source == IndicatorSource::kManual ? "manual" : "records"},
          {"per_group", d.per_group},
          {"frequency", d.frequency},
          {"target_text", LabelJson(d.target_text)},
          {"rule_source", d.rule_source}};
}

// The indicators of `year`; this month's snapshot is refreshed when `year` is this year.
Result<ComputedIndicators> ComputeAndSnapshot(ServerServices& sv, int64_t year) {
  Result<ComputedIndicators> computed = ComputeIndicators(sv, year);
  if (!computed.ok()) return computed;
  auto [this_year, this_month] = CurrentMonth(sv.clock());
  if (year == this_year) {
    SOTAY_RETURN_IF_ERROR(SaveSnapshot(sv, *computed, MonthText(year, this_month)));
  }
  return computed;
}

HttpResponse HandleIndicators(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                              const Principal&) {
  std::optional<int64_t> year = YearParam(sv, req);
  if (!year) return BadPeriod();
  std::string group = QueryValue(req, "group");
  Result<ComputedIndicators> computed = ComputeAndSnapshot(sv, *year);
  if (!computed.ok()) return ApiError(computed.status());
  if (!group.empty()) {
    bool known = false;
    for (const GroupInfo& g : computed->groups) known = known || g.id == group;
    if (!known) return ApiError("not_found", "Không có tổ này", "No such group", "group");
  }
  Json defs = Json::array();
  for (const IndicatorDef& d : sv.indicators().indicators()) defs.push_back(IndicatorDefJson(d));
  Json values = Json::array();
  for (const IndicatorValue& v : computed->values) {
    if (!group.empty() && !v.group_id.empty() && v.group_id != group) continue;
    values.push_back(IndicatorRowJson(v, *computed));
  }
  auto date_or_null = [](const std::string& d) { return d.empty() ? Json(nullptr) : Json(d); };
  return JsonResponse(200, {{"period", std::to_string(*year)},
                            {"computed_ms", sv.clock().NowMs()},
                            {"as_of", date_or_null(computed->as_of)},
                            {"reference_date", date_or_null(computed->reference_date)},
                            {"refreshing", computed->refreshing},
                            {"indicators", defs},
                            {"values", values}});
}

HttpResponse HandleTrend(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                         const Principal&) {
  std::optional<int64_t> year = YearParam(sv, req);
  if (!year) return BadPeriod();
  auto [this_year, this_month] = CurrentMonth(sv.clock());
  if (*year == this_year) {
    Result<ComputedIndicators> computed = ComputeAndSnapshot(sv, *year);
    if (!computed.ok()) return ApiError(computed.status());
  }
  Result<std::vector<IndicatorSnapshot>> snapshots = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().ListSnapshots(MonthText(*year, 1), MonthText(*year, 12));
  }();
  if (!snapshots.ok()) return ApiError(snapshots.status());
  Json months = Json::array();
  for (int m = 1; m <= 12; ++m) months.push_back(MonthText(*year, m));
  Json series = Json::object();
  for (const IndicatorDef& d : sv.indicators().indicators()) {
    series[d.id] = Json::array();
    for (int m = 0; m < 12; ++m) series[d.id].push_back(nullptr);
  }
  for (const IndicatorSnapshot& s : *snapshots) {
    if (!series.contains(s.indicator) || !s.value) continue;
    int month = std::stoi(s.month.substr(5, 2));
    series[s.indicator][month - 1] = *s.value;
  }
  return JsonResponse(200,
                      {{"period", std::to_string(*year)}, {"months", months}, {"series", series}});
}

// The periods of a year at each frequency, latest first, and the one a form offers
// first: the core's lists (core/plan_period.h), so the office lists no period itself.
HttpResponse HandlePeriods(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                           const Principal&) {
  std::optional<int64_t> year = YearParam(sv, req);
  if (!year) return BadPeriod();
  auto [this_year, this_month] = CurrentMonth(sv.clock());
  Json periods = Json::object();
  Json latest = Json::object();
  for (const char* frequency : {"month", "quarter", "year"}) {
    periods[frequency] = PeriodsOfYear(*year, frequency);
    latest[frequency] = LatestBegunPeriod(*year, frequency, this_year, this_month);
  }
  return JsonResponse(
      200, {{"period", std::to_string(*year)}, {"periods", periods}, {"latest", latest}});
}

Json ManualEntryJson(const ManualEntry& e) {
  return {{"indicator", e.indicator}, {"period", e.period},         {"value", e.value},
          {"note", e.note},           {"entered_by", e.entered_by}, {"entered_ms", e.entered_ms}};
}

const IndicatorDef* FindIndicator(ServerServices& sv, const RouteParams& params) {
  return sv.indicators().Find(params.at("id"));
}

HttpResponse NoIndicator() {
  return ApiError("not_found", "Không có chỉ tiêu này", "No such indicator");
}

HttpResponse HandlePutValue(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                            const Principal& who) {
  const IndicatorDef* def = FindIndicator(sv, params);
  if (def == nullptr) return NoIndicator();
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string period_text = in.String("period");
  const Json& value = in.Any("value");
  std::optional<std::string> note = in.OptionalString("note");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  if (!value.is_number() || !std::isfinite(value.get<double>())) {
    return ApiError("invalid_field_type", "value phải là một số", "value must be a number",
                    "value");
  }
  if (def->source != IndicatorSource::kManual) {
    return BadRequest("not_manual", "Chỉ tiêu này được tính từ dữ liệu, không nhập tay",
                      "This indicator is computed from records, not entered");
  }
  std::optional<PlanPeriod> period = ParsePlanPeriod(period_text);
  if (!period || period->Frequency() != def->frequency) {
    return BadRequest(
        "bad_period", "Kỳ không khớp với tần suất của chỉ tiêu (" + def->frequency + ")",
        "The period does not match the indicator's frequency (" + def->frequency + ")", "period");
  }
  ManualEntry e{
      0,           def->id,           period->text, value.get<double>(), note.value_or(""),
      who.Actor(), sv.clock().NowMs()};
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Status s = sv.accounts().AddManualValue(e);
    if (!s.ok()) return ApiError(s);
  }
  Status s = sv.Audit(who.Actor(), "manual_value", def->id,
                      {{"period", e.period}, {"value", e.value}, {"note", e.note}});
  if (!s.ok()) return ApiError(s);
  return JsonResponse(200, ManualEntryJson(e));
}

HttpResponse HandleListValues(ServerServices& sv, const HttpRequest&, const RouteParams& params,
                              const Principal&) {
  const IndicatorDef* def = FindIndicator(sv, params);
  if (def == nullptr) return NoIndicator();
  Result<std::vector<ManualEntry>> list = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().ListManualValues(def->id);
  }();
  if (!list.ok()) return ApiError(list.status());
  Json out = Json::array();
  for (const ManualEntry& e : *list) out.push_back(ManualEntryJson(e));
  return JsonResponse(200, {{"values", out}});
}

}  // namespace

void RegisterIndicatorRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/me", Access::kSync, HandleMe);
  AddGuarded(router, sv, "GET", "/api/v1/groups", Access::kSync, HandleGroups);
  AddGuarded(router, sv, "GET", "/api/v1/indicators", Access::kOffice, HandleIndicators);
  AddGuarded(router, sv, "GET", "/api/v1/indicators/trend", Access::kOffice, HandleTrend);
  AddGuarded(router, sv, "GET", "/api/v1/periods", Access::kOffice, HandlePeriods);
  AddGuarded(router, sv, "PUT", "/api/v1/indicators/<id>/values", Access::kOffice, HandlePutValue);
  AddGuarded(router, sv, "GET", "/api/v1/indicators/<id>/values", Access::kOffice,
             HandleListValues);
}

}  // namespace sotay

// Dashboard: the plan report of a month, quarter or year (JSON or CSV), each value of the
// period the report is of, said on the paper.
//
// A period that has ended shows that period's values: a past year is computed on its
// 31 December (the facts of a past year are fixed there, docs/indicators.md "Facts and
// the calendar"); a past month or quarter takes the record-fed values the server kept
// at the end of its last month (the monthly snapshots behind the trend), since facts are
// kept per year and cannot be summed for a month. A period still running shows the year
// so far, as of today, and says so.
#include <map>
#include <string>
#include <vector>

#include "core/date.h"

#include "core/csv.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/api/dashboard_util.h"
#include "server/api/report_text.h"

namespace sotay {

namespace {

// Where a row's value comes from.
enum class Basis {
  kYearToDate,  // the year so far, as of the reference date (running period or a year)
  kSnapshot,    // the value kept at the end of the period's last month
  kManual,      // the office's entry for its own period
};

std::string_view BasisName(Basis b) {
  switch (b) {
    case Basis::kYearToDate:
      return "records";
    case Basis::kSnapshot:
      return "snapshot";
    case Basis::kManual:
      break;
  }
  return "manual";
}

struct ReportRow {
  const IndicatorDef* def = nullptr;
  Basis basis = Basis::kYearToDate;
  // The ward's row as Aggregate computed it, or as kept (value and status only: no
  // counts, which snapshots do not keep).
  IndicatorValue ward;
  std::vector<std::string> below;  // groups not met or at risk; unknown for snapshots
  std::string as_of;  // "năm 2026 đến 2026-11-28", "ngày 2026-09-30", "cuối tháng 2026-09",
                      // "kỳ 2026-Q3"
};

struct ReportContext {
  PlanPeriod period;
  bool ended = false;                        // the period's last day is before today (Vietnam time)
  std::string reference_date;                // the day year-to-date values are of
  std::string snapshot_month;                // "YYYY-MM" when record-fed values are kept ones
  std::vector<IndicatorSnapshot> snapshots;  // that month's, as kept
  // The latest day the kept values are true on; "" when none says (kept before the day
  // was recorded, or nothing kept).
  std::string snapshot_as_of;
};

// Whether the period ended before the current month began.
bool PeriodEnded(const PlanPeriod& p, int64_t this_year, int this_month) {
  return p.year < this_year || (p.year == this_year && p.EndMonth() < this_month);
}

Result<std::vector<ReportRow>> ReportRows(ServerServices& sv, const ComputedIndicators& computed,
                                          const ReportContext& ctx) {
  std::map<std::string, IndicatorSnapshot> kept;
  if (!ctx.snapshot_month.empty()) {
    for (const IndicatorSnapshot& s : ctx.snapshots) kept[s.indicator] = s;
  }
  std::vector<ReportRow> rows;
  for (const IndicatorDef& d : sv.indicators().indicators()) {
    ReportRow row;
    row.def = &d;
    row.ward.indicator = d.id;
    row.ward.target = d.target;
    for (const IndicatorValue& v : computed.values) {
      if (v.indicator != d.id) continue;
      if (v.group_id.empty()) {
        row.ward = v;
      } else if (v.status == IndicatorStatus::kNotMet || v.status == IndicatorStatus::kAtRisk) {
        row.below.push_back(v.group_id);
      }
    }
    if (d.source == IndicatorSource::kManual) {
      row.basis = Basis::kManual;
      row.as_of = row.ward.value_period.empty() ? "" : "kỳ " + row.ward.value_period;
    } else if (!ctx.snapshot_month.empty()) {
      // The value kept then, judged against the target as Aggregate judges one; which
      // groups fell short then was not kept.
      row.basis = Basis::kSnapshot;
      auto it = kept.find(d.id);
      IndicatorValue kept_value;
      kept_value.indicator = d.id;
      kept_value.target = row.ward.target;
      kept_value.value = it == kept.end() ? std::nullopt : it->second.value;
      kept_value.status = EvaluateTarget(kept_value.value, kept_value.target, AtRiskMargin(d));
      row.ward = kept_value;
      row.below.clear();
      // The day the kept value is true on; a snapshot kept before that was recorded (or
      // none) stands for the month's end.
      row.as_of = it != kept.end() && !it->second.as_of.empty()
                      ? "ngày " + it->second.as_of
                      : "cuối tháng " + ctx.snapshot_month;
    } else {
      row.as_of = "năm " + std::to_string(ctx.period.year) + " đến " + ctx.reference_date;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// What the values of this report are, in words printed under its title.
Json BasisNote(const ReportContext& ctx) {
  const std::string year = std::to_string(ctx.period.year);
  const std::string manual_vi =
      " Chỉ tiêu nhập tay: giá trị văn phòng nhập cho kỳ ghi ở cột \"Số liệu của\".";
  const std::string manual_en =
      " Manual indicators: the value the office entered for the period in the \"Values of\" "
      "column.";
  if (!ctx.snapshot_month.empty()) {
    const bool dated = !ctx.snapshot_as_of.empty();
    return {
        {"vi", "Kỳ đã kết thúc. Chỉ tiêu tính từ hồ sơ: số liệu lũy kế năm " + year +
                   " máy chủ lưu " +
                   (dated ? "ngày " + ctx.snapshot_as_of : "vào cuối tháng " + ctx.snapshot_month) +
                   "; danh sách tổ chưa đạt của kỳ đã qua không được lưu." + manual_vi},
        {"en", "The period has ended. Record-derived indicators: the " + year +
                   " year-to-date values the server kept " +
                   (dated ? "as of " + ctx.snapshot_as_of : "at the end of " + ctx.snapshot_month) +
                   "; which groups fell short then was not kept." + manual_en}};
  }
  if (ctx.ended) {
    return {{"vi", "Năm đã kết thúc. Chỉ tiêu tính từ hồ sơ: số liệu cả năm " + year +
                       " tính vào ngày " + ctx.reference_date + "." + manual_vi},
            {"en", "The year has ended. Record-derived indicators: the whole of " + year +
                       " evaluated on " + ctx.reference_date + "." + manual_en}};
  }
  return {{"vi", "Kỳ chưa kết thúc. Chỉ tiêu tính từ hồ sơ: số liệu lũy kế năm " + year +
                     " tính đến ngày " + ctx.reference_date +
                     " (ngày lập báo cáo), không tách riêng tháng hay quý." + manual_vi},
          {"en", "The period has not ended. Record-derived indicators: the whole of " + year +
                     " up to " + ctx.reference_date +
                     " (the day of this report), not the month or quarter alone." + manual_en}};
}

// The office user's full name for "Người lập báo cáo" (the username when unset); "" for
// others.
Result<std::string> PreparerName(ServerServices& sv, const Principal& who) {
  if (who.kind != "user") return std::string();
  std::lock_guard<std::mutex> lock(sv.accounts_mu);
  Result<std::optional<UserInfo>> user = sv.accounts().GetUser(who.id);
  if (!user.ok()) return user.status();
  if (!user->has_value() || (*user)->full_name.empty()) return who.id;
  return (*user)->full_name;
}

// The number the plan gives the item, as it prints it: "1", "8a", "18c"; "" for
// indicators outside the plan's list.
std::string PlanNumber(const IndicatorDef& d) { return d.plan_item ? d.id : std::string(); }

// What the report is about besides its rows: for the CSV's title and signature lines.
struct ReportHeading {
  std::string ward;                           // "Phường Kiến An"
  std::string preparer;                       // the office user's full name
  std::string report_date;                    // today, "YYYY-MM-DD"
  std::map<std::string, std::string> groups;  // id → name
};

// "Tổ dân phố số 5" → "Tổ 5", as the screen names a group in a list.
std::string ShortGroupName(const ReportHeading& h, const std::string& id) {
  auto it = h.groups.find(id);
  std::string name = it == h.groups.end() || it->second.empty() ? id : it->second;
  const std::string long_prefix = "Tổ dân phố số ";
  if (name.rfind(long_prefix, 0) == 0) name = "Tổ " + name.substr(long_prefix.size());
  return name;
}

// "Phường Kiến An" → "Kiến An": the place on the date line.
std::string PlaceOf(const std::string& ward) {
  for (const std::string prefix : {"Phường ", "Xã ", "Thị trấn "}) {
    if (ward.rfind(prefix, 0) == 0) return ward.substr(prefix.size());
  }
  return ward;
}

// The report as a person's document, the screen's in a spreadsheet: the ward, the title
// and period, which period the values are of, then one row per indicator with the
// plan's number and the values, targets, statuses and groups as the screen writes them,
// then the place, date and preparer. Every text cell goes through CsvSafeText.
HttpResponse ReportCsv(const std::vector<ReportRow>& rows, const ReportContext& ctx,
                       const ReportHeading& heading) {
  CsvWriter csv;
  auto line = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> safe;
    for (const std::string& c : cells) safe.push_back(CsvSafeText(c));
    csv.Row(safe);
  };
  const std::string year = std::to_string(ctx.period.year);
  line({"UBND " + heading.ward});
  line({"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH NĂM " + year});
  line({"Kỳ báo cáo: " + VnPeriodText(ctx.period)});
  line({ctx.ended ? "Kỳ đã kết thúc"
                  : "Kỳ chưa kết thúc — số liệu đến ngày " + VnDate(ctx.reference_date)});
  line({VnDatesIn(BasisNote(ctx)["vi"].get<std::string>())});
  line({});
  line({"Số", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Số liệu của", "Đánh giá", "Tổ chưa đạt"});
  for (const ReportRow& r : rows) {
    std::string below;
    if (r.basis == Basis::kSnapshot) {
      below = "không lưu";
    } else {
      for (const std::string& g : r.below) {
        below += (below.empty() ? "" : ", ") + ShortGroupName(heading, g);
      }
    }
    line({PlanNumber(*r.def), r.def->label.vi, VnTargetText(r.ward.target, r.def->unit),
          VnRowValueText(r.ward, r.def->unit), VnAsOfText(r.as_of), VnStatusText(r.ward.status),
          below});
  }
  line({});
  const std::string& day = heading.report_date;
  line({PlaceOf(heading.ward) + ", ngày " + day.substr(8, 2) + " tháng " + day.substr(5, 2) +
        " năm " + day.substr(0, 4)});
  line({"Người lập báo cáo: " + heading.preparer});
  return FileResponse(csv.text(), "text/csv; charset=utf-8", ReportFileName(ctx.period));
}

HttpResponse HandleReport(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                          const Principal& who) {
  std::string text = QueryValue(req, "period");
  std::optional<PlanPeriod> period = ParsePlanPeriod(text);
  if (!period) {
    return BadRequest("bad_period", "Kỳ không hợp lệ (2026, 2026-Q2 hoặc 2026-05)",
                      "Invalid period (2026, 2026-Q2 or 2026-05)", "period");
  }
  std::string format = QueryValue(req, "format");
  if (format.empty()) format = "json";
  if (format != "json" && format != "csv") {
    return BadRequest("bad_format", "Định dạng báo cáo phải là json hoặc csv",
                      "The report's format must be json or csv", "format");
  }

  Result<ComputedIndicators> computed = ComputeIndicators(sv, period->year, period->EndMonth());
  if (!computed.ok()) return ApiError(computed.status());
  const int64_t now = sv.clock().NowMs();
  auto [this_year, this_month] = CurrentMonth(sv.clock());
  ReportContext ctx{*period, PeriodEnded(*period, this_year, this_month), "", "", {}, ""};
  // The day the facts are evaluated on (31 December of a past year); today's date if no
  // refresh ever completed.
  ctx.reference_date =
      computed->reference_date.empty() ? VietnamDateFromUnixMs(now) : computed->reference_date;
  if (ctx.ended && period->kind != PlanPeriod::Kind::kYear) {
    ctx.snapshot_month = MonthText(period->year, period->EndMonth());
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::vector<IndicatorSnapshot>> kept =
        sv.accounts().ListSnapshots(ctx.snapshot_month, ctx.snapshot_month);
    if (!kept.ok()) return ApiError(kept.status());
    ctx.snapshots = std::move(kept).value();
    for (const IndicatorSnapshot& s : ctx.snapshots) {
      ctx.snapshot_as_of = std::max(ctx.snapshot_as_of, s.as_of);
    }
  }
  Result<std::vector<ReportRow>> rows = ReportRows(sv, *computed, ctx);
  if (!rows.ok()) return ApiError(rows.status());
  (void)sv.Audit(who.Actor(), "report", period->text, {{"format", format}});

  ReportHeading heading;
  heading.report_date = VietnamDateFromUnixMs(now);
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::optional<WardInfo>> ward = sv.accounts().GetWard();
    if (!ward.ok()) return ApiError(ward.status());
    if (ward->has_value()) heading.ward = (*ward)->name;
    if (format == "csv") {
      Result<std::vector<GroupInfo>> groups = sv.accounts().ListGroups();
      if (!groups.ok()) return ApiError(groups.status());
      for (const GroupInfo& g : *groups) heading.groups[g.id] = g.name;
    }
  }
  Result<std::string> preparer = PreparerName(sv, who);
  if (!preparer.ok()) return ApiError(preparer.status());
  heading.preparer = *preparer;
  if (format == "csv") return ReportCsv(*rows, ctx, heading);

  Json out = Json::array();
  for (const ReportRow& r : *rows) {
    // The ward row in the shape of /indicators (core ToJson), with what a report adds.
    Json ward = ToJson(r.ward);
    out.push_back({{"indicator", r.def->id},
                   {"plan_item", r.def->plan_item ? Json(*r.def->plan_item) : Json(nullptr)},
                   {"plan_number", PlanNumber(*r.def)},
                   {"label", LabelJson(r.def->label)},
                   {"target", ward.value("target", Json(nullptr))},
                   {"target_text", LabelJson(r.def->target_text)},
                   {"unit", r.def->unit},
                   {"value", ward.value("value", Json(nullptr))},
                   {"numerator", ward.value("numerator", Json(nullptr))},
                   {"denominator", ward.value("denominator", Json(nullptr))},
                   {"value_period", ward.value("value_period", Json(nullptr))},
                   {"status", ward.value("status", std::string("no_data"))},
                   {"display", ward.value("display", std::string("value"))},
                   {"groups_below", r.below},
                   {"groups_known", r.basis != Basis::kSnapshot},
                   {"basis", std::string(BasisName(r.basis))},
                   {"as_of", r.as_of}});
  }
  return JsonResponse(
      200,
      {{"period", period->text},
       {"period_ended", ctx.ended},
       {"ward", heading.ward},
       {"generated_ms", now},
       {"report_date", heading.report_date},
       {"prepared_by", heading.preparer},
       {"records_as_of", ctx.snapshot_month.empty() ? ctx.reference_date : ctx.snapshot_month},
       {"snapshot_as_of", ctx.snapshot_as_of.empty() ? Json(nullptr) : Json(ctx.snapshot_as_of)},
       {"snapshot_month", ctx.snapshot_month.empty() ? Json(nullptr) : Json(ctx.snapshot_month)},
       {"basis_note", BasisNote(ctx)},
       {"rows", out}});
}

}  // namespace

void RegisterReportRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/report", Access::kOffice, HandleReport);
}

}  // namespace sotay

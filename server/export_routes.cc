// Dashboard: the plan report of a month, quarter or year (JSON or CSV) and the record
// exports (CSV with BOM or XLSX), every export written to the audit log.
#include <cstdio>
#include <string>

#include "core/date.h"
#include "core/ids.h"

#include "server/api_routes.h"
#include "server/content_disposition.h"
#include "server/csv.h"
#include "server/dashboard_routes.h"
#include "server/dashboard_util.h"
#include "server/xlsx.h"

namespace sotay {

namespace {

HttpResponse BadFormat() {
  return BadRequest("bad_format", "Định dạng phải là csv hoặc xlsx (báo cáo: json hoặc csv)",
                    "The format must be csv or xlsx (report: json or csv)", "format");
}

HttpResponse FileResponse(std::string body, const std::string& content_type,
                          const std::string& filename) {
  HttpResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.SetHeader("Content-Type", content_type);
  r.SetHeader("Content-Disposition", AttachmentDisposition(filename));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

std::string NumberText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

// What a spreadsheet cell shows for a field value: choice labels (Vietnamese) for
// select fields, Có/Không for booleans, text and numbers as they are.
XlsxCell CellOf(const SchemaSet& schemas, const FieldDef& f, const Json& v) {
  if (v.is_null()) return XlsxCell::Text("");
  if (v.is_boolean()) return XlsxCell::Text(v.get<bool>() ? "Có" : "Không");
  if (v.is_number()) return XlsxCell::Number(v.get<double>());
  const CodeList* list = f.IsSelect() ? schemas.FindCodeList(f.list) : nullptr;
  auto label = [&](const Json& code) -> std::string {
    if (!code.is_string()) return code.dump();
    const Choice* c = list != nullptr ? list->Find(code.get<std::string>()) : nullptr;
    return c != nullptr ? c->label.vi : code.get<std::string>();
  };
  if (v.is_array()) {
    std::string out;
    for (const Json& code : v) out += (out.empty() ? "" : "; ") + label(code);
    return XlsxCell::Text(out);
  }
  if (v.is_string()) return XlsxCell::Text(label(v));
  return XlsxCell::Text(v.dump());
}

// XLSX inline strings are never formulas; CSV text is, unless made safe.
std::string CellText(const XlsxCell& c) {
  return c.number ? NumberText(*c.number) : CsvSafeText(c.text);
}

HttpResponse HandleExport(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                          const Principal& who) {
  std::string type = QueryValue(req, "type");
  const FormDef* form = sv.schemas().FindForm(type);
  if (form == nullptr) {
    return BadRequest("unknown_type", "Không có loại bản ghi này", "Unknown record type", "type");
  }
  std::string format = QueryValue(req, "format");
  if (format.empty()) format = "csv";
  if (format != "csv" && format != "xlsx") return BadFormat();
  std::string group = QueryValue(req, "group");
  if (!group.empty() && !IsGroupId(group)) {
    return BadRequest("invalid_group", "Mã tổ dân phố không hợp lệ", "Invalid group id", "group");
  }

  std::vector<std::vector<XlsxCell>> rows;
  std::vector<XlsxCell> header = {XlsxCell::Text("Mã bản ghi"), XlsxCell::Text("Tổ dân phố"),
                                  XlsxCell::Text("Bản ghi cha")};
  std::vector<std::string> sensitive;
  for (const FieldDef& f : form->fields) {
    header.push_back(XlsxCell::Text(f.label.vi));
    if (f.sensitive) sensitive.push_back(f.name);
  }
  rows.push_back(std::move(header));
  {
    Result<ServerServices::ReaderLease> reader = sv.Reader();
    if (!reader.ok()) return ApiError(reader.status());
    Status s = (*reader)->ForEachRecord({.type = type, .group_id = group}, [&](const Record& r) {
      std::vector<XlsxCell> row = {XlsxCell::Text(r.id), XlsxCell::Text(r.group_id),
                                   XlsxCell::Text(r.parent_id)};
      for (const FieldDef& f : form->fields) row.push_back(CellOf(sv.schemas(), f, r.Get(f.name)));
      rows.push_back(std::move(row));
      return true;
    });
    if (!s.ok()) return ApiError(s);
  }
  // Office and admin may read sensitive fields; the export is refused when it cannot be
  // audited.
  Status audited = sv.Audit(who.Actor(), "export", type,
                            {{"format", format},
                             {"group", group},
                             {"rows", rows.size() - 1},
                             {"sensitive_fields", sensitive}});
  if (!audited.ok()) return ApiError(audited);

  std::string base = type + (group.empty() ? "" : "-" + group);
  if (format == "xlsx") {
    return FileResponse(XlsxWorkbook(type, rows),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        base + ".xlsx");
  }
  CsvWriter csv;
  for (const std::vector<XlsxCell>& row : rows) {
    std::vector<std::string> fields;
    fields.reserve(row.size());
    for (const XlsxCell& c : row) fields.push_back(CellText(c));
    csv.Row(fields);
  }
  return FileResponse(csv.text(), "text/csv; charset=utf-8", base + ".csv");
}

std::string StatusVi(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kMet:
      return "Đạt";
    case IndicatorStatus::kAtRisk:
      return "Có nguy cơ không đạt";
    case IndicatorStatus::kNotMet:
      return "Chưa đạt";
    case IndicatorStatus::kNoData:
      return "Chưa có số liệu";
    case IndicatorStatus::kNoTarget:
      break;
  }
  return "Không đặt chỉ tiêu";
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
  if (format != "json" && format != "csv") return BadFormat();

  Result<ComputedIndicators> computed = ComputeIndicators(sv, period->year, period->EndMonth());
  if (!computed.ok()) return ApiError(computed.status());
  std::string ward_name;
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::optional<WardInfo>> ward = sv.accounts().GetWard();
    if (!ward.ok()) return ApiError(ward.status());
    if (ward->has_value()) ward_name = (*ward)->name;
  }
  struct Row {
    const IndicatorDef* def;
    const IndicatorValue* ward = nullptr;
    std::vector<std::string> below;
  };
  std::vector<Row> rows;
  for (const IndicatorDef& d : sv.indicators().indicators()) {
    Row row{&d, nullptr, {}};
    for (const IndicatorValue& v : computed->values) {
      if (v.indicator != d.id) continue;
      if (v.group_id.empty()) {
        row.ward = &v;
      } else if (v.status == IndicatorStatus::kNotMet || v.status == IndicatorStatus::kAtRisk) {
        row.below.push_back(v.group_id);
      }
    }
    rows.push_back(std::move(row));
  }

  // What period a value is of, said in the report itself: facts are kept per year, so a
  // record-derived value is the year so far as of the moment the report is made, not
  // the month or quarter alone; a manual value is the one entered for its own period.
  // The day the facts are evaluated on (31 December of a past year); today's date if no
  // refresh ever completed.
  const int64_t now = sv.clock().NowMs();
  const std::string as_of =
      computed->reference_date.empty() ? VietnamDateFromUnixMs(now) : computed->reference_date;
  auto basis_of = [&](const Row& r) -> std::string {
    return r.def->source == IndicatorSource::kManual ? "manual" : "records";
  };
  auto value_as_of = [&](const Row& r) -> std::string {
    if (basis_of(r) == "records") return "năm " + std::to_string(period->year) + " đến " + as_of;
    if (r.ward != nullptr && !r.ward->value_period.empty()) return "kỳ " + r.ward->value_period;
    return "";
  };
  if (format == "csv") {
    CsvWriter csv;
    csv.Row({"Mã", "Chỉ tiêu", "Mục tiêu kế hoạch", "Giá trị", "Đơn vị", "Đánh giá", "Tổ chưa đạt",
             "Số liệu của"});
    for (const Row& r : rows) {
      std::string value = r.ward && r.ward->value ? NumberText(*r.ward->value) : "";
      std::string below;
      for (const std::string& g : r.below) below += (below.empty() ? "" : " ") + g;
      csv.Row({r.def->id, r.def->label.vi, r.def->target_text.vi, value, r.def->unit,
               StatusVi(r.ward ? r.ward->status : IndicatorStatus::kNoData), below,
               value_as_of(r)});
    }
    (void)sv.Audit(who.Actor(), "report", period->text, {{"format", format}});
    return FileResponse(csv.text(), "text/csv; charset=utf-8", "bao-cao-" + period->text + ".csv");
  }
  Json out = Json::array();
  for (const Row& r : rows) {
    Json row = r.ward ? ToJson(*r.ward) : Json::object();
    out.push_back({{"indicator", r.def->id},
                   {"label", LabelJson(r.def->label)},
                   {"target", row.value("target", Json(nullptr))},
                   {"target_text", LabelJson(r.def->target_text)},
                   {"unit", r.def->unit},
                   {"value", row.value("value", Json(nullptr))},
                   {"value_period", row.value("value_period", Json(nullptr))},
                   {"status", row.value("status", std::string("no_data"))},
                   {"groups_below", r.below},
                   {"basis", basis_of(r)},
                   {"as_of", value_as_of(r)}});
  }
  const std::string year = std::to_string(period->year);
  return JsonResponse(
      200, {{"period", period->text},
            {"ward", ward_name},
            {"generated_ms", now},
            {"records_as_of", as_of},
            {"basis_note",
             {{"vi", "Chỉ tiêu tính từ hồ sơ: số liệu cả năm " + year + " tính đến ngày " + as_of +
                         " (ngày lập báo cáo), không tách riêng tháng hay quý. Chỉ tiêu nhập tay: "
                         "giá trị văn phòng nhập cho kỳ ghi ở cột \"Số liệu của\"."},
              {"en", "Record-derived indicators: the whole of " + year + " up to " + as_of +
                         " (the day of this report), not the month or quarter alone. Manual "
                         "indicators: the value the office entered for the period in the "
                         "\"Values of\" column."}}},
            {"rows", out}});
}

}  // namespace

void RegisterExportRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/export", Access::kOffice, HandleExport);
  AddGuarded(router, sv, "GET", "/api/v1/report", Access::kOffice, HandleReport);
}

}  // namespace sotay

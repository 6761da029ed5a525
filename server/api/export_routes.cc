// Dashboard: the record exports (CSV with BOM or XLSX), every export written to the
// audit log.
#include <cstdio>
#include <map>
#include <string>

#include "core/date.h"
#include "core/household_summary.h"
#include "core/ids.h"
#include "core/text_fold.h"

#include "core/csv.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/api/dashboard_util.h"
#include "server/api/xlsx.h"
#include "server/http/content_disposition.h"
#include "server/store/office_queries.h"

namespace sotay {

namespace {

HttpResponse BadFormat() {
  return BadRequest("bad_format", "Định dạng phải là csv hoặc xlsx",
                    "The format must be csv or xlsx", "format");
}

// "1973-12-25" → "25/12/1973", as dates are written in Vietnam; anything else as it is.
std::string DayText(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// What a spreadsheet cell shows for a field value: choice labels (Vietnamese) for
// select fields, Có/Không for booleans, dates as dd/mm/yyyy, text and numbers as they are.
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
  if (v.is_string() && f.type == FieldType::kDate)
    return XlsxCell::Text(DayText(v.get<std::string>()));
  if (v.is_string()) return XlsxCell::Text(label(v));
  return XlsxCell::Text(v.dump());
}

// XLSX inline strings are never formulas; CSV text is, unless made safe.
std::string CellText(const XlsxCell& c) {
  return c.number ? NumberText(*c.number) : CsvSafeText(c.text);
}

// "ho-gia-dinh", "to-dan-pho-so-1": a file-name word a person reads, from the label
// (the core's folding drops the diacritics).
std::string FileWord(std::string_view label) {
  std::string out;
  for (char c : FoldForSearch(label)) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// What the sheets name a record by besides its fields: the group's name, and for a
// household or a household's child the household's address and head.
struct ExportNames {
  std::map<std::string, std::string> groups;           // id → name
  std::map<std::string, HouseholdSummary> households;  // id → summary
};

bool NamesHousehold(const FormDef& form) {
  return form.record_type == "household" || form.parent_type == "household";
}

// The rows of one form's sheet (header first); the names of its sensitive fields.
struct FormSheet {
  std::vector<std::vector<XlsxCell>> rows;
  std::vector<std::string> sensitive;
};

Result<FormSheet> SheetOf(ServerServices& sv, const FormDef& form, const std::string& group,
                          const ExportNames& names) {
  FormSheet out;
  const bool household = NamesHousehold(form);
  std::vector<XlsxCell> header = {XlsxCell::Text("Tổ dân phố")};
  if (household) {
    header.push_back(XlsxCell::Text("Địa chỉ"));
    header.push_back(XlsxCell::Text("Chủ hộ"));
  }
  for (const FieldDef& f : form.fields) {
    header.push_back(XlsxCell::Text(f.label.vi));
    if (f.sensitive) out.sensitive.push_back(f.name);
  }
  // The ids last: what joins the sheets, not what a person reads first.
  header.push_back(XlsxCell::Text("Mã hồ sơ"));
  if (household) header.push_back(XlsxCell::Text("Mã hộ"));
  out.rows.push_back(std::move(header));
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return reader.status();
  Status s =
      (*reader)->ForEachRecord({.type = form.record_type, .group_id = group}, [&](const Record& r) {
        auto g = names.groups.find(r.group_id);
        std::vector<XlsxCell> row = {
            XlsxCell::Text(g == names.groups.end() ? r.group_id : g->second)};
        const std::string& household_id = form.record_type == "household" ? r.id : r.parent_id;
        if (household) {
          auto hh = names.households.find(household_id);
          row.push_back(XlsxCell::Text(hh == names.households.end() ? "" : hh->second.address));
          row.push_back(XlsxCell::Text(hh == names.households.end() ? "" : hh->second.head_name));
        }
        for (const FieldDef& f : form.fields) row.push_back(CellOf(sv.schemas(), f, r.Get(f.name)));
        row.push_back(XlsxCell::Text(r.id));
        if (household) row.push_back(XlsxCell::Text(household_id));
        out.rows.push_back(std::move(row));
        return true;
      });
  if (!s.ok()) return s;
  return out;
}

Result<ExportNames> LoadNames(ServerServices& sv, const std::string& group) {
  ExportNames names;
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::vector<GroupInfo>> groups = sv.accounts().ListGroups();
    if (!groups.ok()) return groups.status();
    for (const GroupInfo& g : *groups) names.groups[g.id] = g.name;
  }
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return reader.status();
  Result<std::map<std::string, HouseholdSummary>> households =
      reader->queries().HouseholdSummaries(group);
  if (!households.ok()) return households.status();
  names.households = std::move(*households);
  return names;
}

HttpResponse HandleExport(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                          const Principal& who) {
  // Households unless asked otherwise; "all": one workbook, a sheet per form.
  std::string type = QueryValue(req, "type");
  if (type.empty()) type = "household";
  const bool all = type == "all";
  const FormDef* form = all ? nullptr : sv.schemas().FindForm(type);
  if (!all && form == nullptr) {
    return BadRequest("unknown_type", "Không có loại bản ghi này", "Unknown record type", "type");
  }
  std::string format = QueryValue(req, "format");
  if (format.empty()) format = all ? "xlsx" : "csv";
  if (format != "csv" && format != "xlsx") return BadFormat();
  if (all && format != "xlsx") {
    return BadRequest("bad_format",
                      "Xuất tất cả các loại hồ sơ chỉ có dạng xlsx (mỗi loại một trang)",
                      "Exporting every record type is xlsx only (a sheet per type)", "format");
  }
  std::string group = QueryValue(req, "group");
  if (!group.empty() && !IsGroupId(group)) {
    return BadRequest("invalid_group", "Mã tổ dân phố không hợp lệ", "Invalid group id", "group");
  }
  Result<ExportNames> names = LoadNames(sv, group);
  if (!names.ok()) return ApiError(names.status());
  if (!group.empty() && !names->groups.contains(group)) {
    return ApiError("not_found", "Không có tổ này", "No such group", "group");
  }

  std::vector<XlsxSheet> sheets;
  std::vector<std::string> sensitive;
  size_t rows = 0;
  for (const FormDef& f : sv.schemas().forms()) {
    if (!all && &f != form) continue;
    Result<FormSheet> sheet = SheetOf(sv, f, group, *names);
    if (!sheet.ok()) return ApiError(sheet.status());
    rows += sheet->rows.size() - 1;
    for (const std::string& name : sheet->sensitive)
      sensitive.push_back(f.record_type + "." + name);
    sheets.push_back({f.label.vi, std::move(sheet->rows)});
  }
  // Office and admin may read sensitive fields; the export is refused when it cannot be
  // audited.
  Status audited = sv.Audit(
      who.Actor(), "export", type,
      {{"format", format}, {"group", group}, {"rows", rows}, {"sensitive_fields", sensitive}});
  if (!audited.ok()) return ApiError(audited);

  // "ho-gia-dinh_to-dan-pho-so-1_2026-12-07.xlsx": what, whose, which day.
  std::string base = all ? "so-lieu-tat-ca" : FileWord(form->label.vi);
  if (!group.empty()) base += "_" + FileWord(names->groups[group]);
  base += "_" + VietnamDateFromUnixMs(sv.clock().NowMs());
  if (format == "xlsx") {
    return FileResponse(XlsxWorkbook(sheets),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        base + ".xlsx");
  }
  CsvWriter csv;
  for (const std::vector<XlsxCell>& row : sheets.front().rows) {
    std::vector<std::string> fields;
    fields.reserve(row.size());
    for (const XlsxCell& c : row) fields.push_back(CellText(c));
    csv.Row(fields);
  }
  return FileResponse(csv.text(), "text/csv; charset=utf-8", base + ".csv");
}

}  // namespace

void RegisterExportRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/export", Access::kOffice, HandleExport);
}

}  // namespace sotay

// Dashboard: the record list with search and review filters, one record with its
// children, review and facts, a record's history, and the cultural families proposed
// for recognition.
#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string>

#include "core/date.h"
#include "core/hlc.h"
#include "core/household_bundle.h"
#include "core/indicator_facts.h"
#include "core/text_fold.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/api/dashboard_util.h"
#include "server/store/office_queries.h"
#include "server/ward/record_list.h"

namespace sotay {

namespace {

constexpr int64_t kDefaultLimit = 100;
constexpr int64_t kMaxLimit = 1000;

// ?name=<non-negative integer>, `fallback` when absent.
std::optional<int64_t> IntParam(const HttpRequest& req, const char* name, int64_t fallback) {
  std::string t = QueryValue(req, name);
  if (t.empty()) return fallback;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || v < 0) return std::nullopt;
  return v;
}

HttpResponse BadInt(const char* name) {
  return BadRequest("bad_request", "Tham số phải là số nguyên không âm",
                    "The parameter must be a non-negative integer", name);
}

Json ReviewJson(const std::optional<ReviewState>& r) {
  if (!r) return nullptr;
  return {{"state", r->state}, {"comment", r->comment}, {"by", r->by}, {"at", r->at_ms}};
}

Json SummaryJson(const HouseholdSummary& s) {
  return {{"head_id", s.head_id.empty() ? Json(nullptr) : Json(s.head_id)},
          {"head_name", s.head_name},
          {"address", s.address},
          {"house_number", s.house_number},
          {"members", s.members}};
}

Json RecordJson(const Record& r) {
  return {{"id", r.id},
          {"type", r.type},
          {"group_id", r.group_id},
          {"parent_id", r.parent_id.empty() ? Json(nullptr) : Json(r.parent_id)},
          {"deleted", r.deleted},
          {"fields", FieldsJson(r)}};
}

// The latest write time of a record: the largest wall time of its fields' HLCs.
int64_t UpdatedMs(const Record& r) {
  std::string latest;
  for (const auto& [name, fv] : r.fields) latest = std::max(latest, fv.hlc);
  Result<Hlc> h = Hlc::Parse(latest);
  return h.ok() ? h->wall_ms : 0;
}

// ?indicator=<id>[&period=<p>][&short=1] into the query: each household's own share
// of the indicator, and with short=1 only the households that fall short of it.
std::optional<HttpResponse> ReadIndicatorFilter(ServerServices& sv, const HttpRequest& req,
                                                RecordListQuery* q) {
  std::string id = QueryValue(req, "indicator");
  std::string short_text = QueryValue(req, "short");
  if (!short_text.empty() && short_text != "0" && short_text != "1") {
    return BadRequest("invalid_value", "short phải là 0 hoặc 1", "short must be 0 or 1", "short");
  }
  q->only_short = short_text == "1";
  if (id.empty()) {
    if (q->only_short) {
      return BadRequest("invalid_value", "short=1 cần indicator=<mã chỉ tiêu>",
                        "short=1 needs indicator=<id>", "indicator");
    }
    return std::nullopt;
  }
  q->indicator = sv.indicators().Find(id);
  if (q->indicator == nullptr) {
    return BadRequest("unknown_indicator", "Không có chỉ tiêu này", "No such indicator",
                      "indicator");
  }
  q->period = QueryValue(req, "period");
  if (q->period.empty()) q->period = std::to_string(CurrentMonth(sv.clock()).first);
  if (!ParsePlanPeriod(q->period)) {
    return BadRequest("bad_period", "Kỳ không hợp lệ (2026, 2026-Q2 hoặc 2026-05)",
                      "Invalid period (2026, 2026-Q2 or 2026-05)", "period");
  }
  return std::nullopt;
}

HttpResponse HandleRecords(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                           const Principal&) {
  RecordListQuery q;
  if (std::string type = QueryValue(req, "type"); !type.empty()) q.type = type;
  if (sv.schemas().FindForm(q.type) == nullptr) {
    return BadRequest("unknown_type", "Không có loại bản ghi này", "Unknown record type", "type");
  }
  q.status = QueryValue(req, "status");
  if (!q.status.empty() && !IsReviewFilter(q.status)) {
    return BadRequest(
        "invalid_value", "status phải là has_issues, pending, approved, rejected hoặc unreviewed",
        "status must be has_issues, pending, approved, rejected or unreviewed", "status");
  }
  std::optional<int64_t> limit = IntParam(req, "limit", kDefaultLimit);
  if (!limit) return BadInt("limit");
  q.limit = std::clamp<int64_t>(*limit, 1, kMaxLimit);
  q.group = QueryValue(req, "group");
  q.after = QueryValue(req, "after");
  q.search = FoldForSearch(QueryValue(req, "q"));
  if (std::optional<HttpResponse> bad = ReadIndicatorFilter(sv, req, &q)) return *bad;

  Result<RecordListPage> page = ListRecords(sv, q);
  if (!page.ok()) return ApiError(page.status());
  Json out = Json::array();
  for (const RecordListRow& row : page->rows) {
    const Record& r = row.record;
    Json json = {{"id", r.id},
                 {"type", r.type},
                 {"group_id", r.group_id},
                 {"parent_id", r.parent_id.empty() ? Json(nullptr) : Json(r.parent_id)},
                 {"summary", SummaryJson(row.summary)},
                 {"review", ReviewJson(row.review)},
                 {"updated_ms", UpdatedMs(r)}};
    if (q.indicator != nullptr) {
      json["share"] = !row.share ? Json(nullptr)
                                 : Json{{"numerator", row.share->numerator},
                                        {"denominator", row.share->denominator},
                                        {"short", row.short_of_target}};
    }
    out.push_back(std::move(json));
  }
  return JsonResponse(200,
                      {{"records", out}, {"next", page->next ? Json(*page->next) : Json(nullptr)}});
}

HttpResponse NoRecord() { return ApiError("not_found", "Không có bản ghi này", "No such record"); }

HttpResponse HandleRecord(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                          const Principal& who) {
  const std::string& id = params.at("id");
  // The year whose indicator-12 reference date marks members without a valid card.
  const std::string today = VietnamToday(sv.clock());
  std::optional<int64_t> period = IntParam(req, "period", std::stoll(today.substr(0, 4)));
  if (!period || *period < 1000 || *period > 9999) {
    return BadRequest("bad_period", "Kỳ phải là một năm (YYYY)", "The period must be a year (YYYY)",
                      "period");
  }
  std::optional<Record> record;
  std::vector<Record> children;
  std::vector<Fact> facts;
  std::optional<ReviewState> review;
  {
    Result<ServerServices::ReaderLease> reader = sv.Reader();
    if (!reader.ok()) return ApiError(reader.status());
    Transaction txn(**reader);
    if (!txn.status().ok()) return ApiError(txn.status());
    Result<std::optional<Record>> got = (*reader)->GetRecord(id);
    if (!got.ok()) return ApiError(got.status());
    if (!got->has_value()) return NoRecord();
    record = std::move(**got);
    Status s =
        (*reader)->ForEachRecord({.parent_id = id, .include_deleted = true}, [&](const Record& r) {
          children.push_back(r);
          return true;
        });
    if (!s.ok()) return ApiError(s);
    Result<std::vector<Fact>> read = reader->queries().RecordFacts(id);
    if (!read.ok()) return ApiError(read.status());
    facts = std::move(read).value();
    Result<std::optional<ReviewState>> reviewed = reader->accounts().GetReview(id);
    if (!reviewed.ok()) return ApiError(reviewed.status());
    review = std::move(reviewed).value();
  }

  Json sensitive = Json::object();
  auto note_sensitive = [&](const Record& r) {
    std::vector<std::string> names = SensitiveFieldsWithValues(sv.schemas(), r);
    if (!names.empty()) sensitive[r.id] = names;
  };
  note_sensitive(*record);
  Json kids = Json::array();
  Json uncovered = Json::array();  // residents without a valid BHYT card (indicator 12)
  const std::string reference = ReferenceDateForPeriod(*period, today);
  for (const Record& c : children) {
    note_sensitive(c);
    kids.push_back(RecordJson(c));
    if (c.type == kPersonType && !c.deleted && BhytCoveredOn(c, reference) == false) {
      uncovered.push_back(c.id);
    }
  }
  if (!sensitive.empty()) {
    Status s = sv.Audit(who.Actor(), "read_sensitive", "records/" + id, {{"fields", sensitive}});
    if (!s.ok()) return ApiError(s);  // no audit, no sensitive data
  }
  Json fact_rows = Json::array();
  for (const Fact& f : facts) {
    const IndicatorDef* def = sv.indicators().Find(f.indicator);
    const FactShare share{f.numerator, f.denominator};
    fact_rows.push_back({{"period", f.period},
                         {"indicator", f.indicator},
                         {"numerator", f.numerator},
                         {"denominator", f.denominator},
                         {"short", def != nullptr && FallsShort(*def, &share)}});
  }
  // A household's summary is the list's (the core's rule: who heads it, its address).
  Json summary = record->type == kHouseholdType ? SummaryJson(SummarizeHousehold(*record, children))
                                                : Json(nullptr);
  return JsonResponse(200, {{"record", RecordJson(*record)},
                            {"summary", summary},
                            {"children", kids},
                            {"review", ReviewJson(review)},
                            {"facts", fact_rows},
                            {"bhyt_reference_date", reference},
                            {"bhyt_uncovered", uncovered}});
}

// One write of the record as the office sees it; fields in name order.
Json HistoryJson(const HistoryEntry& e, const std::map<std::string, std::string>& names) {
  Json fields = Json::array();
  for (auto it = e.fields.begin(); it != e.fields.end(); ++it) {
    const Json& f = it.value();
    Json row = {{"field", it.key()},
                {"value", f.value("v", Json())},
                {"hlc", f.value("h", "")},
                {"old_value", f.value("o", Json())},
                {"had_old", f.contains("o")}};
    fields.push_back(std::move(row));
  }
  auto n = names.find(e.device_id);
  return {{"id", e.id},
          {"server_seq", e.seq},
          {"at_ms", e.at_ms},
          {"device_id", e.device_id},
          {"device_name", n != names.end() ? n->second : e.device_id},
          {"user", e.user},
          {"fields", fields}};
}

HttpResponse HandleHistory(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                           const Principal& who) {
  const std::string& id = params.at("id");
  std::optional<int64_t> before = IntParam(req, "before", 0);
  if (!before) return BadInt("before");
  std::optional<int64_t> limit = IntParam(req, "limit", kDefaultLimit);
  if (!limit) return BadInt("limit");
  *limit = std::clamp<int64_t>(*limit, 1, kMaxLimit);
  Record record;
  std::vector<HistoryEntry> entries;
  {
    Result<ServerServices::ReaderLease> reader = sv.Reader();
    if (!reader.ok()) return ApiError(reader.status());
    Transaction txn(**reader);
    if (!txn.status().ok()) return ApiError(txn.status());
    Result<std::optional<Record>> got = (*reader)->GetRecord(id);
    if (!got.ok()) return ApiError(got.status());
    if (!got->has_value()) return NoRecord();
    record = std::move(**got);
    Result<std::vector<HistoryEntry>> list = (*reader)->ListHistory(id, *before, *limit + 1);
    if (!list.ok()) return ApiError(list.status());
    entries = std::move(*list);
  }
  bool more = static_cast<int64_t>(entries.size()) > *limit;
  if (more) entries.resize(static_cast<size_t>(*limit));
  std::map<std::string, std::string> names;
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::vector<DeviceInfo>> devices = sv.accounts().ListDevices();
    if (!devices.ok()) return ApiError(devices.status());
    for (const DeviceInfo& d : *devices) names[d.device_id] = d.name;
  }
  // Sensitive values in the history are audited like the record's own.
  std::set<std::string> sensitive;
  const FormDef* form = sv.schemas().FindForm(record.type);
  Json out = Json::array();
  for (const HistoryEntry& e : entries) {
    for (auto it = e.fields.begin(); it != e.fields.end(); ++it) {
      const FieldDef* def = form != nullptr ? form->FindField(it.key()) : nullptr;
      if (def != nullptr && def->sensitive) sensitive.insert(it.key());
    }
    out.push_back(HistoryJson(e, names));
  }
  if (!sensitive.empty()) {
    Status s = sv.Audit(who.Actor(), "read_sensitive", "records/" + id + "/history",
                        {{"fields", {{id, sensitive}}}});
    if (!s.ok()) return ApiError(s);  // no audit, no sensitive data
  }
  Json next = more ? Json(entries.back().id) : Json(nullptr);
  return JsonResponse(200, {{"writes", out}, {"next", next}});
}

HttpResponse HandleCulturalFamilies(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                                    const Principal&) {
  std::string period_text = QueryValue(req, "period");
  int64_t year = CurrentMonth(sv.clock()).first;
  if (!period_text.empty()) {
    std::optional<PlanPeriod> p = ParsePlanPeriod(period_text);
    if (!p || p->kind != PlanPeriod::Kind::kYear) {
      return BadRequest("bad_period", "Kỳ phải là một năm (2026)", "The period must be a year",
                        "period");
    }
    year = p->year;
  }
  std::string group = QueryValue(req, "group");
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return ApiError(reader.status());
  Result<std::vector<CulturalFamilyRow>> families =
      reader->queries().ProposedCulturalFamilies(year, group);
  if (!families.ok()) return ApiError(families.status());
  Result<std::map<std::string, HouseholdSummary>> summaries =
      reader->queries().HouseholdSummaries(group);
  if (!summaries.ok()) return ApiError(summaries.status());
  Json out = Json::array();
  for (const CulturalFamilyRow& f : *families) {
    auto h = summaries->find(f.household_id);
    if (h == summaries->end()) continue;  // its household was deleted
    out.push_back({{"household_id", f.household_id},
                   {"group_id", f.group_id},
                   {"head_name", h->second.head_name},
                   {"address", h->second.address},
                   {"status", f.status},
                   {"meeting_date", f.meeting_date}});
  }
  return JsonResponse(200, {{"families", out}});
}

}  // namespace

void RegisterRecordRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/records", Access::kOffice, HandleRecords);
  AddGuarded(router, sv, "GET", "/api/v1/records/<id>", Access::kOffice, HandleRecord);
  AddGuarded(router, sv, "GET", "/api/v1/records/<id>/history", Access::kOffice, HandleHistory);
  AddGuarded(router, sv, "GET", "/api/v1/cultural-families", Access::kOffice,
             HandleCulturalFamilies);
}

}  // namespace sotay

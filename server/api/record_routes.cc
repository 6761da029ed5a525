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

// The household falls short of the indicator's target on its own: for "at least"
// targets someone not covered (numerator below denominator), for "at most" targets
// anyone counted at all. No share (no facts) is not short.
bool FallsShort(const IndicatorDef& def, const FactShare* share) {
  if (share == nullptr || share->denominator <= 0) return false;
  Comparison c = def.target ? def.target->comparison : Comparison::kGte;
  if (c == Comparison::kLte || c == Comparison::kLt) return share->numerator > 0;
  return share->numerator < share->denominator;
}

// ?indicator=<id>[&period=<p>][&short=1]: each household's own share of the
// indicator, and with short=1 only the households that fall short of it.
struct IndicatorFilter {
  const IndicatorDef* def = nullptr;
  std::string period;
  bool only_short = false;
  std::map<std::string, FactShare> shares;

  const FactShare* ShareOf(const std::string& id) const {
    auto it = shares.find(id);
    return it == shares.end() ? nullptr : &it->second;
  }
  bool Keeps(const std::string& id) const { return !only_short || FallsShort(*def, ShareOf(id)); }
};

std::optional<HttpResponse> ReadIndicatorFilter(ServerServices& sv, const HttpRequest& req,
                                                const std::string& group, IndicatorFilter* f) {
  std::string id = QueryValue(req, "indicator");
  std::string short_text = QueryValue(req, "short");
  if (!short_text.empty() && short_text != "0" && short_text != "1") {
    return BadRequest("invalid_value", "short phải là 0 hoặc 1", "short must be 0 or 1", "short");
  }
  f->only_short = short_text == "1";
  if (id.empty()) {
    if (f->only_short) {
      return BadRequest("invalid_value", "short=1 cần indicator=<mã chỉ tiêu>",
                        "short=1 needs indicator=<id>", "indicator");
    }
    return std::nullopt;
  }
  f->def = sv.indicators().Find(id);
  if (f->def == nullptr) {
    return BadRequest("unknown_indicator", "Không có chỉ tiêu này", "No such indicator",
                      "indicator");
  }
  f->period = QueryValue(req, "period");
  if (f->period.empty()) f->period = std::to_string(CurrentMonth(sv.clock()).first);
  if (!ParsePlanPeriod(f->period)) {
    return BadRequest("bad_period", "Kỳ không hợp lệ (2026, 2026-Q2 hoặc 2026-05)",
                      "Invalid period (2026, 2026-Q2 or 2026-05)", "period");
  }
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return ApiError(reader.status());
  Result<std::map<std::string, FactShare>> shares =
      reader->queries().IndicatorShares(id, f->period, group);
  if (!shares.ok()) return ApiError(shares.status());
  f->shares = std::move(shares).value();
  return std::nullopt;
}

bool StatusMatches(const std::string& wanted, const std::optional<ReviewState>& review) {
  if (wanted.empty()) return true;
  if (wanted == "unreviewed") return !review.has_value();
  return review.has_value() && review->state == wanted;
}

HttpResponse HandleRecords(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                           const Principal&) {
  std::string type = QueryValue(req, "type");
  if (type.empty()) type = "household";
  if (sv.schemas().FindForm(type) == nullptr) {
    return BadRequest("unknown_type", "Không có loại bản ghi này", "Unknown record type", "type");
  }
  std::string status = QueryValue(req, "status");
  if (!status.empty() && status != "has_issues" && status != "pending" && status != "approved" &&
      status != "rejected" && status != "unreviewed") {
    return BadRequest(
        "invalid_value", "status phải là has_issues, pending, approved, rejected hoặc unreviewed",
        "status must be has_issues, pending, approved, rejected or unreviewed", "status");
  }
  std::optional<int64_t> limit = IntParam(req, "limit", kDefaultLimit);
  if (!limit) return BadInt("limit");
  *limit = std::clamp<int64_t>(*limit, 1, kMaxLimit);
  std::string group = QueryValue(req, "group");
  std::string after = QueryValue(req, "after");
  std::string q = FoldForSearch(QueryValue(req, "q"));
  IndicatorFilter by_indicator;
  if (std::optional<HttpResponse> bad = ReadIndicatorFilter(sv, req, group, &by_indicator)) {
    return *bad;
  }

  // Review states are read record by record as the list gets to them: the ward's whole
  // list would make each request's memory grow with the ward.
  Status lookup_error;
  auto review_of = [&](const std::string& id) -> std::optional<ReviewState> {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::optional<ReviewState>> got = sv.accounts().GetReview(id);
    if (got.ok()) return std::move(got).value();
    if (lookup_error.ok()) lookup_error = got.status();
    return std::nullopt;
  };
  // Whether the record passes the status filter; reads its review only when one is set.
  auto status_keeps = [&](const std::string& id) {
    return status.empty() || StatusMatches(status, review_of(id));
  };
  const bool households = type == kHouseholdType;
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return ApiError(reader.status());
  std::vector<Record> page;
  std::map<std::string, HouseholdSummary> page_summaries;  // a search's, by id
  bool more = false;
  if (households && !q.empty()) {
    // A search goes through the group's household summaries (one SQL pass, a household
    // at a time); the page's records are read whole.
    Status s = reader->queries().ForEachHouseholdSummary(
        group, after, [&](const std::string& id, const HouseholdSummary& sum) {
          if (FoldForSearch(sum.head_name + "\n" + sum.address).find(q) == std::string::npos) {
            return true;
          }
          if (!status_keeps(id)) return lookup_error.ok();
          if (!by_indicator.Keeps(id)) return true;
          if (static_cast<int64_t>(page.size()) == *limit) {
            more = true;
            return false;
          }
          Result<std::optional<Record>> r = (*reader)->GetRecord(id);
          if (!r.ok()) {
            lookup_error = r.status();
            return false;
          }
          if (r->has_value()) {
            page.push_back(std::move(**r));
            page_summaries.emplace(id, sum);
          }
          return true;
        });
    if (!s.ok()) return ApiError(s);
  } else {
    Status s = (*reader)->ForEachRecord({.type = type, .group_id = group}, [&](const Record& r) {
      if (!after.empty() && r.id <= after) return true;
      if (!q.empty()) return false;  // only households have what q matches
      if (!status_keeps(r.id)) return lookup_error.ok();
      if (!by_indicator.Keeps(r.id)) return true;
      if (static_cast<int64_t>(page.size()) == *limit) {
        more = true;
        return false;
      }
      page.push_back(r);
      return true;
    });
    if (!s.ok()) return ApiError(s);
  }
  Json out = Json::array();
  for (const Record& r : page) {
    HouseholdSummary summary;
    if (auto found = page_summaries.find(r.id); found != page_summaries.end()) {
      summary = found->second;
    } else if (households) {
      std::vector<Record> members;
      Status s = (*reader)->ForEachRecord({.type = std::string(kPersonType), .parent_id = r.id},
                                          [&](const Record& m) {
                                            members.push_back(m);
                                            return true;
                                          });
      if (!s.ok()) return ApiError(s);
      summary = SummarizeHousehold(r, members);
    }
    Json row = {{"id", r.id},
                {"type", r.type},
                {"group_id", r.group_id},
                {"parent_id", r.parent_id.empty() ? Json(nullptr) : Json(r.parent_id)},
                {"summary", SummaryJson(summary)},
                {"review", ReviewJson(review_of(r.id))},
                {"updated_ms", UpdatedMs(r)}};
    if (by_indicator.def != nullptr) {
      const FactShare* share = by_indicator.ShareOf(r.id);
      row["share"] = share == nullptr ? Json(nullptr)
                                      : Json{{"numerator", share->numerator},
                                             {"denominator", share->denominator},
                                             {"short", FallsShort(*by_indicator.def, share)}};
    }
    out.push_back(std::move(row));
  }
  if (!lookup_error.ok()) return ApiError(lookup_error);
  std::string last = page.empty() ? after : page.back().id;
  return JsonResponse(200, {{"records", out}, {"next", more ? Json(last) : Json(nullptr)}});
}

HttpResponse NoRecord() {
  return ErrorResponse(404, "not_found", "Không có bản ghi này", "No such record");
}

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
  }
  Result<std::optional<ReviewState>> review = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().GetReview(id);
  }();
  if (!review.ok()) return ApiError(review.status());

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
                            {"review", ReviewJson(*review)},
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

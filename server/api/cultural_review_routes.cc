// The culture-social office's yearly review of a residential group ("Bình xét Tổ dân
// phố văn hóa", schemas/assessment.cultural_group.json): read and write the group's
// assessment.cultural_group record of a year. One record per group and year; the
// office writes it through the sync apply path (server/ward/server_write.h), so it is
// logged, pulled, audited and refreshes indicator (10) like any push.
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/derived_fields.h"
#include "core/field_rules.h"
#include "core/household_bundle.h"
#include "core/ids.h"
#include "core/validate.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/api/dashboard_util.h"
#include "server/http/json_body.h"
#include "server/ward/server_write.h"

namespace sotay {

namespace {

constexpr int64_t kFirstYear = 2022, kLastYear = 2100;

// ?year=YYYY, the current year when absent.
std::optional<int64_t> ReadYear(ServerServices& sv, const HttpRequest& req) {
  std::string t = QueryValue(req, "year");
  if (t.empty()) return CurrentMonth(sv.clock()).first;
  int64_t y = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
  if (ec != std::errc() || end != t.data() + t.size() || y < kFirstYear || y > kLastYear) {
    return std::nullopt;
  }
  return y;
}

HttpResponse BadYear() {
  return BadRequest("invalid_value", "Năm không hợp lệ (2022–2100)", "Invalid year (2022-2100)",
                    "year");
}

// Whether the group exists (404 not_found otherwise).
std::optional<HttpResponse> CheckGroup(ServerServices& sv, const std::string& group) {
  Result<std::optional<GroupInfo>> g = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().GetGroup(group);
  }();
  if (!g.ok()) return ApiError(g.status());
  if (!g->has_value()) {
    return ApiError("not_found", "Không có tổ dân phố này", "No such group");
  }
  return std::nullopt;
}

// The group's review of `year`: its non-deleted record with that period; when several
// exist (made offline elsewhere), the smallest id, as HouseholdBundle::Assessment picks.
Result<std::optional<Record>> FindReview(Store& store, const std::string& group, int64_t year) {
  std::optional<Record> found;
  Status s = store.ForEachRecord(
      {.type = std::string(kCulturalGroupType), .group_id = group}, [&](const Record& r) {
        const Json& p = r.Get("period");
        if (p.is_number_integer() && p.get<int64_t>() == year && (!found || r.id < found->id)) {
          found = r;
        }
        return true;
      });
  if (!s.ok()) return s;
  return found;
}

// The answer of GET and PUT: the field values as PUT takes them ({name: value}).
Json ReviewBody(const std::string& group, int64_t year, const std::optional<Record>& r) {
  Json fields = Json::object();
  if (r) {
    for (const auto& [name, fv] : r->fields) fields[name] = fv.value;
  }
  return {{"group_id", group},
          {"year", year},
          {"record_id", r ? Json(r->id) : Json(nullptr)},
          {"fields", fields}};
}

HttpResponse HandleGet(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                       const Principal&) {
  const std::string& group = params.at("group");
  if (std::optional<HttpResponse> bad = CheckGroup(sv, group)) return *bad;
  std::optional<int64_t> year = ReadYear(sv, req);
  if (!year) return BadYear();
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return ApiError(reader.status());
  Result<std::optional<Record>> review = FindReview(**reader, group, *year);
  if (!review.ok()) return ApiError(review.status());
  return JsonResponse(200, ReviewBody(group, *year, *review));
}

Status InvalidValue(std::string vi, std::string en, std::string field) {
  return Status::Error("invalid_value", std::move(vi), std::move(en), std::move(field));
}

struct Saved {
  std::optional<Record> record;
  std::vector<std::string> written;  // names of the fields that changed
};

// Builds the record as it should be (the stored one with `input` over it, irrelevant
// answers cleared, the status computed), validates it whole as the server does, and
// writes the fields that differ, through the caller's lease of the writer.
Result<Saved> SaveLocked(ServerServices& sv, ServerServices::WriterLease& writer,
                         const std::string& group, int64_t year, const Json& input,
                         const std::string& user) {
  const FormDef* form = sv.schemas().FindForm(kCulturalGroupType);
  if (form == nullptr) {
    return Status::Error("missing_form", "Máy chủ thiếu biểu mẫu bình xét tổ dân phố",
                         "The server lacks the group review form");
  }
  Result<std::optional<Record>> stored = FindReview(writer.store(), group, year);
  if (!stored.ok()) return stored.status();
  Record r;
  if (stored->has_value()) {
    r = **stored;
  } else {
    r.id = NewUuid();
    r.type = std::string(kCulturalGroupType);
    r.group_id = group;
  }
  const Record before = r;
  for (const auto& [name, value] : input.items()) {
    const FieldDef* f = form->FindField(name);
    if (f == nullptr || IsReadonlyField(*form, *f) || name == "period") {
      return InvalidValue("Trường này không nhập được: " + name,
                          "This field cannot be entered: " + name, name);
    }
    r.fields[name].value = value;
  }
  r.fields["period"].value = year;
  const std::string today = VietnamToday(sv.clock());
  NoChildren none;
  ClearIrrelevant(sv.schemas(), &r, none, today);
  Json derived = DerivedFields(sv.schemas(), HouseholdBundle{}, r);
  for (const auto& [name, value] : derived.items()) r.fields[name].value = value;
  std::vector<ValidationIssue> issues =
      Validate(sv.schemas(), r, none, today, ValidationMode::kServer);
  if (!issues.empty()) {
    const ValidationIssue& i = issues.front();
    return InvalidValue(i.message_vi, i.message_en, i.field);
  }
  std::vector<Change> writes;
  for (const FieldDef& f : form->fields) {
    const Json& now = r.Get(f.name);
    if (now != before.Get(f.name)) writes.push_back(ServerWriteOf(before, f.name, now));
  }
  Saved saved;
  for (const Change& w : writes) saved.written.push_back(w.field);
  if (!writes.empty()) {
    Result<ServerWriteOutcome> outcome = WriteFieldsAsServer(sv, writer, writes, user);
    if (!outcome.ok()) return outcome.status();
    for (size_t i = 0; i < writes.size(); ++i) {
      const PushResult& result = outcome->push.response.results.at(i);
      if (result.status == kStatusRejected) {
        return InvalidValue("Giá trị không hợp lệ (" + result.code + ")",
                            "Invalid value (" + result.code + ")", writes[i].field);
      }
    }
  }
  Result<std::optional<Record>> after = writer.store().GetRecord(r.id);
  if (!after.ok()) return after.status();
  saved.record = std::move(after).value();
  return saved;
}

HttpResponse HandlePut(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                       const Principal& who) {
  const std::string& group = params.at("group");
  if (std::optional<HttpResponse> bad = CheckGroup(sv, group)) return *bad;
  std::optional<int64_t> year = ReadYear(sv, req);
  if (!year) return BadYear();
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  const Json& fields = in.Object("fields");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);

  Result<Saved> saved = [&] {
    ServerServices::WriterLease writer = sv.Writer();
    return SaveLocked(sv, writer, group, *year, fields, who.id);
  }();
  if (!saved.ok()) return ApiError(saved.status());
  const Record& r = *saved->record;
  Status s =
      sv.Audit(who.Actor(), "cultural_review", "groups/" + group + "/" + std::to_string(*year),
               {{"record_id", r.id}, {"fields", saved->written}, {"status", r.Get("status")}});
  if (!s.ok()) return ApiError(s);
  Json out = ReviewBody(group, *year, saved->record);
  out["written"] = saved->written;
  return JsonResponse(200, out);
}

}  // namespace

void RegisterCulturalReviewRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/groups/<group>/cultural-review", Access::kOffice,
             HandleGet);
  AddGuarded(router, sv, "PUT", "/api/v1/groups/<group>/cultural-review", Access::kOffice,
             HandlePut);
}

}  // namespace sotay

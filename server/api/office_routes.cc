// Office endpoints (office and admin roles): conflicts and their resolution, the
// quarantine, the audit log and record reviews.
#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/hlc.h"
#include "core/household_bundle.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_util.h"
#include "server/http/json_body.h"
#include "server/ward/server_write.h"

namespace sotay {

namespace {

constexpr int64_t kDefaultListLimit = 100;
constexpr int64_t kMaxListLimit = 1000;

// A query parameter that must be a decimal integer >= 0; `fallback` when absent.
Result<int64_t> QueryInt(const HttpRequest& req, const char* name, int64_t fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return fallback;
  const std::string& t = it->second;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || v < 0) {
    return Status::Error("bad_request", "Tham số phải là số nguyên không âm",
                         "The parameter must be a non-negative integer", name);
  }
  return v;
}

struct Paging {
  int64_t after = 0;
  int64_t limit = kDefaultListLimit;
};

Result<Paging> ReadPaging(const HttpRequest& req) {
  Result<int64_t> after = QueryInt(req, "after", 0);
  if (!after.ok()) return after.status();
  Result<int64_t> limit = QueryInt(req, "limit", kDefaultListLimit);
  if (!limit.ok()) return limit.status();
  return Paging{*after, std::clamp<int64_t>(*limit, 1, kMaxListLimit)};
}

Json FieldValueJson(const FieldValue& v) { return {{"value", v.value}, {"hlc", v.hlc}}; }

Json ConflictJson(const Conflict& c) {
  return {{"id", c.id},
          {"record_id", c.record_id},
          {"field", c.field},
          {"group_id", c.group_id},
          {"winning", FieldValueJson(c.winning)},
          {"losing", FieldValueJson(c.losing)},
          {"losing_device", c.losing_device},
          {"created_ms", c.created_ms},
          {"resolved", c.resolved},
          {"resolution", c.resolution},
          {"resolved_by", c.resolved_by},
          {"resolved_ms", c.resolved_ms}};
}

// What the office needs to read a list row without ids: the household a record belongs
// to (its head's name and address) and the names of devices. Looked up once per
// household and once for the devices per request.
class RowLabels {
 public:
  // The device names are read before any reader is leased (accounts_mu is never taken
  // while a store connection is held).
  static Result<std::map<std::string, std::string>> DeviceNames(ServerServices& sv) {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::vector<DeviceInfo>> devices = sv.accounts().ListDevices();
    if (!devices.ok()) return devices.status();
    std::map<std::string, std::string> out;
    for (const DeviceInfo& d : *devices) out[d.device_id] = d.name;
    return out;
  }

  RowLabels(std::map<std::string, std::string> device_names, Store& store)
      : store_(store), device_names_(std::move(device_names)) {}

  // {id, head_name, address} of the household of `record_id` (itself, or the parent
  // named by the record or by `parent_id`); null when there is none (a record the
  // server refused to create).
  Json Household(const std::string& record_id, const std::string& parent_id) {
    std::string id = record_id;
    Result<std::optional<Record>> r = store_.GetRecord(record_id);
    if (r.ok() && r->has_value() && (*r)->type != kHouseholdType) id = (*r)->parent_id;
    if (r.ok() && !r->has_value()) id = parent_id;
    if (id.empty()) return nullptr;
    auto hit = households_.find(id);
    if (hit != households_.end()) return hit->second;
    Json out = nullptr;
    Result<std::optional<Record>> h = store_.GetRecord(id);
    if (h.ok() && h->has_value() && (*h)->type == kHouseholdType) {
      std::vector<Record> members;
      Status s = store_.ForEachRecord({.type = std::string(kPersonType), .parent_id = id},
                                      [&](const Record& m) {
                                        members.push_back(m);
                                        return true;
                                      });
      if (s.ok()) {
        HouseholdSummary sum = SummarizeHousehold(**h, members);
        out = {{"id", id}, {"head_name", sum.head_name}, {"address", sum.address}};
      }
    }
    households_[id] = out;
    return out;
  }

  Json DeviceName(const std::string& device_id) const {
    auto it = device_names_.find(device_id);
    return it == device_names_.end() ? Json(nullptr) : Json(it->second);
  }

 private:
  Store& store_;
  std::map<std::string, std::string> device_names_;
  std::map<std::string, Json> households_;
};

// The shared shape of the office's paged lists (conflicts, quarantine): ?after= and
// ?limit= paging, an optional ?group=, one reader, rows with their labels; answers
// {<key>: [...], "next": <last id>}.
template <typename Query, typename Item, typename ToJson>
HttpResponse PagedList(ServerServices& sv, const HttpRequest& req, Query q, const char* key,
                       Result<std::vector<Item>> (Store::*list)(const Query&), ToJson to_json) {
  Result<Paging> paging = ReadPaging(req);
  if (!paging.ok()) return ApiError(paging.status());
  auto g = req.query.find("group");
  if (g != req.query.end()) q.groups.push_back(g->second);
  q.after_id = paging->after;
  q.limit = paging->limit;
  Result<std::map<std::string, std::string>> devices = RowLabels::DeviceNames(sv);
  if (!devices.ok()) return ApiError(devices.status());
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return ApiError(reader.status());
  Store& store = **reader;
  Result<std::vector<Item>> items = (store.*list)(q);
  if (!items.ok()) return ApiError(items.status());
  RowLabels labels(std::move(devices).value(), store);
  Json out = Json::array();
  for (const Item& e : *items) out.push_back(to_json(e, labels));
  int64_t next = items->empty() ? paging->after : items->back().id;
  return JsonResponse(200, {{key, out}, {"next", next}});
}

// Whether `field` is sensitive in the form of `record_type`, or in any form when the
// type is not known (a conflict names only its field).
bool IsSensitiveField(const SchemaSet& schemas, std::string_view record_type,
                      std::string_view field) {
  for (const FormDef& form : schemas.forms()) {
    if (!record_type.empty() && form.record_type != record_type) continue;
    const FieldDef* f = form.FindField(field);
    if (f != nullptr && f->sensitive) return true;
  }
  return false;
}

// A list that showed sensitive values is audited like a record read (docs/protocol.md
// "Audit"); when the audit cannot be written, the list is not answered.
HttpResponse AuditedList(ServerServices& sv, const Principal& who, const std::string& target,
                         const Json& sensitive, HttpResponse list) {
  if (list.status != 200 || sensitive.empty()) return list;
  Status s = sv.Audit(who.Actor(), "read_sensitive", target, {{"fields", sensitive}});
  if (!s.ok()) return ApiError(s);
  return list;
}

HttpResponse HandleConflicts(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                             const Principal& who) {
  ConflictQuery q;
  q.unresolved_only = req.query.count("unresolved") != 0 && req.query.at("unresolved") != "0";
  Json sensitive = Json::object();  // record id -> sensitive fields shown
  HttpResponse list = PagedList(sv, req, q, "conflicts", &Store::ListConflicts,
                                [&](const Conflict& c, RowLabels& labels) {
                                  Json row = ConflictJson(c);
                                  row["household"] = labels.Household(c.record_id, "");
                                  row["losing_device_name"] = labels.DeviceName(c.losing_device);
                                  if (IsSensitiveField(sv.schemas(), "", c.field))
                                    sensitive[c.record_id].push_back(c.field);
                                  return row;
                                });
  return AuditedList(sv, who, "conflicts", sensitive, std::move(list));
}

Status BadValue(std::string vi, std::string en, std::string field = {}) {
  return Status::Error("invalid_value", std::move(vi), std::move(en), std::move(field));
}

// Writes `value` to the conflicted field as a new server write through the sync apply
// path (validated like any push, logged so devices pull it), then marks the conflict
// resolved, through the caller's lease of the writer.
Result<Json> ResolveLocked(ServerServices& sv, ServerServices::WriterLease& writer, int64_t id,
                           const std::optional<Json>& value, const std::string& comment,
                           const Principal& who) {
  Store& store = writer.store();
  Result<std::optional<Conflict>> conflict = store.GetConflict(id);
  if (!conflict.ok()) return conflict.status();
  if (!conflict->has_value()) {
    return Status::Error("not_found", "Không có xung đột này", "No such conflict");
  }
  const Conflict& c = **conflict;
  Json resolution = {{"comment", comment}, {"kept", value.has_value() ? "value" : "winning"}};
  if (value.has_value()) {
    Result<std::optional<Record>> record = store.GetRecord(c.record_id);
    if (!record.ok()) return record.status();
    if (!record->has_value()) {
      return Status::Error("not_found", "Không còn bản ghi này", "The record no longer exists");
    }
    Result<ServerWriteOutcome> outcome =
        WriteFieldsAsServer(sv, writer, {ServerWriteOf(**record, c.field, *value)}, who.id);
    if (!outcome.ok()) return outcome.status();
    const PushResult& result = outcome->push.response.results.at(0);
    if (result.status == kStatusRejected) {
      return BadValue("Giá trị không hợp lệ cho trường này (" + result.code + ")",
                      "The value is not valid for this field (" + result.code + ")", "value");
    }
    resolution["value"] = *value;
    resolution["hlc"] = outcome->hlcs.at(0);
  }
  int64_t now = sv.clock().NowMs();
  SOTAY_RETURN_IF_ERROR(store.ResolveConflict(id, resolution, who.Actor(), now));
  return resolution;
}

HttpResponse HandleResolve(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                           const Principal& who) {
  int64_t id = 0;
  const std::string& text = params.at("id");
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return ApiError("not_found", "Không có xung đột này", "No such conflict");
  }
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string comment = in.String("comment");
  in.Ignore("value");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  std::optional<Json> value;
  if (body->contains("value")) value = (*body)["value"];

  // Audited before it is done: a resolution that cannot be audited is not made. The
  // audit keeps the decision, not the value (it may be sensitive).
  const std::string kept = value.has_value() ? "value" : "winning";
  if (Status audited = sv.Audit(who.Actor(), "resolve_conflict", std::to_string(id),
                                {{"comment", comment}, {"kept", kept}});
      !audited.ok()) {
    return ApiError(audited);
  }
  Result<Json> resolution = [&] {
    ServerServices::WriterLease writer = sv.Writer();
    return ResolveLocked(sv, writer, id, value, comment, who);
  }();
  if (!resolution.ok()) {
    (void)sv.Audit(who.Actor(), "resolve_conflict_failed", std::to_string(id),
                   {{"code", resolution.status().code()}});
    return ApiError(resolution.status());
  }
  return JsonResponse(200, {{"id", id}, {"resolved", true}, {"resolution", *resolution}});
}

HttpResponse HandleQuarantine(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                              const Principal& who) {
  Json sensitive = Json::object();  // record id -> sensitive fields shown
  HttpResponse list = PagedList(
      sv, req, QuarantineQuery{}, "quarantine", &Store::ListQuarantined,
      [&](const QuarantinedChange& e, RowLabels& labels) {
        if (IsSensitiveField(sv.schemas(), e.change.record_type, e.change.field)) {
          sensitive[e.change.record_id].push_back(e.change.field);
        }
        return Json{{"id", e.id},
                    {"device_id", e.change.device_id},
                    {"device_name", labels.DeviceName(e.change.device_id)},
                    {"device_seq", e.change.device_seq},
                    {"record_id", e.change.record_id},
                    {"record_type", e.change.record_type},
                    {"group_id", e.change.group_id},
                    {"field", e.change.field},
                    {"household", labels.Household(e.change.record_id, e.change.parent_id)},
                    {"code", e.code},
                    {"message", e.message},
                    {"received_ms", e.received_ms},
                    {"raw", e.raw}};
      });
  return AuditedList(sv, who, "quarantine", sensitive, std::move(list));
}

// Oldest first from `after` (as before), or newest first below `before` with newest=1;
// `actor` and `action` filter exactly. `next` continues in the same direction.
HttpResponse HandleAudit(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                         const Principal&) {
  Result<Paging> paging = ReadPaging(req);
  if (!paging.ok()) return ApiError(paging.status());
  Result<int64_t> before = QueryInt(req, "before", 0);
  if (!before.ok()) return ApiError(before.status());
  Result<int64_t> newest = QueryInt(req, "newest", 0);
  if (!newest.ok()) return ApiError(newest.status());
  if (*newest > 1) {
    return ApiError(
        Status::Error("bad_request", "newest phải là 0 hoặc 1", "newest must be 0 or 1", "newest"));
  }
  // One more than asked tells whether more exist.
  AuditQuery query{paging->after, paging->limit + 1, *newest == 1, *before, {}, {}};
  for (auto [name, target] :
       {std::pair{"actor", &query.actor}, std::pair{"action", &query.action}}) {
    auto it = req.query.find(name);
    if (it != req.query.end()) *target = it->second;
  }
  Result<std::vector<AuditEntry>> list = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().ListAudit(query);
  }();
  if (!list.ok()) return ApiError(list.status());
  const bool more = static_cast<int64_t>(list->size()) > paging->limit;
  if (more) list->pop_back();
  Json out = Json::array();
  for (const AuditEntry& e : *list) {
    out.push_back({{"id", e.id},
                   {"at", e.at_ms},
                   {"actor", e.actor},
                   {"action", e.action},
                   {"target", e.target},
                   {"detail", e.detail}});
  }
  int64_t next =
      list->empty() ? (query.newest_first ? query.before_id : paging->after) : list->back().id;
  return JsonResponse(200, {{"entries", out}, {"next", next}, {"more", more}});
}

HttpResponse HandleReview(ServerServices& sv, const HttpRequest& req, const RouteParams& params,
                          const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string state = in.String("state");
  std::optional<std::string> comment = in.OptionalString("comment");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  if (state != "approved" && state != "rejected" && state != "has_issues") {
    return ApiError(BadValue("state phải là approved, rejected hoặc has_issues",
                             "state must be approved, rejected or has_issues", "state"));
  }
  const std::string& record_id = params.at("id");
  {
    Result<ServerServices::ReaderLease> reader = sv.Reader();
    if (!reader.ok()) return ApiError(reader.status());
    Result<std::optional<Record>> record = (*reader)->GetRecord(record_id);
    if (!record.ok()) return ApiError(record.status());
    if (!record->has_value()) {
      return ApiError("not_found", "Không có bản ghi này", "No such record");
    }
  }
  ReviewState review{record_id, state, comment.value_or(""), who.Actor(), sv.clock().NowMs()};
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Status s = sv.accounts().PutReview(review);
    if (!s.ok()) return ApiError(s);
  }
  Status s =
      sv.Audit(who.Actor(), "review", record_id, {{"state", state}, {"comment", review.comment}});
  if (!s.ok()) return ApiError(s);
  return JsonResponse(200, {{"record_id", record_id},
                            {"state", state},
                            {"comment", review.comment},
                            {"by", review.by},
                            {"at", review.at_ms}});
}

}  // namespace

void RegisterOfficeRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/conflicts", Access::kOffice, HandleConflicts);
  AddGuarded(router, sv, "POST", "/api/v1/conflicts/<id>/resolve", Access::kOffice, HandleResolve);
  AddGuarded(router, sv, "GET", "/api/v1/quarantine", Access::kOffice, HandleQuarantine);
  AddGuarded(router, sv, "GET", "/api/v1/audit", Access::kOffice, HandleAudit);
  AddGuarded(router, sv, "POST", "/api/v1/records/<id>/review", Access::kOffice, HandleReview);
}

}  // namespace sotay

// GET /api/v1/schemas, POST /api/v1/sync/push, GET /api/v1/sync/pull.
#include <optional>
#include <set>
#include <string>

#include "core/household_bundle.h"
#include "server/api/api_routes.h"
#include "server/http/json_body.h"

namespace sotay {

namespace {

std::optional<std::string_view> QueryParam(const HttpRequest& req, const char* name) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return std::nullopt;
  return std::string_view(it->second);
}

// True when the batch has changes and every one names a group outside the scope: such
// a request is refused whole (403 forbidden_group) and changes nothing. A batch that
// mixes groups is applied change by change (out-of-scope ones are quarantined).
bool EntirelyOutOfScope(const Json& body, const DeviceScope& scope) {
  if (!body.is_object()) return false;
  auto it = body.find("changes");
  if (it == body.end() || !it->is_array() || it->empty()) return false;
  for (const Json& c : *it) {
    if (!c.is_object()) return false;
    auto g = c.find("group_id");
    if (g == c.end() || !g->is_string()) return false;
    if (scope.Allows(g->get<std::string>())) return false;
  }
  return true;
}

// The forms, code lists and indicators, and the office public key phones seal to: a
// rotated key (rotate-office-key) reaches every phone at its next sync.
HttpResponse HandleSchemas(ServerServices& sv, const HttpRequest&, const RouteParams&,
                           const Principal&) {
  Result<std::optional<WardInfo>> ward = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().GetWard();
  }();
  if (!ward.ok()) return ApiError(ward.status());
  Json body = sv.schemas_body();
  // A training sandbox has no office key of its own: its trainees keep the one they
  // enrolled with.
  if (ward->has_value() && !(**ward).office_public_key.empty()) {
    body["office_public_key"] = (**ward).office_public_key;
  }
  return JsonResponse(200, body);
}

// Adds the enrolled name of each conflict's other writer ("device_name", null for a
// write of the server or the office, or an unknown device), so the phone can say who
// wrote the other value. Called with no store connection held (accounts_mu order).
Json NameOtherWriters(ServerServices& sv, Json body) {
  auto results = body.find("results");
  if (results == body.end() || !results->is_array()) return body;
  std::lock_guard<std::mutex> lock(sv.accounts_mu);
  for (Json& r : *results) {
    auto other = r.find("other");
    if (other == r.end() || !other->is_object()) continue;
    Json name = nullptr;
    Result<std::optional<DeviceInfo>> d =
        sv.accounts().GetDevice(other->value("device_id", std::string()));
    if (d.ok() && d->has_value()) name = (**d).name;
    (*other)["device_name"] = std::move(name);
  }
  return body;
}

HttpResponse HandlePush(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                        const Principal& who) {
  if (who.kind != "device") {
    return ApiError(AuthError("forbidden", "Chỉ thiết bị đã đăng ký mới gửi dữ liệu đồng bộ",
                              "Only enrolled devices push changes"));
  }
  // Held until answered: a crowd of pushes is refused rather than let grow the memory
  // (the parsed body, the decoded items and the wait for the writer are several times
  // the body's size).
  std::optional<ByteBudget::Lease> held = sv.push_budget().TryTake(req.body.size());
  if (!held) {
    HttpResponse busy = ApiError("server_busy", "Máy chủ đang bận, hãy đồng bộ lại sau ít phút",
                                 "The server is busy; sync again in a few minutes");
    busy.SetHeader("Retry-After", "2");
    return busy;
  }
  // Parsing happens here, on a handler thread, before the writer is taken.
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  DeviceScope scope = who.Scope();
  if (EntirelyOutOfScope(*body, scope)) {
    return ApiError(AuthError("forbidden_group",
                              "Các thay đổi thuộc tổ dân phố ngoài phạm vi của thiết bị",
                              "The changes belong to groups outside this device's scope"));
  }
  // Decoded here, beside other pushes' writes; then applied with the pushes queued at
  // the same moment, in one commit (push_queue.h).
  Result<std::vector<PushItem>> items = sv.push_rules().DecodePush(scope, *body);
  if (!items.ok()) return ApiError(items.status());
  // The items own their values: the parsed body need not wait with them (unless a
  // sandbox looks at it afterwards).
  if (!sv.after_push) *body = Json();
  Result<PushOutcome> outcome = sv.pushes().Apply(scope, *items);
  if (!outcome.ok()) return ApiError(outcome.status());
  if (sv.after_push) sv.after_push(who, *body, *outcome);  // a sandbox's training progress
  if (outcome->conflicts > 0) return JsonResponse(200, NameOtherWriters(sv, outcome->body));
  return JsonResponse(200, outcome->body);
}

// Counts the sensitive fields in a pull page, by record type and field.
Json SensitiveFieldsOf(const SchemaSet& schemas, const std::vector<Change>& changes) {
  std::map<std::string, int64_t> counts;
  for (const Change& c : changes) {
    const FormDef* form = schemas.FindForm(c.record_type);
    const FieldDef* def = form != nullptr ? form->FindField(c.field) : nullptr;
    if (def != nullptr && def->sensitive) ++counts[c.record_type + "." + c.field];
  }
  return counts.empty() ? Json() : Json(counts);
}

// Household records in `scope`, deleted ones included.
Result<int64_t> CountHouseholds(Store& store, const DeviceScope& scope) {
  RecordQuery q;
  q.type = std::string(kHouseholdType);
  q.include_deleted = true;
  if (scope.AllGroups()) return store.CountRecords(q);
  int64_t total = 0;
  for (const std::string& g : scope.groups) {
    q.group_id = g;
    Result<int64_t> n = store.CountRecords(q);
    if (!n.ok()) return n.status();
    total += *n;
  }
  return total;
}

HttpResponse HandlePull(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                        const Principal& who) {
  Result<PullParams> params = ParsePullParams(QueryParam(req, "since"), QueryParam(req, "limit"));
  if (!params.ok()) return ApiError(params.status());
  DeviceScope scope = who.Scope();
  if (!scope.HasAnyGroup()) {
    return ApiError(AuthError("forbidden", "Thiết bị chưa được giao tổ dân phố nào",
                              "The device has no groups assigned"));
  }
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return ApiError(reader.status());
  SyncServer pull(**reader, sv.schemas(), sv.clock(), sv.hlc());
  Result<LogPage> page = pull.PullPage(scope, params->since, params->limit);
  if (!page.ok()) return ApiError(page.status());
  // Leaders read only their own groups' data, which they collected; reads of sensitive
  // fields across groups (office, admin) are audited.
  if (who.IsOffice()) {
    Result<std::vector<Change>> changes = DecodeLogPage(*page);
    if (!changes.ok()) return ApiError(changes.status());
    Json sensitive = SensitiveFieldsOf(sv.schemas(), *changes);
    if (!sensitive.is_null()) {
      Status s = sv.Audit(who.Actor(), "read_sensitive", "sync/pull",
                          {{"since", params->since}, {"next", page->next}, {"fields", sensitive}});
      if (!s.ok()) return ApiError(s);  // no unaudited read
    }
  }
  // The page is written as text straight from the stored text: no JSON per change.
  std::string text = EncodePullPageText(*page);
  if (params->since == 0 || QueryParam(req, "count") == "households") {
    // A first download, or one resumed from its cursor (which asks with
    // count=households): how many households it brings, for the phone's progress
    // ("105/200 hộ"). Deleted ones too, since they arrive as well.
    Result<int64_t> households = CountHouseholds(**reader, scope);
    if (!households.ok()) return ApiError(households.status());
    text.pop_back();  // the closing brace
    text += ",\"households_total\":" + std::to_string(*households) + "}";
  }
  return JsonTextResponse(200, std::move(text));
}

}  // namespace

void RegisterSyncRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/schemas", Access::kSync, HandleSchemas);
  AddGuarded(router, sv, "POST", "/api/v1/sync/push", Access::kSync, HandlePush);
  AddGuarded(router, sv, "GET", "/api/v1/sync/pull", Access::kSync, HandlePull);
}

}  // namespace sotay

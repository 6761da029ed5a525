// GET /api/v1/schemas, POST /api/v1/sync/push, GET /api/v1/sync/pull.
#include <optional>
#include <set>
#include <string>

#include "server/api_routes.h"
#include "server/json_body.h"

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

HttpResponse HandleSchemas(ServerServices& sv, const HttpRequest&, const RouteParams&,
                           const Principal&) {
  return JsonResponse(200, sv.schemas_body());
}

HttpResponse HandlePush(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                        const Principal& who) {
  if (who.kind != "device") {
    return ApiError(AuthError("forbidden", "Chỉ thiết bị đã đăng ký mới gửi dữ liệu đồng bộ",
                              "Only enrolled devices push changes"));
  }
  // Parsing happens here, on a handler thread, before the writer is taken.
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ErrorResponse(body.status());
  DeviceScope scope = who.Scope();
  if (EntirelyOutOfScope(*body, scope)) {
    return ApiError(AuthError("forbidden_group",
                              "Các thay đổi thuộc tổ dân phố ngoài phạm vi của thiết bị",
                              "The changes belong to groups outside this device's scope"));
  }
  // Decoded here, beside other pushes' writes; then applied with the pushes queued at
  // the same moment, in one commit (push_queue.h).
  Result<std::vector<PushItem>> items = sv.sync().DecodePush(scope, *body);
  if (!items.ok()) return ApiError(items.status());
  // The items own their values: the parsed body need not wait with them (unless a
  // sandbox looks at it afterwards).
  if (!sv.after_push) *body = Json();
  Result<PushOutcome> outcome = sv.pushes().Apply(scope, *items);
  if (!outcome.ok()) return ApiError(outcome.status());
  if (sv.after_push) sv.after_push(who, *body, *outcome);  // a sandbox's training progress
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
  return JsonTextResponse(200, EncodePullPageText(*page));
}

}  // namespace

void RegisterSyncRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/schemas", Access::kSync, HandleSchemas);
  AddGuarded(router, sv, "POST", "/api/v1/sync/push", Access::kSync, HandlePush);
  AddGuarded(router, sv, "GET", "/api/v1/sync/pull", Access::kSync, HandlePull);
}

}  // namespace sotay

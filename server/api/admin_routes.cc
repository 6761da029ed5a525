// Dashboard, admin only: devices and their revocation, enrollment codes (shown as QR
// codes by the dashboard), new groups and online backups.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>

#include "core/crypto.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/api/dashboard_util.h"
#include "server/http/json_body.h"
#include "server/store/ward_database.h"
#include "server/ward/ward_files.h"

namespace sotay {

namespace {

HttpResponse HandleDevices(ServerServices& sv, const HttpRequest&, const RouteParams&,
                           const Principal&) {
  Result<std::vector<DeviceInfo>> devices = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().ListDevices();
  }();
  if (!devices.ok()) return ApiError(devices.status());
  Json out = Json::array();
  for (const DeviceInfo& d : *devices) {
    out.push_back({{"device_id", d.device_id},
                   {"name", d.name},
                   {"role", d.role},
                   {"groups", d.groups},
                   {"enrolled_ms", d.enrolled_ms},
                   {"revoked_ms", d.revoked_ms}});
  }
  return JsonResponse(200, {{"devices", out}});
}

// Revocation, the end of the device's sessions and the audit entry in one transaction.
Result<int64_t> RevokeLocked(ServerServices& sv, const std::string& id, const Principal& who) {
  AccountStore& a = sv.accounts();
  Result<std::optional<DeviceInfo>> device = a.GetDevice(id);
  if (!device.ok()) return device.status();
  if (!device->has_value()) {
    return Status::Error("not_found", "Không có thiết bị này", "No such device");
  }
  int64_t now = sv.clock().NowMs();
  AuditEntry e{0, now, who.Actor(), "revoke", id, Json::object()};
  SOTAY_RETURN_IF_ERROR(ChangeEndingSessions(
      a, "device", id, e, [&](AccountStore& store) { return store.RevokeDevice(id, now); }));
  Result<std::optional<DeviceInfo>> after = a.GetDevice(id);
  if (!after.ok()) return after.status();
  return after->has_value() ? (*after)->revoked_ms : now;  // the first revocation is kept
}

HttpResponse HandleRevoke(ServerServices& sv, const HttpRequest&, const RouteParams& params,
                          const Principal& who) {
  const std::string& id = params.at("id");
  Result<int64_t> revoked = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return RevokeLocked(sv, id, who);
  }();
  if (!revoked.ok()) return ApiError(revoked.status());
  return JsonResponse(200, {{"device_id", id}, {"revoked_ms", *revoked}});
}

HttpResponse HandleEnrollCode(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                              const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string role = in.String("role");
  const Json& groups_json = in.Array("groups");
  std::optional<int64_t> ttl_hours = in.OptionalInt("ttl_hours");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  if (role != "leader" && role != "trainee") {
    return BadRequest("invalid_value", "role phải là leader hoặc trainee",
                      "role must be leader or trainee", "role");
  }
  int64_t ttl = ttl_hours.value_or(72);
  if (ttl < 1 || ttl > 24 * 30) {
    return BadRequest("invalid_value", "ttl_hours phải từ 1 đến 720",
                      "ttl_hours must be between 1 and 720", "ttl_hours");
  }
  std::vector<std::string> groups;
  for (const Json& g : groups_json) {
    if (!g.is_string()) {
      return ApiError("invalid_field_type", "groups phải là danh sách mã tổ",
                      "groups must be a list of group ids", "groups");
    }
    groups.push_back(g.get<std::string>());
  }
  if (role == "leader" && groups.empty()) {
    return BadRequest("invalid_value", "Mã cho tổ trưởng cần ít nhất một tổ",
                      "A leader code needs at least one group", "groups");
  }
  std::string code = crypto::RandomHumanCode();
  int64_t now = sv.clock().NowMs();
  EnrollCode stored{crypto::TokenDigest(code), role, groups, now, now + ttl * 3600 * 1000, 0, ""};
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    for (const std::string& g : groups) {
      Result<std::optional<GroupInfo>> found = sv.accounts().GetGroup(g);
      if (!found.ok()) return ApiError(found.status());
      if (!found->has_value()) {
        return BadRequest("unknown_group", "Không có tổ " + g, "No group " + g, "groups");
      }
    }
    Status s = sv.accounts().AddEnrollCode(stored);
    if (!s.ok()) return ApiError(s);
  }
  // The code itself is never audited: it is a credential until used.
  (void)sv.Audit(who.Actor(), "enroll_code", role,
                 {{"groups", groups}, {"expires_ms", stored.expires_ms}});
  return JsonResponse(200, {{"code", code}, {"expires_ms", stored.expires_ms}});
}

bool ValidGroupId(const std::string& id) {
  if (id.empty() || id.size() > 32 || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

HttpResponse HandleAddGroup(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                            const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string id = in.String("id");
  std::string name = in.String("name");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  if (!ValidGroupId(id)) {
    return BadRequest("invalid_value", "Mã tổ chỉ gồm chữ thường, số và dấu gạch (tdp-05)",
                      "A group id is lower-case letters, digits and hyphens (tdp-05)", "id");
  }
  if (name.empty()) {
    return BadRequest("invalid_value", "Cần tên tổ", "The group needs a name", "name");
  }
  GroupInfo group{id, name, sv.clock().NowMs()};
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::optional<GroupInfo>> existing = sv.accounts().GetGroup(id);
    if (!existing.ok()) return ApiError(existing.status());
    if (existing->has_value()) {
      return ApiError("group_exists", "Đã có tổ này", "The group already exists", "id");
    }
    Status s = sv.accounts().AddGroup(group);
    if (!s.ok()) return ApiError(s);
  }
  (void)sv.Audit(who.Actor(), "add_group", id, {{"name", name}});
  return JsonResponse(201, {{"id", id}, {"name", name}, {"created_ms", group.created_ms}});
}

HttpResponse HandleBackup(ServerServices& sv, const HttpRequest&, const RouteParams&,
                          const Principal& who) {
  // ward.db → ward.db.backup-20261128-031500 beside it (UTC time).
  std::time_t t = static_cast<std::time_t>(sv.clock().NowMs() / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  std::string file = sv.db_path() + ".backup-" + stamp;
  if (Status s = BackupDatabase(sv.db_path(), file); !s.ok()) return ApiError(s);
  std::error_code ec;
  auto bytes = static_cast<int64_t>(std::filesystem::file_size(file, ec));
  if (ec) bytes = 0;
  // Old copies of the ward's personal data do not pile up (backup_files.h).
  Result<std::vector<std::string>> pruned = PruneBackups(sv.db_path(), kBackupsKept);
  Json removed = pruned.ok() ? Json(*pruned) : Json::array();
  (void)sv.Audit(who.Actor(), "backup", file, {{"bytes", bytes}, {"removed", removed}});
  return JsonResponse(
      200, {{"file", file}, {"bytes", bytes}, {"kept", kBackupsKept}, {"removed", removed}});
}

}  // namespace

void RegisterAdminRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/devices", Access::kAdmin, HandleDevices);
  AddGuarded(router, sv, "POST", "/api/v1/devices/<id>/revoke", Access::kAdmin, HandleRevoke);
  AddGuarded(router, sv, "POST", "/api/v1/enroll-codes", Access::kAdmin, HandleEnrollCode);
  AddGuarded(router, sv, "POST", "/api/v1/groups", Access::kAdmin, HandleAddGroup);
  AddGuarded(router, sv, "POST", "/api/v1/backup", Access::kAdmin, HandleBackup);
}

void RegisterDashboardRoutes(Router& router, ServerServices& sv) {
  RegisterIndicatorRoutes(router, sv);
  RegisterRecordRoutes(router, sv);
  RegisterExportRoutes(router, sv);
  RegisterReportRoutes(router, sv);
  RegisterAdminRoutes(router, sv);
  RegisterSealedRoutes(router, sv);
  RegisterUserRoutes(router, sv);
  RegisterCulturalReviewRoutes(router, sv);
}

}  // namespace sotay

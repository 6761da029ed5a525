// Dashboard, admin only: the office and admin accounts — list, add, disable or enable,
// reset a password. Passwords arrive in the request body over HTTPS, are hashed with
// Argon2id (crypto::HashPassword) and never stored, logged or audited in clear.
// Disabling an account or resetting its password ends its sessions.
#include <string>

#include "core/crypto.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/api/dashboard_util.h"
#include "server/http/json_body.h"
#include "server/ward/user_rules.h"

namespace sotay {

namespace {

Json UserJson(const UserInfo& u) {
  return {{"username", u.username},
          {"role", u.role},
          {"full_name", u.full_name},
          {"disabled", u.disabled},
          {"created_ms", u.created_ms}};
}

HttpResponse BadFullName() {
  return BadRequest("invalid_value", "Họ và tên tối đa 100 ký tự, trên một dòng",
                    "A full name is at most 100 characters on one line", "full_name");
}

// weak_password unless the password is long enough; the hash otherwise.
Result<std::string> HashNewPassword(std::string& password) {
  if (password.size() < kMinPasswordLength) {
    crypto::SecureZero(password);
    return Status::Error("weak_password", "Mật khẩu cần ít nhất 8 ký tự",
                         "The password needs at least 8 characters", "password");
  }
  Result<std::string> hash = crypto::HashPassword(password);
  crypto::SecureZero(password);
  return hash;
}

HttpResponse HandleListUsers(ServerServices& sv, const HttpRequest&, const RouteParams&,
                             const Principal&) {
  Result<std::vector<UserInfo>> users = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().ListUsers();
  }();
  if (!users.ok()) return ApiError(users.status());
  Json out = Json::array();
  for (const UserInfo& u : *users) out.push_back(UserJson(u));
  return JsonResponse(200, {{"users", out}});
}

HttpResponse HandleAddUser(ServerServices& sv, const HttpRequest& req, const RouteParams&,
                           const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string username = in.String("username");
  std::string role = in.String("role");
  std::string password = in.String("password");
  std::string full_name = in.OptionalString("full_name").value_or("");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  if (!IsValidFullName(full_name)) return BadFullName();
  if (!IsValidUsername(username)) {
    return BadRequest("invalid_value", "Tên đăng nhập từ 1 đến 64 ký tự, không có dấu cách",
                      "A username is 1-64 characters without spaces", "username");
  }
  if (!IsOfficeRole(role)) {
    return BadRequest("invalid_value", "Vai trò phải là office hoặc admin",
                      "role must be office or admin", "role");
  }
  Result<std::string> hash = HashNewPassword(password);
  if (!hash.ok()) return ApiError(hash.status());
  UserInfo user{username, role, *hash, false, sv.clock().NowMs(), full_name};
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::optional<UserInfo>> existing = sv.accounts().GetUser(username);
    if (!existing.ok()) return ApiError(existing.status());
    if (existing->has_value()) {
      return ApiError("user_exists", "Đã có người dùng này", "The user already exists", "username");
    }
    Status s = sv.accounts().AddUser(user);
    if (!s.ok()) return ApiError(s);
  }
  (void)sv.Audit(who.Actor(), "add_user", username, {{"role", role}});
  return JsonResponse(201, UserJson(user));
}

// Runs `change` on an existing user, ends the user's sessions and appends the audit
// entry, all in one account transaction. not_found for an unknown user.
template <typename Change>
Result<UserInfo> ChangeUserLocked(ServerServices& sv, const std::string& username,
                                  const AuditEntry& entry, Change change) {
  AccountStore& a = sv.accounts();
  AuditEntry e = entry;
  SOTAY_RETURN_IF_ERROR(ChangeEndingSessions(a, "user", username, e, change));
  Result<std::optional<UserInfo>> after = a.GetUser(username);
  if (!after.ok()) return after.status();
  if (!after->has_value())
    return Status::Error("not_found", "Không có người dùng này", "No such user");
  return **after;
}

HttpResponse HandleDisableUser(ServerServices& sv, const HttpRequest& req,
                               const RouteParams& params, const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  bool disabled = in.Bool("disabled");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  const std::string& username = params.at("username");
  if (disabled && who.kind == "user" && who.id == username) {
    return ApiError("cannot_disable_self", "Không thể tự khoá tài khoản của mình",
                    "You cannot disable your own account");
  }
  AuditEntry entry{0,           sv.clock().NowMs(),
                   who.Actor(), disabled ? "disable_user" : "enable_user",
                   username,    Json::object()};
  Result<UserInfo> user = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return ChangeUserLocked(sv, username, entry,
                            [&](AccountStore& a) { return a.SetUserDisabled(username, disabled); });
  }();
  if (!user.ok()) return ApiError(user.status());
  return JsonResponse(200, UserJson(*user));
}

HttpResponse HandleResetPassword(ServerServices& sv, const HttpRequest& req,
                                 const RouteParams& params, const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string password = in.String("password");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  Result<std::string> hash = HashNewPassword(password);
  if (!hash.ok()) return ApiError(hash.status());
  const std::string& username = params.at("username");
  AuditEntry entry{0, sv.clock().NowMs(), who.Actor(), "reset_password", username, Json::object()};
  Result<UserInfo> user = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return ChangeUserLocked(sv, username, entry,
                            [&](AccountStore& a) { return a.SetUserPassword(username, *hash); });
  }();
  if (!user.ok()) return ApiError(user.status());
  return JsonResponse(200, UserJson(*user));
}

// The name the office's reports are signed with; sessions stay (nothing about access
// changes).
HttpResponse HandleSetFullName(ServerServices& sv, const HttpRequest& req,
                               const RouteParams& params, const Principal& who) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string full_name = in.String("full_name");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  if (!IsValidFullName(full_name)) return BadFullName();
  const std::string& username = params.at("username");
  Result<std::optional<UserInfo>> user = [&]() -> Result<std::optional<UserInfo>> {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    SOTAY_RETURN_IF_ERROR(sv.accounts().SetUserFullName(username, full_name));
    return sv.accounts().GetUser(username);
  }();
  if (!user.ok()) return ApiError(user.status());
  if (!user->has_value()) return ApiError("not_found", "Không có người dùng này", "No such user");
  (void)sv.Audit(who.Actor(), "set_full_name", username, {{"full_name", full_name}});
  return JsonResponse(200, UserJson(**user));
}

}  // namespace

void RegisterUserRoutes(Router& router, ServerServices& sv) {
  AddGuarded(router, sv, "GET", "/api/v1/admin/users", Access::kAdmin, HandleListUsers);
  AddGuarded(router, sv, "POST", "/api/v1/admin/users", Access::kAdmin, HandleAddUser);
  AddGuarded(router, sv, "POST", "/api/v1/admin/users/<username>/disable", Access::kAdmin,
             HandleDisableUser);
  AddGuarded(router, sv, "POST", "/api/v1/admin/users/<username>/name", Access::kAdmin,
             HandleSetFullName);
  AddGuarded(router, sv, "POST", "/api/v1/admin/users/<username>/password", Access::kAdmin,
             HandleResetPassword);
}

}  // namespace sotay

// POST /api/v1/enroll, /session, /login, /logout and the bearer guard.
#include <algorithm>
#include <memory>
#include <string>

#include "core/crypto.h"
#include "server/api_routes.h"
#include "server/dashboard_routes.h"
#include "server/json_body.h"
#include "server/training.h"

namespace sotay {

namespace {

HttpResponse Unauthorized(const Status& s) {
  HttpResponse r = ApiError(s);
  if (r.status == 401) r.SetHeader("WWW-Authenticate", "Bearer realm=\"sotay\"");
  return r;
}

HttpResponse HandleEnroll(ServerServices& sv, LoginThrottle& throttle, const HttpRequest& req) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ErrorResponse(body.status());
  ObjectReader in(*body);
  std::string code = in.String("code");
  std::string name = in.String("device_name");
  std::string key = in.String("public_key");
  if (Status s = in.Finish(); !s.ok()) return ErrorResponse(s);

  // Failed enrollments count against the caller's address like failed logins: human
  // codes are short.
  std::string ip_key = "ip:" + req.remote_addr;
  int64_t now = sv.clock().NowMs();
  if (int64_t wait = throttle.RetryAfterS(ip_key, now); wait > 0) {
    HttpResponse r = ErrorResponse(429, "too_many_attempts", "Thử sai quá nhiều lần, hãy đợi",
                                   "Too many failed attempts; wait and retry");
    r.SetHeader("Retry-After", std::to_string(wait));
    return r;
  }
  Result<EnrolledDevice> enrolled = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return EnrollDevice(sv.accounts(), sv.clock(), code, name, key);
  }();
  if (!enrolled.ok()) {
    if (enrolled.status().code() == "enroll_code_invalid") throttle.Fail(ip_key, now);
    return ApiError(enrolled.status());
  }
  throttle.Succeed(ip_key);
  const DeviceInfo& d = enrolled->device;
  if (d.role == "trainee" && sv.training() != nullptr) sv.training()->OnEnrolled(code, d);
  (void)sv.Audit("device:" + d.device_id, "enroll", d.device_id,
                 {{"name", d.name}, {"role", d.role}, {"groups", d.groups}});
  return JsonResponse(201, {{"device_id", d.device_id},
                            {"role", d.role},
                            {"groups", d.groups},
                            {"office_public_key", enrolled->office_public_key}});
}

HttpResponse HandleSession(ServerServices& sv, const HttpRequest& req) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ErrorResponse(body.status());
  ObjectReader in(*body);
  std::string device_id = in.String("device_id");
  int64_t ts = in.Int("timestamp_s");
  std::string sig = in.String("signature");
  if (Status s = in.Finish(); !s.ok()) return ErrorResponse(s);
  Result<IssuedToken> token = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return OpenDeviceSession(sv.accounts(), sv.clock(), device_id, ts, sig);
  }();
  if (!token.ok()) return Unauthorized(token.status());
  return JsonResponse(
      200, {{"token", token->token}, {"expires_at", token->expires_ms}, {"role", token->role}});
}

HttpResponse HandleLogin(ServerServices& sv, LoginThrottle& throttle, const HttpRequest& req) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ErrorResponse(body.status());
  ObjectReader in(*body);
  std::string username = in.String("username");
  std::string password = in.String("password");
  if (Status s = in.Finish(); !s.ok()) return ErrorResponse(s);

  int64_t now = sv.clock().NowMs();
  std::string user_key = "user:" + username, ip_key = "ip:" + req.remote_addr;
  int64_t wait = std::max(throttle.RetryAfterS(user_key, now), throttle.RetryAfterS(ip_key, now));
  if (wait > 0) {
    HttpResponse r =
        ErrorResponse(429, "too_many_attempts", "Đăng nhập sai quá nhiều lần, hãy đợi rồi thử lại",
                      "Too many failed sign-ins; wait and retry");
    r.SetHeader("Retry-After", std::to_string(wait));
    return r;
  }
  Result<std::optional<UserInfo>> user = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().GetUser(username);
  }();
  if (!user.ok()) return ApiError(user.status());
  // Argon2id verification is slow on purpose: outside the accounts lock.
  bool good = user->has_value() && !(*user)->disabled &&
              crypto::VerifyPassword((*user)->password_hash, password);
  crypto::SecureZero(password);
  if (!good) {
    now = sv.clock().NowMs();  // after the slow verification
    throttle.Fail(user_key, now);
    throttle.Fail(ip_key, now);
    (void)sv.Audit("user:" + username, "login_failed", username, {{"ip", req.remote_addr}});
    return Unauthorized(AuthError("bad_credentials", "Sai tên đăng nhập hoặc mật khẩu",
                                  "Wrong username or password"));
  }
  throttle.Succeed(user_key);
  throttle.Succeed(ip_key);
  Result<IssuedToken> token = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return OpenUserSession(sv.accounts(), sv.clock(), **user);
  }();
  if (!token.ok()) return ApiError(token.status());
  (void)sv.Audit("user:" + username, "login", username, {{"ip", req.remote_addr}});
  return JsonResponse(
      200, {{"token", token->token}, {"expires_at", token->expires_ms}, {"role", token->role}});
}

}  // namespace

RouteHandler Guarded(ServerServices& sv, Access access, GuardedHandler fn) {
  return [&sv, access, fn = std::move(fn)](const HttpRequest& req,
                                           const RouteParams& params) -> HttpResponse {
    Result<Principal> who = [&] {
      std::lock_guard<std::mutex> lock(sv.accounts_mu);
      return AuthenticateBearer(sv.accounts(), sv.clock(), req.Header("Authorization"));
    }();
    if (!who.ok()) return Unauthorized(who.status());
    const std::string& role = who->role;
    if (role == "trainee") {
      if (access == Access::kTrainee) return fn(sv, req, params, *who);
      if (access != Access::kSync || sv.training() == nullptr) {
        return ApiError(AuthError("trainee_not_allowed",
                                  "Thiết bị tập huấn chỉ dùng được dữ liệu tập huấn",
                                  "Training devices may only use the training sandbox"));
      }
      Result<std::shared_ptr<ServerServices>> sandbox = sv.training()->SandboxFor(*who);
      if (!sandbox.ok()) return ApiError(sandbox.status());
      return fn(**sandbox, req, params, *who);  // the shared_ptr outlives the call
    }
    if (access == Access::kTrainee) {
      return ApiError(AuthError("training_only", "Chỉ thiết bị tập huấn dùng chức năng này",
                                "Only training devices use this endpoint"));
    }
    bool allowed = access == Access::kSync     ? (role == "leader" || who->IsOffice())
                   : access == Access::kOffice ? who->IsOffice()
                                               : role == "admin";
    if (!allowed) {
      return ApiError(AuthError("forbidden", "Vai trò của bạn không được dùng chức năng này",
                                "Your role may not use this endpoint"));
    }
    return fn(sv, req, params, *who);
  };
}

void AddGuarded(Router& router, ServerServices& sv, const std::string& method,
                const std::string& pattern, Access access, ServiceHandler fn) {
  router.Add(method, pattern, Guarded(sv, access, fn));
}

void RegisterAuthRoutes(Router& router, ServerServices& sv) {
  // Human enrollment codes are short: failed attempts slow the caller's address down.
  auto enroll_throttle = std::make_shared<LoginThrottle>(10);
  router.Add("POST", "/api/v1/enroll",
             [&sv, enroll_throttle](const HttpRequest& req, const RouteParams&) {
               return HandleEnroll(sv, *enroll_throttle, req);
             });
  router.Add("POST", "/api/v1/session",
             [&sv](const HttpRequest& req, const RouteParams&) { return HandleSession(sv, req); });
  auto throttle = std::make_shared<LoginThrottle>();
  router.Add("POST", "/api/v1/login", [&sv, throttle](const HttpRequest& req, const RouteParams&) {
    return HandleLogin(sv, *throttle, req);
  });
  router.Add("POST", "/api/v1/logout",
             [&sv](const HttpRequest& req, const RouteParams&) -> HttpResponse {
               Result<Principal> who = [&] {
                 std::lock_guard<std::mutex> lock(sv.accounts_mu);
                 return AuthenticateBearer(sv.accounts(), sv.clock(), req.Header("Authorization"));
               }();
               if (!who.ok()) return Unauthorized(who.status());
               std::lock_guard<std::mutex> lock(sv.accounts_mu);
               Status s = sv.accounts().DeleteSession(who->token_digest);
               if (!s.ok()) return ApiError(s);
               HttpResponse r;
               r.status = 204;
               return r;
             });
}

void RegisterApiRoutes(Router& router, AppContext& ctx) {
  if (ctx.services == nullptr) return;
  RegisterAuthRoutes(router, *ctx.services);
  RegisterSyncRoutes(router, *ctx.services);
  RegisterOfficeRoutes(router, *ctx.services);
  RegisterTrainingRoutes(router, *ctx.services);
  RegisterDashboardRoutes(router, *ctx.services);  // dashboard_routes.h
}

}  // namespace sotay

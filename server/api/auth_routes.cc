// POST /api/v1/enroll, /session, /login, /logout and the bearer guard.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/crypto.h"
#include "server/api/api_routes.h"
#include "server/api/dashboard_routes.h"
#include "server/http/json_body.h"
#include "server/ward/login_guard.h"
#include "server/ward/training.h"

namespace sotay {

namespace {

// How long a sign-in waits for a password-check slot before it is answered "busy".
constexpr std::chrono::milliseconds kPasswordSlotWait{300};

HttpResponse Unauthorized(const Status& s) {
  HttpResponse r = ApiError(s);
  if (r.status == 401) r.SetHeader("WWW-Authenticate", "Bearer realm=\"sotay\"");
  return r;
}

HttpResponse TooManyAttempts(int64_t wait_s, std::string_view vi, std::string_view en) {
  HttpResponse r = ApiError("too_many_attempts", vi, en);
  r.SetHeader("Retry-After", std::to_string(wait_s));
  return r;
}

HttpResponse HandleEnroll(ServerServices& sv, AttemptThrottle& throttle, const HttpRequest& req) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string code = in.String("code");
  std::string name = in.String("device_name");
  std::string key = in.String("public_key");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);

  // Enrollment attempts count against the caller's address like sign-ins: human codes
  // are short.
  const std::string& address = req.remote_addr;
  if (int64_t wait = throttle.BeginAttempt(address, sv.clock().NowMs()); wait > 0) {
    return TooManyAttempts(wait, "Thử sai quá nhiều lần, hãy đợi",
                           "Too many failed attempts; wait and retry");
  }
  Result<EnrolledDevice> enrolled = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return EnrollDevice(sv.accounts(), sv.clock(), code, name, key);
  }();
  if (!enrolled.ok()) return ApiError(enrolled.status());
  throttle.Succeed(address);
  const DeviceInfo& d = enrolled->device;
  if (d.role == "trainee" && sv.training() != nullptr) sv.training()->OnEnrolled(code, d);
  // An enrollment that cannot be audited is not answered (the code is spent: the
  // office gives a new one once the disk is fixed).
  Status audited = sv.Audit("device:" + d.device_id, "enroll", d.device_id,
                            {{"name", d.name}, {"role", d.role}, {"groups", d.groups}});
  if (!audited.ok()) return ApiError(audited);
  return JsonResponse(201, {{"device_id", d.device_id},
                            {"role", d.role},
                            {"groups", d.groups},
                            {"office_public_key", enrolled->office_public_key}});
}

HttpResponse HandleSession(ServerServices& sv, const HttpRequest& req) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string device_id = in.String("device_id");
  int64_t ts = in.Int("timestamp_s");
  std::string sig = in.String("signature");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);
  Result<IssuedToken> token = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return OpenDeviceSession(sv.accounts(), sv.clock(), device_id, ts, sig);
  }();
  if (!token.ok()) return Unauthorized(token.status());
  return JsonResponse(
      200, {{"token", token->token}, {"expires_at", token->expires_ms}, {"role", token->role}});
}

// What guards the sign-in route (login_guard.h).
struct LoginGuards {
  explicit LoginGuards(int password_slots) : gate(password_slots) {}
  AttemptThrottle per_address{5};
  AccountDelay per_account;
  PasswordCheckGate gate;
};

// A hash of a random password with the current limits: unknown and disabled users are
// checked against it, so they take as long as a real account (no name enumeration).
const std::string& DecoyPasswordHash() {
  static const std::string hash = *crypto::HashPassword(crypto::RandomToken());
  return hash;
}

HttpResponse HandleLogin(ServerServices& sv, LoginGuards& guards, const HttpRequest& req) {
  Result<Json> body = ParseJsonBody(req);
  if (!body.ok()) return ApiError(body.status());
  ObjectReader in(*body);
  std::string username = in.String("username");
  std::string password = in.String("password");
  if (Status s = in.Finish(); !s.ok()) return ApiError(s);

  // Counted before the check: parallel guesses from one address cannot outrun the count.
  const std::string& address = req.remote_addr;
  if (int64_t wait = guards.per_address.BeginAttempt(address, sv.clock().NowMs()); wait > 0) {
    return TooManyAttempts(wait,
                           "Đăng nhập sai quá nhiều lần từ máy này. Hãy đợi " +
                               std::to_string(wait) + " giây rồi thử lại",
                           "Too many failed sign-ins from this address; wait " +
                               std::to_string(wait) + " seconds and retry");
  }
  Result<std::optional<UserInfo>> user = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return sv.accounts().GetUser(username);
  }();
  if (!user.ok()) return ApiError(user.status());
  const bool usable = user->has_value() && !(*user)->disabled;
  // An account being guessed slows its checks; one sign-in at a time waits out the
  // delay, others are answered at once, so guesses cannot park every handler thread.
  if (int64_t delay = guards.per_account.BeginCheck(username);
      delay == AccountDelay::kAlreadyWaiting) {
    crypto::SecureZero(password);
    guards.per_address.Refund(address);  // nothing was checked
    return TooManyAttempts(1,
                           "Tài khoản này đang bị thử mật khẩu nhiều lần. Hãy đợi vài giây "
                           "rồi thử lại",
                           "This account is being tried many times; wait a few seconds "
                           "and retry");
  } else if (delay > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    guards.per_account.EndWait(username);
  }
  bool good = false;
  {
    PasswordCheckGate::Pass pass = guards.gate.Enter(kPasswordSlotWait);
    if (!pass.ok()) {
      crypto::SecureZero(password);
      guards.per_address.Refund(address);  // not the caller's fault: no attempt spent
      HttpResponse r = ApiError("server_busy", "Máy chủ đang bận, hãy thử lại sau vài giây",
                                "The server is busy; retry in a few seconds");
      r.SetHeader("Retry-After", "2");
      return r;
    }
    // Argon2id is slow on purpose, outside the accounts lock; the same cost whether the
    // account exists or not.
    const std::string& hash = usable ? (*user)->password_hash : DecoyPasswordHash();
    good = crypto::VerifyPassword(hash, password) && usable;
  }
  crypto::SecureZero(password);
  if (!good) {
    guards.per_account.Fail(username);
    (void)sv.Audit("user:" + username, "login_failed", username, {{"ip", address}});
    return Unauthorized(AuthError("bad_credentials", "Sai tên đăng nhập hoặc mật khẩu",
                                  "Wrong username or password"));
  }
  guards.per_address.Succeed(address);
  guards.per_account.Succeed(username);
  // No token without its audit entry.
  if (Status audited = sv.Audit("user:" + username, "login", username, {{"ip", address}});
      !audited.ok()) {
    return ApiError(audited);
  }
  Result<IssuedToken> token = [&] {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    return OpenUserSession(sv.accounts(), sv.clock(), **user);
  }();
  if (!token.ok()) return ApiError(token.status());
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

void RegisterAuthRoutes(Router& router, ServerServices& sv, int password_slots) {
  // Human enrollment codes are short: failed attempts slow the caller's address down.
  auto enroll_throttle = std::make_shared<AttemptThrottle>(10);
  router.Add("POST", "/api/v1/enroll",
             [&sv, enroll_throttle](const HttpRequest& req, const RouteParams&) {
               return HandleEnroll(sv, *enroll_throttle, req);
             });
  router.Add("POST", "/api/v1/session",
             [&sv](const HttpRequest& req, const RouteParams&) { return HandleSession(sv, req); });
  auto guards = std::make_shared<LoginGuards>(password_slots);
  router.Add("POST", "/api/v1/login", [&sv, guards](const HttpRequest& req, const RouteParams&) {
    return HandleLogin(sv, *guards, req);
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
  RegisterAuthRoutes(router, *ctx.services, ctx.password_check_slots);
  RegisterSyncRoutes(router, *ctx.services);
  RegisterOfficeRoutes(router, *ctx.services);
  RegisterTrainingRoutes(router, *ctx.services);
  RegisterDashboardRoutes(router, *ctx.services);  // dashboard_routes.h
}

}  // namespace sotay

// Authentication and authorization of API calls (docs/protocol.md "Enrollment and sessions",
// "Roles and scope").
//
// Devices enroll once with a one-time code and then open sessions by signing
// `sotay-session|<device_id>|<timestamp_s>` with their Ed25519 key; office and admin
// people log in with a password. Either way the caller gets a random bearer token
// (crypto::RandomToken) that the server keeps only as its digest, with the subject's
// role and groups; every other /api/v1 route needs it.
//
// Error codes (their HTTP status: ApiStatusFor, api_error.h):
//   unauthorized 401     no, malformed or unknown bearer token; unknown device at /session
//   token_expired 401    a token past its expiry
//   bad_signature 401, clock_skew 401, bad_credentials 401
//   device_revoked 403   a revoked device opening a session or using a token
//   enroll_code_invalid 403   unknown, used or expired enrollment code
//   invalid_public_key 400    not base64 of a 32-byte Ed25519 key
//   forbidden 403        a role the route does not allow
//   trainee_not_allowed 403   a trainee token on a production route
//   too_many_attempts 429     repeated failed sign-ins from one address (login_guard.h)
//   server_busy 503      every password-check slot taken (login_guard.h)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "server/ward/accounts.h"
#include "sync/scope.h"

namespace sotay {

inline constexpr int64_t kDeviceTokenTtlMs = 12LL * 3600 * 1000;
inline constexpr int64_t kUserTokenTtlMs = 8LL * 3600 * 1000;
inline constexpr int64_t kSessionSkewS = 300;

// The authenticated caller of a request.
struct Principal {
  std::string kind;  // "device" or "user"
  std::string id;    // device_id or username
  std::string role;  // leader, trainee, office, admin
  std::vector<std::string> groups;
  std::string token_digest;

  std::string Actor() const { return kind + ":" + id; }
  bool IsOffice() const { return role == "office" || role == "admin"; }
  // The sync scope: a device's own id as node; people write as "server" (their writes go
  // through server-issued HLCs).
  DeviceScope Scope() const;
};

// The message a device signs to open a session.
std::string SessionMessage(std::string_view device_id, int64_t timestamp_s);

struct IssuedToken {
  std::string token;  // shown once to the caller, stored only as its digest
  int64_t expires_ms = 0;
  std::string role;
};

struct EnrolledDevice {
  DeviceInfo device;
  std::string office_public_key;  // base64
};

// The account operations behind the auth routes and the CLI. Each is one short
// transaction on `accounts`; the caller serialises access to it.
Result<EnrolledDevice> EnrollDevice(AccountStore& accounts, const Clock& clock,
                                    std::string_view code, std::string_view device_name,
                                    std::string_view public_key_b64);
Result<IssuedToken> OpenDeviceSession(AccountStore& accounts, const Clock& clock,
                                      std::string_view device_id, int64_t timestamp_s,
                                      std::string_view signature_b64);
// A session for a user whose password the caller has verified.
Result<IssuedToken> OpenUserSession(AccountStore& accounts, const Clock& clock,
                                    const UserInfo& user);
// Resolves "Bearer <token>" (the Authorization header's value).
Result<Principal> AuthenticateBearer(AccountStore& accounts, const Clock& clock,
                                     std::string_view authorization);

// "user:" / "device:" prefix-free error helper.
Status AuthError(std::string code, std::string vi, std::string en);

}  // namespace sotay

#include "server/ward/auth.h"

#include <algorithm>
#include <cctype>

#include "core/crypto.h"
#include "core/hlc.h"
#include "core/ids.h"

namespace sotay {

Status AuthError(std::string code, std::string vi, std::string en) {
  return Status::Error(std::move(code), std::move(vi), std::move(en));
}

DeviceScope Principal::Scope() const {
  if (kind == "device") return DeviceScope{id, role, groups, {}};
  return DeviceScope{std::string(kServerNode), role, groups, id};
}

std::string SessionMessage(std::string_view device_id, int64_t timestamp_s) {
  return "sotay-session|" + std::string(device_id) + "|" + std::to_string(timestamp_s);
}

namespace {

Status EnrollCodeInvalid() {
  return AuthError("enroll_code_invalid", "Mã đăng ký không hợp lệ, đã dùng hoặc đã hết hạn",
                   "The enrollment code is unknown, used or expired");
}

Result<IssuedToken> OpenSession(AccountStore& accounts, const Clock& clock, std::string kind,
                                std::string id, std::string role, std::vector<std::string> groups,
                                int64_t ttl_ms) {
  IssuedToken issued;
  issued.token = crypto::RandomToken();
  int64_t now = clock.NowMs();
  issued.expires_ms = now + ttl_ms;
  issued.role = role;
  Session s{crypto::TokenDigest(issued.token),
            std::move(kind),
            std::move(id),
            std::move(role),
            std::move(groups),
            now,
            issued.expires_ms};
  // Expired rows are dropped here rather than by a timer: sessions are opened a few
  // times a day per device.
  SOTAY_RETURN_IF_ERROR(accounts.DeleteExpiredSessions(now));
  SOTAY_RETURN_IF_ERROR(accounts.AddSession(s));
  return issued;
}

}  // namespace

Result<EnrolledDevice> EnrollDevice(AccountStore& accounts, const Clock& clock,
                                    std::string_view code, std::string_view device_name,
                                    std::string_view public_key_b64) {
  Result<std::string> key = crypto::Base64Decode(public_key_b64);
  if (!key.ok() || key->size() != crypto::kSigningPublicKeySize) {
    return Status::Error("invalid_public_key",
                         "Khoá công khai phải là khoá Ed25519 32 byte mã hoá base64",
                         "public_key must be a base64 32-byte Ed25519 key", "public_key");
  }
  if (device_name.empty() || device_name.size() > 200) {
    return Status::Error("invalid_device_name", "Tên thiết bị phải có từ 1 đến 200 byte",
                         "device_name must be 1 to 200 bytes", "device_name");
  }
  // Codes are typed by people: accept any spacing or case of a human code; a longer
  // QR token is taken as it is.
  Result<std::string> normal = crypto::NormalizeHumanCode(code);
  std::string digest = crypto::TokenDigest(normal.ok() ? *normal : std::string(code));

  Result<std::optional<WardInfo>> ward = accounts.GetWard();
  if (!ward.ok()) return ward.status();
  if (!ward->has_value()) {
    return Status::Error("not_initialized", "Cơ sở dữ liệu chưa được khởi tạo (init)",
                         "The database has not been initialised (init)");
  }

  EnrolledDevice out;
  out.device.device_id = NewUuid();
  out.device.name = std::string(device_name);
  out.device.public_key = std::string(public_key_b64);
  out.device.enrolled_ms = clock.NowMs();
  out.office_public_key = (*ward)->office_public_key;

  SOTAY_RETURN_IF_ERROR(accounts.Begin());
  Result<std::optional<EnrollCode>> claimed =
      accounts.ClaimEnrollCode(digest, out.device.enrolled_ms, out.device.device_id);
  if (!claimed.ok() || !claimed->has_value()) {
    (void)accounts.Rollback();
    return claimed.ok() ? EnrollCodeInvalid() : claimed.status();
  }
  out.device.role = (*claimed)->role;
  out.device.groups = (*claimed)->groups;
  Status s = accounts.AddDevice(out.device);
  if (!s.ok()) {
    (void)accounts.Rollback();
    return s;
  }
  SOTAY_RETURN_IF_ERROR(accounts.Commit());
  return out;
}

Result<IssuedToken> OpenDeviceSession(AccountStore& accounts, const Clock& clock,
                                      std::string_view device_id, int64_t timestamp_s,
                                      std::string_view signature_b64) {
  Result<std::optional<DeviceInfo>> device = accounts.GetDevice(device_id);
  if (!device.ok()) return device.status();
  if (!device->has_value()) {
    return AuthError("unauthorized", "Thiết bị chưa đăng ký", "Unknown device");
  }
  const DeviceInfo& d = **device;
  int64_t now_s = clock.NowMs() / 1000;
  if (timestamp_s < now_s - kSessionSkewS || timestamp_s > now_s + kSessionSkewS) {
    return AuthError("clock_skew",
                     "Đồng hồ của máy lệch quá 5 phút; hãy chỉnh lại giờ của điện thoại",
                     "The device clock is more than 5 minutes off; set the phone's time");
  }
  Result<std::string> key = crypto::Base64Decode(d.public_key);
  Result<std::string> sig = crypto::Base64Decode(signature_b64);
  if (!key.ok() || !sig.ok() ||
      !crypto::Verify(*key, SessionMessage(device_id, timestamp_s), *sig)) {
    return AuthError("bad_signature", "Chữ ký không hợp lệ", "The signature is not valid");
  }
  if (d.revoked_ms != 0) {
    return AuthError("device_revoked", "Thiết bị này đã bị thu hồi quyền truy cập",
                     "This device has been revoked");
  }
  Result<bool> fresh =
      accounts.ClaimSessionStamp(device_id, timestamp_s, now_s - 2 * kSessionSkewS);
  if (!fresh.ok()) return fresh.status();
  if (!*fresh) {
    return AuthError("session_replayed",
                     "Yêu cầu phiên này đã được dùng một lần; hãy thử lại sau một giây",
                     "This session request was already used once; try again in a second");
  }
  return OpenSession(accounts, clock, "device", d.device_id, d.role, d.groups, kDeviceTokenTtlMs);
}

Result<IssuedToken> OpenUserSession(AccountStore& accounts, const Clock& clock,
                                    const UserInfo& user) {
  return OpenSession(accounts, clock, "user", user.username, user.role, {}, kUserTokenTtlMs);
}

Result<Principal> AuthenticateBearer(AccountStore& accounts, const Clock& clock,
                                     std::string_view authorization) {
  constexpr std::string_view kPrefix = "Bearer ";
  if (authorization.size() <= kPrefix.size() ||
      !std::equal(kPrefix.begin(), kPrefix.end(), authorization.begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return AuthError("unauthorized", "Cần đăng nhập (thiếu mã phiên Bearer)",
                     "Authentication required (missing Bearer token)");
  }
  std::string_view token = authorization.substr(kPrefix.size());
  Result<std::optional<Session>> session = accounts.GetSession(crypto::TokenDigest(token));
  if (!session.ok()) return session.status();
  if (!session->has_value()) {
    return AuthError("unauthorized", "Mã phiên không hợp lệ", "Unknown session token");
  }
  const Session& s = **session;
  if (s.expires_ms <= clock.NowMs()) {
    return AuthError("token_expired", "Phiên làm việc đã hết hạn, hãy đăng nhập lại",
                     "The session has expired; sign in again");
  }
  if (s.subject_kind == "device") {
    // Revocation takes effect on live tokens too, also when done by the CLI.
    Result<std::optional<DeviceInfo>> d = accounts.GetDevice(s.subject_id);
    if (!d.ok()) return d.status();
    if (!d->has_value() || (*d)->revoked_ms != 0) {
      return AuthError("device_revoked", "Thiết bị này đã bị thu hồi quyền truy cập",
                       "This device has been revoked");
    }
  } else {
    Result<std::optional<UserInfo>> u = accounts.GetUser(s.subject_id);
    if (!u.ok()) return u.status();
    if (!u->has_value() || (*u)->disabled) {
      return AuthError("unauthorized", "Tài khoản không còn hiệu lực", "The account is disabled");
    }
  }
  return Principal{s.subject_kind, s.subject_id, s.role, s.groups, s.digest};
}

}  // namespace sotay

// Fuzz target: the server's HTTP request path, from raw bytes to a response —
// Beast's parser with the server's limits, target parsing, routing, authentication
// and every handler behind it (AnswerRequestBytes in server/http/http_server.h), over a
// real ward database in /dev/shm made once per process.
//
// The input is the request as sent on a socket. The placeholders "@DEVICE@" and
// "@OFFICE@" are replaced by bearer tokens of an enrolled phone (groups tdp-01,
// tdp-02) and of an office user, so seeds reach the handlers past authentication.
// Inputs that name "/logout" are skipped: logging out would end those sessions for
// every later input (the router matches literal path segments exactly, undecoded).
// Properties: every answer has a status from 100 to 599 but never 500 (bad input is
// the client's fault: a 500 means a handler threw or used an unclassified code), and
// an error in JSON has a stable error code.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "server/api/app_context.h"
#include "server/api/routes.h"
#include "server/http/gzip.h"
#include "server/http/http_app.h"
#include "server/http/http_server.h"
#include "server/http/metrics.h"
#include "server/http/router.h"
#include "server/ward/accounts.h"
#include "server/ward/auth.h"
#include "server/ward/services.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

// The ward's folder, removed when the process exits (libFuzzer ends with exit()).
std::string& WardDir() {
  static std::string* dir = new std::string();
  return *dir;
}

void RemoveWardDir() {
  std::error_code ignored;
  std::filesystem::remove_all(WardDir(), ignored);
}

struct Ward {
  std::string device_token;
  std::string office_token;
  std::unique_ptr<sotay::ServerServices> services;
  sotay::Metrics metrics;
  sotay::AppContext context;
  sotay::Router router;
  std::unique_ptr<sotay::HttpApp> app;
  sotay::HttpServerOptions limits;

  Ward() {
    namespace crypto = sotay::crypto;
    char dir[] = "/dev/shm/sotay-fuzz-XXXXXX";
    Check(mkdtemp(dir) != nullptr);
    WardDir() = dir;
    std::atexit(RemoveWardDir);
    const std::string db_path = std::string(dir) + "/ward.db";
    const sotay::Clock& clock = sotay::SystemClock::Default();
    {
      sotay::Result<sotay::OpenedDatabase> db = sotay::OpenDatabase(db_path);
      Check(db.ok());
      sotay::AccountStore& a = *db->accounts;
      crypto::BoxKeyPair keys = crypto::GenerateBoxKeyPair();
      sotay::Result<std::string> wrapped =
          crypto::WrapSecret("office pass", keys.secret_key, crypto::PwhashLimits::Minimum());
      Check(wrapped.ok());
      Check(a.PutWard({"Phường Kiến An", crypto::Base64Encode(keys.public_key), *wrapped, 1}).ok());
      Check(a.AddGroup({"tdp-01", "Tổ dân phố số 1", 1}).ok());
      Check(a.AddGroup({"tdp-02", "Tổ dân phố số 2", 1}).ok());
      sotay::UserInfo lan{"lan", "office", *crypto::HashPassword("mat-khau-1"), false, 1, ""};
      Check(a.AddUser(lan).ok());
      sotay::Result<sotay::IssuedToken> office = sotay::OpenUserSession(a, clock, lan);
      Check(office.ok());
      office_token = office->token;

      const std::string code = crypto::RandomHumanCode();
      const int64_t now = clock.NowMs();
      Check(a.AddEnrollCode({crypto::TokenDigest(code),
                             "leader",
                             {"tdp-01", "tdp-02"},
                             now,
                             now + 3'600'000,
                             0,
                             ""})
                .ok());
      crypto::SigningKeyPair phone = crypto::GenerateSigningKeyPair();
      sotay::Result<sotay::EnrolledDevice> device = sotay::EnrollDevice(
          a, clock, code, "Điện thoại tổ trưởng", crypto::Base64Encode(phone.public_key));
      Check(device.ok());
      const std::string& id = device->device.device_id;
      const int64_t ts = now / 1000;
      sotay::Result<std::string> sig =
          crypto::Sign(phone.secret_key, sotay::SessionMessage(id, ts));
      Check(sig.ok());
      sotay::Result<sotay::IssuedToken> session =
          sotay::OpenDeviceSession(a, clock, id, ts, crypto::Base64Encode(*sig));
      Check(session.ok());
      device_token = session->token;
    }
    sotay::Result<std::unique_ptr<sotay::ServerServices>> opened =
        sotay::ServerServices::Open({.db_path = db_path, .schemas_dir = SOTAY_SCHEMA_DIR});
    Check(opened.ok());
    services = std::move(opened).value();
    context.db_path = db_path;
    context.metrics = &metrics;
    context.services = services.get();
    sotay::RegisterAllRoutes(router, context);
    Check(router.status().ok());
    app = std::make_unique<sotay::HttpApp>(router, metrics);
    limits.body_limit = 1 << 20;
  }
};

void ReplaceAll(std::string& s, std::string_view from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Ward* ward = new Ward();  // lives for the process; its files stay in /dev/shm
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.find("/logout") != std::string::npos) return 0;
  ReplaceAll(bytes, "@DEVICE@", ward->device_token);
  ReplaceAll(bytes, "@OFFICE@", ward->office_token);
  std::optional<sotay::HttpResponse> r = sotay::AnswerRequestBytes(*ward->app, bytes, ward->limits);
  if (!r) return 0;
  Check(r->status >= 100 && r->status <= 599 && r->status != 500);
  if (r->status >= 400 && r->content_type.starts_with("application/json")) {
    // An error long enough (e.g. one quoting a long method name) is gzipped like any
    // other answer when the request accepts gzip.
    std::string text = r->body;
    if (r->Header("Content-Encoding") == "gzip") {
      sotay::Result<std::string> plain = sotay::GzipDecompress(r->body);
      Check(plain.ok());
      text = std::move(*plain);
    }
    sotay::Json body = sotay::Json::parse(text, nullptr, false);
    Check(body.is_object() && body.contains("error") && body["error"].contains("code") &&
          body["error"]["code"].is_string() && !body["error"]["code"].get<std::string>().empty());
  }
  return 0;
}

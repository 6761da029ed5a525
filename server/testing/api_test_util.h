// A ward database and an in-process server for the API tests, with helpers that act as
// enrolled phones and office users.
//
// By default a WardServer does not listen: its clients (ApiClient, Phone) hand each
// request to the server's HttpApp::Handle in the test's thread (in_process_client.h), so
// the API tests need no socket. A test of what only the socket path does (the body and
// header limits, keep-alive, connection caps, timeouts, TLS, client addresses and
// forwarding headers, the handler pool) makes its ward with Transport::kLoopback: the
// same clients then go over 127.0.0.1 (tests/integration/http_test_client.h).
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "core/hlc.h"
#include "core/ids.h"
#include "server/cli/serve.h"
#include "server/testing/in_process_client.h"
#include "server/ward/accounts.h"
#include "server/ward/auth.h"
#include "server/ward/services.h"
#include "tests/integration/http_test_client.h"
#include "tests/temp_dir.h"

namespace sotay::testing {

inline std::string SchemasDir() { return SOTAY_SCHEMA_DIR; }

inline const HeaderList& JsonHeaders() {
  static const HeaderList h = {{"Content-Type", "application/json"}};
  return h;
}

inline HeaderList AuthHeaders(const std::string& token) {
  return {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
}

// True for a change the server wrote itself: a derived value it recomputed
// (core/derived_recompute.h) after a push that left one stale or missing.
inline bool WrittenByServer(const std::string& hlc) {
  return hlc.size() > 7 && hlc.compare(hlc.size() - 7, 7, "-server") == 0;
}

// The changes of a pull body written by devices and people, without the server's derived
// values: what the tests of sync mechanics count.
inline Json WrittenByDevices(const Json& changes) {
  Json out = Json::array();
  for (const Json& c : changes) {
    if (!WrittenByServer(c.value("hlc", ""))) out.push_back(c);
  }
  return out;
}

inline std::string ErrorCodeOf(const TestResponse& r) {
  Json j = r.JsonBody();
  if (!j.is_object() || !j.contains("error")) return "";
  return j["error"].value("code", "");
}

// Creates an initialised ward (groups tdp-01, tdp-02; office user "lan" (Nguyễn Thị Lan), admin
// "minh", both with password "mat-khau-1") directly through the account store.
inline void InitWard(const std::string& db_path) {
  Result<OpenedDatabase> db = OpenDatabase(db_path);
  REQUIRE(db.ok());
  AccountStore& a = *db->accounts;
  crypto::BoxKeyPair keys = crypto::GenerateBoxKeyPair();
  Result<std::string> wrapped =
      crypto::WrapSecret("office pass", keys.secret_key, crypto::PwhashLimits::Minimum());
  REQUIRE(wrapped.ok());
  REQUIRE(a.PutWard({"Phường Kiến An", crypto::Base64Encode(keys.public_key), *wrapped, 1}).ok());
  REQUIRE(a.AddGroup({"tdp-01", "Tổ dân phố số 1", 1}).ok());
  REQUIRE(a.AddGroup({"tdp-02", "Tổ dân phố số 2", 1}).ok());
  static const std::string hash = *crypto::HashPassword("mat-khau-1");
  REQUIRE(a.AddUser({"lan", "office", hash, false, 1, "Nguyễn Thị Lan"}).ok());
  REQUIRE(a.AddUser({"minh", "admin", hash, false, 1, ""}).ok());
}

// Adds an enrollment code and returns it in clear.
inline std::string AddCode(const std::string& db_path, const std::string& role,
                           std::vector<std::string> groups, int64_t expires_ms = 0) {
  Result<OpenedDatabase> db = OpenDatabase(db_path);
  REQUIRE(db.ok());
  std::string code = crypto::RandomHumanCode();
  int64_t now = SystemClock::Default().NowMs();
  REQUIRE(db->accounts
              ->AddEnrollCode({crypto::TokenDigest(code), role, std::move(groups), now,
                               expires_ms != 0 ? expires_ms : now + 3600 * 1000, 0, ""})
              .ok());
  return code;
}

// How a WardServer's clients reach it.
enum class Transport {
  kInProcess,  // no listener: HttpApp::Handle, in the calling thread
  kLoopback,   // a listener on 127.0.0.1 and real sockets
};

struct WardServer {
  // `configure` may change the options before each start (e.g. ServeOptions::push_store).
  explicit WardServer(int threads = 2, std::function<void(ServeOptions&)> configure = {})
      : WardServer(Transport::kInProcess, threads, std::move(configure)) {}
  explicit WardServer(Transport t, int threads = 2,
                      std::function<void(ServeOptions&)> configure = {})
      : transport(t), configure_(std::move(configure)) {
    db_path = (dir.path() / "ward.db").string();
    InitWard(db_path);
    Start(threads);
  }
  void Start(int threads = 2) {
    ServeOptions options;
    options.db_path = db_path;
    options.schemas_dir = SchemasDir();
    options.listen = transport == Transport::kLoopback;
    options.http.port = 0;
    options.http.threads = threads;
    options.http.body_limit = 1 << 20;
    if (configure_) configure_(options);
    Result<std::unique_ptr<SotayServer>> s = SotayServer::Start(std::move(options));
    if (!s.ok()) FAIL("server did not start: " << s.status().ToString());
    server = std::move(s).value();
  }
  void Stop() { server.reset(); }
  // The listening port: a ward of Transport::kLoopback only.
  uint16_t port() const {
    if (!server->listening()) FAIL("an in-process ward has no port: use Transport::kLoopback");
    return server->port();
  }

  Transport transport;
  std::function<void(ServeOptions&)> configure_;
  TempDir dir;
  std::string db_path;
  std::unique_ptr<SotayServer> server;
};

// An HTTP client with TestClient's interface: of a WardServer, by its transport (and
// following it through Stop and Start), or of any server listening on a port.
class ApiClient {
 public:
  explicit ApiClient(WardServer& ward) : ward_(&ward) {}
  explicit ApiClient(uint16_t port) : port_(port) {}

  TestResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = {}, const HeaderList& headers = {}) {
    if (ward_ != nullptr && !ward_->server->listening()) {
      return InProcessClient(ward_->server->app(), ward_->server->http_options())
          .Request(method, target, body, headers);
    }
    const uint16_t port = ward_ != nullptr ? ward_->port() : port_;
    if (socket_ == nullptr || socket_port_ != port) {
      socket_ = std::make_unique<TestClient>(port);
      socket_port_ = port;
    }
    return socket_->Request(method, target, body, headers);
  }
  TestResponse Get(const std::string& target, const HeaderList& headers = {}) {
    return Request("GET", target, {}, headers);
  }

 private:
  WardServer* ward_ = nullptr;
  uint16_t port_ = 0;
  std::unique_ptr<TestClient> socket_;  // over loopback; connects on first use
  uint16_t socket_port_ = 0;
};

// A phone: enrolls with a code, opens a session, pushes changes of its own.
struct Phone {
  // Of a WardServer, by its transport; or of a server listening on `port`.
  Phone(WardServer& ward, const std::string& code) : client(ward) { Enroll(code); }
  Phone(uint16_t port, const std::string& code) : client(port) { Enroll(code); }

  void Enroll(const std::string& code) {
    keys = crypto::GenerateSigningKeyPair();
    Json body = {{"code", code},
                 {"device_name", "Điện thoại tổ trưởng"},
                 {"public_key", crypto::Base64Encode(keys.public_key)}};
    enroll = client.Request("POST", "/api/v1/enroll", body.dump(), JsonHeaders());
    if (enroll.status == 201) device_id = enroll.JsonBody()["device_id"];
  }

  // Without a timestamp: now, or a second after the last one asked for, as a client does
  // (each signed timestamp is accepted once).
  TestResponse OpenSession(int64_t timestamp_s = 0, bool corrupt = false) {
    if (timestamp_s == 0) {
      timestamp_s = std::max(SystemClock::Default().NowMs() / 1000, last_session_s + 1);
    }
    std::string sig = *crypto::Sign(keys.secret_key, SessionMessage(device_id, timestamp_s));
    if (corrupt) sig[0] = static_cast<char>(sig[0] ^ 1);
    Json body = {{"device_id", device_id},
                 {"timestamp_s", timestamp_s},
                 {"signature", crypto::Base64Encode(sig)}};
    TestResponse r = client.Request("POST", "/api/v1/session", body.dump(), JsonHeaders());
    if (r.status == 200) {
      token = r.JsonBody()["token"];
      last_session_s = std::max(last_session_s, timestamp_s);
    }
    return r;
  }

  // One change of a household field, with a fresh HLC of this device.
  Json Change(const std::string& record_id, const std::string& group, const std::string& field,
              const Json& value, const Json& base_hlc = nullptr) {
    Hlc h{SystemClock::Default().NowMs(), counter++, device_id};
    last_hlc = h.ToString();
    return {{"device_seq", ++seq}, {"record_id", record_id}, {"record_type", "household"},
            {"group_id", group},   {"parent_id", nullptr},   {"field", field},
            {"value", value},      {"hlc", last_hlc},        {"base_hlc", base_hlc}};
  }

  TestResponse Push(const Json& changes) {
    return client.Request("POST", "/api/v1/sync/push", Json{{"changes", changes}}.dump(),
                          AuthHeaders(token));
  }
  TestResponse Get(const std::string& target) { return client.Get(target, AuthHeaders(token)); }

  ApiClient client;
  crypto::SigningKeyPair keys;
  TestResponse enroll;
  std::string device_id;
  std::string token;
  int64_t seq = 0;
  int64_t last_session_s = 0;
  uint32_t counter = 0;
  std::string last_hlc;
};

// Signs `user` in through `client` (an ApiClient or a TestClient); the bearer token.
template <typename Client>
std::string Login(Client& client, const std::string& user,
                  const std::string& password = "mat-khau-1") {
  TestResponse r =
      client.Request("POST", "/api/v1/login",
                     Json{{"username", user}, {"password", password}}.dump(), JsonHeaders());
  REQUIRE(r.status == 200);
  return r.JsonBody()["token"];
}

}  // namespace sotay::testing

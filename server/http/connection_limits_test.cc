// Connection caps, the header deadline and the file limit (http_server.h, file_limit.h),
// through real sockets on loopback.
#include <sys/resource.h>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "server/cli/serve.h"
#include "server/http/file_limit.h"
#include "server/testing/loopback_test_util.h"
#include "tests/integration/http_test_client.h"
#include "tests/temp_dir.h"

namespace sotay::testing {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<SotayServer> StartServer(TempDir& dir, std::function<void(ServeOptions&)> tweak) {
  ServeOptions options;
  options.db_path = (dir.path() / "ward.db").string();
  options.http.port = 0;
  options.http.threads = 2;
  if (tweak) tweak(options);
  Result<std::unique_ptr<SotayServer>> started = SotayServer::Start(std::move(options));
  if (!started.ok()) FAIL("server did not start: " << started.status().ToString());
  return std::move(started).value();
}

const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

// Whether `from` is served /healthz within `limit`, asking again while it is refused: a
// closed connection frees its place once the server has seen the close, which on a busy
// machine takes a moment.
bool ServedWithin(uint16_t port, const std::string& from, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  do {
    if (ExchangeFrom(port, from, kHealth).status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < end);
  return false;
}

}  // namespace

TEST_CASE("connections: one address cannot hold more than its share", "[server][integration]") {
  TempDir dir;
  auto server = StartServer(dir, [](ServeOptions& o) {
    o.http.max_connections = 40;
    o.http.max_connections_per_address = 8;
  });
  std::vector<std::unique_ptr<LoopbackSocket>> hog;
  for (int i = 0; i < 8; ++i) {
    hog.push_back(std::make_unique<LoopbackSocket>(server->port(), "127.0.2.1"));
  }
  std::this_thread::sleep_for(1s);  // all eight accepted and counted
  LoopbackSocket ninth(server->port(), "127.0.2.1");
  CHECK(ninth.ClosedByPeer(10s));
  // Everyone else is still served (the bound is loose for a busy test machine: what it
  // guards against is the tens of seconds a full server took).
  RawAnswer other = ExchangeFrom(server->port(), "127.0.2.2", kHealth);
  CHECK(other.status == 200);
  CHECK(other.seconds < 5.0);
  // A connection given back is a place free again.
  hog.pop_back();
  CHECK(ServedWithin(server->port(), "127.0.2.1", 10s));
}

TEST_CASE("connections: the total is capped", "[server][integration]") {
  TempDir dir;
  auto server = StartServer(dir, [](ServeOptions& o) {
    o.http.max_connections = 16;
    o.http.max_connections_per_address = 4;
  });
  std::vector<std::unique_ptr<LoopbackSocket>> held;
  for (int a = 1; a <= 4; ++a) {
    for (int i = 0; i < 4; ++i) {
      held.push_back(
          std::make_unique<LoopbackSocket>(server->port(), "127.0.3." + std::to_string(a)));
    }
  }
  std::this_thread::sleep_for(1s);  // all sixteen accepted and counted
  LoopbackSocket over(server->port(), "127.0.3.9");
  CHECK(over.ClosedByPeer(10s));
  held.clear();
  CHECK(ServedWithin(server->port(), "127.0.3.9", 10s));
}

TEST_CASE("connections: the trusted proxy is capped only by the total", "[server][integration]") {
  TempDir dir;
  auto server = StartServer(dir, [](ServeOptions& o) {
    o.http.max_connections = 40;
    o.http.max_connections_per_address = 4;
    o.http.trusted_proxy = "127.0.5.1";  // carries every client's connections
  });
  std::vector<std::unique_ptr<LoopbackSocket>> held;
  for (int i = 0; i < 10; ++i) {
    held.push_back(std::make_unique<LoopbackSocket>(server->port(), "127.0.5.1"));
  }
  std::this_thread::sleep_for(1s);  // all ten accepted and counted
  CHECK(ExchangeFrom(server->port(), "127.0.5.1", kHealth).status == 200);  // the eleventh
  // Any other address keeps its own cap.
  std::vector<std::unique_ptr<LoopbackSocket>> other;
  for (int i = 0; i < 4; ++i) {
    other.push_back(std::make_unique<LoopbackSocket>(server->port(), "127.0.5.2"));
  }
  std::this_thread::sleep_for(1s);
  LoopbackSocket fifth(server->port(), "127.0.5.2");
  CHECK(fifth.ClosedByPeer(10s));
}

TEST_CASE("connections: a request header must arrive within a few seconds",
          "[server][integration]") {
  TempDir dir;
  auto server = StartServer(dir, {});  // the default header_timeout
  LoopbackSocket silent(server->port(), "127.0.4.1");
  LoopbackSocket partial(server->port(), "127.0.4.2");
  partial.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finished
  const auto start = std::chrono::steady_clock::now();
  CHECK(silent.ClosedByPeer(30s));
  CHECK(partial.ClosedByPeer(30s));
  // 5 s by default (the timer starts again with a request's first bytes); the old
  // server kept a silent connection 30 s.
  CHECK(std::chrono::steady_clock::now() - start < 15s);
}

TEST_CASE("file limit: raised to fit the connection cap, or a clear refusal", "[server]") {
  rlimit before{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &before) == 0);
  rlimit low = before;
  low.rlim_cur = 512;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &low) == 0);
  {
    TempDir dir;
    auto server = StartServer(dir, [](ServeOptions& o) { o.http.max_connections = 1500; });
    rlimit now{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &now) == 0);
    CHECK(now.rlim_cur >= 1500 + static_cast<rlim_t>(kReservedFiles));
  }
  if (before.rlim_max != RLIM_INFINITY) {
    Status too_many = EnsureFileLimit(static_cast<uint64_t>(before.rlim_max) + 1);
    CHECK(too_many.code() == "file_limit");
    CHECK(too_many.ToString().find("LimitNOFILE") != std::string::npos);
  }
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &before) == 0);
}

}  // namespace sotay::testing

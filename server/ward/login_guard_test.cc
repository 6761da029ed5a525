// Sign-in limits (login_guard.h) through real HTTP on loopback. Callers on different
// addresses are played by binding the client socket to 127.0.0.x.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "server/testing/api_test_util.h"
#include "server/testing/loopback_test_util.h"
#include "server/ward/login_guard.h"

namespace sotay::testing {
namespace {

// One POST /api/v1/login from `local_address`, on its own connection.
RawAnswer LoginFrom(uint16_t port, const std::string& local_address, const std::string& user,
                    const std::string& password) {
  std::string body = Json{{"username", user}, {"password", password}}.dump();
  return ExchangeFrom(port, local_address,
                      "POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                      "Content-Type: application/json\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body);
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("login: failures lock the caller's address, never the account", "[api][auth]") {
  WardServer ward(Transport::kLoopback);
  for (int i = 0; i < 6; ++i) {
    CHECK(LoginFrom(ward.port(), "127.0.0.2", "minh", "doan-sai-" + std::to_string(i)).status ==
          401);
  }
  RawAnswer locked = LoginFrom(ward.port(), "127.0.0.2", "minh", "mat-khau-1");
  CHECK(locked.status == 429);
  CHECK(Contains(locked.text, "too_many_attempts"));
  CHECK(Contains(locked.text, "Retry-After: "));
  CHECK(Contains(locked.text, "từ máy này"));
  // The owner, from another address, still gets in (after a short per-account delay).
  RawAnswer owner = LoginFrom(ward.port(), "127.0.0.3", "minh", "mat-khau-1");
  CHECK(owner.status == 200);
  CHECK(owner.seconds >= 0.2);  // the account had 6 failures: its checks are slowed
  // A success clears the account's delay.
  RawAnswer again = LoginFrom(ward.port(), "127.0.0.3", "minh", "mat-khau-1");
  CHECK(again.status == 200);
}

TEST_CASE("login: parallel guesses are counted before the password is checked", "[api][auth]") {
  WardServer ward(Transport::kLoopback);
  std::vector<RawAnswer> answers(40);
  std::vector<std::thread> callers;
  for (size_t i = 0; i < answers.size(); ++i) {
    callers.emplace_back([&, i] {
      answers[i] = LoginFrom(ward.port(), "127.0.0.4", "minh", "doan-" + std::to_string(i));
    });
  }
  for (std::thread& t : callers) t.join();
  int checked = 0, refused = 0;
  for (const RawAnswer& a : answers) {
    if (a.status == 401) ++checked;
    if (a.status == 429) ++refused;
    CHECK((a.status == 401 || a.status == 429 || a.status == 503));
  }
  // Five free attempts and the one that sets the lock: no more passwords are tried.
  CHECK(checked <= 6);
  CHECK(refused >= 30);
}

TEST_CASE("login: unknown and disabled names cost as much as a real one", "[api][auth]") {
  WardServer ward(Transport::kLoopback);
  {
    Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
    REQUIRE(db.ok());
    REQUIRE(
        db->accounts->AddUser({"cu", "office", *crypto::HashPassword("mat-khau-1"), true, 1, ""})
            .ok());
  }
  auto fastest = [&](const std::string& address, const std::string& user,
                     const std::string& password) {
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
      RawAnswer a = LoginFrom(ward.port(), address, user, password);
      CHECK(a.status == 401);
      best = std::min(best, a.seconds);
    }
    return best;
  };
  double known = fastest("127.0.0.5", "lan", "doan-sai");
  double unknown = fastest("127.0.0.6", "khong-co-ai", "doan-sai");
  double disabled = fastest("127.0.0.7", "cu", "mat-khau-1");  // right password, disabled
  INFO("known " << known << " s, unknown " << unknown << " s, disabled " << disabled << " s");
  CHECK(unknown >= known / 3);
  CHECK(disabled >= known / 3);
}

TEST_CASE("login: password checks at once are bounded", "[api][auth]") {
  WardServer ward(Transport::kLoopback, 2, [](ServeOptions& o) { o.password_check_slots = 1; });
  std::vector<RawAnswer> answers(16);
  std::vector<std::thread> callers;
  for (size_t i = 0; i < answers.size(); ++i) {
    callers.emplace_back([&, i] {
      // Distinct addresses: only the gate can refuse them.
      answers[i] = LoginFrom(ward.port(), "127.0.1." + std::to_string(i + 1), "lan", "mat-khau-1");
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  TestClient health(ward.port());
  const auto start = std::chrono::steady_clock::now();
  CHECK(health.Get("/healthz").status == 200);
  const double health_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (std::thread& t : callers) t.join();
  int busy = 0;
  for (const RawAnswer& a : answers) {
    CHECK((a.status == 200 || a.status == 503));
    if (a.status == 503) {
      ++busy;
      CHECK(Contains(a.text, "server_busy"));
      CHECK(Contains(a.text, "Retry-After: "));
    }
  }
  CHECK(busy > 0);
  CHECK(health_s < 1.5);  // handler threads are not all stuck hashing
  // Busy answers spent no attempt: the addresses can sign in right after.
  CHECK(LoginFrom(ward.port(), "127.0.1.1", "lan", "mat-khau-1").status == 200);
}

TEST_CASE("login: guesses at one account do not park the handler threads", "[api][auth]") {
  WardServer ward(Transport::kLoopback);
  // Six failures from as many addresses: the account's checks are now slowed.
  for (int i = 0; i < 6; ++i) {
    CHECK(LoginFrom(ward.port(), "127.0.6." + std::to_string(i + 1), "minh", "sai").status == 401);
  }
  std::vector<RawAnswer> answers(12);
  std::vector<std::thread> callers;
  for (size_t i = 0; i < answers.size(); ++i) {
    callers.emplace_back([&, i] {
      answers[i] = LoginFrom(ward.port(), "127.0.7." + std::to_string(i + 1), "minh", "sai");
    });
  }
  for (std::thread& t : callers) t.join();
  int waited = 0, told = 0;
  for (const RawAnswer& a : answers) {
    if (a.status == 401) ++waited;
    if (a.status == 429 && Contains(a.text, "đang bị thử mật khẩu")) ++told;
  }
  INFO(waited << " waited and were checked, " << told << " were answered at once");
  CHECK(told > 0);
  CHECK(waited + told == static_cast<int>(answers.size()));
  // The owner still signs in once the delay has passed.
  std::this_thread::sleep_for(std::chrono::seconds(5));
  CHECK(LoginFrom(ward.port(), "127.0.8.1", "minh", "mat-khau-1").status == 200);
}

TEST_CASE("login: a huge username is cut in the audit log", "[api][auth]") {
  WardServer ward(Transport::kLoopback);
  const std::string huge(200000, 'x');
  CHECK(LoginFrom(ward.port(), "127.0.0.8", huge, "doan").status == 401);
  TestClient c(ward.port());
  std::string token = Login(c, "minh");
  TestResponse audit = c.Get("/api/v1/audit?limit=1000", AuthHeaders(token));
  REQUIRE(audit.status == 200);
  CHECK(audit.body.find(std::string(1000, 'x')) == std::string::npos);
  CHECK(audit.body.find(std::string(150, 'x')) != std::string::npos);
  CHECK(audit.body.size() < 20000);
}

TEST_CASE("login guard: a flood of addresses does not free a locked one", "[auth]") {
  AttemptThrottle throttle(5);
  const int64_t now = 1'000'000;
  for (int i = 0; i < 6; ++i) CHECK(throttle.BeginAttempt("203.0.113.7", now) == 0);
  CHECK(throttle.BeginAttempt("203.0.113.7", now) > 0);  // locked
  // Rotating addresses, each trying once: more than the throttle tracks.
  int refused = 0;
  for (int i = 0; i < 100'100; ++i) {
    if (throttle.BeginAttempt("2001:db8::" + std::to_string(i), now + 1) != 0) ++refused;
  }
  CHECK(refused == 0);
  CHECK(throttle.BeginAttempt("203.0.113.7", now + 2) > 0);  // still locked
}

TEST_CASE("login guard: gate slots, account delay", "[auth]") {
  PasswordCheckGate gate(2);
  {
    PasswordCheckGate::Pass a = gate.Enter(std::chrono::milliseconds(0));
    PasswordCheckGate::Pass b = gate.Enter(std::chrono::milliseconds(0));
    CHECK(a.ok());
    CHECK(b.ok());
    CHECK_FALSE(gate.Enter(std::chrono::milliseconds(20)).ok());
  }
  CHECK(gate.Enter(std::chrono::milliseconds(0)).ok());

  AccountDelay delay;
  for (int i = 0; i < AccountDelay::kFreeFailures; ++i) {
    CHECK(delay.BeginCheck("minh") == 0);
    delay.Fail("minh");
  }
  CHECK(delay.BeginCheck("minh") == AccountDelay::kFirstDelayMs);
  // One sign-in of the account waits at a time; another is answered at once.
  CHECK(delay.BeginCheck("minh") == AccountDelay::kAlreadyWaiting);
  delay.EndWait("minh");
  for (int i = 0; i < 20; ++i) delay.Fail("minh");
  CHECK(delay.BeginCheck("minh") == AccountDelay::kMaxDelayMs);
  delay.EndWait("minh");
  CHECK(delay.BeginCheck("lan") == 0);
  // A made-up name is slowed like a real one: the delay tells nothing.
  for (int i = 0; i < AccountDelay::kFreeFailures; ++i) delay.Fail("khong-co-ai");
  CHECK(delay.BeginCheck("khong-co-ai") == AccountDelay::kFirstDelayMs);
  delay.EndWait("khong-co-ai");
  delay.Succeed("minh");
  CHECK(delay.BeginCheck("minh") == 0);
}

}  // namespace sotay::testing

// What stands between a password guesser and the accounts (docs/protocol.md "Sign-in limits"):
//
//   AttemptThrottle      per caller address: every attempt counts *before* the password
//                        is checked (so a burst of parallel guesses cannot slip past the
//                        count); after `free_attempts` unsuccessful ones in a row the
//                        address waits kFirstLockS seconds, doubling up to kMaxLockS. A
//                        success clears the address.
//   AccountDelay         per existing account: after failures from anywhere, each further
//                        check of that account is slowed (at most kMaxDelayMs) but never
//                        refused, so guessing from many addresses gets slow while the
//                        rightful owner still gets in.
//   PasswordCheckGate    at most N Argon2id checks at once: each takes ~64 MiB and a core,
//                        and the handler threads must stay free for everyone else. A check
//                        that finds no slot within a short wait is answered "busy".
//
// All three are thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace sotay {

class AttemptThrottle {
 public:
  static constexpr int64_t kFirstLockS = 5;
  static constexpr int64_t kMaxLockS = 300;
  explicit AttemptThrottle(int free_attempts) : free_attempts_(free_attempts) {}

  // Seconds the caller must wait (nothing is counted then); 0: the attempt is counted
  // as failed until Succeed(key) says otherwise, and may go ahead.
  int64_t BeginAttempt(const std::string& key, int64_t now_ms);
  void Succeed(const std::string& key);
  // Gives back an attempt that was never made (the server was too busy to check it).
  void Refund(const std::string& key);

 private:
  struct Entry {
    int attempts = 0;
    int64_t locked_until_ms = 0;
  };
  void PruneExpired(int64_t now_ms);  // mu_ held

  const int free_attempts_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

class AccountDelay {
 public:
  static constexpr int kFreeFailures = 5;
  static constexpr int64_t kFirstDelayMs = 250;
  static constexpr int64_t kMaxDelayMs = 4000;

  // Returned by BeginCheck when another sign-in of the account is already waiting out
  // its delay: the caller answers at once (429) instead of holding a handler thread.
  static constexpr int64_t kAlreadyWaiting = -1;

  // How long to wait before checking this account's password now (0: at once). A
  // positive delay reserves the account's one waiting place until EndWait(username).
  int64_t BeginCheck(const std::string& username);
  void EndWait(const std::string& username);
  // Failures are recorded for every name tried, known or not, so a real account's delay
  // does not tell it apart from a made-up one; the table is bounded.
  void Fail(const std::string& username);
  void Succeed(const std::string& username);

 private:
  std::mutex mu_;
  std::map<std::string, int> failures_;
  std::set<std::string> waiting_;
};

class PasswordCheckGate {
 public:
  // A sensible default for this machine: half its cores, at least 2.
  static int DefaultSlots();
  explicit PasswordCheckGate(int slots) : free_(slots > 0 ? slots : DefaultSlots()) {}

  // Holds one slot for its lifetime when ok().
  class Pass {
   public:
    explicit Pass(PasswordCheckGate* gate) : gate_(gate) {}
    Pass(Pass&& o) noexcept : gate_(o.gate_) { o.gate_ = nullptr; }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    ~Pass();
    bool ok() const { return gate_ != nullptr; }

   private:
    PasswordCheckGate* gate_;
  };

  // Waits at most `wait` for a free slot.
  Pass Enter(std::chrono::milliseconds wait);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
};

}  // namespace sotay

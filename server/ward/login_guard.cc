#include "server/ward/login_guard.h"

#include <algorithm>
#include <thread>

namespace sotay {

namespace {
// Beyond this many tracked addresses, expired ones are dropped first (a flood of
// addresses must not grow memory, nor wipe the count of an address still locked).
constexpr size_t kMaxTrackedKeys = 100000;
}  // namespace

void AttemptThrottle::PruneExpired(int64_t now_ms) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    // Unlocked entries (a few failures) and ended locks go; locked addresses stay.
    bool locked = it->second.locked_until_ms > now_ms;
    it = locked ? std::next(it) : entries_.erase(it);
  }
  // Only a flood of locked addresses (each made its failures) gets here: a last resort.
  if (entries_.size() > kMaxTrackedKeys) entries_.clear();
}

int64_t AttemptThrottle::BeginAttempt(const std::string& key, int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() > kMaxTrackedKeys) PruneExpired(now_ms);
  Entry& e = entries_[key];
  if (e.locked_until_ms > now_ms) return (e.locked_until_ms - now_ms + 999) / 1000;
  ++e.attempts;
  if (e.attempts > free_attempts_) {
    int shift = std::min(e.attempts - free_attempts_ - 1, 10);
    e.locked_until_ms = now_ms + std::min<int64_t>(kFirstLockS << shift, kMaxLockS) * 1000;
  }
  return 0;
}

void AttemptThrottle::Succeed(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(key);
}

void AttemptThrottle::Refund(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.attempts > 0) --it->second.attempts;
}

int64_t AccountDelay::BeginCheck(const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(username);
  if (it == failures_.end() || it->second < kFreeFailures) return 0;
  if (!waiting_.insert(username).second) return kAlreadyWaiting;
  int shift = std::min(it->second - kFreeFailures, 10);
  return std::min<int64_t>(kFirstDelayMs << shift, kMaxDelayMs);
}

void AccountDelay::EndWait(const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  waiting_.erase(username);
}

void AccountDelay::Fail(const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failures_.size() >= kMaxTrackedKeys && failures_.count(username) == 0) {
    // Names with a few failures go first; delayed ones stay (each took its failures).
    std::erase_if(failures_, [](const auto& f) { return f.second < kFreeFailures; });
    if (failures_.size() >= kMaxTrackedKeys) failures_.clear();  // a last resort
  }
  ++failures_[username];
}

void AccountDelay::Succeed(const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(username);
}

int PasswordCheckGate::DefaultSlots() {
  return std::max(2, static_cast<int>(std::thread::hardware_concurrency() / 2));
}

PasswordCheckGate::Pass PasswordCheckGate::Enter(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, wait, [this] { return free_ > 0; })) return Pass(nullptr);
  --free_;
  return Pass(this);
}

PasswordCheckGate::Pass::~Pass() {
  if (gate_ == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(gate_->mu_);
    ++gate_->free_;
  }
  gate_->cv_.notify_one();
}

}  // namespace sotay

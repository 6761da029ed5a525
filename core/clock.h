// Clock: the one place core/ and sync/ read the time, so tests can control it.
//
// Everything that needs "now" takes a `const Clock&` instead of calling
// std::chrono directly. Production code passes SystemClock::Default(); tests pass a
// ManualClock and move it forwards, backwards or not at all.
//
// Times are Unix milliseconds (UTC). Thread-safety: every class here may be used from
// several threads at once.
#pragma once

#include <atomic>
#include <cstdint>

namespace sotay {

class Clock {
 public:
  virtual ~Clock();
  // Milliseconds since 1970-01-01T00:00:00Z. Not guaranteed to be monotonic: a wall
  // clock can be set back (phones do this), which is why records use HlcClock.
  virtual int64_t NowMs() const = 0;
};

// The operating system's wall clock (std::chrono::system_clock; Date.now() under wasm).
class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  // A process-wide instance; never destroyed before other statics that use it.
  static SystemClock& Default();
};

// A clock that only moves when told to. For tests and fault injection (a clock that
// jumps backwards, stands still, or runs days ahead).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms = 0) : now_ms_(now_ms) {}

  int64_t NowMs() const override { return now_ms_.load(); }
  void Set(int64_t now_ms) { now_ms_.store(now_ms); }
  // Moves the clock by `delta_ms`, which may be negative.
  void Advance(int64_t delta_ms) { now_ms_.fetch_add(delta_ms); }

 private:
  std::atomic<int64_t> now_ms_;
};

}  // namespace sotay

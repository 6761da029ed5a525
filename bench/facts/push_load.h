// PushLoad: phones pushing while something else holds the server's writer (the day
// refresh of bench/facts/day_change.cc). Each of `phones` threads is a leader's device
// of its own group that pushes new households — each with three members, about 75
// field changes, `households_per_push` of them per push, the size of a phone's batch —
// through the server's push path (SyncServer::DecodePush, then the group-commit
// PushQueue), back to back, and times every push from decode to durable answer.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server/ward/services.h"

namespace sotay {

struct PushLoadOptions {
  int phones = 4;
  int households_per_push = 6;
  int groups = 50;  // the ward's groups: phone i pushes to group i % groups + 1
  // Time from one push's start to the next of the same phone; 0: back to back (the
  // server saturated, a stress test rather than a ward's day).
  std::chrono::milliseconds every{0};
};

struct PushLoadStats {
  int64_t pushes = 0;
  int64_t changes = 0;
  int64_t failed = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};

class PushLoad {
 public:
  PushLoad(ServerServices& services, const Clock& clock, PushLoadOptions options);
  ~PushLoad();  // stops the phones
  PushLoad(const PushLoad&) = delete;
  PushLoad& operator=(const PushLoad&) = delete;

  // Starts the phones; Stop() stops them and returns the timings of the pushes since.
  void Start();
  PushLoadStats Stop();

 private:
  void Phone(int index);

  ServerServices& services_;
  const Clock& clock_;
  const PushLoadOptions options_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::vector<std::vector<double>> times_ms_;  // per phone
  std::vector<int64_t> changes_, failed_;      // per phone
  int64_t round_ = 0;                          // Start() calls: fresh ids and devices
};

}  // namespace sotay

// FaultPlan: which call of a fault-injecting wrapper fails (core/fault_store.h, the
// server's FaultInjectingAccountStore): each mutating call asks Next(); the Nth from
// FailNth fails with the chosen Status, and with `sticky` every one after it too.
#pragma once

#include <cstdint>
#include <utility>

#include "core/status.h"

namespace sotay {

class FaultPlan {
 public:
  // The `n`th call of Next() from now (1 = the next) fails with `status`; with `sticky`,
  // so does every call after it (a disk that stays full). n < 1 disarms.
  void FailNth(int64_t n, Status status, bool sticky = false) {
    fail_at_ = n >= 1 ? calls_ + n : 0;
    status_ = std::move(status);
    sticky_ = sticky;
  }
  // Stops failing.
  void Disarm() { fail_at_ = 0; }
  // Calls of Next() so far (failed ones included).
  int64_t calls() const { return calls_; }

  // Counts one mutating call: its failure, or ok to forward it.
  Status Next() {
    ++calls_;
    if (fail_at_ == 0 || calls_ < fail_at_) return Status::Ok();
    if (!sticky_) fail_at_ = 0;
    return status_;
  }

 private:
  int64_t calls_ = 0;
  int64_t fail_at_ = 0;  // 0: disarmed; else the value of calls_ that fails
  bool sticky_ = false;
  Status status_;
};

}  // namespace sotay

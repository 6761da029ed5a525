// PushQueue: group commit of pushes. Many phones push at once; each push used to commit
// (and fsync) on its own behind the single writer. Here the request threads only queue
// their decoded pushes and wait; one writer thread of the queue's own takes every push
// queued at that moment (at most `max_group`, in arrival order), applies them in one
// transaction through the ApplyGroup function (SyncServer::ApplyPushes under the
// writer lock: one part per push, one commit), and hands each waiting thread its
// answer; pushes that arrived meanwhile form the next group. Every answer is given only
// after its group's commit is durable, and is what the push alone would have been
// answered (a failed push fails alone; a failed commit fails its whole group, nothing
// kept).
//
// Why a thread of its own rather than the first waiting request thread: the memory a
// group's transaction uses then stays in one malloc arena instead of one per request
// thread (with 16 request threads the server's peak memory tripled).
//
// Thread-safe: Apply is called from the HTTP handler threads, each blocking until its
// push is answered. The destructor applies what is queued, then stops the thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "sync/server_apply.h"

namespace sotay {

class PushQueue {
 public:
  using ApplyGroup = std::function<std::vector<Result<PushOutcome>>(std::span<const PushRequest>)>;

  explicit PushQueue(ApplyGroup apply, size_t max_group = 64);
  ~PushQueue();
  PushQueue(const PushQueue&) = delete;
  PushQueue& operator=(const PushQueue&) = delete;

  // Applies the push (in some group) and returns its answer once durable. `who` and
  // `items` are SyncServer::DecodePush's inputs and output.
  Result<PushOutcome> Apply(const DeviceScope& who, const std::vector<PushItem>& items);

  // Pushes queued and not yet taken by the writer (for tests).
  size_t Waiting();
  // Whether pushes are queued or a group is being applied: other writers that nobody
  // waits for (the day refresh of the facts) let them go first.
  bool Busy();

  // Groups applied so far and the pushes in them (/metrics: their ratio is how much
  // one commit is shared), and the largest group.
  struct Stats {
    int64_t groups = 0, pushes = 0, largest = 0;
  };
  Stats stats();

 private:
  struct Job {
    PushRequest request;
    std::optional<Result<PushOutcome>> answer;
  };

  void WriterLoop();

  ApplyGroup apply_;
  const size_t max_group_;
  std::mutex mu_;
  std::condition_variable queued_;    // the writer waits for jobs (or stop_)
  std::condition_variable answered_;  // request threads wait for their answer
  std::vector<Job*> queue_;           // in arrival order
  bool stop_ = false;
  bool applying_ = false;  // a group taken from queue_ is being applied
  Stats stats_;            // guarded by mu_
  std::thread writer_;     // last: started once the members above exist
};

}  // namespace sotay

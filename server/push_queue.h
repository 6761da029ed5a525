// PushQueue: group commit of pushes. Many phones push at once; each push used to commit
// (and fsync) on its own behind the single writer. Here the thread that finds no group
// running becomes the leader: it takes every push queued at that moment (its own
// first, at most `max_group`), applies them in one transaction through the ApplyGroup
// function (SyncServer::ApplyPushes under the writer lock: one part per push, one
// commit), hands each waiting thread its answer, and leaves; pushes that arrived
// meanwhile form the next group. Every answer is given only after its group's commit
// is durable, and is what the push alone would have been answered (a failed push
// fails alone; a failed commit fails its whole group, nothing kept).
//
// Thread-safe: Apply is called from the HTTP I/O threads, each blocking until its push
// is answered.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

#include "sync/server_apply.h"

namespace sotay {

class PushQueue {
 public:
  using ApplyGroup = std::function<std::vector<Result<PushOutcome>>(std::span<const PushRequest>)>;

  explicit PushQueue(ApplyGroup apply, size_t max_group = 64)
      : apply_(std::move(apply)), max_group_(max_group < 1 ? 1 : max_group) {}

  // Applies the push (in some group) and returns its answer once durable.
  Result<PushOutcome> Apply(const DeviceScope& who, const Json& body);

  // Pushes queued and not yet taken by a leader (for tests).
  size_t Waiting();

 private:
  struct Job {
    PushRequest request;
    std::optional<Result<PushOutcome>> answer;
  };

  ApplyGroup apply_;
  const size_t max_group_;
  std::mutex mu_;
  std::condition_variable answered_;
  std::vector<Job*> queue_;  // in arrival order
  bool leading_ = false;     // a leader is applying a group
};

}  // namespace sotay

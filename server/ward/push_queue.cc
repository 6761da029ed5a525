#include "server/ward/push_queue.h"

#include <pthread.h>

#include <algorithm>

namespace sotay {

PushQueue::PushQueue(ApplyGroup apply, size_t max_group)
    : apply_(std::move(apply)), max_group_(std::max<size_t>(max_group, 1)) {
  writer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "push-writer");  // in top, perf and gdb
    WriterLoop();
  });
}

PushQueue::~PushQueue() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  queued_.notify_one();
  writer_.join();
}

Result<PushOutcome> PushQueue::Apply(const DeviceScope& who, const std::vector<PushItem>& items) {
  Job job{{&who, &items}, std::nullopt};
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(&job);
  queued_.notify_one();
  answered_.wait(lock, [&] { return job.answer.has_value(); });
  return std::move(*job.answer);
}

void PushQueue::WriterLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    queued_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to apply
    const size_t take = std::min(queue_.size(), max_group_);
    std::vector<Job*> group(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
    ++stats_.groups;
    stats_.pushes += static_cast<int64_t>(take);
    stats_.largest = std::max(stats_.largest, static_cast<int64_t>(take));
    applying_ = true;
    lock.unlock();

    std::vector<PushRequest> requests;
    requests.reserve(group.size());
    for (Job* j : group) requests.push_back(j->request);
    std::vector<Result<PushOutcome>> answers;
    try {
      answers = apply_(requests);
    } catch (...) {
      answers.clear();
    }
    lock.lock();
    applying_ = false;
    for (size_t i = 0; i < group.size(); ++i) {
      if (i < answers.size()) {
        group[i]->answer = std::move(answers[i]);
      } else {
        group[i]->answer = Status::Error("internal", "Lỗi máy chủ khi ghi dữ liệu",
                                         "The server failed while writing");
      }
    }
    answered_.notify_all();
  }
}

PushQueue::Stats PushQueue::stats() {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

size_t PushQueue::Waiting() {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

bool PushQueue::Busy() {
  std::lock_guard<std::mutex> lock(mu_);
  return applying_ || !queue_.empty();
}

}  // namespace sotay

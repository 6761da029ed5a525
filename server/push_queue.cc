#include "server/push_queue.h"

#include <algorithm>

namespace sotay {

Result<PushOutcome> PushQueue::Apply(const DeviceScope& who, const Json& body) {
  Job job{{&who, &body}, std::nullopt};
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(&job);
  while (!job.answer.has_value()) {
    if (leading_) {
      answered_.wait(lock);
      continue;
    }
    // Lead one group: this job and those queued before it are taken first.
    leading_ = true;
    const size_t take = std::min(queue_.size(), max_group_);
    auto own = std::find(queue_.begin(), queue_.end(), &job);
    std::vector<Job*> group;
    group.reserve(take);
    group.push_back(&job);
    queue_.erase(own);
    for (size_t i = 0; group.size() < take && i < queue_.size(); ++i) group.push_back(queue_[i]);
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(group.size() - 1));
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
    for (size_t i = 0; i < group.size(); ++i) {
      if (i < answers.size()) {
        group[i]->answer = std::move(answers[i]);
      } else {
        group[i]->answer = Status::Error("internal", "Lỗi máy chủ khi ghi dữ liệu",
                                         "The server failed while writing");
      }
    }
    leading_ = false;
    answered_.notify_all();
  }
  return std::move(*job.answer);
}

size_t PushQueue::Waiting() {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

}  // namespace sotay

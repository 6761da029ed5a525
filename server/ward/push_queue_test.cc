#include "server/ward/push_queue.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace sotay {
namespace {

// Push n carries n items; the tests' groups are told apart by that count.
std::vector<PushItem> Items(int64_t n) { return std::vector<PushItem>(static_cast<size_t>(n)); }

// Answers push n (n items) with applied = n, or fails n == 3.
std::vector<Result<PushOutcome>> Answer(std::span<const PushRequest> group) {
  std::vector<Result<PushOutcome>> out;
  for (const PushRequest& r : group) {
    auto n = static_cast<int64_t>(r.items->size());
    if (n == 3) {
      out.push_back(Status::Error("store_full", "đầy", "disk full"));
    } else {
      PushOutcome o;
      o.applied = n;
      out.push_back(std::move(o));
    }
  }
  return out;
}

void WaitFor(const std::function<bool()>& ready) {
  for (int i = 0; i < 5000 && !ready(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(ready());
}

TEST_CASE("PushQueue: pushes queued behind a running group are applied as one group",
          "[server][push][group]") {
  std::mutex mu;
  std::vector<std::vector<int64_t>> groups;
  std::atomic<bool> release{false};
  PushQueue queue([&](std::span<const PushRequest> group) {
    {
      std::lock_guard<std::mutex> lock(mu);
      groups.emplace_back();
      for (const PushRequest& r : group) groups.back().push_back(std::ssize(*r.items));
    }
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return Answer(group);
  });
  const DeviceScope who{"dev", "leader", {"tdp-01"}};
  std::vector<std::vector<PushItem>> bodies;
  for (int64_t n = 1; n <= 5; ++n) bodies.push_back(Items(n));
  std::vector<std::optional<Result<PushOutcome>>> answers(5);
  std::vector<std::thread> threads;
  threads.emplace_back([&] { answers[0] = queue.Apply(who, bodies[0]); });
  WaitFor([&] {
    std::lock_guard<std::mutex> lock(mu);
    return groups.size() == 1;
  });
  // Four more arrive while the first group is being applied.
  for (size_t i = 1; i < 5; ++i) {
    threads.emplace_back([&, i] { answers[i] = queue.Apply(who, bodies[i]); });
  }
  WaitFor([&] { return queue.Waiting() == 4; });
  release = true;
  for (std::thread& t : threads) t.join();

  REQUIRE(groups.size() == 2);
  CHECK(groups[0] == std::vector<int64_t>{1});
  std::vector<int64_t> second = groups[1];
  std::sort(second.begin(), second.end());
  CHECK(second == std::vector<int64_t>{2, 3, 4, 5});
  // Each caller gets its own answer; the failed push alone fails.
  for (int64_t n = 1; n <= 5; ++n) {
    INFO(n);
    const Result<PushOutcome>& a = *answers[static_cast<size_t>(n - 1)];
    if (n == 3) {
      REQUIRE_FALSE(a.ok());
      CHECK(a.status().code() == "store_full");
    } else {
      REQUIRE(a.ok());
      CHECK(a->applied == n);
    }
  }
  CHECK(queue.Waiting() == 0);
  const PushQueue::Stats stats = queue.stats();
  CHECK(stats.groups == 2);
  CHECK(stats.pushes == 5);
  CHECK(stats.largest == 4);
}

TEST_CASE("PushQueue: groups are capped and a throwing apply fails only its group",
          "[server][push][group]") {
  std::mutex mu;
  std::vector<size_t> sizes;
  std::atomic<bool> release{false};
  std::atomic<bool> throw_next{false};
  PushQueue queue(
      [&](std::span<const PushRequest> group) -> std::vector<Result<PushOutcome>> {
        {
          std::lock_guard<std::mutex> lock(mu);
          sizes.push_back(group.size());
        }
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (throw_next) throw std::runtime_error("boom");
        return Answer(group);
      },
      2);
  const DeviceScope who{"dev", "leader", {"tdp-01"}};
  const std::vector<PushItem> one = Items(1);
  std::vector<std::optional<Result<PushOutcome>>> answers(4);
  std::vector<std::thread> threads;
  threads.emplace_back([&] { answers[0] = queue.Apply(who, one); });
  WaitFor([&] {
    std::lock_guard<std::mutex> lock(mu);
    return !sizes.empty();
  });
  for (size_t i = 1; i < 4; ++i)
    threads.emplace_back([&, i] { answers[i] = queue.Apply(who, one); });
  WaitFor([&] { return queue.Waiting() == 3; });
  release = true;
  for (std::thread& t : threads) t.join();
  REQUIRE(sizes.size() == 3);
  CHECK(sizes == std::vector<size_t>{1, 2, 1});
  for (auto& a : answers) CHECK(a->ok());

  // An exception escaping the group's apply answers the group with an error, and the
  // queue keeps working.
  throw_next = true;
  Result<PushOutcome> failed = queue.Apply(who, one);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == "internal");
  throw_next = false;
  CHECK(queue.Apply(who, one).ok());
}

}  // namespace
}  // namespace sotay

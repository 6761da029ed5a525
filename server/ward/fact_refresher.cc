#include "server/ward/fact_refresher.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "core/date.h"

namespace sotay {

FactRefresher::FactRefresher(Store& writer, std::mutex& writer_mu, const Clock& clock,
                             RefreshBatch refresh, FactRefresherOptions options)
    : writer_(writer),
      writer_mu_(writer_mu),
      clock_(clock),
      refresh_(std::move(refresh)),
      options_(options) {
  {
    std::lock_guard<std::mutex> lock(writer_mu_);
    Result<std::optional<std::string>> stored = writer_.GetMeta(kAsOfKey);
    // Unreadable: "" makes the first CatchUp look at the expiry days anyway.
    if (stored.ok() && stored->has_value()) as_of_ = **stored;
  }
  if (options_.period.count() > 0) thread_ = std::thread([this] { Loop(); });
}

FactRefresher::~FactRefresher() {
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    stop_ = true;
  }
  wake_.notify_all();
  done_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string FactRefresher::as_of() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  return as_of_;
}

FactRefresher::Stats FactRefresher::stats() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  return stats_;
}

Result<std::string> FactRefresher::CatchUp() {
  const std::string today = VietnamToday(clock_);
  if (as_of() == today) return today;
  std::lock_guard<std::mutex> run(run_mu_);
  if (as_of() == today) return today;  // another caller did it while this one waited
  return Run(today);
}

FactRefresher::Freshness FactRefresher::CatchUpWithin(std::chrono::milliseconds wait) {
  const std::string today = VietnamToday(clock_);
  if (!thread_.joinable()) {
    Result<std::string> done = CatchUp();
    return {as_of(), false, done.status()};
  }
  std::unique_lock<std::mutex> lock(state_mu_);
  if (as_of_ == today) return {as_of_, false, Status::Ok()};
  kicked_ = true;
  wake_.notify_all();
  done_.wait_for(lock, wait, [&] { return as_of_ == today || stop_; });
  if (as_of_ == today) return {as_of_, false, Status::Ok()};
  // Still under way, unless the thread's last attempt failed (it tries again).
  return {as_of_, last_status_.ok(), last_status_};
}

void FactRefresher::YieldToWriters() {
  if (!options_.writers_waiting) return;
  const auto started = std::chrono::steady_clock::now();
  const auto give_up = started + options_.max_yield;
  bool waited = false;
  auto stopping = [this] {
    std::lock_guard<std::mutex> lock(state_mu_);
    return stop_;
  };
  while (options_.writers_waiting() && std::chrono::steady_clock::now() < give_up && !stopping()) {
    waited = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!waited) return;
  const int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
  std::lock_guard<std::mutex> state(state_mu_);
  ++stats_.yields;
  stats_.max_yield_us = std::max(stats_.max_yield_us, us);
}

Status FactRefresher::KeepEndedMonth(const std::string& from) {
  const std::string month = from.substr(0, 7);
  {
    // Once per month: not again after a restart, nor when a failed refresh is retried
    // over facts partly moved on already.
    std::lock_guard<std::mutex> lock(writer_mu_);
    Result<std::optional<std::string>> kept = writer_.GetMeta(kKeptMonthKey);
    if (!kept.ok()) return kept.status();
    if (kept->has_value() && **kept >= month) return Status::Ok();
  }
  SOTAY_RETURN_IF_ERROR(options_.before_new_month(from));
  std::lock_guard<std::mutex> lock(writer_mu_);
  return writer_.SetMeta(kKeptMonthKey, month);
}

Result<std::string> FactRefresher::Run(const std::string& today) {
  const std::string from = as_of();
  const bool new_month = !from.empty() && from.substr(0, 7) < today.substr(0, 7);
  if (new_month && options_.before_new_month) {
    if (Status kept = KeepEndedMonth(from); !kept.ok()) {
      std::fprintf(stderr, "sotay-server: keeping the indicators of %s: %s\n", from.c_str(),
                   kept.ToString().c_str());
    }
  }
  std::set<std::string> previous;  // the last batch: none of it may come back
  int64_t batches = 0;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(state_mu_);
      if (stop_) {
        return Status::Error("shutting_down", "máy chủ đang dừng", "the server is stopping");
      }
    }
    YieldToWriters();
    std::unique_lock<std::mutex> lock(writer_mu_);
    const auto started = std::chrono::steady_clock::now();
    Result<std::vector<std::string>> ids = writer_.ExpiredFactOwners(today, options_.batch);
    if (!ids.ok()) return ids.status();
    if (ids->empty()) {
      // Recorded when the date moved the facts, and on the first day of a month (the
      // month the facts are of, after a restart): another day with nothing to refresh
      // writes nothing (a server started again the same day leaves the file as it was).
      if (batches > 0 || new_month) SOTAY_RETURN_IF_ERROR(writer_.SetMeta(kAsOfKey, today));
      break;
    }
    for (const std::string& id : *ids) {
      if (previous.count(id) != 0) {
        return Status::Error("facts_refresh_stuck",
                             "chỉ số của bản ghi " + id + " vẫn hết hạn sau khi tính lại",
                             "the facts of record " + id + " are still expired after a refresh");
      }
    }
    Result<size_t> done = refresh_(*ids, today, started + options_.hold);
    if (!done.ok()) return done.status();
    if (*done == 0 || *done > ids->size()) {
      return Status::Error("internal", "lỗi máy chủ khi tính lại chỉ số",
                           "the refresh reported " + std::to_string(*done) + " of " +
                               std::to_string(ids->size()) + " households done");
    }
    const size_t n = *done;
    ++batches;
    const int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
    {
      std::lock_guard<std::mutex> state(state_mu_);
      stats_.households += static_cast<int64_t>(n);
      ++stats_.batches;
      stats_.max_batch_us = std::max(stats_.max_batch_us, us);
    }
    previous = std::set<std::string>(ids->begin(), ids->begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();
    if (options_.pause.count() > 0) std::this_thread::sleep_for(options_.pause);
  }
  {
    std::lock_guard<std::mutex> state(state_mu_);
    as_of_ = today;
    if (batches > 0) ++stats_.days;
  }
  done_.notify_all();
  return today;
}

void FactRefresher::Loop() {
  pthread_setname_np(pthread_self(), "fact-refresher");
  std::unique_lock<std::mutex> lock(state_mu_);
  while (!stop_) {
    lock.unlock();
    Result<std::string> done = CatchUp();
    if (!done.ok() && done.status().code() != "shutting_down") {
      std::fprintf(stderr, "sotay-server: refreshing indicator facts: %s\n",
                   done.status().ToString().c_str());
    }
    lock.lock();
    last_status_ = done.status();
    done_.notify_all();
    wake_.wait_for(lock, options_.period, [&] { return stop_ || kicked_; });
    kicked_ = false;
  }
}

}  // namespace sotay

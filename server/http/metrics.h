// Metrics: request counters, latency histogram and gauges, rendered as Prometheus text.
//
// Thread-safety: every method may be called from any thread. Counters are atomics; the
// per-route table only takes a lock when a route label is seen for the first time.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace sotay {

// Where the process's memory goes, beside its RSS: the database engine's own allocator
// counters (SQLite's, over all connections of the process) and the C heap. Rendered by
// Metrics::RenderPrometheus, so a soak can tell a growing SQLite cache from a leak or from heap
// fragmentation.
struct MemoryGauges {
  int64_t sqlite_memory_used = 0;        // SQLITE_STATUS_MEMORY_USED: all SQLite holds
  int64_t sqlite_memory_highwater = 0;   // its highest value since the process started
  int64_t sqlite_page_cache = 0;         // page caches (SQLITE_STATUS_PAGECACHE_OVERFLOW)
  int64_t sqlite_page_cache_static = 0;  // pages in a SQLITE_CONFIG_PAGECACHE buffer (none)
  int64_t heap_in_use = -1;              // malloc'd and not freed (mallinfo2); -1 unknown
  int64_t heap_free = -1;                // freed but kept by malloc; -1 unknown
};

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0};

  Metrics() = default;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One finished request: `route` is the router's label (pattern, "fallback",
  // "unmatched", "rejected"), `status` the HTTP status, `seconds` the handling time.
  void RecordRequest(const std::string& route, int status, double seconds);

  // Requests being handled now; the server brackets each handler call.
  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

  // Count of requests recorded for (route, status class "2xx"... "5xx"); for tests.
  uint64_t RequestCount(const std::string& route, int status_class) const;

  // The Prometheus text exposition (format version 0.0.4) of the counters and gauges;
  // GET /metrics puts PrometheusBuildInfo in front of it.
  std::string RenderPrometheus() const;

  // Fills the database engine's gauges of MemoryGauges (sqlite_*) before each rendering;
  // set once, before requests arrive, by whoever knows the engine. Unset: not rendered.
  void SetDatabaseMemoryReader(std::function<void(MemoryGauges&)> reader) {
    database_memory_ = std::move(reader);
  }

 private:
  struct RouteCounters {
    std::array<std::atomic<uint64_t>, 5> by_class{};  // 1xx..5xx
  };

  RouteCounters& CountersFor(const std::string& route);

  mutable std::shared_mutex routes_mu_;
  std::map<std::string, std::unique_ptr<RouteCounters>> routes_;  // guarded by routes_mu_
  std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> buckets_{};  // last: +Inf
  std::atomic<uint64_t> latency_sum_us_{0};
  std::atomic<int64_t> in_flight_{0};
  std::function<void(MemoryGauges&)> database_memory_;
};

// One metric with a single unlabelled sample, as Prometheus text: its HELP and TYPE
// lines ("counter" or "gauge") and the sample line.
std::string PrometheusMetric(std::string_view name, std::string_view type, std::string_view help,
                             int64_t value);

// The program's version as Prometheus text: sotay_build_info{version="..."} 1, with its
// HELP and TYPE lines.
std::string PrometheusBuildInfo(const std::string& version);

// Resident set size of this process in bytes, from /proc/self/statm (0 if unreadable).
uint64_t ProcessResidentBytes();

// The heap's gauges (the database's are left at 0: Metrics::SetDatabaseMemoryReader).
MemoryGauges ReadMemoryGauges();

}  // namespace sotay

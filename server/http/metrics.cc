#include "server/http/metrics.h"

#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>

#include "server/http/heap.h"

namespace sotay {

namespace {

// Escapes a Prometheus label value: backslash, double quote and newline.
std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string FormatDouble(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

Metrics::RouteCounters& Metrics::CountersFor(const std::string& route) {
  {
    std::shared_lock lock(routes_mu_);
    auto it = routes_.find(route);
    if (it != routes_.end()) return *it->second;
  }
  std::unique_lock lock(routes_mu_);
  auto& slot = routes_[route];
  if (!slot) slot = std::make_unique<RouteCounters>();
  return *slot;
}

void Metrics::RecordRequest(const std::string& route, int status, double seconds) {
  int cls = status / 100;
  if (cls < 1 || cls > 5) cls = 5;
  CountersFor(route).by_class[cls - 1].fetch_add(1, std::memory_order_relaxed);
  size_t i = 0;
  while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  latency_sum_us_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

uint64_t Metrics::RequestCount(const std::string& route, int status_class) const {
  if (status_class < 1 || status_class > 5) return 0;
  std::shared_lock lock(routes_mu_);
  auto it = routes_.find(route);
  if (it == routes_.end()) return 0;
  return it->second->by_class[status_class - 1].load(std::memory_order_relaxed);
}

std::string Metrics::RenderPrometheus() const {
  std::ostringstream out;
  out << "# HELP sotay_http_requests_total HTTP requests by route pattern and status class.\n"
      << "# TYPE sotay_http_requests_total counter\n";
  {
    std::shared_lock lock(routes_mu_);
    for (const auto& [route, counters] : routes_) {
      for (int c = 0; c < 5; ++c) {
        uint64_t n = counters->by_class[c].load(std::memory_order_relaxed);
        if (n == 0) continue;
        out << "sotay_http_requests_total{route=\"" << EscapeLabel(route) << "\",status=\""
            << (c + 1) << "xx\"} " << n << "\n";
      }
    }
  }

  out << "# HELP sotay_http_request_duration_seconds Time spent handling a request.\n"
      << "# TYPE sotay_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::string le = i < kLatencyBuckets.size() ? FormatDouble(kLatencyBuckets[i]) : "+Inf";
    out << "sotay_http_request_duration_seconds_bucket{le=\"" << le << "\"} " << cumulative << "\n";
  }
  out << "sotay_http_request_duration_seconds_sum "
      << FormatDouble(static_cast<double>(latency_sum_us_.load(std::memory_order_relaxed)) / 1e6)
      << "\n"
      << "sotay_http_request_duration_seconds_count " << cumulative << "\n";

  const auto gauge = [&out](const char* name, const char* help, int64_t value) {
    if (value >= 0) out << PrometheusMetric(name, "gauge", help, value);
  };
  gauge("sotay_http_requests_in_flight", "Requests being handled now.", in_flight());
  gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
        static_cast<int64_t>(ProcessResidentBytes()));

  MemoryGauges mem = ReadMemoryGauges();
  if (database_memory_) {
    database_memory_(mem);
    gauge("sotay_sqlite_memory_used_bytes", "Memory held by SQLite (all connections).",
          mem.sqlite_memory_used);
    gauge("sotay_sqlite_memory_highwater_bytes", "Highest memory held by SQLite so far.",
          mem.sqlite_memory_highwater);
    gauge("sotay_sqlite_page_cache_bytes", "Heap bytes of SQLite's page caches.",
          mem.sqlite_page_cache);
    gauge("sotay_sqlite_page_cache_static_pages", "Pages in SQLite's static page-cache buffer.",
          mem.sqlite_page_cache_static);
  }
  gauge("process_heap_in_use_bytes", "Heap bytes allocated and not freed (malloc).",
        mem.heap_in_use);
  gauge("process_heap_free_bytes", "Heap bytes freed but kept by malloc.", mem.heap_free);
  return out.str();
}

std::string PrometheusMetric(std::string_view name, std::string_view type, std::string_view help,
                             int64_t value) {
  const std::string n(name);
  return "# HELP " + n + " " + std::string(help) + "\n# TYPE " + n + " " + std::string(type) +
         "\n" + n + " " + std::to_string(value) + "\n";
}

std::string PrometheusBuildInfo(const std::string& version) {
  return "# HELP sotay_build_info Version of the running sotay-server.\n"
         "# TYPE sotay_build_info gauge\n"
         "sotay_build_info{version=\"" +
         EscapeLabel(version) + "\"} 1\n";
}

uint64_t ProcessResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size_pages = 0, resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  long page = sysconf(_SC_PAGESIZE);
  return resident_pages * static_cast<uint64_t>(page > 0 ? page : 4096);
}

MemoryGauges ReadMemoryGauges() {
  MemoryGauges g;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  if (kGlibcHeap) {
    struct mallinfo2 info = mallinfo2();
    g.heap_in_use = static_cast<int64_t>(info.uordblks + info.hblkhd);
    g.heap_free = static_cast<int64_t>(info.fordblks);
  }
#endif
  return g;
}

}  // namespace sotay

#include "server/http/metrics.h"
#include "server/store/ward_database.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <string_view>
#include <thread>
#include <vector>

#include "server/http/heap.h"

namespace sotay {

TEST_CASE("metrics count requests by route and status class", "[metrics]") {
  Metrics m;
  m.RecordRequest("/healthz", 200, 0.0004);
  m.RecordRequest("/healthz", 204, 0.002);
  m.RecordRequest("/api/v1/conflicts/<id>/resolve", 404, 0.3);
  m.RecordRequest("rejected", 413, 0.0);
  CHECK(m.RequestCount("/healthz", 2) == 2);
  CHECK(m.RequestCount("/api/v1/conflicts/<id>/resolve", 4) == 1);
  CHECK(m.RequestCount("/healthz", 5) == 0);

  std::string text = m.RenderPrometheus();
  CHECK(text.find("# TYPE sotay_http_requests_total counter") != std::string::npos);
  CHECK(text.find("sotay_http_requests_total{route=\"/healthz\",status=\"2xx\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("sotay_http_requests_total{route=\"rejected\",status=\"4xx\"} 1\n") !=
        std::string::npos);
  // Cumulative buckets: 0.0 and 0.0004 are <= 0.001; 0.002 <= 0.0025; 0.3 <= 0.5.
  CHECK(text.find("sotay_http_request_duration_seconds_bucket{le=\"0.001\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("sotay_http_request_duration_seconds_bucket{le=\"0.0025\"} 3\n") !=
        std::string::npos);
  CHECK(text.find("sotay_http_request_duration_seconds_bucket{le=\"0.25\"} 3\n") !=
        std::string::npos);
  CHECK(text.find("sotay_http_request_duration_seconds_bucket{le=\"0.5\"} 4\n") !=
        std::string::npos);
  CHECK(text.find("sotay_http_request_duration_seconds_bucket{le=\"+Inf\"} 4\n") !=
        std::string::npos);
  CHECK(text.find("sotay_http_request_duration_seconds_count 4\n") != std::string::npos);
  CHECK(text.find("sotay_http_requests_in_flight 0\n") != std::string::npos);
  CHECK(text.find("process_resident_memory_bytes ") != std::string::npos);
  CHECK(text.back() == '\n');
}

TEST_CASE("metrics are safe to update from many threads", "[metrics]") {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 5000; ++i) {
        m.RequestStarted();
        m.RecordRequest("/r" + std::to_string(i % 7), 200 + 100 * (t % 3), 0.001 * (i % 10));
        m.RequestFinished();
      }
    });
  }
  for (auto& th : threads) th.join();
  uint64_t total = 0;
  for (int r = 0; r < 7; ++r) {
    for (int c = 1; c <= 5; ++c) total += m.RequestCount("/r" + std::to_string(r), c);
  }
  CHECK(total == 20000);
  CHECK(m.in_flight() == 0);
  CHECK(m.RenderPrometheus().find("_count 20000\n") != std::string::npos);
}

TEST_CASE("metrics escape label values", "[metrics]") {
  Metrics m;
  m.RecordRequest("a\"b\\c\nd", 200, 0);
  CHECK(m.RenderPrometheus().find("route=\"a\\\"b\\\\c\\nd\"") != std::string::npos);
}

TEST_CASE("process RSS is read from /proc", "[metrics]") {
  CHECK(ProcessResidentBytes() > 1024 * 1024);
}

TEST_CASE("metrics expose SQLite's memory counters and the heap", "[metrics]") {
  // A connection with a few pages cached, so SQLite holds memory while we look.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "CREATE TABLE t(x); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 "
                       "FROM n WHERE i < 2000) INSERT INTO t SELECT randomblob(100) FROM n;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  // The reader `serve` installs (server/cli/serve.cc).
  auto read = [] {
    MemoryGauges g = ReadMemoryGauges();
    const DatabaseMemory m = ReadDatabaseMemory();
    g.sqlite_memory_used = m.used;
    g.sqlite_memory_highwater = m.highwater;
    g.sqlite_page_cache = m.page_cache;
    return g;
  };
  MemoryGauges g = read();
  CHECK(g.sqlite_memory_used > 200 * 1000);  // 2,000 rows of 100 bytes, in memory
  CHECK(g.sqlite_memory_highwater >= g.sqlite_memory_used);
  CHECK(g.sqlite_page_cache > 0);
  CHECK(g.sqlite_page_cache <= g.sqlite_memory_used);
  if (kGlibcHeap) {
    CHECK(g.heap_in_use > g.sqlite_memory_used);
    CHECK(g.heap_free >= 0);
  } else {  // a sanitizer's malloc: glibc's counters would not describe the heap
    CHECK(g.heap_in_use == -1);
    CHECK(g.heap_free == -1);
  }

  Metrics metrics;
  CHECK(metrics.RenderPrometheus().find("sotay_sqlite_memory_used_bytes") == std::string::npos);
  metrics.SetDatabaseMemoryReader([&](MemoryGauges& m) { m = read(); });
  std::string text = metrics.RenderPrometheus();
  for (const char* name : {"sotay_sqlite_memory_used_bytes ",
                           "sotay_sqlite_memory_highwater_bytes ", "sotay_sqlite_page_cache_bytes ",
                           "process_heap_in_use_bytes ", "process_heap_free_bytes "}) {
    INFO(name);
    bool heap = std::string_view(name).rfind("process_heap", 0) == 0;
    CHECK((text.find(std::string("\n") + name) != std::string::npos) == (!heap || kGlibcHeap));
  }
  sqlite3_close(db);
  // Closing the connection gives its memory back: SQLite's counter falls with it.
  CHECK(read().sqlite_memory_used < g.sqlite_memory_used - 200 * 1000);
}

}  // namespace sotay

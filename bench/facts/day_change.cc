// The cost of a day change for the indicator facts (server/ward/fact_refresher.h) on a demo
// ward: how many households an ordinary day and 1 January refresh, how long it takes,
// how long one batch holds the writer lock, and the dashboard's answer time after it.
//
//   sotay_bench_day_change --db WARD.db [--households 40000] [--groups 50] [--seed 1]
//                          [--batch 100] [--runs 7] [--keep] [--pushers N]
//                          [--push-every MS] [--days D1,D2,...]
//
// --days picks the days the clock is moved to (default: the ward's own day, two
// ordinary days, 31 December and 1 January).
//
// With --pushers N, N phones push new households (bench/facts/push_load.h), back to
// back or each one push every MS milliseconds (--push-every), for 10 s on the ward's own day (no
// refresh: the baseline) and during each day's refresh, and every push's time to its durable answer
// is reported (p50, p99, max).
//
// Without WARD.db, makes it first (the demo generator, as `sotay-server demo` does; its
// facts are of 2026-11-01, the demo's day). The day changes run on a copy
// (WARD.db.day-change, deleted at the end unless --keep), so the ward can be measured
// again. Prints one JSON object.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/facts/push_load.h"
#include "core/date.h"
#include "server/api/dashboard_util.h"
#include "server/ward/demo_ward.h"
#include "server/ward/services.h"

namespace sotay {
namespace {

using Steady = std::chrono::steady_clock;

double MsSince(Steady::time_point t) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t).count();
}

int64_t At(const std::string& date) {
  return UnixMsAtVietnamDayStart(*ParseDate(date)) + 10 * 3600 * 1000;  // 10:00 in Vietnam
}

int Fail(const Status& s) {
  std::fprintf(stderr, "day_change: %s\n", s.ToString().c_str());
  return 1;
}

struct Options {
  std::string db;
  int households = 40000;
  int groups = 50;
  uint64_t seed = 1;
  int batch = 100;
  int runs = 7;
  bool keep = false;
  int pushers = 0;
  int push_every_ms = 0;
  std::vector<std::string> days = {"2026-11-01", "2026-11-02", "2026-11-03", "2026-12-31",
                                   "2027-01-01"};
};

// ", \"push\": {...}" for the pushes timed by `stats`.
std::string PushJson(const PushLoadStats& stats) {
  char text[256];
  std::snprintf(text, sizeof text,
                ", \"push\": {\"pushes\": %lld, \"changes\": %lld, \"failed\": %lld, "
                "\"p50_ms\": %.1f, \"p99_ms\": %.1f, \"max_ms\": %.1f}",
                static_cast<long long>(stats.pushes), static_cast<long long>(stats.changes),
                static_cast<long long>(stats.failed), stats.p50_ms, stats.p99_ms, stats.max_ms);
  return text;
}

Status Generate(const Options& o) {
  Result<SchemaSet> schemas = SchemaSet::LoadDirectory(FindSchemasDir());
  if (!schemas.ok()) return schemas.status();
  Result<OpenedDatabase> db = OpenDatabase(o.db);
  if (!db.ok()) return db.status();
  DemoOptions demo;
  demo.groups = o.groups;
  demo.households = o.households;
  demo.seed = o.seed;
  const Steady::time_point t = Steady::now();
  Result<DemoStats> stats = GenerateDemoWard(*db->store, *schemas, demo, db->accounts.get());
  if (!stats.ok()) return stats.status();
  std::fprintf(stderr, "day_change: generated %lld households in %.0f s\n",
               static_cast<long long>(stats->households), MsSince(t) / 1000);
  return Status::Ok();
}

int Run(const Options& o) {
  namespace fs = std::filesystem;
  if (!fs::exists(o.db)) {
    if (Status s = Generate(o); !s.ok()) return Fail(s);
  }
  const std::string copy = o.db + ".day-change";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(copy + suffix);
  fs::copy_file(o.db, copy);

  ManualClock clock(At("2026-11-01"));
  ServicesOptions services;
  services.db_path = copy;
  services.clock = &clock;
  services.training = false;
  services.fact_refresh_batch = o.batch;
  Result<std::unique_ptr<ServerServices>> sv = ServerServices::Open(services);
  if (!sv.ok()) return Fail(sv.status());
  FactRefresher& refresher = (*sv)->fact_refresher();

  std::string out = "{\"db\": \"" + o.db + "\", \"batch\": " + std::to_string(o.batch) +
                    ", \"pushers\": " + std::to_string(o.pushers) +
                    ", \"push_every_ms\": " + std::to_string(o.push_every_ms);
  PushLoad load(
      **sv, clock,
      PushLoadOptions{o.pushers, 6, o.groups, std::chrono::milliseconds(o.push_every_ms)});
  if (o.pushers > 0) {  // the baseline: the same pushes with no refresh under way
    load.Start();
    std::this_thread::sleep_for(std::chrono::seconds(10));
    const std::string line = PushJson(load.Stop());
    std::fprintf(stderr, "day_change: no refresh%s\n", line.c_str());
    out += ", \"baseline\": {" + line.substr(2) + "}";
  }
  out += ", \"days\": [";
  bool first = true;
  for (const std::string& day_text : o.days) {
    const char* day = day_text.c_str();
    clock.Set(At(day_text));
    const FactRefresher::Stats before = refresher.stats();
    if (o.pushers > 0) load.Start();
    const Steady::time_point t = Steady::now();
    Result<std::string> done = refresher.CatchUp();
    const double ms = MsSince(t);
    const std::string pushes = o.pushers > 0 ? PushJson(load.Stop()) : "";
    if (!done.ok()) return Fail(done.status());
    const FactRefresher::Stats after = refresher.stats();
    char line[512];
    std::snprintf(line, sizeof line,
                  "%s{\"day\": \"%s\", \"households\": %lld, \"batches\": %lld, \"ms\": %.1f, "
                  "\"max_batch_ms\": %.1f, \"yields\": %lld, \"max_yield_ms\": %.1f%s}",
                  first ? "" : ", ", day,
                  static_cast<long long>(after.households - before.households),
                  static_cast<long long>(after.batches - before.batches), ms,
                  static_cast<double>(after.max_batch_us) / 1000,
                  static_cast<long long>(after.yields - before.yields),
                  static_cast<double>(after.max_yield_us) / 1000, pushes.c_str());
    std::fprintf(stderr, "day_change: %s\n", line + (first ? 0 : 2));
    out += line;
    first = false;
  }
  out += "], \"dashboard_ms\": [";
  std::vector<double> times;
  for (int i = 0; i < o.runs; ++i) {
    const Steady::time_point t = Steady::now();
    Result<ComputedIndicators> computed = ComputeIndicators(**sv, 2027);
    times.push_back(MsSince(t));
    if (!computed.ok()) return Fail(computed.status());
    out += (i ? ", " : "") + std::to_string(times.back());
  }
  std::sort(times.begin(), times.end());
  out += "], \"dashboard_median_ms\": " + std::to_string(times[times.size() / 2]) + "}";
  std::printf("%s\n", out.c_str());
  sv->reset();
  if (!o.keep) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(copy + suffix);
  }
  return 0;
}

}  // namespace
}  // namespace sotay

int main(int argc, char** argv) {
  sotay::Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db")
      o.db = next();
    else if (a == "--households")
      o.households = std::atoi(next().c_str());
    else if (a == "--groups")
      o.groups = std::atoi(next().c_str());
    else if (a == "--seed")
      o.seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--batch")
      o.batch = std::atoi(next().c_str());
    else if (a == "--runs")
      o.runs = std::max(1, std::atoi(next().c_str()));
    else if (a == "--pushers")
      o.pushers = std::max(0, std::atoi(next().c_str()));
    else if (a == "--push-every")
      o.push_every_ms = std::max(0, std::atoi(next().c_str()));
    else if (a == "--days") {
      o.days.clear();
      std::string list = next();
      for (size_t start = 0; start <= list.size();) {
        const size_t comma = std::min(list.find(',', start), list.size());
        if (comma > start) o.days.push_back(list.substr(start, comma - start));
        start = comma + 1;
      }
    } else if (a == "--keep")
      o.keep = true;
    else {
      std::fprintf(stderr, "day_change: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  for (const std::string& day : o.days) {
    if (!sotay::ParseDate(day).ok()) {
      std::fprintf(stderr, "day_change: --days: not a date (YYYY-MM-DD): %s\n", day.c_str());
      return 2;
    }
  }
  if (o.db.empty()) {
    std::fprintf(stderr, "usage: sotay_bench_day_change --db WARD.db [--households N] ...\n");
    return 2;
  }
  return sotay::Run(o);
}

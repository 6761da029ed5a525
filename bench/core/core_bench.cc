// sotay_bench_core: the core's speed on this machine, built natively and as wasm (run
// under node), so bench/run.mjs can report the wasm/native ratio.
//
//   sotay_bench_core --schemas DIR --households FILE [--runs 5] [--seconds 1]
//                    [--indicators N] [--indicators N ...] [--today 2026-11-01]
//
// FILE holds a JSON array of household bundles taken from a demo ward:
//   [{"household": RECORD, "children": [RECORD, ...]}, ...]
//   RECORD = {"id", "type", "group_id", "parent_id", "fields": {name: value}}
//
// Wall-clock rates, and natively also rates per CPU-second of the process.
//
// Validation: one "household validation" is what the phone does when a household with
// six members is saved: Validate() of the household (with its children) and of each
// member, in device mode. The first bundle with exactly six members is used; each run
// repeats it for --seconds and reports validations per second.
//
// Indicators: the facts of N households (2 periods) computed from the bundles in turn
// (group ids renamed to 800 households per group, as in the demo ward) and summed per
// (group, indicator), then Aggregate() of the registry; the records are streamed, not
// kept, as the server keeps only facts. Reports the time and the process's peak memory.
//
// Prints one JSON object on stdout.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "bench/core/bench_main.h"
#include "core/form_context.h"
#include "core/household_bundle.h"
#include "core/indicator_facts.h"
#include "core/indicator_registry.h"
#include "core/indicators.h"
#include "core/schema.h"
#include "core/validate.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#else
#include <sys/resource.h>
#endif

namespace sotay {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Peak memory of the process in KiB: the resident high-water mark natively, the size of
// the wasm heap (which only grows) under node.
int64_t PeakMemoryKib() {
#ifdef __EMSCRIPTEN__
  return static_cast<int64_t>(emscripten_get_heap_size() / 1024);
#else
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
#endif
}

struct Options {
  std::string schemas = SOTAY_SCHEMA_DIR;
  std::string households;
  std::string today = "2026-11-01";
  int runs = 5;
  double seconds = 1.0;
  std::vector<int64_t> indicator_sizes;
};

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    if (a == "--schemas") {
      o.schemas = v;
    } else if (a == "--households") {
      o.households = v;
    } else if (a == "--today") {
      o.today = v;
    } else if (a == "--runs") {
      o.runs = std::max(1, std::stoi(v));
    } else if (a == "--seconds") {
      o.seconds = std::stod(v);
    } else if (a == "--indicators") {
      o.indicator_sizes.push_back(std::stoll(v));
    } else {
      return false;
    }
  }
  return !o.households.empty();
}

Record RecordFromJson(const Json& j) {
  Record r;
  r.id = j.at("id").get<std::string>();
  r.type = j.at("type").get<std::string>();
  r.group_id = j.at("group_id").get<std::string>();
  if (j.contains("parent_id") && j["parent_id"].is_string()) r.parent_id = j["parent_id"];
  for (const auto& [name, value] : j.at("fields").items()) r.fields[name].value = value;
  return r;
}

std::vector<HouseholdBundle> LoadBundles(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<HouseholdBundle> out;
  for (const Json& b : Json::parse(text.str())) {
    HouseholdBundle bundle;
    bundle.household = RecordFromJson(b.at("household"));
    for (const Json& c : b.at("children")) bundle.children.push_back(RecordFromJson(c));
    out.push_back(std::move(bundle));
  }
  return out;
}

// CPU time of the process in ms natively (robust on a shared machine); -1 under wasm,
// where only wall time exists.
double CpuMs() {
#ifdef __EMSCRIPTEN__
  return -1;
#else
  return static_cast<double>(std::clock()) * 1000.0 / CLOCKS_PER_SEC;
#endif
}

// Validations per second of `bundle`, one entry per run; -1 when the bundle is invalid
// (the benchmark would then measure the error path).
std::vector<double> ValidationRates(const SchemaSet& schemas, const HouseholdBundle& bundle,
                                    const Options& o, size_t* issues,
                                    std::vector<double>* cpu_rates) {
  VectorChildLookup children(bundle.children);
  std::vector<const Record*> members = bundle.Members();
  NoChildren none;
  auto validate_once = [&] {
    size_t n = Validate(schemas, bundle.household, children, o.today).size();
    for (const Record* m : members) n += Validate(schemas, *m, none, o.today).size();
    return n;
  };
  *issues = validate_once();
  std::vector<double> rates;
  for (int run = 0; run < o.runs; ++run) {
    int64_t count = 0;
    size_t sink = 0;
    const double cpu_start = CpuMs();
    auto start = Clock::now();
    do {
      for (int k = 0; k < 20; ++k) sink += validate_once();
      count += 20;
    } while (Seconds(start) < o.seconds);
    rates.push_back(static_cast<double>(count) / Seconds(start));
    if (cpu_start >= 0)
      cpu_rates->push_back(static_cast<double>(count) * 1000 / (CpuMs() - cpu_start));
    if (sink != *issues * static_cast<size_t>(count)) return {-1};
  }
  return rates;
}

std::string GroupOf(int64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "tdp-%04lld", static_cast<long long>(i / 800 + 1));
  return buf;
}

Json IndicatorRun(const SchemaSet& schemas, const IndicatorRegistry& registry,
                  std::vector<HouseholdBundle>& bundles, int64_t households, const Options& o) {
  const int64_t year = std::stoll(o.today.substr(0, 4));
  const double cpu_start = CpuMs();
  auto start = Clock::now();
  std::map<std::pair<std::string, std::string>, FactSum> sums[2];
  int64_t facts = 0;
  for (int64_t i = 0; i < households; ++i) {
    HouseholdBundle& b = bundles[static_cast<size_t>(i) % bundles.size()];
    std::string group = GroupOf(i);
    b.household.group_id = group;
    for (Record& c : b.children) c.group_id = group;
    for (int p = 0; p < 2; ++p) {
      int64_t period = year - 1 + p;
      for (const Fact& f :
           ComputeFacts(schemas, b, period, ReferenceDateForPeriod(period, o.today))) {
        FactSum& s = sums[p][{group, f.indicator}];
        s.group_id = group;
        s.indicator = f.indicator;
        s.numerator += f.numerator;
        s.denominator += f.denominator;
        ++s.facts;
        ++facts;
      }
    }
  }
  double facts_s = Seconds(start);
  AggregateInput input;
  input.period = year;
  for (int p = 0; p < 2; ++p) {
    for (auto& [key, s] : sums[p]) (p == 1 ? input.current : input.previous).push_back(s);
  }
  for (int64_t g = 0; g * 800 < households; ++g) input.groups.push_back(GroupOf(g * 800));
  auto agg_start = Clock::now();
  std::vector<IndicatorValue> values = Aggregate(registry, input);
  double agg_s = Seconds(agg_start);
  return {{"households", households},          {"facts", facts},
          {"groups", input.groups.size()},     {"values", values.size()},
          {"facts_ms", facts_s * 1000},        {"aggregate_ms", agg_s * 1000},
          {"total_ms", Seconds(start) * 1000}, {"cpu_ms", cpu_start < 0 ? -1 : CpuMs() - cpu_start},
          {"peak_memory_kib", PeakMemoryKib()}};
}

int Main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) {
    std::cerr << "usage: sotay_bench_core --households FILE [--schemas DIR] [--runs N] "
                 "[--seconds S] [--indicators N ...] [--today YYYY-MM-DD]\n";
    return 2;
  }
  Result<SchemaSet> schemas = SchemaSet::LoadDirectory(o.schemas);
  if (!schemas.ok()) {
    std::cerr << schemas.status().ToString() << "\n";
    return 1;
  }
  Result<IndicatorRegistry> registry =
      IndicatorRegistry::LoadFile(o.schemas + "/indicators/plan.json");
  if (!registry.ok()) {
    std::cerr << registry.status().ToString() << "\n";
    return 1;
  }
  std::vector<HouseholdBundle> bundles = LoadBundles(o.households);
  auto six = std::find_if(bundles.begin(), bundles.end(),
                          [](const HouseholdBundle& b) { return b.Members().size() == 6; });
  if (six == bundles.end()) {
    std::cerr << "no household with six members in " << o.households << "\n";
    return 1;
  }
  size_t issues = 0;
  std::vector<double> cpu_rates;
  std::vector<double> rates = ValidationRates(*schemas, *six, o, &issues, &cpu_rates);
  Json out = {{"validation",
               {{"household_id", six->household.id},
                {"records", 1 + six->Members().size()},
                {"rates", rates},
                {"cpu_rates", cpu_rates},
                {"issues", issues}}}};
  out["indicators"] = Json::array();
  for (int64_t n : o.indicator_sizes)
    out["indicators"].push_back(IndicatorRun(*schemas, *registry, bundles, n, o));
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace
}  // namespace sotay

int main(int argc, char** argv) {
  return sotay::RunBenchMain("sotay_bench_core", sotay::Main, argc, argv);
}

#include "bench/facts/push_load.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/hlc.h"
#include "server/ward/demo_ward.h"
#include "sync/wire.h"

namespace sotay {
namespace {

// A version-4-shaped UUID unique per (round, phone, n).
std::string BenchUuid(int64_t round, int phone, int64_t n) {
  char id[64];
  std::snprintf(id, sizeof id, "b0000000-%04x-4%03x-8000-%012llx",
                static_cast<unsigned>(round & 0xffff), static_cast<unsigned>(phone & 0xfff),
                static_cast<unsigned long long>(n & 0xffffffffffffLL));
  return id;
}

}  // namespace

PushLoad::PushLoad(ServerServices& services, const Clock& clock, PushLoadOptions options)
    : services_(services), clock_(clock), options_(options) {}

PushLoad::~PushLoad() { Stop(); }

void PushLoad::Start() {
  Stop();
  ++round_;
  stop_ = false;
  times_ms_.assign(options_.phones, {});
  changes_.assign(options_.phones, 0);
  failed_.assign(options_.phones, 0);
  for (int i = 0; i < options_.phones; ++i) threads_.emplace_back([this, i] { Phone(i); });
}

PushLoadStats PushLoad::Stop() {
  stop_ = true;
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  PushLoadStats stats;
  std::vector<double> all;
  for (size_t i = 0; i < times_ms_.size(); ++i) {
    all.insert(all.end(), times_ms_[i].begin(), times_ms_[i].end());
    stats.changes += changes_[i];
    stats.failed += failed_[i];
  }
  stats.pushes = static_cast<int64_t>(all.size());
  if (all.empty()) return stats;
  std::sort(all.begin(), all.end());
  auto at = [&](double q) {
    return all[std::min(all.size() - 1, static_cast<size_t>(q * all.size()))];
  };
  stats.p50_ms = at(0.50);
  stats.p99_ms = at(0.99);
  stats.max_ms = all.back();
  return stats;
}

void PushLoad::Phone(int index) {
  const std::string device = "bench-r" + std::to_string(round_) + "-p" + std::to_string(index);
  const DeviceScope who{
      device, "leader", {DemoGroupId(index % options_.groups + 1, options_.groups)}};
  const std::string& group = who.groups.front();
  int64_t seq = 0, ids = 0;
  uint32_t counter = 0;
  while (!stop_) {
    std::vector<Change> changes;
    auto write = [&](const std::string& id, const char* type, const std::string& parent,
                     const char* field, Json value) {
      Change c;
      c.device_seq = ++seq;
      c.record_id = id;
      c.record_type = type;
      c.group_id = group;
      c.parent_id = parent;
      c.field = field;
      c.value = std::move(value);
      c.hlc = Hlc{clock_.NowMs(), counter++ % (kHlcMaxCounter + 1), device}.ToString();
      changes.push_back(std::move(c));
    };
    for (int h = 0; h < options_.households_per_push; ++h) {
      const std::string house = BenchUuid(round_, index, ++ids);
      write(house, "household", "", "address_street", "Đường Trần Thành Ngọ");
      write(house, "household", "", "address_number", std::to_string(ids));
      write(house, "household", "", "housing_tenure", "owned");
      write(house, "household", "", "housing_type", "permanent");
      write(house, "household", "", "floor_area_m2", 62.5);
      write(house, "household", "", "water_source", "piped");
      write(house, "household", "", "latrine", "septic");
      write(house, "household", "", "info_devices", Json::array({"smartphone", "tv"}));
      write(house, "household", "", "waste_sorting", Json::array({"food"}));
      write(house, "household", "", "waste_collected", true);
      write(house, "household", "", "has_business", false);
      write(house, "household", "", "business_converted", false);
      write(house, "household", "", "notes", "");
      write(house, "household", "", "phone", "");
      for (int m = 0; m < 3; ++m) {
        const std::string person = BenchUuid(round_, index, ++ids);
        write(person, "person", house, "full_name", "Nguyễn Văn An " + std::to_string(m));
        write(person, "person", house, "sex", m == 1 ? "female" : "male");
        write(person, "person", house, "date_of_birth", m == 2 ? "2015-03-04" : "1978-06-15");
        write(person, "person", house, "relationship",
              m == 0   ? "head"
              : m == 1 ? "spouse"
                       : "child");
        write(person, "person", house, "ethnicity", "01");
        write(person, "person", house, "residence_status", "permanent");
        write(person, "person", house, "labour_status", m == 2 ? "student" : "wage_contract");
        write(person, "person", house, "occupation", "Công nhân");
        write(person, "person", house, "education_level", "upper_secondary");
        write(person, "person", house, "in_education", m == 2);
        write(person, "person", house, "disability", "none");
        write(person, "person", house, "malnourished", false);
        write(person, "person", house, "bhyt_has_card", true);
        write(person, "person", house, "bhyt_expiry", "2027-06-30");
        write(person, "person", house, "bhyt_group", "household");
        write(person, "person", house, "bhxh", m == 2 ? "none" : "compulsory");
        write(person, "person", house, "has_smartphone_internet", m != 2);
        write(person, "person", house, "vneid_level2", m != 2);
        write(person, "person", house, "bdhvs_course_done", false);
        write(person, "person", house, "online_service_12m", m == 0);
      }
    }
    const auto t = std::chrono::steady_clock::now();
    // Paced: the next push starts `every` after this one started (at once if it took
    // longer), as phones that sync when a household is saved.
    const auto next = t + options_.every;
    Result<std::vector<PushItem>> items =
        services_.push_rules().DecodePush(who, EncodePushBody(changes));
    bool ok = items.ok();
    if (ok) ok = services_.pushes().Apply(who, *items).ok();
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
    if (!ok) {
      ++failed_[index];
    } else {
      times_ms_[index].push_back(ms);
      changes_[index] += static_cast<int64_t>(changes.size());
    }
    while (!stop_ && std::chrono::steady_clock::now() < next) {
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          next - std::chrono::steady_clock::now(), std::chrono::milliseconds(20)));
    }
  }
}

}  // namespace sotay

#include "server/ward/ward_indicators.h"

#include <chrono>
#include <cstdio>

#include "core/date.h"
#include "core/household_bundle.h"
#include "core/plan_period.h"

namespace sotay {

std::pair<int64_t, int> CurrentMonth(const Clock& clock) {
  CivilDate d = CivilFromDays(VietnamDayFromUnixMs(clock.NowMs()));
  return {d.year, d.month};
}

namespace {

// How long an answer waits for the facts to be brought to a new day: an ordinary day
// of a ward takes well under a second; 1 January takes longer and is answered from the
// previous day's facts meanwhile.
constexpr std::chrono::milliseconds kFactRefreshWait{3'000};

}  // namespace

Result<ComputedIndicators> ComputeIndicators(ServerServices& sv, int64_t year,
                                             int manual_until_month) {
  // Facts brought to today first, waiting for that a bounded time: past it (or when the
  // refresh fails) the facts of the last completed day are summed and as_of says which.
  FactRefresher::Freshness fresh = sv.fact_refresher().CatchUpWithin(kFactRefreshWait);
  if (!fresh.status.ok()) {
    std::fprintf(stderr, "sotay-server: refreshing indicator facts: %s\n",
                 fresh.status.ToString().c_str());
  }
  return ComputeIndicatorsAsStored(sv, year, fresh.as_of, fresh.refreshing, manual_until_month);
}

Result<ComputedIndicators> ComputeIndicatorsAsStored(ServerServices& sv, int64_t year,
                                                     const std::string& as_of, bool refreshing,
                                                     int manual_until_month) {
  ComputedIndicators out;
  out.year = year;
  out.as_of = as_of;
  out.refreshing = refreshing;
  if (!out.as_of.empty()) out.reference_date = ReferenceDateForPeriod(year, out.as_of);
  AggregateInput input;
  input.period = year;
  {
    Result<ServerServices::ReaderLease> reader = sv.Reader();
    if (!reader.ok()) return reader.status();
    // One snapshot for both periods.
    Transaction txn(**reader);
    SOTAY_RETURN_IF_ERROR(txn.status());
    Result<std::vector<FactSum>> cur = (*reader)->AggregateFacts(std::to_string(year));
    if (!cur.ok()) return cur.status();
    Result<std::vector<FactSum>> prev = (*reader)->AggregateFacts(std::to_string(year - 1));
    if (!prev.ok()) return prev.status();
    input.current = std::move(cur).value();
    input.previous = std::move(prev).value();
    (void)txn.Commit();
  }
  std::vector<ManualEntry> manual;
  {
    std::lock_guard<std::mutex> lock(sv.accounts_mu);
    Result<std::vector<GroupInfo>> groups = sv.accounts().ListGroups();
    if (!groups.ok()) return groups.status();
    out.groups = std::move(groups).value();
    Result<std::vector<ManualEntry>> entries = sv.accounts().ListManualValues("");
    if (!entries.ok()) return entries.status();
    manual = std::move(entries).value();
  }
  for (const GroupInfo& g : out.groups) input.groups.push_back(g.id);
  // Newest first: the first entry of each (indicator, period) is its value.
  for (ManualEntry& e : manual) {
    std::optional<PlanPeriod> p = ParsePlanPeriod(e.period);
    if (!p || p->year != year || p->EndMonth() > manual_until_month) continue;
    auto key = std::make_pair(e.indicator, e.period);
    if (out.entries.count(key) != 0) continue;
    input.manual.push_back(ManualValue{e.indicator, e.period, e.value});
    out.entries.emplace(key, std::move(e));
  }
  out.values = Aggregate(sv.indicators(), input);
  return out;
}

Status SaveSnapshot(ServerServices& sv, const ComputedIndicators& computed,
                    const std::string& month) {
  std::lock_guard<std::mutex> lock(sv.accounts_mu);
  Result<std::vector<IndicatorSnapshot>> stored = sv.accounts().ListSnapshots(month, month);
  if (!stored.ok()) return stored.status();
  std::map<std::string, std::optional<double>> before;
  std::map<std::string, std::string> before_as_of;
  for (const IndicatorSnapshot& s : *stored) {
    before[s.indicator] = s.value;
    before_as_of[s.indicator] = s.as_of;
  }
  // Only changed values are written: most dashboard calls then cost no disk sync.
  std::vector<IndicatorSnapshot> rows;
  int64_t now = sv.clock().NowMs();
  for (const IndicatorValue& v : computed.values) {
    if (!v.group_id.empty()) continue;
    auto it = before.find(v.indicator);
    if (it != before.end() && it->second == v.value &&
        before_as_of[v.indicator] == computed.as_of) {
      continue;
    }
    rows.push_back(IndicatorSnapshot{month, v.indicator, v.value, now, computed.as_of});
  }
  if (rows.empty()) return Status::Ok();
  // One transaction: one sync to disk for the whole set.
  SOTAY_RETURN_IF_ERROR(sv.accounts().Begin());
  Status s = sv.accounts().PutSnapshots(rows);
  if (!s.ok()) {
    (void)sv.accounts().Rollback();
    return s;
  }
  return sv.accounts().Commit();
}

}  // namespace sotay

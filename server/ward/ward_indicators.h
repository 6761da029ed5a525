// The plan's indicators of the ward as the server computes them: facts brought to today
// and summed by the core's Aggregate, with the office's manual values; and the monthly
// snapshots of the ward values behind the trend and the reports of ended periods.
// Transport-free: the dashboard's routes, the report and `sotay-server snapshot` call it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/indicators.h"
#include "core/status.h"
#include "server/store/account_store.h"
#include "server/ward/services.h"

namespace sotay {

// The Vietnamese calendar year and month now.
std::pair<int64_t, int> CurrentMonth(const Clock& clock);

// Indicator values of one year as Aggregate computes them, from facts first brought to
// today's date (ServerServices::fact_refresher), with the manual entries
// behind the manual rows. `manual_until_month` (1..12) leaves out manual values of
// periods ending after that month of the year (a monthly or quarterly report).
struct ComputedIndicators {
  int64_t year = 0;
  // The date the summed facts are complete for (FactRefresher::as_of): today, or the
  // last day a refresh completed when today's failed; "" when none ever did.
  std::string as_of;
  // The day the year's record-fed indicators are evaluated on: 31 December of `year`,
  // or as_of while the year runs (ReferenceDateForPeriod); "" with as_of.
  std::string reference_date;
  // A refresh to today is under way (1 January in a big ward): the facts summed are
  // complete for as_of only.
  bool refreshing = false;
  std::vector<IndicatorValue> values;
  // The newest entry per (indicator, period).
  std::map<std::pair<std::string, std::string>, ManualEntry> entries;
  std::vector<GroupInfo> groups;
};
Result<ComputedIndicators> ComputeIndicators(ServerServices& sv, int64_t year,
                                             int manual_until_month = 12);

// The same from the facts as they are stored, complete for `as_of`, without bringing
// them to today: what the fact refresher snapshots before it moves them to a new month.
Result<ComputedIndicators> ComputeIndicatorsAsStored(ServerServices& sv, int64_t year,
                                                     const std::string& as_of, bool refreshing,
                                                     int manual_until_month = 12);

// Stores the ward value of every indicator as the snapshot of `month` ("YYYY-MM"), with
// the day its facts are true on (computed.as_of), writing only the values that differ
// from the stored ones or are now true on a later day: at most one write a day.
Status SaveSnapshot(ServerServices& sv, const ComputedIndicators& computed,
                    const std::string& month);

}  // namespace sotay

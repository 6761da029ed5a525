// Helpers shared by the dashboard routes (indicator_routes.cc, record_routes.cc,
// export_routes.cc, admin_routes.cc): query parameters, the indicator computation
// behind /indicators, /report and the trend snapshots. Plan periods are the core's
// (core/plan_period.h), and so are household summaries (core/household_summary.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/household_summary.h"
#include "core/indicators.h"
#include "core/plan_period.h"
#include "core/record.h"
#include "core/store.h"
#include "server/http/http_types.h"
#include "server/ward/services.h"

namespace sotay {

// The query parameter's value, "" when absent.
std::string QueryValue(const HttpRequest& req, const char* name);

// A 400 with a dashboard-specific code (bad_period, not_manual, unknown_type...).
HttpResponse BadRequest(std::string_view code, std::string_view vi, std::string_view en,
                        std::string_view field = {});

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

// A values row of GET /api/v1/indicators: ToJson plus who entered a manual value.
Json IndicatorRowJson(const IndicatorValue& v, const ComputedIndicators& computed);

// Stores the ward value of every indicator as the snapshot of `month` ("YYYY-MM"),
// writing only the values that differ from the stored ones.
Status SaveSnapshot(ServerServices& sv, const ComputedIndicators& computed,
                    const std::string& month);

// A file to download: `body` as `content_type`, saved as `filename` (ASCII), never cached.
HttpResponse FileResponse(std::string body, const std::string& content_type,
                          const std::string& filename);

// A number as a spreadsheet reads it: up to 15 significant digits, no trailing zeros.
std::string NumberText(double v);

// {vi, en}.
Json LabelJson(const Label& label);

// Record fields as {name: {value, hlc}}.
Json FieldsJson(const Record& record);

// The sensitive fields of `record` that hold a value (by its form); empty when none.
std::vector<std::string> SensitiveFieldsWithValues(const SchemaSet& schemas, const Record& record);

}  // namespace sotay

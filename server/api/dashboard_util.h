// Helpers shared by the dashboard routes (indicator_routes.cc, record_routes.cc,
// export_routes.cc, admin_routes.cc): query parameters and answers. The indicator
// computation behind /indicators, /report and the trend snapshots is the ward's
// (server/ward/ward_indicators.h). Plan periods are the core's
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
#include "server/ward/ward_indicators.h"

namespace sotay {

// The query parameter's value, "" when absent.
std::string QueryValue(const HttpRequest& req, const char* name);

// ApiError with a dashboard-specific code (bad_period, not_manual, unknown_type...): a
// query or body the dashboard cannot use, 400 in the table of api_error.h.
HttpResponse BadRequest(std::string_view code, std::string_view vi, std::string_view en,
                        std::string_view field = {});

// A values row of GET /api/v1/indicators: ToJson plus who entered a manual value.
Json IndicatorRowJson(const IndicatorValue& v, const ComputedIndicators& computed);

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

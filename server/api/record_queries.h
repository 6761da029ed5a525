// Read-only queries the Store interface does not offer, for the dashboard's record
// pages: a record's indicator facts and its entries in the change log. Each call opens
// its own read-only connection to the database file (WAL: it never blocks the writer).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/change.h"
#include "core/store.h"
#include "server/api/dashboard_util.h"

namespace sotay {

// Facts of the record, by period then indicator.
Result<std::vector<Fact>> RecordFacts(const std::string& db_path, std::string_view record_id);

// Visits the summary of each non-deleted household of `group` ("" : all groups) whose
// id sorts after `after`, in id order, until `visit` returns false. Households stream
// from one SQL statement and each one's members from a second (the few fields a
// summary reads, never whole records); the summary is the core's SummarizeHousehold
// over them, as for the plain list. The dashboard's search goes through a group this
// way, so its memory is one household's, whatever the size of the group.
Status ForEachHouseholdSummary(
    const std::string& db_path, std::string_view group, std::string_view after,
    const std::function<bool(const std::string& id, const HouseholdSummary& summary)>& visit);

// The summary of every non-deleted household of `group` ("" : all groups), by id (the
// cultural-family list joins them to its rows).
Result<std::map<std::string, HouseholdSummary>> HouseholdSummaries(const std::string& db_path,
                                                                   std::string_view group);

// A record's own share of one indicator in one period: its facts summed.
struct FactShare {
  double numerator = 0;
  double denominator = 0;
};

// Every record's share of `indicator` in `period` ("2026", "2026-Q2", "2026-05"), of
// `group` ("" : all groups), by record id, read with SQL from the facts view: the
// household list's "only those that fall short" filter over the whole ward.
Result<std::map<std::string, FactShare>> IndicatorShares(const std::string& db_path,
                                                         std::string_view indicator,
                                                         std::string_view period,
                                                         std::string_view group);

// A cultural-family assessment as the posting list needs it.
struct CulturalFamilyRow {
  std::string id;
  std::string household_id;
  std::string group_id;
  std::string status;
  Json meeting_date;  // null when unset
};

// Non-deleted assessment.cultural_family records of `year` whose status is proposed or
// recognised, of `group` ("" : all), by id.
Result<std::vector<CulturalFamilyRow>> ProposedCulturalFamilies(const std::string& db_path,
                                                                int64_t year,
                                                                std::string_view group);

}  // namespace sotay

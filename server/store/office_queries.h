// OfficeQueries: the reads of the office's record pages that the core Store does not
// offer (its indicator facts per record, household summaries streamed over a group, the
// cultural-family posting list). Each engine implements them once, on a read-only
// connection of its own (SqliteOfficeQueries: on the connection of a leased reader, in
// its snapshot; WAL, so it never blocks the writer).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/household_summary.h"
#include "core/record.h"
#include "core/status.h"
#include "core/store.h"

namespace sotay {

// A record's own share of one indicator in one period: its facts summed.
struct FactShare {
  double numerator = 0;
  double denominator = 0;
};

// A cultural-family assessment as the posting list needs it.
struct CulturalFamilyRow {
  std::string id;
  std::string household_id;
  std::string group_id;
  std::string status;
  Json meeting_date;  // null when unset
};

class OfficeQueries {
 public:
  OfficeQueries() = default;
  virtual ~OfficeQueries() = default;
  OfficeQueries(const OfficeQueries&) = delete;
  OfficeQueries& operator=(const OfficeQueries&) = delete;

  // Facts of the record, by period then indicator.
  virtual Result<std::vector<Fact>> RecordFacts(std::string_view record_id) = 0;

  // Visits the summary of each non-deleted household of `group` ("" : all groups) whose
  // id sorts after `after`, in id order, until `visit` returns false. Households stream
  // from the store and each one's members after it (the few fields a summary reads,
  // never whole records); the summary is the core's SummarizeHousehold over them, as for
  // the plain list. The dashboard's search goes through a group this way, so its memory
  // is one household's, whatever the size of the group.
  virtual Status ForEachHouseholdSummary(
      std::string_view group, std::string_view after,
      const std::function<bool(const std::string& id, const HouseholdSummary& summary)>& visit) = 0;

  // The summary of every non-deleted household of `group` ("" : all groups), by id (the
  // cultural-family list joins them to its rows).
  Result<std::map<std::string, HouseholdSummary>> HouseholdSummaries(std::string_view group);

  // Every record's share of `indicator` in `period` ("2026", "2026-Q2", "2026-05"), of
  // `group` ("" : all groups), by record id: the household list's "only those that fall
  // short" filter over the whole ward.
  virtual Result<std::map<std::string, FactShare>> IndicatorShares(std::string_view indicator,
                                                                   std::string_view period,
                                                                   std::string_view group) = 0;

  // Non-deleted assessment.cultural_family records of `year` whose status is proposed or
  // recognised, of `group` ("" : all), by id.
  virtual Result<std::vector<CulturalFamilyRow>> ProposedCulturalFamilies(
      int64_t year, std::string_view group) = 0;
};

}  // namespace sotay

// The office's record list: a page of records of one type, filtered by group, review
// state, a search over households' heads and addresses, and an indicator's shortfall,
// each with what the list shows of it. Transport-free: api/record_routes.cc parses the
// query into a RecordListQuery and encodes the page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/household_summary.h"
#include "core/indicator_registry.h"
#include "core/record.h"
#include "core/status.h"
#include "server/store/account_store.h"
#include "server/store/office_queries.h"
#include "server/ward/services.h"

namespace sotay {

// The household falls short of the indicator's target on its own: for "at least"
// targets someone not covered (numerator below denominator), for "at most" targets
// anyone counted at all. No share (no facts) is not short.
bool FallsShort(const IndicatorDef& def, const FactShare* share);

// The review states the list filters on ("unreviewed": no state at all).
bool IsReviewFilter(std::string_view status);

struct RecordListQuery {
  std::string type = "household";  // a form of the ward's schemas
  std::string group;               // "": every group
  std::string after;               // ids after this one (the previous page's `next`)
  int64_t limit = 100;             // records per page, at least 1
  std::string status;              // IsReviewFilter, or "" for any
  std::string search;              // folded (core/text_fold.h); households only
  // Each record's own share of this indicator in `period`; with `only_short`, only the
  // records that fall short of it.
  const IndicatorDef* indicator = nullptr;
  std::string period;
  bool only_short = false;
};

struct RecordListRow {
  Record record;
  HouseholdSummary summary;  // households only
  std::optional<ReviewState> review;
  std::optional<FactShare> share;  // with an indicator, when the record has facts
  bool short_of_target = false;
};

struct RecordListPage {
  std::vector<RecordListRow> rows;
  std::optional<std::string> next;  // the `after` of the next page; none at the end
};

// One page, read in one read-only view (records, summaries, facts and review states in
// the same snapshot). Memory is one page's, whatever the size of the ward.
Result<RecordListPage> ListRecords(ServerServices& sv, const RecordListQuery& query);

}  // namespace sotay

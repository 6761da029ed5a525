#include "server/ward/record_list.h"

#include <map>

#include "core/household_bundle.h"
#include "core/text_fold.h"

namespace sotay {

bool FallsShort(const IndicatorDef& def, const FactShare* share) {
  if (share == nullptr || share->denominator <= 0) return false;
  Comparison c = def.target ? def.target->comparison : Comparison::kGte;
  if (c == Comparison::kLte || c == Comparison::kLt) return share->numerator > 0;
  return share->numerator < share->denominator;
}

bool IsReviewFilter(std::string_view status) {
  return status == "has_issues" || status == "pending" || status == "approved" ||
         status == "rejected" || status == "unreviewed";
}

namespace {

bool StatusMatches(const std::string& wanted, const std::optional<ReviewState>& review) {
  if (wanted.empty()) return true;
  if (wanted == "unreviewed") return !review.has_value();
  return review.has_value() && review->state == wanted;
}

}  // namespace

Result<RecordListPage> ListRecords(ServerServices& sv, const RecordListQuery& query) {
  Result<ServerServices::ReaderLease> reader = sv.Reader();
  if (!reader.ok()) return reader.status();
  // One snapshot for the records, their summaries, facts and review states.
  Transaction txn(**reader);
  SOTAY_RETURN_IF_ERROR(txn.status());

  std::map<std::string, FactShare> shares;
  if (query.indicator != nullptr) {
    Result<std::map<std::string, FactShare>> read =
        reader->queries().IndicatorShares(query.indicator->id, query.period, query.group);
    if (!read.ok()) return read.status();
    shares = std::move(read).value();
  }
  auto share_of = [&](const std::string& id) -> const FactShare* {
    auto it = shares.find(id);
    return it == shares.end() ? nullptr : &it->second;
  };
  auto indicator_keeps = [&](const std::string& id) {
    return !query.only_short || FallsShort(*query.indicator, share_of(id));
  };
  // Review states are read record by record as the list gets to them: the ward's whole
  // list would make each request's memory grow with the ward.
  Status lookup_error;
  auto review_of = [&](const std::string& id) -> std::optional<ReviewState> {
    Result<std::optional<ReviewState>> got = reader->accounts().GetReview(id);
    if (got.ok()) return std::move(got).value();
    if (lookup_error.ok()) lookup_error = got.status();
    return std::nullopt;
  };
  auto status_keeps = [&](const std::string& id) {
    return query.status.empty() || StatusMatches(query.status, review_of(id));
  };

  const bool households = query.type == kHouseholdType;
  RecordListPage page;
  std::map<std::string, HouseholdSummary> summaries;  // a search's, by id
  bool more = false;
  auto full = [&] { return static_cast<int64_t>(page.rows.size()) == query.limit; };
  if (households && !query.search.empty()) {
    // A search goes through the group's household summaries (a household at a time);
    // the page's records are read whole.
    Status s = reader->queries().ForEachHouseholdSummary(
        query.group, query.after, [&](const std::string& id, const HouseholdSummary& sum) {
          if (FoldForSearch(sum.head_name + "\n" + sum.address).find(query.search) ==
              std::string::npos) {
            return true;
          }
          if (!status_keeps(id)) return lookup_error.ok();
          if (!indicator_keeps(id)) return true;
          if (full()) {
            more = true;
            return false;
          }
          Result<std::optional<Record>> r = (*reader)->GetRecord(id);
          if (!r.ok()) {
            lookup_error = r.status();
            return false;
          }
          if (r->has_value()) {
            page.rows.push_back(RecordListRow{std::move(**r), sum, {}, {}, false});
            summaries.emplace(id, sum);
          }
          return true;
        });
    SOTAY_RETURN_IF_ERROR(s);
  } else {
    Status s = (*reader)->ForEachRecord({.type = query.type, .group_id = query.group},
                                        [&](const Record& r) {
                                          if (!query.after.empty() && r.id <= query.after) {
                                            return true;
                                          }
                                          if (!query.search.empty())
                                            return false;  // households only
                                          if (!status_keeps(r.id)) return lookup_error.ok();
                                          if (!indicator_keeps(r.id)) return true;
                                          if (full()) {
                                            more = true;
                                            return false;
                                          }
                                          page.rows.push_back(RecordListRow{r, {}, {}, {}, false});
                                          return true;
                                        });
    SOTAY_RETURN_IF_ERROR(s);
  }
  for (RecordListRow& row : page.rows) {
    const Record& r = row.record;
    if (households && summaries.find(r.id) == summaries.end()) {
      std::vector<Record> members;
      Status s = (*reader)->ForEachRecord({.type = std::string(kPersonType), .parent_id = r.id},
                                          [&](const Record& m) {
                                            members.push_back(m);
                                            return true;
                                          });
      SOTAY_RETURN_IF_ERROR(s);
      row.summary = SummarizeHousehold(r, members);
    }
    row.review = review_of(r.id);
    if (query.indicator != nullptr) {
      if (const FactShare* share = share_of(r.id)) {
        row.share = *share;
        row.short_of_target = FallsShort(*query.indicator, share);
      }
    }
  }
  SOTAY_RETURN_IF_ERROR(lookup_error);
  if (more) page.next = page.rows.back().record.id;
  return page;
}

}  // namespace sotay

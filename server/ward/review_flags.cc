#include "server/ward/review_flags.h"

namespace sotay {

Status FlagReviews(AccountStore& accounts, const std::vector<RecordReview>& reviews,
                   int64_t now_ms) {
  for (const RecordReview& r : reviews) {
    if (!r.issues.empty()) {
      Json issues = Json::array();
      for (const ValidationIssue& i : r.issues) issues.push_back(i.code);
      SOTAY_RETURN_IF_ERROR(accounts.PutReview(
          ReviewState{r.record_id, "has_issues", issues.dump(), "server", now_ms}));
      continue;
    }
    Result<std::optional<ReviewState>> current = accounts.GetReview(r.record_id);
    if (!current.ok()) return current.status();
    if (current->has_value() && (*current)->state == "has_issues" && (*current)->by == "server") {
      SOTAY_RETURN_IF_ERROR(
          accounts.PutReview(ReviewState{r.record_id, "pending", "", "server", now_ms}));
    }
  }
  return Status::Ok();
}

}  // namespace sotay

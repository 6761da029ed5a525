// The office's review flags from a push's whole-record checks (sync/server_apply.h's
// RecordReview): a record that failed a check is flagged "has_issues" by the server,
// never dropped; one the server flagged earlier goes back to "pending" once it checks
// clean; a state an office user set is left alone.
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "server/ward/accounts.h"
#include "sync/server_apply.h"

namespace sotay {

// Writes the flags `reviews` call for into `accounts` (no transaction of its own: the
// server passes the account store on the push's connection, so the flags commit with
// the push). A push of clean, never-flagged records costs one read per record.
Status FlagReviews(AccountStore& accounts, const std::vector<RecordReview>& reviews,
                   int64_t now_ms);

}  // namespace sotay

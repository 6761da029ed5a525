// Push and pull bodies (docs/protocol.md "Push", "Pull"): decoding and encoding, no I/O.
//
// The HTTP server hands request bodies to SyncServer, which decodes them here; the
// phone's SyncClient decodes the server's answers here. One change's shape is
// core/change.h's; this file is about the envelopes around the changes.
//
// Whole-request error codes (the HTTP layer maps them; path names the offending key):
//   bad_request         400  not an object, a missing or unknown top-level key, or a
//                            change whose device_seq cannot be read (not an object, no
//                            device_seq, device_seq < 1)
//   invalid_field_type  400  a key of the wrong JSON type ("changes" not an array, a
//                            device_seq that is not an integer)
//   batch_too_large     413  more than kMaxPushChanges changes
//   bad_cursor          400  a pull cursor that is not a decimal integer >= 0 (or is past
//                            the end of the server's log, see SyncServer::Pull)
//   bad_limit           400  a pull limit that is not a decimal integer
//   bad_response        -    (client side) a server answer that does not have its shape
// A change whose device_seq is readable but whose other keys are malformed is not a
// whole-request error: it is rejected on its own (code bad_request or
// invalid_field_type) and quarantined, so one bad change cannot block a phone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/change.h"
#include "core/log_page.h"
#include "core/record.h"
#include "core/status.h"

namespace sotay {

// Most changes one push may carry. Phones send a few hundred (docs/protocol.md).
inline constexpr size_t kMaxPushChanges = 1000;
// Pull page sizes: a request's limit is clamped to 1..kMaxPullLimit; no limit means
// kDefaultPullLimit.
inline constexpr int64_t kDefaultPullLimit = 500;
inline constexpr int64_t kMaxPullLimit = 5000;

// Per-change statuses of a push response.
inline constexpr std::string_view kStatusApplied = "applied";
inline constexpr std::string_view kStatusDuplicate = "duplicate";
inline constexpr std::string_view kStatusConflict = "conflict";
inline constexpr std::string_view kStatusRejected = "rejected";

// One change of a push body: its device_seq is always known; `change` is the decoded
// change, or the reason it could not be decoded.
struct PushItem {
  int64_t device_seq = 0;
  Json raw;  // the change as received, kept only when it did not decode (else null)
  Result<Change> change = Change{};  // device_id left empty: the server knows the sender
};

// Decodes {"changes": [...]} strictly (codes above). Paths: "changes/3/hlc".
Result<std::vector<PushItem>> DecodePushBody(const Json& body,
                                             size_t max_changes = kMaxPushChanges);

// The body of a push: {"changes": [change, ...]}.
Json EncodePushBody(const std::vector<Change>& changes);

// The answer to one pushed change.
struct PushResult {
  int64_t device_seq = 0;
  std::string status;   // applied, duplicate, conflict, rejected
  std::string code;     // rejected: why; duplicate of a rejected change: the original
                        // code; else empty (not sent)
  std::string message;  // human text for `code` (Vietnamese); empty: not sent
  // conflict: the other writer's version of the field, {"value", "device_id"} (the
  // server's route adds "device_name"), so the phone can show both values and who
  // wrote them; null otherwise (not sent).
  Json other = nullptr;
  bool operator==(const PushResult&) const = default;
};

struct PushResponse {
  int64_t acked_through = 0;
  std::vector<PushResult> results;
  bool operator==(const PushResponse&) const = default;
};

// {"acked_through": N, "results": [{"device_seq", "status", "code"?, "message"?, "other"?}]}
Json EncodePushResponse(const PushResponse& response);
// Reads a push response (client side). Required keys and their types are checked
// strictly; unknown keys are ignored so that the server may add some. bad_response.
Result<PushResponse> DecodePushResponse(const Json& json);

struct PullResponse {
  std::vector<Change> changes;  // as decoded by ChangeFromPullJson
  int64_t next = 0;
  bool more = false;
};

// {"changes": [pull shape...], "next": cursor, "more": bool}
Json EncodePullResponse(const std::vector<Change>& changes, int64_t next, bool more);
// A page of the log as that JSON text, byte for byte
// EncodePullResponse(DecodeLogPage(page), page.next, page.more).dump() when the stored
// texts are nlohmann's own (they are: sqlite_rows::EncodeFields), written straight into
// one string: names, values and HLCs are copied from the stored text, so the server's
// pull parses and builds no JSON.
std::string EncodePullPageText(const LogPage& page);
// Reads a pull response (client side), strictly for the keys it needs; bad_response,
// or the change decoder's code with path "changes/i/...".
Result<PullResponse> DecodePullResponse(const Json& json);

// The query parameters of GET /sync/pull, read strictly by the HTTP layer:
//   since: decimal digits only (no sign, spaces or leading '+'), a cursor >= 0;
//          absent means 0 (from the start). Anything else: bad_cursor.
//   limit: decimal digits only; absent means kDefaultPullLimit; clamped to
//          1..kMaxPullLimit (so 0 reads one). Anything else: bad_limit.
struct PullParams {
  int64_t since = 0;
  int64_t limit = kDefaultPullLimit;
};
Result<PullParams> ParsePullParams(std::optional<std::string_view> since,
                                   std::optional<std::string_view> limit);

// Clamps a limit to 1..kMaxPullLimit.
int64_t ClampPullLimit(int64_t limit);

// "since=<cursor>&limit=<n>", the query a client sends.
std::string PullQueryString(int64_t since, int64_t limit);

}  // namespace sotay

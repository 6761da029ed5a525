// SyncClient: the phone's side of sync, over its local Store (docs/protocol.md).
//
// Transport-free: the JS layer asks for a push body or a pull query, sends it, and
// hands the server's answer back. Each call is one local transaction, so after a crash
// or a reload the phone is either before or after it, never in between.
//
// Local edits. WriteFields stamps each changed field with a fresh HLC from the phone's
// HlcClock, remembers the field's previous HLC as base_hlc (how the server detects
// concurrent writes), updates the record and appends one Change per field to the
// outbox (the store numbers them: device_seq). An unchanged value writes nothing.
//
// Push. NextPushBody() is the oldest outbox changes; ApplyPushResponse() drops them from
// the outbox through the server's acked_through (never past the highest device_seq the
// answer mentions, so a wrong answer cannot drop unsent edits) and keeps the rejected
// ones in a list the UI shows (ListRejected); the local value stays as typed. A
// duplicate that carries a code is the retry of a change rejected earlier, whose first
// answer was lost: it is listed as rejected too.
//
// Pull. PullQuery() is "since=<cursor>&limit=<n>"; ApplyPullResponse() merges every
// change field by field (higher HLC wins, sync/merge.h), so a pending local edit is
// never overwritten by an older remote value, and echoes of this phone's own changes
// are recognised (same HLC) and skipped. The cursor advances in the same transaction as
// the merged data. A bad_cursor answer from the server means the cursor is past the
// server's log (a restored server): ResetCursor() and pull again from the start.
//
// Clock. Every remote HLC is observed, so the next local edit is stamped after
// everything this phone has seen; HLCs the phone's own clock thinks are more than 24 h
// ahead are still taken (the server checked them against its clock, which is more
// trustworthy than a phone's). The clock's last HLC is saved in meta with every
// transaction that moved it and restored before the first use, so a reload never
// stamps backwards.
//
// Meta keys: "sync/cursor", "sync/last_hlc", "sync/rejected" (JSON array).
//
// Not thread-safe; the store, clock and schemas must outlive the client.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/hlc.h"
#include "core/schema.h"
#include "core/store.h"
#include "sync/wire.h"

namespace sotay {

// A change the server refused, kept for the UI until dismissed.
struct RejectedChange {
  int64_t device_seq = 0;
  std::string record_id;
  std::string record_type;
  std::string field;
  Json value;
  std::string code;
  std::string message;
  bool operator==(const RejectedChange&) const = default;
};

struct PushSummary {
  int64_t acked_through = 0;  // as answered by the server
  int64_t removed = 0;        // outbox changes dropped
  int64_t applied = 0, duplicates = 0, conflicts = 0, rejected = 0;
  std::vector<RejectedChange> rejections;  // of this answer
};

struct PullSummary {
  int64_t received = 0;  // changes in the page
  int64_t applied = 0;   // changed a local field (a newer version)
  int64_t echoes = 0;    // this phone's own changes coming back
  int64_t ignored = 0;   // older than, or the same as, the local version
  int64_t cursor = 0;    // the cursor after this page
  bool more = false;     // pull again
};

// Turns a sealed field's plaintext into its envelope {"sealed": "..."} before it enters
// the outbox (the local record keeps the plaintext; the server only ever sees the
// envelope). Called for non-null values of fields marked `sealed` that are not already
// envelopes.
using SealFn = std::function<Result<Json>(const FieldDef& field, const Json& plaintext)>;

struct SyncClientOptions {
  SealFn seal;                      // empty: values go out as written
  size_t max_rejected_kept = 1000;  // oldest dropped beyond this
};

class SyncClient {
 public:
  // `clock`'s node must be `device_id`.
  SyncClient(Store& store, HlcClock& clock, const SchemaSet& schemas, std::string device_id,
             SyncClientOptions options = {});

  // Writes `values` (field -> value; null clears) into the record, creating it when it
  // does not exist. Fails, writing nothing, with: invalid_id (ids), unknown_type,
  // unknown_field (including "_deleted": use DeleteRecord), a value code of the schema
  // engine (device mode), bad_parent (the form's parent rule), record_mismatch (the
  // record exists with another type, group or parent), record_deleted, or a store code.
  // Returns the record as stored.
  Result<Record> WriteFields(const std::string& record_id, const std::string& record_type,
                             const std::string& group_id, const std::string& parent_id,
                             const std::map<std::string, Json>& values);

  // Marks the record deleted (a write of "_deleted" = true). not_found for an unknown
  // record; deleting a deleted record writes nothing.
  Status DeleteRecord(const std::string& record_id);

  // {"changes": [...]} with the oldest `max_changes` (1..kMaxPushChanges) outbox
  // changes; an empty array when there is nothing to push.
  Result<Json> NextPushBody(size_t max_changes = 200);
  Result<int64_t> PendingCount();
  Result<PushSummary> ApplyPushResponse(const Json& response);

  // Changes the server refused, oldest first; DismissRejected forgets one.
  Result<std::vector<RejectedChange>> ListRejected();
  Status DismissRejected(int64_t device_seq);

  Result<std::string> PullQuery(int64_t limit = kDefaultPullLimit);
  Result<PullSummary> ApplyPullResponse(const Json& response);
  Result<int64_t> Cursor();
  Status ResetCursor();

  const std::string& device_id() const { return device_id_; }

 private:
  // Raises the clock to the HLC saved in meta, once.
  Status RestoreClock();
  Status SaveClock();
  Status AddRejected(const std::vector<RejectedChange>& rejected);
  // Writes the changed values into `record` and the outbox, inside a transaction.
  Result<Record> WriteLocked(Record record, const std::map<std::string, Json>& values);

  Store& store_;
  HlcClock& clock_;
  const SchemaSet& schemas_;
  const std::string device_id_;
  SyncClientOptions options_;
  bool clock_restored_ = false;
};

}  // namespace sotay

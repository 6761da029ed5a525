// SyncServer: the server side of push and pull (docs/protocol.md), over the Store.
//
// Transport-free: the HTTP layer authenticates the caller, parses the JSON body and
// hands it here with the caller's DeviceScope; it maps failed Statuses to HTTP statuses:
//   bad_request, invalid_field_type, bad_cursor, bad_limit    400
//   forbidden                                                  403
//   batch_too_large                                            413
//   store_* (store_io, store_full, store_busy, store_corrupt…)  503 (nothing was applied)
//
// Push. DecodePushBody (sync/wire.h) first; then the whole batch runs in ONE store
// transaction. Per change, in order:
//   1. a receipt exists for (device, device_seq)  -> "duplicate", nothing else happens
//      (when the first answer was "rejected", the duplicate carries the original code);
//   2. checks, each failure -> "rejected" with a code; the change gets a receipt and a
//      quarantine entry and the batch goes on:
//        bad_request / invalid_field_type   the change's shape (core/change.h)
//        hlc_malformed      hlc or base_hlc is not a canonical HLC
//        hlc_node_mismatch  the HLC's node is not the sender's device_id
//        hlc_future         hlc more than max_future_ms (24 h) ahead of the server clock
//        invalid_id         record_id/parent_id not a lowercase UUID, group_id not a slug
//        forbidden_group    group_id outside the sender's scope
//        unknown_type, unknown_field, type_mismatch, not_in_list, out_of_range,
//        too_long, invalid_date, invalid_phone, invalid_citizen_id, not_sealed,
//        invalid_sealed, duplicate_choice   the schema engine's verdict on the value
//                           (ValidateFieldValue, server mode; "_deleted" takes a boolean)
//        bad_parent         parent_id missing for a child type, given for a top-level
//                           type, or naming a record of another type or group
//        record_mismatch    the record exists with another type, group or parent
//                           (moving a household between groups is an office action on
//                           the server, never a sync write)
//   3. merge (sync/merge.h). Status "conflict" when the server already has a version of
//      the field written by another node and either the change's base_hlc differs from
//      it (null counts as "had seen none") or the change lost to it; the higher HLC
//      keeps the field and a Conflict row keeps the other version. Else "applied" (a
//      write equal to the stored one, or an older write of the same device, is
//      "applied" and changes nothing).
//   Only a change that replaced the field's stored version is appended to the change
//   log; every change gets its receipt.
// Then the server's derived values (core/derived_recompute.h): every computed field
// (the poverty classification, a cultural status, a form's `calculate` field) of the
// households the push touched that differs from what the core computes now is replaced
// by the core's value, as a write of node "server" with a newer HLC: logged for the
// phones to pull, kept in the record's history (device "server", with the value it
// replaced), and, when the replaced value was written by this push, flagged for the
// office as a review issue `derived_replaced` naming the field and both values. Two
// writers of a computed field never conflict (the server decides it anyway).
// Then: every record whose stored version changed, and its parent, is validated as a
// whole (server mode, with its children) and the outcome listed in PushOutcome::reviews
// (never dropping data); the on_records_changed hook runs (indicator facts), then
// on_records_reviewed (the review flags); the
// per-device acked_through is advanced; Commit. Only after a successful Commit are the
// accepted HLCs observed into the server's HlcClock and the response built. A failing
// store call anywhere rolls everything back and its Status is returned.
//
// Scope: a sender whose scope is empty (an unknown role, a leader without groups) gets
// "forbidden" for the whole request. Otherwise changes outside its groups are rejected
// one by one (forbidden_group) and quarantined, even when all of them are: a phone whose
// groups were reassigned while it held edits would otherwise be blocked forever, and the
// office finds the data in quarantine. Trainees are scoped like leaders; keeping them
// in a sandbox is the server's choice of Store.
//
// acked_through: the highest N such that this device has a receipt for every
// device_seq 1..N (kept per device in Store meta "sync/acked_through/<device_id>" and
// advanced in the push's transaction), so a phone may drop its outbox through N.
//
// Cost per push (the server's ingest path): the receipts of the push's device_seqs are
// read as ranges (one read per run of consecutive device_seqs) and written as ranges
// (Store::PutReceipts); each record is read and decoded once into the push's
// CachedRecords (core/record_source.h), edited there in place, written once, and the
// reviews and the on_records_changed hook read it from there too.
//
// Pull: the change log from a cursor (server_seq), filtered to the caller's groups.
// next = the server_seq of the last change returned (the page's last record's seq), or,
// when no more changes match,
// the log's last server_seq (so a leader does not rescan other groups' changes);
// `since` beyond the log's end (e.g. a server restored from an older backup) or below 0
// is bad_cursor, upon which the client restarts from 0.
//
// Not thread-safe: one SyncServer per writer Store; Pull may run on a SyncServer over a
// read-only Store.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/hlc.h"
#include "core/record_source.h"
#include "core/schema.h"
#include "core/store.h"
#include "core/validate.h"
#include "sync/scope.h"
#include "sync/wire.h"

namespace sotay {

// The whole-record check of one record touched by a push. Empty issues: the record is
// valid now (any earlier flags of it can be cleared).
struct RecordReview {
  std::string record_id;
  std::string record_type;
  std::string group_id;
  std::vector<ValidationIssue> issues;
  bool operator==(const RecordReview&) const = default;
};

struct PushOutcome {
  PushResponse response;
  Json body;  // EncodePushResponse(response): the HTTP 200 body
  // Records whose stored values changed, in the order first changed.
  std::vector<std::string> changed_record_ids;
  // One entry per re-validated record (changed records and their parents); deleted
  // records are not listed.
  std::vector<RecordReview> reviews;
  int64_t applied = 0, duplicates = 0, conflicts = 0, rejected = 0;
  int64_t derived = 0;  // derived values the server wrote (WriteDerived)
};

// The review issue of a derived value the server replaced.
inline constexpr std::string_view kDerivedReplacedCode = "derived_replaced";

// Recomputes derived data (indicator facts) for records whose values changed, inside
// the push's transaction. Its failure rolls the push back. `records` holds the push's
// records (already written to the Store) and reads others from the Store on first use:
// look records up there rather than in the Store, so none is decoded twice.
using RecordsChangedHook = std::function<Status(
    Store&, RecordSource& records, const std::vector<std::string>& changed_record_ids)>;

// Keeps the push's whole-record checks (the office's review flags), inside the push's
// transaction, after on_records_changed: one commit for the data and its flags. Its
// failure rolls the push back.
using RecordsReviewedHook = std::function<Status(const std::vector<RecordReview>& reviews)>;

// One push of a group (SyncServer::ApplyPushes): its sender and its changes as
// SyncServer::DecodePush returned them; both must outlive the call.
struct PushRequest {
  const DeviceScope* who = nullptr;
  const std::vector<PushItem>* items = nullptr;
};

struct SyncServerOptions {
  size_t max_push_changes = kMaxPushChanges;
  int64_t max_future_ms = kHlcDefaultMaxFutureMs;
  bool revalidate_records = true;
  // Replace stale derived values by the core's (above). Off only for tests of the
  // merge itself.
  bool recompute_derived = true;
  RecordsChangedHook on_records_changed;    // may be empty
  RecordsReviewedHook on_records_reviewed;  // may be empty
};

class SyncServer {
 public:
  // All references must outlive the SyncServer. `hlc` is the server's clock (node
  // kServerNode); `clock` is the wall clock for the far-future check and timestamps.
  SyncServer(Store& store, const SchemaSet& schemas, const Clock& clock, HlcClock& hlc,
             SyncServerOptions options = {});

  // Applies a push body from `who` (see above). On success the outcome's body is the
  // answer; on failure nothing changed. DecodePush, then ApplyPushes of one.
  Result<PushOutcome> ApplyPush(const DeviceScope& who, const Json& body);

  // The part of a push that needs no database: `who` may write at all ("forbidden"),
  // and the body decodes (wire.h's codes). The server does this before a push waits
  // for the writer, so decoding runs beside other pushes' writes; the body may be
  // freed afterwards (the items own their values). Thread-safe.
  Result<std::vector<PushItem>> DecodePush(const DeviceScope& who, const Json& body) const;

  // Group commit: applies several pushes in ONE transaction, each in its own part
  // (Store::BeginPart), and commits once; answer i is what ApplyPush would have answered
  // for push i alone. A push that fails is undone alone and answered with its Status
  // while the others go on; when the commit fails, or the database drops the whole
  // transaction, every push not answered yet fails with that Status and nothing is kept.
  // Answers come only after the commit is durable.
  std::vector<Result<PushOutcome>> ApplyPushes(std::span<const PushRequest> pushes);

  // The server's own pass over `record_ids` (households or any of their records): their
  // households' stale derived values are written as a push's would be, and the hooks
  // (indicator facts, review flags) run for every id, in one transaction. For values
  // that change with the date (ages) and facts that stop being true on a day.
  Result<PushOutcome> Recompute(const std::vector<std::string>& record_ids);

  // The same pass in one transaction, `chunk` ids at a time, asking `more()` after each
  // chunk whether to go on: the ids done when it said no (or all of them) are committed
  // and their number returned, a prefix of `record_ids`; a failure in any chunk commits
  // none. The day refresh bounds how long
  // it holds the writer this way, by elapsed time rather than by a count estimated
  // beforehand (server/ward/fact_refresher.h).
  Result<size_t> RecomputeWhile(const std::vector<std::string>& record_ids, size_t chunk,
                                const std::function<bool()>& more);

  // One page of the change log for `who`, as stored (EncodePullPageText writes it).
  // `limit` is clamped to 1..kMaxPullLimit; the page ends on a record boundary (see
  // Store::ReadLogPage).
  Result<LogPage> PullPage(const DeviceScope& who, int64_t since, int64_t limit);
  // The same as {"changes": [...], "next", "more"} (EncodePullResponse).
  Result<Json> Pull(const DeviceScope& who, int64_t since, int64_t limit);

 private:
  Store& store_;
  const SchemaSet& schemas_;
  const Clock& clock_;
  HlcClock& hlc_;
  SyncServerOptions options_;
};

// The meta key of a device's acked_through.
std::string AckedThroughMetaKey(std::string_view device_id);

}  // namespace sotay

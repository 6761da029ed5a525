// ClientApp: everything the phone client does with its local data, as one object.
//
// The browser layer (wasm-client/bindings.cc + web/src/core/index.ts) is a thin shell
// around this class: it does the HTTP, the IndexedDB saves and the UI; every decision
// about records, forms, keys and sync is made here, in C++, by the same core/ and sync/
// code the server runs. No emscripten header is used, so the class builds and is
// tested natively too.
//
// State lives in one SqliteStore (records, outbox, meta). Meta keys of this layer:
//   app/device_key      the device's Ed25519 key pair {public, secret} (base64); the
//                       secret key never leaves the local database
//   app/enrollment      {server, device_id, device_name, role, groups, office_public_key}
//   app/pending_enroll  {server, device_name} between EnrollRequest and CompleteEnrollment
//   app/schemas         the last GET /api/v1/schemas body
//   app/conflicts       [{record_id, record_type, field, mine, other?, other_writer?}]
//                       until dismissed
//   app/drafts          [key, ...]; each draft in "draft/<key>"
//   app/household_index the household list's summaries (household_index.h), a cache
//   app/list_incomplete true from enrollment until a pull has reached the end once
// and SyncClient's own "sync/..." keys (sync/client.h).
//
// Values are JSON: records come out as RecordView objects (web/src/core/contract.ts):
//   {id, type, group_id, parent_id (null for none), values, deleted, pending}
// Sealed fields hold their plaintext in the local database and are sealed to the
// office's X25519 key only on their way into the outbox: the sealed bytes are the
// value's compact JSON text (a string keeps its quotes), so the office gets the typed
// value back; the envelope is {"sealed": base64} (docs/schema-format.md).
//
// Errors are Status values with stable codes; besides those of core/ and sync/:
//   not_enrolled, already_enrolled, no_schemas, bad_response, forbidden_group,
//   not_found, invalid_argument, and "validation" codes of core/validate.h on Save.
//
// Caches: the household list's summaries (household_index.h) and the outbox's record
// ids live in memory and are refreshed by this class's own writes and pulls, so the
// database must not be written behind its back while it is open.
//
// Not thread-safe (one ClientApp per database file, one thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/hlc.h"
#include "core/record.h"
#include "core/schema.h"
#include "core/sqlite_store.h"
#include "core/status.h"
#include "sync/client.h"

namespace sotay {

class HouseholdIndex;

struct ClientAppOptions {
  std::string db_path;           // a file, or ":memory:"
  bool browser_mode = false;     // SqliteOptions::browser_mode (IDBFS: WAL, exclusive lock)
  const Clock* clock = nullptr;  // nullptr: SystemClock::Default(); must outlive the app
};

class ClientApp {
 public:
  // Opens (creating or migrating) the database and restores the enrollment and the
  // cached schemas from it.
  static Result<std::unique_ptr<ClientApp>> Open(const ClientAppOptions& options);
  ~ClientApp();
  ClientApp(const ClientApp&) = delete;
  ClientApp& operator=(const ClientApp&) = delete;

  // ---- enrollment -------------------------------------------------------------------
  // {server, device_id, device_name, role, groups}, or null before enrollment.
  Json Enrollment() const;
  // Makes a fresh Ed25519 key pair (kept in the database) and returns the body of
  // POST /api/v1/enroll: {code, device_name, public_key}. already_enrolled once enrolled,
  // unless `replace`: enrolling again with a new code after the device was revoked or
  // the server forgot it. Then the new key waits beside the current one until
  // CompleteEnrollment, and nothing local is removed: records, drafts and unsent
  // changes stay and go out under the new device. invalid_argument for an empty code
  // or device name.
  Result<Json> EnrollRequest(const std::string& server, const std::string& code,
                             const std::string& device_name, bool replace = false);
  // Stores the 201 answer {device_id, role, groups, office_public_key}; returns
  // Enrollment(). bad_response for an answer without that shape; not_enrolled when no
  // EnrollRequest came first; already_enrolled when enrolled and that request was not a
  // `replace`. Enrolled again, the unsent changes are stamped again with the new device
  // id's HLCs and numbered from 1 (the server accepts nothing else); for other groups,
  // the pull cursor also starts over.
  Result<Json> CompleteEnrollment(const Json& response);
  // The body of POST /api/v1/session: {device_id, timestamp_s, signature}, signed over
  // "sotay-session|<device_id>|<timestamp_s>". not_enrolled before enrollment.
  Result<Json> SessionRequest(int64_t now_s);

  // ---- schemas ----------------------------------------------------------------------
  // The cached GET /api/v1/schemas body, or null.
  Json Schemas() const;
  // Loads and caches a schemas body; the previous set stays when it does not load. An
  // `office_public_key` in it (a rotated office key) replaces the enrollment's: values
  // are sealed to it from then on; bad_response when it is not a 32-byte key.
  Status SetSchemas(const Json& body);

  // ---- records ----------------------------------------------------------------------
  // HouseholdSummary objects (contract.ts) of the enrolled groups in which every word
  // of `query`, in any order, is found in the house number, street, head's or another
  // member's name, compared case- and diacritic-free (FoldForSearch); every household
  // when `query` is blank. Ordered by address, then
  // house number. `missing` lists, in Vietnamese, what is due for the current year
  // (Vietnam time) and not there yet:
  //   - no member is the head of household;
  //   - no poverty review (assessment.poverty) for the year;
  //   - no cultural-family review (assessment.cultural_family) for the year;
  //   - members without an answer to "has a health insurance card";
  //   - members whose card expiry date has passed.
  Result<Json> ListHouseholds(const std::string& query);
  // Whether ListHouseholds wrote its kept summaries (meta app/household_index) since
  // the last call: the caller makes the database durable so the next start uses them.
  bool TakeCacheWritten();
  // The RecordView of `id`, or null.
  Result<Json> GetRecord(const std::string& id);
  // RecordViews of the non-deleted children of `parent_id` (of `type` unless empty),
  // ordered by type then id.
  Result<Json> Children(const std::string& parent_id, const std::string& type);

  // FormState (contract.ts) of `values` typed into a record of `type`: the stored record
  // `id` (empty: a new one) with `values` laid over it, core-computed fields
  // (core/derived_fields.h) and form calculations applied, then relevance, required
  // and validation in device mode. Nothing is stored. `valid` is whether Save would
  // accept it: `issues` also lists the checks that do not block a save (child counts,
  // and read-only fields such as the household's one-head rule, which hold only once
  // the members are entered), for the UI to show as warnings.
  Result<Json> Evaluate(const std::string& type, const std::string& id,
                        const std::string& parent_id, const Json& values);
  // Evaluates as above, clears answers that are no longer relevant, refuses an invalid
  // record (the first issue is the error, its field the path), then writes the changed
  // fields through SyncClient (sealed ones sealed for the outbox). `id` empty creates a
  // record with a new UUID. The household's other records whose derived values the
  // save made stale (a member count, a classification) are stored too, so no caller
  // recomputes a parent. Returns the RecordView.
  Result<Json> Save(const std::string& type, const std::string& id, const std::string& group_id,
                    const std::string& parent_id, const Json& values);
  // Deletes the record and, like Save, stores its household's derived values.
  Status Delete(const std::string& id);

  // ---- drafts (whatever is typed, kept until cleared) -------------------------------
  Status SaveDraft(const std::string& key, const Json& draft);
  Result<Json> LoadDraft(const std::string& key);  // null when there is none
  Status ClearDraft(const std::string& key);
  Result<Json> ListDrafts();  // [key, ...] in the order first saved

  // ---- sync (the HTTP is the caller's; see sync/client.h) ----------------------------
  Result<int64_t> PendingCount();  // field changes in the outbox
  // Households with changes not yet sent: a member's or an assessment's change counts
  // for its household; a record of neither kind counts on its own. What the phone
  // shows as "N hộ chưa gửi" (a person thinks in households, not field changes).
  Result<int64_t> PendingHouseholdCount();
  // {"changes": [...]}; empty array when there is nothing to push.
  Result<Json> NextPushBody(int64_t max_changes);
  // Applies a 200 push answer. Returns {removed, applied, duplicates, conflicts:
  // [ConflictView...], rejected: [RejectedView...], pending} of this answer; conflicts
  // are also kept (Conflicts()) until dismissed. Conflicts on read-only fields
  // (calculated or core-computed) are left out: they follow the typed answers.
  Result<Json> ApplyPushResponse(const Json& response);
  Result<std::string> PullQuery(int64_t limit);
  // Applies a 200 pull page. Returns {received, applied, echoes, cursor, more,
  // households, households_total}: `households` the household records in the page (in
  // a first download each comes once, so their sum is the progress), and the server's
  // `households_total` of a first page (null when it sent none).
  Result<Json> ApplyPullResponse(const Json& response);
  Status ResetCursor();  // after a bad_cursor answer; the list is incomplete again
  // Whether the household list holds the whole of the groups: false from enrollment
  // (and after the pull starts over) until a pull has once reached the end, also
  // across restarts, so an interrupted first download is never shown as complete.
  Result<bool> ListComplete();
  // RejectedView objects, oldest first.
  Result<Json> Rejected();
  Status DismissRejected(int64_t device_seq);
  // ConflictView objects: `current` is the local record's value now.
  Result<Json> Conflicts();
  Status DismissConflict(const std::string& record_id, const std::string& field);

  // Today in Vietnam ("YYYY-MM-DD"): the reference date of forms.
  std::string Today() const;
  Store& store() { return *store_; }

 private:
  ClientApp(std::unique_ptr<SqliteStore> store, const Clock& clock);

  Status LoadState();
  // (Re)creates the SyncClient once enrolled and schemas are loaded.
  void RebuildSync();
  Status RequireSync() const;
  Result<Json> MetaJson(const std::string& key);
  Status SetMetaJson(const std::string& key, const Json& value);
  // Record ids with changes in the outbox (cached until the outbox changes).
  Result<std::set<std::string>> PendingIds();
  Json View(const Record& record, const std::set<std::string>& pending) const;
  // The record being edited: stored copy (if any) with `values` over it, derived and
  // calculated fields applied.
  Result<Record> Compose(const std::string& type, const std::string& id,
                         const std::string& group_id, const std::string& parent_id,
                         const Json& values);
  Result<Json> FormState(const Record& record);
  // Stores the derived values a write of `record_id` made stale in the other records
  // of its household (a member count after a member is added or removed, a
  // classification after the household changed), as this phone's own writes.
  Status StoreDerived(const std::string& record_id);
  Result<Json> SealValue(const FieldDef& field, const Json& plaintext) const;
  Status ReissueOutbox(const std::string& device_id);

  static constexpr const char* kListIncompleteKey = "app/list_incomplete";

  std::unique_ptr<SqliteStore> store_;
  const Clock& clock_;
  Json enrollment_;  // null before enrollment; includes office_public_key
  Json schemas_body_;
  std::unique_ptr<SchemaSet> schemas_;
  std::unique_ptr<HlcClock> hlc_;
  std::unique_ptr<SyncClient> sync_;
  std::unique_ptr<HouseholdIndex> households_;
  std::optional<std::set<std::string>> pending_ids_;
  int64_t pending_households_ = 0;  // valid while pending_ids_ is set
};

}  // namespace sotay

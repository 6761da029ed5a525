// Store: the one storage interface of core/, used by the server and by the phone.
//
// Everything Sổ tay keeps goes through this class: records, the server's change log
// and record history, idempotency receipts, conflicts, quarantined changes, the phone's outbox,
// key/value metadata and indicator facts. SqliteStore (sqlite_store.h) implements it for both
// targets; the interface is narrow enough for a PostgreSQL implementation later, so
// sync/ and server/ code must depend on Store, not on SqliteStore.
//
// Errors: every call returns a Status or Result and none throws. Codes are stable:
//   store_busy, store_full, store_io, store_corrupt, store_constraint,
//   store_read_only, store_error    from the database (see sqlite_error.h)
//   invalid_argument                a bad argument (negative limit, NaN fact...)
//   not_found                       ResolveConflict of an unknown id
//
// Transactions: Begin() ... Commit() groups calls atomically; Commit() returns only once
// the data is durable (as configured, see SqliteOptions::durability). A call made
// outside Begin/Commit is its own transaction. A single call is always atomic: when it
// fails, none of its effects remain. After a failed call inside a transaction the
// caller should Rollback() (the database may already have rolled the whole transaction
// back, e.g. on a full disk). A failed Commit() rolls back. Rollback() with no open
// transaction succeeds and does nothing. Transactions do not nest. Prefer the
// Transaction helper below, which rolls back unless committed.
//
// Thread-safety: a Store object is used by one thread at a time (no internal locking).
// The server opens one writable Store and several read-only Stores on the same file
// (SQLite WAL: readers see the last commit and never block the writer); each read-only
// Store reads a consistent snapshot inside Begin/Commit.
//
// Ownership: the Store copies whatever it is given; results are values owned by the
// caller.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/change.h"
#include "core/log_page.h"
#include "core/record.h"
#include "core/status.h"

namespace sotay {

// A set of group ids to filter by; empty means every group.
using GroupFilter = std::vector<std::string>;

struct RecordQuery {
  std::string type{};                      // empty: any type
  std::string group_id{};                  // empty: any group
  std::optional<std::string> parent_id{};  // nullopt: any; "": only records without parent
  bool include_deleted = false;
};

// One page of the change log.
struct ChangePage {
  // Whole records in seq order, each record's changes in server_seq order.
  std::vector<Change> changes{};
  bool more = false;  // further matching changes exist after the last one
  // Where the next page starts: the seq of the page's last record (which is also the
  // last change's server_seq); `since` for an empty page.
  int64_t next = 0;
};

// One write of one record: a push's changes to it, or a server write (an office
// decision), kept for the office's "who changed what, when". One row per record per
// push, not per field.
struct HistoryEntry {
  int64_t id = 0;  // assigned by AppendHistory; increasing, so newest = highest
  std::string record_id{};
  int64_t seq = 0;          // the highest server_seq of the write's fields
  int64_t at_ms = 0;        // when the server applied it (0: unknown, see migration 4)
  std::string device_id{};  // the writer's device; "server" for the server's own writes
  std::string user{};       // who: the device's user, or the office user; "" unknown
  // {"field": {"v": new value, "h": hlc, "o": previous value}}; "o" only when the field
  // had a value before. Sealed values stay sealed (they are stored as received).
  Json fields = Json::object();
  bool operator==(const HistoryEntry&) const = default;
};

// What the server answered for one pushed change (the idempotency receipt).
struct Receipt {
  std::string status{};  // "applied", "conflict", "rejected" (docs/protocol.md)
  std::string code{};    // error code of a rejected change; empty otherwise
  bool operator==(const Receipt&) const = default;
};

struct SeqReceipt {
  int64_t device_seq = 0;
  Receipt receipt{};
  bool operator==(const SeqReceipt&) const = default;
};

// A field written concurrently by two devices: the higher HLC won, the other value is
// kept here for the office to review.
struct Conflict {
  int64_t id = 0;  // assigned by AddConflict
  std::string record_id{};
  std::string field{};
  std::string group_id{};
  FieldValue winning{};  // value and HLC now in the record
  FieldValue losing{};   // value and HLC that lost
  std::string losing_device{};
  int64_t created_ms = 0;
  bool resolved = false;
  Json resolution{};  // set by ResolveConflict; null until then
  std::string resolved_by{};
  int64_t resolved_ms = 0;
  bool operator==(const Conflict&) const = default;
};

struct ConflictQuery {
  bool unresolved_only = false;
  GroupFilter groups{};
  int64_t after_id = 0;  // paging: only ids greater than this
  int64_t limit = 0;     // 0: no limit
};

// A pushed change the server refused (docs/protocol.md "rejected"), kept for the office.
struct QuarantinedChange {
  int64_t id = 0;   // assigned by AddQuarantined
  Change change{};  // as far as it could be decoded; change.device_id is the sender
  Json raw{};       // the change exactly as received (null when not kept)
  std::string code{};
  std::string message{};
  int64_t received_ms = 0;
  bool operator==(const QuarantinedChange&) const = default;
};

struct QuarantineQuery {
  GroupFilter groups{};  // matched against change.group_id
  int64_t after_id = 0;  // paging: only ids greater than this
  int64_t limit = 0;     // 0: no limit
};

// One record's contribution to one indicator in one period (docs/indicators.md): kept in
// the transaction that changes the record, so dashboards aggregate without re-parsing
// forms.
struct Fact {
  std::string record_id{};
  std::string group_id{};
  std::string period{};  // "2026", "2026-Q3", "2026-07"
  std::string indicator{};
  double numerator = 0;
  double denominator = 0;
  bool operator==(const Fact&) const = default;
};

// Facts of one period summed per (group, indicator).
struct FactSum {
  std::string group_id{};
  std::string indicator{};
  double numerator = 0;
  double denominator = 0;
  int64_t facts = 0;  // how many facts were summed
  bool operator==(const FactSum&) const = default;
};

class Store {
 public:
  Store() = default;
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // ---- transactions ----------------------------------------------------------------
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Parts of a transaction: BeginPart() marks a point, UndoPart() undoes everything
  // since the mark and EndPart() keeps it; either ends the part. Parts do not nest.
  // UndoPart() fails when the database already rolled the whole transaction back (a
  // full disk, an I/O error): then nothing of the transaction is left.
  virtual Status BeginPart() = 0;
  virtual Status EndPart() = 0;
  virtual Status UndoPart() = 0;

  // ---- records: one row per record, fields with their HLCs --------------------------
  // The record, or nullopt when no record has this id (deleted records are returned,
  // with deleted = true).
  virtual Result<std::optional<Record>> GetRecord(std::string_view id) = 0;
  // Inserts the record, or replaces every part of the one with the same id.
  virtual Status PutRecord(const Record& record) = 0;
  // Calls `fn` for each matching record in id order until it returns false. `fn` must
  // not call this Store.
  virtual Status ForEachRecord(const RecordQuery& query,
                               const std::function<bool(const Record&)>& fn) = 0;
  virtual Result<int64_t> CountRecords(const RecordQuery& query) = 0;
  // The ids of the matching records, in id order (their fields are not read).
  virtual Result<std::vector<std::string>> RecordIds(const RecordQuery& query) = 0;

  // ---- change log (server): the current value of every (record, field) once ---------
  // The log is the records themselves: each stored field keeps the server_seq of its
  // last write (FieldValue::seq) and each record the highest of them, so a write
  // replaces the field's earlier entry (compaction) and costs no row of its own.
  //
  // Hands out `count` (>= 1) consecutive server_seqs and returns the first: each greater
  // than every seq ever handed out, never reused, and given back with the transaction
  // if it rolls back. The caller stores them as fields' seqs with PutRecord in the same
  // transaction; until then nothing is in the log. Seqs reserved and not used leave
  // gaps, which the log allows: one reservation per push instead of one per change.
  virtual Result<int64_t> ReserveServerSeqs(int64_t count) = 0;
  // One seq, for change.server_seq (ReserveServerSeqs(1)).
  Status AppendChange(Change& change) {
    Result<int64_t> seq = ReserveServerSeqs(1);
    if (!seq.ok()) return seq.status();
    change.server_seq = *seq;
    return Status::Ok();
  }
  // The records of the given groups whose seq is above since_seq, in seq order, each with
  // its stored fields text and the spans of its logged fields (seq > 0), which carry
  // their current values and HLCs (no device_id, device_seq or base_hlc: the log keeps
  // none). A record is sent whole because a page cut by records cannot tell which of a
  // later record's fields the reader already has: a field at or below since_seq may
  // come again with the same HLC (harmless to merge), and none is ever missed. A page
  // holds whole records and at most `limit` (>= 1) changes, except that a single record
  // with more goes whole; `more` tells whether further ones exist and `next` is the
  // cursor of the next page. The page is one snapshot.
  virtual Result<LogPage> ReadLogPage(int64_t since_seq, int64_t limit,
                                      const GroupFilter& groups) = 0;
  // The same page as changes (DecodeLogPage), each record's in server_seq order.
  Result<ChangePage> ReadChanges(int64_t since_seq, int64_t limit, const GroupFilter& groups);
  // The highest server_seq ever assigned; 0 for an empty log.
  virtual Result<int64_t> LastServerSeq() = 0;

  // ---- record history (server) ---------------------------------------------------------
  // Assigns entry.id and appends the entry.
  virtual Status AppendHistory(HistoryEntry& entry) = 0;
  // Up to `limit` (>= 1) entries of the record, newest first, with id < before_id
  // (0: from the newest).
  virtual Result<std::vector<HistoryEntry>> ListHistory(std::string_view record_id,
                                                        int64_t before_id, int64_t limit) = 0;

  // ---- idempotency receipts (server), keyed by (device_id, device_seq) --------------
  // A push's device_seqs are consecutive, so receipts are stored as ranges: one row per
  // run of consecutive device_seqs written together, listing only the answers that
  // differ from "applied".
  //
  // Every receipt of the device with first <= device_seq <= last, ascending. The caller
  // bounds last - first (a push's own device_seqs).
  virtual Result<std::vector<SeqReceipt>> GetReceipts(std::string_view device_id, int64_t first,
                                                      int64_t last) = 0;
  // Stores receipts[i] for device_seq first + i (one row). Fails with store_constraint,
  // storing nothing, if any of these device_seqs has a receipt already.
  virtual Status PutReceipts(std::string_view device_id, int64_t first,
                             const std::vector<Receipt>& receipts) = 0;
  // The highest N >= after such that every device_seq after+1..N of this device has a
  // receipt (after itself when after+1 has none).
  virtual Result<int64_t> ReceiptsContiguousThrough(std::string_view device_id, int64_t after) = 0;
  // The highest device_seq with a receipt from this device; 0 when none.
  virtual Result<int64_t> MaxDeviceSeq(std::string_view device_id) = 0;
  // One receipt (GetReceipts of one device_seq).
  Result<std::optional<Receipt>> GetReceipt(std::string_view device_id, int64_t device_seq) {
    Result<std::vector<SeqReceipt>> r = GetReceipts(device_id, device_seq, device_seq);
    if (!r.ok()) return r.status();
    if (r->empty()) return std::optional<Receipt>();
    return std::optional<Receipt>(std::move(r->front().receipt));
  }
  // One receipt (PutReceipts of one device_seq).
  Status PutReceipt(std::string_view device_id, int64_t device_seq, const Receipt& receipt) {
    return PutReceipts(device_id, device_seq, {receipt});
  }

  // ---- conflicts (server) ------------------------------------------------------------
  // Assigns conflict.id. The resolution fields are stored as given.
  virtual Status AddConflict(Conflict& conflict) = 0;
  // Matching conflicts in id order.
  virtual Result<std::vector<Conflict>> ListConflicts(const ConflictQuery& query) = 0;
  virtual Result<std::optional<Conflict>> GetConflict(int64_t id) = 0;
  // Marks the conflict resolved; resolving again replaces the resolution. not_found
  // for an unknown id.
  virtual Status ResolveConflict(int64_t id, const Json& resolution, std::string_view by,
                                 int64_t at_ms) = 0;

  // ---- quarantine (server) -----------------------------------------------------------
  // Assigns quarantined.id.
  virtual Status AddQuarantined(QuarantinedChange& quarantined) = 0;
  // Matching entries in id order.
  virtual Result<std::vector<QuarantinedChange>> ListQuarantined(const QuarantineQuery& query) = 0;

  // ---- outbox (phone): changes made here and not yet acknowledged --------------------
  // Assigns change.device_seq: one more than the last ever assigned by this store
  // (starting at 1), never reused even after RemoveOutboxThrough, kept across restarts
  // because it lives in the database, and rolled back with its transaction (no gaps).
  virtual Status AppendOutbox(Change& change) = 0;
  // The oldest `limit` (>= 1) changes, in device_seq order.
  virtual Result<std::vector<Change>> ReadOutbox(int64_t limit) = 0;
  // Removes every change with device_seq <= the given one (acked by the server).
  virtual Status RemoveOutboxThrough(int64_t device_seq) = 0;
  virtual Result<int64_t> OutboxSize() = 0;

  // ---- key/value metadata (pull cursor, last HLC, device id, schema version...) -----
  virtual Result<std::optional<std::string>> GetMeta(std::string_view key) = 0;
  virtual Status SetMeta(std::string_view key, std::string_view value) = 0;

  // ---- sealed values ---------------------------------------------------------------
  // Office key rotation: every sealed value ({"sealed": "..."}, core/field_check.h)
  // stored anywhere (records, history, conflicts, quarantine, outbox) is passed to
  // `reseal`, which returns its replacement, or nullopt to keep it. Seqs do not move:
  // the plaintext is unchanged. Returns how many values were replaced. Within the
  // caller's transaction.
  using SealedRewrite = std::function<std::optional<Json>(const Json& envelope)>;
  virtual Result<int64_t> RewriteSealedValues(const SealedRewrite& reseal) = 0;

  // ---- indicator facts ---------------------------------------------------------------
  // Replaces every fact of the record by `facts` (empty: removes them). Each fact's
  // record_id must be empty or equal `record_id`; at most one fact per
  // (period, indicator); numerator and denominator must be finite.
  virtual Status ReplaceFacts(std::string_view record_id, const std::vector<Fact>& facts) = 0;
  // Facts of `period` summed per (group_id, indicator), ordered by both.
  virtual Result<std::vector<FactSum>> AggregateFacts(std::string_view period) = 0;

  // ---- when facts stop being true ------------------------------------------------------
  // Facts read dates (a card's expiry, ages on the reference date), so they can stop
  // being true with no record changing. Whoever stores a record's facts also stores the
  // first day on which they may not hold (FactsValidUntil, core/indicator_facts.h); a
  // refresher recomputes the records whose day has come (server/ward/fact_refresher.h).
  //
  // Records that the facts of `record_id` hold until the day before `valid_until`
  // ("YYYY-MM-DD"); nullopt: for ever (a deleted household, a group-level record).
  virtual Status SetFactsValidUntil(std::string_view record_id,
                                    std::optional<std::string_view> valid_until) = 0;
  // Up to `limit` (>= 1) records whose facts no longer hold on `date` (valid_until <=
  // date), ordered by (valid_until, record_id). A database migrated from before these
  // dates lists every record that had facts, as expired since the beginning of time.
  virtual Result<std::vector<std::string>> ExpiredFactOwners(std::string_view date,
                                                             int64_t limit) = 0;
};

// Rolls back on destruction unless committed:
//
//   Transaction txn(store);
//   SOTAY_RETURN_IF_ERROR(txn.status());
//   SOTAY_RETURN_IF_ERROR(store.PutRecord(r));
//   return txn.Commit();
class Transaction {
 public:
  explicit Transaction(Store& store) : store_(store), status_(store.Begin()) {
    active_ = status_.ok();
  }
  ~Transaction() {
    if (active_) (void)store_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // The outcome of Begin(); use the transaction only when ok().
  const Status& status() const { return status_; }

  Status Commit() {
    if (!active_) return Inactive();
    active_ = false;
    return store_.Commit();
  }
  Status Rollback() {
    if (!active_) return Inactive();
    active_ = false;
    return store_.Rollback();
  }

 private:
  static Status Inactive() {
    return Status::Error("invalid_argument", "giao dịch không còn mở",
                         "the transaction is not open");
  }

  Store& store_;
  Status status_;
  bool active_ = false;
};

}  // namespace sotay

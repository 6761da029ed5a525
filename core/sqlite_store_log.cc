// SqliteStore: the change log, receipts, conflicts, quarantine and outbox.
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>

#include "core/sqlite_rows.h"
#include "core/sqlite_savepoint.h"
#include "core/sqlite_stmt.h"
#include "core/sqlite_store.h"

namespace sotay {

using sqlite_rows::BindChange;
using sqlite_rows::BindGroups;
using sqlite_rows::Corrupt;
using sqlite_rows::DumpJson;
using sqlite_rows::InvalidArgument;
using sqlite_rows::ParseJson;
using sqlite_rows::ReadChange;

namespace {

#define CHANGE_COLUMNS                                                                    \
  "record_id, record_type, group_id, parent_id, field, value, hlc, base_hlc, device_id, " \
  "device_seq"
#define CHANGE_PARAMS "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10"

// The last of ?1 server_seqs handed out; the row's update rolls back with the
// transaction.
constexpr const char* kReserveSeqs =
    "UPDATE log_state SET last_seq = last_seq + ?1 WHERE id = 1 RETURNING last_seq";
constexpr const char* kLastServerSeq = "SELECT last_seq FROM log_state WHERE id = 1";
// Seqs of logged records: ?1 < seq < ?4, at most ?2, of group ?3 (or of all groups).
// "seq > 0" lets SQLite use the partial indexes, which hold only logged records.
constexpr const char* kReadLogSeqs =
    "SELECT seq FROM records WHERE seq > 0 AND seq > ?1 AND seq < ?4 ORDER BY seq LIMIT ?2";
constexpr const char* kReadGroupLogSeqs =
    "SELECT seq FROM records WHERE seq > 0 AND group_id = ?3 AND seq > ?1 AND seq < ?4 "
    "ORDER BY seq LIMIT ?2";
constexpr const char* kReadLoggedRecord =
    "SELECT id, type, group_id, parent_id, fields FROM records WHERE seq > 0 AND seq = ?1";

constexpr const char* kAppendHistory =
    "INSERT INTO history (record_id, seq, at_ms, device_id, user, fields) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kListHistory =
    "SELECT id, record_id, seq, at_ms, device_id, user, fields FROM history "
    "WHERE record_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3";

// Receipt ranges never overlap, so the one holding device_seq ?2 (if any) is the last
// starting at or before it; from there, ranges follow in first_seq order.
#define RANGES_FROM                                                             \
  "FROM receipt_ranges WHERE device_id = ?1 AND first_seq >= coalesce((SELECT " \
  "max(first_seq) FROM receipt_ranges WHERE device_id = ?1 AND first_seq <= ?2), ?2) "
constexpr const char* kGetReceipts = "SELECT first_seq, last_seq, status, others " RANGES_FROM
                                     "AND first_seq <= ?3 AND last_seq >= ?2 ORDER BY first_seq";
constexpr const char* kReceiptRangesFrom =
    "SELECT first_seq, last_seq " RANGES_FROM "ORDER BY first_seq";
constexpr const char* kLastReceiptRangeAtOrBefore =
    "SELECT last_seq FROM receipt_ranges WHERE device_id = ?1 AND first_seq <= ?2 "
    "ORDER BY first_seq DESC LIMIT 1";
constexpr const char* kPutReceipts =
    "INSERT INTO receipt_ranges (device_id, first_seq, last_seq, status, others) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kMaxDeviceSeq =
    "SELECT last_seq FROM receipt_ranges WHERE device_id = ?1 ORDER BY first_seq DESC LIMIT 1";
// The answer of every device_seq of a range that `others` does not list.
constexpr const char* kRangeStatus = "applied";

#define CONFLICT_COLUMNS                                                               \
  "record_id, field, group_id, winning_value, winning_hlc, losing_value, losing_hlc, " \
  "losing_device, created_ms, resolved, resolution, resolved_by, resolved_ms"
constexpr const char* kAddConflict =
    "INSERT INTO conflicts (" CONFLICT_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr const char* kListConflicts =
    "SELECT " CONFLICT_COLUMNS
    ", id FROM conflicts WHERE id > ?1 "
    "AND (?2 = 0 OR resolved = 0) "
    "AND (?3 IS NULL OR group_id IN (SELECT value FROM json_each(?3))) "
    "ORDER BY id LIMIT ?4";
constexpr const char* kGetConflict = "SELECT " CONFLICT_COLUMNS ", id FROM conflicts WHERE id = ?1";
constexpr const char* kResolveConflict =
    "UPDATE conflicts SET resolved = 1, resolution = ?2, resolved_by = ?3, resolved_ms = ?4 "
    "WHERE id = ?1";

constexpr const char* kAddQuarantined =
    "INSERT INTO quarantine (" CHANGE_COLUMNS
    ", raw, code, message, received_ms) VALUES (" CHANGE_PARAMS ", ?11, ?12, ?13, ?14)";
constexpr const char* kListQuarantined =
    "SELECT " CHANGE_COLUMNS
    ", raw, code, message, received_ms, id FROM quarantine "
    "WHERE id > ?1 AND (?2 IS NULL OR group_id IN (SELECT value FROM json_each(?2))) "
    "ORDER BY id LIMIT ?3";

constexpr const char* kAppendOutbox =
    "INSERT INTO outbox (" CHANGE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL)";
constexpr const char* kReadOutbox =
    "SELECT " CHANGE_COLUMNS " FROM outbox ORDER BY device_seq LIMIT ?1";
constexpr const char* kRemoveOutbox = "DELETE FROM outbox WHERE device_seq <= ?1";
constexpr const char* kOutboxSize = "SELECT count(*) FROM outbox";

// Caps "limit + 1" and keeps absurd limits from reserving memory.
constexpr int64_t kMaxLimit = int64_t{1} << 40;

int64_t SqlLimit(int64_t limit) { return limit <= 0 ? -1 : std::min(limit, kMaxLimit); }

bool ReadConflict(const StatementUse& q, Conflict& c) {
  c.record_id = q.Text(0);
  c.field = q.Text(1);
  c.group_id = q.Text(2);
  if (!ParseJson(q.Text(3), c.winning.value)) return false;
  c.winning.hlc = q.Text(4);
  if (!ParseJson(q.Text(5), c.losing.value)) return false;
  c.losing.hlc = q.Text(6);
  c.losing_device = q.Text(7);
  c.created_ms = q.Int(8);
  c.resolved = q.Int(9) != 0;
  if (!ParseJson(q.Text(10), c.resolution)) return false;
  c.resolved_by = q.Text(11);
  c.resolved_ms = q.Int(12);
  c.id = q.Int(13);
  return true;
}

}  // namespace

// ---- change log ------------------------------------------------------------------------

Result<int64_t> SqliteStore::ReserveServerSeqs(int64_t count) {
  if (count < 1 || count > kMaxLimit) {
    return InvalidArgument("số lượng phải từ 1 trở lên", "count must be at least 1");
  }
  SOTAY_USE_STATEMENT(q, *stmts_, kReserveSeqs, "ReserveServerSeqs");
  q.BindInt(1, count);
  int rc = q.Step();
  if (rc != SQLITE_ROW) return Error(rc, "ReserveServerSeqs");
  return q.Int(0) - count + 1;
}

Status SqliteStore::ReadLogSeqs(int64_t since_seq, int64_t before_seq, int64_t limit,
                                const std::string* group, std::vector<int64_t>& out) {
  SOTAY_USE_STATEMENT(q, *stmts_, group ? kReadGroupLogSeqs : kReadLogSeqs, "ReadChanges");
  q.BindInt(1, since_seq);
  q.BindInt(2, limit);
  if (group) q.BindText(3, *group);
  q.BindInt(4, before_seq);
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(q.Int(0));
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "ReadChanges");
}

Status SqliteStore::ReadLoggedRecord(int64_t seq, LoggedRecord& out) {
  SOTAY_USE_STATEMENT(q, *stmts_, kReadLoggedRecord, "ReadChanges");
  q.BindInt(1, seq);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return Corrupt("ReadChanges");  // the seq was just read
  if (rc != SQLITE_ROW) return Error(rc, "ReadChanges");
  out.id = q.Text(0);
  out.type = q.Text(1);
  out.group_id = q.Text(2);
  out.parent_id = q.Text(3);
  out.fields = q.Text(4);
  return IndexLoggedFields(out) ? Status::Ok() : Corrupt("ReadChanges");
}

Result<LogPage> SqliteStore::ReadLogPage(int64_t since_seq, int64_t limit,
                                         const GroupFilter& groups) {
  if (limit < 1) return InvalidArgument("limit phải từ 1 trở lên", "limit must be at least 1");
  limit = std::min(limit, kMaxLimit);
  const std::set<std::string> unique(groups.begin(), groups.end());
  // The seqs of the first `n` logged records of the groups above `after`, ascending.
  std::vector<int64_t> seqs;
  auto first_seqs = [&](int64_t after, int64_t n) -> Status {
    seqs.clear();
    if (unique.size() <= 1) {
      const std::string* group = unique.empty() ? nullptr : &*unique.begin();
      return ReadLogSeqs(after, INT64_MAX, n, group, seqs);
    }
    // Several groups: the first n records of each group (an index range each) contain
    // the first n of their union; once n are in hand, later groups only need seqs
    // below the last of them.
    int64_t before = INT64_MAX;
    for (const std::string& g : unique) {
      size_t mid = seqs.size();
      SOTAY_RETURN_IF_ERROR(ReadLogSeqs(after, before, n, &g, seqs));
      std::inplace_merge(seqs.begin(), seqs.begin() + static_cast<std::ptrdiff_t>(mid), seqs.end());
      if (static_cast<int64_t>(seqs.size()) >= n) {
        seqs.resize(static_cast<size_t>(n));
        before = seqs.back();
      }
    }
    return Status::Ok();
  };
  // One snapshot for the seqs and the records, or a change committed between two reads
  // could end up behind the cursor unseen.
  Savepoint snapshot(*this);
  SOTAY_RETURN_IF_ERROR(snapshot.status());
  LogPage page;
  page.next = since_seq;
  // Records are taken in seq order until the page is full; every logged record above
  // since_seq has at least one change, so at most limit + 1 are ever needed. They are
  // fetched in growing chunks: a page of small records needs many, of a big one few.
  int64_t after = since_seq;
  int64_t chunk = std::min<int64_t>(16, limit + 1);
  LoggedRecord record;
  for (bool done = false; !done;) {
    SOTAY_RETURN_IF_ERROR(first_seqs(after, chunk));
    for (int64_t seq : seqs) {
      const size_t before = page.change_count;
      if (static_cast<int64_t>(before) >= limit) {
        page.more = true;
        done = true;
        break;
      }
      SOTAY_RETURN_IF_ERROR(ReadLoggedRecord(seq, record));
      // Whole records only; a record larger than a page goes alone.
      if (before > 0 && static_cast<int64_t>(before + record.logged.size()) > limit) {
        page.more = true;
        done = true;
        break;
      }
      page.change_count += record.logged.size();
      page.records.push_back(std::move(record));
      page.next = seq;
    }
    if (static_cast<int64_t>(seqs.size()) < chunk) break;  // the log's end
    after = seqs.back();
    chunk = std::min(chunk * 4, limit + 1);
  }
  SOTAY_RETURN_IF_ERROR(snapshot.Release());
  return page;
}

Result<int64_t> SqliteStore::LastServerSeq() {
  SOTAY_USE_STATEMENT(q, *stmts_, kLastServerSeq, "LastServerSeq");
  int rc = q.Step();
  if (rc == SQLITE_DONE) return int64_t{0};
  if (rc != SQLITE_ROW) return Error(rc, "LastServerSeq");
  return q.Int(0);
}

// ---- record history --------------------------------------------------------------------

Status SqliteStore::AppendHistory(HistoryEntry& e) {
  SOTAY_USE_STATEMENT(q, *stmts_, kAppendHistory, "AppendHistory");
  q.BindText(1, e.record_id);
  q.BindInt(2, e.seq);
  q.BindInt(3, e.at_ms);
  q.BindText(4, e.device_id);
  q.BindText(5, e.user);
  q.BindText(6, DumpJson(e.fields));
  int rc = q.Step();
  if (rc != SQLITE_DONE) return Error(rc, "AppendHistory");
  e.id = sqlite3_last_insert_rowid(db_);
  return Status::Ok();
}

Result<std::vector<HistoryEntry>> SqliteStore::ListHistory(std::string_view record_id,
                                                           int64_t before_id, int64_t limit) {
  if (limit < 1) return InvalidArgument("limit phải từ 1 trở lên", "limit must be at least 1");
  SOTAY_USE_STATEMENT(q, *stmts_, kListHistory, "ListHistory");
  q.BindText(1, record_id);
  q.BindInt(2, before_id > 0 ? before_id : INT64_MAX);
  q.BindInt(3, SqlLimit(limit));
  std::vector<HistoryEntry> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    HistoryEntry& e = out.emplace_back();
    e.id = q.Int(0);
    e.record_id = q.Text(1);
    e.seq = q.Int(2);
    e.at_ms = q.Int(3);
    e.device_id = q.Text(4);
    e.user = q.Text(5);
    if (!ParseJson(q.Text(6), e.fields)) return Corrupt("ListHistory");
  }
  if (rc != SQLITE_DONE) return Error(rc, "ListHistory");
  return out;
}

// ---- receipts --------------------------------------------------------------------------

namespace {

// `others` of a receipt range: [[device_seq, status, code], ...] for the device_seqs
// whose receipt is not {status: kRangeStatus, code: ""}, ascending.
bool ParseRangeOthers(std::string_view text, std::vector<SeqReceipt>& out) {
  Json others;
  if (!ParseJson(text, others) || !others.is_array()) return false;
  for (const Json& o : others) {
    if (!o.is_array() || o.size() != 3 || !o[0].is_number_integer() || !o[1].is_string() ||
        !o[2].is_string()) {
      return false;
    }
    out.push_back({o[0].get<int64_t>(), {o[1].get<std::string>(), o[2].get<std::string>()}});
  }
  std::sort(out.begin(), out.end(),
            [](const SeqReceipt& a, const SeqReceipt& b) { return a.device_seq < b.device_seq; });
  return true;
}

}  // namespace

Result<std::vector<SeqReceipt>> SqliteStore::GetReceipts(std::string_view device_id, int64_t first,
                                                         int64_t last) {
  std::vector<SeqReceipt> out;
  if (first > last) return out;
  SOTAY_USE_STATEMENT(q, *stmts_, kGetReceipts, "GetReceipts");
  q.BindText(1, device_id);
  q.BindInt(2, first);
  q.BindInt(3, last);
  int rc;
  std::vector<SeqReceipt> others;
  while ((rc = q.Step()) == SQLITE_ROW) {
    const int64_t from = std::max(first, q.Int(0)), to = std::min(last, q.Int(1));
    const std::string status = q.Text(2);
    others.clear();
    if (!ParseRangeOthers(q.Text(3), others)) return Corrupt("GetReceipts");
    auto other =
        std::lower_bound(others.begin(), others.end(), from,
                         [](const SeqReceipt& r, int64_t seq) { return r.device_seq < seq; });
    for (int64_t seq = from; seq <= to; ++seq) {
      if (other != others.end() && other->device_seq == seq) {
        out.push_back(*other++);
      } else {
        out.push_back({seq, {status, ""}});
      }
      if (seq == to) break;  // to may be INT64_MAX
    }
  }
  if (rc != SQLITE_DONE) return Error(rc, "GetReceipts");
  return out;
}

Status SqliteStore::PutReceipts(std::string_view device_id, int64_t first,
                                const std::vector<Receipt>& receipts) {
  if (receipts.empty()) return Status::Ok();
  const int64_t n = static_cast<int64_t>(receipts.size());
  if (first > std::numeric_limits<int64_t>::max() - (n - 1)) {
    return InvalidArgument("device_seq quá lớn", "device_seq out of range");
  }
  const int64_t last = first + (n - 1);
  {
    SOTAY_USE_STATEMENT(q, *stmts_, kLastReceiptRangeAtOrBefore, "PutReceipts");
    q.BindText(1, device_id);
    q.BindInt(2, last);
    int rc = q.Step();
    if (rc == SQLITE_ROW && q.Int(0) >= first) {
      return Status::Error("store_constraint", "Biên nhận đã có (PutReceipts)",
                           "A receipt exists already (PutReceipts)");
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error(rc, "PutReceipts");
  }
  Json others = Json::array();
  for (int64_t i = 0; i < n; ++i) {
    const Receipt& r = receipts[static_cast<size_t>(i)];
    if (r.status != kRangeStatus || !r.code.empty()) {
      others.push_back(Json::array({first + i, r.status, r.code}));
    }
  }
  SOTAY_USE_STATEMENT(q, *stmts_, kPutReceipts, "PutReceipts");
  q.BindText(1, device_id);
  q.BindInt(2, first);
  q.BindInt(3, last);
  q.BindText(4, kRangeStatus);
  q.BindText(5, DumpJson(others));
  int rc = q.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "PutReceipts");
}

Result<int64_t> SqliteStore::ReceiptsContiguousThrough(std::string_view device_id, int64_t after) {
  if (after == std::numeric_limits<int64_t>::max()) return after;
  SOTAY_USE_STATEMENT(q, *stmts_, kReceiptRangesFrom, "ReceiptsContiguousThrough");
  q.BindText(1, device_id);
  q.BindInt(2, after + 1);
  int64_t through = after;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (q.Int(0) - 1 > through) break;  // a gap before this range
    through = std::max(through, q.Int(1));
    if (through == std::numeric_limits<int64_t>::max()) break;
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error(rc, "ReceiptsContiguousThrough");
  return through;
}

Result<int64_t> SqliteStore::MaxDeviceSeq(std::string_view device_id) {
  SOTAY_USE_STATEMENT(q, *stmts_, kMaxDeviceSeq, "MaxDeviceSeq");
  q.BindText(1, device_id);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return int64_t{0};
  if (rc != SQLITE_ROW) return Error(rc, "MaxDeviceSeq");
  return q.Int(0);
}

// ---- conflicts -------------------------------------------------------------------------

Status SqliteStore::AddConflict(Conflict& c) {
  SOTAY_USE_STATEMENT(q, *stmts_, kAddConflict, "AddConflict");
  q.BindText(1, c.record_id);
  q.BindText(2, c.field);
  q.BindText(3, c.group_id);
  q.BindText(4, DumpJson(c.winning.value));
  q.BindText(5, c.winning.hlc);
  q.BindText(6, DumpJson(c.losing.value));
  q.BindText(7, c.losing.hlc);
  q.BindText(8, c.losing_device);
  q.BindInt(9, c.created_ms);
  q.BindInt(10, c.resolved ? 1 : 0);
  q.BindText(11, DumpJson(c.resolution));
  q.BindText(12, c.resolved_by);
  q.BindInt(13, c.resolved_ms);
  int rc = q.Step();
  if (rc != SQLITE_DONE) return Error(rc, "AddConflict");
  c.id = sqlite3_last_insert_rowid(db_);
  return Status::Ok();
}

Result<std::vector<Conflict>> SqliteStore::ListConflicts(const ConflictQuery& query) {
  SOTAY_USE_STATEMENT(q, *stmts_, kListConflicts, "ListConflicts");
  q.BindInt(1, query.after_id);
  q.BindInt(2, query.unresolved_only ? 1 : 0);
  BindGroups(q, 3, query.groups);
  q.BindInt(4, SqlLimit(query.limit));
  std::vector<Conflict> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (!ReadConflict(q, out.emplace_back())) return Corrupt("ListConflicts");
  }
  if (rc != SQLITE_DONE) return Error(rc, "ListConflicts");
  return out;
}

Result<std::optional<Conflict>> SqliteStore::GetConflict(int64_t id) {
  SOTAY_USE_STATEMENT(q, *stmts_, kGetConflict, "GetConflict");
  q.BindInt(1, id);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<Conflict>();
  if (rc != SQLITE_ROW) return Error(rc, "GetConflict");
  Conflict c;
  if (!ReadConflict(q, c)) return Corrupt("GetConflict");
  return std::optional<Conflict>(std::move(c));
}

Status SqliteStore::ResolveConflict(int64_t id, const Json& resolution, std::string_view by,
                                    int64_t at_ms) {
  SOTAY_USE_STATEMENT(q, *stmts_, kResolveConflict, "ResolveConflict");
  q.BindInt(1, id);
  q.BindText(2, DumpJson(resolution));
  q.BindText(3, by);
  q.BindInt(4, at_ms);
  int rc = q.Step();
  if (rc != SQLITE_DONE) return Error(rc, "ResolveConflict");
  if (sqlite3_changes(db_) == 0) {
    std::string n = std::to_string(id);
    return Status::Error("not_found", "không có xung đột số " + n, "no conflict with id " + n,
                         "conflicts/" + n);
  }
  return Status::Ok();
}

// ---- quarantine ------------------------------------------------------------------------

Status SqliteStore::AddQuarantined(QuarantinedChange& qc) {
  SOTAY_USE_STATEMENT(q, *stmts_, kAddQuarantined, "AddQuarantined");
  BindChange(q, 1, qc.change);
  q.BindText(11, DumpJson(qc.raw));
  q.BindText(12, qc.code);
  q.BindText(13, qc.message);
  q.BindInt(14, qc.received_ms);
  int rc = q.Step();
  if (rc != SQLITE_DONE) return Error(rc, "AddQuarantined");
  qc.id = sqlite3_last_insert_rowid(db_);
  return Status::Ok();
}

Result<std::vector<QuarantinedChange>> SqliteStore::ListQuarantined(const QuarantineQuery& query) {
  SOTAY_USE_STATEMENT(q, *stmts_, kListQuarantined, "ListQuarantined");
  q.BindInt(1, query.after_id);
  BindGroups(q, 2, query.groups);
  q.BindInt(3, SqlLimit(query.limit));
  std::vector<QuarantinedChange> out;
  int rc;
  constexpr int n = sqlite_rows::kChangeColumnCount;
  while ((rc = q.Step()) == SQLITE_ROW) {
    QuarantinedChange& qc = out.emplace_back();
    if (!ReadChange(q, 0, qc.change) || !ParseJson(q.Text(n), qc.raw)) {
      return Corrupt("ListQuarantined");
    }
    qc.code = q.Text(n + 1);
    qc.message = q.Text(n + 2);
    qc.received_ms = q.Int(n + 3);
    qc.id = q.Int(n + 4);
  }
  if (rc != SQLITE_DONE) return Error(rc, "ListQuarantined");
  return out;
}

// ---- outbox ----------------------------------------------------------------------------

Status SqliteStore::AppendOutbox(Change& change) {
  SOTAY_USE_STATEMENT(q, *stmts_, kAppendOutbox, "AppendOutbox");
  BindChange(q, 1, change);  // ?10 (device_seq) is not used: AUTOINCREMENT assigns it
  int rc = q.Step();
  if (rc != SQLITE_DONE) return Error(rc, "AppendOutbox");
  change.device_seq = sqlite3_last_insert_rowid(db_);
  return Status::Ok();
}

Result<std::vector<Change>> SqliteStore::ReadOutbox(int64_t limit) {
  if (limit < 1) return InvalidArgument("limit phải từ 1 trở lên", "limit must be at least 1");
  SOTAY_USE_STATEMENT(q, *stmts_, kReadOutbox, "ReadOutbox");
  q.BindInt(1, SqlLimit(limit));
  std::vector<Change> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (!ReadChange(q, 0, out.emplace_back())) return Corrupt("ReadOutbox");
  }
  if (rc != SQLITE_DONE) return Error(rc, "ReadOutbox");
  return out;
}

Status SqliteStore::RestartOutboxNumbering() {
  Result<int64_t> size = OutboxSize();
  if (!size.ok()) return size.status();
  if (*size != 0) {
    return InvalidArgument("hộp thư đi chưa trống", "the outbox is not empty");
  }
  return Run("DELETE FROM sqlite_sequence WHERE name = 'outbox'", "RestartOutboxNumbering");
}

Status SqliteStore::RemoveOutboxThrough(int64_t device_seq) {
  SOTAY_USE_STATEMENT(q, *stmts_, kRemoveOutbox, "RemoveOutboxThrough");
  q.BindInt(1, device_seq);
  int rc = q.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "RemoveOutboxThrough");
}

Result<int64_t> SqliteStore::OutboxSize() {
  SOTAY_USE_STATEMENT(q, *stmts_, kOutboxSize, "OutboxSize");
  int rc = q.Step();
  if (rc != SQLITE_ROW) return Error(rc, "OutboxSize");
  return q.Int(0);
}

}  // namespace sotay

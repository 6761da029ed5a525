#include "sync/server_apply.h"

#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "core/date.h"
#include "core/form_context.h"
#include "sync/merge.h"
#include "sync/push_checks.h"

namespace sotay {

namespace {

// Records read and written by one push: each is read once and written once at the end,
// so a batch of many fields of one household serialises the record once.
class RecordCache {
 public:
  explicit RecordCache(Store& store) : store_(store) {}

  Result<std::optional<Record>> Get(const std::string& id) {
    auto it = records_.find(id);
    if (it != records_.end()) return it->second;
    Result<std::optional<Record>> r = store_.GetRecord(id);
    if (!r.ok()) return r.status();
    records_.emplace(id, *r);
    return r;
  }
  void Put(Record record) {
    dirty_.insert(record.id);
    std::string id = record.id;
    records_[id] = std::move(record);
  }
  Status Flush() {
    for (const std::string& id : dirty_) SOTAY_RETURN_IF_ERROR(store_.PutRecord(*records_[id]));
    dirty_.clear();
    return Status::Ok();
  }

 private:
  Store& store_;
  std::map<std::string, std::optional<Record>> records_;
  std::set<std::string> dirty_;
};

// What a rejected change keeps in quarantine: the change as far as it was decoded.
Change BestEffortChange(const PushItem& item, const std::string& device_id) {
  Change c;
  if (item.change.ok()) {
    c = *item.change;
  } else if (item.raw.is_object()) {
    for (auto [key, target] :
         {std::pair{"record_id", &c.record_id}, std::pair{"record_type", &c.record_type},
          std::pair{"group_id", &c.group_id}, std::pair{"parent_id", &c.parent_id},
          std::pair{"field", &c.field}, std::pair{"hlc", &c.hlc},
          std::pair{"base_hlc", &c.base_hlc}}) {
      auto it = item.raw.find(key);
      if (it != item.raw.end() && it->is_string()) *target = it->get<std::string>();
    }
    auto v = item.raw.find("value");
    if (v != item.raw.end()) c.value = *v;
  }
  c.device_seq = item.device_seq;
  c.device_id = device_id;
  return c;
}

std::string MessageOf(const Status& s) {
  if (s.path().empty()) return s.message_vi();
  return s.message_vi() + " (" + s.path() + ")";
}

// Checks that need the stored records: the parent's type and group, and that an
// existing record is the one the change claims. Returns a store failure; the verdict
// goes to *verdict.
Status CheckAgainstStore(const Change& c, const SchemaSet& schemas, RecordCache& cache,
                         Status* verdict) {
  if (!c.parent_id.empty()) {
    Result<std::optional<Record>> parent = cache.Get(c.parent_id);
    if (!parent.ok()) return parent.status();
    const FormDef* form = schemas.FindForm(c.record_type);
    if (parent->has_value() && form != nullptr &&
        ((*parent)->type != form->parent_type || (*parent)->group_id != c.group_id)) {
      *verdict = Status::Error(
          "bad_parent", "Bản ghi cha không phải " + form->parent_type + " của tổ " + c.group_id,
          "The parent is not a " + form->parent_type + " of group " + c.group_id, "parent_id");
      return Status::Ok();
    }
  }
  Result<std::optional<Record>> existing = cache.Get(c.record_id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    const Record& r = **existing;
    if (r.type != c.record_type || r.group_id != c.group_id || r.parent_id != c.parent_id) {
      *verdict =
          Status::Error("record_mismatch", "Bản ghi đã có với loại, tổ hoặc bản ghi cha khác",
                        "The record exists with another type, group or parent", "record_id");
    }
  }
  return Status::Ok();
}

// Validates one stored record as a whole, with its children, in server mode.
Result<std::optional<RecordReview>> Review(Store& store, const SchemaSet& schemas,
                                           const std::string& id, const std::string& today) {
  Result<std::optional<Record>> rec = store.GetRecord(id);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value() || (*rec)->deleted) return std::optional<RecordReview>();
  Record record = std::move(**rec);
  record.fields.erase(std::string(kDeletedField));
  VectorChildLookup children;
  RecordQuery q;
  q.parent_id = record.id;
  SOTAY_RETURN_IF_ERROR(store.ForEachRecord(q, [&](const Record& child) {
    children.Add(child);
    return true;
  }));
  RecordReview review{record.id, record.type, record.group_id, {}};
  review.issues = Validate(schemas, record, children, today, ValidationMode::kServer);
  return std::optional<RecordReview>(std::move(review));
}

// The state of one push while its transaction is open.
class PushBatch {
 public:
  PushBatch(Store& store, const SchemaSet& schemas, const Clock& clock,
            const SyncServerOptions& options, const DeviceScope& who)
      : store_(store),
        schemas_(schemas),
        clock_(clock),
        options_(options),
        who_(who),
        now_ms_(clock.NowMs()),
        cache_(store) {}

  PushOutcome& outcome() { return out_; }
  const std::vector<Hlc>& accepted() const { return accepted_; }

  // Answers one change: duplicate, rejected, or merged (applied / conflict).
  Status Apply(const PushItem& item) {
    PushResult result{item.device_seq, "", "", ""};
    Result<std::optional<Receipt>> receipt = store_.GetReceipt(who_.device_id, item.device_seq);
    if (!receipt.ok()) return receipt.status();
    if (receipt->has_value()) {
      result.status = kStatusDuplicate;
      result.code = (*receipt)->code;
      if (!result.code.empty()) result.message = "Đã bị từ chối trước đó (" + result.code + ")";
      ++out_.duplicates;
    } else {
      Status verdict = item.change.ok() ? Status::Ok() : item.change.status();
      Change c = BestEffortChange(item, who_.device_id);
      if (verdict.ok()) {
        verdict = CheckPushedChange(c, who_, schemas_, clock_, options_.max_future_ms);
      }
      if (verdict.ok()) SOTAY_RETURN_IF_ERROR(CheckAgainstStore(c, schemas_, cache_, &verdict));
      SOTAY_RETURN_IF_ERROR(verdict.ok() ? Merge(c, result) : Reject(item, c, verdict, result));
      SOTAY_RETURN_IF_ERROR(
          store_.PutReceipt(who_.device_id, item.device_seq, Receipt{result.status, result.code}));
    }
    out_.response.results.push_back(std::move(result));
    return Status::Ok();
  }

  // Writes the records and their history back, reviews them and runs the hook.
  Status Finish() {
    for (const std::string& id : out_.changed_record_ids) {
      SOTAY_RETURN_IF_ERROR(store_.AppendHistory(history_[id]));
    }
    SOTAY_RETURN_IF_ERROR(cache_.Flush());
    if (out_.changed_record_ids.empty()) return Status::Ok();
    if (options_.revalidate_records) SOTAY_RETURN_IF_ERROR(ReviewChanged());
    if (options_.on_records_changed) {
      SOTAY_RETURN_IF_ERROR(options_.on_records_changed(store_, out_.changed_record_ids));
    }
    return Status::Ok();
  }

  // Extends the device's contiguous run of receipts and stores it.
  Result<int64_t> AdvanceAckedThrough() {
    const std::string key = AckedThroughMetaKey(who_.device_id);
    Result<std::optional<std::string>> stored = store_.GetMeta(key);
    if (!stored.ok()) return stored.status();
    int64_t acked = 0;
    if (stored->has_value()) {
      const std::string& text = **stored;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), acked);
      if (ec != std::errc() || end != text.data() + text.size() || acked < 0) {
        return Status::Error("store_corrupt", "Dữ liệu acked_through hỏng",
                             "The stored acked_through is corrupt", key);
      }
    }
    const int64_t before = acked;
    for (;;) {
      Result<std::optional<Receipt>> next = store_.GetReceipt(who_.device_id, acked + 1);
      if (!next.ok()) return next.status();
      if (!next->has_value()) break;
      ++acked;
    }
    if (acked != before) SOTAY_RETURN_IF_ERROR(store_.SetMeta(key, std::to_string(acked)));
    return acked;
  }

 private:
  Status Reject(const PushItem& item, const Change& c, const Status& verdict, PushResult& result) {
    result.status = kStatusRejected;
    result.code = verdict.code();
    result.message = MessageOf(verdict);
    QuarantinedChange q{0, c, item.raw, verdict.code(), result.message, now_ms_};
    ++out_.rejected;
    return store_.AddQuarantined(q);
  }

  Status Merge(Change& c, PushResult& result) {
    Result<std::optional<Record>> existing = cache_.Get(c.record_id);
    if (!existing.ok()) return existing.status();
    Record record = existing->has_value()
                        ? **existing
                        : Record{c.record_id, c.record_type, c.group_id, c.parent_id, {}, false};
    MergeResult m = ApplyFieldWrite(record, c);
    const bool other_writer = m.had_previous && HlcNode(m.previous.hlc) != who_.device_id;
    const bool conflict = other_writer && !m.duplicate && (c.base_hlc != m.previous.hlc || m.lost);
    if (conflict) {
      const FieldValue incoming{c.value, c.hlc};
      Conflict k;
      k.record_id = record.id;
      k.field = c.field;
      k.group_id = record.group_id;
      k.winning = m.changed ? incoming : m.previous;
      k.losing = m.changed ? m.previous : incoming;
      k.losing_device = std::string(HlcNode(k.losing.hlc));
      k.created_ms = now_ms_;
      SOTAY_RETURN_IF_ERROR(store_.AddConflict(k));
    }
    if (m.changed) {
      SOTAY_RETURN_IF_ERROR(store_.AppendChange(c));
      record.fields[c.field].seq = c.server_seq;  // the field's place in the change log
      if (changed_set_.insert(record.id).second) out_.changed_record_ids.push_back(record.id);
      NoteHistory(c, m);
      cache_.Put(std::move(record));
    }
    result.status = conflict ? kStatusConflict : kStatusApplied;
    ++(conflict ? out_.conflicts : out_.applied);
    accepted_.push_back(*Hlc::Parse(c.hlc));
    return Status::Ok();
  }

  // Adds a logged change to its record's history entry of this push: the first
  // previous value of the field and its latest new value.
  void NoteHistory(const Change& c, const MergeResult& m) {
    HistoryEntry& e = history_[c.record_id];
    if (e.record_id.empty()) {
      e.record_id = c.record_id;
      e.at_ms = now_ms_;
      e.device_id = who_.device_id;
      e.user = who_.user;
    }
    e.seq = c.server_seq;
    Json& f = e.fields[c.field];
    if (f.is_null() && m.had_previous) f["o"] = m.previous.value;  // first write this push
    f["v"] = c.value;
    f["h"] = c.hlc;
  }

  // Each changed record and its parent, once, in a stable order.
  Status ReviewChanged() {
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const std::string& id : out_.changed_record_ids) {
      Result<std::optional<Record>> r = cache_.Get(id);
      if (!r.ok()) return r.status();
      if (seen.insert(id).second) ids.push_back(id);
      if (r->has_value() && !(*r)->parent_id.empty() && seen.insert((*r)->parent_id).second) {
        ids.push_back((*r)->parent_id);
      }
    }
    const std::string today = VietnamToday(clock_);
    for (const std::string& id : ids) {
      Result<std::optional<RecordReview>> review = Review(store_, schemas_, id, today);
      if (!review.ok()) return review.status();
      if (review->has_value()) out_.reviews.push_back(std::move(**review));
    }
    return Status::Ok();
  }

  Store& store_;
  const SchemaSet& schemas_;
  const Clock& clock_;
  const SyncServerOptions& options_;
  const DeviceScope& who_;
  const int64_t now_ms_;
  RecordCache cache_;
  PushOutcome out_;
  std::vector<Hlc> accepted_;  // observed into the server's clock after the commit
  std::set<std::string> changed_set_;
  std::map<std::string, HistoryEntry> history_;  // per changed record
};

}  // namespace

std::string AckedThroughMetaKey(std::string_view device_id) {
  return "sync/acked_through/" + std::string(device_id);
}

SyncServer::SyncServer(Store& store, const SchemaSet& schemas, const Clock& clock, HlcClock& hlc,
                       SyncServerOptions options)
    : store_(store), schemas_(schemas), clock_(clock), hlc_(hlc), options_(std::move(options)) {}

Result<PushOutcome> SyncServer::ApplyPush(const DeviceScope& who, const Json& body) {
  if (!who.HasAnyGroup()) {
    return Status::Error("forbidden", "Thiết bị không có quyền ghi dữ liệu",
                         "This device may not write any data");
  }
  Result<std::vector<PushItem>> items = DecodePushBody(body, options_.max_push_changes);
  if (!items.ok()) return items.status();

  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  PushBatch batch(store_, schemas_, clock_, options_, who);
  for (const PushItem& item : *items) SOTAY_RETURN_IF_ERROR(batch.Apply(item));
  SOTAY_RETURN_IF_ERROR(batch.Finish());
  Result<int64_t> acked = batch.AdvanceAckedThrough();
  if (!acked.ok()) return acked.status();
  SOTAY_RETURN_IF_ERROR(txn.Commit());

  // Durable now. Every HLC passed the far-future check against the same wall clock, so
  // Observe can only fail if that clock went back since; the clock then stays as it is.
  for (const Hlc& h : batch.accepted()) (void)hlc_.Observe(h);
  PushOutcome out = std::move(batch.outcome());
  out.response.acked_through = *acked;
  out.body = EncodePushResponse(out.response);
  return out;
}

}  // namespace sotay

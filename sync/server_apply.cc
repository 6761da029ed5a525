#include "sync/server_apply.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "core/date.h"
#include "core/derived_recompute.h"
#include "core/form_context.h"
#include "core/record_source.h"
#include "sync/merge.h"
#include "sync/push_checks.h"

namespace sotay {

namespace {

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
Status CheckAgainstStore(const Change& c, const SchemaSet& schemas, CachedRecords& cache,
                         Status* verdict) {
  if (!c.parent_id.empty()) {
    Result<const Record*> parent = cache.Find(c.parent_id);
    if (!parent.ok()) return parent.status();
    const FormDef* form = schemas.FindForm(c.record_type);
    if (*parent != nullptr && form != nullptr &&
        ((*parent)->type != form->parent_type || (*parent)->group_id != c.group_id)) {
      *verdict = Status::Error(
          "bad_parent", "Bản ghi cha không phải " + form->parent_type + " của tổ " + c.group_id,
          "The parent is not a " + form->parent_type + " of group " + c.group_id, "parent_id");
      return Status::Ok();
    }
  }
  Result<const Record*> existing = cache.Find(c.record_id);
  if (!existing.ok()) return existing.status();
  if (*existing != nullptr) {
    const Record& r = **existing;
    if (r.type != c.record_type || r.group_id != c.group_id || r.parent_id != c.parent_id) {
      *verdict =
          Status::Error("record_mismatch", "Bản ghi đã có với loại, tổ hoặc bản ghi cha khác",
                        "The record exists with another type, group or parent", "record_id");
    }
  }
  return Status::Ok();
}

// Validates one record as a whole, with its children, in server mode.
Result<std::optional<RecordReview>> Review(RecordSource& records, const SchemaSet& schemas,
                                           const std::string& id, const std::string& today) {
  Result<const Record*> rec = records.Find(id);
  if (!rec.ok()) return rec.status();
  if (*rec == nullptr || (*rec)->deleted) return std::optional<RecordReview>();
  const Record* record = *rec;
  std::optional<Record> without_deleted;  // a copy only when "_deleted" must go
  if (record->fields.count(std::string(kDeletedField)) != 0) {
    without_deleted = *record;
    without_deleted->fields.erase(std::string(kDeletedField));
    record = &*without_deleted;
  }
  Result<std::vector<const Record*>> all = records.Children(id);
  if (!all.ok()) return all.status();
  std::vector<const Record*> live;
  for (const Record* child : *all) {
    if (!child->deleted) live.push_back(child);
  }
  RecordPointerLookup children(std::move(live));
  RecordReview review{record->id, record->type, record->group_id, {}};
  review.issues = Validate(schemas, *record, children, today, ValidationMode::kServer);
  return std::optional<RecordReview>(std::move(review));
}

// The state of one push while its transaction is open.
class PushBatch {
 public:
  PushBatch(Store& store, const SchemaSet& schemas, const Clock& clock, HlcClock& hlc,
            const SyncServerOptions& options, const DeviceScope& who)
      : store_(store),
        schemas_(schemas),
        clock_(clock),
        hlc_(hlc),
        options_(options),
        who_(who),
        now_ms_(clock.NowMs()),
        cache_(store) {}

  PushOutcome& outcome() { return out_; }
  const std::vector<Hlc>& accepted() const { return accepted_; }

  // Reads the receipts the device already has for the push's device_seqs: one range
  // read per run of consecutive device_seqs (a push is normally one run).
  Status LoadReceipts(const std::vector<PushItem>& items) {
    std::vector<int64_t> seqs;
    seqs.reserve(items.size());
    for (const PushItem& item : items) seqs.push_back(item.device_seq);
    unanswered_ = static_cast<int64_t>(items.size());
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    for (size_t i = 0; i < seqs.size();) {
      size_t j = i;
      while (j + 1 < seqs.size() && seqs[j + 1] == seqs[j] + 1) ++j;
      Result<std::vector<SeqReceipt>> got = store_.GetReceipts(who_.device_id, seqs[i], seqs[j]);
      if (!got.ok()) return got.status();
      for (SeqReceipt& r : *got) receipts_.emplace(r.device_seq, std::move(r.receipt));
      i = j + 1;
    }
    return Status::Ok();
  }

  // Answers one change: duplicate, rejected, or merged (applied / conflict).
  Status Apply(const PushItem& item) {
    --unanswered_;  // the items after this one
    PushResult result{item.device_seq, "", "", ""};
    auto receipt = receipts_.find(item.device_seq);
    if (receipt != receipts_.end()) {
      result.status = kStatusDuplicate;
      result.code = receipt->second.code;
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
      receipts_.emplace(item.device_seq, Receipt{result.status, result.code});
      new_receipts_.emplace(item.device_seq, Receipt{result.status, result.code});
    }
    out_.response.results.push_back(std::move(result));
    return Status::Ok();
  }

  // Stores the receipts of the changes answered now: one range per run of consecutive
  // device_seqs.
  Status WriteReceipts() {
    std::vector<Receipt> run;
    int64_t first = 0;
    for (auto it = new_receipts_.begin(); it != new_receipts_.end(); ++it) {
      if (!run.empty() && it->first != first + static_cast<int64_t>(run.size())) {
        SOTAY_RETURN_IF_ERROR(store_.PutReceipts(who_.device_id, first, run));
        run.clear();
      }
      if (run.empty()) first = it->first;
      run.push_back(std::move(it->second));
    }
    if (!run.empty()) SOTAY_RETURN_IF_ERROR(store_.PutReceipts(who_.device_id, first, run));
    new_receipts_.clear();
    return Status::Ok();
  }

  // Writes the receipts, the server's derived values, the records and their history,
  // reviews them and runs the hooks.
  Status Finish() {
    SOTAY_RETURN_IF_ERROR(WriteReceipts());
    if (!out_.changed_record_ids.empty()) {
      SOTAY_RETURN_IF_ERROR(WriteDerived(out_.changed_record_ids));
    }
    return FinishWrites(out_.changed_record_ids);
  }

  // The server's own recomputation of `record_ids` (SyncServer::Recompute): their
  // stale derived values are written, and the hooks run for all of them.
  Status Recompute(const std::vector<std::string>& record_ids) {
    SOTAY_RETURN_IF_ERROR(WriteDerived(record_ids));
    std::vector<std::string> ids = record_ids;
    for (const std::string& id : out_.changed_record_ids) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return FinishWrites(ids);
  }

  // Stores the records and their history, reviews the changed ones and runs the hooks
  // for `hook_ids`.
  Status FinishWrites(const std::vector<std::string>& hook_ids) {
    for (const std::string& id : out_.changed_record_ids) {
      auto own = history_.find(id);
      if (own != history_.end()) SOTAY_RETURN_IF_ERROR(store_.AppendHistory(own->second));
      auto derived = derived_history_.find(id);
      if (derived != derived_history_.end()) {
        SOTAY_RETURN_IF_ERROR(store_.AppendHistory(derived->second));
      }
    }
    SOTAY_RETURN_IF_ERROR(cache_.Flush());
    if (!out_.changed_record_ids.empty()) {
      if (options_.revalidate_records) SOTAY_RETURN_IF_ERROR(ReviewChanged());
      NoteReplacedValues();
    }
    if (hook_ids.empty()) return Status::Ok();
    if (options_.on_records_changed) {
      SOTAY_RETURN_IF_ERROR(options_.on_records_changed(store_, cache_, hook_ids));
    }
    if (options_.on_records_reviewed && !out_.reviews.empty()) {
      SOTAY_RETURN_IF_ERROR(options_.on_records_reviewed(out_.reviews));
    }
    return Status::Ok();
  }

  // The server is the authority on derived values (core/derived_recompute.h): every
  // value of the records `ids` affect that differs from what the core computes is
  // replaced by the core's, as a write of the server itself (node "server", an HLC
  // newer than the stored one), logged for the phones to pull and kept in the record's
  // history with the value it replaced.
  Status WriteDerived(const std::vector<std::string>& ids) {
    if (!options_.recompute_derived) return Status::Ok();
    const std::string today = VietnamToday(clock_);
    Result<std::vector<DerivedWrite>> writes = RecomputeDerived(schemas_, cache_, ids, today);
    if (!writes.ok()) return writes.status();
    if (writes->empty()) return Status::Ok();
    Result<int64_t> first = store_.ReserveServerSeqs(static_cast<int64_t>(writes->size()));
    if (!first.ok()) return first.status();
    int64_t seq = *first;
    for (const DerivedWrite& w : *writes) {
      Result<Record*> edited = cache_.Edit(w.record_id);
      if (!edited.ok()) return edited.status();
      Record& record = **edited;
      Change c = ServerWriteOf(record, w.field, w.value);
      c.hlc = HlcNewerThan(hlc_, c.base_hlc);  // even when a phone stamped it ahead of us
      c.server_seq = seq++;
      MergeResult m = ApplyFieldWrite(record, c);
      record.fields[c.field].seq = c.server_seq;
      cache_.MarkChanged(record.id);
      if (changed_set_.insert(record.id).second) out_.changed_record_ids.push_back(record.id);
      HistoryEntry& e = derived_history_[record.id];
      if (e.record_id.empty()) {
        e.record_id = record.id;
        e.at_ms = now_ms_;
        e.device_id = std::string(kServerNode);
      }
      e.seq = c.server_seq;
      Json& f = e.fields[c.field];
      if (m.had_previous) f["o"] = m.previous.value;
      f["v"] = c.value;
      f["h"] = c.hlc;
      // A value this push wrote and the core disagrees with: the office is told.
      if (written_.count(FieldKey(record.id, c.field)) != 0) {
        replaced_[record.id].push_back(ReplacedIssue(c.field, w.stored, w.value));
      }
      ++out_.derived;
    }
    return Status::Ok();
  }

  // The review flag of a replaced derived value, naming the field and both values.
  static ValidationIssue ReplacedIssue(const std::string& field, const Json& sent,
                                       const Json& computed) {
    return ValidationIssue{field, std::string(kDerivedReplacedCode),
                           "Giá trị tính toán '" + field + "' do máy gửi là " + sent.dump() +
                               ", máy chủ tính lại là " + computed.dump() + " và đã thay thế",
                           "The computed field '" + field + "' was sent as " + sent.dump() +
                               "; the server computes " + computed.dump() + " and replaced it"};
  }

  // Adds the replaced-value issues to the reviews of their records.
  void NoteReplacedValues() {
    for (const auto& entry : replaced_) {
      const std::string& id = entry.first;
      const std::vector<ValidationIssue>& issues = entry.second;
      auto review = std::find_if(out_.reviews.begin(), out_.reviews.end(),
                                 [&](const RecordReview& r) { return r.record_id == id; });
      if (review == out_.reviews.end()) {
        Result<const Record*> r = cache_.Find(id);
        if (!r.ok() || *r == nullptr) continue;
        out_.reviews.push_back(RecordReview{id, (*r)->type, (*r)->group_id, {}});
        review = std::prev(out_.reviews.end());
      }
      review->issues.insert(review->issues.end(), issues.begin(), issues.end());
    }
    replaced_.clear();
  }

  static std::string FieldKey(std::string_view record_id, std::string_view field) {
    std::string key(record_id);
    key += '\n';
    key += field;
    return key;
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
    Result<int64_t> through = store_.ReceiptsContiguousThrough(who_.device_id, acked);
    if (!through.ok()) return through.status();
    acked = *through;
    if (acked != before) SOTAY_RETURN_IF_ERROR(store_.SetMeta(key, std::to_string(acked)));
    return acked;
  }

 private:
  Status Reject(const PushItem& item, const Change& c, const Status& verdict, PushResult& result) {
    result.status = kStatusRejected;
    result.code = verdict.code();
    result.message = MessageOf(verdict);
    Json raw = item.change.ok() ? ChangeToPushJson(*item.change) : item.raw;
    QuarantinedChange q{0, c, std::move(raw), verdict.code(), result.message, now_ms_};
    ++out_.rejected;
    return store_.AddQuarantined(q);
  }

  Status Merge(Change& c, PushResult& result) {
    Result<Record*> existing = cache_.Edit(c.record_id);  // edited in place: no copy
    if (!existing.ok()) return existing.status();
    Record& record =
        *existing != nullptr
            ? **existing
            : cache_.Insert(Record{c.record_id, c.record_type, c.group_id, c.parent_id, {}, false});
    MergeResult m = ApplyFieldWrite(record, c);
    const bool other_writer = m.had_previous && HlcNode(m.previous.hlc) != who_.device_id;
    // A computed field is the server's to decide (WriteDerived replaces it after the
    // merge): two writers of it never conflict.
    const bool conflict = other_writer && !m.duplicate &&
                          (c.base_hlc != m.previous.hlc || m.lost) &&
                          !IsComputedField(schemas_, c.record_type, c.field);
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
      // What the other person wrote, won or lost, for the phone to show beside its own.
      result.other = {{"value", m.previous.value},
                      {"device_id", std::string(HlcNode(m.previous.hlc))}};
    }
    if (m.changed) {
      SOTAY_RETURN_IF_ERROR(NextServerSeq(c));
      record.fields[c.field].seq = c.server_seq;  // the field's place in the change log
      if (changed_set_.insert(record.id).second) out_.changed_record_ids.push_back(record.id);
      written_.insert(FieldKey(record.id, c.field));
      NoteHistory(c, m);
      cache_.MarkChanged(record.id);
    }
    result.status = conflict ? kStatusConflict : kStatusApplied;
    ++(conflict ? out_.conflicts : out_.applied);
    accepted_.push_back(*Hlc::Parse(c.hlc));
    return Status::Ok();
  }

  // Gives c the next server_seq. Seqs are reserved for this change and every later one
  // of the push at once (one statement per push, not per change); those of changes
  // that turn out duplicates or rejected are left unused.
  Status NextServerSeq(Change& c) {
    if (reserved_ == 0) {
      Result<int64_t> first = store_.ReserveServerSeqs(unanswered_ + 1);
      if (!first.ok()) return first.status();
      next_seq_ = *first;
      reserved_ = unanswered_ + 1;
    }
    c.server_seq = next_seq_++;
    --reserved_;
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
      Result<const Record*> r = cache_.Find(id);
      if (!r.ok()) return r.status();
      if (seen.insert(id).second) ids.push_back(id);
      if (*r != nullptr && !(*r)->parent_id.empty() && seen.insert((*r)->parent_id).second) {
        ids.push_back((*r)->parent_id);
      }
    }
    const std::string today = VietnamToday(clock_);
    for (const std::string& id : ids) {
      Result<std::optional<RecordReview>> review = Review(cache_, schemas_, id, today);
      if (!review.ok()) return review.status();
      if (review->has_value()) out_.reviews.push_back(std::move(**review));
    }
    return Status::Ok();
  }

  Store& store_;
  const SchemaSet& schemas_;
  const Clock& clock_;
  HlcClock& hlc_;
  const SyncServerOptions& options_;
  const DeviceScope& who_;
  const int64_t now_ms_;
  CachedRecords cache_;
  PushOutcome out_;
  std::vector<Hlc> accepted_;  // observed into the server's clock after the commit
  int64_t unanswered_ = 0;     // items of the push not answered yet
  int64_t next_seq_ = 0;       // the next reserved server_seq
  int64_t reserved_ = 0;       // reserved seqs not given out yet
  std::set<std::string> changed_set_;
  std::map<std::string, HistoryEntry> history_;          // per changed record
  std::map<std::string, HistoryEntry> derived_history_;  // the server's derived writes
  std::set<std::string> written_;  // FieldKey of every field this push changed
  std::map<std::string, std::vector<ValidationIssue>> replaced_;  // per record
  std::map<int64_t, Receipt> receipts_;      // this device's, by device_seq: stored and new
  std::map<int64_t, Receipt> new_receipts_;  // answered by this push, stored by Finish
};

}  // namespace

std::string AckedThroughMetaKey(std::string_view device_id) {
  return "sync/acked_through/" + std::string(device_id);
}

SyncServer::SyncServer(Store& store, const SchemaSet& schemas, const Clock& clock, HlcClock& hlc,
                       SyncServerOptions options)
    : store_(store), schemas_(schemas), clock_(clock), hlc_(hlc), options_(std::move(options)) {}

Result<std::vector<PushItem>> SyncServer::DecodePush(const DeviceScope& who,
                                                     const Json& body) const {
  if (!who.HasAnyGroup()) {
    return Status::Error("forbidden", "Thiết bị không có quyền ghi dữ liệu",
                         "This device may not write any data");
  }
  return DecodePushBody(body, options_.max_push_changes);
}

Result<PushOutcome> SyncServer::ApplyPush(const DeviceScope& who, const Json& body) {
  Result<std::vector<PushItem>> items = DecodePush(who, body);
  if (!items.ok()) return items.status();
  const PushRequest one{&who, &*items};
  return std::move(ApplyPushes({&one, 1}).front());
}

namespace {

// Runs one decoded push inside the open transaction; its acked_through goes to *acked.
Status RunBatch(PushBatch& batch, const std::vector<PushItem>& items, int64_t* acked) {
  SOTAY_RETURN_IF_ERROR(batch.LoadReceipts(items));
  for (const PushItem& item : items) SOTAY_RETURN_IF_ERROR(batch.Apply(item));
  SOTAY_RETURN_IF_ERROR(batch.Finish());
  Result<int64_t> through = batch.AdvanceAckedThrough();
  if (!through.ok()) return through.status();
  *acked = *through;
  return Status::Ok();
}

}  // namespace

std::vector<Result<PushOutcome>> SyncServer::ApplyPushes(std::span<const PushRequest> pushes) {
  const size_t n = pushes.size();
  std::vector<std::optional<Result<PushOutcome>>> answers(n);
  auto finish = [&] {
    std::vector<Result<PushOutcome>> out;
    out.reserve(n);
    for (std::optional<Result<PushOutcome>>& a : answers) out.push_back(std::move(*a));
    return out;
  };
  // Every push not answered yet fails with `status` (nothing of them is kept).
  auto fail_rest = [&](const Status& status) {
    for (std::optional<Result<PushOutcome>>& a : answers) {
      if (!a.has_value()) a = status;
    }
    return finish();
  };
  if (n == 0) return finish();

  Transaction txn(store_);
  if (!txn.status().ok()) return fail_rest(txn.status());
  std::vector<std::unique_ptr<PushBatch>> batches(n);
  std::vector<int64_t> acked(n, 0);
  for (size_t i = 0; i < n; ++i) {
    Status part = store_.BeginPart();
    if (!part.ok()) {  // nothing of this push was written
      answers[i] = part;
      continue;
    }
    auto batch =
        std::make_unique<PushBatch>(store_, schemas_, clock_, hlc_, options_, *pushes[i].who);
    Status s = RunBatch(*batch, *pushes[i].items, &acked[i]);
    if (s.ok()) s = store_.EndPart();
    if (s.ok()) {
      batches[i] = std::move(batch);
      continue;
    }
    // This push failed: undo it alone and answer it; the others go on. When the
    // database dropped the whole transaction, every push of the group fails.
    answers[i] = s;
    if (!store_.UndoPart().ok()) return fail_rest(s);
  }
  Status committed = txn.Commit();
  if (!committed.ok()) return fail_rest(committed);

  // Durable now. Every HLC passed the far-future check against the same wall clock, so
  // Observe can only fail if that clock went back since; the clock then stays as it is.
  for (size_t i = 0; i < n; ++i) {
    if (batches[i] == nullptr) continue;
    for (const Hlc& h : batches[i]->accepted()) (void)hlc_.Observe(h);
    PushOutcome out = std::move(batches[i]->outcome());
    out.response.acked_through = acked[i];
    out.body = EncodePushResponse(out.response);
    answers[i] = std::move(out);
  }
  return finish();
}

Result<PushOutcome> SyncServer::Recompute(const std::vector<std::string>& record_ids) {
  const DeviceScope server{std::string(kServerNode), "admin", {}, ""};
  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  PushBatch batch(store_, schemas_, clock_, hlc_, options_, server);
  SOTAY_RETURN_IF_ERROR(batch.Recompute(record_ids));
  SOTAY_RETURN_IF_ERROR(txn.Commit());
  return std::move(batch.outcome());
}

Result<size_t> SyncServer::RecomputeWhile(const std::vector<std::string>& record_ids, size_t chunk,
                                          const std::function<bool()>& more) {
  const DeviceScope server{std::string(kServerNode), "admin", {}, ""};
  chunk = std::max<size_t>(chunk, 1);
  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  size_t done = 0;
  while (done < record_ids.size()) {
    const size_t n = std::min(chunk, record_ids.size() - done);
    const auto first = record_ids.begin() + static_cast<std::ptrdiff_t>(done);
    // A batch of its own per chunk: each writes its records and history and runs the
    // hooks before the next reads the store, all in the one transaction.
    PushBatch batch(store_, schemas_, clock_, hlc_, options_, server);
    SOTAY_RETURN_IF_ERROR(
        batch.Recompute(std::vector<std::string>(first, first + static_cast<std::ptrdiff_t>(n))));
    done += n;
    if (done < record_ids.size() && !more()) break;
  }
  SOTAY_RETURN_IF_ERROR(txn.Commit());
  return done;
}

}  // namespace sotay

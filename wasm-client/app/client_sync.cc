// ClientApp: the sync steps (delegating to SyncClient), conflicts and rejections.
#include <algorithm>
#include <map>
#include <set>

#include "core/derived_fields.h"
#include "core/field_check.h"
#include "core/household_bundle.h"
#include "sync/wire.h"
#include "wasm-client/app/client_app.h"
#include "wasm-client/app/household_index.h"

namespace sotay {
namespace {

constexpr const char* kConflictsKey = "app/conflicts";

Json RejectedView(const RejectedChange& r) {
  // The server's message is Vietnamese only; the code is the stable part.
  return Json{{"device_seq", r.device_seq},
              {"record_id", r.record_id},
              {"record_type", r.record_type},
              {"field", r.field},
              {"value", r.value},
              {"code", r.code},
              {"message_vi", r.message},
              {"message_en", "The server refused this change (" + r.code + ")"}};
}

}  // namespace

Result<int64_t> ClientApp::PendingCount() {
  if (sync_ == nullptr) return store_->OutboxSize();
  return sync_->PendingCount();
}

Result<Json> ClientApp::NextPushBody(int64_t max_changes) {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  if (max_changes < 1 || max_changes > static_cast<int64_t>(kMaxPushChanges)) {
    return Status::Error("invalid_argument", "Số thay đổi mỗi lần gửi không hợp lệ",
                         "Invalid number of changes per push", "max_changes");
  }
  return sync_->NextPushBody(static_cast<size_t>(max_changes));
}

Result<Json> ClientApp::ApplyPushResponse(const Json& response) {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  // Conflicts are reported by device_seq only: look the changes up in the outbox
  // before the answer drops them from it.
  Result<PushResponse> decoded = DecodePushResponse(response);
  if (!decoded.ok()) return decoded.status();
  std::vector<const PushResult*> conflicted;
  for (const PushResult& r : decoded->results) {
    if (r.status == kStatusConflict) conflicted.push_back(&r);
  }
  Json new_conflicts = Json::array();
  if (!conflicted.empty()) {
    Result<std::vector<Change>> outbox =
        store_->ReadOutbox(static_cast<int64_t>(kMaxPushChanges) * 4);
    if (!outbox.ok()) return outbox.status();
    for (const PushResult* r : conflicted) {
      auto c = std::find_if(outbox->begin(), outbox->end(),
                            [&](const Change& ch) { return ch.device_seq == r->device_seq; });
      if (c == outbox->end()) continue;
      // Calculated and core-computed fields follow their inputs; only answers a person
      // typed are worth showing.
      const FormDef* form = schemas_->FindForm(c->record_type);
      const FieldDef* field = form != nullptr ? form->FindField(c->field) : nullptr;
      if (field != nullptr &&
          (field->readonly || field->calculate || IsDerivedField(c->record_type, c->field))) {
        continue;
      }
      Json mine = c->value;
      // A sealed value went out as its envelope: show the plaintext this phone keeps,
      // if that is still the version it sent.
      if (IsSealedEnvelope(mine)) {
        Result<std::optional<Record>> rec = store_->GetRecord(c->record_id);
        if (rec.ok() && rec->has_value()) {
          auto f = (**rec).fields.find(c->field);
          if (f != (**rec).fields.end() && f->second.hlc == c->hlc) mine = f->second.value;
        }
      }
      Json conflict = {{"record_id", c->record_id},
                       {"record_type", c->record_type},
                       {"field", c->field},
                       {"mine", mine}};
      // The other person's value and name, when the server says (protocol.md, Push).
      if (r->other.is_object()) {
        conflict["other"] = r->other.value("value", Json(nullptr));
        const Json name = r->other.value("device_name", Json(nullptr));
        conflict["other_writer"] = name.is_string() ? name : Json(nullptr);
      }
      new_conflicts.push_back(std::move(conflict));
    }
  }

  Result<Json> kept = MetaJson(kConflictsKey);
  if (!kept.ok()) return kept.status();
  Json all = kept->is_array() ? *kept : Json::array();
  for (const Json& c : new_conflicts) {
    // One entry per (record, field): the latest write this phone made wins the slot.
    auto same = std::find_if(all.begin(), all.end(), [&](const Json& k) {
      return k["record_id"] == c["record_id"] && k["field"] == c["field"];
    });
    if (same != all.end()) all.erase(same);
    all.push_back(c);
  }
  if (!new_conflicts.empty()) SOTAY_RETURN_IF_ERROR(SetMetaJson(kConflictsKey, all));
  // Kept before the answer is applied: a retry of these changes is answered
  // "duplicate", so a conflict not kept now would never be reported again.
  pending_ids_.reset();
  Result<PushSummary> summary = sync_->ApplyPushResponse(response);
  if (!summary.ok()) return summary.status();
  Result<int64_t> pending = sync_->PendingCount();
  if (!pending.ok()) return pending.status();

  Json conflicts = Json::array();
  for (Json c : new_conflicts) {
    Result<std::optional<Record>> rec = store_->GetRecord(c["record_id"].get<std::string>());
    c["current"] =
        rec.ok() && rec->has_value() ? (**rec).Get(c["field"].get<std::string>()) : Json(nullptr);
    conflicts.push_back(std::move(c));
  }
  Json rejected = Json::array();
  for (const RejectedChange& r : summary->rejections) rejected.push_back(RejectedView(r));
  return Json{{"removed", summary->removed},       {"applied", summary->applied},
              {"duplicates", summary->duplicates}, {"conflicts", std::move(conflicts)},
              {"rejected", std::move(rejected)},   {"pending", *pending}};
}

Result<std::string> ClientApp::PullQuery(int64_t limit) {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  return sync_->PullQuery(limit);
}

Result<Json> ClientApp::ApplyPullResponse(const Json& response) {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  Result<PullSummary> s = sync_->ApplyPullResponse(response);
  if (!s.ok()) return s.status();
  // The response was decoded strictly above, so its changes have their shape.
  std::set<std::string> households;
  for (const Json& c : response["changes"]) {
    const std::string& type = c["record_type"].get_ref<const std::string&>();
    if (type == kHouseholdType) households.insert(c["record_id"].get<std::string>());
    if (s->applied == 0) continue;
    const Json& parent = c["parent_id"];
    households_->Invalidate(HouseholdIndex::HouseholdOf(
        type, c["record_id"].get<std::string>(),
        parent.is_string() ? parent.get<std::string>() : std::string()));
  }
  if (!s->more) {
    Result<Json> incomplete = MetaJson(kListIncompleteKey);
    if (!incomplete.ok()) return incomplete.status();
    if (!incomplete->is_null()) SOTAY_RETURN_IF_ERROR(SetMetaJson(kListIncompleteKey, nullptr));
  }
  const Json total = response.value("households_total", Json(nullptr));
  return Json{{"received", s->received},
              {"applied", s->applied},
              {"echoes", s->echoes},
              {"cursor", s->cursor},
              {"more", s->more},
              {"households", households.size()},
              {"households_total", total.is_number_integer() ? total : Json(nullptr)}};
}

Status ClientApp::ResetCursor() {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  SOTAY_RETURN_IF_ERROR(SetMetaJson(kListIncompleteKey, true));
  return sync_->ResetCursor();
}

Result<bool> ClientApp::ListComplete() {
  Result<Json> incomplete = MetaJson(kListIncompleteKey);
  if (!incomplete.ok()) return incomplete.status();
  return incomplete->is_null();
}

Result<Json> ClientApp::Rejected() {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  Result<std::vector<RejectedChange>> list = sync_->ListRejected();
  if (!list.ok()) return list.status();
  Json out = Json::array();
  for (const RejectedChange& r : *list) out.push_back(RejectedView(r));
  return out;
}

Status ClientApp::DismissRejected(int64_t device_seq) {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  return sync_->DismissRejected(device_seq);
}

Result<Json> ClientApp::Conflicts() {
  Result<Json> kept = MetaJson(kConflictsKey);
  if (!kept.ok()) return kept.status();
  Json out = Json::array();
  if (!kept->is_array()) return out;
  for (Json c : *kept) {
    Result<std::optional<Record>> rec = store_->GetRecord(c.value("record_id", std::string()));
    if (!rec.ok()) return rec.status();
    c["current"] = rec->has_value() ? (**rec).Get(c.value("field", std::string())) : Json(nullptr);
    out.push_back(std::move(c));
  }
  return out;
}

Status ClientApp::DismissConflict(const std::string& record_id, const std::string& field) {
  Result<Json> kept = MetaJson(kConflictsKey);
  if (!kept.ok()) return kept.status();
  if (!kept->is_array()) return Status::Ok();
  Json rest = Json::array();
  for (const Json& c : *kept) {
    if (c.value("record_id", std::string()) != record_id ||
        c.value("field", std::string()) != field) {
      rest.push_back(c);
    }
  }
  return SetMetaJson(kConflictsKey, rest);
}

}  // namespace sotay

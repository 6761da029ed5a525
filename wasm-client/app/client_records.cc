// ClientApp: reading records, live form state, saving and deleting.
#include <algorithm>

#include "core/change.h"
#include "core/derived_fields.h"
#include "core/derived_recompute.h"
#include "core/detail/validate_internal.h"
#include "core/field_rules.h"
#include "core/household_bundle.h"
#include "core/household_lookup.h"
#include "core/ids.h"
#include "core/validate.h"
#include "wasm-client/app/client_app.h"
#include "wasm-client/app/household_index.h"
#include "wasm-client/app/store_children.h"

namespace sotay {
namespace {

Json ProblemJson(const ValidationIssue& issue) {
  Json p = {
      {"code", issue.code}, {"message_vi", issue.message_vi}, {"message_en", issue.message_en}};
  if (!issue.field.empty()) p["path"] = issue.field;
  return p;
}

// Issues that do not stop a save: child counts and read-only fields' checks depend on
// records added after this one (a household is saved before its members, and its
// one-head rule holds only once the head is entered). Evaluate still shows them, and
// the server flags the merged record for review if they persist.
bool BlocksSave(const FormDef& form, const ValidationIssue& issue) {
  if (issue.code == "child_count") return false;
  const FieldDef* f = form.FindField(issue.field);
  return f == nullptr || !IsReadonlyField(form, *f);
}

}  // namespace

Result<std::set<std::string>> ClientApp::PendingIds() {
  if (pending_ids_) return *pending_ids_;
  Result<std::vector<Change>> outbox = store_->ReadOutbox(1'000'000);
  if (!outbox.ok()) return outbox.status();
  std::set<std::string> ids, households;
  for (const Change& c : *outbox) {
    ids.insert(c.record_id);
    std::string household = HouseholdIndex::HouseholdOf(c.record_type, c.record_id, c.parent_id);
    households.insert(household.empty() ? c.record_id : household);
  }
  pending_ids_ = ids;
  pending_households_ = static_cast<int64_t>(households.size());
  return ids;
}

Result<int64_t> ClientApp::PendingHouseholdCount() {
  Result<std::set<std::string>> ids = PendingIds();
  if (!ids.ok()) return ids.status();
  return pending_households_;
}

Json ClientApp::View(const Record& record, const std::set<std::string>& pending) const {
  Json values = Json::object();
  for (const auto& [name, fv] : record.fields) {
    if (name != kDeletedField) values[name] = fv.value;
  }
  return Json{{"id", record.id},
              {"type", record.type},
              {"group_id", record.group_id},
              {"parent_id", record.parent_id.empty() ? Json(nullptr) : Json(record.parent_id)},
              {"values", std::move(values)},
              {"deleted", record.deleted},
              {"pending", pending.count(record.id) > 0}};
}

Result<Json> ClientApp::GetRecord(const std::string& id) {
  Result<std::optional<Record>> r = store_->GetRecord(id);
  if (!r.ok()) return r.status();
  if (!r->has_value()) return Json(nullptr);
  Result<std::set<std::string>> pending = PendingIds();
  if (!pending.ok()) return pending.status();
  return View(**r, *pending);
}

Result<Json> ClientApp::Children(const std::string& parent_id, const std::string& type) {
  std::vector<Record> found;
  RecordQuery q;
  q.type = type;
  q.parent_id = parent_id;
  SOTAY_RETURN_IF_ERROR(store_->ForEachRecord(q, [&](const Record& r) {
    found.push_back(r);
    return true;
  }));
  std::stable_sort(found.begin(), found.end(),
                   [](const Record& a, const Record& b) { return a.type < b.type; });
  Result<std::set<std::string>> pending = PendingIds();
  if (!pending.ok()) return pending.status();
  Json out = Json::array();
  for (const Record& r : found) out.push_back(View(r, *pending));
  return out;
}

Result<Record> ClientApp::Compose(const std::string& type, const std::string& id,
                                  const std::string& group_id, const std::string& parent_id,
                                  const Json& values) {
  if (schemas_ == nullptr) {
    return Status::Error("no_schemas", "Chưa tải biểu mẫu; hãy đồng bộ khi có mạng",
                         "The forms are not loaded yet; sync when online");
  }
  if (schemas_->FindForm(type) == nullptr) {
    return Status::Error("unknown_type", "Không có biểu mẫu cho loại bản ghi '" + type + "'",
                         "No form for record type '" + type + "'", "type");
  }
  if (!values.is_object()) {
    return Status::Error("invalid_argument", "Giá trị phải là một đối tượng JSON",
                         "Values must be a JSON object", "values");
  }
  Record record;
  if (!id.empty()) {
    Result<std::optional<Record>> stored = store_->GetRecord(id);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) record = **stored;
  }
  if (record.id.empty()) {
    record.id = id;
    record.type = type;
    record.group_id = group_id;
    record.parent_id = parent_id;
  } else if (record.type != type) {
    return Status::Error("record_mismatch", "Bản ghi đã có với loại khác",
                         "The record exists with another type", "type");
  }
  std::optional<Record> parent;
  if (!record.parent_id.empty()) {
    Result<std::optional<Record>> p = store_->GetRecord(record.parent_id);
    if (!p.ok()) return p.status();
    parent = *p;
    // A new child belongs to its parent's group.
    if (parent && record.group_id.empty()) record.group_id = parent->group_id;
  }
  for (const auto& [name, value] : values.items()) {
    if (name == kDeletedField) continue;
    record.fields[name].value = value;
  }

  // Core-computed fields first (they read the household), then the form's own
  // calculations, which may read them.
  HouseholdBundle bundle;
  if (record.type == kHouseholdType) {
    bundle.household = record;
  } else if (parent && parent->type == kHouseholdType) {
    bundle = BundleFromLookup(*parent, StoreChildLookup(*store_, &record));
  }
  Json derived = DerivedFields(*schemas_, bundle, record);
  for (const auto& [name, value] : derived.items()) record.fields[name].value = value;

  StoreChildLookup children(*store_);
  Result<std::vector<CalculatedValue>> calcs =
      ApplyCalculations(*schemas_, record, children, Today());
  if (!calcs.ok()) return calcs.status();
  for (const CalculatedValue& c : *calcs) record.fields[c.field].value = c.value;
  return record;
}

Result<Json> ClientApp::FormState(const Record& record) {
  const FormDef& form = *schemas_->FindForm(record.type);
  StoreChildLookup children(*store_);
  const std::string today = Today();
  RecordContext ctx(record, children, today);
  Relevance relevance = EvaluateRelevance(form, &ctx);
  std::vector<ValidationIssue> issues =
      Validate(*schemas_, record, children, today, ValidationMode::kDevice);

  Json fields = Json::array();
  for (size_t i = 0; i < form.fields.size(); ++i) {
    const FieldDef& f = form.fields[i];
    bool relevant = relevance.relevant[i];
    Result<bool> required = IsRequiredField(f, relevant, ctx);  // expr_error is in `issues`
    Json state = {{"name", f.name},
                  {"relevant", relevant},
                  {"required", required.ok() && *required},
                  {"readonly", IsReadonlyField(form, f)},
                  {"value", record.Get(f.name)}};
    auto issue = std::find_if(issues.begin(), issues.end(),
                              [&](const ValidationIssue& v) { return v.field == f.name; });
    if (issue != issues.end()) state["error"] = ProblemJson(*issue);
    fields.push_back(std::move(state));
  }
  Json problems = Json::array();
  bool valid = true;
  for (const ValidationIssue& v : issues) {
    problems.push_back(ProblemJson(v));
    valid = valid && !BlocksSave(form, v);
  }
  return Json{{"type", record.type},
              {"fields", std::move(fields)},
              {"issues", std::move(problems)},
              {"valid", valid}};
}

Result<Json> ClientApp::Evaluate(const std::string& type, const std::string& id,
                                 const std::string& parent_id, const Json& values) {
  Result<Record> record = Compose(type, id, "", parent_id, values);
  if (!record.ok()) return record.status();
  return FormState(*record);
}

Result<Json> ClientApp::Save(const std::string& type, const std::string& id,
                             const std::string& group_id, const std::string& parent_id,
                             const Json& values) {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  const std::string record_id = id.empty() ? NewUuid() : id;
  Result<Record> composed = Compose(type, record_id, group_id, parent_id, values);
  if (!composed.ok()) return composed.status();
  Record record = std::move(composed).value();

  const Json& groups = enrollment_["groups"];
  if (std::find(groups.begin(), groups.end(), Json(record.group_id)) == groups.end()) {
    return Status::Error("forbidden_group", "Tổ '" + record.group_id + "' không thuộc máy này",
                         "Group '" + record.group_id + "' is not assigned to this phone",
                         "group_id");
  }
  StoreChildLookup children(*store_);
  const std::string today = Today();
  ClearIrrelevant(*schemas_, &record, children, today);
  const FormDef& form = *schemas_->FindForm(type);
  for (const ValidationIssue& issue :
       Validate(*schemas_, record, children, today, ValidationMode::kDevice)) {
    if (BlocksSave(form, issue)) {
      return Status::Error(issue.code, issue.message_vi, issue.message_en, issue.field);
    }
  }

  std::map<std::string, Json> writes;
  for (const FieldDef& f : form.fields) {
    auto it = record.fields.find(f.name);
    if (it == record.fields.end()) continue;
    // A new record's unanswered fields need no change of their own.
    if (it->second.value.is_null() && it->second.hlc.empty()) continue;
    writes[f.name] = it->second.value;
  }
  pending_ids_.reset();
  Result<Record> stored =
      sync_->WriteFields(record.id, record.type, record.group_id, record.parent_id, writes);
  if (!stored.ok()) return stored.status();
  SOTAY_RETURN_IF_ERROR(StoreDerived(stored->id));
  households_->Invalidate(HouseholdIndex::HouseholdOf(stored->type, stored->id, stored->parent_id));
  Result<std::set<std::string>> pending = PendingIds();
  if (!pending.ok()) return pending.status();
  return View(*stored, *pending);
}

Status ClientApp::Delete(const std::string& id) {
  SOTAY_RETURN_IF_ERROR(RequireSync());
  Result<std::optional<Record>> record = store_->GetRecord(id);
  if (!record.ok()) return record.status();
  if (record->has_value()) {
    households_->Invalidate(
        HouseholdIndex::HouseholdOf((**record).type, (**record).id, (**record).parent_id));
  }
  pending_ids_.reset();
  SOTAY_RETURN_IF_ERROR(sync_->DeleteRecord(id));
  return StoreDerived(id);
}

Status ClientApp::StoreDerived(const std::string& record_id) {
  CachedRecords records(*store_);
  Result<std::vector<DerivedWrite>> writes =
      RecomputeDerived(*schemas_, records, {record_id}, Today());
  if (!writes.ok()) return writes.status();
  std::map<std::string, std::map<std::string, Json>> per_record;
  for (const DerivedWrite& w : *writes) per_record[w.record_id][w.field] = w.value;
  for (const auto& [id, values] : per_record) {
    Result<const Record*> r = records.Find(id);
    if (!r.ok()) return r.status();
    const Record& rec = **r;
    Result<Record> stored =
        sync_->WriteFields(rec.id, rec.type, rec.group_id, rec.parent_id, values);
    if (!stored.ok()) return stored.status();
    households_->Invalidate(HouseholdIndex::HouseholdOf(rec.type, rec.id, rec.parent_id));
  }
  return Status::Ok();
}

}  // namespace sotay

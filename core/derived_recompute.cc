#include "core/derived_recompute.h"

#include <algorithm>
#include <set>

#include "core/derived_fields.h"
#include "core/household_bundle.h"
#include "core/validate.h"

namespace sotay {
namespace {

// The household (or group-level record) whose records a change to `record` affects.
std::string Owner(const Record& record) {
  return record.parent_id.empty() ? record.id : record.parent_id;
}

// Where a record comes in the household's computation: the household, then its
// persons (their ages are inputs of assessments), then everything else.
int Rank(const Record& r) {
  if (r.parent_id.empty()) return 0;
  return r.type == kPersonType ? 1 : 2;
}

// Computes the derived values of `record` (a working copy in `bundle`) into it; returns
// whether any value changed. Records of types without a form are left alone.
Result<bool> ComputeInto(const SchemaSet& schemas, const HouseholdBundle& bundle,
                         const ChildLookup& children, std::string_view today, Record& record) {
  if (record.deleted || schemas.FindForm(record.type) == nullptr) return false;
  bool changed = false;
  auto set = [&](const std::string& field, const Json& value) {
    auto slot = record.fields.find(field);
    if (slot == record.fields.end()) {
      if (value.is_null()) return;  // nothing computed, nothing stored: leave it absent
      record.fields[field].value = value;
      changed = true;
    } else if (slot->second.value != value) {
      slot->second.value = value;
      changed = true;
    }
  };
  const Json derived = DerivedFields(schemas, bundle, record);
  for (const auto& [field, value] : derived.items()) set(field, value);
  Result<std::vector<CalculatedValue>> calcs = ApplyCalculations(schemas, record, children, today);
  if (!calcs.ok()) return calcs.status();
  for (const CalculatedValue& c : *calcs) set(c.field, c.value);
  return changed;
}

// The stale derived values of one household (or group-level record) and its children.
Status RecomputeOwner(const SchemaSet& schemas, RecordSource& records, const Record& owner,
                      std::string_view today, std::vector<DerivedWrite>* out) {
  if (owner.deleted) return Status::Ok();
  HouseholdBundle bundle;
  bundle.household = owner;
  if (owner.type == kHouseholdType) {
    Result<std::vector<const Record*>> children = records.Children(owner.id);
    if (!children.ok()) return children.status();
    for (const Record* child : *children) bundle.children.push_back(*child);
  }
  SOTAY_RETURN_IF_ERROR(ApplyDerived(schemas, &bundle, today));

  auto diff = [&](const Record& computed) -> Status {
    const FormDef* form = schemas.FindForm(computed.type);
    if (computed.deleted || form == nullptr) return Status::Ok();
    Result<const Record*> stored = records.Find(computed.id);
    if (!stored.ok()) return stored.status();
    if (*stored == nullptr) return Status::Ok();
    for (const FieldDef& f : form->fields) {
      if (!IsComputedField(schemas, computed.type, f.name)) continue;
      const Json& want = computed.Get(f.name);
      const Json& have = (*stored)->Get(f.name);
      if (want != have) out->push_back(DerivedWrite{computed.id, f.name, want, have});
    }
    return Status::Ok();
  };
  SOTAY_RETURN_IF_ERROR(diff(bundle.household));
  std::vector<const Record*> ordered;
  for (const Record& child : bundle.children) ordered.push_back(&child);
  std::sort(ordered.begin(), ordered.end(),
            [](const Record* a, const Record* b) { return a->id < b->id; });
  for (const Record* child : ordered) SOTAY_RETURN_IF_ERROR(diff(*child));
  return Status::Ok();
}

}  // namespace

Status ApplyDerived(const SchemaSet& schemas, HouseholdBundle* bundle, std::string_view today) {
  std::stable_sort(bundle->children.begin(), bundle->children.end(),
                   [](const Record& a, const Record& b) { return Rank(a) < Rank(b); });
  // The working copies are the bundle's records; the lookup points at them, so each
  // calculation reads the values computed before it.
  std::vector<const Record*> pointers;
  for (const Record& child : bundle->children) pointers.push_back(&child);
  RecordPointerLookup children(pointers);

  // Derived values feed each other across records (a member count feeds the floor
  // area per person, which feeds the classification): repeat until nothing moves.
  constexpr int kMaxPasses = 4;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    bool moved = false;
    Result<bool> h = ComputeInto(schemas, *bundle, children, today, bundle->household);
    if (!h.ok()) return h.status();
    moved = moved || *h;
    for (Record& child : bundle->children) {
      Result<bool> c = ComputeInto(schemas, *bundle, children, today, child);
      if (!c.ok()) return c.status();
      moved = moved || *c;
    }
    if (!moved) break;
  }

  return Status::Ok();
}

bool IsComputedField(const SchemaSet& schemas, std::string_view record_type,
                     std::string_view field) {
  if (IsDerivedField(record_type, field)) return true;
  const FormDef* form = schemas.FindForm(record_type);
  if (form == nullptr) return false;
  const FieldDef* def = form->FindField(field);
  return def != nullptr && def->calculate.has_value();
}

Result<std::vector<DerivedWrite>> RecomputeDerived(
    const SchemaSet& schemas, RecordSource& records,
    const std::vector<std::string>& changed_record_ids, std::string_view today) {
  std::vector<std::string> owners;
  std::set<std::string> seen;
  for (const std::string& id : changed_record_ids) {
    Result<const Record*> record = records.Find(id);
    if (!record.ok()) return record.status();
    if (*record == nullptr) continue;
    std::string owner = Owner(**record);
    if (seen.insert(owner).second) owners.push_back(std::move(owner));
  }
  std::vector<DerivedWrite> out;
  for (const std::string& id : owners) {
    Result<const Record*> owner = records.Find(id);
    if (!owner.ok()) return owner.status();
    if (*owner == nullptr) continue;
    SOTAY_RETURN_IF_ERROR(RecomputeOwner(schemas, records, **owner, today, &out));
  }
  return out;
}

}  // namespace sotay

#include "core/fact_refresh.h"

#include <set>

#include "core/household_bundle.h"
#include "core/indicator_facts.h"

namespace sotay {
namespace {

// The record whose facts a change to `record` affects: the household itself, the
// parent household of a child record, or a group-level record.
std::string FactOwner(const Record& record) {
  if (record.type == kHouseholdType || record.type == kCulturalGroupType) return record.id;
  return record.parent_id;
}

Status RefreshHousehold(Store& store, RecordSource& records, const SchemaSet& schemas,
                        const Record& household, std::string_view today) {
  HouseholdBundle bundle;
  bundle.household = household;
  Result<std::vector<const Record*>> children = records.Children(household.id);
  if (!children.ok()) return children.status();
  bundle.children.reserve(children->size());
  for (const Record* child : *children) bundle.children.push_back(*child);
  return StoreHouseholdFacts(store, schemas, bundle, today);
}

Status RefreshGroupRecord(Store& store, const Record& record) {
  std::vector<Fact> facts;
  if (std::optional<double> p = GetNumber(record, "period")) {
    facts = ComputeGroupFacts(record, static_cast<int64_t>(*p));
  }
  for (Fact& f : facts) f.record_id = record.id;
  SOTAY_RETURN_IF_ERROR(store.ReplaceFacts(record.id, facts));
  return store.SetFactsValidUntil(record.id, std::nullopt);  // its period is its own
}

}  // namespace

std::vector<int64_t> DefaultFactPeriods(std::string_view today) {
  int64_t year = 0;
  for (size_t i = 0; i < 4 && i < today.size(); ++i) year = year * 10 + (today[i] - '0');
  return {year - 1, year};
}

std::vector<Fact> HouseholdFacts(const SchemaSet& schemas, const HouseholdBundle& bundle,
                                 std::string_view today) {
  std::vector<int64_t> periods = DefaultFactPeriods(today);
  std::set<int64_t> seen(periods.begin(), periods.end());
  for (const Record& child : bundle.children) {
    std::optional<double> p = GetNumber(child, "period");
    if (p && seen.insert(static_cast<int64_t>(*p)).second) periods.push_back(*p);
  }
  std::vector<Fact> facts;
  for (int64_t period : periods) {
    std::vector<Fact> f =
        ComputeFacts(schemas, bundle, period, ReferenceDateForPeriod(period, today));
    facts.insert(facts.end(), f.begin(), f.end());
  }
  for (Fact& f : facts) f.record_id = bundle.household.id;
  return facts;
}

Status StoreHouseholdFacts(Store& store, const SchemaSet& schemas, const HouseholdBundle& bundle,
                           std::string_view today) {
  SOTAY_RETURN_IF_ERROR(
      store.ReplaceFacts(bundle.household.id, HouseholdFacts(schemas, bundle, today)));
  std::optional<std::string> until = FactsValidUntil(bundle, today);
  return store.SetFactsValidUntil(bundle.household.id,
                                  until ? std::optional<std::string_view>(*until) : std::nullopt);
}

Status RefreshFacts(Store& store, const SchemaSet& schemas,
                    const std::vector<std::string>& changed_record_ids, std::string_view today) {
  CachedRecords records(store);
  return RefreshFacts(store, records, schemas, changed_record_ids, today);
}

Status RefreshFacts(Store& store, RecordSource& records, const SchemaSet& schemas,
                    const std::vector<std::string>& changed_record_ids, std::string_view today) {
  std::set<std::string> owners;
  for (const std::string& id : changed_record_ids) {
    Result<const Record*> record = records.Find(id);
    if (!record.ok()) return record.status();
    if (*record == nullptr) {
      SOTAY_RETURN_IF_ERROR(store.SetFactsValidUntil(id, std::nullopt));
      continue;
    }
    std::string owner = FactOwner(**record);
    if (!owner.empty()) owners.insert(std::move(owner));
  }
  for (const std::string& id : owners) {
    Result<const Record*> record = records.Find(id);
    if (!record.ok()) return record.status();
    if (*record == nullptr) {
      SOTAY_RETURN_IF_ERROR(store.SetFactsValidUntil(id, std::nullopt));
      continue;
    }
    const Record& owner = **record;
    if (owner.type == kHouseholdType) {
      SOTAY_RETURN_IF_ERROR(RefreshHousehold(store, records, schemas, owner, today));
    } else if (owner.type == kCulturalGroupType) {
      SOTAY_RETURN_IF_ERROR(RefreshGroupRecord(store, owner));
    } else {
      SOTAY_RETURN_IF_ERROR(store.SetFactsValidUntil(id, std::nullopt));
    }
  }
  return Status::Ok();
}

}  // namespace sotay

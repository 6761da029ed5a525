#include "core/record_source.h"

#include <algorithm>

namespace sotay {

Result<std::optional<Record>*> CachedRecords::Slot(std::string_view id) {
  auto it = records_.find(id);
  if (it == records_.end()) {
    Result<std::optional<Record>> r = store_.GetRecord(id);
    if (!r.ok()) return r.status();
    it = records_.emplace(std::string(id), std::move(*r)).first;
  }
  return &it->second;
}

Result<const Record*> CachedRecords::Find(std::string_view id) {
  Result<Record*> r = Edit(id);
  if (!r.ok()) return r.status();
  return *r;
}

Result<std::vector<const Record*>> CachedRecords::Children(std::string_view parent_id) {
  RecordQuery q;
  q.parent_id = std::string(parent_id);
  q.include_deleted = true;
  Result<std::vector<std::string>> ids = store_.RecordIds(q);
  if (!ids.ok()) return ids.status();
  // Children Put but not flushed yet are not in the Store.
  for (const std::string& id : dirty_) {
    const std::optional<Record>& r = records_.find(id)->second;
    if (r.has_value() && r->parent_id == parent_id &&
        !std::binary_search(ids->begin(), ids->end(), id)) {
      ids->insert(std::lower_bound(ids->begin(), ids->end(), id), id);
    }
  }
  std::vector<const Record*> out;
  out.reserve(ids->size());
  for (const std::string& id : *ids) {
    Result<const Record*> child = Find(id);
    if (!child.ok()) return child.status();
    // A record moved to another parent since (only an unflushed Put can do that).
    if (*child != nullptr && (*child)->parent_id == parent_id) out.push_back(*child);
  }
  return out;
}

Result<std::optional<Record>> CachedRecords::Get(std::string_view id) {
  Result<const Record*> r = Find(id);
  if (!r.ok()) return r.status();
  if (*r == nullptr) return std::optional<Record>();
  return std::optional<Record>(**r);
}

Result<Record*> CachedRecords::Edit(std::string_view id) {
  Result<std::optional<Record>*> slot = Slot(id);
  if (!slot.ok()) return slot.status();
  return (*slot)->has_value() ? &***slot : nullptr;
}

Record& CachedRecords::Insert(Record record) {
  std::optional<Record>& slot = records_[record.id];
  slot = std::move(record);
  return *slot;
}

void CachedRecords::MarkChanged(std::string_view id) { dirty_.emplace(id); }

void CachedRecords::Put(Record record) {
  auto it = records_.find(record.id);
  if (it == records_.end()) it = records_.emplace(record.id, std::nullopt).first;
  dirty_.insert(record.id);
  it->second = std::move(record);
}

Status CachedRecords::Flush() {
  for (const std::string& id : dirty_) {
    SOTAY_RETURN_IF_ERROR(store_.PutRecord(*records_.find(id)->second));
  }
  dirty_.clear();
  return Status::Ok();
}

void RecordPointerLookup::ForEachChild(const Record& parent, std::string_view type,
                                       const std::function<void(const Record&)>& fn) const {
  for (const Record* r : records_) {
    if (r->parent_id == parent.id && r->type == type) fn(*r);
  }
}

}  // namespace sotay

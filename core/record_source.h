// RecordSource: records looked up by id and by parent, each read and decoded from the
// Store at most once per operation.
//
// A push reads the records it writes into a CachedRecords; the whole-record reviews and
// the indicator facts after it (sync/server_apply.h, core/fact_refresh.h) look records
// up through the same object, so a record the push touched is never read back from
// SQLite and its fields JSON never decoded twice. Records the push did not touch (the
// other members of a household) are read from the Store on first use and kept.
//
// Not thread-safe; one operation (one transaction) at a time.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/form_context.h"
#include "core/record.h"
#include "core/status.h"
#include "core/store.h"

namespace sotay {

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // The record with this id (deleted ones too), or null when there is none. The
  // pointer stays valid as long as the source; what it points to is the current
  // version.
  virtual Result<const Record*> Find(std::string_view id) = 0;
  // The records whose parent_id is `parent_id`, deleted ones included, in id order.
  virtual Result<std::vector<const Record*>> Children(std::string_view parent_id) = 0;
};

// A RecordSource over a Store that keeps every record it read, and the records written
// through Put until Flush writes them to the Store.
class CachedRecords final : public RecordSource {
 public:
  explicit CachedRecords(Store& store) : store_(store) {}

  Result<const Record*> Find(std::string_view id) override;
  Result<std::vector<const Record*>> Children(std::string_view parent_id) override;

  // A copy of the record (nullopt when there is none).
  Result<std::optional<Record>> Get(std::string_view id);
  // Makes `record` the current version of its id; the Store gets it at Flush.
  void Put(Record record);
  // In-place editing, without copying the record: the cached record (null when there
  // is none), Insert of a new one (no record may have its id), and MarkChanged, after
  // which the Store gets the record at Flush.
  Result<Record*> Edit(std::string_view id);
  Record& Insert(Record record);
  void MarkChanged(std::string_view id);
  // Writes every record Put since the last Flush (PutRecord each, in id order).
  Status Flush();

 private:
  // The cache entry of `id`, read from the Store on first use.
  Result<std::optional<Record>*> Slot(std::string_view id);

  Store& store_;
  std::map<std::string, std::optional<Record>, std::less<>> records_;
  std::set<std::string, std::less<>> dirty_;
};

// A ChildLookup (core/form_context.h) over records held elsewhere, matched by
// parent_id and type; the records must outlive it.
class RecordPointerLookup final : public ChildLookup {
 public:
  explicit RecordPointerLookup(std::vector<const Record*> records) : records_(std::move(records)) {}
  void ForEachChild(const Record& parent, std::string_view type,
                    const std::function<void(const Record&)>& fn) const override;

 private:
  std::vector<const Record*> records_;
};

}  // namespace sotay

// HouseholdIndex: the household list's summaries, kept in memory between calls.
//
// Building a summary reads the household and its members and assessments; for a group
// of 800 households that is thousands of records, too slow to redo on every keystroke
// of a search under wasm. The index loads everything once, then rebuilds only the
// households marked stale (a save, a delete, a pulled change), and filters and sorts
// in memory. `pending` is not cached: the caller passes the outbox's record ids.
//
// The summaries are also kept in the database (meta "app/household_index"), so that
// opening the app shows the list without reading every record: they are used only if
// the data is exactly as when they were written. Every write of records goes through
// SyncClient, which moves the HLC clock or the pull cursor ("sync/last_hlc",
// "sync/cursor", sync/client.h) in the same transaction; the kept summaries carry
// both, and a difference means a full rebuild.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/household_bundle.h"
#include "core/record.h"
#include "core/status.h"
#include "core/store.h"

namespace sotay {

class HouseholdIndex {
 public:
  // The household whose summary a change to `record` may alter: itself, or the
  // household it belongs to (empty for a record of neither kind).
  static std::string HouseholdOf(std::string_view type, const std::string& id,
                                 const std::string& parent_id);

  void Invalidate(const std::string& household_id);
  void InvalidateAll();

  // HouseholdSummary objects (client_app.h) of `groups` containing every word of the
  // folded `query`, in any order, in their number, street, head or members' names;
  // ordered by address then house number. `today` decides the year of "missing"; a new
  // day reloads everything.
  Result<Json> List(Store& store, const std::vector<std::string>& groups, const std::string& query,
                    const std::string& today, const std::set<std::string>& pending);

  // Whether List wrote the kept summaries since the last call (the caller then makes
  // the database durable, so that the next start finds them).
  bool TakeWritten() { return std::exchange(written_, false); }

  static constexpr const char* kMetaKey = "app/household_index";

 private:
  struct Entry {
    Json summary;          // without `pending`
    std::string haystack;  // folded number, street, head and members' names
    std::string sort_key;
    std::vector<std::string> ids;  // the household and its children (for `pending`)
  };

  Status LoadAll(Store& store, const std::vector<std::string>& groups);
  Status Refresh(Store& store, const std::vector<std::string>& groups, const std::string& id);
  Entry Build(const HouseholdBundle& bundle) const;
  // The kept summaries, if they match `groups`, `today` and the data; false otherwise.
  bool Restore(Store& store, const std::vector<std::string>& groups, const std::string& today);
  void Keep(Store& store);  // best effort: a cache

  std::map<std::string, Entry> entries_;
  std::set<std::string> stale_;
  bool loaded_ = false;
  std::string today_;
  std::vector<std::string> groups_;
  bool written_ = false;
  std::string kept_version_;  // DataVersion of the kept copy
};

}  // namespace sotay

// HouseholdIndex: the household list's summaries, kept in memory between calls.
//
// Building a summary reads the household and its members and assessments; for a group
// of 800 households that is thousands of records, too slow to redo on every keystroke
// of a search under wasm. The index loads everything once, then rebuilds only the
// households marked stale (a save, a delete, a pulled change), and filters and sorts
// in memory. `pending` is not cached: the caller passes the outbox's record ids.
#pragma once

#include <map>
#include <set>
#include <string>
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

  // HouseholdSummary objects (client_app.h) of `groups` matching the folded `query`,
  // ordered by address then house number. `today` decides the year of "missing"; a new
  // day reloads everything.
  Result<Json> List(Store& store, const std::vector<std::string>& groups, const std::string& query,
                    const std::string& today, const std::set<std::string>& pending);

 private:
  struct Entry {
    Json summary;          // without `pending`
    std::string haystack;  // folded head name, address, number
    std::string sort_key;
    std::vector<std::string> ids;  // the household and its children (for `pending`)
  };

  Status LoadAll(Store& store, const std::vector<std::string>& groups);
  Status Refresh(Store& store, const std::vector<std::string>& groups, const std::string& id);
  Entry Build(const HouseholdBundle& bundle) const;

  std::map<std::string, Entry> entries_;
  std::set<std::string> stale_;
  bool loaded_ = false;
  std::string today_;
  std::vector<std::string> groups_;
};

}  // namespace sotay

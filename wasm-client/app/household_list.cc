// The household list with search and "what is missing" (client_app.h).
#include <algorithm>
#include <optional>

#include "core/household_summary.h"
#include "core/text_fold.h"
#include "wasm-client/app/client_app.h"
#include "wasm-client/app/household_index.h"

namespace sotay {
namespace {

// What is due this year and not there yet (see client_app.h).
Json Missing(const HouseholdBundle& bundle, int64_t year, const std::string& today) {
  Json missing = Json::array();
  const std::string y = std::to_string(year);
  std::vector<const Record*> members = bundle.Members();
  if (!FindHouseholdHead(members).named) missing.push_back("Chưa có chủ hộ");
  if (bundle.Assessment(kPovertyType, year) == nullptr) {
    missing.push_back("Chưa rà soát hộ nghèo năm " + y);
  }
  if (bundle.Assessment(kCulturalFamilyType, year) == nullptr) {
    missing.push_back("Chưa bình xét gia đình văn hóa năm " + y);
  }
  int64_t no_bhyt = 0, expired = 0;
  for (const Record* p : members) {
    std::optional<bool> has_card = GetBool(*p, "bhyt_has_card");
    if (!has_card) {
      ++no_bhyt;
    } else if (*has_card) {
      std::optional<std::string> expiry = GetString(*p, "bhyt_expiry");
      if (expiry && *expiry < today) ++expired;
    }
  }
  if (no_bhyt > 0) missing.push_back(std::to_string(no_bhyt) + " người chưa có thông tin BHYT");
  if (expired > 0) missing.push_back(std::to_string(expired) + " thẻ BHYT đã hết hạn");
  return missing;
}

bool Summarised(std::string_view type) {
  return type == kPersonType || type == kPovertyType || type == kCulturalFamilyType;
}

bool InGroups(const std::vector<std::string>& groups, const std::string& group) {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

}  // namespace

std::string HouseholdIndex::HouseholdOf(std::string_view type, const std::string& id,
                                        const std::string& parent_id) {
  if (type == kHouseholdType) return id;
  if (Summarised(type)) return parent_id;
  return {};
}

void HouseholdIndex::Invalidate(const std::string& household_id) {
  if (loaded_ && !household_id.empty()) stale_.insert(household_id);
}

void HouseholdIndex::InvalidateAll() {
  loaded_ = false;
  entries_.clear();
  stale_.clear();
}

HouseholdIndex::Entry HouseholdIndex::Build(const HouseholdBundle& bundle) const {
  const int64_t year = std::stoll(today_.substr(0, 4));
  const Record& h = bundle.household;
  // The core's summary (core/household_summary.h), as the office lists it.
  const HouseholdSummary s = SummarizeHousehold(h, bundle.Members());
  const std::string& head_name = s.head_name;
  const std::string& address = s.street;
  const std::string& number = s.house_number;
  Entry e;
  e.summary = {{"id", h.id},
               {"group_id", h.group_id},
               {"head_name", head_name},
               {"address", address},
               {"house_number", number},
               {"members", s.members},
               {"missing", Missing(bundle, year, today_)}};
  // Every field a leader may type from the card or from memory; \x01 keeps one word of
  // the query from matching across two of them.
  e.haystack =
      FoldForSearch(number) + '\x01' + FoldForSearch(address) + '\x01' + FoldForSearch(head_name);
  for (const Record* p : bundle.Members()) {
    e.haystack += '\x01' + FoldForSearch(GetString(*p, "full_name").value_or(""));
  }
  e.sort_key = FoldForSearch(address) + '\x01' + FoldForSearch(number) + '\x01' + h.id;
  e.ids.push_back(h.id);
  for (const Record& c : bundle.children) e.ids.push_back(c.id);
  return e;
}

Status HouseholdIndex::LoadAll(Store& store, const std::vector<std::string>& groups) {
  entries_.clear();
  stale_.clear();
  // One pass per record type rather than one query per household.
  std::map<std::string, HouseholdBundle> bundles;
  RecordQuery q;
  q.type = std::string(kHouseholdType);
  SOTAY_RETURN_IF_ERROR(store.ForEachRecord(q, [&](const Record& r) {
    if (InGroups(groups, r.group_id)) bundles[r.id].household = r;
    return true;
  }));
  // Deleted children too: their pending deletions mark the household pending.
  q.include_deleted = true;
  for (std::string_view type : {kPersonType, kPovertyType, kCulturalFamilyType}) {
    q.type = std::string(type);
    SOTAY_RETURN_IF_ERROR(store.ForEachRecord(q, [&](const Record& r) {
      auto it = bundles.find(r.parent_id);
      if (it != bundles.end()) it->second.children.push_back(r);
      return true;
    }));
  }
  for (const auto& [id, bundle] : bundles) entries_[id] = Build(bundle);
  loaded_ = true;
  return Status::Ok();
}

Status HouseholdIndex::Refresh(Store& store, const std::vector<std::string>& groups,
                               const std::string& id) {
  entries_.erase(id);
  Result<std::optional<Record>> h = store.GetRecord(id);
  if (!h.ok()) return h.status();
  if (!h->has_value() || (**h).deleted || (**h).type != kHouseholdType ||
      !InGroups(groups, (**h).group_id)) {
    return Status::Ok();
  }
  HouseholdBundle bundle;
  bundle.household = **h;
  RecordQuery q;
  q.parent_id = id;
  q.include_deleted = true;
  SOTAY_RETURN_IF_ERROR(store.ForEachRecord(q, [&](const Record& r) {
    if (Summarised(r.type)) bundle.children.push_back(r);
    return true;
  }));
  entries_[id] = Build(bundle);
  return Status::Ok();
}

namespace {

// The layout of the kept entries; a copy of another layout (an older app's haystack
// without members' names) is rebuilt.
constexpr int kKeptFormat = 2;

// The state of the data the summaries were built from (see household_index.h).
std::string DataVersion(Store& store) {
  std::string v;
  for (const char* key : {"sync/last_hlc", "sync/cursor"}) {
    Result<std::optional<std::string>> m = store.GetMeta(key);
    v += (m.ok() && m->has_value() ? **m : std::string("-")) + '|';
  }
  return v;
}

}  // namespace

bool HouseholdIndex::Restore(Store& store, const std::vector<std::string>& groups,
                             const std::string& today) {
  Result<std::optional<std::string>> text = store.GetMeta(kMetaKey);
  if (!text.ok() || !text->has_value() || (*text)->empty()) return false;
  Json kept = Json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (!kept.is_object() || kept.value("format", 0) != kKeptFormat ||
      kept.value("version", std::string()) != DataVersion(store) ||
      kept.value("today", std::string()) != today || kept.value("groups", Json()) != Json(groups)) {
    return false;
  }
  const Json& entries = kept["entries"];
  if (!entries.is_array()) return false;
  std::map<std::string, Entry> restored;
  for (const Json& j : entries) {
    if (!j.is_object() || !j.contains("summary") || !j["summary"].is_object() ||
        !j["summary"].contains("id") || !j["summary"]["id"].is_string() ||
        !j.value("haystack", Json()).is_string() || !j.value("sort_key", Json()).is_string() ||
        !j.value("ids", Json()).is_array()) {
      return false;
    }
    Entry e;
    e.summary = j["summary"];
    e.haystack = j["haystack"].get<std::string>();
    e.sort_key = j["sort_key"].get<std::string>();
    for (const Json& id : j["ids"]) {
      if (!id.is_string()) return false;
      e.ids.push_back(id.get<std::string>());
    }
    restored.emplace(e.summary["id"].get<std::string>(), std::move(e));
  }
  entries_ = std::move(restored);
  kept_version_ = kept["version"].get<std::string>();
  stale_.clear();
  loaded_ = true;
  today_ = today;
  groups_ = groups;
  return true;
}

void HouseholdIndex::Keep(Store& store) {
  Json entries = Json::array();
  for (const auto& [id, e] : entries_) {
    entries.push_back({{"summary", e.summary},
                       {"haystack", e.haystack},
                       {"sort_key", e.sort_key},
                       {"ids", e.ids}});
  }
  Json kept = {{"format", kKeptFormat},
               {"version", DataVersion(store)},
               {"today", today_},
               {"groups", groups_},
               {"entries", std::move(entries)}};
  if (store.SetMeta(kMetaKey, kept.dump(-1, ' ', false, Json::error_handler_t::replace)).ok()) {
    written_ = true;
    kept_version_ = kept["version"].get<std::string>();
  }
}

namespace {

// The folded query's words: "170 Bắc Sơn" → {"170", "bac", "son"}.
std::vector<std::string> QueryWords(const std::string& query) {
  std::vector<std::string> words;
  const std::string folded = FoldForSearch(query);  // single spaces, trimmed
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    words.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Every word somewhere in the household, in any order: the address as the card shows
// it ("170 Bắc Sơn": number then street) and "Sơn 170" both find it.
bool MatchesAll(const std::string& haystack, const std::vector<std::string>& words) {
  return std::all_of(words.begin(), words.end(),
                     [&](const std::string& w) { return haystack.find(w) != std::string::npos; });
}

}  // namespace

Result<Json> HouseholdIndex::List(Store& store, const std::vector<std::string>& groups,
                                  const std::string& query, const std::string& today,
                                  const std::set<std::string>& pending) {
  bool changed = !stale_.empty();
  if (!loaded_ && Restore(store, groups, today)) changed = false;
  // Past a quarter of the list (a first pull), one pass beats a query per household.
  if (!loaded_ || today != today_ || groups != groups_ || stale_.size() * 4 > entries_.size()) {
    today_ = today;
    groups_ = groups;
    Status s = LoadAll(store, groups);
    if (!s.ok()) {
      InvalidateAll();
      return s;
    }
    changed = true;
  }
  for (const std::string& id : stale_) {
    Status s = Refresh(store, groups, id);
    if (!s.ok()) {
      InvalidateAll();
      return s;
    }
  }
  stale_.clear();
  // Also after a write that changed no summary (another form): the kept copy must carry
  // the data's current version to be used at the next start.
  if (changed || DataVersion(store) != kept_version_) Keep(store);

  const std::vector<std::string> words = QueryWords(query);
  std::vector<const Entry*> hits;
  for (const auto& [id, e] : entries_) {
    if (MatchesAll(e.haystack, words)) hits.push_back(&e);
  }
  std::sort(hits.begin(), hits.end(),
            [](const Entry* a, const Entry* b) { return a->sort_key < b->sort_key; });
  Json out = Json::array();
  for (const Entry* e : hits) {
    Json s = e->summary;
    s["pending"] = std::any_of(e->ids.begin(), e->ids.end(),
                               [&](const std::string& id) { return pending.count(id) > 0; });
    out.push_back(std::move(s));
  }
  return out;
}

Result<Json> ClientApp::ListHouseholds(const std::string& query) {
  std::vector<std::string> groups;
  if (!enrollment_.is_null()) groups = enrollment_["groups"].get<std::vector<std::string>>();
  Result<std::set<std::string>> pending = PendingIds();
  if (!pending.ok()) return pending.status();
  return households_->List(*store_, groups, query, Today(), *pending);
}

bool ClientApp::TakeCacheWritten() { return households_->TakeWritten(); }

}  // namespace sotay

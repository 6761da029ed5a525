// ClientApp::ListHouseholds: the household list with search and "what is missing".
#include <algorithm>
#include <array>
#include <map>

#include "core/date.h"
#include "core/household_bundle.h"
#include "wasm-client/app/client_app.h"
#include "wasm-client/app/text_fold.h"

namespace sotay {
namespace {

struct Row {
  Json summary;
  std::string sort_key;
};

// What is due this year and not there yet (see client_app.h).
Json Missing(const HouseholdBundle& bundle, int64_t year, const std::string& today) {
  Json missing = Json::array();
  const std::string y = std::to_string(year);
  std::vector<const Record*> members = bundle.Members();
  bool has_head = std::any_of(members.begin(), members.end(), [](const Record* p) {
    return GetString(*p, "relationship") == std::optional<std::string>("head");
  });
  if (!has_head) missing.push_back("Chưa có chủ hộ");
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

}  // namespace

Result<Json> ClientApp::ListHouseholds(const std::string& query) {
  std::vector<std::string> groups;
  if (!enrollment_.is_null()) groups = enrollment_["groups"].get<std::vector<std::string>>();
  auto in_scope = [&](const Record& r) {
    return std::find(groups.begin(), groups.end(), r.group_id) != groups.end();
  };

  // Households first, then every child record of the types the summary reads, in one
  // pass per type rather than one query per household.
  std::map<std::string, HouseholdBundle> bundles;
  RecordQuery q;
  q.type = std::string(kHouseholdType);
  SOTAY_RETURN_IF_ERROR(store_->ForEachRecord(q, [&](const Record& r) {
    if (in_scope(r)) bundles[r.id].household = r;
    return true;
  }));
  for (std::string_view type : {kPersonType, kPovertyType, kCulturalFamilyType}) {
    q.type = std::string(type);
    SOTAY_RETURN_IF_ERROR(store_->ForEachRecord(q, [&](const Record& r) {
      auto it = bundles.find(r.parent_id);
      if (it != bundles.end()) it->second.children.push_back(r);
      return true;
    }));
  }
  Result<std::set<std::string>> pending = PendingIds();
  if (!pending.ok()) return pending.status();

  const std::string needle = FoldForSearch(query);
  const std::string today = Today();
  const int64_t year = std::stoll(today.substr(0, 4));
  std::vector<Row> rows;
  for (const auto& [id, bundle] : bundles) {
    std::vector<const Record*> members = bundle.Members();
    std::string head_name;
    for (const Record* p : members) {
      if (GetString(*p, "relationship") == std::optional<std::string>("head")) {
        head_name = GetString(*p, "full_name").value_or("");
        break;
      }
    }
    const std::string address = GetString(bundle.household, "address_street").value_or("");
    const std::string number = GetString(bundle.household, "address_number").value_or("");
    if (!needle.empty()) {
      bool hit = false;
      for (const std::string* s :
           std::array<const std::string*, 3>{&head_name, &address, &number}) {
        hit = hit || FoldForSearch(*s).find(needle) != std::string::npos;
      }
      if (!hit) continue;
    }
    bool is_pending = pending->count(id) > 0;
    for (const Record& c : bundle.children) is_pending = is_pending || pending->count(c.id) > 0;
    Json summary = {{"id", id},
                    {"group_id", bundle.household.group_id},
                    {"head_name", head_name},
                    {"address", address},
                    {"house_number", number},
                    {"members", static_cast<int64_t>(members.size())},
                    {"missing", Missing(bundle, year, today)},
                    {"pending", is_pending}};
    rows.push_back({std::move(summary), FoldForSearch(address) + '\x01' + FoldForSearch(number)});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.sort_key < b.sort_key; });
  Json out = Json::array();
  for (Row& r : rows) out.push_back(std::move(r.summary));
  return out;
}

}  // namespace sotay

#include "wasm-client/app/store_children.h"

#include <vector>

namespace sotay {

void StoreChildLookup::ForEachChild(const Record& parent, std::string_view type,
                                    const std::function<void(const Record&)>& fn) const {
  if (parent.id.empty()) return;
  RecordQuery q;
  q.type = std::string(type);
  q.parent_id = parent.id;
  // Collected first: `fn` may read the store again (nested children).
  std::vector<Record> found;
  (void)store_.ForEachRecord(q, [&](const Record& r) {
    found.push_back(r);
    return true;
  });
  bool stand_in_used = false;
  for (const Record& r : found) {
    if (stand_in_ != nullptr && r.id == stand_in_->id) {
      fn(*stand_in_);
      stand_in_used = true;
    } else {
      fn(r);
    }
  }
  if (stand_in_ != nullptr && !stand_in_used && stand_in_->parent_id == parent.id &&
      stand_in_->type == type) {
    fn(*stand_in_);
  }
}

}  // namespace sotay

// StoreChildLookup: the form engine's ChildLookup over the phone's local Store, with
// an optional stand-in record (the one being edited) in place of its stored copy.
#pragma once

#include <optional>

#include "core/form_context.h"
#include "core/store.h"

namespace sotay {

class StoreChildLookup final : public ChildLookup {
 public:
  // `store` and `stand_in` must outlive the lookup. A stand-in whose parent and type
  // match is passed instead of the stored record of the same id, or in addition when
  // it is new.
  explicit StoreChildLookup(Store& store, const Record* stand_in = nullptr)
      : store_(store), stand_in_(stand_in) {}

  // Store errors are not reported here (ChildLookup cannot fail): a failed read gives
  // fewer children, and the save that follows reports the store's error.
  void ForEachChild(const Record& parent, std::string_view type,
                    const std::function<void(const Record&)>& fn) const override;

 private:
  Store& store_;
  const Record* stand_in_;
};

}  // namespace sotay

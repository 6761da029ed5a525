#include "core/form_context.h"

#include "core/age_reference.h"

namespace sotay {

void VectorChildLookup::ForEachChild(const Record& parent, std::string_view type,
                                     const std::function<void(const Record&)>& fn) const {
  for (const Record& r : records_) {
    if (r.parent_id == parent.id && r.type == type) fn(r);
  }
}

RecordContext::RecordContext(const Record& record, const ChildLookup& children, std::string today)
    : record_(record), children_(children), today_(std::move(today)) {
  age_reference_ = AgeReferenceDate(record_, children_, today_);
}

Json RecordContext::Field(std::string_view name) const {
  if (auto it = overrides_.find(name); it != overrides_.end()) return it->second;
  if (hidden_.find(name) != hidden_.end()) return nullptr;
  auto it = record_.fields.find(std::string(name));
  return it == record_.fields.end() ? Json() : it->second.value;
}

void RecordContext::ForEachChild(std::string_view type,
                                 const std::function<void(const EvalContext&)>& fn) const {
  children_.ForEachChild(record_, type, [&](const Record& child) {
    if (child.deleted) return;
    RecordContext child_context(child, children_, today_, age_reference_);
    fn(child_context);
  });
}

void RecordContext::Override(const std::string& name, Json value) {
  hidden_.erase(name);
  overrides_[name] = std::move(value);
}

void RecordContext::Hide(const std::string& name) { hidden_.insert(name); }

}  // namespace sotay

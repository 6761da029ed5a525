// What form expressions see: a record, its children and today's date.
//
// ChildLookup is how the form engine finds a record's child records (a household's
// persons and assessments). The phone implements it over its local store, the server
// over SQLite; VectorChildLookup keeps records in memory (tests, imports, previews).
// RecordContext is the EvalContext (core/expr.h) of one record.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr.h"
#include "core/record.h"

namespace sotay {

class ChildLookup {
 public:
  virtual ~ChildLookup() = default;
  // Calls fn for each child record of `parent` (parent_id == parent.id) whose type is
  // `type`. Deleted children may be passed too: the engine skips them.
  virtual void ForEachChild(const Record& parent, std::string_view type,
                            const std::function<void(const Record&)>& fn) const = 0;
};

// A lookup that finds no children (a record validated on its own).
class NoChildren final : public ChildLookup {
 public:
  void ForEachChild(const Record&, std::string_view,
                    const std::function<void(const Record&)>&) const override {}
};

// Child records held in memory, matched by parent_id and type.
class VectorChildLookup final : public ChildLookup {
 public:
  VectorChildLookup() = default;
  explicit VectorChildLookup(std::vector<Record> records) : records_(std::move(records)) {}
  void Add(Record record) { records_.push_back(std::move(record)); }

  void ForEachChild(const Record& parent, std::string_view type,
                    const std::function<void(const Record&)>& fn) const override;

 private:
  std::vector<Record> records_;
};

// The EvalContext of one record. ${name} reads, in order: a value set with Override()
// (a calculation made in this pass), null for a name hidden with Hide() (a field that
// is not relevant), else the record's value. Children see their own record the same
// way, without overrides, and the parent's dates. The record and lookup must outlive
// the context.
class RecordContext final : public EvalContext {
 public:
  // today() is `today`; age() is taken on AgeReferenceDate(record, children, today)
  // (core/age_reference.h): the review date of the household's poverty assessment of
  // this year, else today. Every form evaluation (Validate, ApplyCalculations, the
  // phone's form state) goes through here, so the form asks by the age the rules use.
  RecordContext(const Record& record, const ChildLookup& children, std::string today);
  // With an explicit age reference date (the rules, which evaluate a form on their own
  // reference date).
  RecordContext(const Record& record, const ChildLookup& children, std::string today,
                std::string age_reference)
      : record_(record),
        children_(children),
        today_(std::move(today)),
        age_reference_(std::move(age_reference)) {}

  Json Field(std::string_view name) const override;
  Json Self() const override { return self_; }
  void ForEachChild(std::string_view type,
                    const std::function<void(const EvalContext&)>& fn) const override;
  std::string Today() const override { return today_; }
  std::string AgeReference() const override { return age_reference_; }

  // ${name} reads `value` from now on (and is no longer hidden).
  void Override(const std::string& name, Json value);
  // ${name} reads null from now on, unless overridden.
  void Hide(const std::string& name);
  // The value `.` refers to, while a constraint is checked.
  void SetSelf(Json value) { self_ = std::move(value); }

 private:
  const Record& record_;
  const ChildLookup& children_;
  std::string today_;
  std::string age_reference_;
  std::map<std::string, Json, std::less<>> overrides_;
  std::set<std::string, std::less<>> hidden_;
  Json self_;
};

}  // namespace sotay

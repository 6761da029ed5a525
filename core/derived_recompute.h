// Which stored derived values are stale: the server's side of "derived fields are the
// core's, not the writer's".
//
// A record's derived values are its core-computed fields (core/derived_fields.h: the
// poverty classification, the cultural-family status) and its form's `calculate`
// fields (ages, member counts, floor area per person). Their inputs often live in other
// records of the same household: a poverty assessment reads the household and its
// members, the household's member count reads its persons. So a write to any record of
// a household can make a derived value of any other record of it stale.
//
// RecomputeDerived takes the records a write changed and returns, for every record of
// the households they belong to (and for group-level records themselves), each derived
// value whose stored value differs from what the core computes now. The caller writes
// those values as its own (the server, with a newer HLC, so phones pull them), which is
// how the server stays the authority whatever a phone sent: an old app version, a
// tampered push, a bug on one side, or inputs that changed in another record.
//
// The same function serves the phone: after a save it gives the household's other
// records whose derived values the save made stale, so no UI code recomputes a parent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/household_bundle.h"
#include "core/record.h"
#include "core/record_source.h"
#include "core/schema.h"
#include "core/status.h"

namespace sotay {

// One derived value to store: `value` for `field` of `record_id`, replacing `stored`
// (null when the field had none).
struct DerivedWrite {
  std::string record_id;
  std::string field;
  Json value;
  Json stored;
  bool operator==(const DerivedWrite&) const = default;
};

// Computes every derived value of the bundle's records in place (the household's
// calculations, then its persons', then its assessments', to the fixed point), as
// RecomputeDerived does for stored records; `today` as there. A value computed as null
// is left absent in a record that has none. Reorders `children` (persons first).
// Group-level records go in `household` with no children. Fails only with the form
// engine's unknown_type.
Status ApplyDerived(const SchemaSet& schemas, HouseholdBundle* bundle, std::string_view today);

// True when `field` of `record_type` is a derived value: a core-computed field
// (IsDerivedField) or a field with a `calculate` expression in its form.
bool IsComputedField(const SchemaSet& schemas, std::string_view record_type,
                     std::string_view field);

// The stale derived values of every record that `changed_record_ids` affect: a child
// record affects its household and the household's other children; a household, its
// children; a group-level record, itself. `today` ("YYYY-MM-DD") is the reference of
// today() and age() in the forms' calculations. Records are computed in dependency
// order (the household's calculations, then its persons, then its assessments, which
// read both), each on the values computed before it, so one call reaches the fixed
// point. Deleted records and types without a form are skipped; unknown ids too.
// Writes come grouped by record (household first, then children in id order), fields
// in form order.
Result<std::vector<DerivedWrite>> RecomputeDerived(
    const SchemaSet& schemas, RecordSource& records,
    const std::vector<std::string>& changed_record_ids, std::string_view today);

}  // namespace sotay

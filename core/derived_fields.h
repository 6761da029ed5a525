// Fields the core computes for a record beyond its form's `calculate` expressions.
//
// Some read-only fields follow from rules that are code, not expressions: the poverty
// classification (core/poverty.h, over the whole household and the standard of the
// period) and the cultural-family / cultural-group status (core/cultural_family.h).
// The form marks them `readonly` with a `source`; the app that saves the record writes
// the values computed here like any answer, so the stored record says what the rule
// gave and under which standard. The phone shows them live while the leader types.
#pragma once

#include "core/household_bundle.h"
#include "core/record.h"
#include "core/schema.h"

namespace sotay {

// {field: value} of the core-computed fields of `record`, or an empty object for types
// that have none. `household` is the record's household with its children; `record`
// (new or being edited) stands in for its stored copy of the same id, so a form is
// classified with what is being typed. A poverty assessment without a valid `period`
// gives an empty object. Group-level records ignore `household`. `schemas` holds the
// person form the poverty rule reads relevance from (ClassifyPoverty).
Json DerivedFields(const SchemaSet& schemas, const HouseholdBundle& household,
                   const Record& record);

// True for the fields DerivedFields may fill in a record of `record_type`.
bool IsDerivedField(std::string_view record_type, std::string_view field);

}  // namespace sotay

// Validation of records against their form, and the form's calculations.
//
// The same functions run on the phone (before a record is saved) and on the server
// (on every push, and over merged records), so both sides agree on what is valid and on
// every computed value. Issue codes are stable; docs/schema-format.md lists them all:
//   required, type_mismatch, invalid_date, not_in_list, duplicate_choice,
//   invalid_phone, invalid_citizen_id, out_of_range, too_long, constraint,
//   child_count, unknown_field, unknown_type, not_sealed, invalid_sealed, expr_error.
//
// Relevance: a field whose `relevant` expression is false (or null) is not relevant. It
// is never required, its value is not checked, and later expressions read it as null.
// Its value is otherwise ignored, not reported: ClearIrrelevant() strips such values
// (the phone does so when the user saves), so answers made unnecessary by a later
// change do not linger.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/form_context.h"
#include "core/record.h"
#include "core/schema.h"
#include "core/status.h"

namespace sotay {

// What a sealed field may hold (see IsSealedEnvelope in core/field_check.h).
enum class ValidationMode {
  // On the phone: a sealed field may hold its plaintext, which is checked like any
  // other value before it is sealed, or an envelope (pulled from the server).
  kDevice,
  // On the server: a sealed field must hold an envelope {"sealed": "<base64>"}, whose
  // content cannot be read and so is not checked; plaintext is refused (not_sealed).
  kServer,
};

struct ValidationIssue {
  std::string field;  // field name; the child type for child_count; empty for the record
  std::string code;
  std::string message_vi;
  std::string message_en;
  bool operator==(const ValidationIssue&) const = default;
};

// Checks `record` against the form of its type: unknown fields (holding a non-null
// value), then every field in form order (required, type, list, range, length,
// constraint), then child counts. `today` ("YYYY-MM-DD") is the reference date of
// today() and age(). Returns no issue when the record is valid.
std::vector<ValidationIssue> Validate(const SchemaSet& schemas, const Record& record,
                                      const ChildLookup& children, std::string_view today,
                                      ValidationMode mode = ValidationMode::kDevice);

// Checks one value for one field on its own (type, list, range, length, sealing), as
// the server's push path does for a single change; null (a cleared answer) is valid.
// Fails with unknown_type, unknown_field or the issue code, with the field as path.
// Required and constraints span the record and are left to Validate().
Status ValidateFieldValue(const SchemaSet& schemas, std::string_view record_type,
                          std::string_view field, const Json& value, ValidationMode mode);

struct CalculatedValue {
  std::string field;
  Json value;     // null when not relevant, when inputs are missing, or on error
  Status status;  // the evaluation error, if any (the schema's bug, shown to its author)
};

// Computes every calculated field of the record's form, each after the calculated
// fields it reads, and returns the values in that order; the caller writes them into
// the record. Values that are not relevant are read as null; a calculated field that is
// not relevant is null. A result meant for an integer field that is a whole number is
// returned as an integer. Fails only with unknown_type.
Result<std::vector<CalculatedValue>> ApplyCalculations(const SchemaSet& schemas,
                                                       const Record& record,
                                                       const ChildLookup& children,
                                                       std::string_view today);

// Names of the fields of `record`'s form that are not relevant — not asked — when
// today() is `today` and age() is taken on `age_reference`, in form order, as Validate
// decides relevance (one that fails to evaluate counts as asked). The rules use it to
// tell "not asked" (not applicable) from "asked, not answered" (unknown) on their own
// reference date. Empty for an unknown type.
std::vector<std::string> NotAskedFields(const SchemaSet& schemas, const Record& record,
                                        const ChildLookup& children, std::string_view today,
                                        std::string_view age_reference);

// Names of fields that are not relevant but hold a (non-null) value, in form order.
std::vector<std::string> IrrelevantValues(const SchemaSet& schemas, const Record& record,
                                          const ChildLookup& children, std::string_view today);

// Sets those values to null in `record` and returns their names; the caller writes each
// as a change with a new HLC, like any other edit.
std::vector<std::string> ClearIrrelevant(const SchemaSet& schemas, Record* record,
                                         const ChildLookup& children, std::string_view today);

}  // namespace sotay

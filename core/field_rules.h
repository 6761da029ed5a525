// Whether a person may edit a field and whether it must be answered: the rules behind
// validation (core/validate.cc: `required` issues), the phone's live form state
// (wasm-client/app/client_records.cc: `required`, `readonly`, what blocks a save) and
// the office's writes of group reviews (server/api/cultural_review_routes.cc).
#pragma once

#include "core/expr.h"
#include "core/schema.h"
#include "core/status.h"

namespace sotay {

// Read-only: nobody types it. A field marked `readonly`, one the form calculates
// (`calculate`) or one the core computes (IsDerivedField, core/derived_fields.h).
bool IsReadonlyField(const FormDef& form, const FieldDef& field);

// Required: must hold an answer. Never when the field is not relevant (its `relevant`
// expression is false; see core/validate.h); otherwise its `required_if` evaluated on
// `ctx` when it has one, else `required`. A `required_if` that cannot be evaluated gives
// its error (validation reports it as expr_error; the phone shows the field as not
// required).
Result<bool> IsRequiredField(const FieldDef& field, bool relevant, const EvalContext& ctx);

}  // namespace sotay

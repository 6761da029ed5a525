// Internal: pieces of validation shared by core/validate.cc and core/validate_value.cc.
#pragma once

#include <optional>
#include <vector>

#include "core/form_context.h"
#include "core/schema.h"
#include "core/validate.h"

namespace sotay {

// An answer that is not there: null, "" or [].
bool IsMissing(const Json& value);

// Checks a present value against its field: sealing, type, list, range, length (not
// required, not the constraint). Returns the first problem.
std::optional<ValidationIssue> CheckValue(const SchemaSet& schemas, const FieldDef& field,
                                          const Json& value, ValidationMode mode);

// Relevance of each field of `form` in form order. A field found not relevant is
// hidden in `ctx` so later fields read it as null. A relevance that fails to evaluate
// counts as relevant (the question is asked) and its error is kept.
struct Relevance {
  std::vector<bool> relevant;
  std::vector<Status> errors;  // per field, ok when it evaluated
};
Relevance EvaluateRelevance(const FormDef& form, RecordContext* ctx);

// "“Họ và tên”" — a field label quoted for messages.
std::string Quoted(const std::string& label);

}  // namespace sotay

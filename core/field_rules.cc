#include "core/field_rules.h"

#include "core/derived_fields.h"

namespace sotay {

bool IsReadonlyField(const FormDef& form, const FieldDef& field) {
  return field.readonly || field.calculate.has_value() ||
         IsDerivedField(form.record_type, field.name);
}

Result<bool> IsRequiredField(const FieldDef& field, bool relevant, const EvalContext& ctx) {
  if (!relevant) return false;
  if (!field.required_if) return field.required;
  Result<Json> r = field.required_if->Evaluate(ctx);
  if (!r.ok()) return r.status();
  return Expression::Truthy(*r);
}

}  // namespace sotay

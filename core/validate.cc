#include "core/validate.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "core/change.h"
#include "core/detail/validate_internal.h"
#include "core/field_check.h"
#include "core/field_rules.h"

namespace sotay {
namespace {

ValidationIssue UnknownType(std::string_view type) {
  std::string t(type);
  return ValidationIssue{"", "unknown_type", "Không có biểu mẫu cho loại bản ghi '" + t + "'",
                         "No form for record type '" + t + "'"};
}

ValidationIssue ExprError(const FieldDef& f, const Status& s) {
  return ValidationIssue{
      f.name, "expr_error",
      Quoted(f.label.vi) + ": không tính được biểu thức của biểu mẫu (" + s.message_vi() + ")",
      Quoted(f.label.en) + ": a rule of the form could not be evaluated (" + s.message_en() + ")"};
}

void CheckChildCounts(const FormDef& form, const Record& record, const ChildLookup& children,
                      std::vector<ValidationIssue>* issues) {
  for (const ChildSpec& c : form.children) {
    int64_t n = 0;
    children.ForEachChild(record, c.type, [&](const Record& child) { n += child.deleted ? 0 : 1; });
    if (n < c.min) {
      std::string m = std::to_string(c.min);
      issues->push_back(
          {c.type, "child_count",
           "Cần ít nhất " + m + " " + Quoted(c.label.vi) + " (đang có " + std::to_string(n) + ")",
           "At least " + m + " " + Quoted(c.label.en) + " needed (now " + std::to_string(n) + ")"});
    } else if (c.max && n > *c.max) {
      std::string m = std::to_string(*c.max);
      issues->push_back(
          {c.type, "child_count",
           "Không được quá " + m + " " + Quoted(c.label.vi) + " (đang có " + std::to_string(n) +
               ")",
           "At most " + m + " " + Quoted(c.label.en) + " allowed (now " + std::to_string(n) + ")"});
    }
  }
}

// A calculation result meant for an integer field that is a whole number becomes an
// integer, so 6 / 2 stores 3, not 3.0.
Json CoerceToField(const FieldDef& f, Json v) {
  if (f.type == FieldType::kInteger && v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
      return Json(static_cast<int64_t>(d));
    }
  }
  return v;
}

}  // namespace

Relevance EvaluateRelevance(const FormDef& form, RecordContext* ctx) {
  Relevance out;
  out.relevant.assign(form.fields.size(), true);
  out.errors.resize(form.fields.size());
  for (size_t i = 0; i < form.fields.size(); ++i) {
    const FieldDef& f = form.fields[i];
    if (!f.relevant) continue;
    Result<Json> r = f.relevant->Evaluate(*ctx);
    if (!r.ok()) {
      out.errors[i] = r.status();
      continue;
    }
    if (!Expression::Truthy(*r)) {
      out.relevant[i] = false;
      ctx->Hide(f.name);
    }
  }
  return out;
}

std::vector<ValidationIssue> Validate(const SchemaSet& schemas, const Record& record,
                                      const ChildLookup& children, std::string_view today,
                                      ValidationMode mode) {
  std::vector<ValidationIssue> issues;
  const FormDef* form = schemas.FindForm(record.type);
  if (form == nullptr) return {UnknownType(record.type)};

  for (const auto& [name, fv] : record.fields) {
    // "_deleted" is the deletion marker the merge keeps among the fields (with its HLC).
    if (form->FindField(name) != nullptr || fv.value.is_null() || name == kDeletedField) {
      continue;
    }
    issues.push_back({name, "unknown_field",
                      "Trường '" + name + "' không có trong biểu mẫu " + Quoted(form->label.vi),
                      "Field '" + name + "' is not in form " + Quoted(form->label.en)});
  }

  RecordContext ctx(record, children, std::string(today));
  Relevance relevance = EvaluateRelevance(*form, &ctx);
  for (size_t i = 0; i < form->fields.size(); ++i) {
    const FieldDef& f = form->fields[i];
    if (!relevance.errors[i].ok()) {
      issues.push_back(ExprError(f, relevance.errors[i]));
      continue;
    }
    if (!relevance.relevant[i]) continue;
    const Json& value = record.Get(f.name);
    if (IsMissing(value)) {
      Result<bool> required = IsRequiredField(f, /*relevant=*/true, ctx);
      if (!required.ok()) {
        issues.push_back(ExprError(f, required.status()));
      } else if (*required) {
        // Plain words a leader reads under the question, not "field X is required".
        const bool choice = f.IsSelect() || f.type == FieldType::kBoolean;
        issues.push_back(
            {f.name, "required",
             (choice ? "Hãy chọn câu trả lời cho " : "Hãy điền ") + Quoted(f.label.vi),
             (choice ? "Choose an answer for " : "Please fill in ") + Quoted(f.label.en)});
      }
      continue;
    }
    if (std::optional<ValidationIssue> issue = CheckValue(schemas, f, value, mode)) {
      issues.push_back(std::move(*issue));
      continue;
    }
    if (!f.constraint || IsSealedEnvelope(value)) continue;
    ctx.SetSelf(value);
    Result<Json> ok = f.constraint->Evaluate(ctx);
    ctx.SetSelf(nullptr);
    if (!ok.ok()) {
      issues.push_back(ExprError(f, ok.status()));
    } else if (!ok->is_null() && !Expression::Truthy(*ok)) {
      issues.push_back({f.name, "constraint", f.constraint_message->vi, f.constraint_message->en});
    }
  }
  CheckChildCounts(*form, record, children, &issues);
  return issues;
}

Status ValidateFieldValue(const SchemaSet& schemas, std::string_view record_type,
                          std::string_view field, const Json& value, ValidationMode mode) {
  const FormDef* form = schemas.FindForm(record_type);
  if (form == nullptr) {
    ValidationIssue i = UnknownType(record_type);
    return Status::Error(i.code, i.message_vi, i.message_en, std::string(field));
  }
  const FieldDef* f = form->FindField(field);
  if (f == nullptr) {
    std::string n(field);
    return Status::Error("unknown_field",
                         "Trường '" + n + "' không có trong biểu mẫu " + Quoted(form->label.vi),
                         "Field '" + n + "' is not in form " + Quoted(form->label.en), n);
  }
  if (IsMissing(value)) return Status::Ok();
  if (std::optional<ValidationIssue> issue = CheckValue(schemas, *f, value, mode)) {
    return Status::Error(issue->code, issue->message_vi, issue->message_en, f->name);
  }
  return Status::Ok();
}

Result<std::vector<CalculatedValue>> ApplyCalculations(const SchemaSet& schemas,
                                                       const Record& record,
                                                       const ChildLookup& children,
                                                       std::string_view today) {
  const FormDef* form = schemas.FindForm(record.type);
  if (form == nullptr) {
    ValidationIssue i = UnknownType(record.type);
    return Status::Error(i.code, i.message_vi, i.message_en);
  }
  RecordContext ctx(record, children, std::string(today));
  EvaluateRelevance(*form, &ctx);
  std::vector<CalculatedValue> out;
  for (size_t index : form->calculation_order) {
    const FieldDef& f = form->fields[index];
    CalculatedValue cv{f.name, nullptr, Status::Ok()};
    bool relevant = true;
    if (f.relevant) {
      Result<Json> r = f.relevant->Evaluate(ctx);
      relevant = !r.ok() || Expression::Truthy(*r);
    }
    if (relevant) {
      Result<Json> v = f.calculate->Evaluate(ctx);
      if (v.ok()) {
        cv.value = CoerceToField(f, std::move(v).value());
      } else {
        cv.status = v.status().WithPathPrefix(f.name);
      }
    }
    ctx.Override(f.name, cv.value);
    out.push_back(std::move(cv));
  }
  return out;
}

std::vector<std::string> NotAskedFields(const SchemaSet& schemas, const Record& record,
                                        const ChildLookup& children, std::string_view today,
                                        std::string_view age_reference) {
  const FormDef* form = schemas.FindForm(record.type);
  if (form == nullptr) return {};
  RecordContext ctx(record, children, std::string(today), std::string(age_reference));
  Relevance relevance = EvaluateRelevance(*form, &ctx);
  std::vector<std::string> out;
  for (size_t i = 0; i < form->fields.size(); ++i) {
    if (!relevance.relevant[i]) out.push_back(form->fields[i].name);
  }
  return out;
}

std::vector<std::string> IrrelevantValues(const SchemaSet& schemas, const Record& record,
                                          const ChildLookup& children, std::string_view today) {
  const FormDef* form = schemas.FindForm(record.type);
  if (form == nullptr) return {};
  RecordContext ctx(record, children, std::string(today));
  Relevance relevance = EvaluateRelevance(*form, &ctx);
  std::vector<std::string> out;
  for (size_t i = 0; i < form->fields.size(); ++i) {
    if (!relevance.relevant[i] && !record.Get(form->fields[i].name).is_null()) {
      out.push_back(form->fields[i].name);
    }
  }
  return out;
}

std::vector<std::string> ClearIrrelevant(const SchemaSet& schemas, Record* record,
                                         const ChildLookup& children, std::string_view today) {
  std::vector<std::string> names = IrrelevantValues(schemas, *record, children, today);
  for (const std::string& n : names) record->fields[n].value = nullptr;
  return names;
}

}  // namespace sotay

// Checks that span documents: children and parents, code lists, what expressions refer
// to, and the order (and absence of cycles) of calculations. Then the set is finished.
#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/detail/schema_builder.h"

namespace sotay {
namespace {

// A name an expression uses, with the chain of child types it is evaluated in: empty for
// the form's own record, {"person"} inside count('person', …) or sum('person', …).
struct ScopedName {
  std::vector<std::string> scope;
  std::string name;
};

struct References {
  std::vector<ScopedName> fields;
  std::vector<ScopedName> child_types;
};

// The names an expression uses, scope by scope (count()/sum() cannot nest, so a scope
// is at most one child type deep).
References ScanReferences(const Expression& e) {
  References refs;
  for (const std::string& f : e.FieldReferences()) refs.fields.push_back({{}, f});
  for (const std::string& t : e.ChildTypeReferences()) {
    refs.child_types.push_back({{}, t});
    for (const std::string& f : e.ChildFieldReferences(t)) refs.fields.push_back({{t}, f});
  }
  return refs;
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

// The form whose fields `scope` names, starting at `form`; or a failed Status.
Result<const FormDef*> ResolveScope(const SchemaSet& set, const FormDef& form,
                                    const std::vector<std::string>& scope,
                                    const std::string& path) {
  const FormDef* current = &form;
  for (const std::string& type : scope) {
    if (current->FindChild(type) == nullptr) {
      return Status::Error("schema_unknown_child_type",
                           "Biểu thức dùng loại bản ghi con '" + type + "' mà '" +
                               current->record_type + "' không khai báo trong 'children'",
                           "The expression uses child record type '" + type + "', which '" +
                               current->record_type + "' does not declare in 'children'",
                           path);
    }
    current = set.FindForm(type);
  }
  return current;
}

Status CheckReference(const SchemaSet& set, const FormDef& form, const ScopedName& ref,
                      const std::string& path) {
  Result<const FormDef*> target = ResolveScope(set, form, ref.scope, path);
  if (!target.ok()) return target.status();
  const FieldDef* f = (*target)->FindField(ref.name);
  bool in_child = !ref.scope.empty();
  std::string where_vi =
      in_child ? "bản ghi con '" + (*target)->record_type + "'" : "biểu mẫu '" + form.id + "'";
  std::string where_en =
      in_child ? "child record type '" + (*target)->record_type + "'" : "form '" + form.id + "'";
  if (f == nullptr) {
    return Status::Error(
        in_child ? "schema_unknown_child_field_ref" : "schema_unknown_field_ref",
        "Biểu thức dùng ${" + ref.name + "} nhưng " + where_vi + " không có trường này",
        "The expression uses ${" + ref.name + "} but " + where_en + " has no such field", path);
  }
  if (f->sealed) {
    return Status::Error("schema_sealed_ref",
                         "Biểu thức không được dùng trường niêm phong ${" + ref.name +
                             "}: máy chủ không đọc được giá trị của nó",
                         "An expression may not use the sealed field ${" + ref.name +
                             "}: the server cannot read its value",
                         path);
  }
  return Status::Ok();
}

}  // namespace

Status SchemaSetBuilder::CheckForm(const FormEntry& entry, const SchemaSet& set) const {
  const FormDef& form = entry.form;
  const std::string& where = entry.where;
  if (!form.parent_type.empty()) {
    const FormDef* parent = set.FindForm(form.parent_type);
    if (parent == nullptr) {
      return Status::Error("schema_unknown_parent",
                           "Loại bản ghi cha '" + form.parent_type + "' chưa được định nghĩa",
                           "Parent record type '" + form.parent_type + "' is not defined",
                           where + "/parent_type");
    }
    if (parent->FindChild(form.record_type) == nullptr) {
      return Status::Error(
          "schema_parent_mismatch",
          "'" + form.parent_type + "' không khai báo '" + form.record_type + "' trong 'children'",
          "'" + form.parent_type + "' does not list '" + form.record_type + "' in its 'children'",
          where + "/parent_type");
    }
  }
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < form.children.size(); ++i) {
    const ChildSpec& c = form.children[i];
    std::string path = where + "/children/" + std::to_string(i) + "/type";
    if (!seen.insert(c.type).second) {
      return Status::Error("schema_duplicate_child",
                           "Loại bản ghi con '" + c.type + "' khai báo hai lần",
                           "Child record type '" + c.type + "' is declared twice", path);
    }
    const FormDef* child = set.FindForm(c.type);
    if (child == nullptr) {
      return Status::Error("schema_unknown_child_type",
                           "Loại bản ghi con '" + c.type + "' chưa được định nghĩa",
                           "Child record type '" + c.type + "' is not defined", path);
    }
    if (child->parent_type != form.record_type) {
      return Status::Error(
          "schema_parent_mismatch",
          "Biểu mẫu '" + c.type + "' phải có \"parent_type\": \"" + form.record_type + "\"",
          "Form '" + c.type + "' must have \"parent_type\": \"" + form.record_type + "\"", path);
    }
  }
  for (size_t i = 0; i < form.fields.size(); ++i) {
    const FieldDef& f = form.fields[i];
    if (f.IsSelect() && set.FindCodeList(f.list) == nullptr) {
      return Status::Error("schema_unknown_list", "Danh mục '" + f.list + "' chưa được định nghĩa",
                           "Code list '" + f.list + "' is not defined",
                           where + "/fields/" + std::to_string(i) + "/list");
    }
  }
  return Status::Ok();
}

Status SchemaSetBuilder::CheckExpressions(const FormEntry& entry, const SchemaSet& set) const {
  const FormDef& form = entry.form;
  for (size_t i = 0; i < form.fields.size(); ++i) {
    const FieldDef& f = form.fields[i];
    const std::pair<const char*, const std::optional<Expression>*> exprs[] = {
        {"required", &f.required_if},
        {"relevant", &f.relevant},
        {"constraint", &f.constraint},
        {"calculate", &f.calculate}};
    for (const auto& [key, expr] : exprs) {
      if (!*expr) continue;
      std::string path = entry.where + "/fields/" + std::to_string(i) + "/" + key;
      if (std::string_view(key) != "constraint" && (*expr)->ReferencesSelf()) {
        return Status::Error(
            "schema_self_ref", "'.' (giá trị của chính trường) chỉ dùng được trong 'constraint'",
            "'.' (the field's own value) can only be used in a 'constraint'", path);
      }
      References refs = ScanReferences(**expr);
      for (const ScopedName& t : refs.child_types) {
        std::vector<std::string> scope = t.scope;
        scope.push_back(t.name);
        Result<const FormDef*> resolved = ResolveScope(set, form, scope, path);
        if (!resolved.ok()) return resolved.status();
      }
      for (const ScopedName& r : refs.fields) {
        SOTAY_RETURN_IF_ERROR(CheckReference(set, form, r, path));
      }
    }
  }
  return Status::Ok();
}

Status SchemaSetBuilder::OrderCalculations(const std::string& where, FormDef* form) const {
  // Depth-first over "calculate reads calculated field", in field order, so the order is
  // deterministic; a field met again while still on the path closes a cycle.
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> mark(form->fields.size(), Mark::kNew);
  std::vector<size_t> path;
  std::vector<size_t> order;
  auto index_of = [&](const std::string& name) -> std::optional<size_t> {
    for (size_t i = 0; i < form->fields.size(); ++i) {
      if (form->fields[i].name == name) return i;
    }
    return std::nullopt;
  };
  std::function<Status(size_t)> visit = [&](size_t i) -> Status {
    if (mark[i] == Mark::kDone) return Status::Ok();
    if (mark[i] == Mark::kOnPath) {
      std::vector<std::string> names;
      auto from = std::find(path.begin(), path.end(), i);
      for (auto it = from; it != path.end(); ++it) names.push_back(form->fields[*it].name);
      names.push_back(form->fields[i].name);
      std::string cycle = Join(names, " → ");
      return Status::Error("schema_calculate_cycle",
                           "Các trường tính toán phụ thuộc vòng tròn: " + cycle,
                           "Calculated fields depend on each other in a cycle: " + cycle,
                           where + "/fields/" + std::to_string(path.back()) + "/calculate");
    }
    mark[i] = Mark::kOnPath;
    path.push_back(i);
    for (const std::string& dep : form->fields[i].calculate->FieldReferences()) {
      std::optional<size_t> d = index_of(dep);
      if (d && form->fields[*d].calculate) SOTAY_RETURN_IF_ERROR(visit(*d));
    }
    path.pop_back();
    mark[i] = Mark::kDone;
    order.push_back(i);
    return Status::Ok();
  };
  for (size_t i = 0; i < form->fields.size(); ++i) {
    if (form->fields[i].calculate) SOTAY_RETURN_IF_ERROR(visit(i));
  }
  form->calculation_order = std::move(order);
  return Status::Ok();
}

Result<SchemaSet> SchemaSetBuilder::Finish() {
  std::set<std::string, std::less<>> ids, types, list_ids;
  for (const FormEntry& e : forms_) {
    if (!ids.insert(e.form.id).second) {
      return Status::Error("schema_duplicate_form",
                           "Biểu mẫu '" + e.form.id + "' định nghĩa hai lần",
                           "Form '" + e.form.id + "' is defined twice", e.where + "/id");
    }
    if (!types.insert(e.form.record_type).second) {
      return Status::Error("schema_duplicate_form",
                           "Hai biểu mẫu cho cùng loại bản ghi '" + e.form.record_type + "'",
                           "Two forms for the same record type '" + e.form.record_type + "'",
                           e.where + "/record_type");
    }
  }
  for (const ListEntry& e : lists_) {
    if (!list_ids.insert(e.list.id).second) {
      return Status::Error("schema_duplicate_code_list",
                           "Danh mục '" + e.list.id + "' định nghĩa hai lần",
                           "Code list '" + e.list.id + "' is defined twice", e.where + "/id");
    }
  }
  std::sort(forms_.begin(), forms_.end(), [](const FormEntry& a, const FormEntry& b) {
    return a.form.record_type < b.form.record_type;
  });
  std::sort(lists_.begin(), lists_.end(),
            [](const ListEntry& a, const ListEntry& b) { return a.list.id < b.list.id; });

  SchemaSet set;
  for (const ListEntry& e : lists_) {
    set.list_index_[e.list.id] = set.code_lists_.size();
    set.code_lists_.push_back(e.list);
  }
  for (const FormEntry& e : forms_) {
    set.form_index_[e.form.record_type] = set.forms_.size();
    set.forms_.push_back(e.form);
  }
  for (const FormEntry& e : forms_) SOTAY_RETURN_IF_ERROR(CheckForm(e, set));
  for (const FormEntry& e : forms_) SOTAY_RETURN_IF_ERROR(CheckExpressions(e, set));
  for (size_t i = 0; i < forms_.size(); ++i) {
    FormDef& form = set.forms_[i];
    SOTAY_RETURN_IF_ERROR(OrderCalculations(forms_[i].where, &form));
    for (ChildSpec& c : form.children) {
      if (c.label.vi.empty()) c.label = set.FindForm(c.type)->label;
    }
  }
  Json canonical = set.ToClientJson();
  canonical.erase("version");
  set.hash_ = Sha256Tag(canonical.dump());
  return set;
}

}  // namespace sotay

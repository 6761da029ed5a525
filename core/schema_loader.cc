// Parsing of one form or code-list document into its definition, with every check that
// needs only that document. Checks across documents are in schema_check.cc.
#include <algorithm>
#include <initializer_list>
#include <set>
#include <string>
#include <utility>

#include "core/detail/schema_builder.h"
#include "core/field_check.h"

namespace sotay {
namespace {

constexpr size_t kMaxNameLength = 64;
constexpr size_t kMaxCodeLength = 32;

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Field names and one segment of a type: [a-z][a-z0-9_]*.
bool IsName(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameLength || !IsLower(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsLower(c) || IsDigit(c) || c == '_'; });
}

// Form, record-type and code-list ids: names joined by dots ("assessment.poverty").
bool IsTypeName(std::string_view s) {
  if (s.size() > kMaxNameLength) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    if (!IsName(s.substr(start, dot == std::string_view::npos ? dot : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// Choice codes: what records store. Letters, digits, '_', '-', '.'.
bool IsCode(std::string_view s) {
  if (s.empty() || s.size() > kMaxCodeLength) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return IsLower(c) || IsDigit(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.';
  });
}

// Record members that are not fields; a field may not take their names.
bool IsReservedName(std::string_view s) {
  return s == "id" || s == "type" || s == "group_id" || s == "parent_id" || s == "deleted";
}

bool IsDateText(const Json& j) {
  return j.is_string() && IsCalendarDate(j.get_ref<const std::string&>());
}

// Levenshtein distance, to suggest the key a typo meant.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

enum class Kind { kString, kBool, kInteger, kNumber, kObject, kArray, kLabel, kExpression };

std::string KindVi(Kind k) {
  switch (k) {
    case Kind::kString:
      return "một chuỗi";
    case Kind::kBool:
      return "true hoặc false";
    case Kind::kInteger:
      return "một số nguyên";
    case Kind::kNumber:
      return "một số";
    case Kind::kObject:
      return "một đối tượng";
    case Kind::kArray:
      return "một mảng";
    case Kind::kLabel:
      return "một đối tượng {\"vi\": \"…\", \"en\": \"…\"}";
    case Kind::kExpression:
      return "một biểu thức (chuỗi khác rỗng)";
  }
  return "";
}

std::string KindEn(Kind k) {
  switch (k) {
    case Kind::kString:
      return "a string";
    case Kind::kBool:
      return "true or false";
    case Kind::kInteger:
      return "an integer";
    case Kind::kNumber:
      return "a number";
    case Kind::kObject:
      return "an object";
    case Kind::kArray:
      return "an array";
    case Kind::kLabel:
      return "an object {\"vi\": \"…\", \"en\": \"…\"}";
    case Kind::kExpression:
      return "an expression (a non-empty string)";
  }
  return "";
}

Status WrongType(const std::string& path, std::string_view what, Kind k) {
  std::string w(what);
  return Status::Error("schema_wrong_type", "'" + w + "' phải là " + KindVi(k),
                       "'" + w + "' must be " + KindEn(k), path);
}

Status KeyNotAllowed(const std::string& path, std::string_view key, const std::string& why_vi,
                     const std::string& why_en) {
  std::string k(key);
  return Status::Error("schema_key_not_allowed", "Không dùng được '" + k + "' ở đây: " + why_vi,
                       "'" + k + "' is not allowed here: " + why_en, path);
}

// A JSON object of a schema document, with its path, read key by key.
class Obj {
 public:
  Obj(const Json& j, std::string path) : j_(j), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return path_ + "/" + PointerSegment(key); }
  const Json* Get(std::string_view key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  bool Has(std::string_view key) const { return Get(key) != nullptr; }

  // Every key must be one of `allowed`; typos must not be silently ignored.
  Status OnlyKeys(std::initializer_list<std::string_view> allowed) const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      const std::string& key = it.key();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string_view best;
      size_t best_distance = 3;
      for (std::string_view a : allowed) {
        size_t d = EditDistance(key, a);
        if (d < best_distance) best_distance = d, best = a;
      }
      std::string hint_vi, hint_en;
      if (!best.empty()) {
        hint_vi = " (có phải là '" + std::string(best) + "'?)";
        hint_en = " (did you mean '" + std::string(best) + "'?)";
      }
      return Status::Error("schema_unknown_key", "Khóa không hợp lệ '" + key + "'" + hint_vi,
                           "Unknown key '" + key + "'" + hint_en, PathOf(key));
    }
    return Status::Ok();
  }

  Status Missing(std::string_view key) const {
    std::string k(key);
    return Status::Error("schema_missing_key", "Thiếu khóa bắt buộc '" + k + "'",
                         "Missing required key '" + k + "'", PathOf(key));
  }

  Status String(std::string_view key, bool required, std::string* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return required ? Missing(key) : Status::Ok();
    if (!v->is_string() || (required && v->get_ref<const std::string&>().empty())) {
      return WrongType(PathOf(key), key, Kind::kString);
    }
    *out = v->get<std::string>();
    return Status::Ok();
  }

  Status Bool(std::string_view key, bool* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return Status::Ok();
    if (!v->is_boolean()) return WrongType(PathOf(key), key, Kind::kBool);
    *out = v->get<bool>();
    return Status::Ok();
  }

  Status NonNegativeInteger(std::string_view key, std::optional<int64_t>* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return Status::Ok();
    if (!v->is_number_integer() || v->get<int64_t>() < 0) {
      return Status::Error("schema_wrong_type", "'" + std::string(key) + "' phải là số nguyên ≥ 0",
                           "'" + std::string(key) + "' must be an integer ≥ 0", PathOf(key));
    }
    *out = v->get<int64_t>();
    return Status::Ok();
  }

  Status LabelAt(std::string_view key, bool required, std::optional<Label>* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return required ? Missing(key) : Status::Ok();
    if (!v->is_object()) return WrongType(PathOf(key), key, Kind::kLabel);
    Obj label(*v, PathOf(key));
    SOTAY_RETURN_IF_ERROR(label.OnlyKeys({"vi", "en"}));
    Label l;
    SOTAY_RETURN_IF_ERROR(label.String("vi", true, &l.vi));
    SOTAY_RETURN_IF_ERROR(label.String("en", true, &l.en));
    *out = std::move(l);
    return Status::Ok();
  }

  Status RequiredLabel(std::string_view key, Label* out) const {
    std::optional<Label> l;
    SOTAY_RETURN_IF_ERROR(LabelAt(key, true, &l));
    *out = std::move(*l);
    return Status::Ok();
  }

  Status ExpressionAt(std::string_view key, std::optional<Expression>* out) const {
    const Json* v = Get(key);
    if (v == nullptr) return Status::Ok();
    if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
      return WrongType(PathOf(key), key, Kind::kExpression);
    }
    Result<Expression> e = Expression::Parse(v->get_ref<const std::string&>());
    if (!e.ok()) {
      // Keep the expression's own code and message: they carry the position.
      const Status& s = e.status();
      return Status::Error(s.code(), s.message_vi(), s.message_en(), PathOf(key));
    }
    *out = std::move(e).value();
    return Status::Ok();
  }

 private:
  const Json& j_;
  std::string path_;
};

Status BadName(const std::string& path, const std::string& name, bool dotted) {
  std::string rule = dotted ? "[a-z][a-z0-9_]*(.[a-z][a-z0-9_]*)*" : "[a-z][a-z0-9_]*";
  return Status::Error(
      "schema_bad_name",
      "Tên '" + name + "' không hợp lệ: phải theo mẫu " + rule + ", tối đa 64 ký tự",
      "Invalid name '" + name + "': must match " + rule + ", at most 64 characters", path);
}

bool AllowsRange(FieldType t) {
  return t == FieldType::kInteger || t == FieldType::kDecimal || t == FieldType::kDate;
}

Status ParseBound(const Obj& o, std::string_view key, FieldType type, Json* out) {
  const Json* v = o.Get(key);
  if (v == nullptr) return Status::Ok();
  if (!AllowsRange(type)) {
    return KeyNotAllowed(o.PathOf(key), key, "chỉ dùng cho trường integer, decimal, date",
                         "only integer, decimal and date fields have bounds");
  }
  if (type == FieldType::kDate && !IsDateText(*v)) {
    return Status::Error(
        "schema_wrong_type", "'" + std::string(key) + "' phải là ngày có thật dạng \"YYYY-MM-DD\"",
        "'" + std::string(key) + "' must be a real date \"YYYY-MM-DD\"", o.PathOf(key));
  }
  if (type == FieldType::kInteger && !v->is_number_integer()) {
    return WrongType(o.PathOf(key), key, Kind::kInteger);
  }
  if (type == FieldType::kDecimal && !v->is_number()) {
    return WrongType(o.PathOf(key), key, Kind::kNumber);
  }
  *out = *v;
  return Status::Ok();
}

bool BoundsReversed(const Json& min, const Json& max) {
  if (min.is_null() || max.is_null()) return false;
  if (min.is_string()) return min.get<std::string>() > max.get<std::string>();
  return min.get<double>() > max.get<double>();
}

Status BadRange(const std::string& path, const std::string& min, const std::string& max) {
  return Status::Error("schema_bad_range", "min (" + min + ") lớn hơn max (" + max + ")",
                       "min (" + min + ") is greater than max (" + max + ")", path);
}

Status ParseField(const Obj& o, FieldDef* f) {
  SOTAY_RETURN_IF_ERROR(
      o.OnlyKeys({"name", "type", "label", "hint", "required", "relevant", "constraint",
                  "constraint_message", "calculate", "list", "min", "max", "max_length",
                  "sensitive", "sealed", "readonly", "source"}));
  SOTAY_RETURN_IF_ERROR(o.String("name", true, &f->name));
  if (!IsName(f->name)) return BadName(o.PathOf("name"), f->name, false);
  if (IsReservedName(f->name)) {
    return Status::Error("schema_reserved_field",
                         "Tên trường '" + f->name + "' dành riêng cho bản ghi, hãy đặt tên khác",
                         "Field name '" + f->name + "' is reserved for records; choose another",
                         o.PathOf("name"));
  }
  std::string type;
  SOTAY_RETURN_IF_ERROR(o.String("type", true, &type));
  std::optional<FieldType> t = ParseFieldType(type);
  if (!t) {
    const char* kTypes =
        "text, integer, decimal, boolean, date, select_one, select_multiple, phone, citizen_id";
    return Status::Error(
        "schema_unknown_field_type", "Kiểu trường không có '" + type + "'; các kiểu: " + kTypes,
        "Unknown field type '" + type + "'; types are: " + kTypes, o.PathOf("type"));
  }
  f->type = *t;
  SOTAY_RETURN_IF_ERROR(o.RequiredLabel("label", &f->label));
  SOTAY_RETURN_IF_ERROR(o.LabelAt("hint", false, &f->hint));

  if (const Json* r = o.Get("required"); r != nullptr) {
    if (r->is_boolean()) {
      f->required = r->get<bool>();
    } else if (r->is_string()) {
      SOTAY_RETURN_IF_ERROR(o.ExpressionAt("required", &f->required_if));
    } else {
      return Status::Error("schema_wrong_type", "'required' phải là true, false hoặc một biểu thức",
                           "'required' must be true, false or an expression", o.PathOf("required"));
    }
  }
  SOTAY_RETURN_IF_ERROR(o.ExpressionAt("relevant", &f->relevant));
  SOTAY_RETURN_IF_ERROR(o.ExpressionAt("constraint", &f->constraint));
  SOTAY_RETURN_IF_ERROR(o.LabelAt("constraint_message", false, &f->constraint_message));
  if (f->constraint && !f->constraint_message) return o.Missing("constraint_message");
  if (!f->constraint && f->constraint_message) {
    return KeyNotAllowed(o.PathOf("constraint_message"), "constraint_message",
                         "trường không có 'constraint'", "the field has no 'constraint'");
  }
  SOTAY_RETURN_IF_ERROR(o.ExpressionAt("calculate", &f->calculate));

  if (f->IsSelect()) {
    SOTAY_RETURN_IF_ERROR(o.String("list", true, &f->list));
  } else if (o.Has("list")) {
    return KeyNotAllowed(o.PathOf("list"), "list",
                         "chỉ trường select_one, select_multiple có danh mục",
                         "only select_one and select_multiple fields have a code list");
  }
  SOTAY_RETURN_IF_ERROR(ParseBound(o, "min", f->type, &f->min));
  SOTAY_RETURN_IF_ERROR(ParseBound(o, "max", f->type, &f->max));
  if (BoundsReversed(f->min, f->max))
    return BadRange(o.PathOf("min"), f->min.dump(), f->max.dump());

  if (o.Has("max_length")) {
    if (f->type != FieldType::kText) {
      return KeyNotAllowed(o.PathOf("max_length"), "max_length", "chỉ trường text có độ dài tối đa",
                           "only text fields have a maximum length");
    }
    SOTAY_RETURN_IF_ERROR(o.NonNegativeInteger("max_length", &f->max_length));
    if (*f->max_length == 0) {
      return Status::Error("schema_bad_range", "'max_length' phải lớn hơn 0",
                           "'max_length' must be greater than 0", o.PathOf("max_length"));
    }
  }
  SOTAY_RETURN_IF_ERROR(o.Bool("sensitive", &f->sensitive));
  SOTAY_RETURN_IF_ERROR(o.Bool("sealed", &f->sealed));
  SOTAY_RETURN_IF_ERROR(o.Bool("readonly", &f->readonly));
  SOTAY_RETURN_IF_ERROR(o.String("source", false, &f->source));
  if (f->sealed && f->calculate) {
    return KeyNotAllowed(o.PathOf("calculate"), "calculate",
                         "trường niêm phong (sealed) không thể là trường tính toán",
                         "a sealed field cannot be calculated");
  }
  return Status::Ok();
}

Status ParseChild(const Obj& o, ChildSpec* c) {
  SOTAY_RETURN_IF_ERROR(o.OnlyKeys({"type", "min", "max", "label"}));
  SOTAY_RETURN_IF_ERROR(o.String("type", true, &c->type));
  if (!IsTypeName(c->type)) return BadName(o.PathOf("type"), c->type, true);
  std::optional<int64_t> min;
  SOTAY_RETURN_IF_ERROR(o.NonNegativeInteger("min", &min));
  c->min = min.value_or(0);
  SOTAY_RETURN_IF_ERROR(o.NonNegativeInteger("max", &c->max));
  if (c->max && c->min > *c->max) {
    return BadRange(o.PathOf("min"), std::to_string(c->min), std::to_string(*c->max));
  }
  std::optional<Label> label;
  SOTAY_RETURN_IF_ERROR(o.LabelAt("label", false, &label));
  if (label) c->label = std::move(*label);  // else the child form's label, set by Finish()
  return Status::Ok();
}

Status ParseVersion(const Obj& o, int64_t* version) {
  const Json* v = o.Get("version");
  if (v == nullptr) return o.Missing("version");
  if (!v->is_number_integer() || v->get<int64_t>() < 1) {
    return Status::Error(
        "schema_bad_version",
        "'version' phải là số nguyên ≥ 1, tăng mỗi khi biểu mẫu thay đổi (có: " + v->dump() + ")",
        "'version' must be an integer ≥ 1, raised whenever the form changes (got " + v->dump() +
            ")",
        o.PathOf("version"));
  }
  *version = v->get<int64_t>();
  return Status::Ok();
}

Status CheckPeriodField(const Obj& o, const FormDef& form) {
  const FieldDef* f = form.FindField("period");
  if (form.period) {
    if (f == nullptr || f->type != FieldType::kInteger || !f->required || f->required_if) {
      return Status::Error(
          "schema_period_field",
          "Biểu mẫu có \"period\": true phải có trường 'period' kiểu integer, \"required\": true",
          "A form with \"period\": true needs a field 'period' of type integer with "
          "\"required\": true",
          o.PathOf("period"));
    }
  } else if (f != nullptr) {
    return Status::Error(
        "schema_reserved_field", "Trường 'period' chỉ dùng khi biểu mẫu có \"period\": true",
        "A field named 'period' needs \"period\": true on the form", o.path() + "/fields");
  }
  return Status::Ok();
}

Status ExpectObject(const Json& j, const std::string& path, std::string_view what) {
  if (j.is_object()) return Status::Ok();
  return WrongType(path, what, Kind::kObject);
}

Status IdMismatch(const std::string& path, const std::string& id, std::string_view expected) {
  std::string e(expected);
  return Status::Error(
      "schema_id_mismatch", "id phải trùng tên tệp (hoặc khóa) '" + e + "', nhưng là '" + id + "'",
      "The id must equal its file name (or key) '" + e + "', but is '" + id + "'", path);
}

}  // namespace

std::string PointerSegment(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

Status SchemaSetBuilder::AddForm(const Json& doc, const std::string& where,
                                 std::string_view expected_id) {
  SOTAY_RETURN_IF_ERROR(ExpectObject(doc, where, "form"));
  Obj o(doc, where);
  SOTAY_RETURN_IF_ERROR(o.OnlyKeys({"id", "version", "record_type", "parent_type", "label",
                                    "source", "period", "children", "fields"}));
  FormDef form;
  SOTAY_RETURN_IF_ERROR(o.String("id", true, &form.id));
  if (!IsTypeName(form.id)) return BadName(o.PathOf("id"), form.id, true);
  if (!expected_id.empty() && form.id != expected_id) {
    return IdMismatch(o.PathOf("id"), form.id, expected_id);
  }
  SOTAY_RETURN_IF_ERROR(ParseVersion(o, &form.version));
  form.record_type = form.id;
  SOTAY_RETURN_IF_ERROR(o.String("record_type", false, &form.record_type));
  if (!IsTypeName(form.record_type))
    return BadName(o.PathOf("record_type"), form.record_type, true);
  if (const Json* p = o.Get("parent_type"); p != nullptr && !p->is_null()) {
    SOTAY_RETURN_IF_ERROR(o.String("parent_type", true, &form.parent_type));
    if (!IsTypeName(form.parent_type)) {
      return BadName(o.PathOf("parent_type"), form.parent_type, true);
    }
  }
  SOTAY_RETURN_IF_ERROR(o.RequiredLabel("label", &form.label));
  SOTAY_RETURN_IF_ERROR(o.String("source", true, &form.source));
  SOTAY_RETURN_IF_ERROR(o.Bool("period", &form.period));

  if (const Json* children = o.Get("children"); children != nullptr) {
    if (!children->is_array()) return WrongType(o.PathOf("children"), "children", Kind::kArray);
    for (size_t i = 0; i < children->size(); ++i) {
      std::string path = o.PathOf("children") + "/" + std::to_string(i);
      SOTAY_RETURN_IF_ERROR(ExpectObject((*children)[i], path, "children[]"));
      ChildSpec c;
      SOTAY_RETURN_IF_ERROR(ParseChild(Obj((*children)[i], path), &c));
      form.children.push_back(std::move(c));
    }
  }

  const Json* fields = o.Get("fields");
  if (fields == nullptr) return o.Missing("fields");
  if (!fields->is_array()) return WrongType(o.PathOf("fields"), "fields", Kind::kArray);
  std::set<std::string, std::less<>> names;
  for (size_t i = 0; i < fields->size(); ++i) {
    std::string path = o.PathOf("fields") + "/" + std::to_string(i);
    SOTAY_RETURN_IF_ERROR(ExpectObject((*fields)[i], path, "fields[]"));
    FieldDef f;
    SOTAY_RETURN_IF_ERROR(ParseField(Obj((*fields)[i], path), &f));
    if (!names.insert(f.name).second) {
      return Status::Error("schema_duplicate_field", "Trường '" + f.name + "' khai báo hai lần",
                           "Field '" + f.name + "' is declared twice", path + "/name");
    }
    form.fields.push_back(std::move(f));
  }
  SOTAY_RETURN_IF_ERROR(CheckPeriodField(o, form));
  forms_.push_back(FormEntry{std::move(form), where});
  return Status::Ok();
}

Status SchemaSetBuilder::AddCodeList(const Json& doc, const std::string& where,
                                     std::string_view expected_id) {
  SOTAY_RETURN_IF_ERROR(ExpectObject(doc, where, "code list"));
  Obj o(doc, where);
  SOTAY_RETURN_IF_ERROR(o.OnlyKeys({"id", "source", "choices"}));
  CodeList list;
  SOTAY_RETURN_IF_ERROR(o.String("id", true, &list.id));
  if (!IsTypeName(list.id)) return BadName(o.PathOf("id"), list.id, true);
  if (!expected_id.empty() && list.id != expected_id) {
    return IdMismatch(o.PathOf("id"), list.id, expected_id);
  }
  SOTAY_RETURN_IF_ERROR(o.String("source", true, &list.source));
  const Json* choices = o.Get("choices");
  if (choices == nullptr) return o.Missing("choices");
  if (!choices->is_array()) return WrongType(o.PathOf("choices"), "choices", Kind::kArray);
  if (choices->empty()) {
    return Status::Error("schema_empty_list", "Danh mục '" + list.id + "' không có lựa chọn nào",
                         "Code list '" + list.id + "' has no choices", o.PathOf("choices"));
  }
  std::set<std::string, std::less<>> codes;
  for (size_t i = 0; i < choices->size(); ++i) {
    std::string path = o.PathOf("choices") + "/" + std::to_string(i);
    SOTAY_RETURN_IF_ERROR(ExpectObject((*choices)[i], path, "choices[]"));
    Obj c((*choices)[i], path);
    SOTAY_RETURN_IF_ERROR(c.OnlyKeys({"code", "label"}));
    Choice choice;
    SOTAY_RETURN_IF_ERROR(c.String("code", true, &choice.code));
    if (!IsCode(choice.code)) {
      return Status::Error(
          "schema_bad_name",
          "Mã '" + choice.code + "' không hợp lệ: chữ, số, '_', '-', '.', tối đa 32 ký tự",
          "Invalid code '" + choice.code +
              "': letters, digits, '_', '-', '.', at most 32 characters",
          c.PathOf("code"));
    }
    if (!codes.insert(choice.code).second) {
      return Status::Error(
          "schema_duplicate_code",
          "Mã '" + choice.code + "' lặp lại trong danh mục '" + list.id + "'",
          "Code '" + choice.code + "' appears twice in code list '" + list.id + "'",
          c.PathOf("code"));
    }
    SOTAY_RETURN_IF_ERROR(c.RequiredLabel("label", &choice.label));
    list.choices.push_back(std::move(choice));
  }
  lists_.push_back(ListEntry{std::move(list), where});
  return Status::Ok();
}

}  // namespace sotay

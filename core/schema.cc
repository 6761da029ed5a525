// Schema types, look-ups, the normalised client JSON and its hash, and loading a set
// from that JSON. Loading from files is in schema_files.cc; parsing of documents in
// schema_loader.cc; checks across documents in schema_check.cc.
#include "core/schema.h"

#include <sodium.h>

#include <array>

#include "core/detail/schema_builder.h"

namespace sotay {
namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 9> kTypeNames = {{
    {FieldType::kText, "text"},
    {FieldType::kInteger, "integer"},
    {FieldType::kDecimal, "decimal"},
    {FieldType::kBoolean, "boolean"},
    {FieldType::kDate, "date"},
    {FieldType::kSelectOne, "select_one"},
    {FieldType::kSelectMultiple, "select_multiple"},
    {FieldType::kPhone, "phone"},
    {FieldType::kCitizenId, "citizen_id"},
}};

Json LabelToJson(const Label& l) { return Json{{"vi", l.vi}, {"en", l.en}}; }

Json FieldToJson(const FieldDef& f) {
  Json j = {{"name", f.name},
            {"type", std::string(FieldTypeName(f.type))},
            {"label", LabelToJson(f.label)},
            {"sensitive", f.sensitive},
            {"sealed", f.sealed},
            {"readonly", f.readonly}};
  j["required"] = f.required_if ? Json(f.required_if->source()) : Json(f.required);
  if (f.hint) j["hint"] = LabelToJson(*f.hint);
  if (f.relevant) j["relevant"] = f.relevant->source();
  if (f.constraint) j["constraint"] = f.constraint->source();
  if (f.constraint_message) j["constraint_message"] = LabelToJson(*f.constraint_message);
  if (f.calculate) j["calculate"] = f.calculate->source();
  if (f.IsSelect()) j["list"] = f.list;
  if (!f.min.is_null()) j["min"] = f.min;
  if (!f.max.is_null()) j["max"] = f.max;
  if (f.max_length) j["max_length"] = *f.max_length;
  if (!f.source.empty()) j["source"] = f.source;
  return j;
}

Json ChildToJson(const ChildSpec& c) {
  Json j = {{"type", c.type}, {"min", c.min}, {"label", LabelToJson(c.label)}};
  if (c.max) j["max"] = *c.max;
  return j;
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "";
}

std::optional<FieldType> ParseFieldType(std::string_view name) {
  for (const auto& [t, n] : kTypeNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

const Choice* CodeList::Find(std::string_view code) const {
  for (const Choice& c : choices) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const FieldDef* FormDef::FindField(std::string_view name) const {
  for (const FieldDef& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const ChildSpec* FormDef::FindChild(std::string_view type) const {
  for (const ChildSpec& c : children) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

const FormDef* SchemaSet::FindForm(std::string_view record_type) const {
  auto it = form_index_.find(record_type);
  return it == form_index_.end() ? nullptr : &forms_[it->second];
}

const CodeList* SchemaSet::FindCodeList(std::string_view id) const {
  auto it = list_index_.find(id);
  return it == list_index_.end() ? nullptr : &code_lists_[it->second];
}

Json FormToJson(const FormDef& form) {
  Json fields = Json::array();
  for (const FieldDef& f : form.fields) fields.push_back(FieldToJson(f));
  Json children = Json::array();
  for (const ChildSpec& c : form.children) children.push_back(ChildToJson(c));
  return Json{{"id", form.id},
              {"version", form.version},
              {"record_type", form.record_type},
              {"parent_type", form.parent_type.empty() ? Json() : Json(form.parent_type)},
              {"label", LabelToJson(form.label)},
              {"source", form.source},
              {"period", form.period},
              {"children", std::move(children)},
              {"fields", std::move(fields)}};
}

Json CodeListToJson(const CodeList& list) {
  Json choices = Json::array();
  for (const Choice& c : list.choices) {
    choices.push_back(Json{{"code", c.code}, {"label", LabelToJson(c.label)}});
  }
  return Json{{"id", list.id}, {"source", list.source}, {"choices", std::move(choices)}};
}

std::string Sha256Tag(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

Json SchemaSet::ToClientJson() const {
  Json schemas = Json::array();
  for (const FormDef& f : forms_) schemas.push_back(FormToJson(f));
  Json lists = Json::object();
  for (const CodeList& l : code_lists_) lists[l.id] = CodeListToJson(l);
  return Json{
      {"version", hash_}, {"schemas", std::move(schemas)}, {"code_lists", std::move(lists)}};
}

Result<SchemaSet> SchemaSet::LoadFromJson(const Json& set) {
  if (!set.is_object()) {
    return Status::Error(
        "schema_wrong_type",
        "Bộ biểu mẫu phải là một đối tượng {\"schemas\": [...], \"code_lists\": {...}}",
        "A schema set must be an object {\"schemas\": [...], \"code_lists\": {...}}", "");
  }
  for (auto it = set.begin(); it != set.end(); ++it) {
    const std::string& k = it.key();
    if (k != "schemas" && k != "code_lists" && k != "indicators" && k != "version") {
      return Status::Error("schema_unknown_key", "Khóa không hợp lệ '" + k + "'",
                           "Unknown key '" + k + "'", "/" + PointerSegment(k));
    }
  }
  SchemaSetBuilder builder;
  if (auto lists = set.find("code_lists"); lists != set.end()) {
    if (!lists->is_object()) {
      return Status::Error("schema_wrong_type", "'code_lists' phải là một đối tượng theo id",
                           "'code_lists' must be an object keyed by id", "/code_lists");
    }
    for (auto it = lists->begin(); it != lists->end(); ++it) {
      SOTAY_RETURN_IF_ERROR(
          builder.AddCodeList(it.value(), "/code_lists/" + PointerSegment(it.key()), it.key()));
    }
  }
  auto schemas = set.find("schemas");
  if (schemas == set.end() || !schemas->is_array()) {
    return Status::Error("schema_wrong_type", "'schemas' phải là một mảng các biểu mẫu",
                         "'schemas' must be an array of forms", "/schemas");
  }
  for (size_t i = 0; i < schemas->size(); ++i) {
    SOTAY_RETURN_IF_ERROR(builder.AddForm((*schemas)[i], "/schemas/" + std::to_string(i)));
  }
  return builder.Finish();
}

}  // namespace sotay

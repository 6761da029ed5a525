// Form schemas: the versioned JSON definitions of forms and code lists in schemas/.
//
// A SchemaSet is loaded once (the server at start, the phone from GET /api/v1/schemas)
// and is immutable afterwards, so it may be shared and read from several threads.
// Loading refuses every malformed thing up front — bad JSON, unknown keys or types,
// duplicate names, unknown code lists, expressions that do not parse or that name
// fields or child types the form does not have, calculation cycles — with a stable code
// and a path "file#/json/pointer", so a broken rule never reaches a phone. The file
// format and every code are documented in docs/schema-format.md.
//
// Validation of records against a set lives in core/validate.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr.h"
#include "core/record.h"
#include "core/status.h"

namespace sotay {

enum class FieldType {
  kText,
  kInteger,
  kDecimal,
  kBoolean,
  kDate,  // "YYYY-MM-DD"
  kSelectOne,
  kSelectMultiple,
  kPhone,      // Vietnamese phone number, national format
  kCitizenId,  // 12-digit căn cước number
};

// "text", "integer", ... as written in schema files.
std::string_view FieldTypeName(FieldType type);
std::optional<FieldType> ParseFieldType(std::string_view name);

// A text in both languages; both are required in schema files.
struct Label {
  std::string vi;
  std::string en;
  bool operator==(const Label&) const = default;
};

struct Choice {
  std::string code;  // what records store, e.g. "01"
  Label label;
};

struct CodeList {
  std::string id;      // "ethnicity"
  std::string source;  // legal source of the list, e.g. "Quyết định 1019/QĐ-TCTK 2008"
  std::vector<Choice> choices;

  // The choice with this code, or nullptr.
  const Choice* Find(std::string_view code) const;
};

struct FieldDef {
  std::string name;
  FieldType type = FieldType::kText;
  Label label;
  std::optional<Label> hint;
  // Required: always (`required` true), never (false, no required_if), or when
  // `required_if` is truthy. A field that is not relevant is never required.
  bool required = false;
  std::optional<Expression> required_if;
  std::optional<Expression> relevant;    // absent: always relevant
  std::optional<Expression> constraint;  // `.` is the field's own value
  std::optional<Label> constraint_message;
  std::optional<Expression> calculate;
  std::string list;  // code list id, select types only
  Json min;          // null, a number (integer/decimal) or a date string (date)
  Json max;
  std::optional<int64_t> max_length;  // text only, in Unicode code points
  bool sensitive = false;             // access-controlled and audited on the server
  bool sealed = false;                // encrypted on the device to the office key
  bool readonly = false;              // shown, not edited (typically calculated)
  std::string source;                 // legal source of the rule, may be empty

  bool IsSelect() const {
    return type == FieldType::kSelectOne || type == FieldType::kSelectMultiple;
  }
};

// A child record type a form holds, e.g. household → person (min 1, max 30).
struct ChildSpec {
  std::string type;
  int64_t min = 0;
  std::optional<int64_t> max;  // absent: no upper bound
  Label label;
};

struct FormDef {
  std::string id;
  int64_t version = 1;
  std::string record_type;
  std::string parent_type;  // empty: a top-level record
  Label label;
  std::string source;
  bool period = false;  // yearly record with an integer `period` field (the year)
  std::vector<ChildSpec> children;
  std::vector<FieldDef> fields;
  // Indices into `fields` of the calculated fields, each after everything it reads.
  std::vector<size_t> calculation_order;

  const FieldDef* FindField(std::string_view name) const;
  const ChildSpec* FindChild(std::string_view type) const;
};

// One schema file given by content, for LoadFromFiles. `path` is relative to the
// schema folder with '/' separators: "household.json", "code_lists/sex.json".
struct SchemaFile {
  std::string path;
  std::string text;
};

class SchemaSet {
 public:
  // Loads a schema folder: every `*.json` directly in `dir` is one form, every
  // `*.json` in `dir/code_lists/` is one code list; other subfolders are not read.
  // A file's name (without .json) must equal the id inside it. Fails with the first
  // problem found, files taken in byte order of their paths.
  static Result<SchemaSet> LoadDirectory(const std::string& dir);

  // The same from file contents (the layout of LoadDirectory decides by path).
  static Result<SchemaSet> LoadFromFiles(const std::vector<SchemaFile>& files);

  // Loads {"schemas": [form, ...], "code_lists": {"id": list, ...}} — exactly what
  // ToClientJson() returns, so the phone rebuilds the server's set; an "indicators" or
  // "version" member is ignored. Paths of errors are JSON pointers into `set`.
  static Result<SchemaSet> LoadFromJson(const Json& set);

  // The form of a record type, or nullptr.
  const FormDef* FindForm(std::string_view record_type) const;
  const CodeList* FindCodeList(std::string_view id) const;
  // Forms ordered by record type; code lists ordered by id.
  const std::vector<FormDef>& forms() const { return forms_; }
  const std::vector<CodeList>& code_lists() const { return code_lists_; }

  // {"version": ContentHash(), "schemas": [...], "code_lists": {...}}: the normalised
  // definitions (defaults filled in, keys in a fixed order) served by GET
  // /api/v1/schemas. Serialised with dump(), equal sets give equal bytes.
  Json ToClientJson() const;

  // "sha256:" + 64 hex digits over the normalised definitions: changes whenever any
  // form, field, rule, label or code list changes, and only then.
  const std::string& ContentHash() const { return hash_; }

 private:
  friend class SchemaSetBuilder;
  std::vector<FormDef> forms_;
  std::vector<CodeList> code_lists_;
  std::map<std::string, size_t, std::less<>> form_index_;  // record type → forms_
  std::map<std::string, size_t, std::less<>> list_index_;  // id → code_lists_
  std::string hash_;
};

}  // namespace sotay

// Internal: builds a SchemaSet from parsed schema documents. Used by the loaders in
// core/schema_loader.cc and core/schema_files.cc; see core/schema.h for the public API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/schema.h"
#include "core/status.h"

namespace sotay {

class SchemaSetBuilder {
 public:
  // Parses one form document. `where` prefixes the JSON pointer of every error:
  // "household.json#" for a file, "/schemas/0" inside a bundle. `expected_id`, when not
  // empty, is the id the document must carry (its file name).
  Status AddForm(const Json& doc, const std::string& where, std::string_view expected_id = {});
  Status AddCodeList(const Json& doc, const std::string& where, std::string_view expected_id = {});

  // Checks everything that spans documents (children, parents, code lists, expression
  // references, calculation cycles) and returns the finished set.
  Result<SchemaSet> Finish();

 private:
  struct FormEntry {
    FormDef form;
    std::string where;  // error path prefix of the document
  };
  struct ListEntry {
    CodeList list;
    std::string where;
  };

  Status CheckForm(const FormEntry& entry, const SchemaSet& set) const;
  Status CheckExpressions(const FormEntry& entry, const SchemaSet& set) const;
  Status OrderCalculations(const std::string& where, FormDef* form) const;

  std::vector<FormEntry> forms_;
  std::vector<ListEntry> lists_;
};

// Parses one schema file's text as JSON, refusing syntax errors (code schema_json, with
// line and column) and keys repeated in one object (a parser keeps only the last one,
// which would hide a mistake).
Result<Json> ParseSchemaJson(const SchemaFile& file);

// JSON pointer segment for a key: '~' → "~0", '/' → "~1".
std::string PointerSegment(std::string_view key);

// The normalised client JSON of one form / one code list (see SchemaSet::ToClientJson).
Json FormToJson(const FormDef& form);
Json CodeListToJson(const CodeList& list);

// "sha256:<hex>" of the bytes.
std::string Sha256Tag(std::string_view bytes);

}  // namespace sotay

// Fuzz target: the schema loader (core/schema_files.cc, core/schema_loader.cc,
// core/schema_check.cc) on one file's contents, checked against a real schema folder.
//
// Input: the first byte picks one file of a real schema folder, read once: the
// engine's small sample set (schemas/sample/) or the shipped forms (schemas/); the rest
// of the input replaces that file's text. The other files of that folder stay as they
// are, so a mutated form still meets real code lists and child forms and the loader's
// deep checks run, not only its JSON parse.
//
// Each execution does what SchemaSet::LoadFromFiles does for that folder, but the other
// files were parsed once at start-up: only the mutated text is parsed as JSON each time
// (that parse was nearly all the cost when every file was read again).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/detail/schema_builder.h"
#include "core/schema.h"

namespace {

struct ParsedFile {
  std::string path;  // "household.json", "code_lists/sex.json"
  std::string id;    // the file name without .json
  bool is_list = false;
  sotay::Json doc;
};
using Folder = std::vector<ParsedFile>;

Folder ReadSchemaFolder(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::vector<sotay::SchemaFile> files;
  for (const fs::path& dir : {root, root / "code_lists"}) {
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".json") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      files.push_back({fs::relative(e.path(), root).generic_string(), text.str()});
    }
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  if (files.empty() || !sotay::SchemaSet::LoadFromFiles(files).ok()) std::abort();
  Folder folder;
  for (const sotay::SchemaFile& f : files) {
    sotay::Result<sotay::Json> doc = sotay::ParseSchemaJson(f);
    if (!doc.ok()) std::abort();
    const bool is_list = f.path.rfind("code_lists/", 0) == 0;
    std::string name = is_list ? f.path.substr(std::string_view("code_lists/").size()) : f.path;
    folder.push_back({f.path, name.substr(0, name.size() - 5), is_list, std::move(*doc)});
  }
  return folder;
}

sotay::Status Add(sotay::SchemaSetBuilder& builder, const ParsedFile& f, const sotay::Json& doc) {
  return f.is_list ? builder.AddCodeList(doc, f.path + "#", f.id)
                   : builder.AddForm(doc, f.path + "#", f.id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Folder sample = ReadSchemaFolder(SOTAY_SCHEMA_DIR "/sample");
  static const Folder shipped = ReadSchemaFolder(SOTAY_SCHEMA_DIR);
  if (size == 0) return 0;
  size_t pick = data[0] % (sample.size() + shipped.size());
  const Folder& folder = pick < sample.size() ? sample : shipped;
  if (pick >= sample.size()) pick -= sample.size();
  const ParsedFile& mutated = folder[pick];

  // The mutated file first: most inputs stop here, before the rest of the folder is added.
  sotay::Result<sotay::Json> doc = sotay::ParseSchemaJson(
      {mutated.path, std::string(reinterpret_cast<const char*>(data + 1), size - 1)});
  if (!doc.ok()) return 0;
  sotay::SchemaSetBuilder builder;
  if (!Add(builder, mutated, *doc).ok()) return 0;
  for (size_t i = 0; i < folder.size(); ++i) {
    if (i != pick && !Add(builder, folder[i], folder[i].doc).ok()) std::abort();  // shipped: valid
  }
  sotay::Result<sotay::SchemaSet> set = builder.Finish();
  if (!set.ok()) return 0;
  // What the server sends the phone must load back on the phone, to the same set.
  sotay::Result<sotay::SchemaSet> back = sotay::SchemaSet::LoadFromJson(set->ToClientJson());
  if (!back.ok() || back->ContentHash() != set->ContentHash()) std::abort();
  return 0;
}

// Fuzz target: the schema loader (core/schema_loader.cc and friends) on file contents.
//
// Input: the first byte picks one file of the real schema folder (schemas/, read once);
// the rest of the input replaces that file's text. The other files stay as shipped, so
// a mutated form still meets real code lists and child forms and the loader's deep
// checks run, not only its JSON parse.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/schema.h"

namespace {

std::vector<sotay::SchemaFile> ReadSchemaFolder() {
  namespace fs = std::filesystem;
  const fs::path root = SOTAY_SCHEMA_DIR;
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
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<sotay::SchemaFile> shipped = ReadSchemaFolder();
  if (size == 0) return 0;
  std::vector<sotay::SchemaFile> files = shipped;
  files[data[0] % files.size()].text.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  sotay::Result<sotay::SchemaSet> set = sotay::SchemaSet::LoadFromFiles(files);
  if (set.ok()) {
    // What the server sends the phone must load back on the phone.
    if (!sotay::SchemaSet::LoadFromJson(set->ToClientJson()).ok()) std::abort();
  }
  return 0;
}

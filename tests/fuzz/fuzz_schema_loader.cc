// Fuzz target: the schema loader (core/schema_loader.cc and friends) on file contents.
//
// Input: the first byte picks one file of a real schema folder, read once: the
// engine's small sample set (schemas/sample/, fast) or the shipped forms (schemas/);
// the rest of the input replaces that file's text. The other files of that folder stay
// as they are, so a mutated form still meets real code lists and child forms and the
// loader's deep checks run, not only its JSON parse.
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

using Folder = std::vector<sotay::SchemaFile>;

Folder ReadSchemaFolder(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  Folder files;
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
  static const Folder sample = ReadSchemaFolder(SOTAY_SCHEMA_DIR "/sample");
  static const Folder shipped = ReadSchemaFolder(SOTAY_SCHEMA_DIR);
  if (size == 0) return 0;
  size_t pick = data[0] % (sample.size() + shipped.size());
  Folder files = pick < sample.size() ? sample : shipped;
  if (pick >= sample.size()) pick -= sample.size();
  files[pick].text.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  sotay::Result<sotay::SchemaSet> set = sotay::SchemaSet::LoadFromFiles(files);
  if (set.ok()) {
    // What the server sends the phone must load back on the phone.
    if (!sotay::SchemaSet::LoadFromJson(set->ToClientJson()).ok()) std::abort();
  }
  return 0;
}

// Loading a schema folder: the file layout, reading files, and JSON syntax errors with
// their line and column.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/detail/schema_builder.h"
#include "core/schema.h"

namespace sotay {
namespace {

constexpr std::string_view kJson = ".json";
constexpr std::string_view kListDir = "code_lists/";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Status IoError(const std::string& path, const std::string& vi, const std::string& en) {
  return Status::Error("schema_io", vi, en, path);
}

// 1-based line and column (in bytes) of byte offset `byte`.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

Status ReadFile(const std::filesystem::path& path, const std::string& shown, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(shown, "Không đọc được tệp", "Cannot read the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return IoError(shown, "Lỗi khi đọc tệp", "Error while reading the file");
  *out = buf.str();
  return Status::Ok();
}

// Appends every regular *.json file of `dir` (not recursive) as `prefix` + name.
Status ListJsonFiles(const std::filesystem::path& dir, const std::string& prefix,
                     std::vector<SchemaFile>* files) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    return IoError(dir.string(), "Không mở được thư mục: " + ec.message(),
                   "Cannot open the folder: " + ec.message());
  }
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    if (!EndsWith(name, kJson) || !it->is_regular_file(ec)) continue;
    SchemaFile f{prefix + name, {}};
    SOTAY_RETURN_IF_ERROR(ReadFile(it->path(), f.path, &f.text));
    files->push_back(std::move(f));
  }
  if (ec) {
    return IoError(dir.string(), "Lỗi khi đọc thư mục: " + ec.message(),
                   "Error while listing the folder: " + ec.message());
  }
  return Status::Ok();
}

}  // namespace

Result<Json> ParseSchemaJson(const SchemaFile& file) {
  std::vector<std::set<std::string>> keys;  // per open object
  std::string duplicate;
  auto on_event = [&](int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        keys.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second &&
            duplicate.empty()) {
          duplicate = parsed.get<std::string>();
        }
        break;
      default:
        break;
    }
    return true;
  };
  Json doc;
  try {
    doc = Json::parse(file.text, on_event);
  } catch (const Json::parse_error& e) {
    auto [line, col] = LineColumn(file.text, e.byte > 0 ? e.byte - 1 : 0);
    return Status::Error(
        "schema_json",
        "JSON không hợp lệ ở dòng " + std::to_string(line) + ", cột " + std::to_string(col),
        "Invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " +
            e.what(),
        file.path);
  } catch (const Json::exception& e) {
    // Valid syntax the parser still refuses, e.g. a number too large for a double
    // (out_of_range 406, "1e999999"): found by fuzz_schema_loader.
    return Status::Error("schema_json", "JSON có giá trị không đọc được (số quá lớn?)",
                         std::string("JSON holds a value that cannot be read: ") + e.what(),
                         file.path);
  }
  if (!duplicate.empty()) {
    return Status::Error("schema_json", "Khóa '" + duplicate + "' lặp lại trong một đối tượng",
                         "Key '" + duplicate + "' appears twice in one object", file.path);
  }
  return doc;
}

Result<SchemaSet> SchemaSet::LoadFromFiles(const std::vector<SchemaFile>& files) {
  std::vector<const SchemaFile*> sorted;
  for (const SchemaFile& f : files) sorted.push_back(&f);
  std::sort(sorted.begin(), sorted.end(),
            [](const SchemaFile* a, const SchemaFile* b) { return a->path < b->path; });
  SchemaSetBuilder builder;
  for (const SchemaFile* f : sorted) {
    std::string_view path = f->path;
    bool is_list = path.substr(0, kListDir.size()) == kListDir;
    std::string_view name = is_list ? path.substr(kListDir.size()) : path;
    if (!EndsWith(name, kJson) || name.size() == kJson.size() ||
        name.find('/') != std::string_view::npos) {
      return IoError(
          f->path,
          "Tệp không thuộc bố cục: biểu mẫu là <id>.json, danh mục là code_lists/<id>.json",
          "File outside the layout: forms are <id>.json, code lists code_lists/<id>.json");
    }
    std::string_view id = name.substr(0, name.size() - kJson.size());
    Result<Json> doc = ParseSchemaJson(*f);
    if (!doc.ok()) return doc.status();
    std::string where = f->path + "#";
    SOTAY_RETURN_IF_ERROR(is_list ? builder.AddCodeList(*doc, where, id)
                                  : builder.AddForm(*doc, where, id));
  }
  return builder.Finish();
}

Result<SchemaSet> SchemaSet::LoadDirectory(const std::string& dir) {
  std::vector<SchemaFile> files;
  SOTAY_RETURN_IF_ERROR(ListJsonFiles(dir, "", &files));
  if (files.empty()) {
    return IoError(dir, "Thư mục không có biểu mẫu nào (*.json)",
                   "The folder holds no form (*.json)");
  }
  std::filesystem::path lists = std::filesystem::path(dir) / "code_lists";
  std::error_code ec;
  if (std::filesystem::is_directory(lists, ec)) {
    SOTAY_RETURN_IF_ERROR(ListJsonFiles(lists, std::string(kListDir), &files));
  }
  return LoadFromFiles(files);
}

}  // namespace sotay

// TempDir: a fresh folder under the system's temp folder for a test's files, removed
// with everything in it when the object goes away. Works natively and under wasm
// (NODERAWFS: the real file system of node).
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

namespace sotay::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    std::string name = "sotay-test-";
    for (int i = 0; i < 4; ++i) name += std::to_string(rd());
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The path of `name` inside this folder.
  std::string File(std::string_view name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

  // Writes `content` to `relative` (creating folders) and returns the full path.
  std::string Write(const std::string& relative, const std::string& content) const {
    std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace sotay::testing

#include "server/ward/ward_files.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace sotay {

namespace fs = std::filesystem;

namespace {

// The backups of `db_path`, oldest first (the stamp in the name sorts by time).
std::vector<fs::path> BackupsOf(const std::string& db_path, std::error_code& ec) {
  const fs::path db(db_path);
  const std::string prefix = db.filename().string() + ".backup-";
  fs::path dir = db.parent_path().empty() ? fs::path(".") : db.parent_path();
  std::vector<fs::path> backups;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && e.is_regular_file()) backups.push_back(e.path());
  }
  std::sort(backups.begin(), backups.end());
  return backups;
}

}  // namespace

void RestrictWardFiles(const std::string& db_path) {
  constexpr fs::perms kOwnerOnly = fs::perms::owner_read | fs::perms::owner_write;
  std::error_code ec;
  std::vector<fs::path> files = BackupsOf(db_path, ec);
  for (const char* suffix : {"", "-wal", "-shm"}) files.emplace_back(db_path + suffix);
  for (const fs::path& f : files) {
    if (fs::exists(f, ec)) fs::permissions(f, kOwnerOnly, fs::perm_options::replace, ec);
  }
}

Result<std::vector<std::string>> PruneBackups(const std::string& db_path, int keep) {
  std::error_code ec;
  std::vector<fs::path> backups = BackupsOf(db_path, ec);
  if (ec) {
    return Status::Error("backup_prune_failed", "Không đọc được thư mục sao lưu: " + ec.message(),
                         "Cannot list the backup folder: " + ec.message());
  }
  std::vector<std::string> removed;
  const size_t kept = static_cast<size_t>(std::max(keep, 1));
  for (size_t i = 0; i + kept < backups.size(); ++i) {
    if (fs::remove(backups[i], ec)) removed.push_back(backups[i].string());
  }
  return removed;
}

}  // namespace sotay

// The files of a ward beside its database: the database itself (with -wal and -shm) and
// the online backups the server writes (POST /api/v1/backup):
// ward.db.backup-YYYYMMDD-HHMMSS, mode 0600 like every file of the server (main.cc sets
// umask 077). Only the newest kBackupsKept stay: each is a full copy of the ward's
// personal data, so old ones must not pile up on the disk (docs/huong-dan/quan-tri.md
// says how to keep copies off the machine, encrypted).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace sotay {

inline constexpr int kBackupsKept = 14;

// Makes the database, its -wal and -shm files and its backups readable by their owner
// only (0600): files made before umask 077 was set (main.cc) may be world-readable.
void RestrictWardFiles(const std::string& db_path);

// Deletes all but the newest `keep` backups of `db_path` (by the time in their names);
// returns the paths removed.
Result<std::vector<std::string>> PruneBackups(const std::string& db_path, int keep);

}  // namespace sotay

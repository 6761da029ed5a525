// Modes of the files the real commands write (main.cc's umask, ward_files.h) and the
// pruning of old backups.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "server/testing/api_test_util.h"
#include "server/ward/ward_files.h"
#include "tests/integration/child_process.h"

namespace sotay::testing {
namespace {

namespace fs = std::filesystem;
const std::string kServerExe = SOTAY_SERVER_EXE;

unsigned ModeOf(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// Runs the test body's child processes with the usual umask, restored afterwards.
struct UsualUmask {
  UsualUmask() : saved(::umask(022)) {}
  ~UsualUmask() { ::umask(saved); }
  mode_t saved;
};

}  // namespace

TEST_CASE("files: the database, WAL and backups are the owner's only", "[process][files]") {
  UsualUmask usual;
  TempDir dir;
  const std::string db = (dir.path() / "ward.db").string();
  dir.Write("pass.txt", "mot-cau-mat-khau-rat-dai\n");
  ProcessResult init = RunProcess({kServerExe, "init", "--db", db, "--ward", "Phường Thử",
                                   "--office-passphrase-file", (dir.path() / "pass.txt").string()});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  CHECK(ModeOf(db) == 0600);
  const std::string copy = (dir.path() / "copy.db").string();
  REQUIRE(RunProcess({kServerExe, "backup", "--db", db, "--out", copy}).exit_code == 0);
  CHECK(ModeOf(copy) == 0600);

  // A database left world-readable by an older version is tightened when served.
  ::chmod(db.c_str(), 0644);
  ChildProcess server({kServerExe, "serve", "--db", db, "--port", "0", "--threads", "1"});
  std::string line = server.ReadLine();
  REQUIRE(line.rfind("listening on http://127.0.0.1:", 0) == 0);
  CHECK(ModeOf(db) == 0600);
  for (const char* suffix : {"-wal", "-shm"}) {
    if (fs::exists(db + suffix)) CHECK(ModeOf(db + suffix) == 0600);
  }
  server.Signal(SIGTERM);
  CHECK(server.WaitExit() == 0);
}

TEST_CASE("files: only the newest backups are kept", "[api][files]") {
  WardServer ward;
  // Older backups from earlier days (the stamp in the name orders them).
  for (int day = 10; day < 30; ++day) {
    std::ofstream(ward.db_path + ".backup-202611" + std::to_string(day) + "-030000") << "old";
  }
  ApiClient c(ward);
  std::string token = Login(c, "minh");
  TestResponse r = c.Request("POST", "/api/v1/backup", "", AuthHeaders(token));
  REQUIRE(r.status == 200);
  const std::string made = r.JsonBody()["file"];
  CHECK(r.JsonBody()["kept"] == kBackupsKept);
  CHECK(r.JsonBody()["removed"].size() == 21 - kBackupsKept);
  int left = 0;
  for (const auto& e : fs::directory_iterator(ward.dir.path())) {
    if (e.path().filename().string().rfind("ward.db.backup-", 0) == 0) ++left;
  }
  CHECK(left == kBackupsKept);
  CHECK(fs::exists(made));
  CHECK_FALSE(fs::exists(ward.db_path + ".backup-20261110-030000"));
  CHECK(fs::exists(ward.db_path + ".backup-20261129-030000"));
}

}  // namespace sotay::testing

// The audit log's hash chain (audit_chain.h), `sotay-server audit-verify`, and actions
// that are refused when their audit entry cannot be written.
#include <sqlite3.h>

#include "server/store/sqlite_audit_chain.h"
#include "server/testing/api_test_util.h"
#include "tests/integration/child_process.h"

namespace sotay::testing {
namespace {

const std::string kVerifyExe = SOTAY_SERVER_EXE;

void ExecSql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(db_path.c_str(), &db) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

// Some audited actions: logins, a failed one, an enrollment.
void MakeSomeHistory(WardServer& ward) {
  ApiClient c(ward);
  Login(c, "lan");
  Login(c, "minh");
  c.Request("POST", "/api/v1/login", Json{{"username", "lan"}, {"password", "sai"}}.dump(),
            JsonHeaders());
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.enroll.status == 201);
}

}  // namespace

TEST_CASE("audit chain: entries are chained and verified", "[audit]") {
  WardServer ward;
  MakeSomeHistory(ward);
  ward.Stop();
  ProcessResult ok = RunProcess({kVerifyExe, "audit-verify", "--db", ward.db_path});
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("chain ok") != std::string::npos);
  CHECK(ok.out.find("(before the chain: 0)") != std::string::npos);
  const std::string newest = ok.out.substr(ok.out.find("newest ") + 7, 64);
  CHECK(
      RunProcess({kVerifyExe, "audit-verify", "--db", ward.db_path, "--noted", newest}).exit_code ==
      0);
  // The tail cut off (triggers dropped first): the noted value is gone.
  ExecSql(ward.db_path,
          "DROP TRIGGER acct_audit_no_delete;"
          "DELETE FROM acct_audit WHERE id = (SELECT MAX(id) FROM acct_audit);");
  ProcessResult cut =
      RunProcess({kVerifyExe, "audit-verify", "--db", ward.db_path, "--noted", newest});
  CHECK(cut.exit_code == 1);
  CHECK(cut.err.find("không còn trong nhật ký") != std::string::npos);

  // Someone with the file drops the triggers and edits an entry.
  ExecSql(ward.db_path,
          "DROP TRIGGER acct_audit_no_update;"
          "UPDATE acct_audit SET actor = 'user:ai-do' WHERE id = 2;");
  ProcessResult edited = RunProcess({kVerifyExe, "audit-verify", "--db", ward.db_path});
  CHECK(edited.exit_code == 1);
  CHECK(edited.err.find("at entry 2 ") != std::string::npos);
}

TEST_CASE("audit chain: a removed entry breaks the next one", "[audit]") {
  WardServer ward;
  MakeSomeHistory(ward);
  ward.Stop();
  ExecSql(ward.db_path, "DROP TRIGGER acct_audit_no_delete; DELETE FROM acct_audit WHERE id = 2;");
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(ward.db_path.c_str(), &db) == SQLITE_OK);
  Result<AuditChainReport> report = VerifyAuditChain(db);
  sqlite3_close(db);
  REQUIRE(report.ok());
  CHECK(report->first_broken_id == 3);
}

TEST_CASE("audit chain: blanked chain values after its start are a break", "[audit]") {
  WardServer ward;
  MakeSomeHistory(ward);
  ward.Stop();
  // Every value blanked would make every entry look older than the chain.
  ExecSql(ward.db_path, "DROP TRIGGER acct_audit_no_update; UPDATE acct_audit SET chain = '';");
  ProcessResult blanked = RunProcess({kVerifyExe, "audit-verify", "--db", ward.db_path});
  INFO(blanked.out << blanked.err);
  CHECK(blanked.exit_code == 1);
  CHECK(blanked.err.find("changed or cut") != std::string::npos);
  CHECK(blanked.err.find("at entry 1 ") != std::string::npos);
}

TEST_CASE("audit chain: removing the record of its start is a break", "[audit]") {
  WardServer ward;
  MakeSomeHistory(ward);
  ward.Stop();
  ExecSql(ward.db_path,
          "DROP TRIGGER acct_audit_chain_start_no_delete; DELETE FROM acct_audit_chain_start;");
  ProcessResult removed = RunProcess({kVerifyExe, "audit-verify", "--db", ward.db_path});
  INFO(removed.out << removed.err);
  CHECK(removed.exit_code == 1);
  CHECK(removed.err.find("where the audit chain starts") != std::string::npos);
}

TEST_CASE("audit chain: a log from before the chain keeps verifying after the upgrade", "[audit]") {
  WardServer ward;
  MakeSomeHistory(ward);
  ward.Stop();
  // The database as the release before the chain start left it: every entry unchained,
  // account-store migrations 5 and later not applied.
  ExecSql(ward.db_path,
          "DROP TRIGGER acct_audit_no_update; UPDATE acct_audit SET chain = '';"
          "CREATE TRIGGER acct_audit_no_update BEFORE UPDATE ON acct_audit"
          "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
          "DROP TABLE acct_audit_chain_start; DROP TABLE acct_session_stamps;"
          "ALTER TABLE acct_indicator_snapshots DROP COLUMN as_of;"
          "DELETE FROM acct_schema_version WHERE version >= 5;");
  int64_t before = 0;
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(ward.db_path.c_str(), &db) == SQLITE_OK);
    Result<AuditChainReport> legacy = VerifyAuditChain(db);
    sqlite3_close(db);
    REQUIRE(legacy.ok());
    CHECK(legacy->first_broken_id == 0);
    CHECK(legacy->unchained == legacy->entries);
    before = legacy->entries;
  }
  REQUIRE(before > 0);
  ward.Start();  // migrates: the chain start is the last unchained entry
  MakeSomeHistory(ward);
  ward.Stop();
  ProcessResult ok = RunProcess({kVerifyExe, "audit-verify", "--db", ward.db_path});
  INFO(ok.out << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("(before the chain: " + std::to_string(before) + ")") != std::string::npos);
  // A chained entry blanked later is not taken for an old one.
  ExecSql(ward.db_path,
          "DROP TRIGGER acct_audit_no_update; UPDATE acct_audit SET chain = '' WHERE id = " +
              std::to_string(before + 2) + ";");
  ProcessResult edited = RunProcess({kVerifyExe, "audit-verify", "--db", ward.db_path});
  CHECK(edited.exit_code == 1);
  CHECK(edited.err.find("at entry " + std::to_string(before + 2) + " ") != std::string::npos);
}

TEST_CASE("audit chain: the chain value covers every part", "[audit]") {
  const std::string base = AuditChainValue("", 1, "user:lan", "login", "lan", "{}");
  CHECK(base.size() == 64);
  CHECK(base != AuditChainValue("x", 1, "user:lan", "login", "lan", "{}"));
  CHECK(base != AuditChainValue("", 2, "user:lan", "login", "lan", "{}"));
  CHECK(base != AuditChainValue("", 1, "user:la", "nlogin", "lan", "{}"));
  CHECK(base != AuditChainValue("", 1, "user:lan", "login", "lan", "{ }"));
}

TEST_CASE("audit: a sign-in or enrollment that cannot be audited is refused", "[audit][api]") {
  WardServer ward;
  std::string code = AddCode(ward.db_path, "leader", {"tdp-01"});
  ExecSql(ward.db_path,
          "CREATE TRIGGER test_audit_broken BEFORE INSERT ON acct_audit "
          "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;");
  ApiClient c(ward);
  TestResponse login =
      c.Request("POST", "/api/v1/login",
                Json{{"username", "lan"}, {"password", "mat-khau-1"}}.dump(), JsonHeaders());
  CHECK(login.status >= 500);
  CHECK_FALSE(login.JsonBody().contains("token"));
  Phone phone(ward, code);
  CHECK(phone.enroll.status >= 500);
  CHECK_FALSE(phone.enroll.JsonBody().contains("device_id"));
}

}  // namespace sotay::testing

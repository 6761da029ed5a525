// HashWardData: ward data changes the fingerprint, account bookkeeping does not.
#include "server/store/data_hash.h"

#include <algorithm>

#include "server/testing/api_test_util.h"

namespace sotay {

using namespace testing;

TEST_CASE("data hash: covers ward data, skips account bookkeeping", "[data_hash]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  InitWard(db);
  Result<DataHash> first = HashWardData(db);
  REQUIRE(first.ok());
  CHECK(first->hex.size() == 64);
  CHECK(std::find(first->tables.begin(), first->tables.end(), "records") != first->tables.end());
  CHECK(std::find(first->tables.begin(), first->tables.end(), "acct_audit") == first->tables.end());

  // Bookkeeping: an audit entry, an enrollment code, a session.
  {
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    AuditEntry e{0, 1, "user:lan", "login", "lan", Json::object()};
    REQUIRE(opened->accounts->AppendAudit(e).ok());
    REQUIRE(opened->accounts->AddSession({"digest", "user", "lan", "office", {}, 1, 2}).ok());
  }
  AddCode(db, "trainee", {"tdp-01"});
  Result<DataHash> same = HashWardData(db);
  REQUIRE(same.ok());
  CHECK(same->hex == first->hex);

  // Ward data: a new group.
  {
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    REQUIRE(opened->accounts->AddGroup({"tdp-03", "Tổ dân phố số 3", 1}).ok());
  }
  Result<DataHash> changed = HashWardData(db);
  REQUIRE(changed.ok());
  CHECK(changed->hex != first->hex);
  CHECK(changed->rows == first->rows + 1);

  CHECK_FALSE(HashWardData((dir.path() / "none" / "x.db").string()).ok());
}

}  // namespace sotay

// `sotay-server snapshot`: this month's ward values of the plan's indicators.
#include "server/cli/snapshot_command.h"

#include <sstream>

#include "core/date.h"
#include "server/cli/commands.h"
#include "server/testing/api_test_util.h"

namespace sotay {

using namespace testing;

TEST_CASE("cli: snapshot stores this month's ward values", "[cli][dashboard]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  InitWard(db);
  std::string today = VietnamToday(SystemClock::Default());
  std::string month = today.substr(0, 7);
  {
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    ManualEntry e{0, "1", today.substr(0, 4) + "-01", 111, "", "user:lan", 1};
    REQUIRE(opened->accounts->AddManualValue(e).ok());
  }
  auto run = [](std::vector<std::string> args, std::string* out) {
    CommandRegistry registry;
    RegisterAllCommands(registry);
    std::istringstream in;
    std::ostringstream o, err;
    CommandIo io{in, o, err};
    int code = registry.Run(args, io);
    *out = o.str() + err.str();
    return code;
  };
  std::string out;
  int code = run({"snapshot", "--db", db, "--schemas", SchemasDir()}, &out);
  INFO(out);
  REQUIRE(code == 0);
  CHECK(out.find("snapshot " + month + ": ") == 0);

  Result<OpenedDatabase> opened = OpenDatabase(db);
  REQUIRE(opened.ok());
  Result<std::vector<IndicatorSnapshot>> rows = opened->accounts->ListSnapshots(month, month);
  REQUIRE(rows.ok());
  CHECK(rows->size() >= 26);
  bool found = false;
  for (const IndicatorSnapshot& s : *rows) {
    if (s.indicator == "1") {
      found = true;
      CHECK(s.value == 111);
    }
    if (s.indicator == "12") CHECK(!s.value.has_value());  // no households yet
  }
  CHECK(found);

  CHECK(run({"snapshot", "--db", (dir.path() / "none.db").string()}, &out) == 1);
  CHECK(run({"snapshot"}, &out) == 2);
}

}  // namespace sotay

// `sotay-server demo`: sizes beyond the old caps, group ids of a big ward, progress on
// stderr.
#include "server/cli/demo_command.h"

#include <sstream>

#include "core/date.h"
#include "core/derived_recompute.h"
#include "core/record_source.h"
#include "server/cli/commands.h"
#include "server/testing/api_test_util.h"
#include "server/ward/demo_ward.h"

namespace sotay {

using namespace testing;

namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome RunDemo(std::vector<std::string> args) {
  CommandRegistry registry;
  RegisterAllCommands(registry);
  std::istringstream in;
  std::ostringstream out, err;
  CommandIo io{in, out, err};
  args.insert(args.begin(), "demo");
  int code = registry.Run(args, io);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("DemoProgressLine: done, share, rate and time left", "[cli][demo]") {
  CHECK(DemoProgressLine(0, 1500000, 0) == "demo: 0 / 1500000 households (0.0 %)");
  CHECK(DemoProgressLine(12000, 1500000, 30) ==
        "demo: 12000 / 1500000 households (0.8 %), 400 households/s, about 1 h 02 min left");
  CHECK(DemoProgressLine(900, 1000, 9) ==
        "demo: 900 / 1000 households (90.0 %), 100 households/s, about 1 s left");
  CHECK(DemoProgressLine(1000, 1000, 4) ==
        "demo: 1000 / 1000 households (100.0 %), 250 households/s");
}

TEST_CASE("cli: demo writes more than 99 groups and reports progress", "[cli][demo]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  InitWard(db);  // tdp-01, tdp-02 exist already and stay
  Outcome r = RunDemo({"--db", db, "--groups", "150", "--households", "300", "--seed", "3",
                       "--schemas", SchemasDir()});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("demo ward: 150 groups, 300 households") == 0);
  // The last progress line is the whole ward.
  CHECK(r.err.find("demo: 300 / 300 households (100.0 %)") != std::string::npos);

  Result<OpenedDatabase> opened = OpenDatabase(db);
  REQUIRE(opened.ok());
  Result<std::vector<GroupInfo>> groups = opened->accounts->ListGroups();
  REQUIRE(groups.ok());
  CHECK(groups->size() == 152);
  Result<std::optional<GroupInfo>> last = opened->accounts->GetGroup("tdp-150");
  REQUIRE(last.ok());
  CHECK(last->has_value());
  RecordQuery q;
  q.type = "household";
  q.group_id = "tdp-001";
  Result<int64_t> first_group = opened->store->CountRecords(q);
  REQUIRE(first_group.ok());
  CHECK(*first_group == 2);
}

TEST_CASE("cli: demo refuses sizes beyond its bounds", "[cli][demo]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--groups", std::to_string(kDemoMaxGroups + 1)},
        std::vector<std::string>{"--groups", "0"},
        std::vector<std::string>{"--households", std::to_string(kDemoMaxHouseholds + 1)}}) {
    args.insert(args.begin(), {"--db", db, "--schemas", SchemasDir()});
    Outcome r = RunDemo(args);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(r.err.find(args[4] == "--groups" ? "groups" : "households") != std::string::npos);
  }
}

}  // namespace sotay

namespace sotay {

using namespace testing;

TEST_CASE("cli: demo makes the ward as of a day: today by default, or --as-of", "[cli][demo]") {
  TempDir dir;
  Result<SchemaSet> schemas = SchemaSet::LoadDirectory(SchemasDir());
  REQUIRE(schemas.ok());
  // The derived values the core would change in the ward if it were served on `day`.
  auto stale_on = [&](const std::string& db, const std::string& day) {
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    Result<std::vector<std::string>> ids = opened->store->RecordIds({.type = "household"});
    REQUIRE(ids.ok());
    REQUIRE(ids->size() == 20);
    CachedRecords records(*opened->store);
    Result<std::vector<DerivedWrite>> stale = RecomputeDerived(*schemas, records, *ids, day);
    REQUIRE(stale.ok());
    return stale->size();
  };
  std::string fixed = (dir.path() / "fixed.db").string();
  Outcome r = RunDemo({"--db", fixed, "--groups", "2", "--households", "20", "--as-of",
                       "2020-06-15", "--schemas", SchemasDir()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(stale_on(fixed, "2020-06-15") == 0);
  CHECK(stale_on(fixed, "2026-12-01") > 0);  // ages and card states of another day
  std::string today = (dir.path() / "today.db").string();
  REQUIRE(RunDemo({"--db", today, "--groups", "2", "--households", "20", "--schemas", SchemasDir()})
              .code == 0);
  CHECK(stale_on(today, VietnamToday(SystemClock::Default())) == 0);
  Outcome bad = RunDemo({"--db", (dir.path() / "bad.db").string(), "--as-of", "2026-13-01",
                         "--schemas", SchemasDir()});
  CHECK(bad.code != 0);
  CHECK(bad.err.find("--as-of") != std::string::npos);
}

}  // namespace sotay

// `sotay-server demo --db DB [--groups 60] [--households 40000] [--seed S] [--schemas DIR]`
#include <chrono>
#include <cstdint>
#include <ostream>

#include "server/demo_command.h"
#include "server/demo_ward.h"
#include "server/services.h"

namespace sotay {

namespace {

Status RunDemo(const ParsedArgs& args, CommandIo& io) {
  DemoOptions options;
  Result<int64_t> groups = ParseIntOption("groups", args.Get("groups", "60"), 1, 99);
  if (!groups.ok()) return groups.status();
  Result<int64_t> households =
      ParseIntOption("households", args.Get("households", "40000"), 0, 1000000);
  if (!households.ok()) return households.status();
  Result<int64_t> seed = ParseIntOption("seed", args.Get("seed", "1"), 0, INT64_MAX);
  if (!seed.ok()) return seed.status();
  options.groups = static_cast<int>(*groups);
  options.households = static_cast<int>(*households);
  options.seed = static_cast<uint64_t>(*seed);

  std::string dir = args.Has("schemas") ? args.Get("schemas") : FindSchemasDir();
  Result<SchemaSet> schemas = SchemaSet::LoadDirectory(dir);
  if (!schemas.ok()) return schemas.status();
  Result<OpenedDatabase> db = OpenDatabase(args.Get("db"));
  if (!db.ok()) return db.status();
  Result<int64_t> existing = db->store->CountRecords({});
  if (!existing.ok()) return existing.status();
  if (*existing > 0) {
    return Status::Error("not_empty", "Cơ sở dữ liệu đã có dữ liệu; dùng một tệp mới",
                         "The database already holds records; use a new file");
  }
  auto start = std::chrono::steady_clock::now();
  Result<DemoStats> stats = GenerateDemoWard(*db->store, *schemas, options, db->accounts.get());
  if (!stats.ok()) return stats.status();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  io.out << "demo ward: " << stats->groups << " groups, " << stats->households
         << " households, " << stats->persons << " persons, " << stats->assessments
         << " assessments, " << stats->changes << " changes in " << seconds << " s\n";
  return Status::Ok();
}

}  // namespace

void RegisterDemoCommand(CommandRegistry& registry) {
  registry.Add(Command{
      "demo",
      "Tạo phường mẫu tổng hợp (generate a synthetic demo ward)",
      {
          {"db", "PATH", "SQLite database to fill (new or without records)", true, false},
          {"groups", "N", "groups tdp-01..tdp-N (default 60)", false, false},
          {"households", "N", "households (default 40000)", false, false},
          {"seed", "S", "random seed: the same seed gives the same ward (default 1)", false,
           false},
          {"schemas", "DIR", "folder of form schemas (default: found beside the program)", false,
           false},
      },
      RunDemo,
  });
}

}  // namespace sotay

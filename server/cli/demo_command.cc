// `sotay-server demo --db DB [--groups 60] [--households 40000] [--seed S]
//                    [--as-of YYYY-MM-DD] [--schemas DIR]`
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ostream>

#include "core/date.h"
#include "server/cli/demo_command.h"
#include "server/ward/demo_ward.h"
#include "server/ward/services.h"

namespace sotay {

namespace {

Status RunDemo(const ParsedArgs& args, CommandIo& io) {
  DemoOptions options;
  Result<int64_t> groups = ParseIntOption("groups", args.Get("groups", "60"), 1, kDemoMaxGroups);
  if (!groups.ok()) return groups.status();
  Result<int64_t> households =
      ParseIntOption("households", args.Get("households", "40000"), 0, kDemoMaxHouseholds);
  if (!households.ok()) return households.status();
  Result<int64_t> seed = ParseIntOption("seed", args.Get("seed", "1"), 0, INT64_MAX);
  if (!seed.ok()) return seed.status();
  options.groups = static_cast<int>(*groups);
  options.households = static_cast<int>(*households);
  options.seed = static_cast<uint64_t>(*seed);
  // As of today by default: the server recomputes ages and date-bound facts for the day
  // it serves, so a ward made for another day would be rewritten on its first start.
  options.reference_date = args.Get("as-of", VietnamToday(SystemClock::Default()));
  if (!ParseDate(options.reference_date).ok()) {
    return Status::Error("bad_date", "Ngày --as-of phải có dạng YYYY-MM-DD",
                         "--as-of must be a date YYYY-MM-DD", "as-of");
  }

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
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  Clock::time_point last_line = start;
  // A line every few seconds (and at the end), so a long run is seen to move.
  options.on_progress = [&](const DemoStats& so_far) {
    const Clock::time_point now = Clock::now();
    if (so_far.households < options.households && now - last_line < std::chrono::seconds(5)) {
      return;
    }
    last_line = now;
    io.err << DemoProgressLine(so_far.households, options.households,
                               std::chrono::duration<double>(now - start).count())
           << std::endl;
  };
  Result<DemoStats> stats = GenerateDemoWard(*db->store, *schemas, options, db->accounts.get());
  if (!stats.ok()) return stats.status();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  io.out << "demo ward: " << stats->groups << " groups, " << stats->households << " households, "
         << stats->persons << " persons, " << stats->assessments << " assessments, "
         << stats->changes << " changes in " << seconds << " s\n";
  return Status::Ok();
}

}  // namespace

std::string DemoProgressLine(int64_t done, int64_t total, double seconds) {
  char buf[160];
  const double percent = total > 0 ? 100.0 * static_cast<double>(done) / total : 100.0;
  std::snprintf(buf, sizeof buf, "demo: %lld / %lld households (%.1f %%)",
                static_cast<long long>(done), static_cast<long long>(total), percent);
  std::string line = buf;
  if (done <= 0 || seconds <= 0) return line;
  const double rate = static_cast<double>(done) / seconds;
  std::snprintf(buf, sizeof buf, ", %.0f households/s", rate);
  line += buf;
  if (done >= total) return line;
  const long long left = static_cast<long long>(static_cast<double>(total - done) / rate + 0.5);
  if (left < 60) {
    std::snprintf(buf, sizeof buf, ", about %lld s left", left);
  } else {
    std::snprintf(buf, sizeof buf, ", about %lld h %02lld min left", left / 3600, left % 3600 / 60);
  }
  return line + buf;
}

void RegisterDemoCommand(CommandRegistry& registry) {
  registry.Add(Command{
      "demo",
      "Tạo phường mẫu tổng hợp (generate a synthetic demo ward)",
      {
          {"db", "PATH", "SQLite database to fill (new or without records)", true, false},
          {"groups", "N",
           "groups tdp-01..tdp-N, or tdp-001.. from 100 groups, tdp-0001.. from 1000 "
           "(default 60, at most 99999)",
           false, false},
          {"households", "N", "households (default 40000, at most 10000000)", false, false},
          {"seed", "S", "random seed: the same seed gives the same ward (default 1)", false, false},
          {"as-of", "DATE",
           "the day the ward is made for: ages, card expiries and assessment dates "
           "(default: today in Vietnam)",
           false, false},
          {"schemas", "DIR", "folder of form schemas (default: found beside the program)", false,
           false},
      },
      RunDemo,
  });
}

}  // namespace sotay

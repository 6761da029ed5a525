#include "server/cli/snapshot_command.h"

#include <filesystem>

#include "core/plan_period.h"
#include "server/ward/services.h"
#include "server/ward/ward_indicators.h"

namespace sotay {

namespace {

Status RunSnapshot(const ParsedArgs& args, CommandIo& io) {
  if (!std::filesystem::exists(args.Get("db"))) {
    return Status::Error("not_initialized", "Không có cơ sở dữ liệu (chạy init trước)",
                         "No database (run init first)", args.Get("db"));
  }
  ServicesOptions options;
  options.db_path = args.Get("db");
  options.schemas_dir = args.Has("schemas") ? args.Get("schemas") : std::string();
  options.readers = 1;
  Result<std::unique_ptr<ServerServices>> sv = ServerServices::Open(options);
  if (!sv.ok()) return sv.status();
  auto [year, month] = CurrentMonth((*sv)->clock());
  Result<ComputedIndicators> computed = ComputeIndicators(**sv, year);
  if (!computed.ok()) return computed.status();
  std::string name = MonthText(year, month);
  SOTAY_RETURN_IF_ERROR(SaveSnapshot(**sv, *computed, name));
  int64_t with_value = 0, total = 0;
  for (const IndicatorValue& v : computed->values) {
    if (!v.group_id.empty()) continue;
    ++total;
    with_value += v.value.has_value() ? 1 : 0;
  }
  SOTAY_RETURN_IF_ERROR((*sv)->Audit("cli", "snapshot", name, {{"indicators", total}}));
  io.out << "snapshot " << name << ": " << total << " indicators, " << with_value
         << " with a value\n";
  return Status::Ok();
}

}  // namespace

void RegisterSnapshotCommand(CommandRegistry& registry) {
  registry.Add(Command{
      "snapshot",
      "Lưu giá trị các chỉ tiêu của tháng này (store this month's indicator snapshot)",
      {
          {"db", "PATH", "the ward database", true, false},
          {"schemas", "DIR", "folder of form schemas (default: found beside the program)", false,
           false},
      },
      RunSnapshot,
  });
}

}  // namespace sotay

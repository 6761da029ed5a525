#include "server/cli/data_hash_command.h"

#include <filesystem>

#include "server/store/data_hash.h"

namespace sotay {

namespace {

Status RunDataHash(const ParsedArgs& args, CommandIo& io) {
  if (!std::filesystem::exists(args.Get("db"))) {
    return Status::Error("not_initialized", "Không có cơ sở dữ liệu", "No database",
                         args.Get("db"));
  }
  Result<DataHash> hash = HashWardData(args.Get("db"));
  if (!hash.ok()) return hash.status();
  io.out << hash->hex << "\n";
  io.out << "rows " << hash->rows << " in";
  for (const std::string& t : hash->tables) io.out << " " << t;
  io.out << "\n";
  return Status::Ok();
}

}  // namespace

void RegisterDataHashCommand(CommandRegistry& registry) {
  registry.Add(Command{
      "data-hash",
      "In dấu vân tay dữ liệu phường (print a fingerprint of the ward's data)",
      {{"db", "PATH", "the ward database (read only)", true, false}},
      RunDataHash,
  });
}

}  // namespace sotay

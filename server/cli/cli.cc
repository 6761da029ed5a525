#include "server/cli/cli.h"

#include <exception>
#include <iomanip>
#include <limits>
#include <ostream>

#include "core/version.h"

namespace sotay {

namespace {

std::string Join(const std::string& vi, const std::string& en) {
  if (en.empty() || en == vi) return vi;
  if (vi.empty()) return en;
  return vi + " / " + en;
}

bool IsHelp(const std::string& arg) { return arg == "--help" || arg == "-h"; }

const OptionSpec* FindSpec(const std::vector<OptionSpec>& specs, std::string_view name) {
  for (const OptionSpec& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace

std::string ParsedArgs::Get(std::string_view name, std::string_view fallback) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::string(fallback);
  return it->second.back();
}

std::vector<std::string> ParsedArgs::GetAll(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

Status UsageError(std::string message_vi, std::string message_en) {
  return Status::Error("usage", std::move(message_vi), std::move(message_en));
}

Result<ParsedArgs> ParseOptions(const std::vector<OptionSpec>& specs,
                                const std::vector<std::string>& args) {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      return UsageError("Đối số không mong đợi '" + arg + "'", "Unexpected argument '" + arg + "'");
    }
    size_t eq = arg.find('=');
    std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const OptionSpec* spec = FindSpec(specs, name);
    if (!spec) {
      return UsageError("Tùy chọn không hợp lệ --" + name, "Unknown option --" + name);
    }
    std::string value;
    if (spec->value_name.empty()) {
      if (eq != std::string::npos) {
        return UsageError("--" + name + " không nhận giá trị", "--" + name + " takes no value");
      }
    } else if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size() && args[i + 1].compare(0, 2, "--") != 0) {
      value = args[++i];
    } else {
      return UsageError("--" + name + " cần một giá trị " + spec->value_name,
                        "--" + name + " needs a value " + spec->value_name);
    }
    if (parsed.Has(name) && !spec->repeatable) {
      return UsageError("--" + name + " chỉ được dùng một lần", "--" + name + " given twice");
    }
    parsed.Add(name, std::move(value));
  }
  for (const OptionSpec& spec : specs) {
    if (spec.required && !parsed.Has(spec.name)) {
      return UsageError("Thiếu tùy chọn bắt buộc --" + spec.name,
                        "Missing required option --" + spec.name);
    }
  }
  return parsed;
}

Result<int64_t> ParseIntOption(std::string_view option, std::string_view text, int64_t min,
                               int64_t max) {
  auto bad = [&] {
    std::string range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
    return UsageError("--" + std::string(option) + " cần một số nguyên trong " + range,
                      "--" + std::string(option) + " needs an integer in " + range);
  };
  if (text.empty()) return bad();
  size_t i = 0;
  bool negative = text[0] == '-';
  if (negative) i = 1;
  if (i == text.size()) return bad();
  int64_t value = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    int digit = text[i] - '0';
    if (value > (std::numeric_limits<int64_t>::max() - digit) / 10) return bad();
    value = value * 10 + digit;
  }
  if (negative) value = -value;
  if (value < min || value > max) return bad();
  return value;
}

Result<int64_t> ParseDurationOption(std::string_view option, std::string_view text) {
  auto bad = [&] {
    return UsageError(
        "--" + std::string(option) + " cần một khoảng thời gian như 90s, 30m, 72h, 7d",
        "--" + std::string(option) + " needs a duration like 90s, 30m, 72h, 7d");
  };
  if (text.size() < 2) return bad();
  int64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return bad();
  }
  Result<int64_t> n = ParseIntOption(option, text.substr(0, text.size() - 1), 1,
                                     std::numeric_limits<int64_t>::max() / 86400);
  if (!n.ok()) return bad();
  return *n * unit;
}

Result<uint64_t> ParseSizeOption(std::string_view option, std::string_view text) {
  auto bad = [&] {
    return UsageError("--" + std::string(option) + " cần một kích thước như 8M, 512K",
                      "--" + std::string(option) + " needs a size like 8M, 512K");
  };
  uint64_t unit = 1;
  std::string_view digits = text;
  if (digits.size() > 2 && digits.substr(digits.size() - 2) == "iB") digits.remove_suffix(2);
  if (!digits.empty()) {
    switch (digits.back()) {
      case 'K':
        unit = 1ull << 10;
        break;
      case 'M':
        unit = 1ull << 20;
        break;
      case 'G':
        unit = 1ull << 30;
        break;
      default:
        break;
    }
    if (unit != 1) digits.remove_suffix(1);
  }
  Result<int64_t> n = ParseIntOption(option, digits, 1, int64_t{1} << 40);
  if (!n.ok()) return bad();
  return static_cast<uint64_t>(*n) * unit;
}

void CommandRegistry::Add(Command command) {
  std::string name = command.name;
  commands_[name] = std::move(command);
}

const Command* CommandRegistry::Find(std::string_view name) const {
  auto it = commands_.find(name);
  return it == commands_.end() ? nullptr : &it->second;
}

std::string CommandRegistry::UsageLine(const Command& command) const {
  std::string line = "usage: " + program_ + " " + command.name;
  for (const OptionSpec& o : command.options) {
    std::string word = "--" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    if (o.repeatable) word += " [--" + o.name + " " + o.value_name + " ...]";
    line += " " + (o.required ? word : "[" + word + "]");
  }
  return line;
}

void CommandRegistry::PrintTopHelp(std::ostream& out) const {
  out << "usage: " << program_ << " <subcommand> [options]\n\n"
      << "Sổ tay " << CoreVersion() << " — máy chủ đồng bộ và công cụ quản trị "
      << "(sync server and admin tools).\n\nsubcommands:\n";
  for (const auto& [name, command] : commands_) {
    out << "  " << std::left << std::setw(14) << name << command.summary << "\n";
  }
  out << "\n" << program_ << " <subcommand> --help shows the options of one subcommand.\n";
}

void CommandRegistry::PrintCommandHelp(const Command& command, std::ostream& out) const {
  out << UsageLine(command) << "\n\n" << command.summary << "\n\noptions:\n";
  for (const OptionSpec& o : command.options) {
    std::string word = "--" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
    out << "  " << std::left << std::setw(22) << word << o.help;
    if (o.required) out << " (required)";
    if (o.repeatable) out << " (repeatable)";
    out << "\n";
  }
  out << "  " << std::left << std::setw(22) << "--help"
      << "show this help\n";
}

int CommandRegistry::UsageFailure(const Command* command, const Status& error,
                                  std::ostream& err) const {
  std::string who = program_ + (command ? " " + command->name : "");
  err << who << ": " << Join(error.message_vi(), error.message_en()) << "\n";
  if (command) {
    err << UsageLine(*command) << "\n";
  } else {
    err << "usage: " << program_ << " <subcommand> [options]\n";
  }
  err << "Try '" << who << " --help'.\n";
  return 2;
}

int CommandRegistry::Run(const std::vector<std::string>& args, CommandIo& io) const {
  if (args.empty()) {
    return UsageFailure(nullptr, UsageError("Thiếu lệnh con", "Missing subcommand"), io.err);
  }
  const std::string& first = args[0];
  if (IsHelp(first) || first == "help") {
    PrintTopHelp(io.out);
    return 0;
  }
  if (first == "--version") {
    io.out << program_ << " " << CoreVersion() << "\n";
    return 0;
  }
  const Command* command = Find(first);
  if (!command) {
    return UsageFailure(
        nullptr,
        UsageError("Lệnh con không tồn tại '" + first + "'", "Unknown subcommand '" + first + "'"),
        io.err);
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const std::string& a : rest) {
    if (IsHelp(a)) {
      PrintCommandHelp(*command, io.out);
      return 0;
    }
  }
  Result<ParsedArgs> parsed = ParseOptions(command->options, rest);
  if (!parsed.ok()) return UsageFailure(command, parsed.status(), io.err);
  Status status;
  try {
    status = command->run(*parsed, io);
  } catch (const std::exception& e) {
    status = Status::Error("internal_error", "Lỗi không mong đợi: " + std::string(e.what()),
                           "Unexpected error: " + std::string(e.what()));
  }
  if (status.ok()) return 0;
  if (status.code() == "usage") return UsageFailure(command, status, io.err);
  io.err << program_ << " " << command->name << ": "
         << Join(status.message_vi(), status.message_en()) << "\n";
  return 1;
}

}  // namespace sotay

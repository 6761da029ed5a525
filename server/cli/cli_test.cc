#include "server/cli/cli.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "server/cli/commands.h"

namespace sotay {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"db", "PATH", "database", true, false},
    {"group", "ID", "group", false, true},
    {"ttl", "DURATION", "ttl", false, false},
    {"force", "", "flag", false, false},
};

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome RunCli(const CommandRegistry& registry, std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out, err;
  CommandIo io{in, out, err};
  int code = registry.Run(args, io);
  return {code, out.str(), err.str()};
}

CommandRegistry TestRegistry(std::string* seen) {
  CommandRegistry registry("sotay-server");
  registry.Add(Command{"enroll-code", "make a code", kSpecs,
                       [seen](const ParsedArgs& args, CommandIo& io) -> Status {
                         if (args.Get("ttl") == "bad") return UsageError("sai", "bad ttl");
                         if (args.Get("ttl") == "fail") {
                           return Status::Error("store_io", "không ghi được", "cannot write");
                         }
                         std::string groups;
                         for (const auto& g : args.GetAll("group")) groups += g + ",";
                         *seen = args.Get("db") + "|" + groups + "|" +
                                 (args.Has("force") ? "force" : "");
                         io.out << "CODE-123\n";
                         return Status::Ok();
                       }});
  return registry;
}

}  // namespace

TEST_CASE("ParseOptions: both value forms, repeatable options, flags", "[cli]") {
  Result<ParsedArgs> p = ParseOptions(
      kSpecs, {"--db", "w.db", "--group=tdp-05", "--group", "tdp-06", "--force", "--ttl=72h"});
  REQUIRE(p.ok());
  CHECK(p->Get("db") == "w.db");
  CHECK(p->GetAll("group") == std::vector<std::string>{"tdp-05", "tdp-06"});
  CHECK(p->Has("force"));
  CHECK(p->Get("ttl") == "72h");
  CHECK(p->Get("absent", "dflt") == "dflt");
  CHECK(p->GetAll("absent").empty());
  // A value may contain '=' and, in the --opt=value form, start with dashes.
  Result<ParsedArgs> q = ParseOptions(kSpecs, {"--db=a=b", "--ttl=--x"});
  REQUIRE(q.ok());
  CHECK(q->Get("db") == "a=b");
  CHECK(q->Get("ttl") == "--x");
}

TEST_CASE("ParseOptions: usage errors name the option", "[cli]") {
  auto err = [](std::vector<std::string> args) {
    Result<ParsedArgs> p = ParseOptions(kSpecs, args);
    REQUIRE_FALSE(p.ok());
    CHECK(p.status().code() == "usage");
    return p.status().message_en();
  };
  CHECK(err({}) == "Missing required option --db");
  CHECK(err({"--db"}).find("--db needs a value") == 0);
  CHECK(err({"--db", "--force"}).find("--db needs a value") == 0);
  CHECK(err({"--db", "x", "--nope"}) == "Unknown option --nope");
  CHECK(err({"--db", "x", "--db", "y"}) == "--db given twice");
  CHECK(err({"--db", "x", "--force=yes"}) == "--force takes no value");
  CHECK(err({"--db", "x", "stray"}) == "Unexpected argument 'stray'");
  CHECK(err({"-d", "x"}) == "Unexpected argument '-d'");
}

TEST_CASE("value parsers", "[cli]") {
  CHECK(*ParseIntOption("port", "8080", 0, 65535) == 8080);
  CHECK(*ParseIntOption("n", "-3", -5, 5) == -3);
  CHECK(ParseIntOption("port", "65536", 0, 65535).status().code() == "usage");
  CHECK_FALSE(ParseIntOption("port", "80a", 0, 65535).ok());
  CHECK_FALSE(ParseIntOption("port", "", 0, 65535).ok());
  CHECK_FALSE(ParseIntOption("port", "-", 0, 65535).ok());
  CHECK_FALSE(ParseIntOption("n", "99999999999999999999", 0, 100).ok());

  CHECK(*ParseDurationOption("ttl", "72h") == 72 * 3600);
  CHECK(*ParseDurationOption("ttl", "90s") == 90);
  CHECK(*ParseDurationOption("ttl", "30m") == 1800);
  CHECK(*ParseDurationOption("ttl", "7d") == 7 * 86400);
  CHECK_FALSE(ParseDurationOption("ttl", "72").ok());
  CHECK_FALSE(ParseDurationOption("ttl", "h").ok());
  CHECK_FALSE(ParseDurationOption("ttl", "0h").ok());
  CHECK_FALSE(ParseDurationOption("ttl", "-1h").ok());

  CHECK(*ParseSizeOption("body-limit", "8M") == 8u << 20);
  CHECK(*ParseSizeOption("body-limit", "8MiB") == 8u << 20);
  CHECK(*ParseSizeOption("body-limit", "512K") == 512u << 10);
  CHECK(*ParseSizeOption("body-limit", "1000") == 1000);
  CHECK_FALSE(ParseSizeOption("body-limit", "8X").ok());
  CHECK_FALSE(ParseSizeOption("body-limit", "M").ok());
  CHECK_FALSE(ParseSizeOption("body-limit", "0").ok());
}

TEST_CASE("registry: success runs the command, exit 0", "[cli]") {
  std::string seen;
  CommandRegistry registry = TestRegistry(&seen);
  Outcome o = RunCli(registry, {"enroll-code", "--db", "w.db", "--group", "a", "--group=b"});
  CHECK(o.code == 0);
  CHECK(o.out == "CODE-123\n");
  CHECK(o.err.empty());
  CHECK(seen == "w.db|a,b,|");
}

TEST_CASE("registry: --help anywhere prints help on stdout, exit 0", "[cli]") {
  std::string seen;
  CommandRegistry registry = TestRegistry(&seen);
  Outcome top = RunCli(registry, {"--help"});
  CHECK(top.code == 0);
  CHECK(top.out.find("enroll-code") != std::string::npos);
  Outcome sub = RunCli(registry, {"enroll-code", "--help"});
  CHECK(sub.code == 0);
  CHECK(sub.out.find("usage: sotay-server enroll-code --db PATH") == 0);
  CHECK(sub.out.find("--group ID") != std::string::npos);
  CHECK(sub.out.find("(repeatable)") != std::string::npos);
  // Even with otherwise wrong usage, --help wins and the command does not run.
  CHECK(RunCli(registry, {"enroll-code", "--bogus", "-h"}).code == 0);
  CHECK(seen.empty());
  CHECK(RunCli(registry, {"--version"}).code == 0);
}

TEST_CASE("registry: wrong usage exits 2 with a usage line on stderr", "[cli]") {
  std::string seen;
  CommandRegistry registry = TestRegistry(&seen);
  for (const auto& args :
       std::vector<std::vector<std::string>>{{},
                                             {"nope"},
                                             {"enroll-code"},
                                             {"enroll-code", "--db"},
                                             {"enroll-code", "--db", "x", "--ttl", "bad"}}) {
    Outcome o = RunCli(registry, args);
    INFO(o.err);
    CHECK(o.code == 2);
    CHECK(o.out.empty());
    CHECK(o.err.find("usage: sotay-server") != std::string::npos);
  }
  Outcome unknown = RunCli(registry, {"nope"});
  CHECK(unknown.err.find("Unknown subcommand 'nope'") != std::string::npos);
  CHECK(seen.empty());
}

TEST_CASE("registry: other failures exit 1 with one line on stderr", "[cli]") {
  std::string seen;
  CommandRegistry registry = TestRegistry(&seen);
  Outcome o = RunCli(registry, {"enroll-code", "--db", "x", "--ttl", "fail"});
  CHECK(o.code == 1);
  CHECK(o.err == "sotay-server enroll-code: không ghi được / cannot write\n");
}

TEST_CASE("the real registry has serve; serve needs --db and valid values", "[cli]") {
  CommandRegistry registry;
  RegisterAllCommands(registry);
  REQUIRE(registry.Find("serve") != nullptr);
  CHECK(RunCli(registry, {"serve", "--help"}).code == 0);
  CHECK(RunCli(registry, {"serve"}).code == 2);
  CHECK(RunCli(registry, {"serve", "--db", "x.db", "--port", "70000"}).code == 2);
  CHECK(RunCli(registry, {"serve", "--db", "x.db", "--tls-cert", "c.pem"}).code == 2);
  CHECK(RunCli(registry, {"serve", "--db", "x.db", "--body-limit", "lots"}).code == 2);
  // Startup failures are exit 1 with one line.
  Outcome o =
      RunCli(registry, {"serve", "--db", "x.db", "--port", "0", "--static", "/nonexistent/sotay"});
  CHECK(o.code == 1);
  CHECK(o.err.find("/nonexistent/sotay") != std::string::npos);
  CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
}

}  // namespace sotay

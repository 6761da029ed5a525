// The one table from error code to HTTP status (api_error.h): its statuses, and that every
// error code written in the sources of core/, sync/ and server/ is in it.
//
// The sources are read as text (SOTAY_SOURCE_DIR). A code is written as a string literal
// handed to something that makes an error of it:
//   - Status::Error("code", ...) (core/status.h), also as `cond ? "a" : "b"`;
//   - a ValidationIssue (core/validate.h): ValidationIssue{field, "code", ...} or
//     issues->push_back({field, "code", ...});
//   - ErrorResponse(status, "code", ...) (http_types.h) and ApiError("code", ...);
//   - a helper that passes a parameter named `code` on to one of these (AuthError,
//     Reject, ParseError, BadRequest, HttpApp::Reject, ...), found by the test itself, at
//     every call of it in its own file and in the files that include its header;
//   - a local variable `code` assigned literals (SqliteStatus: store_*), or a constant
//     kSomething = "code".
// Any other way of writing the code argument fails the test, so that a new way is taught
// here rather than missed.
#include "server/api/api_error.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace sotay {
namespace {

namespace fs = std::filesystem;

// Codes that never reach an HTTP answer, so they need no status (and are kept out of the
// table, which holds only codes an answer can carry).
const std::set<std::string_view> kNeverAnswered = {
    // The command line (server/cli/): subcommands report them on stderr, with an exit
    // status (docs/protocol.md "Command line").
    "usage",
    "already_exists",
    "already_initialized",
    "io_error",
    "office_key_mismatch",
    "role_mismatch",
    "audit_chain_broken",
    "audit_chain_cut",
    "bad_date",
    "not_empty",
    // The office key is unwrapped and values unsealed only by the office-key
    // subcommands (admin_commands.cc, core/office_keys.h); the server never holds it.
    "wrong_passphrase",
    "wrapped_secret_invalid",
    "seal_open_failed",
    // `serve` starting up: the server does not start, no request is answered.
    "listen_failed",
    "tls_config",
    "file_limit",
    "static_dir",
    "bad_route",
    "schemas_not_found",
    "indicator_registry",
    // The phone's sync client (sync/client.h): its own errors, never the server's.
    "record_deleted",
    "bad_response",
    // A review flag the server writes on a record (server_apply.h), not an error.
    "derived_replaced",
};
// Every schema_* code: the form schemas are loaded and checked when the server starts
// (services.h), never per request.
constexpr std::string_view kNeverAnsweredPrefix = "schema_";

bool NeverAnswered(std::string_view code) {
  return kNeverAnswered.count(code) != 0 || code.rfind(kNeverAnsweredPrefix, 0) == 0;
}

bool IsCodeText(std::string_view s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The ' of 2'000: not the start of a character literal.
bool DigitSeparator(const std::string& text, size_t i) {
  return i > 0 && std::isxdigit(static_cast<unsigned char>(text[i - 1])) && i + 1 < text.size() &&
         std::isxdigit(static_cast<unsigned char>(text[i + 1]));
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The source with comments blanked and raw string literals emptied; newlines (and so line
// numbers) and ordinary string literals are kept.
std::string StripComments(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  auto keep_newlines = [&](size_t from, size_t to) {
    for (size_t k = from; k < to && k < in.size(); ++k) out += in[k] == '\n' ? '\n' : ' ';
  };
  while (i < in.size()) {
    char c = in[i];
    if (c == '/' && i + 1 < in.size() && in[i + 1] == '/') {
      size_t e = in.find('\n', i);
      if (e == std::string::npos) e = in.size();
      keep_newlines(i, e);
      i = e;
    } else if (c == '/' && i + 1 < in.size() && in[i + 1] == '*') {
      size_t e = in.find("*/", i + 2);
      e = e == std::string::npos ? in.size() : e + 2;
      keep_newlines(i, e);
      i = e;
    } else if (c == 'R' && i + 1 < in.size() && in[i + 1] == '"' &&
               (i == 0 || !IsIdentChar(in[i - 1]))) {
      size_t open = in.find('(', i + 2);
      std::string close = ")" + in.substr(i + 2, open - (i + 2)) + "\"";
      size_t e = in.find(close, open);
      e = e == std::string::npos ? in.size() : e + close.size();
      out += "\"\"";
      keep_newlines(i + 2, e);
      i = e;
    } else if (c == '"' || (c == '\'' && !DigitSeparator(in, i))) {
      size_t e = i + 1;
      while (e < in.size() && in[e] != c) e += in[e] == '\\' ? 2 : 1;
      out.append(in, i, e + 1 - i);
      i = e + 1;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

struct Source {
  std::string path;  // from the repository's root: "server/ward/auth.cc"
  std::string text;  // StripComments of the file
};

std::vector<Source> ReadSources() {
  std::vector<Source> out;
  const fs::path root = SOTAY_SOURCE_DIR;
  for (const char* dir : {"core", "sync", "server"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file()) continue;
      std::string rel = fs::relative(entry.path(), root).generic_string();
      const std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cc") continue;
      // Tests and their helpers write codes to expect them, not to make them.
      if (rel.find("_test.cc") != std::string::npos ||
          rel.find("_test_util.h") != std::string::npos || rel.rfind("server/testing/", 0) == 0) {
        continue;
      }
      std::ifstream f(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << f.rdbuf();
      out.push_back({rel, StripComments(buffer.str())});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Source& a, const Source& b) { return a.path < b.path; });
  return out;
}

int LineOf(const std::string& text, size_t pos) {
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

// The top-level arguments of the call whose opening bracket is at `open`.
std::vector<std::string> ArgumentsAt(const std::string& text, size_t open) {
  std::vector<std::string> args;
  int depth = 0;
  std::string current;
  for (size_t i = open; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"' || (c == '\'' && !DigitSeparator(text, i))) {
      size_t e = i + 1;
      while (e < text.size() && text[e] != c) e += text[e] == '\\' ? 2 : 1;
      current.append(text, i, e + 1 - i);
      i = e;
      continue;
    }
    if (c == '(' || c == '{' || c == '[') {
      if (depth++ == 0) continue;
    } else if (c == ')' || c == '}' || c == ']') {
      if (--depth == 0) {
        if (!Trim(current).empty() || !args.empty()) args.push_back(Trim(current));
        return args;
      }
    } else if (c == ',' && depth == 1) {
      args.push_back(Trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  return args;
}

struct Call {
  size_t pos;   // of the name
  size_t open;  // of the bracket
  std::vector<std::string> args;
};

// Every `name(` (or `name{` with brace) in `text`, where name is not the tail of a longer
// identifier.
std::vector<Call> CallsOf(const std::string& text, std::string_view name, char bracket = '(') {
  std::vector<Call> calls;
  for (size_t p = text.find(name); p != std::string::npos; p = text.find(name, p + 1)) {
    if (p > 0 && IsIdentChar(text[p - 1])) continue;
    size_t q = p + name.size();
    if (q < text.size() && IsIdentChar(text[q])) continue;
    while (q < text.size() && std::isspace(static_cast<unsigned char>(text[q]))) ++q;
    if (q >= text.size() || text[q] != bracket) continue;
    // "struct ValidationIssue {" declares, it does not call.
    const std::string before = Trim(text.substr(p >= 8 ? p - 8 : 0, p >= 8 ? 8 : p));
    if (before.size() >= 5 &&
        (before.compare(before.size() - 5, 5, "class") == 0 ||
         (before.size() >= 6 && before.compare(before.size() - 6, 6, "struct") == 0))) {
      continue;
    }
    calls.push_back({p, q, ArgumentsAt(text, q)});
  }
  return calls;
}

// The string literals in `arg`, unescaped only as far as codes need (they have no escapes).
std::vector<std::string> LiteralsIn(const std::string& arg) {
  std::vector<std::string> out;
  for (size_t i = arg.find('"'); i != std::string::npos; i = arg.find('"', i + 1)) {
    size_t e = i + 1;
    while (e < arg.size() && arg[e] != '"') e += arg[e] == '\\' ? 2 : 1;
    out.push_back(arg.substr(i + 1, e - i - 1));
    i = e;
  }
  return out;
}

struct Forwarder {
  std::string name;
  size_t index;      // of the `code` parameter
  std::string file;  // where it is defined
  bool operator<(const Forwarder& o) const {
    return std::tie(name, index, file) < std::tie(o.name, o.index, o.file);
  }
};

struct Scan {
  std::map<std::string, std::set<std::string>> codes;  // code -> "file:line" where written
  std::vector<std::string> unrecognised;               // "file:line: argument"
  std::set<Forwarder> forwarders;
  std::map<std::string, int> explicit_status;  // "code" -> status written with it
  std::vector<std::string> explicit_mismatch;
};

class CodeScanner {
 public:
  explicit CodeScanner(std::vector<Source> sources) : sources_(std::move(sources)) {
    for (const Source& s : sources_) {
      for (size_t p = s.text.find("#include \""); p != std::string::npos;
           p = s.text.find("#include \"", p + 1)) {
        size_t b = p + 10, e = s.text.find('"', b);
        includes_[s.path].push_back(s.text.substr(b, e - b));
      }
      static const std::regex constant(R"re(\b(k\w+)\s*=\s*"([a-z][a-z0-9_]*)")re");
      for (std::sregex_iterator it(s.text.begin(), s.text.end(), constant), end; it != end; ++it) {
        constants_[(*it)[1]] = (*it)[2];
      }
    }
  }

  Scan Run() {
    for (const Source& s : sources_) {
      for (const Call& c : CallsOf(s.text, "Status::Error")) CodeArgument(s, c, 0);
      for (const Call& c : CallsOf(s.text, "ValidationIssue", '{')) CodeArgument(s, c, 1);
      for (const Call& c : CallsOf(s.text, "push_back")) IssuePushBack(s, c);
      for (const Call& c : CallsOf(s.text, "ErrorResponse")) {
        CodeArgument(s, c, 1);
        ExplicitStatus(s, c);
      }
      for (const Call& c : CallsOf(s.text, "Reject")) ExplicitStatus(s, c);
      for (const Call& c : CallsOf(s.text, "ApiError")) CodeArgument(s, c, 0);
    }
    // Helpers found along the way, and the helpers of helpers.
    std::set<Forwarder> done;
    while (true) {
      std::vector<Forwarder> todo;
      for (const Forwarder& f : scan_.forwarders) {
        if (done.insert(f).second) todo.push_back(f);
      }
      if (todo.empty()) break;
      for (const Forwarder& f : todo) CallsOfForwarder(f);
    }
    return std::move(scan_);
  }

 private:
  // `call` hands its argument `index` on as a code.
  void CodeArgument(const Source& s, const Call& call, size_t index) {
    // A code is always followed by its two messages, Vietnamese and English (status.h);
    // fewer arguments is another overload (ApiError(status), ErrorResponse(404, status)).
    if (call.args.size() < index + 3) return;
    const std::string& arg = call.args[index];
    const std::string where = s.path + ":" + std::to_string(LineOf(s.text, call.pos));
    // A declaration of the helper itself ("std::string code"): not a call.
    static const std::regex parameter(R"re(^(const\s+)?[\w:<>]+\s*[&*]?\s*code$)re");
    if (std::regex_match(arg, parameter)) return;
    std::vector<std::string> literals = LiteralsIn(arg);
    if (!literals.empty()) {
      // "code", std::string("code") or cond ? "a" : "b".
      static const std::regex one(R"re(^(std::string\()?"[a-z][a-z0-9_]*"\)?$)re");
      const bool ternary = arg.find('?') != std::string::npos;
      if (!std::regex_match(arg, one) && !ternary) {
        scan_.unrecognised.push_back(where + ": " + arg);
        return;
      }
      for (const std::string& code : literals) {
        if (IsCodeText(code)) {
          scan_.codes[code].insert(where);
        } else {
          scan_.unrecognised.push_back(where + ": " + arg);
        }
      }
      return;
    }
    // Another Status's (or issue's) code, passed on: written where that one was made.
    static const std::regex passed(R"re(^.*(\.|->)code(\(\))?$)re");
    if (std::regex_match(arg, passed)) return;
    // A constant kName = "code".
    static const std::regex constant(R"re(^(std::string\()?(k\w+)\)?$)re");
    if (std::smatch m; std::regex_match(arg, m, constant)) {
      auto it = constants_.find(m[2]);
      if (it != constants_.end()) {
        scan_.codes[it->second].insert(where);
        return;
      }
    }
    // The parameter or variable `code`.
    static const std::regex variable(R"re(^(std::move\(|std::string\()?code\)?$)re");
    if (std::regex_match(arg, variable)) {
      CodeVariable(s, call.pos, where);
      return;
    }
    scan_.unrecognised.push_back(where + ": " + arg);
  }

  // `code` at `pos`: a parameter of the enclosing function (a helper, whose calls hold the
  // codes) or a local variable assigned literals.
  void CodeVariable(const Source& s, size_t pos, const std::string& where) {
    const size_t from = pos > 3000 ? pos - 3000 : 0;
    const std::string window = s.text.substr(from, pos - from);
    static const std::regex header(
        R"re((\w+)\s*(=\s*\[[^\]]*\]\s*)?\(([^()]*)\)\s*(const\s*)?(->\s*[\w:<>]+\s*)?\{)re");
    static const std::set<std::string> keywords = {"if", "for", "while", "switch", "catch"};
    std::smatch last;
    bool found = false;
    for (std::sregex_iterator it(window.begin(), window.end(), header), end; it != end; ++it) {
      if (keywords.count((*it)[1]) == 0) {
        last = *it;
        found = true;
      }
    }
    if (found) {
      std::vector<std::string> params;
      std::stringstream list(last[3].str());
      for (std::string p; std::getline(list, p, ',');) params.push_back(Trim(p));
      static const std::regex code_param(R"re(^.*[\s&*]code(\s*=.*)?$)re");
      for (size_t i = 0; i < params.size(); ++i) {
        if (std::regex_match(params[i], code_param)) {
          scan_.forwarders.insert({last[1], i, s.path});
          return;
        }
      }
    }
    static const std::regex assigned(R"re(\bcode\s*=\s*"([a-z][a-z0-9_]*)")re");
    bool any = false;
    for (std::sregex_iterator it(s.text.begin(), s.text.end(), assigned), end; it != end; ++it) {
      scan_.codes[(*it)[1]].insert(s.path + ":" + std::to_string(LineOf(s.text, it->position())));
      any = true;
    }
    if (!any) scan_.unrecognised.push_back(where + ": code (no helper, no literal assigned)");
  }

  // issues->push_back({field, "code", vi, en}) and issues.push_back(...): a ValidationIssue.
  void IssuePushBack(const Source& s, const Call& call) {
    std::string before =
        s.text.substr(call.pos >= 8 ? call.pos - 8 : 0, call.pos >= 8 ? 8 : call.pos);
    if (before.find("issues") == std::string::npos) return;
    if (call.args.size() != 1 || call.args[0].empty() || call.args[0][0] != '{') return;
    Call inner = call;
    inner.args = ArgumentsAt(s.text, s.text.find('{', call.open));
    CodeArgument(s, inner, 1);
  }

  // ErrorResponse(404, "not_found", ...) or Reject(413, "body_too_large", ...): a status
  // written beside its code, which must be the table's.
  void ExplicitStatus(const Source& s, const Call& call) {
    if (call.args.size() < 4) return;
    static const std::regex status(R"re(^[1-5][0-9][0-9]$)re");
    static const std::regex code(R"re(^"([a-z][a-z0-9_]*)"$)re");
    std::smatch m;
    if (!std::regex_match(call.args[0], status) || !std::regex_match(call.args[1], m, code)) return;
    const int written = std::stoi(call.args[0]);
    scan_.explicit_status[m[1]] = written;
    if (ApiStatusFor(m[1].str()) != written) {
      scan_.explicit_mismatch.push_back(s.path + ":" + std::to_string(LineOf(s.text, call.pos)) +
                                        ": " + m[1].str() + " written with " + call.args[0] +
                                        ", the table says " +
                                        std::to_string(ApiStatusFor(m[1].str())));
    }
  }

  // The calls of a helper: in its own file and, when its header declares it, in every
  // file that includes that header (directly or not). A helper of a .cc file alone (in an
  // unnamed namespace, a lambda) is called only there; another file may have its own
  // function of the same name (server_apply.cc's Reject).
  void CallsOfForwarder(const Forwarder& f) {
    std::string header = f.file;
    if (header.size() > 3 && header.compare(header.size() - 3, 3, ".cc") == 0) {
      header = header.substr(0, header.size() - 3) + ".h";
    }
    const Source* declared = Find(header);
    const bool shared = declared != nullptr && !CallsOf(declared->text, f.name).empty();
    for (const Source& s : sources_) {
      if (s.path != f.file && !(shared && Includes(s.path, header))) continue;
      for (const Call& c : CallsOf(s.text, f.name)) CodeArgument(s, c, f.index);
    }
  }

  const Source* Find(const std::string& path) const {
    for (const Source& s : sources_) {
      if (s.path == path) return &s;
    }
    return nullptr;
  }

  // True when `file` includes `header`, directly or through other headers.
  bool Includes(const std::string& file, const std::string& header) {
    std::set<std::string>& all = closure_[file];
    if (all.empty()) {
      std::vector<std::string> todo = {file};
      while (!todo.empty()) {
        std::string f = todo.back();
        todo.pop_back();
        if (!all.insert(f).second) continue;
        for (const std::string& h : includes_[f]) todo.push_back(h);
      }
    }
    return all.count(header) != 0;
  }

  std::vector<Source> sources_;
  std::map<std::string, std::string> constants_;
  std::map<std::string, std::vector<std::string>> includes_;  // direct, of the project
  std::map<std::string, std::set<std::string>> closure_;      // direct and indirect
  Scan scan_;
};

const Scan& TreeScan() {
  static const Scan scan = CodeScanner(ReadSources()).Run();
  return scan;
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "  " + l + "\n";
  return out;
}

}  // namespace

TEST_CASE("ApiStatusFor: the statuses clients know; a code nobody classified is a 500",
          "[errors]") {
  CHECK(ApiStatusFor("malformed_json") == 400);
  CHECK(ApiStatusFor("unknown_field") == 400);
  CHECK(ApiStatusFor("method_not_allowed") == 405);
  CHECK(ApiStatusFor("body_too_large") == 413);
  CHECK(ApiStatusFor("unsupported_media_type") == 415);
  CHECK(ApiStatusFor("unauthorized") == 401);
  CHECK(ApiStatusFor("enroll_code_invalid") == 403);
  CHECK(ApiStatusFor("too_many_attempts") == 429);
  CHECK(ApiStatusFor("store_io") == 503);
  CHECK(ApiStatusFor("store_busy") == 503);
  CHECK(ApiStatusFor("no_code_is_called_this") == 500);

  HttpResponse r = ApiError(Status::Error("not_found", "không thấy", "not found"));
  CHECK(r.status == 404);
  CHECK_FALSE(Json::parse(r.body)["error"].contains("field"));
  HttpResponse own = ApiError("user_exists", "Đã có", "Exists", "username");
  CHECK(own.status == 409);
  CHECK(Json::parse(own.body)["error"]["field"] == "username");
}

TEST_CASE("the scan of the sources finds codes made every way", "[errors]") {
  const Scan& scan = TreeScan();
  // One code of each way of writing it: if the scan stops finding them, it is broken.
  for (const char* code : {
           "unauthorized",       // AuthError (server/ward/auth.h)
           "hlc_node_mismatch",  // Reject (sync/push_checks.cc)
           "body_too_large",     // HttpApp::Reject (the session)
           "expr_arity",         // ParseError (core/expr_parser.cc)
           "not_in_list",        // Issue (core/validate_value.cc)
           "required",           // issues->push_back({...}) (core/validate.cc)
           "unknown_type",       // ValidationIssue{...} and BadRequest (api/)
           "store_busy",         // SqliteStatus's local variable
           "tls_config",         // a lambda (http_server.cc)
           "not_found",          // ErrorResponse(404, ...) (the router)
           "too_many_attempts",  // ApiError("...", ...) (api/auth_routes.cc)
           "derived_replaced",   // a constant (sync/server_apply.h)
       }) {
    INFO(code);
    CHECK(scan.codes.count(code) == 1);
  }
  CHECK(scan.codes.size() > 100);
}

TEST_CASE("every error code in the tree has its status in the one table", "[errors]") {
  const Scan& scan = TreeScan();
  const std::map<std::string_view, int>& table = ErrorStatusTable();

  INFO("code arguments the scan does not understand (teach api_error_test.cc):\n"
       << Lines(scan.unrecognised));
  CHECK(scan.unrecognised.empty());

  std::vector<std::string> missing, both;
  for (const auto& [code, where] : scan.codes) {
    const bool listed = table.count(code) != 0;
    if (!listed && !NeverAnswered(code)) missing.push_back(code + " (" + *where.begin() + ")re");
    if (listed && NeverAnswered(code)) both.push_back(code);
  }
  INFO("codes with no status (add them to kErrorStatus in api_error.cc):\n" << Lines(missing));
  CHECK(missing.empty());
  INFO("codes both in the table and said never to reach HTTP:\n" << Lines(both));
  CHECK(both.empty());

  std::vector<std::string> stale;
  for (const auto& [code, status] : table) {
    if (scan.codes.count(std::string(code)) == 0) stale.push_back(std::string(code));
  }
  INFO("table entries no source writes (remove them):\n" << Lines(stale));
  CHECK(stale.empty());
  std::vector<std::string> stale_never;
  for (std::string_view code : kNeverAnswered) {
    if (scan.codes.count(std::string(code)) == 0) stale_never.push_back(std::string(code));
  }
  INFO("never-answered codes no source writes (remove them):\n" << Lines(stale_never));
  CHECK(stale_never.empty());
}

TEST_CASE("a status written beside its code is the table's; only api_error.cc picks one",
          "[errors]") {
  const Scan& scan = TreeScan();
  INFO("statuses that disagree with the table:\n" << Lines(scan.explicit_mismatch));
  CHECK(scan.explicit_mismatch.empty());
  // The http layer's own answers are among them.
  for (const char* code : {"not_found", "method_not_allowed", "internal_error", "bad_request",
                           "body_too_large", "headers_too_large"}) {
    INFO(code);
    CHECK(scan.explicit_status.count(code) == 1);
  }

  std::vector<std::string> pickers;
  for (const Source& s : ReadSources()) {
    if (s.path.rfind("server/api/", 0) != 0 || s.path == "server/api/api_error.cc") continue;
    for (const Call& c : CallsOf(s.text, "ErrorResponse")) {
      pickers.push_back(s.path + ":" + std::to_string(LineOf(s.text, c.pos)));
    }
  }
  INFO("API handlers answer errors with ApiError, never ErrorResponse:\n" << Lines(pickers));
  CHECK(pickers.empty());
}

}  // namespace sotay

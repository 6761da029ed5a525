// Compiling regex() patterns safely. The standard library compiles patterns recursively
// and expands {n,m} by copying the repeated part, so hostile patterns could exhaust the
// stack or memory; a cheap pre-scan bounds both before std::regex sees the pattern.
#include <cstdint>
#include <string>
#include <vector>

#include "core/detail/expr_ast.h"

namespace sotay::expr_detail {
namespace {

// libstdc++ (the server) matches ECMAScript patterns by backtracking, which takes
// exponential time on patterns like '(a*)*b' or '.**x' — and a computed pattern can
// come from a pushed value. Its __polynomial option matches breadth-first instead, in
// time bounded by value length × pattern size (patterns with back-references are then
// refused: error_complexity). libc++ (the phone's wasm) has no such option, so there
// the limits of ScanPattern and kMaxRegexInput are all the protection.
#ifdef __GLIBCXX__
constexpr std::regex::flag_type kSyntax =
    std::regex::ECMAScript | std::regex_constants::__polynomial;
#else
constexpr std::regex::flag_type kSyntax = std::regex::ECMAScript;
#endif

constexpr size_t kMaxPatternBytes = 512;
constexpr int kMaxGroupDepth = 16;
constexpr uint64_t kMaxRepeat = 1000;         // largest n or m in {n,m}
constexpr uint64_t kMaxExpandedSize = 20000;  // atoms after expanding {n,m}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads the digits at p[j], moving j past all of them; the value saturates just above
// kMaxRepeat, so a count of any length is read whole and never overflows.
uint64_t ReadCount(const std::string& p, size_t* j) {
  uint64_t n = 0;
  for (; *j < p.size() && IsDigit(p[*j]); ++*j) {
    if (n <= kMaxRepeat) n = n * 10 + static_cast<uint64_t>(p[*j] - '0');
  }
  return n;
}

// Reads "{n}", "{n,}" or "{n,m}" at p[i]; returns the largest count, or nullopt when the
// brace is a literal character. Moves i past the quantifier.
std::optional<uint64_t> ReadBraces(const std::string& p, size_t* i) {
  size_t j = *i + 1;
  const size_t start = j;
  const uint64_t n = ReadCount(p, &j);
  if (j == start) return std::nullopt;
  uint64_t m = n;
  if (j < p.size() && p[j] == ',') {
    ++j;
    m = ReadCount(p, &j);
  }
  if (j >= p.size() || p[j] != '}') return std::nullopt;
  *i = j;
  return n > m ? n : m;
}

// Checks the limits above; on failure returns false and says why.
bool ScanPattern(const std::string& p, std::string* why_vi, std::string* why_en) {
  if (p.size() > kMaxPatternBytes) {
    *why_vi = "mẫu dài quá " + std::to_string(kMaxPatternBytes) + " byte";
    *why_en = "pattern longer than " + std::to_string(kMaxPatternBytes) + " bytes";
    return false;
  }
  // Whatever the scan below makes of the context, a '{' or '\\' followed by more digits
  // than kMaxRepeat has is refused, and so is a '{n,' followed by such a number: the
  // standard library reads them as a count or a back-reference number, in a `long` that
  // overflows, before it finds out whether the brace is a quantifier at all.
  const size_t max_digits = std::to_string(kMaxRepeat).size();
  auto too_many_digits = [&](size_t j) {
    size_t k = j;
    while (k < p.size() && IsDigit(p[k])) ++k;
    return k - j > max_digits ? std::string::npos : k;
  };
  for (size_t i = p.find_first_of("{\\"); i != std::string::npos;
       i = p.find_first_of("{\\", i + 1)) {
    size_t j = too_many_digits(i + 1);
    if (j != std::string::npos && p[i] == '{' && j < p.size() && p[j] == ',') {
      j = too_many_digits(j + 1);
    }
    if (j != std::string::npos) continue;
    if (p[i] == '{') {
      *why_vi = "số lần lặp lớn hơn " + std::to_string(kMaxRepeat);
      *why_en = "repeat count above " + std::to_string(kMaxRepeat);
    } else {
      *why_vi = "không hỗ trợ tham chiếu ngược (\\số)";
      *why_en = "back-references (\\number) are not supported";
    }
    return false;
  }
  std::vector<uint64_t> outer;  // size of the enclosing groups so far
  uint64_t size = 0;            // size of the current group so far
  uint64_t last = 0;            // size of the last atom, which a quantifier repeats
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    uint64_t atom = 1;
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      ++i;
      if (i < p.size() && p[i] == '^') ++i;
      // ECMAScript: "[]" is an empty class and "[^]" any character; ']' first is not
      // a literal as in POSIX.
      while (i < p.size() && p[i] != ']') i += p[i] == '\\' ? 2 : 1;
    } else if (c == '(') {
      if (static_cast<int>(outer.size()) >= kMaxGroupDepth) {
        *why_vi = "lồng quá " + std::to_string(kMaxGroupDepth) + " nhóm";
        *why_en = "more than " + std::to_string(kMaxGroupDepth) + " nested groups";
        return false;
      }
      outer.push_back(size);
      size = 0;
      continue;
    } else if (c == ')' && !outer.empty()) {
      atom = size + 1;
      size = outer.back();
      outer.pop_back();
    } else if (c == '+') {
      atom = last;  // a+ is compiled as a a*
    } else if (c == '{') {
      size_t j = i;
      if (std::optional<uint64_t> count = ReadBraces(p, &j)) {
        if (*count > kMaxRepeat) {
          *why_vi = "số lần lặp lớn hơn " + std::to_string(kMaxRepeat);
          *why_en = "repeat count above " + std::to_string(kMaxRepeat);
          return false;
        }
        i = j;
        atom = *count > 0 ? last * (*count - 1) : 0;
      }
    }
    size += atom;
    last = atom;
    if (size > kMaxExpandedSize) {
      *why_vi = "mẫu quá phức tạp";
      *why_en = "pattern too complex";
      return false;
    }
  }
  return true;
}

}  // namespace

std::shared_ptr<const std::regex> CompilePattern(const std::string& pattern, std::string* error_vi,
                                                 std::string* error_en) {
  if (!ScanPattern(pattern, error_vi, error_en)) return nullptr;
  try {
    return std::make_shared<const std::regex>(pattern, kSyntax);
  } catch (const std::exception& e) {
    *error_vi = std::string("mẫu không hợp lệ (") + e.what() + ")";
    *error_en = std::string("invalid pattern (") + e.what() + ")";
    return nullptr;
  }
}

}  // namespace sotay::expr_detail

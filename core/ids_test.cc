#include "core/ids.h"

#include <catch2/catch.hpp>
#include <unordered_set>

namespace sotay {
namespace {

TEST_CASE("NewUuid makes well-formed, distinct version 4 UUIDs") {
  std::unordered_set<std::string> seen;
  int malformed = 0;
  for (int i = 0; i < 10000; ++i) {
    std::string id = NewUuid();
    const bool ok = IsUuid(id) && id[14] == '4' &&
                    std::string_view("89ab").find(id[19]) != std::string_view::npos;
    if (!ok) ++malformed;
    seen.insert(std::move(id));
  }
  CHECK(malformed == 0);
  CHECK(seen.size() == 10000);
}

TEST_CASE("IsUuid accepts only lowercase hyphenated 8-4-4-4-12 hex") {
  CHECK(IsUuid("6f0c2a1e-3b4d-4c5e-8f60-718293a4b5c6"));
  CHECK(IsUuid("00000000-0000-0000-0000-000000000000"));
  CHECK_FALSE(IsUuid(""));
  CHECK_FALSE(IsUuid("6F0C2A1E-3B4D-4C5E-8F60-718293A4B5C6"));  // upper case
  CHECK_FALSE(IsUuid("6f0c2a1e3b4d4c5e8f60718293a4b5c6"));      // no hyphens
  CHECK_FALSE(IsUuid("{6f0c2a1e-3b4d-4c5e-8f60-718293a4b5c6}"));
  CHECK_FALSE(IsUuid("6f0c2a1e-3b4d-4c5e-8f60-718293a4b5c"));    // short
  CHECK_FALSE(IsUuid("6f0c2a1e-3b4d-4c5e-8f60-718293a4b5c67"));  // long
  CHECK_FALSE(IsUuid("6f0c2a1e3-b4d-4c5e-8f60-718293a4b5c6"));   // hyphen moved
  CHECK_FALSE(IsUuid("6f0c2a1g-3b4d-4c5e-8f60-718293a4b5c6"));   // not hex
  CHECK_FALSE(IsUuid("6f0c2a1e-3b4d-4c5e-8f60_718293a4b5c6"));
}

TEST_CASE("IsGroupId accepts short lowercase slugs") {
  CHECK(IsGroupId("tdp-05"));
  CHECK(IsGroupId("a"));
  CHECK(IsGroupId("training"));
  CHECK(IsGroupId(std::string(32, 'g')));
  CHECK_FALSE(IsGroupId(std::string(33, 'g')));
  CHECK_FALSE(IsGroupId(""));
  CHECK_FALSE(IsGroupId("05-tdp"));  // must start with a letter
  CHECK_FALSE(IsGroupId("-tdp"));
  CHECK_FALSE(IsGroupId("TDP-05"));
  CHECK_FALSE(IsGroupId("tdp_05"));
  CHECK_FALSE(IsGroupId("tdp 05"));
  CHECK_FALSE(IsGroupId("tổ-5"));
}

}  // namespace
}  // namespace sotay

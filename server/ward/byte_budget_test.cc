// ByteBudget: what fits is leased and given back; what does not is refused and counted.
#include "server/ward/byte_budget.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

TEST_CASE("A byte budget leases what fits and refuses the rest until given back") {
  ByteBudget budget(100);
  std::optional<ByteBudget::Lease> a = budget.TryTake(60);
  REQUIRE(a.has_value());
  CHECK_FALSE(budget.TryTake(41).has_value());  // 60 + 41 > 100
  std::optional<ByteBudget::Lease> b = budget.TryTake(40);
  REQUIRE(b.has_value());
  CHECK(budget.stats().in_use == 100);
  CHECK_FALSE(budget.TryTake(1).has_value());
  CHECK(budget.stats().refused == 2);
  a.reset();
  CHECK(budget.stats().in_use == 40);
  CHECK(budget.TryTake(60).has_value());  // taken and given back at once
  CHECK(budget.stats().in_use == 40);
  CHECK(budget.stats().peak == 100);
}

TEST_CASE("A request bigger than the whole budget goes alone, never beside others") {
  ByteBudget budget(100);
  {
    std::optional<ByteBudget::Lease> big = budget.TryTake(500);
    REQUIRE(big.has_value());
    CHECK_FALSE(budget.TryTake(1).has_value());
  }
  std::optional<ByteBudget::Lease> small = budget.TryTake(1);
  REQUIRE(small.has_value());
  CHECK_FALSE(budget.TryTake(500).has_value());
  // A moved lease is given back once.
  ByteBudget::Lease moved = std::move(*small);
  small.reset();
  CHECK(budget.stats().in_use == 1);
}

}  // namespace
}  // namespace sotay

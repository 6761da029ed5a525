#include "core/clock.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

TEST_CASE("SystemClock reads a plausible present") {
  const int64_t now = SystemClock::Default().NowMs();
  CHECK(now > 1'704'067'200'000);  // after 2024-01-01
  CHECK(now < 4'102'444'800'000);  // before 2100-01-01
  CHECK(&SystemClock::Default() == &SystemClock::Default());
}

TEST_CASE("ManualClock moves only when told, in either direction") {
  ManualClock clock(1000);
  CHECK(clock.NowMs() == 1000);
  CHECK(clock.NowMs() == 1000);
  clock.Advance(250);
  CHECK(clock.NowMs() == 1250);
  clock.Advance(-2000);
  CHECK(clock.NowMs() == -750);
  clock.Set(42);
  const Clock& as_interface = clock;
  CHECK(as_interface.NowMs() == 42);
}

}  // namespace
}  // namespace sotay

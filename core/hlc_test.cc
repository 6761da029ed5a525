#include "core/hlc.h"

#include <catch2/catch.hpp>
#include <random>
#include <vector>

namespace sotay {
namespace {

constexpr int64_t k2026 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr int64_t kDay = 24 * 3600 * 1000;
const std::string kPhone = "6f0c2a1e-3b4d-4c5e-8f60-718293a4b5c6";

Hlc MustParse(std::string_view text) {
  Result<Hlc> r = Hlc::Parse(text);
  INFO(text);
  REQUIRE(r.ok());
  return *r;
}

int Sign(int v) { return (v > 0) - (v < 0); }
int Sign(std::strong_ordering o) { return o < 0 ? -1 : (o > 0 ? 1 : 0); }

TEST_CASE("Hlc string form has fixed widths and parses back") {
  const Hlc h{k2026, 7, kPhone};
  CHECK(h.ToString() == "1767225600000-00007-" + kPhone);
  CHECK(MustParse(h.ToString()) == h);
  CHECK(Hlc{0, 0, "server"}.ToString() == "0000000000000-00000-server");
  CHECK(Hlc{kHlcMaxWallMs, kHlcMaxCounter, "x"}.ToString() == "9999999999999-99999-x");
  CHECK(MustParse("9999999999999-99999-x") == Hlc{kHlcMaxWallMs, kHlcMaxCounter, "x"});
  // The node is everything after the second hyphen, hyphens included.
  CHECK(MustParse("0000000000001-00002-a-b-c").node == "a-b-c");
  const std::string node64(64, 'n');
  CHECK(MustParse("0000000000001-00002-" + node64).node == node64);
  CHECK(h.Validate().ok());
}

TEST_CASE("Hlc::Parse rejects every other shape") {
  const std::string node65(65, 'n');
  for (std::string_view bad : {
           "",
           "1767225600000-00000-",         // empty node
           "1767225600000-00000",          // no node at all
           "176722560000-00000-server",    // 12-digit wall
           "17672256000000-00000-server",  // 14-digit wall
           "1767225600000-0000-server",    // 4-digit counter
           "1767225600000-000000-server",  // 6-digit counter
           "1767225600000-100000-server",  // counter > 99999
           "-767225600000-00000-server",   // sign
           "+767225600000-00000-server",
           "176722560000a-00000-server",  // non-digit
           "1767225600000-0000x-server",
           "1767225600000_00000-server",  // wrong separator
           "1767225600000-00000_server",
           "1767225600000-00000-ser ver",    // space in node
           "1767225600000-00000-server\n",   // control character
           "1767225600000-00000-s\xc3\xa1",  // non-ASCII
           " 1767225600000-00000-server",
       }) {
    INFO(bad);
    Result<Hlc> r = Hlc::Parse(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "hlc_malformed");
  }
  CHECK(Hlc::Parse("1767225600000-00000-" + node65).status().code() == "hlc_malformed");
  CHECK(Hlc{-1, 0, "n"}.Validate().code() == "hlc_malformed");
  CHECK(Hlc{kHlcMaxWallMs + 1, 0, "n"}.Validate().code() == "hlc_malformed");
  CHECK(Hlc{0, kHlcMaxCounter + 1, "n"}.Validate().code() == "hlc_malformed");
  CHECK(Hlc{0, 0, ""}.Validate().code() == "hlc_malformed");
}

TEST_CASE("Hlc order equals string order (property over random values)") {
  std::mt19937_64 rng(20260101);
  const std::vector<std::string> nodes = {
      "server", kPhone, "a", "ab", "a-", "~", "!", "Z", "00000000-0000-4000-8000-000000000000"};
  auto random_hlc = [&] {
    // Few distinct values per part, so ties on wall and counter happen often.
    const int64_t walls[] = {0, 1, 9, 10, k2026, k2026 + 1, kHlcMaxWallMs};
    const uint32_t counters[] = {0, 1, 9, 10, 99, 100, kHlcMaxCounter};
    Hlc h;
    h.wall_ms =
        (rng() % 3 == 0) ? walls[rng() % 7] : static_cast<int64_t>(rng() % (kHlcMaxWallMs + 1));
    h.counter = (rng() % 3 == 0) ? counters[rng() % 7] : static_cast<uint32_t>(rng() % 100000);
    h.node = nodes[rng() % nodes.size()];
    return h;
  };
  int mismatches = 0;
  int ties_on_time = 0;
  for (int i = 0; i < 20000; ++i) {
    const Hlc a = random_hlc();
    const Hlc b = random_hlc();
    const std::string sa = a.ToString();
    const std::string sb = b.ToString();
    if (Sign(a <=> b) != Sign(sa.compare(sb))) ++mismatches;
    if (!Hlc::Parse(sa).ok() || *Hlc::Parse(sa) != a) ++mismatches;
    if (a.wall_ms == b.wall_ms && a.counter == b.counter) ++ties_on_time;
  }
  CHECK(mismatches == 0);
  CHECK(ties_on_time > 0);  // the generator really exercised the node tie-break
}

TEST_CASE("Now() is strictly increasing even when the wall clock goes back") {
  ManualClock wall(k2026);
  HlcClock clock(wall, kPhone);
  Hlc prev = clock.Now();
  CHECK(prev == Hlc{k2026, 0, kPhone});
  CHECK(clock.Now() == Hlc{k2026, 1, kPhone});  // same millisecond: counter moves
  prev = clock.last();
  wall.Advance(-3600 * 1000);  // phone clock set back an hour
  for (int i = 0; i < 50; ++i) {
    const Hlc next = clock.Now();
    REQUIRE(next > prev);
    REQUIRE(next.ToString() > prev.ToString());
    prev = next;
  }
  CHECK(prev.wall_ms == k2026);  // held at the highest wall time seen
  wall.Set(k2026 + 5);
  CHECK(clock.Now() == Hlc{k2026 + 5, 0, kPhone});  // counter resets when time moves on
  wall.Set(-5);                                     // before 1970: still valid output
  const Hlc after = clock.Now();
  CHECK(after > Hlc{k2026 + 5, 0, kPhone});
  CHECK(after.Validate().ok());
}

TEST_CASE("Counter overflow advances the wall part instead of breaking the format") {
  ManualClock wall(k2026);
  HlcClock clock(wall, "server");
  REQUIRE(clock.Restore(Hlc{k2026, kHlcMaxCounter - 1, "server"}).ok());
  CHECK(clock.Now() == Hlc{k2026, kHlcMaxCounter, "server"});
  const Hlc overflowed = clock.Now();
  CHECK(overflowed == Hlc{k2026 + 1, 0, "server"});
  CHECK(overflowed.ToString() == "1767225600001-00000-server");
  // The real clock catching up to the borrowed millisecond still moves forwards.
  wall.Set(k2026 + 1);
  CHECK(clock.Now() == Hlc{k2026 + 1, 1, "server"});
}

TEST_CASE("Observe merges a remote clock so later stamps come after it") {
  ManualClock wall(k2026);
  HlcClock clock(wall, kPhone);
  clock.Now();

  SECTION("remote ahead") {
    const Hlc remote{k2026 + 60'000, 3, "server"};
    REQUIRE(clock.Observe(remote).ok());
    const Hlc next = clock.Now();
    CHECK(next > remote);
    CHECK(next == Hlc{k2026 + 60'000, 4, kPhone});
  }
  SECTION("equal wall times: counter goes past the larger one") {
    REQUIRE(clock.Observe(Hlc{k2026, 41, "server"}).ok());
    CHECK(clock.Now() == Hlc{k2026, 42, kPhone});
    // Equal wall and counter, node that sorts after ours: still strictly after.
    const Hlc tie{k2026, 42, "zzz"};
    REQUIRE(clock.Observe(tie).ok());
    CHECK(clock.Now() > tie);
  }
  SECTION("remote behind changes nothing") {
    const Hlc before = clock.last();
    REQUIRE(clock.Observe(Hlc{k2026 - 10'000, 99, "server"}).ok());
    CHECK(clock.last() == before);
  }
  SECTION("remote at the counter limit") {
    REQUIRE(clock.Observe(Hlc{k2026, kHlcMaxCounter, "server"}).ok());
    const Hlc next = clock.Now();
    CHECK(next == Hlc{k2026 + 1, 0, kPhone});
    CHECK(Hlc::Parse(next.ToString()).ok());
  }
  SECTION("malformed remote is refused") {
    const Hlc before = clock.last();
    CHECK(clock.Observe(Hlc{k2026 + 1000, kHlcMaxCounter + 1, "server"}).code() == "hlc_malformed");
    CHECK(clock.Observe(Hlc{k2026 + 1000, 0, "bad node"}).code() == "hlc_malformed");
    CHECK(clock.last() == before);
  }
}

TEST_CASE("A far-future remote is rejected and leaves the clock unchanged") {
  ManualClock wall(k2026);
  HlcClock clock(wall, "server");
  clock.Now();
  const Hlc before = clock.last();
  const Hlc too_far{k2026 + kDay + 1, 0, kPhone};
  const Status s = clock.Observe(too_far);
  CHECK(s.code() == "hlc_future");
  CHECK(s.path() == too_far.ToString());
  CHECK(clock.last() == before);
  CHECK(clock.Now() == Hlc{k2026, 1, "server"});
  // Exactly 24 h ahead is still accepted.
  CHECK(clock.Observe(Hlc{k2026 + kDay, 0, kPhone}).ok());
  CHECK(clock.Now().wall_ms == k2026 + kDay);

  HlcClock strict(wall, "server", HlcClock::Options{1000});
  CHECK(strict.Observe(Hlc{k2026 + 1001, 0, kPhone}).code() == "hlc_future");
  CHECK(strict.Observe(Hlc{k2026 + 1000, 0, kPhone}).ok());
}

TEST_CASE("CheckNotFarFuture is usable on its own") {
  ManualClock wall(k2026);
  CHECK(CheckNotFarFuture(Hlc{k2026 + kDay, 0, "n"}, wall).ok());
  CHECK(CheckNotFarFuture(Hlc{k2026 + kDay + 1, 0, "n"}, wall).code() == "hlc_future");
  CHECK(CheckNotFarFuture(Hlc{0, 0, "n"}, wall).ok());  // the past is never "future"
  CHECK(CheckNotFarFuture(Hlc{k2026 + 10, 0, "n"}, wall, 5).code() == "hlc_future");
}

TEST_CASE("Restore seeds the clock from a persisted value") {
  ManualClock wall(k2026);
  Hlc persisted;
  {
    HlcClock before_reload(wall, kPhone);
    for (int i = 0; i < 10; ++i) before_reload.Now();
    persisted = MustParse(before_reload.last().ToString());
  }
  wall.Advance(-60'000);  // the page reloads with the clock set back a minute
  HlcClock after_reload(wall, kPhone);
  REQUIRE(after_reload.Restore(persisted).ok());
  CHECK(after_reload.last() == persisted);
  CHECK(after_reload.Now() > persisted);
  // A persisted value far ahead (the clock was wrong before) is still honoured.
  const Hlc future{k2026 + 30 * kDay, 5, kPhone};
  REQUIRE(after_reload.Restore(future).ok());
  CHECK(after_reload.Now() > future);
  // Restoring something lower never moves the clock back.
  const Hlc high = after_reload.last();
  REQUIRE(after_reload.Restore(persisted).ok());
  CHECK(after_reload.last() == high);
  CHECK(after_reload.Restore(Hlc{-1, 0, kPhone}).code() == "hlc_malformed");
  CHECK(after_reload.last() == high);
}

TEST_CASE("Node ids") {
  CHECK(IsValidHlcNode("server"));
  CHECK(IsValidHlcNode(kPhone));
  CHECK(IsValidHlcNode(std::string(64, 'x')));
  CHECK_FALSE(IsValidHlcNode(std::string(65, 'x')));
  CHECK_FALSE(IsValidHlcNode(""));
  CHECK_FALSE(IsValidHlcNode("a b"));
  CHECK_FALSE(IsValidHlcNode("a\tb"));
  CHECK_FALSE(IsValidHlcNode("a\x7f"));
  ManualClock wall(k2026);
  HlcClock clock(wall, kPhone);
  CHECK(clock.node() == kPhone);
  CHECK(clock.last() == Hlc{0, 0, kPhone});
}

}  // namespace
}  // namespace sotay

namespace sotay {
namespace {

TEST_CASE("HlcNewerThan stamps past a stored version, even one ahead of the clock") {
  ManualClock wall(1'000'000);
  HlcClock clock(wall, "server");
  const std::string ahead = Hlc{5'000'000, 7, "aaaaaaaa-0000-4000-8000-00000000000a"}.ToString();
  const std::string stamped = HlcNewerThan(clock, ahead);
  CHECK(stamped > ahead);
  CHECK(Hlc::Parse(stamped)->node == "server");
  CHECK(HlcNewerThan(clock, "") > stamped);            // nothing stored: just newer
  CHECK(HlcNewerThan(clock, "not an hlc") > stamped);  // malformed: ignored
}

}  // namespace
}  // namespace sotay

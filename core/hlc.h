// Hybrid logical clocks: the version stamp on every field write.
//
// An HLC is (wall_ms, counter, node). It stays close to real time, yet it always moves
// forwards on one node even when that node's wall clock is set back, and a node that
// has seen a write stamps its next write later than it. The string form (docs/protocol.md)
//
//   WWWWWWWWWWWWW-CCCCC-NODE     e.g. 1767225600000-00000-server
//
// has fixed widths (13-digit wall ms, 5-digit counter, both zero-padded), so comparing
// strings byte by byte gives the same order as comparing Hlc values. The node is the
// writer's device_id (a UUID, which itself contains '-') or "server": everything after
// the second '-'. Distinct nodes make two different writes never compare equal.
#pragma once

#include <compare>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace sotay {

inline constexpr int64_t kHlcMaxWallMs = 9'999'999'999'999;  // 13 digits
inline constexpr uint32_t kHlcMaxCounter = 99'999;           // 5 digits
inline constexpr size_t kHlcMaxNodeLength = 64;
inline constexpr std::string_view kServerNode = "server";
// Default for how far ahead of local time a received HLC may be (docs/protocol.md: 24 h).
inline constexpr int64_t kHlcDefaultMaxFutureMs = 24 * 3600 * 1000;

// True for a usable node id: 1..64 printable ASCII characters, no spaces.
bool IsValidHlcNode(std::string_view node);

struct Hlc {
  int64_t wall_ms = 0;   // Unix ms, 0..kHlcMaxWallMs
  uint32_t counter = 0;  // 0..kHlcMaxCounter
  std::string node;      // see IsValidHlcNode

  // The canonical string. Only meaningful for a valid Hlc (see Validate).
  std::string ToString() const;
  // Parses the canonical string form; anything else (other widths, signs, non-digits,
  // empty or over-long node, spaces or control characters) fails with "hlc_malformed".
  static Result<Hlc> Parse(std::string_view text);
  // Ok when every part is in range; else "hlc_malformed".
  Status Validate() const;

  // Orders by wall_ms, then counter, then node (bytewise): the same order as
  // ToString(). Written out because em++ 3.1.6's std::string has no operator<=>.
  std::strong_ordering operator<=>(const Hlc& other) const;
  bool operator==(const Hlc&) const = default;
};

// Fails with "hlc_future" when `hlc` is more than `max_future_ms` ahead of `clock`.
// Used by HlcClock::Observe and by the server when it validates pushed changes.
Status CheckNotFarFuture(const Hlc& hlc, const Clock& clock,
                         int64_t max_future_ms = kHlcDefaultMaxFutureMs);

// Issues HLCs for one node. Thread-safe. Holds a reference to `clock`, which must
// outlive it.
class HlcClock {
 public:
  struct Options {
    // Observe() refuses remote HLCs further ahead of the local wall clock than this.
    int64_t max_future_ms = kHlcDefaultMaxFutureMs;
  };

  // `node` must satisfy IsValidHlcNode (a device_id or kServerNode).
  HlcClock(const Clock& clock, std::string node);
  HlcClock(const Clock& clock, std::string node, Options options);
  HlcClock(const HlcClock&) = delete;
  HlcClock& operator=(const HlcClock&) = delete;

  // A new HLC, strictly greater than every HLC this clock issued, observed or was
  // restored to. Uses the wall clock while it moves forwards; while it stands still or
  // goes back, the counter counts up, and when the counter would pass 99999 the wall
  // part moves on by 1 ms instead, so the string form stays valid.
  Hlc Now();

  // Merges an HLC received from another node, so the next Now() is greater than it.
  // (The clock keeps the larger of the two; Now() then moves past it. Unlike the
  // textbook receive rule this issues no stamp of its own, so a server observing many
  // pushes in one millisecond does not run its counter up.) Fails with "hlc_malformed" for an
  // out-of-range value and with "hlc_future" when remote.wall_ms is more than max_future_ms ahead
  // of the local wall clock; on failure the clock is unchanged.
  Status Observe(const Hlc& remote);

  // Raises the clock to at least `persisted` (the last HLC saved before a reload), so
  // a restarted client never issues an HLC at or below one it issued before. Accepts
  // values from any node, and far-future values too: the node stamped them already,
  // and issuing lower ones now would let old writes win. Fails with "hlc_malformed"
  // for an out-of-range value, leaving the clock unchanged.
  Status Restore(const Hlc& persisted);

  // The wall and counter of the highest HLC issued, observed or restored (initially
  // 0 and 0), with this clock's node. Persist it to Restore after a restart.
  Hlc last() const;
  const std::string& node() const { return node_; }

 private:
  // Raises last to (wall, counter) if that is higher.
  void RaiseLocked(int64_t wall, uint32_t counter);

  const Clock& clock_;
  const std::string node_;
  const Options options_;
  mutable std::mutex mu_;
  int64_t last_wall_ms_ = 0;   // guarded by mu_
  uint32_t last_counter_ = 0;  // guarded by mu_
};

// A new HLC of `clock` that is newer than `stored` (a field's current HLC, possibly of
// another node and ahead of this clock; empty or malformed: just Now()), so a write
// stamped with it replaces that version on every replica. For the server's own writes.
std::string HlcNewerThan(HlcClock& clock, std::string_view stored);

}  // namespace sotay

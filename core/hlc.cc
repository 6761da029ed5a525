#include "core/hlc.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <tuple>

namespace sotay {
namespace {

constexpr size_t kWallDigits = 13;
constexpr size_t kCounterDigits = 5;
constexpr size_t kNodeOffset = kWallDigits + 1 + kCounterDigits + 1;

Status Malformed(std::string_view text, std::string_view why) {
  return Status::Error("hlc_malformed", "Dấu thời gian HLC không hợp lệ: " + std::string(why),
                       "Malformed HLC: " + std::string(why), std::string(text));
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int64_t DigitsValue(std::string_view s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool IsValidHlcNode(std::string_view node) {
  if (node.empty() || node.size() > kHlcMaxNodeLength) return false;
  return std::all_of(node.begin(), node.end(), [](char c) { return c > ' ' && c <= '~'; });
}

std::string Hlc::ToString() const {
  char head[40];
  std::snprintf(head, sizeof head, "%013lld-%05u-", static_cast<long long>(wall_ms),
                static_cast<unsigned>(counter));
  return head + node;
}

Result<Hlc> Hlc::Parse(std::string_view text) {
  if (text.size() <= kNodeOffset) return Malformed(text, "too short");
  const std::string_view wall = text.substr(0, kWallDigits);
  const std::string_view counter = text.substr(kWallDigits + 1, kCounterDigits);
  if (text[kWallDigits] != '-' || text[kNodeOffset - 1] != '-') {
    return Malformed(text, "wrong field widths");
  }
  if (!AllDigits(wall) || !AllDigits(counter)) return Malformed(text, "non-digit in number");
  Hlc hlc;
  hlc.wall_ms = DigitsValue(wall);
  hlc.counter = static_cast<uint32_t>(DigitsValue(counter));
  hlc.node = std::string(text.substr(kNodeOffset));
  if (!IsValidHlcNode(hlc.node)) return Malformed(text, "bad node id");
  return hlc;
}

std::strong_ordering Hlc::operator<=>(const Hlc& other) const {
  if (wall_ms != other.wall_ms) return wall_ms <=> other.wall_ms;
  if (counter != other.counter) return counter <=> other.counter;
  return node.compare(other.node) <=> 0;
}

Status Hlc::Validate() const {
  if (wall_ms < 0 || wall_ms > kHlcMaxWallMs)
    return Malformed(ToString(), "wall time out of range");
  if (counter > kHlcMaxCounter) return Malformed(ToString(), "counter out of range");
  if (!IsValidHlcNode(node)) return Malformed(ToString(), "bad node id");
  return Status::Ok();
}

Status CheckNotFarFuture(const Hlc& hlc, const Clock& clock, int64_t max_future_ms) {
  const int64_t now = clock.NowMs();
  if (hlc.wall_ms > now && hlc.wall_ms - now > max_future_ms) {
    return Status::Error("hlc_future",
                         "Dấu thời gian ở quá xa trong tương lai; hãy kiểm tra đồng hồ máy",
                         "HLC is too far in the future; check the device clock", hlc.ToString());
  }
  return Status::Ok();
}

HlcClock::HlcClock(const Clock& clock, std::string node)
    : HlcClock(clock, std::move(node), Options{}) {}

HlcClock::HlcClock(const Clock& clock, std::string node, Options options)
    : clock_(clock), node_(std::move(node)), options_(options) {
  assert(IsValidHlcNode(node_) && "HlcClock needs a valid node id");
}

Hlc HlcClock::Now() {
  // A wall clock outside the representable range (set to before 1970, or absurdly far
  // ahead) must not produce an unparsable stamp.
  const int64_t physical = std::clamp<int64_t>(clock_.NowMs(), 0, kHlcMaxWallMs);
  std::lock_guard<std::mutex> lock(mu_);
  if (physical > last_wall_ms_) {
    last_wall_ms_ = physical;
    last_counter_ = 0;
  } else if (last_counter_ < kHlcMaxCounter) {
    ++last_counter_;
  } else {
    // Counter exhausted within this millisecond: borrow the next one.
    ++last_wall_ms_;
    last_counter_ = 0;
  }
  return Hlc{last_wall_ms_, last_counter_, node_};
}

Status HlcClock::Observe(const Hlc& remote) {
  SOTAY_RETURN_IF_ERROR(remote.Validate());
  SOTAY_RETURN_IF_ERROR(CheckNotFarFuture(remote, clock_, options_.max_future_ms));
  std::lock_guard<std::mutex> lock(mu_);
  RaiseLocked(remote.wall_ms, remote.counter);
  return Status::Ok();
}

Status HlcClock::Restore(const Hlc& persisted) {
  SOTAY_RETURN_IF_ERROR(persisted.Validate());
  std::lock_guard<std::mutex> lock(mu_);
  RaiseLocked(persisted.wall_ms, persisted.counter);
  return Status::Ok();
}

Hlc HlcClock::last() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Hlc{last_wall_ms_, last_counter_, node_};
}

void HlcClock::RaiseLocked(int64_t wall, uint32_t counter) {
  if (std::tie(wall, counter) > std::tie(last_wall_ms_, last_counter_)) {
    last_wall_ms_ = wall;
    last_counter_ = counter;
  }
}

std::string HlcNewerThan(HlcClock& clock, std::string_view stored) {
  if (!stored.empty()) {
    if (Result<Hlc> seen = Hlc::Parse(stored); seen.ok()) (void)clock.Restore(*seen);
  }
  return clock.Now().ToString();
}

}  // namespace sotay

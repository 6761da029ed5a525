#include "core/clock.h"

#include <chrono>

namespace sotay {

Clock::~Clock() = default;

int64_t SystemClock::NowMs() const {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  using std::chrono::system_clock;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

SystemClock& SystemClock::Default() {
  // Leaked on purpose: destructors of other statics may still ask for the time.
  static SystemClock* const clock = new SystemClock();
  return *clock;
}

}  // namespace sotay

#include "server/http/heap.h"

#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sotay {

void TuneHeapForServer() {
#if defined(__GLIBC__)
  if (!kGlibcHeap) return;
  // Setting the threshold also turns off its dynamic adjustment.
  mallopt(M_MMAP_THRESHOLD, kHeapMmapThreshold);
  mallopt(M_ARENA_MAX, HeapArenasForServer());
#endif
}

int HeapArenasForServer() {
  return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
}

bool ReleaseFreeHeap() {
#if defined(__GLIBC__)
  return kGlibcHeap && malloc_trim(0) == 1;
#else
  return false;
#endif
}

HeapTrimmer::HeapTrimmer(std::chrono::milliseconds period) : period_(period) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, period_, [this] { return stop_; })) {
      lock.unlock();
      ReleaseFreeHeap();
      lock.lock();
      ++runs_;
    }
  });
}

HeapTrimmer::~HeapTrimmer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int HeapTrimmer::runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

}  // namespace sotay

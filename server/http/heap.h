// The C heap of a long-running server process. glibc's malloc keeps memory it was given
// back by free() for reuse, per arena (one per I/O thread), and returns it to the kernel
// only from the top of an arena: after a burst of large answers (a pull page, an export)
// the freed pages stay resident, and RSS creeps up although nothing leaks (see
// docs/benchmarks.md, Soak). These functions bound that; without glibc they do nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

namespace sotay {

// True when malloc is glibc's own, not a sanitizer's: only then do ReleaseFreeHeap()
// and the heap gauges of /metrics (metrics.h) act on the real heap.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kGlibcHeap = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kGlibcHeap = false;
#elif defined(__GLIBC__)
inline constexpr bool kGlibcHeap = true;
#else
inline constexpr bool kGlibcHeap = false;
#endif
#elif defined(__GLIBC__)
inline constexpr bool kGlibcHeap = true;
#else
inline constexpr bool kGlibcHeap = false;
#endif

// For the serving process, once at start-up: blocks of kHeapMmapThreshold bytes and
// more get their own mapping, unmapped when freed. (glibc raises its threshold after
// each large free, up to 32 MiB, so big response buffers would stay in the heap.)
// And at most HeapArenasForServer() malloc arenas: glibc gives threads up to 8 per
// core, and with 16 handler threads each arena kept its own freed memory (a 30-minute
// soak climbed past 120 MiB of RSS with 12 MiB in use; with one arena per core it
// stayed under 40 MiB), for a throughput cost of ~10 % on pushes.
inline constexpr int kHeapMmapThreshold = 128 * 1024;
int HeapArenasForServer();  // max(2, hardware threads)
void TuneHeapForServer();

// Gives the kernel back every whole free page the heap holds, in all arenas
// (malloc_trim). Returns true when some memory was released.
bool ReleaseFreeHeap();

// Calls ReleaseFreeHeap() every `period` on a thread of its own, until destroyed.
class HeapTrimmer {
 public:
  explicit HeapTrimmer(std::chrono::milliseconds period);
  ~HeapTrimmer();
  HeapTrimmer(const HeapTrimmer&) = delete;
  HeapTrimmer& operator=(const HeapTrimmer&) = delete;

  // Times ReleaseFreeHeap() ran so far; for tests.
  int runs() const;

 private:
  std::chrono::milliseconds period_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  int runs_ = 0;       // guarded by mu_
  std::thread thread_;
};

}  // namespace sotay

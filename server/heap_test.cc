#include "server/heap.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "server/metrics.h"

namespace sotay {

TEST_CASE("freed heap pages go back to the kernel", "[heap]") {
  // 16 MiB in small blocks, then a block after them so the freed ones are not at the
  // top of the heap (where free() alone would give them back).
  constexpr size_t kBlock = 4000, kBlocks = 4096;
  std::vector<std::unique_ptr<char[]>> blocks;
  for (size_t i = 0; i < kBlocks; ++i) {
    blocks.push_back(std::make_unique<char[]>(kBlock));
    std::memset(blocks.back().get(), 1, kBlock);
  }
  auto guard = std::make_unique<char[]>(64);
  const uint64_t full = ProcessResidentBytes();
  blocks.clear();
  const uint64_t freed = ProcessResidentBytes();
  const bool released = ReleaseFreeHeap();
  const uint64_t trimmed = ProcessResidentBytes();
  INFO("RSS full " << full << ", after free " << freed << ", after release " << trimmed);
  if (kGlibcHeap) {
    CHECK(freed > full - 4 * 1024 * 1024);  // free() alone kept most of them
    CHECK(released);
    CHECK(trimmed < freed - 8 * 1024 * 1024);
  } else {  // a sanitizer's malloc: nothing of glibc's to release
    CHECK_FALSE(released);
  }
}

TEST_CASE("the heap trimmer runs on its period and stops when destroyed", "[heap]") {
  auto trimmer = std::make_unique<HeapTrimmer>(std::chrono::milliseconds(5));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (trimmer->runs() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(trimmer->runs() >= 3);
  // A long period does not delay the destructor.
  auto slow = std::make_unique<HeapTrimmer>(std::chrono::hours(1));
  auto start = std::chrono::steady_clock::now();
  slow.reset();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

}  // namespace sotay

#include "server/http/heap.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "server/http/metrics.h"

namespace sotay {

TEST_CASE("freed heap pages go back to the kernel", "[heap]") {
  // 32 MiB in blocks of 32 KiB, then every other one freed: the freed blocks cannot
  // merge with each other nor with the top of the heap, so free() alone keeps them all
  // (the fragmentation a server's heap gets).
  constexpr size_t kBlock = 32 * 1024, kBlocks = 1024;
  std::vector<std::unique_ptr<char[]>> blocks;
  for (size_t i = 0; i < kBlocks; ++i) {
    blocks.push_back(std::make_unique<char[]>(kBlock));
    std::memset(blocks.back().get(), 1, kBlock);
  }
  const uint64_t full = ProcessResidentBytes();
  for (size_t i = 0; i < kBlocks; i += 2) blocks[i].reset();
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

namespace sotay {

TEST_CASE("heap: the server's malloc arenas are bounded by the cores, never below two",
          "[server][heap]") {
  const int arenas = HeapArenasForServer();
  CHECK(arenas >= 2);
  CHECK(arenas >= static_cast<int>(std::thread::hardware_concurrency()));
  CHECK(arenas <= std::max(2, static_cast<int>(std::thread::hardware_concurrency())));
}

}  // namespace sotay

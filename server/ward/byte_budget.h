// ByteBudget: how many bytes of requests may be held in memory at once for one kind of
// work, so that a crowd of phones pushing at the same moment cannot grow the server
// past its memory (each push is parsed, decoded and waits for the writer: several times
// its body). A request takes a lease of its body's size before that work and gives it
// back when answered; when the budget is spent it is refused at once (503 with
// Retry-After, which the phone retries) instead of queued.
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>

namespace sotay {

class ByteBudget {
 public:
  explicit ByteBudget(size_t limit) : limit_(limit) {}
  ByteBudget(const ByteBudget&) = delete;
  ByteBudget& operator=(const ByteBudget&) = delete;

  // Bytes held until destroyed (movable).
  class Lease {
   public:
    Lease(Lease&& other) noexcept : owner_(other.owner_), bytes_(other.bytes_) {
      other.owner_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (owner_ != nullptr) owner_->Release(bytes_);
    }

   private:
    friend class ByteBudget;
    Lease(ByteBudget* owner, size_t bytes) : owner_(owner), bytes_(bytes) {}
    ByteBudget* owner_;
    size_t bytes_;
  };

  // A lease of `bytes` if they fit beside the bytes held, or if nothing is held (a
  // request bigger than the whole budget still goes, alone: the body limit bounds it);
  // otherwise none, and the refusal is counted.
  std::optional<Lease> TryTake(size_t bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    if (in_use_ > 0 && bytes > limit_ - std::min(limit_, in_use_)) {
      ++refused_;
      return std::nullopt;
    }
    in_use_ += bytes;
    peak_ = std::max(peak_, in_use_);
    return Lease(this, bytes);
  }

  struct Stats {
    size_t limit = 0, in_use = 0, peak = 0;
    int64_t refused = 0;
  };
  Stats stats() const {
    std::lock_guard<std::mutex> lock(mu_);
    return {limit_, in_use_, peak_, refused_};
  }

 private:
  void Release(size_t bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    in_use_ -= bytes;
  }

  const size_t limit_;
  mutable std::mutex mu_;
  size_t in_use_ = 0;    // guarded by mu_
  size_t peak_ = 0;      // guarded by mu_
  int64_t refused_ = 0;  // guarded by mu_
};

}  // namespace sotay

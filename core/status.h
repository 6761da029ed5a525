// Status and Result: errors as values.
//
// Every fallible call in core/ and sync/ returns a Status (or a Result<T>, which is a
// Status or a value). A failed Status carries:
//   - code:       a stable snake_case identifier that clients and tests match on
//                 (e.g. "required", "expr_syntax", "store_io"); never reworded;
//   - message_vi: the Vietnamese message shown to users first;
//   - message_en: the English message;
//   - path:       where it happened, when there is such a place (a field name,
//                 "record/<id>/field", a schema file), else empty.
// No exception crosses a module boundary; callers check ok().
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sotay {

class [[nodiscard]] Status {
 public:
  // Success.
  Status() = default;
  static Status Ok() { return Status(); }

  static Status Error(std::string code, std::string message_vi, std::string message_en,
                      std::string path = {}) {
    Status s;
    s.code_ = std::move(code);
    s.message_vi_ = std::move(message_vi);
    s.message_en_ = std::move(message_en);
    s.path_ = std::move(path);
    return s;
  }

  bool ok() const { return code_.empty(); }
  const std::string& code() const { return code_; }
  const std::string& message_vi() const { return message_vi_; }
  const std::string& message_en() const { return message_en_; }
  const std::string& path() const { return path_; }

  // "code: message_en (path)" for logs and test failure output.
  std::string ToString() const {
    if (ok()) return "ok";
    std::string s = code_ + ": " + message_en_;
    if (!path_.empty()) s += " (" + path_ + ")";
    return s;
  }

  // Returns a copy whose path is `prefix` joined in front of the current path.
  Status WithPathPrefix(const std::string& prefix) const {
    Status s = *this;
    s.path_ = path_.empty() ? prefix : prefix + "/" + path_;
    return s;
  }

 private:
  std::string code_;  // empty means ok
  std::string message_vi_;
  std::string message_en_;
  std::string path_;
};

// Either a value or a failed Status. Access value() only when ok().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "a Result built from a Status must be an error");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T& value() & {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace sotay

// Returns early from the enclosing function when `expr` yields a failed Status.
#define SOTAY_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::sotay::Status sotay_status_ = (expr);        \
    if (!sotay_status_.ok()) return sotay_status_; \
  } while (0)

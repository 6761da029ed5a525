#include "core/status.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

Status FailWhen(bool fail) {
  if (fail) return Status::Error("required", "Bắt buộc nhập", "Required", "full_name");
  return Status::Ok();
}

Status Chain(bool fail) {
  SOTAY_RETURN_IF_ERROR(FailWhen(fail));
  return Status::Error("reached", "đến cuối", "reached the end");
}

TEST_CASE("Status carries a stable code, both languages and a path") {
  Status s = FailWhen(true);
  REQUIRE_FALSE(s.ok());
  CHECK(s.code() == "required");
  CHECK(s.message_vi() == "Bắt buộc nhập");
  CHECK(s.message_en() == "Required");
  CHECK(s.ToString() == "required: Required (full_name)");
  CHECK(s.WithPathPrefix("person/1").path() == "person/1/full_name");
  CHECK(FailWhen(false).ok());
}

TEST_CASE("SOTAY_RETURN_IF_ERROR stops at the first failure") {
  CHECK(Chain(true).code() == "required");
  CHECK(Chain(false).code() == "reached");
}

TEST_CASE("Result holds a value or an error") {
  Result<int> good = 42;
  REQUIRE(good.ok());
  CHECK(*good == 42);
  Result<int> bad = Status::Error("x", "x", "x");
  CHECK_FALSE(bad.ok());
  CHECK(bad.status().code() == "x");
}

}  // namespace
}  // namespace sotay

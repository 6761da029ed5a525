#include "core/field_check.h"

#include <catch2/catch.hpp>
#include <string>

namespace sotay {
namespace {

TEST_CASE("IsCalendarDate accepts real days only") {
  CHECK(IsCalendarDate("2026-01-31"));
  CHECK(IsCalendarDate("2024-02-29"));        // leap year
  CHECK(IsCalendarDate("2000-02-29"));        // divisible by 400
  CHECK_FALSE(IsCalendarDate("1900-02-29"));  // divisible by 100, not 400
  CHECK_FALSE(IsCalendarDate("2026-02-29"));
  CHECK_FALSE(IsCalendarDate("2026-04-31"));
  CHECK_FALSE(IsCalendarDate("2026-13-01"));
  CHECK_FALSE(IsCalendarDate("2026-00-10"));
  CHECK_FALSE(IsCalendarDate("2026-1-5"));
  CHECK_FALSE(IsCalendarDate("26-01-2026"));
  CHECK_FALSE(IsCalendarDate("2026/01/05"));
  CHECK_FALSE(IsCalendarDate("0000-01-01"));
  CHECK_FALSE(IsCalendarDate(""));
}

TEST_CASE("IsVietnamesePhone: 10-digit mobiles and 11-digit landlines") {
  for (const char* ok : {"0912345678", "0312345678", "0512345678", "0712345678", "0812345678",
                         "02253123456", "02431234567"}) {
    INFO(ok);
    CHECK(IsVietnamesePhone(ok));
  }
  for (const char* bad :
       {"091234567", "09123456789", "0112345678", "0412345678", "0612345678", "0225312345",
        "+84912345678", "84912345678", "0912 345 678", "091234567a", "", "0"}) {
    INFO(bad);
    CHECK_FALSE(IsVietnamesePhone(bad));
  }
}

TEST_CASE("IsCitizenId: 12 digits with a province code 001-096") {
  CHECK(IsCitizenId("031203004567"));  // Hải Phòng
  CHECK(IsCitizenId("001099000001"));
  CHECK(IsCitizenId("096300123456"));
  CHECK_FALSE(IsCitizenId("000203004567"));
  CHECK_FALSE(IsCitizenId("097203004567"));
  CHECK_FALSE(IsCitizenId("03120300456"));    // 11 digits
  CHECK_FALSE(IsCitizenId("0312030045678"));  // 13 digits
  CHECK_FALSE(IsCitizenId("03120300456x"));
  CHECK_FALSE(IsCitizenId("031 203 004 567"));
}

TEST_CASE("IsSealedEnvelope checks the shape of a sealed value") {
  std::string b64(68, 'A');  // 51 bytes: above the 48-byte overhead of crypto_box_seal
  CHECK(IsSealedEnvelope(Json{{"sealed", b64}}));
  CHECK(IsSealedEnvelope(Json{{"sealed", std::string(64, 'A') + "AB=="}}));
  CHECK(IsSealedEnvelope(Json{{"sealed", std::string(66, 'a') + "+/"}}));
  CHECK(IsSealedEnvelope(Json{{"sealed", std::string(66, 'a') + "-_"}}));        // URL-safe
  CHECK_FALSE(IsSealedEnvelope(Json{{"sealed", std::string(64, 'A')}}));         // 48 bytes: empty
  CHECK_FALSE(IsSealedEnvelope(Json{{"sealed", std::string(66, 'a') + "+_"}}));  // mixed
  CHECK_FALSE(IsSealedEnvelope(Json{{"sealed", std::string(67, 'A') + "!"}}));
  CHECK_FALSE(IsSealedEnvelope(Json{{"sealed", std::string(69, 'A')}}));  // 69 % 4 == 1
  CHECK_FALSE(IsSealedEnvelope(Json{{"sealed", b64}, {"extra", 1}}));
  CHECK_FALSE(IsSealedEnvelope(Json{{"sealed", 5}}));
  CHECK_FALSE(IsSealedEnvelope(Json(b64)));  // a bare string could be plaintext
  CHECK_FALSE(IsSealedEnvelope(Json()));
}

TEST_CASE("Utf8Length counts code points") {
  CHECK(Utf8Length("") == 0);
  CHECK(Utf8Length("abc") == 3);
  CHECK(Utf8Length("Nguyễn") == 6);
  CHECK(Utf8Length("Đường") == 5);
}

}  // namespace
}  // namespace sotay

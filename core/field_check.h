// Checks of single values that the form engine applies by field type. Pure functions
// over strings, shared by validation (core/validate.h) and schema loading.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/record.h"

namespace sotay {

// "YYYY-MM-DD" naming a day that exists (years 0001–9999, leap years included).
bool IsCalendarDate(std::string_view text);

// A Vietnamese phone number written in national format with digits only:
//   mobile   10 digits, 0 then 3, 5, 7, 8 or 9   (e.g. 0912345678)
//   landline 11 digits, 02 then the area code    (e.g. 02253123456, Hải Phòng 0225)
// No spaces, dots or +84: the client normalises what people type before storing.
bool IsVietnamesePhone(std::string_view text);

// A căn cước / CCCD number (Luật Căn cước 2023): exactly 12 digits whose first three
// are the province code of the place of birth registration, 001–096.
bool IsCitizenId(std::string_view text);

// A sealed value as stored and synced: {"sealed": "<base64>"} with nothing else, where
// the base64 (RFC 4648; the standard alphabet with padding is canonical, URL-safe and
// unpadded are accepted) holds a crypto_box_seal ciphertext of at least one byte of
// plaintext, i.e. at least 49 bytes.
bool IsSealedEnvelope(const Json& value);

// Number of Unicode code points of valid UTF-8 text (what max_length counts).
size_t Utf8Length(std::string_view text);

}  // namespace sotay

// Rules for office and admin accounts, shared by the CLI (add-user) and the dashboard's
// users screen (/api/v1/admin/users), so both accept and refuse the same things.
#pragma once

#include <cstddef>
#include <string_view>

namespace sotay {

inline constexpr size_t kMinPasswordLength = 8;

// 1 to 64 bytes, no spaces or control characters.
bool IsValidUsername(std::string_view username);
// "office" or "admin".
bool IsOfficeRole(std::string_view role);
// A full name that fits a report's signature line: at most 100 characters (400 bytes of
// UTF-8), on one line; "" leaves it unset.
bool IsValidFullName(std::string_view name);

}  // namespace sotay

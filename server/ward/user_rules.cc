#include "server/ward/user_rules.h"

namespace sotay {

bool IsValidUsername(std::string_view username) {
  if (username.empty() || username.size() > 64) return false;
  for (char c : username) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

bool IsOfficeRole(std::string_view role) { return role == "office" || role == "admin"; }

bool IsValidFullName(std::string_view name) {
  return name.size() <= 100 * 4 && name.find_first_of("\r\n\t") == std::string_view::npos;
}

}  // namespace sotay

#include "sync/scope.h"

#include <algorithm>

namespace sotay {

namespace {

bool GroupRole(const std::string& role) { return role == "leader" || role == "trainee"; }

}  // namespace

bool DeviceScope::Allows(std::string_view group_id) const {
  if (AllGroups()) return true;
  if (!GroupRole(role)) return false;
  return std::find(groups.begin(), groups.end(), group_id) != groups.end();
}

GroupFilter DeviceScope::Filter() const {
  if (AllGroups()) return {};
  return groups;
}

bool DeviceScope::HasAnyGroup() const {
  if (AllGroups()) return true;
  return GroupRole(role) && !groups.empty();
}

}  // namespace sotay

// Who is syncing, and which groups it may read and write (docs/protocol.md "Roles and scope").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/store.h"

namespace sotay {

struct DeviceScope {
  std::string device_id;            // the authenticated sender; the node of its HLCs
  std::string role;                 // "leader", "office", "admin", "trainee"
  std::vector<std::string> groups;  // groups it may use; ignored for office and admin
  // Who writes, for the record history: the office user behind a server write; empty
  // for a device (the history names the device, whose user the office can look up).
  std::string user{};

  // Office and admin see and may write every group.
  bool AllGroups() const { return role == "office" || role == "admin"; }
  // Whether a change or record of `group_id` is in scope. Leaders and trainees: their
  // groups; office and admin: every group; an unknown role: none.
  bool Allows(std::string_view group_id) const;
  // The store filter of this scope: empty (every group) for office and admin, else the
  // groups. Check HasAnyGroup() first: an empty filter means "all" to the store.
  GroupFilter Filter() const;
  // False for a leader or trainee without groups and for an unknown role, whose scope
  // is empty.
  bool HasAnyGroup() const;
};

}  // namespace sotay

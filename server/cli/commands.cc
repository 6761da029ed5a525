#include "server/cli/commands.h"

#include "server/cli/admin_commands.h"
#include "server/cli/audit_verify_command.h"
#include "server/cli/data_hash_command.h"
#include "server/cli/demo_command.h"
#include "server/cli/snapshot_command.h"

namespace sotay {

void RegisterAllCommands(CommandRegistry& registry) {
  RegisterServeCommand(registry);
  RegisterAdminCommands(registry);       // admin_commands.h
  RegisterDemoCommand(registry);         // demo_command.h
  RegisterSnapshotCommand(registry);     // snapshot_command.h
  RegisterDataHashCommand(registry);     // data_hash_command.h
  RegisterAuditVerifyCommand(registry);  // audit_verify_command.h
  // init, add-group, add-user, enroll-code, devices, revoke, backup, restore, demo:
  // one line each, as their files land.
}

}  // namespace sotay

// The ward's rules over its accounts (the AccountStore itself and its value types are
// in server/store/account_store.h).
#pragma once

#include <functional>
#include <string_view>

#include "core/status.h"
#include "server/store/account_store.h"

namespace sotay {

// Runs `change`, ends every session of (subject_kind, subject_id) and appends `audit`
// (assigning its id), all in one transaction of `accounts`; nothing of it stays when any
// step fails. Revoking a device, disabling a user and a new password take this shape.
Status ChangeEndingSessions(AccountStore& accounts, std::string_view subject_kind,
                            std::string_view subject_id, AuditEntry& audit,
                            const std::function<Status(AccountStore&)>& change);

}  // namespace sotay

// `sotay-server audit-verify --db DB`: recomputes the audit log's hash chain
// (audit_chain.h); exit 0 and the newest chain value when it holds, exit 1 naming the
// first entry that breaks it.
#pragma once

#include "server/cli/cli.h"

namespace sotay {

void RegisterAuditVerifyCommand(CommandRegistry& registry);

}  // namespace sotay

// `sotay-server snapshot --db DB [--schemas DIR]`: stores the ward's value of every plan
// indicator as this month's snapshot (the dashboard's trend line), e.g. from a daily
// cron job so months without dashboard visits still get a point. Safe while serving.
#pragma once

#include "server/cli/cli.h"

namespace sotay {

void RegisterSnapshotCommand(CommandRegistry& registry);

}  // namespace sotay

// Route registration: every module contributes its endpoints here.
#pragma once

#include "server/api/app_context.h"
#include "server/http/router.h"

namespace sotay {

// /healthz, /metrics and the static files (or the placeholder page) as fallback.
void RegisterBuiltinRoutes(Router& router, AppContext& ctx);

// Every route of the server: the built-in ones and each module's. Add a module by
// declaring its RegisterXxxRoutes above and calling it from routes.cc.
void RegisterAllRoutes(Router& router, AppContext& ctx);

}  // namespace sotay

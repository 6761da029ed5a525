// Every route of the server, registered in one place.
#pragma once

#include "server/api/app_context.h"
#include "server/http/router.h"

namespace sotay {

// /healthz, /metrics and the static files (or the placeholder page) as fallback.
void RegisterBuiltinRoutes(Router& router, AppContext& ctx);

// Every route of the server: the built-in ones and the /api/v1 ones. A new /api/v1
// module declares its RegisterXxxRoutes in api_routes.h or dashboard_routes.h and is
// called from RegisterApiRoutes.
void RegisterAllRoutes(Router& router, AppContext& ctx);

}  // namespace sotay

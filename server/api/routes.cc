#include "server/api/routes.h"

#include "server/api/api_routes.h"

namespace sotay {

void RegisterAllRoutes(Router& router, AppContext& ctx) {
  RegisterBuiltinRoutes(router, ctx);
  RegisterApiRoutes(router, ctx);  // api_routes.h
}

}  // namespace sotay

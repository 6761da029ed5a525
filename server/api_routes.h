// The /api/v1 routes: auth (auth_routes.cc), sync (sync_routes.cc) and the office
// endpoints (office_routes.cc), plus the guard every authenticated route goes through.
#pragma once

#include <functional>

#include "server/app_context.h"
#include "server/auth.h"
#include "server/router.h"
#include "server/services.h"

namespace sotay {

// Who may call a guarded route. Trainee tokens are refused on every production route
// (403 trainee_not_allowed; the training sandbox is separate).
enum class Access {
  kSync,    // leader, office, admin
  kOffice,  // office, admin (a leader gets 403 forbidden)
  kAdmin,   // admin only
};

using GuardedHandler =
    std::function<HttpResponse(const HttpRequest&, const RouteParams&, const Principal&)>;

// Authenticates the bearer token (401 unauthorized / token_expired, 403 device_revoked),
// checks the role against `access`, then runs `fn`.
RouteHandler Guarded(ServerServices& services, Access access, GuardedHandler fn);

// The common shape of an /api/v1 handler: the services, the request, the path's
// parameters and the authenticated caller.
using ServiceHandler = HttpResponse (*)(ServerServices&, const HttpRequest&, const RouteParams&,
                                        const Principal&);

// Adds `method pattern` to `router`, guarded by `access`, calling `fn`.
void AddGuarded(Router& router, ServerServices& services, const std::string& method,
                const std::string& pattern, Access access, ServiceHandler fn);

void RegisterAuthRoutes(Router& router, ServerServices& services);
void RegisterSyncRoutes(Router& router, ServerServices& services);
void RegisterOfficeRoutes(Router& router, ServerServices& services);

// All of the above when ctx.services is set (a server without a database has none).
void RegisterApiRoutes(Router& router, AppContext& ctx);

}  // namespace sotay

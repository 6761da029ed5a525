// The /api/v1 routes: auth (auth_routes.cc), sync (sync_routes.cc) and the office
// endpoints (office_routes.cc), plus the guard every authenticated route goes through.
#pragma once

#include <functional>

#include "server/api/api_error.h"
#include "server/api/app_context.h"
#include "server/http/router.h"
#include "server/ward/auth.h"
#include "server/ward/services.h"

namespace sotay {

// Who may call a guarded route.
//
// Trainees (training.h): on a kSync route a trainee's request runs the same handler
// against the services of its session's sandbox ward instead of the production ones —
// the store is chosen from the token, never from the request. Every other production
// route refuses a trainee (403 trainee_not_allowed), as do the kSync routes for a
// trainee bound to no session. kTrainee routes serve only trainees (anyone else: 403
// training_only); their handler gets the production services (the training registry).
enum class Access {
  kSync,     // leader, office, admin; trainees on their sandbox
  kOffice,   // office, admin (a leader gets 403 forbidden)
  kAdmin,    // admin only
  kTrainee,  // trainees only
};

// The common shape of an /api/v1 handler: the services (production, or a trainee's
// sandbox), the request, the path's parameters and the authenticated caller.
using ServiceHandler = HttpResponse (*)(ServerServices&, const HttpRequest&, const RouteParams&,
                                        const Principal&);
using GuardedHandler = std::function<HttpResponse(ServerServices&, const HttpRequest&,
                                                  const RouteParams&, const Principal&)>;

// Authenticates the bearer token (401 unauthorized / token_expired, 403 device_revoked),
// checks the role against `access`, picks the services (see Access), then runs `fn`.
RouteHandler Guarded(ServerServices& services, Access access, GuardedHandler fn);

// Adds `method pattern` to `router`, guarded by `access`, calling `fn`.
void AddGuarded(Router& router, ServerServices& services, const std::string& method,
                const std::string& pattern, Access access, ServiceHandler fn);

// `password_slots`: Argon2id checks at once (login_guard.h); 0 for the default.
void RegisterAuthRoutes(Router& router, ServerServices& services, int password_slots = 0);
void RegisterSyncRoutes(Router& router, ServerServices& services);
void RegisterOfficeRoutes(Router& router, ServerServices& services);
void RegisterTrainingRoutes(Router& router, ServerServices& services);  // training_routes.cc

// All of the above when ctx.services is set (a server without a database has none).
void RegisterApiRoutes(Router& router, AppContext& ctx);

}  // namespace sotay

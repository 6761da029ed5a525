// The dashboard's /api/v1 routes (docs/protocol.md, "Dashboard"): registered by
// RegisterDashboardRoutes from RegisterApiRoutes.
#pragma once

#include "server/http/router.h"
#include "server/ward/services.h"

namespace sotay {

void RegisterIndicatorRoutes(Router& router, ServerServices& services);  // indicator_routes.cc
void RegisterRecordRoutes(Router& router, ServerServices& services);     // record_routes.cc
void RegisterExportRoutes(Router& router, ServerServices& services);     // export_routes.cc
void RegisterReportRoutes(Router& router, ServerServices& services);     // report_routes.cc
void RegisterAdminRoutes(Router& router, ServerServices& services);      // admin_routes.cc
void RegisterSealedRoutes(Router& router, ServerServices& services);     // sealed_routes.cc
void RegisterUserRoutes(Router& router, ServerServices& services);       // user_routes.cc
// cultural_review_routes.cc
void RegisterCulturalReviewRoutes(Router& router, ServerServices& services);

// All of the above.
void RegisterDashboardRoutes(Router& router, ServerServices& services);

}  // namespace sotay

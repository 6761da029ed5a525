// The endpoints that need nothing but the framework: health, metrics, static files.
#include "core/version.h"
#include "server/metrics.h"
#include "server/routes.h"
#include "server/static_files.h"

namespace sotay {

void RegisterBuiltinRoutes(Router& router, AppContext& ctx) {
  router.Add("GET", "/healthz", [](const HttpRequest&, const RouteParams&) {
    HttpResponse r = JsonResponse(200, Json{{"status", "ok"}, {"version", CoreVersion()}});
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  router.Add("GET", "/metrics", [&ctx](const HttpRequest&, const RouteParams&) {
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = ctx.metrics ? ctx.metrics->RenderPrometheus() : std::string();
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  router.SetFallback([&ctx](const HttpRequest& request, const RouteParams&) {
    return ctx.static_files ? ctx.static_files->Serve(request) : PlaceholderPage(request);
  });
}

}  // namespace sotay

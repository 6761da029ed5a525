// The endpoints that need nothing but the framework: health, metrics, static files.
#include "core/version.h"
#include "server/api/api_error.h"
#include "server/api/routes.h"
#include "server/http/metrics.h"
#include "server/http/static_files.h"
#include "server/ward/push_queue.h"
#include "server/ward/services.h"

namespace sotay {

void RegisterBuiltinRoutes(Router& router, AppContext& ctx) {
  router.Add("GET", "/healthz", [](const HttpRequest&, const RouteParams&) {
    HttpResponse r = JsonResponse(200, Json{{"status", "ok"}, {"version", CoreVersion()}});
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  // Metrics name routes, counts and memory: for the machine's own monitoring only
  // (Prometheus on the server itself, or through an SSH tunnel), never the network.
  router.Add("GET", "/metrics", [&ctx](const HttpRequest& request, const RouteParams&) {
    if (!IsLocalRequest(request)) {
      return ApiError("metrics_local_only",
                      "/metrics chỉ trả lời yêu cầu từ chính máy chủ (127.0.0.1)",
                      "/metrics answers only requests from the server itself (127.0.0.1)");
    }
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = ctx.metrics ? PrometheusBuildInfo(CoreVersion()) + ctx.metrics->RenderPrometheus()
                         : std::string();
    if (ctx.services != nullptr) {
      const PushQueue::Stats push = ctx.services->pushes().stats();
      r.body += PrometheusMetric("sotay_push_groups_total", "counter",
                                 "Commits of the push writer (groups of pushes).", push.groups);
      r.body += PrometheusMetric("sotay_push_grouped_total", "counter",
                                 "Pushes applied in those groups.", push.pushes);
      r.body += PrometheusMetric("sotay_push_group_largest", "gauge",
                                 "Most pushes applied in one group.", push.largest);
      const ByteBudget::Stats held = ctx.services->push_budget().stats();
      r.body += PrometheusMetric("sotay_push_bytes_in_flight_peak", "gauge",
                                 "Most push body bytes held at once (parsed, decoded, waiting).",
                                 static_cast<int64_t>(held.peak));
      r.body += PrometheusMetric("sotay_push_refused_busy_total", "counter",
                                 "Pushes refused with 503 because the bytes in flight were spent.",
                                 held.refused);
    }
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });
  router.SetFallback([&ctx](const HttpRequest& request, const RouteParams&) {
    return ctx.static_files ? ctx.static_files->Serve(request) : PlaceholderPage(request);
  });
}

}  // namespace sotay

#include "server/cli/serve.h"

#include "server/api/routes.h"
#include "server/store/ward_database.h"

namespace sotay {

Result<std::unique_ptr<SotayServer>> SotayServer::Start(ServeOptions options) {
  std::unique_ptr<SotayServer> s(new SotayServer(std::move(options)));
  if (!s->options_.static_dir.empty()) {
    Result<StaticFiles> files = StaticFiles::Open(s->options_.static_dir);
    if (!files.ok()) return files.status();
    s->static_files_.emplace(std::move(files).value());
  }
  s->context_.db_path = s->options_.db_path;
  s->context_.metrics = &s->metrics_;
  s->metrics_.SetDatabaseMemoryReader([](MemoryGauges& g) {
    const DatabaseMemory m = ReadDatabaseMemory();
    g.sqlite_memory_used = m.used;
    g.sqlite_memory_highwater = m.highwater;
    g.sqlite_page_cache = m.page_cache;
    g.sqlite_page_cache_static = m.page_cache_static;
  });
  s->context_.password_check_slots = s->options_.password_check_slots;
  s->context_.static_files = s->static_files_ ? &*s->static_files_ : nullptr;
  if (!s->options_.db_path.empty()) {
    Result<std::unique_ptr<ServerServices>> services =
        ServerServices::Open({.db_path = s->options_.db_path,
                              .schemas_dir = s->options_.schemas_dir,
                              .clock = s->options_.clock,
                              .push_store = s->options_.push_store,
                              .push_accounts = s->options_.push_accounts,
                              .fact_refresh_period = s->options_.fact_refresh_period,
                              .push_bytes_in_flight = s->options_.push_bytes_in_flight});
    if (!services.ok()) return services.status();
    s->services_ = std::move(services).value();
    s->context_.services = s->services_.get();
  }

  RegisterAllRoutes(s->router_, s->context_);
  if (s->options_.extra_routes) s->options_.extra_routes(s->router_, s->context_);
  if (!s->router_.status().ok()) return s->router_.status();

  s->app_ = std::make_unique<HttpApp>(s->router_, s->metrics_);
  if (s->options_.listen) {
    s->http_ = std::make_unique<HttpServer>(s->options_.http, *s->app_);
    SOTAY_RETURN_IF_ERROR(s->http_->Start());
  }
  if (s->options_.heap_trim_period.count() > 0) {
    s->heap_trimmer_ = std::make_unique<HeapTrimmer>(s->options_.heap_trim_period);
  }
  return s;
}

}  // namespace sotay

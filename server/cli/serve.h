// SotayServer: everything `sotay-server serve` runs, wired together — the routes of
// every module, metrics, static files and the HTTP server. Tests start it in-process.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "server/api/app_context.h"
#include "server/http/heap.h"
#include "server/http/http_app.h"
#include "server/http/http_server.h"
#include "server/http/metrics.h"
#include "server/http/router.h"
#include "server/http/static_files.h"
#include "server/ward/services.h"

namespace sotay {

struct ServeOptions {
  std::string db_path;      // required by the command line; opened by the store wiring
  std::string static_dir;   // the built web client; empty: a placeholder page at "/"
  std::string schemas_dir;  // form schemas; empty: FindSchemasDir() (services.h)
  HttpServerOptions http;
  // Extra routes registered after the server's own (tests use it); may be empty.
  std::function<void(Router&, AppContext&)> extra_routes;
  // How often freed heap pages go back to the kernel (heap.h); 0: never.
  std::chrono::milliseconds heap_trim_period{2'000};
  // Tests only: see ServicesOptions::push_store.
  std::function<Store&(Store& writer)> push_store;
  // Tests only: see ServicesOptions::push_accounts.
  std::function<AccountStore&(AccountStore& writer_accounts)> push_accounts;
  // Tests only: the clock of the services (null: the system clock).
  const Clock* clock = nullptr;
  // How often the date is checked for indicator facts to refresh (fact_refresher.h).
  std::chrono::milliseconds fact_refresh_period{5'000};
  // Password checks (Argon2id) at once for sign-ins; 0: half the cores, at least 2.
  int password_check_slots = 0;
  // See ServicesOptions::push_bytes_in_flight.
  size_t push_bytes_in_flight = kPushBytesInFlight;
  // Tests only: false builds everything but the HTTP server: no socket, no I/O or
  // handler threads; requests reach the app through app().Handle (in the calling
  // thread), as the tests' in-process client does (server/testing/in_process_client.h).
  bool listen = true;
};

class SotayServer {
 public:
  // Builds the context and routes, then starts listening (unless options.listen is
  // false). Fails with "static_dir", "bad_route", "tls_config" or "listen_failed".
  static Result<std::unique_ptr<SotayServer>> Start(ServeOptions options);

  // Shuts down gracefully (see HttpServer) and waits.
  ~SotayServer() = default;
  SotayServer(const SotayServer&) = delete;
  SotayServer& operator=(const SotayServer&) = delete;

  // Only while listening (options.listen).
  uint16_t port() const { return http_->port(); }
  std::string url() const { return http_->url(); }
  Metrics& metrics() { return metrics_; }
  // What the HTTP server hands each request to; with options.listen false, the only way
  // in. The HTTP server's options, for a caller that stands in for its sessions.
  const HttpApp& app() const { return *app_; }
  const HttpServerOptions& http_options() const { return options_.http; }
  bool listening() const { return http_ != nullptr; }
  // The ward's services; null when started without a database (tests look inside).
  ServerServices* services() { return services_.get(); }

  void Shutdown() {
    if (http_) http_->Shutdown();
  }
  void Wait() {
    if (http_) http_->Wait();
  }

 private:
  explicit SotayServer(ServeOptions options) : options_(std::move(options)) {}

  // Members are destroyed in reverse order: the HTTP server (and its threads) first.
  ServeOptions options_;
  std::unique_ptr<HeapTrimmer> heap_trimmer_;
  Metrics metrics_;
  std::optional<StaticFiles> static_files_;
  std::unique_ptr<ServerServices> services_;  // the database; outlives the HTTP server
  AppContext context_;
  Router router_;
  std::unique_ptr<HttpApp> app_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace sotay

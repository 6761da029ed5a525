// `sotay-server serve --db DB [--host H] [--port P] [--tls-cert F --tls-key F]
//  [--static DIR] [--threads N] [--handlers N] [--body-limit SIZE]
//  [--max-connections N] [--max-connections-per-address N] [--trusted-proxy IP]`
#include <ostream>

#include "server/cli/commands.h"
#include "server/cli/serve.h"
#include "server/http/client_address.h"
#include "server/http/heap.h"
#include "server/ward/ward_files.h"

namespace sotay {

namespace {

Status RunServe(const ParsedArgs& args, CommandIo& io) {
  ServeOptions options;
  options.db_path = args.Get("db");
  if (options.db_path.empty())
    return UsageError("--db không được để trống", "--db must not be empty");
  options.static_dir = args.Get("static");
  options.schemas_dir = args.Get("schemas");
  options.http.host = args.Get("host", "127.0.0.1");
  Result<int64_t> port = ParseIntOption("port", args.Get("port", "8080"), 0, 65535);
  if (!port.ok()) return port.status();
  options.http.port = static_cast<uint16_t>(*port);
  Result<int64_t> threads = ParseIntOption("threads", args.Get("threads", "0"), 0, 256);
  if (!threads.ok()) return threads.status();
  options.http.threads = static_cast<int>(*threads);
  Result<int64_t> handlers = ParseIntOption(
      "handlers", args.Get("handlers", std::to_string(options.http.handler_threads)), 1, 256);
  if (!handlers.ok()) return handlers.status();
  options.http.handler_threads = static_cast<int>(*handlers);
  Result<int64_t> max_connections = ParseIntOption(
      "max-connections", args.Get("max-connections", std::to_string(options.http.max_connections)),
      16, 1000000);
  if (!max_connections.ok()) return max_connections.status();
  options.http.max_connections = static_cast<int>(*max_connections);
  Result<int64_t> per_address =
      ParseIntOption("max-connections-per-address",
                     args.Get("max-connections-per-address",
                              std::to_string(options.http.max_connections_per_address)),
                     1, 1000000);
  if (!per_address.ok()) return per_address.status();
  options.http.max_connections_per_address = static_cast<int>(*per_address);
  if (args.Has("body-limit")) {
    Result<uint64_t> limit = ParseSizeOption("body-limit", args.Get("body-limit"));
    if (!limit.ok()) return limit.status();
    options.http.body_limit = static_cast<size_t>(*limit);
  }
  options.http.trusted_proxy = args.Get("trusted-proxy");
  if (!options.http.trusted_proxy.empty() && !IsIpAddress(options.http.trusted_proxy)) {
    return UsageError("--trusted-proxy phải là một địa chỉ IP, ví dụ 127.0.0.1",
                      "--trusted-proxy must be an IP address, e.g. 127.0.0.1");
  }
  options.http.tls_cert = args.Get("tls-cert");
  options.http.tls_key = args.Get("tls-key");
  if (options.http.tls_cert.empty() != options.http.tls_key.empty()) {
    return UsageError("--tls-cert và --tls-key phải đi cùng nhau",
                      "--tls-cert and --tls-key go together");
  }
  options.http.handle_signals = true;
  TuneHeapForServer();
  RestrictWardFiles(options.db_path);  // made by an older version, perhaps world-readable

  Result<std::unique_ptr<SotayServer>> server = SotayServer::Start(std::move(options));
  if (!server.ok()) return server.status();
  // Scripts and tests wait for exactly this line.
  io.out << "listening on " << (*server)->url() << std::endl;
  (*server)->Wait();
  return Status::Ok();
}

}  // namespace

void RegisterServeCommand(CommandRegistry& registry) {
  registry.Add(Command{
      "serve",
      "Chạy máy chủ đồng bộ (run the sync server)",
      {
          {"db", "PATH", "SQLite database of the ward", true, false},
          {"host", "HOST", "address to listen on (default 127.0.0.1)", false, false},
          {"port", "PORT", "TCP port, 0 for any free port (default 8080)", false, false},
          {"tls-cert", "FILE", "PEM certificate chain: serve HTTPS", false, false},
          {"tls-key", "FILE", "PEM private key of --tls-cert", false, false},
          {"static", "DIR", "folder of the built web client", false, false},
          {"schemas", "DIR", "folder of form schemas (default: found beside the program)", false,
           false},
          {"threads", "N", "I/O threads (default: one per CPU)", false, false},
          {"handlers", "N", "requests answered at once (default 16)", false, false},
          {"body-limit", "SIZE", "largest request body, e.g. 8M (default 8M)", false, false},
          {"max-connections", "N", "connections open at once (default 2000)", false, false},
          {"trusted-proxy", "IP",
           "a reverse proxy whose X-Forwarded-For names the client (e.g. 127.0.0.1)", false, false},
          {"max-connections-per-address", "N",
           "connections open at once from one address (default 100)", false, false},
      },
      RunServe,
  });
}

}  // namespace sotay

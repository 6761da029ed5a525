// HttpServer: the HTTP/1.1 (and HTTPS) listener and sessions, on a thread pool.
//
// It only reads requests, hands them to HttpApp::Handle (routing, gzip, metrics) and
// writes the responses; it owns the abuse limits and the lifecycle:
//   - keep-alive and pipelined requests, one at a time per connection;
//   - body limit (413 body_too_large), header limit (431 headers_too_large),
//     malformed HTTP (400 bad_request): the error is written, then the connection is
//     closed after draining what the client still sends, so it can read the error;
//   - connection caps in total and per address (max_connections*): the connection is
//     closed at once; a request header not complete within header_timeout, or the whole
//     request (or a response not taken) within read_timeout: the connection is closed
//     without an answer (slow or silent clients must not hold a session);
//   - an idle keep-alive connection is closed after idle_timeout;
//   - `Expect: 100-continue` is answered before the body is read (or 413 straight away);
//   - TLS when a certificate and key are given (same code path, TLS 1.2+);
//   - graceful shutdown: stop accepting, close idle connections, let requests already
//     begun finish (their responses say Connection: close), force-stop after
//     shutdown_grace.
// Handlers run on a pool of their own (`handler_threads`), not on the I/O threads: a
// handler may wait (a push waits for its group commit, server/ward/push_queue.h) while the
// I/O threads go on reading other requests, so many pushes can wait together and be
// committed with one fsync.
//
// Thread-safety: Shutdown may be called from any thread (or a signal, with
// handle_signals); Start and Wait from the owning thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "server/http/http_app.h"

namespace sotay {

// File descriptors kept free beyond the connections: database, WAL, backups, logs.
inline constexpr int kReservedFiles = 256;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: let the system choose; port() tells which
  int threads = 0;       // I/O threads; 0: one per hardware thread
  // Threads that run the handlers: at most this many requests are answered at once (the
  // rest wait, read, on their connections), so it also bounds the requests held in
  // memory while they wait for the database writer.
  int handler_threads = 16;
  // A reverse proxy on this machine (e.g. "127.0.0.1"): only its X-Forwarded-For is
  // believed (client_address.h); empty: every peer is the client.
  std::string trusted_proxy;
  std::string tls_cert;  // PEM certificate chain; with tls_key, serve HTTPS
  std::string tls_key;   // PEM private key
  size_t body_limit = 8u << 20;
  size_t header_limit = 16u << 10;
  // Connections open at once, in total and from one address; a connection over either
  // cap is closed as soon as it is accepted. Start raises the process's file limit to fit
  // max_connections (plus kReservedFiles for the database and the rest) or fails.
  int max_connections = 2000;
  int max_connections_per_address = 100;
  // From the connection (or the end of the previous request) to a complete request
  // header: a client that opens sockets and stays silent is dropped after this.
  std::chrono::milliseconds header_timeout{5'000};
  std::chrono::milliseconds read_timeout{30'000};  // to receive one whole request
  std::chrono::milliseconds idle_timeout{60'000};  // between requests on a connection
  std::chrono::milliseconds shutdown_grace{10'000};
  // SIGINT/SIGTERM call Shutdown(); a second signal then ends the process at once.
  bool handle_signals = false;
};

class HttpServer {
 public:
  // `app` must outlive the server.
  HttpServer(HttpServerOptions options, const HttpApp& app);
  // Shuts down gracefully and waits.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads TLS material, binds, listens and starts the threads; returns once connections
  // are accepted. Fails with "tls_config", "listen_failed" or "file_limit" (the process
  // may not open max_connections + kReservedFiles files; the reason in English and
  // Vietnamese). Call once.
  Status Start();

  // The bound port (useful with port 0) and "http(s)://HOST:PORT".
  uint16_t port() const;
  std::string url() const;
  bool tls() const;

  // Begins a graceful shutdown and returns at once; repeated calls are harmless.
  void Shutdown();
  // Blocks until the server has shut down (after Shutdown or a signal).
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Answers `bytes` as one request read from a connection (limits from `options`; the
// same rejections, target parsing and HttpApp::Handle as a session) without a socket,
// so the fuzzer (tests/fuzz) can drive the whole request path. nullopt when a session
// would answer nothing: the bytes end before a whole request. 100-continue, keep-alive
// and any bytes after the first request are not looked at.
std::optional<HttpResponse> AnswerRequestBytes(const HttpApp& app, std::string_view bytes,
                                               const HttpServerOptions& options);

}  // namespace sotay

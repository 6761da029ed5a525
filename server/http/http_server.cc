// The only translation unit of the server that includes Beast and Asio (they are heavy
// to compile); handlers and everything else see plain HttpRequest/HttpResponse values.
// Sessions are C++20 coroutines: one straight loop per connection, on its own strand.
#include "server/http/http_server.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "server/http/client_address.h"
#include "server/http/file_limit.h"

namespace sotay {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);
constexpr size_t kFirstReadBytes = 4096;
// After an error response, how long and how much to read before closing, so the client
// gets to read the error instead of a connection reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 64u << 20;
constexpr auto kTlsShutdownTime = std::chrono::seconds(1);
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string HostForUrl(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

void LogCoroutineFailure(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    std::fprintf(stderr, "sotay-server: connection ended by an exception: %s\n", x.what());
  } catch (...) {
    std::fprintf(stderr, "sotay-server: connection ended by an unknown exception\n");
  }
}

// What a session shares with Shutdown(): whether it waits for a new request (and may
// be closed at once) and how to cancel its pending read. Touched only on its strand.
struct SessionControl {
  bool idle = true;
  std::function<void()> cancel;
};

// The response to a failed read, or nothing when the connection is simply gone. A
// timeout gets no answer: Beast's tcp_stream has already closed the socket by then.
std::optional<HttpResponse> RejectionFor(const HttpApp& app, const error_code& ec) {
  if (ec == http::error::body_limit) {
    return app.Reject(413, "body_too_large", "Nội dung yêu cầu quá lớn", "Request body too large");
  }
  if (ec == http::error::header_limit) {
    return app.Reject(431, "headers_too_large", "Phần đầu yêu cầu quá lớn",
                      "Request headers too large");
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
  if (ec.category() == http::make_error_code(http::error::bad_version).category()) {
    return app.Reject(400, "bad_request", "Yêu cầu HTTP không hợp lệ", "Malformed HTTP request");
  }
  return std::nullopt;
}

// Moves method, headers and body into `r` (path and query are parsed separately).
void FillHttpRequest(http::request<http::string_body>&& req, std::string remote, HttpRequest* out) {
  HttpRequest& r = *out;
  r.method = std::string(req.method_string());
  for (const auto& field : req) {
    std::string name(field.name_string());
    auto [it, inserted] = r.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  r.body = std::move(req.body());
  r.remote_addr = std::move(remote);
}

// What a session answers to a whole request: a bad target is refused (and `*close` set,
// since the rest of the connection cannot be trusted), anything else goes to the app.
HttpResponse AnswerRequest(const HttpApp& app, http::request<http::string_body>&& req,
                           std::string remote, const std::string& trusted_proxy, bool* close) {
  HttpRequest request;
  if (!ParseTarget(req.target(), &request.path, &request.query)) {
    *close = true;
    return app.Reject(400, "bad_request", "Đích yêu cầu không hợp lệ", "Malformed request target");
  }
  *close = false;
  FillHttpRequest(std::move(req), std::move(remote), &request);
  ResolveClientAddress(trusted_proxy, &request);
  return app.Handle(request);
}

// AnswerRequest as a task of the handler pool: a plain function, so its arguments are
// copied into the coroutine frame (a lambda's captures would live outside it).
asio::awaitable<std::pair<HttpResponse, bool>> AnswerOnPool(const HttpApp* app,
                                                            http::request<http::string_body> req,
                                                            std::string remote,
                                                            const std::string* trusted_proxy) {
  bool close = false;
  HttpResponse response =
      AnswerRequest(*app, std::move(req), std::move(remote), *trusted_proxy, &close);
  co_return std::make_pair(std::move(response), close);
}

http::response<http::string_body> ToBeast(HttpResponse&& hr, unsigned version, bool keep_alive,
                                          bool head) {
  http::response<http::string_body> res{static_cast<http::status>(hr.status), version};
  res.set(http::field::server, "sotay");
  if (!hr.content_type.empty()) res.set(http::field::content_type, hr.content_type);
  for (auto& [name, value] : hr.headers) res.insert(name, value);
  res.keep_alive(keep_alive);
  const bool bodiless = hr.status < 200 || hr.status == 204 || hr.status == 304;
  if (bodiless) {
    // No body and no Content-Length: the status itself says there is none.
  } else if (head) {
    // HEAD: the headers GET would send, no body.
    res.content_length(hr.body.size());
  } else {
    res.body() = std::move(hr.body);
    res.prepare_payload();
  }
  return res;
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, const HttpApp& a) : options(std::move(o)), app(a) {}

  // Declaration order matters for destruction: the io_context goes before the session
  // table, because destroying it may destroy suspended sessions that unregister.
  HttpServerOptions options;
  const HttpApp& app;
  std::mutex mu;
  std::map<uint64_t, std::pair<asio::any_io_executor, std::weak_ptr<SessionControl>>>
      sessions;                            // guarded by mu
  std::map<std::string, int> per_address;  // open connections by peer; guarded by mu
  int open_connections = 0;                // guarded by mu
  uint64_t next_session = 0;               // guarded by mu
  std::optional<ssl::context> tls;
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> control{asio::make_strand(ioc)};
  tcp::acceptor acceptor{control};
  asio::signal_set signals{control};
  std::vector<std::thread> threads;
  // Declared after `ioc`, so destroyed first: a handler still running posts its
  // completion to the io_context, which must exist then.
  std::optional<asio::thread_pool> handlers;
  std::atomic<bool> started{false};
  std::atomic<bool> stopping{false};
  std::mutex join_mu;
  uint16_t port = 0;

  // Unregisters a session when its coroutine frame is destroyed.
  struct Registration {
    Impl* impl;
    uint64_t id;
    ~Registration() {
      std::lock_guard lock(impl->mu);
      impl->sessions.erase(id);
    }
  };

  Registration Register(const std::shared_ptr<SessionControl>& ctl, asio::any_io_executor ex) {
    std::lock_guard lock(mu);
    uint64_t id = next_session++;
    sessions.emplace(id, std::make_pair(std::move(ex), ctl));
    return Registration{this, id};
  }

  // One admitted connection, counted from accept until its session's frame is gone.
  class Slot {
   public:
    Slot(Impl* impl, std::string address) : impl_(impl), address_(std::move(address)) {}
    Slot(Slot&& o) noexcept : impl_(std::exchange(o.impl_, nullptr)), address_(o.address_) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (impl_ == nullptr) return;
      std::lock_guard lock(impl_->mu);
      --impl_->open_connections;
      auto it = impl_->per_address.find(address_);
      if (it != impl_->per_address.end() && --it->second <= 0) impl_->per_address.erase(it);
    }
    const std::string& address() const { return address_; }

   private:
    Impl* impl_;
    std::string address_;
  };

  // A slot for a new connection from `address`, or nothing when it is over a cap.
  std::optional<Slot> Admit(const std::string& address) {
    std::lock_guard lock(mu);
    if (open_connections >= options.max_connections) return std::nullopt;
    int& from_address = per_address[address];
    // The trusted proxy carries every client's connections: only the total caps it.
    const bool proxy = !options.trusted_proxy.empty() && address == options.trusted_proxy;
    if (!proxy && from_address >= options.max_connections_per_address) {
      if (from_address == 0) per_address.erase(address);
      return std::nullopt;
    }
    ++from_address;
    ++open_connections;
    return std::optional<Slot>(std::in_place, this, address);
  }

  template <class Stream>
  asio::awaitable<void> WriteResponse(Stream& stream, HttpResponse response, unsigned version,
                                      bool keep_alive, bool head, error_code* ec_out) {
    // Under TLS, browsers are told to come back only over HTTPS (a year, renewed on
    // every answer).
    if (tls) response.SetHeader("Strict-Transport-Security", "max-age=31536000");
    auto res = ToBeast(std::move(response), version, keep_alive, head);
    beast::get_lowest_layer(stream).expires_after(options.read_timeout);
    auto [ec, n] = co_await http::async_write(stream, res, kAwait);
    *ec_out = ec;
  }

  // Runs the handler on the handler pool and resumes this session (on its strand) with
  // the answer. The task owns its request, so it is safe even if the session is gone.
  asio::awaitable<HttpResponse> Answer(http::request<http::string_body>&& req,
                                       const std::string& remote, bool* close) {
    auto [response, must_close] = co_await asio::co_spawn(
        handlers->get_executor(),
        AnswerOnPool(&app, std::move(req), remote, &options.trusted_proxy), asio::use_awaitable);
    *close = must_close;
    co_return std::move(response);
  }

  // Reads and drops what the client still sends, for a bounded time and size.
  template <class Stream>
  asio::awaitable<void> Linger(Stream& stream) {
    auto& lowest = beast::get_lowest_layer(stream);
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      error_code ignored;
      lowest.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    lowest.expires_after(kLingerTime);
    std::vector<char> sink(16384);
    size_t total = 0;
    while (total < kLingerBytes) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kAwait);
      if (ec) break;
      total += n;
    }
  }

  // The request loop of one connection, plain or TLS.
  template <class Stream>
  asio::awaitable<void> ServeRequests(Stream& stream, SessionControl& ctl,
                                      const std::string& remote) {
    auto& lowest = beast::get_lowest_layer(stream);
    beast::flat_buffer buffer;
    bool first = true;
    for (;;) {
      // Phase 1: wait for the first byte of the next request. Only here is the
      // connection idle, so only here may shutdown close it.
      if (buffer.size() == 0) {
        if (stopping) co_return;
        lowest.expires_after(first ? options.header_timeout : options.idle_timeout);
        ctl.idle = true;
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kFirstReadBytes), kAwait);
        ctl.idle = false;
        if (ec) co_return;  // closed, idle timeout or shutdown
        buffer.commit(n);
      }
      first = false;

      // Phase 2: the whole request, within read_timeout.
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      parser.body_limit(options.body_limit);
      lowest.expires_after(options.header_timeout);
      auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, kAwait);
      error_code ec = hec;
      if (!ec) lowest.expires_after(options.read_timeout);  // now the body
      if (!ec && beast::iequals(parser.get()[http::field::expect], "100-continue")) {
        http::response<http::empty_body> cont{http::status::continue_, parser.get().version()};
        auto [cec, cn] = co_await http::async_write(stream, cont, kAwait);
        ec = cec;
      }
      if (!ec && !parser.is_done()) {
        auto [bec, bn] = co_await http::async_read(stream, buffer, parser, kAwait);
        ec = bec;
      }
      if (ec) {
        std::optional<HttpResponse> rejection = RejectionFor(app, ec);
        if (!rejection) co_return;
        error_code wec;
        co_await WriteResponse(stream, std::move(*rejection), 11, false, false, &wec);
        if (!wec) co_await Linger(stream);
        co_return;
      }

      http::request<http::string_body> req = parser.release();
      const unsigned version = req.version();
      const bool head = req.method() == http::verb::head;
      bool keep_alive = req.keep_alive();
      bool close = false;
      HttpResponse response = co_await Answer(std::move(req), remote, &close);
      keep_alive = keep_alive && !close && !stopping;
      error_code wec;
      co_await WriteResponse(stream, std::move(response), version, keep_alive, head, &wec);
      if (wec || !keep_alive) co_return;
    }
  }

  // Closes a connection politely: FIN for TCP, close_notify for TLS.
  template <class Stream>
  asio::awaitable<void> Close(Stream& stream) {
    auto& lowest = beast::get_lowest_layer(stream);
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      error_code ignored;
      lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
    } else {
      lowest.expires_after(kTlsShutdownTime);
      co_await stream.async_shutdown(kAwait);
    }
    co_return;
  }

  template <class Stream>
  asio::awaitable<void> RunSession(Stream stream, bool handshake, Slot slot) {
    auto ctl = std::make_shared<SessionControl>();
    ctl->cancel = [&stream] { beast::get_lowest_layer(stream).cancel(); };
    Registration registration = Register(ctl, stream.get_executor());
    const std::string& remote = slot.address();
    if (handshake) {
      if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
        // Counts as idle: no request has begun, shutdown may drop it.
        beast::get_lowest_layer(stream).expires_after(options.header_timeout);
        auto [hec] = co_await stream.async_handshake(ssl::stream_base::server, kAwait);
        if (hec) co_return;
      }
    }
    co_await ServeRequests(stream, *ctl, remote);
    ctl->cancel = nullptr;
    co_await Close(stream);
  }

  asio::awaitable<void> AcceptLoop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kAwait);
      if (stopping) co_return;
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // Out of file descriptors and the like: back off instead of spinning.
        asio::steady_timer pause(control, std::chrono::milliseconds(50));
        co_await pause.async_wait(kAwait);
        continue;
      }
      error_code ignored;
      std::string address = socket.remote_endpoint(ignored).address().to_string();
      std::optional<Slot> slot = Admit(address);
      if (!slot) {
        // Over a cap: closed before anything is read, so it costs one accept.
        socket.close(ignored);
        continue;
      }
      socket.set_option(tcp::no_delay(true), ignored);
      auto executor = socket.get_executor();
      if (tls) {
        beast::ssl_stream<beast::tcp_stream> stream(tcp::socket(std::move(socket)), *tls);
        asio::co_spawn(executor, RunSession(std::move(stream), true, std::move(*slot)),
                       LogCoroutineFailure);
      } else {
        beast::tcp_stream stream(tcp::socket(std::move(socket)));
        asio::co_spawn(executor, RunSession(std::move(stream), false, std::move(*slot)),
                       LogCoroutineFailure);
      }
    }
  }

  // Waits for the sessions to finish, at most shutdown_grace, then lets run() return.
  asio::awaitable<void> Drain() {
    const auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
    asio::steady_timer timer(ioc);
    for (;;) {
      {
        std::lock_guard lock(mu);
        if (sessions.empty()) co_return;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        std::fprintf(stderr, "sotay-server: shutdown grace period over, closing connections\n");
        ioc.stop();
        co_return;
      }
      timer.expires_after(std::chrono::milliseconds(20));
      co_await timer.async_wait(kAwait);
    }
  }

  void BeginShutdown() {
    if (!started || stopping.exchange(true)) return;
    asio::post(control, [this] {
      error_code ignored;
      acceptor.close(ignored);
      // Back to the default dispositions: a second Ctrl-C ends the process at once.
      signals.clear(ignored);
      signals.cancel(ignored);
    });
    {
      std::lock_guard lock(mu);
      for (auto& [id, entry] : sessions) {
        asio::post(entry.first, [weak = entry.second] {
          auto ctl = weak.lock();
          if (ctl && ctl->idle && ctl->cancel) ctl->cancel();
        });
      }
    }
    asio::co_spawn(ioc, Drain(), LogCoroutineFailure);
  }

  Status Start() {
    auto fail = [](const std::string& code, const std::string& vi, const std::string& en) {
      return Status::Error(code, vi, en);
    };
    if (options.tls_cert.empty() != options.tls_key.empty()) {
      return fail("tls_config", "Cần cả --tls-cert và --tls-key",
                  "Both --tls-cert and --tls-key are needed");
    }
    if (Status s = EnsureFileLimit(static_cast<uint64_t>(options.max_connections) + kReservedFiles);
        !s.ok()) {
      return s;
    }
    error_code ec;
    if (!options.tls_cert.empty()) {
      tls.emplace(ssl::context::tls_server);
      tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
      // TLS 1.2: forward-secret key exchange with an AEAD cipher only (TLS 1.3 suites
      // all are); the server's order wins.
      if (!ec && SSL_CTX_set_cipher_list(tls->native_handle(), kTls12Ciphers) != 1) {
        ec = asio::error::invalid_argument;
      }
      SSL_CTX_set_options(tls->native_handle(), SSL_OP_CIPHER_SERVER_PREFERENCE |
                                                    SSL_OP_NO_COMPRESSION |
                                                    SSL_OP_NO_RENEGOTIATION);
      if (!ec) tls->use_certificate_chain_file(options.tls_cert, ec);
      if (ec) {
        return fail("tls_config",
                    "Không đọc được chứng chỉ " + options.tls_cert + ": " + ec.message(),
                    "Cannot load certificate " + options.tls_cert + ": " + ec.message());
      }
      tls->use_private_key_file(options.tls_key, ssl::context::pem, ec);
      if (ec) {
        return fail("tls_config", "Không đọc được khóa " + options.tls_key + ": " + ec.message(),
                    "Cannot load private key " + options.tls_key + ": " + ec.message());
      }
    }
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) {
      return fail("listen_failed", "Không phân giải được " + options.host + ": " + ec.message(),
                  "Cannot resolve " + options.host + ": " + ec.message());
    }
    tcp::endpoint endpoint = results.begin()->endpoint();
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      std::string where = HostForUrl(options.host) + ":" + std::to_string(options.port);
      return fail("listen_failed", "Không lắng nghe được trên " + where + ": " + ec.message(),
                  "Cannot listen on " + where + ": " + ec.message());
    }
    port = acceptor.local_endpoint().port();
    started = true;
    asio::co_spawn(control, AcceptLoop(), LogCoroutineFailure);
    if (options.handle_signals) {
      signals.add(SIGINT, ec);
      signals.add(SIGTERM, ec);
      signals.async_wait([this](const error_code& sec, int) {
        if (!sec) BeginShutdown();
      });
    }
    handlers.emplace(static_cast<size_t>(std::max(1, options.handler_threads)));
    unsigned n = options.threads > 0 ? static_cast<unsigned>(options.threads)
                                     : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) {
      threads.emplace_back([this] {
        for (;;) {
          try {
            ioc.run();
            return;
          } catch (const std::exception& e) {
            std::fprintf(stderr, "sotay-server: I/O thread caught: %s\n", e.what());
          }
        }
      });
    }
    return Status::Ok();
  }

  void Join() {
    std::lock_guard lock(join_mu);
    for (std::thread& t : threads) {
      if (t.joinable()) t.join();
    }
    // Handlers still running finish (the database must not close under them).
    handlers.reset();
  }
};

std::optional<HttpResponse> AnswerRequestBytes(const HttpApp& app, std::string_view bytes,
                                               const HttpServerOptions& options) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
  parser.body_limit(options.body_limit);
  parser.eager(true);
  error_code ec;
  while (!ec && !parser.is_done() && !bytes.empty()) {
    size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == http::error::need_more) ec = {};
    if (used == 0 && !ec) break;  // the parser wants more than the bytes hold
    bytes.remove_prefix(used);
  }
  if (!ec && !parser.is_done()) {
    parser.put_eof(ec);  // the client closed: a body without a length ends here
    if (!ec && !parser.is_done()) return std::nullopt;
  }
  if (ec) return RejectionFor(app, ec);
  bool close = false;
  return AnswerRequest(app, parser.release(), "127.0.0.1", options.trusted_proxy, &close);
}

HttpServer::HttpServer(HttpServerOptions options, const HttpApp& app)
    : impl_(std::make_unique<Impl>(std::move(options), app)) {}

HttpServer::~HttpServer() {
  impl_->BeginShutdown();
  impl_->Join();
}

Status HttpServer::Start() {
  if (impl_->started) {
    return Status::Error("listen_failed", "Máy chủ đã chạy", "Server already started");
  }
  return impl_->Start();
}

uint16_t HttpServer::port() const { return impl_->port; }

bool HttpServer::tls() const { return impl_->tls.has_value(); }

std::string HttpServer::url() const {
  return std::string(tls() ? "https://" : "http://") + HostForUrl(impl_->options.host) + ":" +
         std::to_string(impl_->port);
}

void HttpServer::Shutdown() { impl_->BeginShutdown(); }

void HttpServer::Wait() { impl_->Join(); }

}  // namespace sotay

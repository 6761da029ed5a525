#include "tests/integration/http_test_client.h"

#include <optional>
#include <stdexcept>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "server/http/gzip.h"

namespace sotay::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

// Starts one asynchronous operation and runs the io_context until it completes. The
// stream's own deadline (expires_after) bounds the wait.
template <class Start>
std::pair<error_code, size_t> RunOp(asio::io_context& ioc, Start&& start) {
  std::pair<error_code, size_t> result{asio::error::would_block, 0};
  start([&](error_code ec, auto&&... rest) {
    result.first = ec;
    if constexpr (sizeof...(rest) == 1) result.second = (static_cast<size_t>(rest), ...);
  });
  ioc.restart();
  ioc.run();
  return result;
}

[[noreturn]] void Fail(const std::string& what, const error_code& ec) {
  throw std::runtime_error(what + ": " + ec.message());
}

tcp::endpoint Endpoint(const std::string& host, uint16_t port) {
  return tcp::endpoint(asio::ip::make_address(host), port);
}

}  // namespace

const std::string& TestResponse::Header(std::string_view name) const {
  static const std::string kEmpty;
  auto it = headers.find(name);
  return it == headers.end() ? kEmpty : it->second;
}

Json TestResponse::JsonBody() const { return Json::parse(body, nullptr, false); }

struct TestClient::Impl {
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  bool tls = false;
  uint16_t port = 0;
  std::string host;
  int opened = 0;
  std::chrono::milliseconds timeout{10'000};

  bool IsOpen() const { return plain.has_value() || secure.has_value(); }

  beast::tcp_stream& Lowest() { return plain ? *plain : beast::get_lowest_layer(*secure); }

  void Connect() {
    buffer.clear();
    if (tls) {
      ctx.set_verify_mode(ssl::verify_none);
      secure.emplace(ioc, ctx);
    } else {
      plain.emplace(ioc);
    }
    Lowest().expires_after(timeout);
    auto [ec, n] = RunOp(ioc, [&](auto h) { Lowest().async_connect(Endpoint(host, port), h); });
    if (ec) {
      Close();
      Fail("connect", ec);
    }
    ++opened;
    if (tls) {
      auto [hec, hn] =
          RunOp(ioc, [&](auto h) { secure->async_handshake(ssl::stream_base::client, h); });
      if (hec) {
        Close();
        Fail("TLS handshake", hec);
      }
    }
  }

  void Close() {
    if (IsOpen()) {
      error_code ignored;
      Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
      Lowest().socket().close(ignored);
    }
    plain.reset();
    secure.reset();
  }

  template <class Stream>
  TestResponse Exchange(Stream& stream, http::request<http::string_body>& req, bool head) {
    Lowest().expires_after(timeout);
    auto [wec, wn] = RunOp(ioc, [&](auto h) { http::async_write(stream, req, h); });
    if (wec) Fail("write request", wec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(512u << 20);
    if (head) parser.skip(true);
    auto [rec, rn] = RunOp(ioc, [&](auto h) { http::async_read(stream, buffer, parser, h); });
    if (rec) Fail("read response", rec);
    auto res = parser.release();
    TestResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      auto [it, inserted] = out.headers.emplace(name, std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());
    }
    out.keep_alive = res.keep_alive();
    out.SetBody(std::move(res.body()));
    return out;
  }
};

void TestResponse::SetBody(std::string raw) {
  raw_body = std::move(raw);
  if (Header("Content-Encoding") == "gzip" && !raw_body.empty()) {
    Result<std::string> inflated = GzipDecompress(raw_body);
    if (!inflated.ok()) throw std::runtime_error("bad gzip body: " + inflated.status().ToString());
    body = std::move(inflated).value();
  } else {
    body = raw_body;
  }
}

TestClient::TestClient(uint16_t port, bool tls, std::string host)
    : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->tls = tls;
  impl_->host = std::move(host);
}

TestClient::~TestClient() { impl_->Close(); }

int TestClient::connections_opened() const { return impl_->opened; }

void TestClient::set_timeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }

TestResponse TestClient::Request(const std::string& method, const std::string& target,
                                 const std::string& body, const HeaderList& headers) {
  if (!impl_->IsOpen()) impl_->Connect();
  http::request<http::string_body> req;
  http::verb verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) {
    req.method_string(method);
  } else {
    req.method(verb);
  }
  req.target(target);
  req.version(11);
  req.set(http::field::host, impl_->host);
  for (const auto& [name, value] : headers) req.insert(name, value);
  req.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT") req.prepare_payload();
  TestResponse out;
  try {
    out = impl_->plain ? impl_->Exchange(*impl_->plain, req, method == "HEAD")
                       : impl_->Exchange(*impl_->secure, req, method == "HEAD");
  } catch (...) {
    impl_->Close();
    throw;
  }
  if (!out.keep_alive) impl_->Close();
  return out;
}

struct RawConnection::Impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
};

RawConnection::RawConnection(uint16_t port, std::string host) : impl_(std::make_unique<Impl>()) {
  impl_->stream.expires_after(std::chrono::seconds(10));
  auto [ec, n] =
      RunOp(impl_->ioc, [&](auto h) { impl_->stream.async_connect(Endpoint(host, port), h); });
  if (ec) Fail("connect", ec);
}

RawConnection::~RawConnection() {
  error_code ignored;
  impl_->stream.socket().close(ignored);
}

void RawConnection::Send(std::string_view bytes) {
  impl_->stream.expires_after(std::chrono::seconds(10));
  auto [ec, n] = RunOp(impl_->ioc, [&](auto h) {
    asio::async_write(impl_->stream, asio::buffer(bytes.data(), bytes.size()), h);
  });
  if (ec) Fail("send", ec);
}

std::string RawConnection::ReadUntil(std::string_view needle, std::chrono::milliseconds timeout) {
  std::string received;
  char chunk[16384];
  impl_->stream.expires_after(timeout);
  for (;;) {
    if (!needle.empty() && received.find(needle) != std::string::npos) break;
    auto [ec, n] =
        RunOp(impl_->ioc, [&](auto h) { impl_->stream.async_read_some(asio::buffer(chunk), h); });
    received.append(chunk, n);
    if (ec) break;
  }
  return received;
}

std::string RawConnection::ReadUntilClose(std::chrono::milliseconds timeout) {
  return ReadUntil({}, timeout);
}

bool RawConnection::ClosedByPeer(std::chrono::milliseconds timeout) {
  char chunk[4096];
  impl_->stream.expires_after(timeout);
  for (;;) {
    auto [ec, n] =
        RunOp(impl_->ioc, [&](auto h) { impl_->stream.async_read_some(asio::buffer(chunk), h); });
    if (ec == asio::error::eof || ec == asio::error::connection_reset) return true;
    if (ec) return false;  // timeout
  }
}

std::string SendRaw(uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
  RawConnection c(port);
  c.Send(bytes);
  return c.ReadUntilClose(timeout);
}

}  // namespace sotay::testing

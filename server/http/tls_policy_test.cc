// The TLS policy of the server (http_server.cc) with real handshakes: TLS 1.2 only with
// ECDHE and an AEAD cipher; HSTS on every HTTPS answer.
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>

#include "server/cli/serve.h"
#include "tests/integration/http_test_client.h"
#include "tests/integration/self_signed_cert.h"
#include "tests/temp_dir.h"

namespace sotay::testing {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;

struct TlsServer {
  TlsServer() {
    files = WriteSelfSignedCert(dir.str());
    ServeOptions options;
    options.http.port = 0;
    options.http.threads = 1;
    options.http.tls_cert = files.cert_path;
    options.http.tls_key = files.key_path;
    Result<std::unique_ptr<SotayServer>> started = SotayServer::Start(std::move(options));
    if (!started.ok()) FAIL("server did not start: " << started.status().ToString());
    server = std::move(started).value();
  }
  TempDir dir;
  CertFiles files;
  std::unique_ptr<SotayServer> server;
};

// Whether a TLS 1.2 handshake offering only `ciphers` succeeds.
bool Tls12HandshakeWith(uint16_t port, const char* ciphers) {
  asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_none);
  SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  REQUIRE(SSL_CTX_set_cipher_list(ctx.native_handle(), ciphers) == 1);
  ssl::stream<asio::ip::tcp::socket> stream(ioc, ctx);
  stream.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), port});
  boost::system::error_code ec;
  stream.handshake(ssl::stream_base::client, ec);
  return !ec;
}

}  // namespace

TEST_CASE("tls: only forward-secret AEAD suites under TLS 1.2", "[server][tls]") {
  TlsServer ts;
  CHECK(Tls12HandshakeWith(ts.server->port(), "ECDHE-ECDSA-AES128-GCM-SHA256"));
  CHECK(Tls12HandshakeWith(ts.server->port(), "ECDHE-ECDSA-CHACHA20-POLY1305"));
  CHECK_FALSE(Tls12HandshakeWith(ts.server->port(), "ECDHE-ECDSA-AES128-SHA"));     // CBC-SHA1
  CHECK_FALSE(Tls12HandshakeWith(ts.server->port(), "ECDHE-ECDSA-AES256-SHA384"));  // CBC
}

TEST_CASE("tls: answers over HTTPS carry HSTS, plain ones do not", "[server][tls]") {
  TlsServer ts;
  TestClient secure(ts.server->port(), /*tls=*/true);
  TestResponse r = secure.Get("/healthz");
  CHECK(r.status == 200);
  CHECK(r.Header("Strict-Transport-Security") == "max-age=31536000");

  ServeOptions plain_options;
  plain_options.http.port = 0;
  plain_options.http.threads = 1;
  auto plain = SotayServer::Start(std::move(plain_options));
  REQUIRE(plain.ok());
  TestClient client((*plain)->port());
  CHECK(client.Get("/healthz").Header("Strict-Transport-Security").empty());
}

}  // namespace sotay::testing

// A small blocking HTTP(S) client for the server's integration tests, built on Beast.
// Every operation has a deadline (10 s by default), so a misbehaving server fails a test
// instead of hanging it. Errors throw std::runtime_error (test code only).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/http_types.h"

namespace sotay::testing {

struct TestResponse {
  int status = 0;
  std::map<std::string, std::string, HeaderNameLess> headers;
  std::string body;      // gzip already inflated when Content-Encoding was gzip
  std::string raw_body;  // the bytes as received
  bool keep_alive = false;

  const std::string& Header(std::string_view name) const;
  Json JsonBody() const;  // parses body (discarded value when not JSON)
  // Sets raw_body to `raw` and body to it, inflated when the answer is gzip-encoded
  // (throws on a bad gzip body). Headers must be set first.
  void SetBody(std::string raw);
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One client connection, reused across requests while the server keeps it alive.
class TestClient {
 public:
  // TLS clients do not verify the certificate (tests use a throwaway one).
  explicit TestClient(uint16_t port, bool tls = false, std::string host = "127.0.0.1");
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  TestResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = {}, const HeaderList& headers = {});
  TestResponse Get(const std::string& target, const HeaderList& headers = {}) {
    return Request("GET", target, {}, headers);
  }

  // How many TCP connections this client has opened so far.
  int connections_opened() const;
  void set_timeout(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A raw TCP connection for sending arbitrary bytes (malformed requests, partial ones).
class RawConnection {
 public:
  explicit RawConnection(uint16_t port, std::string host = "127.0.0.1");
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void Send(std::string_view bytes);
  // Everything received until the server closes the connection or `timeout` passes.
  std::string ReadUntilClose(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads until `needle` has arrived (or close / timeout); returns all bytes read.
  std::string ReadUntil(std::string_view needle,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the server closed the connection (read returns EOF) within `timeout`.
  bool ClosedByPeer(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Sends `bytes` on a fresh connection and returns everything received until close.
std::string SendRaw(uint16_t port, std::string_view bytes,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace sotay::testing

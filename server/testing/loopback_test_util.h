// Plain sockets from a chosen loopback address (any 127.x.y.z on Linux), so a test can
// play callers on different addresses: throttles and connection caps count per address.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>

namespace sotay::testing {

// An open connection to 127.0.0.1:`port` from `local_address`; closed on destruction.
class LoopbackSocket {
 public:
  LoopbackSocket(uint16_t port, const std::string& local_address) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    timeval timeout{20, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    REQUIRE(::inet_pton(AF_INET, local_address.c_str(), &local.sin_addr) == 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0);
  }
  ~LoopbackSocket() { ::close(fd_); }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  void Send(const std::string& bytes) {
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(bytes.size()));
  }
  // Everything until the server closes (or `timeout` passes without a byte).
  std::string ReadUntilClose(std::chrono::seconds timeout = std::chrono::seconds(20)) {
    timeval t{static_cast<time_t>(timeout.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
    std::string text;
    char chunk[4096];
    for (ssize_t n; (n = ::recv(fd_, chunk, sizeof chunk, 0)) > 0;) text.append(chunk, n);
    return text;
  }
  // True when the server closed (EOF or reset) within `timeout`, nothing received.
  bool ClosedByPeer(std::chrono::seconds timeout) {
    timeval t{static_cast<time_t>(timeout.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
    char byte;
    ssize_t n = ::recv(fd_, &byte, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  int fd_ = -1;
};

struct RawAnswer {
  int status = 0;
  std::string text;  // the whole response, headers and body
  double seconds = 0;
};

// Sends `request` (which should say "Connection: close") and reads the answer.
inline RawAnswer ExchangeFrom(uint16_t port, const std::string& local_address,
                              const std::string& request) {
  const auto start = std::chrono::steady_clock::now();
  LoopbackSocket socket(port, local_address);
  socket.Send(request);
  RawAnswer answer;
  answer.text = socket.ReadUntilClose();
  answer.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (answer.text.rfind("HTTP/1.1 ", 0) == 0) answer.status = std::stoi(answer.text.substr(9, 3));
  return answer;
}

}  // namespace sotay::testing

#include "server/http/client_address.h"

#include <boost/asio/ip/address.hpp>

namespace sotay {

namespace {

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

void ResolveClientAddress(const std::string& trusted_proxy, HttpRequest* request) {
  if (trusted_proxy.empty() || request->remote_addr != trusted_proxy) return;
  const std::string& forwarded = request->Header("X-Forwarded-For");
  size_t comma = forwarded.rfind(',');
  std::string last = Trimmed(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
  request->remote_addr = IsIpAddress(last) ? last : kUnknownClient;
}

bool IsIpAddress(const std::string& text) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(text, ec);
  return !ec;
}

}  // namespace sotay

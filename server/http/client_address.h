// Who a request comes from, when the server may sit behind a reverse proxy on the same
// machine (docs/protocol.md "General", --trusted-proxy).
#pragma once

#include <string>

#include "server/http/http_types.h"

namespace sotay {

// The address requests from an unnamed caller of a trusted proxy get: not an IP, so it
// is never "local" (/metrics) and all such requests share one throttle.
inline constexpr const char* kUnknownClient = "unknown-behind-proxy";

// Sets request.remote_addr to the client's address. Only when the peer is
// `trusted_proxy` (an IP, compared as text; empty: no proxy is trusted) is the proxy's
// word taken: the last address of X-Forwarded-For (the one the proxy itself added; those
// before it are the client's own claims), or kUnknownClient when it names none.
// Anyone else's forwarding headers are ignored.
void ResolveClientAddress(const std::string& trusted_proxy, HttpRequest* request);

// True for an IPv4 or IPv6 address in text form.
bool IsIpAddress(const std::string& text);

}  // namespace sotay

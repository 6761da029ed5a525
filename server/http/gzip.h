// gzip content coding (RFC 1952) with zlib, for HTTP responses and tests.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sotay {

// How hard GzipCompress works. kFast is for answers built per request (a fresh phone's
// pull pages are ~1 MB of very repetitive JSON each: zlib's fast levels take about half
// the time of its default for ~20 % more bytes); kBest is for bodies compressed once and
// reused (the web client's files).
enum class GzipEffort { kFast, kBest };

// Compresses `data` into a gzip member (zlib deflate with the gzip wrapper).
std::string GzipCompress(std::string_view data, GzipEffort effort = GzipEffort::kFast);

// Inflates one gzip member. Fails with code "bad_gzip" on corrupt or truncated input,
// and when the output would exceed `max_output` bytes (a decompression bomb).
Result<std::string> GzipDecompress(std::string_view data, size_t max_output = 64u << 20);

// True when an Accept-Encoding header value allows gzip: "gzip", "x-gzip" or "*" with
// a q-value above zero ("gzip;q=0" refuses it).
bool AcceptsGzip(std::string_view accept_encoding);

// True for media types worth compressing (text, JSON, JavaScript, SVG, WebAssembly, ...);
// false for already-compressed ones (PNG, JPEG, WOFF2, ...).
bool IsCompressibleType(std::string_view content_type);

}  // namespace sotay

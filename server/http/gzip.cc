#include "server/http/gzip.h"

#include <zlib.h>

#include <cctype>
#include <cstdlib>

namespace sotay {

namespace {

// windowBits 15 + 16 asks zlib for the gzip wrapper instead of the zlib one.
constexpr int kGzipWindowBits = 15 + 16;

// zlib levels 1-3 use its fast matcher; 3 gave the smallest pull pages of the three for
// the same time (bench/pull).
constexpr int kFastLevel = 3;

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string GzipCompress(std::string_view data, GzipEffort effort) {
  z_stream zs{};
  const int level = effort == GzipEffort::kBest ? Z_BEST_COMPRESSION : kFastLevel;
  if (deflateInit2(&zs, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    std::abort();  // only fails on bad parameters or out of memory
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  // deflateBound guarantees one Z_FINISH call is enough.
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) std::abort();
  return out;
}

Result<std::string> GzipDecompress(std::string_view data, size_t max_output) {
  auto bad = [](const std::string& why) {
    return Status::Error("bad_gzip", "Dữ liệu gzip hỏng: " + why, "Corrupt gzip data: " + why);
  };
  z_stream zs{};
  if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) return bad("inflateInit2");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return bad(rc == Z_BUF_ERROR ? "truncated" : "inflate");
    }
    out.append(chunk, sizeof chunk - zs.avail_out);
    if (out.size() > max_output) {
      inflateEnd(&zs);
      return bad("output too large");
    }
  }
  inflateEnd(&zs);
  return out;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    size_t semi = item.find(';');
    std::string coding = Lower(TrimSpaces(item.substr(0, semi)));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    double q = 1.0;
    while (semi != std::string_view::npos) {
      item.remove_prefix(semi + 1);
      semi = item.find(';');
      std::string param = Lower(TrimSpaces(item.substr(0, semi)));
      if (param.rfind("q=", 0) == 0) q = std::strtod(param.c_str() + 2, nullptr);
    }
    return q > 0;
  }
  return false;
}

bool IsCompressibleType(std::string_view content_type) {
  std::string media = Lower(TrimSpaces(content_type.substr(0, content_type.find(';'))));
  if (media.rfind("text/", 0) == 0) return true;
  static const char* kTypes[] = {"application/json",
                                 "application/javascript",
                                 "application/wasm",
                                 "application/manifest+json",
                                 "image/svg+xml",
                                 "application/xml",
                                 "application/problem+json",
                                 "image/x-icon"};
  for (const char* t : kTypes) {
    if (media == t) return true;
  }
  return false;
}

}  // namespace sotay

// Static files: the web client (index.html, app.js, sotay.wasm, ...) served from a folder.
//
// Rules:
//   - only GET/HEAD reach this (the router's fallback); paths under /api/ never do;
//   - "/" and any path ending in "/" serve that folder's index.html;
//   - "..", "." and dot-file segments, backslashes, NUL bytes, malformed escapes and
//     symlinks leading out of the root all get 404, the same as a missing file, so a
//     probe learns nothing;
//   - every file has a strong ETag (size and modification time); If-None-Match answers
//     304 (a "-gz" suffix added by gzip negotiation is accepted too);
//   - Cache-Control: names with a content hash ("app.3f9a2c1b.js") are immutable for a
//     year; everything else is "no-cache" (revalidate every time, usually a 304),
//     because index.html, the service worker, app.js and sotay.wasm must change together;
//   - a compressible file of at least kGzipMinBytes goes out gzipped when the request
//     accepts it, compressed at zlib's best level once per file version (ETag) and kept
//     in memory (up to kMaxStaticGzipBytes in all; past that, compressed per request at
//     the fast level): when a ward's phones install or update the app together, the
//     server sends each of them the smallest download without compressing it again.
// Thread-safety: Serve is const; the compressed copies are shared behind a mutex.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "server/http/http_types.h"

namespace sotay {

// Upper bound of the compressed copies kept by one StaticFiles (the web client's files
// take about 1 MB).
inline constexpr size_t kMaxStaticGzipBytes = 32u << 20;

class StaticGzipCache;

class StaticFiles {
 public:
  // Fails with "static_dir" when `root` is not a readable directory.
  static Result<StaticFiles> Open(const std::string& root);

  HttpResponse Serve(const HttpRequest& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit StaticFiles(std::filesystem::path root);
  std::filesystem::path root_;  // canonical
  std::shared_ptr<StaticGzipCache> gzip_;
};

// The Vietnamese page served at "/" when the server runs without --static.
HttpResponse PlaceholderPage(const HttpRequest& request);

// Media type by file extension ("application/wasm" for .wasm); octet-stream if unknown.
std::string_view MimeTypeFor(std::string_view file_name);

// Cache-Control value for a served file name (see the rules above).
std::string_view CacheControlFor(std::string_view file_name);

}  // namespace sotay

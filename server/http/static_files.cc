#include "server/http/static_files.h"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>
#include <utility>

#include "server/http/gzip.h"
#include "server/http/http_app.h"

namespace sotay {

namespace fs = std::filesystem;

namespace {

HttpResponse NotFound() { return ErrorResponse(404, "not_found", "Không tìm thấy", "Not found"); }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Extension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// A segment of 8 or more hex digits between dots: "app.3f9a2c1b.js".
bool HasContentHash(std::string_view name) {
  size_t start = 0;
  while ((start = name.find('.', start)) != std::string_view::npos) {
    size_t end = name.find('.', start + 1);
    if (end == std::string_view::npos) return false;
    std::string_view part = name.substr(start + 1, end - start - 1);
    bool hex = part.size() >= 8;
    for (char c : part) hex = hex && std::isxdigit(static_cast<unsigned char>(c));
    if (hex) return true;
    start = end;
  }
  return false;
}

// True when the If-None-Match header lists `etag` ("*" included). Weak prefixes and the
// "-gz" suffix of compressed representations compare equal to the file's tag.
bool EtagMatches(std::string_view if_none_match, const std::string& etag) {
  std::string_view bare = std::string_view(etag).substr(1, etag.size() - 2);
  while (!if_none_match.empty()) {
    size_t comma = if_none_match.find(',');
    std::string_view item = if_none_match.substr(0, comma);
    if_none_match =
        comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "*") return true;
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item.size() < 2 || item.front() != '"' || item.back() != '"') continue;
    item = item.substr(1, item.size() - 2);
    if (EndsWith(item, "-gz")) item.remove_suffix(3);
    if (item == bare) return true;
  }
  return false;
}

}  // namespace

// The gzip form of each served file version, made at the best level once.
class StaticGzipCache {
 public:
  // The kept copy of `path` in version `etag`, or null. Shared, so a response copies it
  // without holding the lock.
  std::shared_ptr<const std::string> Find(const std::string& path, const std::string& etag) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(path);
    if (it == entries_.end() || it->second.etag != etag) return nullptr;
    return it->second.gzip;
  }

  // Compresses `body`, the file at `path` in version `etag`, keeping the result when
  // there is room (a newer version replaces the older one).
  std::string Compress(const std::string& path, const std::string& etag, std::string_view body) {
    std::unique_lock<std::mutex> lock(mu_);
    const bool room = bytes_ + body.size() <= kMaxStaticGzipBytes;
    lock.unlock();
    if (!room) return GzipCompress(body, GzipEffort::kFast);
    auto gzip = std::make_shared<const std::string>(GzipCompress(body, GzipEffort::kBest));
    lock.lock();
    Entry& entry = entries_[path];
    if (entry.gzip != nullptr) bytes_ -= entry.gzip->size();
    entry.etag = etag;
    entry.gzip = gzip;
    bytes_ += gzip->size();
    return *gzip;
  }

 private:
  struct Entry {
    std::string etag;
    std::shared_ptr<const std::string> gzip;
  };
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;  // by canonical path
  size_t bytes_ = 0;
};

std::string_view MimeTypeFor(std::string_view file_name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"wasm", "application/wasm"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"txt", "text/plain; charset=utf-8"},
      {"csv", "text/csv; charset=utf-8"},
      {"xml", "application/xml"},
      {"pdf", "application/pdf"},
  };
  if (EndsWith(file_name, "manifest.json")) return "application/manifest+json";
  std::string ext = Extension(file_name);
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

std::string_view CacheControlFor(std::string_view file_name) {
  if (HasContentHash(file_name)) return "public, max-age=31536000, immutable";
  return "no-cache";
}

StaticFiles::StaticFiles(fs::path root)
    : root_(std::move(root)), gzip_(std::make_shared<StaticGzipCache>()) {}

Result<StaticFiles> StaticFiles::Open(const std::string& root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    return Status::Error("static_dir", "Không mở được thư mục tĩnh " + root,
                         "Cannot open static directory " + root, root);
  }
  return StaticFiles(canonical);
}

HttpResponse StaticFiles::Serve(const HttpRequest& request) const {
  if (request.path.rfind("/api/", 0) == 0) return NotFound();
  std::string decoded;
  if (!PercentDecode(request.path, false, &decoded)) return NotFound();
  if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos) {
    return NotFound();
  }
  fs::path rel;
  std::string_view rest = decoded;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty()) continue;
    if (seg.front() == '.') return NotFound();  // ".", "..", dot files
    rel /= std::string(seg);
  }
  std::error_code ec;
  fs::path full = root_ / rel;
  if (rel.empty() || decoded.back() == '/' || fs::is_directory(full, ec)) full /= "index.html";
  fs::path real = fs::canonical(full, ec);
  if (ec) return NotFound();
  // Symlinks may point anywhere; only files that really sit under the root are served.
  const std::string root_prefix = root_.native() + "/";
  if (real.native().compare(0, root_prefix.size(), root_prefix) != 0) return NotFound();
  if (!fs::is_regular_file(real, ec)) return NotFound();

  uintmax_t size = fs::file_size(real, ec);
  if (ec) return NotFound();
  auto mtime = fs::last_write_time(real, ec);
  if (ec) return NotFound();
  char tag[64];
  std::snprintf(tag, sizeof tag, "\"%jx-%llx\"", size,
                static_cast<unsigned long long>(mtime.time_since_epoch().count()));
  const std::string etag = tag;
  const std::string name = real.filename().string();

  HttpResponse r;
  r.SetHeader("ETag", etag);
  r.SetHeader("Cache-Control", std::string(CacheControlFor(name)));
  if (EtagMatches(request.Header("If-None-Match"), etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.content_type = std::string(MimeTypeFor(name));
  const bool gzip = size >= kGzipMinBytes && IsCompressibleType(r.content_type) &&
                    AcceptsGzip(request.Header("Accept-Encoding"));
  if (gzip) {
    if (std::shared_ptr<const std::string> cached = gzip_->Find(real.native(), etag)) {
      UseGzippedBody(*cached, &r);
      return r;
    }
  }
  std::ifstream in(real, std::ios::binary);
  if (!in) return NotFound();
  r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (gzip) {
    std::string compressed = gzip_->Compress(real.native(), etag, r.body);
    if (compressed.size() < r.body.size()) UseGzippedBody(std::move(compressed), &r);
  }
  return r;
}

HttpResponse PlaceholderPage(const HttpRequest& request) {
  if (request.path != "/" && request.path != "/index.html") return NotFound();
  HttpResponse r;
  r.status = 200;
  r.content_type = "text/html; charset=utf-8";
  r.SetHeader("Cache-Control", "no-cache");
  r.body = R"(<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sổ tay — máy chủ</title></head>
<body>
<h1>Sổ tay</h1>
<p>Máy chủ đồng bộ đang chạy, nhưng ứng dụng web chưa được cài đặt trên máy chủ này.</p>
<p>Quản trị viên: chạy <code>sotay-server serve --static THƯ_MỤC</code> với thư mục chứa
ứng dụng đã dựng (index.html, app.js, sotay.wasm).</p>
<p lang="en"><small>The sync server is running, but the web client is not installed.
Start it with <code>--static DIR</code>.</small></p>
</body>
</html>
)";
  return r;
}

}  // namespace sotay

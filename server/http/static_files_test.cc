#include "server/http/static_files.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "server/http/gzip.h"
#include "tests/temp_dir.h"

namespace sotay {
namespace {

HttpRequest Get(std::string path, std::string if_none_match = {}) {
  HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  if (!if_none_match.empty()) r.headers["If-None-Match"] = std::move(if_none_match);
  return r;
}

}  // namespace

TEST_CASE("MIME types of the client's files", "[static]") {
  CHECK(MimeTypeFor("sotay.wasm") == "application/wasm");
  CHECK(MimeTypeFor("app.js") == "text/javascript; charset=utf-8");
  CHECK(MimeTypeFor("APP.JS") == "text/javascript; charset=utf-8");
  CHECK(MimeTypeFor("index.html") == "text/html; charset=utf-8");
  CHECK(MimeTypeFor("style.css") == "text/css; charset=utf-8");
  CHECK(MimeTypeFor("manifest.webmanifest") == "application/manifest+json");
  CHECK(MimeTypeFor("manifest.json") == "application/manifest+json");
  CHECK(MimeTypeFor("data.json") == "application/json");
  CHECK(MimeTypeFor("icon.svg") == "image/svg+xml");
  CHECK(MimeTypeFor("icon.png") == "image/png");
  CHECK(MimeTypeFor("README") == "application/octet-stream");
}

TEST_CASE("Cache-Control: hashed names are immutable, others revalidate", "[static]") {
  CHECK(CacheControlFor("index.html") == "no-cache");
  CHECK(CacheControlFor("sw.js") == "no-cache");
  CHECK(CacheControlFor("app.js") == "no-cache");
  CHECK(CacheControlFor("app.3f9a2c1b.js") == "public, max-age=31536000, immutable");
  CHECK(CacheControlFor("sotay.0123456789abcdef.wasm") == "public, max-age=31536000, immutable");
  CHECK(CacheControlFor("app.3f9a2c1.js") == "no-cache");  // 7 hex digits: not a hash
  CHECK(CacheControlFor("logo.badcafe5") == "no-cache");   // extension, not a middle part
}

TEST_CASE("static files: serve, index, ETag and 304", "[static]") {
  testing::TempDir dir;
  dir.Write("index.html", "<!doctype html><title>Sổ tay</title>");
  dir.Write("sotay.wasm", std::string("\0asm\1\0\0\0", 8));
  dir.Write("sub/index.html", "sub");
  Result<StaticFiles> files = StaticFiles::Open(dir.str());
  REQUIRE(files.ok());

  HttpResponse root = files->Serve(Get("/"));
  CHECK(root.status == 200);
  CHECK(root.content_type == "text/html; charset=utf-8");
  CHECK(root.body == "<!doctype html><title>Sổ tay</title>");
  CHECK(root.Header("Cache-Control") == "no-cache");
  const std::string etag = root.Header("ETag");
  REQUIRE(etag.size() > 2);
  CHECK(etag.front() == '"');

  HttpResponse wasm = files->Serve(Get("/sotay.wasm"));
  CHECK(wasm.status == 200);
  CHECK(wasm.content_type == "application/wasm");
  CHECK(wasm.body == std::string("\0asm\1\0\0\0", 8));

  CHECK(files->Serve(Get("/sub/")).body == "sub");
  CHECK(files->Serve(Get("/sub")).body == "sub");
  CHECK(files->Serve(Get("/index.html")).body == root.body);

  HttpResponse not_modified = files->Serve(Get("/", etag));
  CHECK(not_modified.status == 304);
  CHECK(not_modified.body.empty());
  CHECK(not_modified.Header("ETag") == etag);
  // The gzip variant's tag, a weak tag and a list all match; another tag does not.
  std::string gz = etag.substr(0, etag.size() - 1) + "-gz\"";
  CHECK(files->Serve(Get("/", gz)).status == 304);
  CHECK(files->Serve(Get("/", "W/" + etag)).status == 304);
  CHECK(files->Serve(Get("/", "\"x\", " + etag)).status == 304);
  CHECK(files->Serve(Get("/", "*")).status == 304);
  CHECK(files->Serve(Get("/", "\"other\"")).status == 200);

  // A changed file gets a new tag.
  dir.Write("index.html", "<!doctype html><title>Sổ tay 2</title>");
  std::filesystem::last_write_time(
      dir.path() / "index.html",
      std::filesystem::file_time_type::clock::now() + std::chrono::seconds(5));
  HttpResponse changed = files->Serve(Get("/", etag));
  CHECK(changed.status == 200);
  CHECK(changed.Header("ETag") != etag);
}

TEST_CASE("static files: gzip at the best level, made once per file version", "[static]") {
  testing::TempDir dir;
  std::string js;
  for (int i = 0; i < 400; ++i)
    js += "export const field" + std::to_string(i) + " = " + std::to_string(i * 7) + ";\n";
  dir.Write("app.js", js);
  dir.Write("icon.png", std::string(4096, 'p'));
  Result<StaticFiles> files = StaticFiles::Open(dir.str());
  REQUIRE(files.ok());
  HttpRequest request = Get("/app.js");
  request.headers["Accept-Encoding"] = "gzip";

  HttpResponse first = files->Serve(request);
  REQUIRE(first.status == 200);
  CHECK(first.Header("Content-Encoding") == "gzip");
  CHECK(first.Header("Vary") == "Accept-Encoding");
  CHECK(first.Header("ETag").find("-gz\"") != std::string::npos);
  Result<std::string> unpacked = GzipDecompress(first.body);
  REQUIRE(unpacked.ok());
  CHECK(*unpacked == js);
  CHECK(first.body.size() <= GzipCompress(js, GzipEffort::kBest).size());
  CHECK(first.body.size() < GzipCompress(js, GzipEffort::kFast).size());
  CHECK(files->Serve(request).body == first.body);  // the kept copy

  // No gzip asked for, or a type not worth compressing: the file as it is.
  CHECK(files->Serve(Get("/app.js")).body == js);
  HttpRequest png = Get("/icon.png");
  png.headers["Accept-Encoding"] = "gzip";
  CHECK(files->Serve(png).Header("Content-Encoding").empty());

  // A new version of the file is compressed again, not served from the old copy.
  const std::string js2 = js + "export const extra = 1;\n";
  dir.Write("app.js", js2);
  std::filesystem::last_write_time(
      dir.path() / "app.js",
      std::filesystem::file_time_type::clock::now() + std::chrono::seconds(5));
  HttpResponse second = files->Serve(request);
  REQUIRE(second.Header("Content-Encoding") == "gzip");
  CHECK(second.Header("ETag") != first.Header("ETag"));
  unpacked = GzipDecompress(second.body);
  REQUIRE(unpacked.ok());
  CHECK(*unpacked == js2);
}

TEST_CASE("static files refuse traversal, dot files and escapes out of the root", "[static]") {
  testing::TempDir outer;
  outer.Write("secret.txt", "secret");
  outer.Write("www/app.js", "js");
  outer.Write("www/.env", "token");
  std::filesystem::create_symlink(outer.path() / "secret.txt", outer.path() / "www/link.txt");
  Result<StaticFiles> files = StaticFiles::Open((outer.path() / "www").string());
  REQUIRE(files.ok());
  CHECK(files->Serve(Get("/app.js")).status == 200);
  for (const char* path :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2E%2E%2Fsecret.txt",
        "/sub/../../secret.txt", "/.env", "/%2eenv", "/link.txt", "/app.js%00.png",
        "/..\\secret.txt", "/%zz", "/missing.js", "/api/v1/anything"}) {
    HttpResponse r = files->Serve(Get(path));
    INFO(path);
    CHECK(r.status == 404);
    CHECK(r.body.find("secret") == std::string::npos);
    CHECK(Json::parse(r.body)["error"]["code"] == "not_found");
  }
}

TEST_CASE("StaticFiles::Open refuses a missing folder", "[static]") {
  Result<StaticFiles> files = StaticFiles::Open("/nonexistent/sotay/web");
  REQUIRE_FALSE(files.ok());
  CHECK(files.status().code() == "static_dir");
}

TEST_CASE("placeholder page is Vietnamese and only at /", "[static]") {
  HttpResponse r = PlaceholderPage(Get("/"));
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/html; charset=utf-8");
  CHECK(r.body.find("lang=\"vi\"") != std::string::npos);
  CHECK(r.body.find("chưa được cài đặt") != std::string::npos);
  CHECK(PlaceholderPage(Get("/index.html")).status == 200);
  CHECK(PlaceholderPage(Get("/app.js")).status == 404);
}

}  // namespace sotay

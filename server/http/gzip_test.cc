#include "server/http/gzip.h"

#include <catch2/catch.hpp>

#include <random>

#include "server/http/http_app.h"

namespace sotay {

TEST_CASE("gzip round trip: text, binary, empty", "[gzip]") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "Hộ gia đình số " + std::to_string(i) + ", tổ dân phố 5\n";
  std::string binary(100000, '\0');
  std::mt19937 rng(42);
  for (char& c : binary) c = static_cast<char>(rng());
  for (const std::string& input : {text, binary, std::string()}) {
    std::string packed = GzipCompress(input);
    REQUIRE(packed.size() >= 18);  // gzip header and trailer
    CHECK(static_cast<unsigned char>(packed[0]) == 0x1f);
    CHECK(static_cast<unsigned char>(packed[1]) == 0x8b);
    Result<std::string> unpacked = GzipDecompress(packed);
    REQUIRE(unpacked.ok());
    CHECK(*unpacked == input);
  }
  CHECK(GzipCompress(text).size() < text.size() / 5);
}

TEST_CASE("gzip: corrupt, truncated and oversized input fail cleanly", "[gzip]") {
  std::string packed = GzipCompress(std::string(50000, 'a'));
  CHECK(GzipDecompress("not gzip at all").status().code() == "bad_gzip");
  CHECK(GzipDecompress(packed.substr(0, packed.size() / 2)).status().code() == "bad_gzip");
  CHECK(GzipDecompress("").status().code() == "bad_gzip");
  std::string flipped = packed;
  flipped[flipped.size() - 6] ^= 0x55;  // the CRC32 trailer
  CHECK_FALSE(GzipDecompress(flipped).ok());
  CHECK(GzipDecompress(packed, 1000).status().code() == "bad_gzip");
  CHECK(GzipDecompress(packed, 50000).ok());
}

TEST_CASE("AcceptsGzip reads Accept-Encoding with q-values", "[gzip]") {
  CHECK(AcceptsGzip("gzip"));
  CHECK(AcceptsGzip("gzip, deflate, br"));
  CHECK(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  CHECK(AcceptsGzip("*"));
  CHECK(AcceptsGzip("x-gzip"));
  CHECK_FALSE(AcceptsGzip(""));
  CHECK_FALSE(AcceptsGzip("identity"));
  CHECK_FALSE(AcceptsGzip("deflate, br"));
  CHECK_FALSE(AcceptsGzip("gzip;q=0"));
  CHECK_FALSE(AcceptsGzip("gzip; q=0.000"));
  CHECK_FALSE(AcceptsGzip("gzipped"));
}

TEST_CASE("IsCompressibleType", "[gzip]") {
  CHECK(IsCompressibleType("application/json"));
  CHECK(IsCompressibleType("text/html; charset=utf-8"));
  CHECK(IsCompressibleType("application/wasm"));
  CHECK(IsCompressibleType("image/svg+xml"));
  CHECK_FALSE(IsCompressibleType("image/png"));
  CHECK_FALSE(IsCompressibleType("font/woff2"));
  CHECK_FALSE(IsCompressibleType(""));
}

TEST_CASE("NegotiateGzip compresses large compressible bodies the client accepts", "[gzip]") {
  HttpRequest req;
  req.headers["Accept-Encoding"] = "gzip, br";
  std::string big(5000, 'x');

  HttpResponse r;
  r.content_type = "application/json";
  r.body = big;
  r.SetHeader("ETag", "\"abc\"");
  NegotiateGzip(req, &r);
  CHECK(r.Header("Content-Encoding") == "gzip");
  CHECK(r.Header("Vary") == "Accept-Encoding");
  CHECK(r.Header("ETag") == "\"abc-gz\"");
  CHECK(*GzipDecompress(r.body) == big);

  HttpResponse small;
  small.content_type = "application/json";
  small.body = std::string(kGzipMinBytes - 1, 'x');
  NegotiateGzip(req, &small);
  CHECK(small.Header("Content-Encoding").empty());
  CHECK(small.Header("Vary").empty());

  HttpResponse png;
  png.content_type = "image/png";
  png.body = big;
  NegotiateGzip(req, &png);
  CHECK(png.Header("Content-Encoding").empty());
  CHECK(png.body == big);

  HttpRequest plain;  // no Accept-Encoding: same body, but caches must know it varies
  HttpResponse r2;
  r2.content_type = "text/css";
  r2.body = big;
  NegotiateGzip(plain, &r2);
  CHECK(r2.Header("Content-Encoding").empty());
  CHECK(r2.Header("Vary") == "Accept-Encoding");
  CHECK(r2.body == big);
}

}  // namespace sotay

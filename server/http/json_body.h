// Reading JSON request bodies strictly, without exceptions.
//
//   Result<Json> body = ParseJsonBody(request);
//   if (!body.ok()) return ApiError(body.status());   // 400 or 415
//   ObjectReader in(*body);
//   std::string code = in.String("code");
//   std::optional<int64_t> ttl = in.OptionalInt("ttl_s");
//   if (Status s = in.Finish(); !s.ok()) return ApiError(s);  // 400, names the field
//
// (ApiError is the api layer's, server/api/api_error.h: the status of every code is in its
// one table.) Error codes (all 4xx, the client's fault): unsupported_media_type (415),
// malformed_json, json_too_deep, missing_field, wrong_type, unknown_field (400). The
// Status path is the field concerned, so the error body carries "field".
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/status.h"
#include "server/http/http_types.h"

namespace sotay {

// Nesting deeper than this is refused before parsing: deep documents cost stack in
// every later recursive walk (dump, comparisons) and no message of ours needs it.
inline constexpr int kMaxJsonDepth = 64;

// True for "application/json" with optional parameters ("; charset=utf-8"), any case.
bool IsJsonContentType(std::string_view content_type);

// Checks the Content-Type (415 unsupported_media_type unless JSON) and parses the body
// (400 malformed_json when empty, not JSON or not UTF-8; 400 json_too_deep).
Result<Json> ParseJsonBody(const HttpRequest& request);

// Parses JSON text with the same rules, without the Content-Type check.
Result<Json> ParseJsonText(std::string_view text);

// Reads the fields of one JSON object; every field the handler does not read is an
// unknown_field error at Finish(). The first error wins; after an error the accessors
// return empty values, so a handler reads everything and checks once.
// Not thread-safe; the object must outlive the reader.
class ObjectReader {
 public:
  // `path_prefix` is joined in front of field names in errors ("changes/3").
  explicit ObjectReader(const Json& object, std::string path_prefix = {});

  // Required fields: absent -> missing_field; null or another type -> wrong_type.
  std::string String(const std::string& name);
  int64_t Int(const std::string& name);  // integers only: 17.0 and "17" are wrong_type
  bool Bool(const std::string& name);
  const Json& Array(const std::string& name);
  const Json& Object(const std::string& name);
  const Json& Any(const std::string& name);  // any type, null included

  // Optional fields: absent or null -> nullopt; another type -> wrong_type.
  std::optional<std::string> OptionalString(const std::string& name);
  std::optional<int64_t> OptionalInt(const std::string& name);
  std::optional<bool> OptionalBool(const std::string& name);

  // Accepts a field without reading it (reserved for a later protocol version).
  void Ignore(const std::string& name) { known_.insert(name); }

  bool ok() const { return error_.ok(); }
  // The first error, else unknown_field for the first field never read, else ok.
  Status Finish() const;

 private:
  enum class Kind { kString, kInt, kBool, kArray, kObject, kAny };
  // Returns the field when present and of the right kind; records an error otherwise.
  const Json* Find(const std::string& name, Kind kind, bool required);
  void Fail(Status s);
  std::string PathOf(const std::string& name) const;

  const Json& object_;
  std::string prefix_;
  std::set<std::string> known_;
  Status error_;
};

}  // namespace sotay

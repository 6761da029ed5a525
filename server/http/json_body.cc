#include "server/http/json_body.h"

#include <cctype>
#include <limits>

namespace sotay {

namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Deepest nesting of arrays/objects outside strings; stops counting past `limit`.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

const char* KindNameVi(int kind) {
  static const char* kNames[] = {"chuỗi", "số nguyên", "true/false",
                                 "mảng",  "đối tượng", "giá trị"};
  return kNames[kind];
}
const char* KindNameEn(int kind) {
  static const char* kNames[] = {"a string", "an integer", "a boolean",
                                 "an array", "an object",  "a value"};
  return kNames[kind];
}

const Json& EmptyArray() {
  static const Json kEmpty = Json::array();
  return kEmpty;
}
const Json& EmptyObject() {
  static const Json kEmpty = Json::object();
  return kEmpty;
}
const Json& NullJson() {
  static const Json kNull;
  return kNull;
}

}  // namespace

bool IsJsonContentType(std::string_view content_type) {
  std::string media = Trim(content_type.substr(0, content_type.find(';')));
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json";
}

Result<Json> ParseJsonText(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::Error("malformed_json", "Nội dung yêu cầu trống, cần JSON",
                         "Request body is empty; JSON expected");
  }
  if (NestingDepth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    return Status::Error("json_too_deep", "JSON lồng nhau quá sâu", "JSON nested too deeply");
  }
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return Status::Error("malformed_json", "Nội dung yêu cầu không phải JSON hợp lệ",
                         "Request body is not valid JSON");
  }
  return value;
}

Result<Json> ParseJsonBody(const HttpRequest& request) {
  if (!IsJsonContentType(request.Header("Content-Type"))) {
    return Status::Error("unsupported_media_type", "Cần Content-Type: application/json",
                         "Content-Type must be application/json");
  }
  return ParseJsonText(request.body);
}

ObjectReader::ObjectReader(const Json& object, std::string path_prefix)
    : object_(object), prefix_(std::move(path_prefix)) {
  if (!object_.is_object()) {
    Fail(Status::Error("wrong_type", "Cần một đối tượng JSON", "A JSON object is expected",
                       prefix_));
  }
}

std::string ObjectReader::PathOf(const std::string& name) const {
  return prefix_.empty() ? name : prefix_ + "/" + name;
}

void ObjectReader::Fail(Status s) {
  if (error_.ok()) error_ = std::move(s);
}

const Json* ObjectReader::Find(const std::string& name, Kind kind, bool required) {
  known_.insert(name);
  if (!error_.ok()) return nullptr;
  auto it = object_.find(name);
  if (it == object_.end() || (it->is_null() && !required)) {
    if (required) {
      Fail(Status::Error("missing_field", "Thiếu trường bắt buộc \"" + name + "\"",
                         "Missing required field \"" + name + "\"", PathOf(name)));
    }
    return nullptr;
  }
  bool right = false;
  switch (kind) {
    case Kind::kString:
      right = it->is_string();
      break;
    case Kind::kInt:
      right = it->is_number_integer() &&
              !(it->is_number_unsigned() &&
                it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
      break;
    case Kind::kBool:
      right = it->is_boolean();
      break;
    case Kind::kArray:
      right = it->is_array();
      break;
    case Kind::kObject:
      right = it->is_object();
      break;
    case Kind::kAny:
      right = true;
      break;
  }
  if (!right) {
    int k = static_cast<int>(kind);
    Fail(Status::Error("wrong_type", "Trường \"" + name + "\" phải là " + KindNameVi(k),
                       "Field \"" + name + "\" must be " + KindNameEn(k), PathOf(name)));
    return nullptr;
  }
  return &*it;
}

std::string ObjectReader::String(const std::string& name) {
  const Json* v = Find(name, Kind::kString, true);
  return v ? v->get<std::string>() : std::string();
}

int64_t ObjectReader::Int(const std::string& name) {
  const Json* v = Find(name, Kind::kInt, true);
  return v ? v->get<int64_t>() : 0;
}

bool ObjectReader::Bool(const std::string& name) {
  const Json* v = Find(name, Kind::kBool, true);
  return v ? v->get<bool>() : false;
}

const Json& ObjectReader::Array(const std::string& name) {
  const Json* v = Find(name, Kind::kArray, true);
  return v ? *v : EmptyArray();
}

const Json& ObjectReader::Object(const std::string& name) {
  const Json* v = Find(name, Kind::kObject, true);
  return v ? *v : EmptyObject();
}

const Json& ObjectReader::Any(const std::string& name) {
  const Json* v = Find(name, Kind::kAny, true);
  return v ? *v : NullJson();
}

std::optional<std::string> ObjectReader::OptionalString(const std::string& name) {
  const Json* v = Find(name, Kind::kString, false);
  if (!v) return std::nullopt;
  return v->get<std::string>();
}

std::optional<int64_t> ObjectReader::OptionalInt(const std::string& name) {
  const Json* v = Find(name, Kind::kInt, false);
  if (!v) return std::nullopt;
  return v->get<int64_t>();
}

std::optional<bool> ObjectReader::OptionalBool(const std::string& name) {
  const Json* v = Find(name, Kind::kBool, false);
  if (!v) return std::nullopt;
  return v->get<bool>();
}

Status ObjectReader::Finish() const {
  if (!error_.ok()) return error_;
  for (const auto& [key, value] : object_.items()) {
    if (!known_.count(key)) {
      return Status::Error("unknown_field", "Trường không được hỗ trợ \"" + key + "\"",
                           "Unknown field \"" + key + "\"", PathOf(key));
    }
  }
  return Status::Ok();
}

}  // namespace sotay

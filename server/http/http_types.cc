#include "server/http/http_types.h"

#include <algorithm>
#include <cctype>

namespace sotay {

namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

const std::string kEmpty;

}  // namespace

bool HeaderNameLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return LowerAscii(x) < LowerAscii(y); });
}

const std::string& HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? kEmpty : it->second;
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

const std::string& HttpResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return kEmpty;
}

HttpResponse JsonResponse(int status, const Json& value) {
  return JsonTextResponse(status, value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

HttpResponse JsonTextResponse(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message_vi,
                           std::string_view message_en, std::string_view field) {
  Json error = {{"code", code},
                {"message", std::string(message_vi) + " / " + std::string(message_en)},
                {"message_vi", message_vi},
                {"message_en", message_en}};
  if (!field.empty()) error["field"] = field;
  return JsonResponse(status, Json{{"error", std::move(error)}});
}

HttpResponse ErrorResponse(int status, const Status& error) {
  return ErrorResponse(status, error.code(), error.message_vi(), error.message_en(), error.path());
}

bool IsLocalRequest(const HttpRequest& request) {
  if (request.HasHeader("X-Forwarded-For") || request.HasHeader("Forwarded")) return false;
  std::string_view a = request.remote_addr;
  if (a == "::1") return true;
  if (a.rfind("::ffff:", 0) == 0) a.remove_prefix(7);
  return a.rfind("127.", 0) == 0;
}

bool PercentDecode(std::string_view text, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool ParseTarget(std::string_view target, std::string* path,
                 std::map<std::string, std::string>* query) {
  if (target.empty() || target.front() != '/') return false;
  query->clear();
  size_t q = target.find('?');
  *path = std::string(target.substr(0, q));
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, &key)) return false;
    if (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, &value)) {
      return false;
    }
    (*query)[std::move(key)] = std::move(value);
  }
  return true;
}

}  // namespace sotay

#include "server/http/router.h"

#include <set>

namespace sotay {

namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {}.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.size() <= 1) return parts;
  path.remove_prefix(1);
  for (;;) {
    size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool ValidParamName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, RouteHandler handler) {
  auto fail = [&](const std::string& why) {
    if (status_.ok()) {
      status_ = Status::Error("bad_route", "Tuyến không hợp lệ: " + why, "Bad route: " + why,
                              method + " " + pattern);
    }
  };
  if (pattern.empty() || pattern.front() != '/') return fail("pattern must start with '/'");
  if (method.empty() || !handler) return fail("method and handler are required");
  Route route{method, pattern, {}, std::move(handler)};
  std::set<std::string> names;
  for (std::string_view part : SplitPath(pattern)) {
    if (part.empty()) return fail("empty segment");
    if (part.front() == '<') {
      std::string_view name = part.substr(1);
      if (name.empty() || name.back() != '>') return fail("unclosed parameter");
      name.remove_suffix(1);
      if (!ValidParamName(name)) return fail("parameter names are [a-z0-9_]+");
      if (!names.insert(std::string(name)).second) return fail("repeated parameter");
      route.segments.push_back({std::string(name), true});
    } else {
      if (part.find_first_of("<>?#%") != std::string_view::npos) return fail("bad literal");
      route.segments.push_back({std::string(part), false});
    }
  }
  for (const Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) return fail("registered twice");
  }
  routes_.push_back(std::move(route));
}

void Router::SetFallback(RouteHandler handler) { fallback_ = std::move(handler); }

bool Router::Match(const Route& route, const std::vector<std::string_view>& parts,
                   RouteParams* params) {
  if (route.segments.size() != parts.size()) return false;
  params->clear();
  for (size_t i = 0; i < parts.size(); ++i) {
    const Segment& seg = route.segments[i];
    if (!seg.param) {
      if (seg.text != parts[i]) return false;
      continue;
    }
    std::string value;
    if (parts[i].empty() || !PercentDecode(parts[i], false, &value)) return false;
    (*params)[seg.text] = std::move(value);
  }
  return true;
}

bool Router::MoreSpecific(const Route& a, const Route& b) {
  for (size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].param != b.segments[i].param) return !a.segments[i].param;
  }
  return false;
}

HttpResponse Router::Dispatch(const HttpRequest& request, std::string* route_label) const {
  std::vector<std::string_view> parts = SplitPath(request.path);
  // HEAD is served by a GET route unless a HEAD route exists.
  const bool head = request.method == "HEAD";
  const Route* best = nullptr;
  const Route* best_get = nullptr;
  RouteParams params, scratch;
  std::set<std::string> allowed;
  for (const Route& route : routes_) {
    if (!Match(route, parts, &scratch)) continue;
    allowed.insert(route.method);
    if (route.method == request.method) {
      if (!best || MoreSpecific(route, *best)) best = &route;
    } else if (head && route.method == "GET") {
      if (!best_get || MoreSpecific(route, *best_get)) best_get = &route;
    }
  }
  if (!best) best = best_get;
  if (best) {
    Match(*best, parts, &params);
    if (route_label) *route_label = best->pattern;
    return best->handler(request, params);
  }
  if (!allowed.empty()) {
    if (allowed.count("GET")) allowed.insert("HEAD");
    std::string allow;
    for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    if (route_label) *route_label = "method_not_allowed";
    HttpResponse r = ErrorResponse(405, "method_not_allowed",
                                   "Phương thức " + request.method + " không được hỗ trợ ở đây",
                                   "Method " + request.method + " is not allowed here");
    r.SetHeader("Allow", allow);
    return r;
  }
  if (fallback_ && (request.method == "GET" || head)) {
    if (route_label) *route_label = "fallback";
    return fallback_(request, {});
  }
  if (route_label) *route_label = "unmatched";
  return ErrorResponse(404, "not_found", "Không tìm thấy", "Not found");
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace sotay

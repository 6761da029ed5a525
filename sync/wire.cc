#include "sync/wire.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace sotay {

namespace {

Status BadRequest(std::string vi, std::string en, std::string path) {
  return Status::Error("bad_request", std::move(vi), std::move(en), std::move(path));
}

Status BadResponse(std::string vi, std::string en, std::string path = {}) {
  return Status::Error("bad_response", "Máy chủ trả lời sai định dạng: " + vi,
                       "The server's answer is malformed: " + en, std::move(path));
}

// A JSON integer that fits int64_t, or nullopt.
std::optional<int64_t> AsInt64(const Json& v) {
  if (!v.is_number_integer()) return std::nullopt;
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  return v.get<int64_t>();
}

// The device_seq of a pushed change, which a receipt needs; failing here fails the
// whole request, because no answer could name the change.
Result<int64_t> ReadDeviceSeq(const Json& change, const std::string& path) {
  if (!change.is_object()) {
    return BadRequest("thay đổi phải là một đối tượng JSON", "a change must be a JSON object",
                      path);
  }
  auto it = change.find("device_seq");
  if (it == change.end()) {
    return BadRequest("thiếu device_seq", "device_seq is missing", path + "/device_seq");
  }
  if (!it->is_number_integer()) {
    return Status::Error("invalid_field_type", "device_seq phải là số nguyên",
                         "device_seq must be an integer", path + "/device_seq");
  }
  std::optional<int64_t> seq = AsInt64(*it);
  if (!seq || *seq < 1) {
    return BadRequest("device_seq phải từ 1 đến 2^63-1", "device_seq must be between 1 and 2^63-1",
                      path + "/device_seq");
  }
  return *seq;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Digits only, at most 18 of them (so the value fits int64_t), at least one.
std::optional<int64_t> ParseDigits(std::string_view text) {
  if (!AllDigits(text) || text.size() > 18) return std::nullopt;
  int64_t n = 0;
  for (char c : text) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

Result<std::vector<PushItem>> DecodePushBody(const Json& body, size_t max_changes) {
  if (!body.is_object()) {
    return BadRequest("nội dung phải là một đối tượng JSON", "the body must be a JSON object", "");
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "changes") {
      return BadRequest("khóa không được chấp nhận: " + key, "unknown key: " + key, key);
    }
  }
  auto it = body.find("changes");
  if (it == body.end()) return BadRequest("thiếu changes", "changes is missing", "changes");
  if (!it->is_array()) {
    return Status::Error("invalid_field_type", "changes phải là một mảng",
                         "changes must be an array", "changes");
  }
  if (it->size() > max_changes) {
    return Status::Error(
        "batch_too_large",
        "Quá nhiều thay đổi trong một lần gửi (tối đa " + std::to_string(max_changes) + ")",
        "Too many changes in one push (at most " + std::to_string(max_changes) + ")", "changes");
  }
  std::vector<PushItem> items;
  items.reserve(it->size());
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& raw = (*it)[i];
    std::string path = "changes/" + std::to_string(i);
    Result<int64_t> seq = ReadDeviceSeq(raw, path);
    if (!seq.ok()) return seq.status();
    Result<Change> change = ChangeFromPushJson(raw, path);
    // A decoded change says all the raw one did (decoding refuses unknown keys), so the
    // raw copy is kept only for the quarantine of one that did not decode.
    items.push_back(PushItem{*seq, change.ok() ? Json() : raw, std::move(change)});
  }
  return items;
}

Json EncodePushBody(const std::vector<Change>& changes) {
  Json list = Json::array();
  for (const Change& c : changes) list.push_back(ChangeToPushJson(c));
  return Json{{"changes", std::move(list)}};
}

Json EncodePushResponse(const PushResponse& response) {
  Json results = Json::array();
  for (const PushResult& r : response.results) {
    Json j = {{"device_seq", r.device_seq}, {"status", r.status}};
    if (!r.code.empty()) j["code"] = r.code;
    if (!r.message.empty()) j["message"] = r.message;
    if (!r.other.is_null()) j["other"] = r.other;
    results.push_back(std::move(j));
  }
  return Json{{"acked_through", response.acked_through}, {"results", std::move(results)}};
}

Result<PushResponse> DecodePushResponse(const Json& json) {
  if (!json.is_object()) return BadResponse("không phải đối tượng", "not an object");
  PushResponse out;
  auto acked = json.find("acked_through");
  std::optional<int64_t> n;
  if (acked == json.end() || !(n = AsInt64(*acked)) || *n < 0) {
    return BadResponse("acked_through", "acked_through", "acked_through");
  }
  out.acked_through = *n;
  auto results = json.find("results");
  if (results == json.end() || !results->is_array()) {
    return BadResponse("results", "results", "results");
  }
  for (size_t i = 0; i < results->size(); ++i) {
    const Json& r = (*results)[i];
    std::string path = "results/" + std::to_string(i);
    if (!r.is_object()) return BadResponse(path, path, path);
    PushResult pr;
    auto seq = r.find("device_seq");
    std::optional<int64_t> s;
    if (seq == r.end() || !(s = AsInt64(*seq)) || *s < 1) {
      return BadResponse(path + "/device_seq", path + "/device_seq", path + "/device_seq");
    }
    pr.device_seq = *s;
    auto status = r.find("status");
    if (status == r.end() || !status->is_string()) {
      return BadResponse(path + "/status", path + "/status", path + "/status");
    }
    pr.status = status->get<std::string>();
    if (pr.status != kStatusApplied && pr.status != kStatusDuplicate &&
        pr.status != kStatusConflict && pr.status != kStatusRejected) {
      return BadResponse(path + "/status", path + "/status", path + "/status");
    }
    for (auto [key, target] : {std::pair{"code", &pr.code}, std::pair{"message", &pr.message}}) {
      auto v = r.find(key);
      if (v == r.end() || v->is_null()) continue;
      if (!v->is_string()) return BadResponse(path + "/" + key, path + "/" + key, path + "/" + key);
      *target = v->get<std::string>();
    }
    // Optional and informative only: anything but an object is ignored.
    auto other = r.find("other");
    if (other != r.end() && other->is_object()) pr.other = *other;
    out.results.push_back(std::move(pr));
  }
  return out;
}

namespace {

// Appends `s` as a JSON string as nlohmann's dump writes it (UTF-8 kept, invalid UTF-8
// replaced): plain ASCII directly, anything else through the library.
void AppendJsonString(std::string& out, std::string_view s) {
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u >= 0x80 || ch == '"' || ch == '\\') {
      out += Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
  }
  out += '"';
  out.append(s);
  out += '"';
}

}  // namespace

std::string EncodePullPageText(const LogPage& page) {
  std::string out;
  size_t guess = 64;
  for (const LoggedRecord& r : page.records) {
    guess += r.fields.size() + r.logged.size() * (120 + r.id.size() + r.type.size() +
                                                  r.group_id.size() + r.parent_id.size());
  }
  out.reserve(guess);
  out += "{\"changes\":[";
  std::string group, parent, id, type;
  bool first = true;
  for (const LoggedRecord& r : page.records) {
    // The record's own keys, written once per record and copied for each change.
    group.clear();
    AppendJsonString(group, r.group_id);
    parent.clear();
    if (r.parent_id.empty()) {
      parent = "null";
    } else {
      AppendJsonString(parent, r.parent_id);
    }
    id.clear();
    AppendJsonString(id, r.id);
    type.clear();
    AppendJsonString(type, r.type);
    // Keys in nlohmann's (sorted) order, as ChangeToPullJson(c).dump() writes them.
    for (const StoredFieldSpan& f : r.logged) {
      out += first ? "{" : ",{";
      first = false;
      out += "\"field\":";
      out += f.Name(r.fields);
      out += ",\"group_id\":";
      out += group;
      out += ",\"hlc\":";
      out += f.Hlc(r.fields);
      out += ",\"parent_id\":";
      out += parent;
      out += ",\"record_id\":";
      out += id;
      out += ",\"record_type\":";
      out += type;
      out += ",\"server_seq\":";
      out += std::to_string(f.seq);
      out += ",\"value\":";
      out += f.Value(r.fields);
      out += '}';
    }
  }
  out += "],\"more\":";
  out += page.more ? "true" : "false";
  out += ",\"next\":";
  out += std::to_string(page.next);
  out += '}';
  return out;
}

Json EncodePullResponse(const std::vector<Change>& changes, int64_t next, bool more) {
  Json list = Json::array();
  for (const Change& c : changes) list.push_back(ChangeToPullJson(c));
  return Json{{"changes", std::move(list)}, {"next", next}, {"more", more}};
}

Result<PullResponse> DecodePullResponse(const Json& json) {
  if (!json.is_object()) return BadResponse("không phải đối tượng", "not an object");
  PullResponse out;
  auto next = json.find("next");
  std::optional<int64_t> n;
  if (next == json.end() || !(n = AsInt64(*next)) || *n < 0) {
    return BadResponse("next", "next", "next");
  }
  out.next = *n;
  auto more = json.find("more");
  if (more == json.end() || !more->is_boolean()) return BadResponse("more", "more", "more");
  out.more = more->get<bool>();
  auto changes = json.find("changes");
  if (changes == json.end() || !changes->is_array()) {
    return BadResponse("changes", "changes", "changes");
  }
  out.changes.reserve(changes->size());
  for (size_t i = 0; i < changes->size(); ++i) {
    Result<Change> c = ChangeFromPullJson((*changes)[i], "changes/" + std::to_string(i));
    if (!c.ok()) return c.status();
    out.changes.push_back(std::move(c).value());
  }
  return out;
}

int64_t ClampPullLimit(int64_t limit) { return std::clamp<int64_t>(limit, 1, kMaxPullLimit); }

Result<PullParams> ParsePullParams(std::optional<std::string_view> since,
                                   std::optional<std::string_view> limit) {
  PullParams p;
  if (since) {
    std::optional<int64_t> n = ParseDigits(*since);
    if (!n) {
      return Status::Error("bad_cursor", "Con trỏ đồng bộ (since) không hợp lệ",
                           "The sync cursor (since) is not valid", "since");
    }
    p.since = *n;
  }
  if (limit) {
    // More digits than fit are simply a large limit.
    std::optional<int64_t> n = AllDigits(*limit) && limit->size() > 18
                                   ? std::optional<int64_t>(kMaxPullLimit)
                                   : ParseDigits(*limit);
    if (!n) {
      return Status::Error("bad_limit", "Giới hạn (limit) phải là số nguyên không âm",
                           "The limit must be a non-negative integer", "limit");
    }
    p.limit = ClampPullLimit(*n);
  }
  return p;
}

std::string PullQueryString(int64_t since, int64_t limit) {
  return "since=" + std::to_string(since) + "&limit=" + std::to_string(limit);
}

}  // namespace sotay

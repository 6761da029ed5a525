#include "core/change.h"

#include <array>
#include <cstdint>
#include <limits>
#include <span>

namespace sotay {
namespace {

// How a key of the wire shape is read into a Change.
enum class Kind { kSeq, kId, kNullableId, kValue };

struct KeySpec {
  std::string_view key;
  Kind kind;
  int64_t Change::*seq = nullptr;
  std::string Change::*text = nullptr;
};

constexpr std::array<KeySpec, 9> kPushKeys = {{
    {"device_seq", Kind::kSeq, &Change::device_seq, nullptr},
    {"record_id", Kind::kId, nullptr, &Change::record_id},
    {"record_type", Kind::kId, nullptr, &Change::record_type},
    {"group_id", Kind::kId, nullptr, &Change::group_id},
    {"parent_id", Kind::kNullableId, nullptr, &Change::parent_id},
    {"field", Kind::kId, nullptr, &Change::field},
    {"value", Kind::kValue, nullptr, nullptr},
    {"hlc", Kind::kId, nullptr, &Change::hlc},
    {"base_hlc", Kind::kNullableId, nullptr, &Change::base_hlc},
}};

constexpr std::array<KeySpec, 8> kPullKeys = {{
    {"server_seq", Kind::kSeq, &Change::server_seq, nullptr},
    {"record_id", Kind::kId, nullptr, &Change::record_id},
    {"record_type", Kind::kId, nullptr, &Change::record_type},
    {"group_id", Kind::kId, nullptr, &Change::group_id},
    {"parent_id", Kind::kNullableId, nullptr, &Change::parent_id},
    {"field", Kind::kId, nullptr, &Change::field},
    {"value", Kind::kValue, nullptr, nullptr},
    {"hlc", Kind::kId, nullptr, &Change::hlc},
}};

std::string JoinPath(std::string_view prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  std::string p(prefix);
  p += '/';
  p += key;
  return p;
}

Status BadRequest(std::string vi, std::string en, std::string path) {
  return Status::Error("bad_request", std::move(vi), std::move(en), std::move(path));
}

Status WrongType(std::string_view key, std::string_view want_vi, std::string_view want_en,
                 std::string path) {
  std::string k(key);
  return Status::Error("invalid_field_type", k + " phải là " + std::string(want_vi),
                       k + " must be " + std::string(want_en), std::move(path));
}

// `prefix` is the change's path; the key's own path is built only for an error (a push
// decodes hundreds of thousands of keys, and almost never fails).
Status ReadKey(const KeySpec& spec, const Json& v, std::string_view prefix, Change& out) {
  const auto path = [&] { return JoinPath(prefix, spec.key); };
  switch (spec.kind) {
    case Kind::kSeq: {
      if (!v.is_number_integer()) return WrongType(spec.key, "số nguyên", "an integer", path());
      int64_t n = 0;
      if (v.is_number_unsigned()) {
        uint64_t u = v.get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return BadRequest(std::string(spec.key) + " quá lớn",
                            std::string(spec.key) + " is too large", path());
        }
        n = static_cast<int64_t>(u);
      } else {
        n = v.get<int64_t>();
      }
      if (n < 1) {
        return BadRequest(std::string(spec.key) + " phải lớn hơn hoặc bằng 1",
                          std::string(spec.key) + " must be at least 1", path());
      }
      out.*spec.seq = n;
      return Status::Ok();
    }
    case Kind::kId:
    case Kind::kNullableId: {
      if (spec.kind == Kind::kNullableId && v.is_null()) {
        (out.*spec.text).clear();
        return Status::Ok();
      }
      if (!v.is_string()) {
        return spec.kind == Kind::kId
                   ? WrongType(spec.key, "chuỗi", "a string", path())
                   : WrongType(spec.key, "chuỗi hoặc null", "a string or null", path());
      }
      const auto& s = v.get_ref<const std::string&>();
      if (s.empty()) {
        return BadRequest(std::string(spec.key) + " không được rỗng",
                          std::string(spec.key) + " must not be empty", path());
      }
      out.*spec.text = s;
      return Status::Ok();
    }
    case Kind::kValue:
      out.value = v;
      return Status::Ok();
  }
  return Status::Ok();
}

Result<Change> Decode(const Json& json, std::string_view path, std::span<const KeySpec> keys) {
  if (!json.is_object()) {
    return BadRequest("thay đổi phải là một đối tượng JSON", "a change must be a JSON object",
                      std::string(path));
  }
  for (auto it = json.begin(); it != json.end(); ++it) {
    bool known = false;
    for (const KeySpec& spec : keys) known = known || spec.key == it.key();
    if (!known) {
      return BadRequest("khóa không hợp lệ \"" + it.key() + "\"",
                        "unknown key \"" + it.key() + "\"", JoinPath(path, it.key()));
    }
  }
  Change change;
  for (const KeySpec& spec : keys) {
    auto it = json.find(spec.key);
    if (it == json.end()) {
      std::string k(spec.key);
      return BadRequest("thiếu khóa \"" + k + "\"", "missing key \"" + k + "\"",
                        JoinPath(path, spec.key));
    }
    SOTAY_RETURN_IF_ERROR(ReadKey(spec, *it, path, change));
  }
  return change;
}

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

Json ChangeToPushJson(const Change& c) {
  return Json{{"device_seq", c.device_seq},
              {"record_id", c.record_id},
              {"record_type", c.record_type},
              {"group_id", c.group_id},
              {"parent_id", NullIfEmpty(c.parent_id)},
              {"field", c.field},
              {"value", c.value},
              {"hlc", c.hlc},
              {"base_hlc", NullIfEmpty(c.base_hlc)}};
}

Result<Change> ChangeFromPushJson(const Json& json, std::string_view path) {
  return Decode(json, path, kPushKeys);
}

Json ChangeToPullJson(const Change& c) {
  return Json{{"server_seq", c.server_seq},
              {"record_id", c.record_id},
              {"record_type", c.record_type},
              {"group_id", c.group_id},
              {"parent_id", NullIfEmpty(c.parent_id)},
              {"field", c.field},
              {"value", c.value},
              {"hlc", c.hlc}};
}

Result<Change> ChangeFromPullJson(const Json& json, std::string_view path) {
  return Decode(json, path, kPullKeys);
}

}  // namespace sotay

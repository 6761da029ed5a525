#include "core/sqlite_rows.h"

namespace sotay::sqlite_rows {

std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool ParseJson(std::string_view text, Json& out) {
  out = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  return !out.is_discarded();
}

std::string EncodeFields(const Record& record) {
  std::string out = "{";
  for (const auto& [name, fv] : record.fields) {
    if (out.size() > 1) out += ',';
    out += DumpJson(Json(name));
    out += ":{\"v\":";
    out += DumpJson(fv.value);
    out += ",\"h\":";
    out += DumpJson(Json(fv.hlc));
    if (fv.seq != 0) {
      out += ",\"s\":";
      out += std::to_string(fv.seq);
    }
    out += '}';
  }
  out += '}';
  return out;
}

bool DecodeFields(std::string_view text, Record& record) {
  Json j;
  if (!ParseJson(text, j) || !j.is_object()) return false;
  record.fields.clear();
  for (auto it = j.begin(); it != j.end(); ++it) {
    Json& entry = it.value();
    if (!entry.is_object()) return false;
    auto v = entry.find("v");
    auto h = entry.find("h");
    if (v == entry.end() || h == entry.end() || !h->is_string()) return false;
    FieldValue& fv = record.fields[it.key()];
    fv.value = std::move(*v);
    fv.hlc = std::move(h->get_ref<std::string&>());
    auto s = entry.find("s");
    fv.seq = 0;
    if (s != entry.end()) {
      if (!s->is_number_integer()) return false;
      fv.seq = s->get<int64_t>();
    }
  }
  return true;
}

void BindChange(StatementUse& q, int first, const Change& c) {
  q.BindText(first, c.record_id);
  q.BindText(first + 1, c.record_type);
  q.BindText(first + 2, c.group_id);
  q.BindTextOrNull(first + 3, c.parent_id);
  q.BindText(first + 4, c.field);
  q.BindText(first + 5, DumpJson(c.value));
  q.BindText(first + 6, c.hlc);
  q.BindTextOrNull(first + 7, c.base_hlc);
  q.BindText(first + 8, c.device_id);
  q.BindInt(first + 9, c.device_seq);
}

bool ReadChange(const StatementUse& q, int first, Change& c) {
  c.record_id = q.Text(first);
  c.record_type = q.Text(first + 1);
  c.group_id = q.Text(first + 2);
  c.parent_id = q.Text(first + 3);
  c.field = q.Text(first + 4);
  if (!ParseJson(q.Text(first + 5), c.value)) return false;
  c.hlc = q.Text(first + 6);
  c.base_hlc = q.Text(first + 7);
  c.device_id = q.Text(first + 8);
  c.device_seq = q.Int(first + 9);
  return true;
}

Status Corrupt(std::string_view what) {
  std::string op(what);
  return Status::Error("store_corrupt", "dữ liệu đã lưu không đọc được khi " + op,
                       "stored data cannot be decoded in " + op);
}

Status InvalidArgument(std::string vi, std::string en) {
  return Status::Error("invalid_argument", std::move(vi), std::move(en));
}

void BindGroups(StatementUse& q, int i, const std::vector<std::string>& groups) {
  if (groups.empty()) {
    q.BindNull(i);
  } else {
    q.BindText(i, DumpJson(Json(groups)));
  }
}

}  // namespace sotay::sqlite_rows

#include "core/indicator_registry.h"

#include <fstream>
#include <set>
#include <sstream>

namespace sotay {
namespace {

Status Bad(const std::string& path, const std::string& vi, const std::string& en) {
  return Status::Error("indicator_registry", "Danh mục chỉ tiêu sai: " + vi,
                       "Bad indicator registry: " + en, path);
}

Status CheckKeys(const Json& obj, const std::string& path,
                 std::initializer_list<std::string_view> allowed) {
  if (!obj.is_object()) return Bad(path, "cần một đối tượng", "expected an object");
  for (const auto& [key, value] : obj.items()) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || a == key;
    if (!ok) return Bad(path + "/" + key, "khóa không được phép", "unknown key");
  }
  return Status::Ok();
}

Result<std::string> String(const Json& obj, const std::string& key, const std::string& path,
                           bool required = true) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (!required) return std::string();
    return Bad(path + "/" + key, "thiếu", "missing");
  }
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return Bad(path + "/" + key, "cần một chuỗi khác rỗng", "expected a non-empty string");
  }
  return it->get<std::string>();
}

Result<Label> ParseLabel(const Json& obj, const std::string& key, const std::string& path) {
  auto it = obj.find(key);
  const std::string p = path + "/" + key;
  if (it == obj.end()) return Bad(p, "thiếu", "missing");
  SOTAY_RETURN_IF_ERROR(CheckKeys(*it, p, {"vi", "en"}));
  Result<std::string> vi = String(*it, "vi", p);
  if (!vi.ok()) return vi.status();
  Result<std::string> en = String(*it, "en", p);
  if (!en.ok()) return en.status();
  return Label{*vi, *en};
}

std::optional<Comparison> ParseComparison(std::string_view s) {
  if (s == "gte") return Comparison::kGte;
  if (s == "gt") return Comparison::kGt;
  if (s == "lte") return Comparison::kLte;
  if (s == "lt") return Comparison::kLt;
  if (s == "eq") return Comparison::kEq;
  return std::nullopt;
}

std::optional<IndicatorKind> ParseKind(std::string_view s) {
  if (s == "ratio") return IndicatorKind::kRatio;
  if (s == "count") return IndicatorKind::kCount;
  if (s == "change") return IndicatorKind::kChange;
  if (s == "value") return IndicatorKind::kValue;
  return std::nullopt;
}

Result<IndicatorDef> ParseIndicator(const Json& j, const std::string& path) {
  SOTAY_RETURN_IF_ERROR(
      CheckKeys(j, path,
                {"id", "plan_item", "label", "formula", "unit", "source", "kind", "frequency",
                 "per_group", "target", "target_text", "rule_source"}));
  IndicatorDef d;
  Result<std::string> id = String(j, "id", path);
  if (!id.ok()) return id.status();
  d.id = *id;
  if (auto it = j.find("plan_item"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 26) {
      return Bad(path + "/plan_item", "cần số nguyên 1..26", "expected an integer 1..26");
    }
    d.plan_item = it->get<int>();
  }
  for (auto [key, out] : {std::pair{"label", &d.label}, std::pair{"formula", &d.formula},
                          std::pair{"target_text", &d.target_text}}) {
    Result<Label> l = ParseLabel(j, key, path);
    if (!l.ok()) return l.status();
    *out = *l;
  }
  for (auto [key, out] : {std::pair{"unit", &d.unit}, std::pair{"frequency", &d.frequency},
                          std::pair{"rule_source", &d.rule_source}}) {
    Result<std::string> s = String(j, key, path);
    if (!s.ok()) return s.status();
    *out = *s;
  }
  if (d.frequency != "year" && d.frequency != "quarter" && d.frequency != "month") {
    return Bad(path + "/frequency", "cần year, quarter hoặc month",
               "expected year, quarter or month");
  }
  Result<std::string> source = String(j, "source", path);
  if (!source.ok()) return source.status();
  if (*source == "records") {
    d.source = IndicatorSource::kRecords;
  } else if (*source == "manual") {
    d.source = IndicatorSource::kManual;
  } else {
    return Bad(path + "/source", "cần records hoặc manual", "expected records or manual");
  }
  Result<std::string> kind = String(j, "kind", path);
  if (!kind.ok()) return kind.status();
  std::optional<IndicatorKind> k = ParseKind(*kind);
  if (!k) return Bad(path + "/kind", "loại không hợp lệ", "expected ratio, count, change or value");
  d.kind = *k;
  if ((d.source == IndicatorSource::kManual) != (d.kind == IndicatorKind::kValue)) {
    return Bad(path + "/kind", "chỉ tiêu nhập tay có loại value, chỉ tiêu tính từ hồ sơ thì không",
               "manual indicators are of kind value, computed ones are not");
  }
  if (auto it = j.find("per_group"); it != j.end()) {
    if (!it->is_boolean()) return Bad(path + "/per_group", "cần true/false", "expected a boolean");
    d.per_group = it->get<bool>();
  }
  auto t = j.find("target");
  if (t == j.end())
    return Bad(path + "/target", "thiếu (null nếu chưa đặt)", "missing (null if none)");
  if (!t->is_null()) {
    SOTAY_RETURN_IF_ERROR(CheckKeys(*t, path + "/target", {"comparison", "value"}));
    Result<std::string> cmp = String(*t, "comparison", path + "/target");
    if (!cmp.ok()) return cmp.status();
    std::optional<Comparison> c = ParseComparison(*cmp);
    if (!c)
      return Bad(path + "/target/comparison", "phép so sánh không hợp lệ",
                 "expected gte, gt, lte, lt or eq");
    auto v = t->find("value");
    if (v == t->end() || !v->is_number()) {
      return Bad(path + "/target/value", "cần một số", "expected a number");
    }
    d.target = IndicatorTarget{*c, v->get<double>()};
  }
  return d;
}

}  // namespace

std::string_view ComparisonName(Comparison c) {
  switch (c) {
    case Comparison::kGte:
      return "gte";
    case Comparison::kGt:
      return "gt";
    case Comparison::kLte:
      return "lte";
    case Comparison::kLt:
      return "lt";
    case Comparison::kEq:
      return "eq";
  }
  return "gte";
}

std::string_view ComparisonSign(Comparison c) {
  switch (c) {
    case Comparison::kGte:
      return "≥";
    case Comparison::kGt:
      return ">";
    case Comparison::kLte:
      return "≤";
    case Comparison::kLt:
      return "<";
    case Comparison::kEq:
      break;
  }
  return "=";
}

std::string_view IndicatorKindName(IndicatorKind k) {
  switch (k) {
    case IndicatorKind::kRatio:
      return "ratio";
    case IndicatorKind::kCount:
      return "count";
    case IndicatorKind::kChange:
      return "change";
    case IndicatorKind::kValue:
      return "value";
  }
  return "ratio";
}

Result<IndicatorRegistry> IndicatorRegistry::FromJson(const Json& doc) {
  SOTAY_RETURN_IF_ERROR(CheckKeys(doc, "", {"id", "version", "plan", "indicators"}));
  Result<std::string> id = String(doc, "id", "");
  if (!id.ok()) return id.status();
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer() || version->get<int64_t>() < 1) {
    return Bad("/version", "cần số nguyên dương", "expected a positive integer");
  }
  IndicatorRegistry reg;
  auto plan = doc.find("plan");
  if (plan == doc.end()) return Bad("/plan", "thiếu", "missing");
  SOTAY_RETURN_IF_ERROR(CheckKeys(*plan, "/plan", {"document", "year", "label"}));
  Result<std::string> document = String(*plan, "document", "/plan");
  if (!document.ok()) return document.status();
  reg.plan_document_ = *document;
  auto year = plan->find("year");
  if (year == plan->end() || !year->is_number_integer()) {
    return Bad("/plan/year", "cần năm", "expected a year");
  }
  reg.plan_year_ = year->get<int64_t>();
  Result<Label> plan_label = ParseLabel(*plan, "label", "/plan");
  if (!plan_label.ok()) return plan_label.status();

  auto list = doc.find("indicators");
  if (list == doc.end() || !list->is_array()) {
    return Bad("/indicators", "cần một mảng", "expected an array");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string path = "/indicators/" + std::to_string(i);
    Result<IndicatorDef> d = ParseIndicator((*list)[i], path);
    if (!d.ok()) return d.status();
    if (!seen.insert(d->id).second) return Bad(path + "/id", "trùng mã", "duplicate id");
    reg.indicators_.push_back(std::move(*d));
  }
  reg.json_ = doc;
  return reg;
}

Result<IndicatorRegistry> IndicatorRegistry::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Error("indicator_registry", "Không mở được tệp danh mục chỉ tiêu",
                         "Cannot open the indicator registry", path);
  }
  std::stringstream buf;
  buf << in.rdbuf();
  Json doc = Json::parse(buf.str(), nullptr, false);
  if (doc.is_discarded()) {
    return Status::Error("indicator_registry", "Tệp danh mục chỉ tiêu không phải JSON hợp lệ",
                         "The indicator registry is not valid JSON", path);
  }
  Result<IndicatorRegistry> r = FromJson(doc);
  if (!r.ok()) {
    return Status::Error(r.status().code(), r.status().message_vi(), r.status().message_en(),
                         path + "#" + r.status().path());
  }
  return r;
}

const IndicatorDef* IndicatorRegistry::Find(std::string_view id) const {
  for (const IndicatorDef& d : indicators_) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

}  // namespace sotay

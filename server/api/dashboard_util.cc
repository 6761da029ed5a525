#include "server/api/dashboard_util.h"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "core/date.h"
#include "core/household_bundle.h"
#include "server/api/api_error.h"
#include "server/http/content_disposition.h"

namespace sotay {

std::string QueryValue(const HttpRequest& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? std::string() : it->second;
}

HttpResponse BadRequest(std::string_view code, std::string_view vi, std::string_view en,
                        std::string_view field) {
  return ApiError(code, vi, en, field);
}

Json IndicatorRowJson(const IndicatorValue& v, const ComputedIndicators& computed) {
  Json j = ToJson(v);
  if (!v.value_period.empty()) {
    auto it = computed.entries.find({v.indicator, v.value_period});
    if (it != computed.entries.end()) {
      j["entered_by"] = it->second.entered_by;
      j["entered_ms"] = it->second.entered_ms;
    }
  }
  return j;
}

Json LabelJson(const Label& label) { return {{"vi", label.vi}, {"en", label.en}}; }

Json FieldsJson(const Record& record) {
  Json out = Json::object();
  for (const auto& [name, fv] : record.fields) out[name] = {{"value", fv.value}, {"hlc", fv.hlc}};
  return out;
}

std::vector<std::string> SensitiveFieldsWithValues(const SchemaSet& schemas, const Record& record) {
  std::vector<std::string> out;
  const FormDef* form = schemas.FindForm(record.type);
  if (form == nullptr) return out;
  for (const auto& [name, fv] : record.fields) {
    const FieldDef* f = form->FindField(name);
    if (f != nullptr && f->sensitive && !fv.value.is_null()) out.push_back(name);
  }
  return out;
}

HttpResponse FileResponse(std::string body, const std::string& content_type,
                          const std::string& filename) {
  HttpResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.SetHeader("Content-Type", content_type);
  r.SetHeader("Content-Disposition", AttachmentDisposition(filename));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

std::string NumberText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace sotay

#include "sync/push_checks.h"

#include "core/hlc.h"
#include "core/ids.h"
#include "core/validate.h"

namespace sotay {

namespace {

Status Reject(std::string code, std::string vi, std::string en, std::string path) {
  return Status::Error(std::move(code), std::move(vi), std::move(en), std::move(path));
}

Status CheckHlcs(const Change& c, const DeviceScope& who, const Clock& clock,
                 int64_t max_future_ms) {
  Result<Hlc> hlc = Hlc::Parse(c.hlc);
  if (!hlc.ok()) return hlc.status().WithPathPrefix("hlc");
  if (!c.base_hlc.empty()) {
    Result<Hlc> base = Hlc::Parse(c.base_hlc);
    if (!base.ok()) return base.status().WithPathPrefix("base_hlc");
  }
  if (hlc->node != who.device_id) {
    return Reject("hlc_node_mismatch", "Nút của HLC không phải mã thiết bị gửi",
                  "The HLC's node is not the sending device's id", "hlc");
  }
  SOTAY_RETURN_IF_ERROR(CheckNotFarFuture(*hlc, clock, max_future_ms).WithPathPrefix("hlc"));
  return Status::Ok();
}

}  // namespace

Status CheckChangeIds(const Change& c) {
  if (!IsUuid(c.record_id)) {
    return Reject("invalid_id", "record_id phải là UUID viết thường",
                  "record_id must be a lowercase UUID", "record_id");
  }
  if (!c.parent_id.empty() && !IsUuid(c.parent_id)) {
    return Reject("invalid_id", "parent_id phải là UUID viết thường",
                  "parent_id must be a lowercase UUID", "parent_id");
  }
  if (!IsGroupId(c.group_id)) {
    return Reject("invalid_id", "group_id không hợp lệ", "group_id is not a valid group id",
                  "group_id");
  }
  return Status::Ok();
}

namespace {

Status CheckValue(const Change& c, const SchemaSet& schemas) {
  if (c.field != kDeletedField) {
    return ValidateFieldValue(schemas, c.record_type, c.field, c.value, ValidationMode::kServer);
  }
  if (schemas.FindForm(c.record_type) == nullptr) {
    return Reject("unknown_type", "Không có biểu mẫu " + c.record_type,
                  "There is no form " + c.record_type, "record_type");
  }
  if (!c.value.is_boolean()) {
    return Reject("type_mismatch", "_deleted phải là true hoặc false",
                  "_deleted must be true or false", c.field);
  }
  return Status::Ok();
}

}  // namespace

Status CheckParentRule(const Change& c, const SchemaSet& schemas) {
  const FormDef* form = schemas.FindForm(c.record_type);
  if (form == nullptr) return Status::Ok();  // reported by CheckValue
  if (form->parent_type.empty() && !c.parent_id.empty()) {
    return Reject("bad_parent", "Bản ghi " + c.record_type + " không có bản ghi cha",
                  "A " + c.record_type + " record has no parent", "parent_id");
  }
  if (!form->parent_type.empty() && c.parent_id.empty()) {
    return Reject(
        "bad_parent", "Bản ghi " + c.record_type + " cần bản ghi cha " + form->parent_type,
        "A " + c.record_type + " record needs a " + form->parent_type + " parent", "parent_id");
  }
  return Status::Ok();
}

std::string_view HlcNode(std::string_view hlc) {
  size_t first = hlc.find('-');
  if (first == std::string_view::npos) return {};
  size_t second = hlc.find('-', first + 1);
  if (second == std::string_view::npos) return {};
  return hlc.substr(second + 1);
}

Status CheckPushedChange(const Change& change, const DeviceScope& who, const SchemaSet& schemas,
                         const Clock& clock, int64_t max_future_ms) {
  SOTAY_RETURN_IF_ERROR(CheckHlcs(change, who, clock, max_future_ms));
  SOTAY_RETURN_IF_ERROR(CheckChangeIds(change));
  if (!who.Allows(change.group_id)) {
    return Reject("forbidden_group", "Thiết bị không được ghi vào tổ " + change.group_id,
                  "This device may not write to group " + change.group_id, "group_id");
  }
  SOTAY_RETURN_IF_ERROR(CheckValue(change, schemas));
  return CheckParentRule(change, schemas);
}

}  // namespace sotay

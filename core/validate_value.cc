// Checks of one present value against its field: sealing, JSON type, code list, range
// and length, with their messages in Vietnamese and English.
#include <set>
#include <string>

#include "core/detail/validate_internal.h"
#include "core/field_check.h"

namespace sotay {
namespace {

ValidationIssue Issue(const FieldDef& f, std::string code, std::string vi, std::string en) {
  return ValidationIssue{f.name, std::move(code), std::move(vi), std::move(en)};
}

ValidationIssue TypeMismatch(const FieldDef& f) {
  std::string vi, en;
  switch (f.type) {
    case FieldType::kText:
      vi = "phải là văn bản", en = "must be text";
      break;
    case FieldType::kInteger:
      vi = "phải là số nguyên", en = "must be a whole number";
      break;
    case FieldType::kDecimal:
      vi = "phải là một số", en = "must be a number";
      break;
    case FieldType::kBoolean:
      vi = "phải là Có hoặc Không", en = "must be yes or no";
      break;
    case FieldType::kDate:
      vi = "phải là ngày dạng YYYY-MM-DD", en = "must be a date YYYY-MM-DD";
      break;
    case FieldType::kSelectOne:
      vi = "phải là một mã trong danh mục", en = "must be one code of its list";
      break;
    case FieldType::kSelectMultiple:
      vi = "phải là danh sách các mã trong danh mục", en = "must be a list of codes of its list";
      break;
    case FieldType::kPhone:
    case FieldType::kCitizenId:
      vi = "phải là một chuỗi chữ số", en = "must be a string of digits";
      break;
  }
  return Issue(f, "type_mismatch", Quoted(f.label.vi) + " " + vi, Quoted(f.label.en) + " " + en);
}

std::string BoundText(const Json& bound) {
  return bound.is_string() ? bound.get<std::string>() : bound.dump();
}

ValidationIssue OutOfRange(const FieldDef& f) {
  std::string lo = BoundText(f.min), hi = BoundText(f.max);
  std::string vi, en;
  if (!f.min.is_null() && !f.max.is_null()) {
    vi = " phải từ " + lo + " đến " + hi, en = " must be between " + lo + " and " + hi;
  } else if (!f.min.is_null()) {
    vi = " phải từ " + lo + " trở lên", en = " must be at least " + lo;
  } else {
    vi = " không được quá " + hi, en = " must be at most " + hi;
  }
  return Issue(f, "out_of_range", Quoted(f.label.vi) + vi, Quoted(f.label.en) + en);
}

bool BelowMin(const FieldDef& f, const Json& v) {
  if (f.min.is_null()) return false;
  if (f.type == FieldType::kDate) return v.get<std::string>() < f.min.get<std::string>();
  return v.get<double>() < f.min.get<double>();
}

bool AboveMax(const FieldDef& f, const Json& v) {
  if (f.max.is_null()) return false;
  if (f.type == FieldType::kDate) return v.get<std::string>() > f.max.get<std::string>();
  return v.get<double>() > f.max.get<double>();
}

ValidationIssue NotInList(const FieldDef& f, const std::string& code) {
  return Issue(f, "not_in_list", Quoted(f.label.vi) + ": mã '" + code + "' không có trong danh mục",
               Quoted(f.label.en) + ": code '" + code + "' is not in the list");
}

std::optional<ValidationIssue> CheckSelection(const SchemaSet& schemas, const FieldDef& f,
                                              const Json& v) {
  const CodeList* list = schemas.FindCodeList(f.list);
  if (f.type == FieldType::kSelectOne) {
    if (!v.is_string()) return TypeMismatch(f);
    if (list == nullptr || list->Find(v.get_ref<const std::string&>()) == nullptr) {
      return NotInList(f, v.get<std::string>());
    }
    return std::nullopt;
  }
  if (!v.is_array()) return TypeMismatch(f);
  std::set<std::string> seen;
  for (const Json& item : v) {
    if (!item.is_string()) return TypeMismatch(f);
    const std::string& code = item.get_ref<const std::string&>();
    if (list == nullptr || list->Find(code) == nullptr) return NotInList(f, code);
    if (!seen.insert(code).second) {
      return Issue(f, "duplicate_choice",
                   Quoted(f.label.vi) + ": mã '" + code + "' được chọn hai lần",
                   Quoted(f.label.en) + ": code '" + code + "' is selected twice");
    }
  }
  return std::nullopt;
}

// Type and content of a plaintext value.
std::optional<ValidationIssue> CheckTyped(const SchemaSet& schemas, const FieldDef& f,
                                          const Json& v) {
  switch (f.type) {
    case FieldType::kText:
      if (!v.is_string()) return TypeMismatch(f);
      if (f.max_length &&
          Utf8Length(v.get_ref<const std::string&>()) > static_cast<size_t>(*f.max_length)) {
        std::string n = std::to_string(*f.max_length);
        return Issue(f, "too_long", Quoted(f.label.vi) + " dài tối đa " + n + " ký tự",
                     Quoted(f.label.en) + " must be at most " + n + " characters");
      }
      return std::nullopt;
    case FieldType::kInteger:
      if (!v.is_number_integer()) return TypeMismatch(f);
      break;
    case FieldType::kDecimal:
      if (!v.is_number()) return TypeMismatch(f);
      break;
    case FieldType::kBoolean:
      if (!v.is_boolean()) return TypeMismatch(f);
      return std::nullopt;
    case FieldType::kDate:
      if (!v.is_string()) return TypeMismatch(f);
      if (!IsCalendarDate(v.get_ref<const std::string&>())) {
        return Issue(f, "invalid_date",
                     Quoted(f.label.vi) + ": ngày không có thật (cần dạng YYYY-MM-DD)",
                     Quoted(f.label.en) + ": not a real date (expected YYYY-MM-DD)");
      }
      break;
    case FieldType::kSelectOne:
    case FieldType::kSelectMultiple:
      return CheckSelection(schemas, f, v);
    case FieldType::kPhone:
      if (!v.is_string()) return TypeMismatch(f);
      if (!IsVietnamesePhone(v.get_ref<const std::string&>())) {
        return Issue(f, "invalid_phone",
                     Quoted(f.label.vi) +
                         ": số điện thoại không hợp lệ (di động 10 số bắt đầu bằng 03, 05, "
                         "07, 08, 09; cố định 11 số bắt đầu bằng 02)",
                     Quoted(f.label.en) +
                         ": invalid phone number (mobile: 10 digits starting 03, 05, 07, 08, "
                         "09; landline: 11 digits starting 02)");
      }
      return std::nullopt;
    case FieldType::kCitizenId:
      if (!v.is_string()) return TypeMismatch(f);
      if (!IsCitizenId(v.get_ref<const std::string&>())) {
        return Issue(f, "invalid_citizen_id",
                     Quoted(f.label.vi) +
                         ": số định danh phải gồm đúng 12 chữ số, 3 số đầu là mã tỉnh 001–096",
                     Quoted(f.label.en) +
                         ": a citizen ID is exactly 12 digits, the first 3 a province code "
                         "001–096");
      }
      return std::nullopt;
  }
  if (BelowMin(f, v) || AboveMax(f, v)) return OutOfRange(f);
  return std::nullopt;
}

}  // namespace

std::string Quoted(const std::string& label) { return "“" + label + "”"; }

bool IsMissing(const Json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty()) ||
         (v.is_array() && v.empty());
}

std::optional<ValidationIssue> CheckValue(const SchemaSet& schemas, const FieldDef& f,
                                          const Json& v, ValidationMode mode) {
  if (f.sealed) {
    if (IsSealedEnvelope(v)) return std::nullopt;
    if (v.is_object() && v.contains("sealed")) {
      return Issue(
          f, "invalid_sealed",
          Quoted(f.label.vi) + ": dữ liệu niêm phong bị hỏng (cần {\"sealed\": \"<base64>\"})",
          Quoted(f.label.en) + ": malformed sealed value (expected {\"sealed\": \"<base64>\"})");
    }
    if (mode == ValidationMode::kServer) {
      return Issue(
          f, "not_sealed",
          Quoted(f.label.vi) + " phải được niêm phong (mã hóa) trên thiết bị trước khi gửi",
          Quoted(f.label.en) + " must be sealed (encrypted) on the device before it is sent");
    }
  }
  return CheckTyped(schemas, f, v);
}

}  // namespace sotay

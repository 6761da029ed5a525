#include "core/forms_doc.h"

#include <sstream>

#include "core/cultural_family.h"
#include "core/poverty.h"
#include "core/working_age.h"

namespace sotay {
namespace {

// Text safe inside a Markdown table cell.
std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Code(std::string_view s) { return s.empty() ? "" : "`" + Cell(s) + "`"; }

std::string Both(const Label& l) { return Cell(l.vi) + " (" + Cell(l.en) + ")"; }

std::string FormatMoney(int64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(i, ".");
  return s;
}

const char* kFormOrder[] = {"household",
                            "person",
                            "assessment.poverty",
                            "assessment.cultural_family",
                            "assessment.drug_free",
                            "assessment.cultural_group"};

void RenderForm(std::ostringstream& o, const FormDef& f) {
  o << "## " << Both(f.label) << "\n\n";
  o << "- Loại hồ sơ (record type): " << Code(f.record_type) << ", phiên bản " << f.version << "\n";
  o << "- Thuộc (parent): "
    << (f.parent_type.empty() ? "không (cấp tổ dân phố)" : Code(f.parent_type))
    << (f.period ? "; lập mỗi năm một phiếu (trường `period` = năm)" : "") << "\n";
  o << "- Căn cứ (source): " << Cell(f.source) << "\n";
  for (const ChildSpec& c : f.children) {
    o << "- Hồ sơ con: " << Code(c.type) << " — " << Cell(c.label.vi) << ", tối thiểu " << c.min
      << (c.max ? ", tối đa " + std::to_string(*c.max) : "") << "\n";
  }
  o << "\n| Trường | Câu hỏi (question) | Kiểu | Bắt buộc | Khi nào hỏi | Ràng buộc / cách tính | "
       "Bảo mật | Căn cứ |\n";
  o << "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const FieldDef& d : f.fields) {
    std::string type(FieldTypeName(d.type));
    if (d.IsSelect()) type += " [" + d.list + "](#danh-muc-" + d.list + ")";
    std::string required = d.required ? "có" : (d.required_if ? Code(d.required_if->source()) : "");
    std::string rule;
    if (d.calculate) rule += "tính: " + Code(d.calculate->source()) + " ";
    if (d.constraint) {
      rule += Code(d.constraint->source()) + " — " + Cell(d.constraint_message->vi) + " ";
    }
    if (!d.min.is_null())
      rule += "≥ " + Cell(d.min.is_string() ? d.min.get<std::string>() : d.min.dump()) + " ";
    if (!d.max.is_null())
      rule += "≤ " + Cell(d.max.is_string() ? d.max.get<std::string>() : d.max.dump()) + " ";
    if (d.max_length) rule += "tối đa " + std::to_string(*d.max_length) + " ký tự ";
    if (d.readonly && !d.calculate) rule += "do hệ thống tính (xem phần quy tắc) ";
    std::string privacy;
    if (d.sealed) privacy = "niêm phong (sealed)";
    if (d.sensitive) privacy += privacy.empty() ? "nhạy cảm (sensitive)" : ", nhạy cảm";
    std::string question = Both(d.label);
    if (d.hint) question += "<br>_" + Cell(d.hint->vi) + "_";
    o << "| " << Code(d.name) << " | " << question << " | " << type << " | " << required << " | "
      << (d.relevant ? Code(d.relevant->source()) : "") << " | " << rule << "| " << privacy << " | "
      << Cell(d.source) << " |\n";
  }
  o << "\n";
}

// Who is asked each member-level question of the poverty indicators: the person form's
// own `relevant` expression, which the rule evaluates on the review date.
void RenderMemberQuestions(std::ostringstream& o, const SchemaSet& schemas) {
  o << "### Câu hỏi theo độ tuổi — who is asked\n\n"
       "Phiếu nhân khẩu chỉ hỏi một số câu từ một độ tuổi (cột \"Hỏi khi\"). Biểu mẫu và "
       "quy tắc cùng lấy tuổi theo một ngày: ngày rà soát của phiếu rà soát hộ nghèo năm nay "
       "của hộ, nếu chưa có thì ngày hôm nay (core/age_reference). Quy tắc tính điều kiện "
       "\"Hỏi khi\" cho từng người vào ngày rà soát: người không được hỏi được coi là không "
       "thuộc đối tượng của chỉ số (không phải người sử dụng dịch vụ, Nghị định 07/2021/NĐ-CP, "
       "Phụ lục), không bao giờ là \"chưa xác định\"; câu được hỏi mà chưa trả lời thì "
       "chỉ số là \"chưa xác định\" cho đến khi tổ trưởng trả lời. — The form and the rule "
       "take ages on the same date; a member not asked is not concerned (not a user), never "
       "unknown; asked but unanswered is unknown.\n\n"
       "| Chỉ số | Trường | Hỏi khi |\n| --- | --- | --- |\n";
  const FormDef* person = schemas.FindForm("person");
  for (const MemberQuestion& q : PovertyMemberQuestions()) {
    const FieldDef* f = person ? person->FindField(q.field) : nullptr;
    std::string when = "mọi nhân khẩu";
    if (f != nullptr && f->relevant) when = Code(f->relevant->source());
    o << "| `" << q.indicator << "` | `" << q.field << "` | " << when << " |\n";
  }
  o << "\n";
}

void RenderPoverty(std::ostringstream& o, const SchemaSet& schemas) {
  o << "## Quy tắc phân loại hộ nghèo, cận nghèo (core/poverty)\n\n"
       "Hệ thống tính kết quả từ câu trả lời của phiếu hộ, phiếu nhân khẩu và phiếu rà soát; "
       "tuổi lấy theo ngày rà soát (chưa có ngày rà soát: 31/12 của kỳ); người sinh sau ngày "
       "rà soát không tính là nhân khẩu của lần rà soát đó (⚠). Thu nhập bình quân = tổng thu nhập "
       "tháng ÷ số nhân khẩu. "
       "Thu nhập ≤ chuẩn nghèo và thiếu hụt từ 3 chỉ số → hộ nghèo; thu nhập ≤ chuẩn nghèo và "
       "thiếu hụt dưới 3 chỉ số (kể cả chỉ số chưa trả lời) → hộ cận nghèo; trên chuẩn nghèo "
       "đến mức sống trung bình → hộ có mức sống trung bình; cao hơn → trên trung bình; thiếu "
       "thông tin → chưa xác định. Kết quả lưu kèm mã chuẩn đã dùng. Mục đánh dấu ⚠ cần đối "
       "chiếu nguyên văn văn bản.\n\n";
  for (const PovertyStandard& s : PovertyStandards()) {
    o << "### " << Cell(s.name) << " — mã `" << s.id << "`, kỳ " << s.first_period << "–"
      << s.last_period << "\n\n";
    o << "- Căn cứ: " << Cell(s.source) << "\n";
    o << "- Chuẩn nghèo (đồng/người/tháng): thành thị " << FormatMoney(s.urban_line)
      << ", nông thôn " << FormatMoney(s.rural_line) << "\n";
    o << "- Mức sống trung bình đến: thành thị " << FormatMoney(s.urban_average_upper)
      << ", nông thôn " << FormatMoney(s.rural_average_upper) << " — " << Cell(s.average_source)
      << (s.average_verify ? " ⚠" : "") << "\n";
    o << "- Hộ nghèo khi thiếu hụt từ " << s.min_deprivations_poor << " chỉ số\n\n";
    o << "| Mã | Chiều | Chỉ số | Thiếu hụt khi | Căn cứ |\n| --- | --- | --- | --- | --- |\n";
    for (const DeprivationRule& r : s.rules) {
      o << "| `" << r.code << "` | " << Cell(r.dimension_vi) << " | " << Cell(r.label_vi) << " ("
        << Cell(r.label_en) << ") | " << Cell(r.cutoff_vi) << " | " << Cell(r.source)
        << (r.verify ? " ⚠" : "") << " |\n";
    }
    o << "\n";
  }
  RenderMemberQuestions(o, schemas);
}

void RenderCultural(std::ostringstream& o) {
  o << "## Quy tắc kết quả Gia đình văn hóa, Tổ dân phố văn hóa (core/cultural_family)\n\n"
       "1. Có một trường hợp không xét tặng (trả lời \"có\") → không được công nhận.\n"
       "2. Một tiêu chuẩn không đạt, hoặc cuộc họp không nhất trí → không được công nhận.\n"
       "3. Đạt mọi tiêu chuẩn, họp nhất trí, có ngày quyết định của Chủ tịch UBND phường → "
       "được công nhận.\n"
       "4. Đạt mọi tiêu chuẩn, họp nhất trí, chưa có quyết định → đã đề nghị.\n"
       "5. Còn mục chưa trả lời hoặc chưa họp → chưa bình xét xong.\n\n";
  o << "| Loại | Trường | Căn cứ |\n| --- | --- | --- |\n";
  for (const CulturalItem& i : CulturalFamilyCriteria()) {
    o << "| Tiêu chuẩn gia đình | `" << i.field << "` | " << Cell(i.source) << " |\n";
  }
  for (const CulturalItem& i : CulturalFamilyDisqualifiers()) {
    o << "| Không xét tặng | `" << i.field << "` | " << Cell(i.source) << " |\n";
  }
  for (const CulturalItem& i : CulturalGroupCriteria()) {
    o << "| Tiêu chuẩn tổ dân phố | `" << i.field << "` | " << Cell(i.source) << " |\n";
  }
  o << "\n";
}

void RenderWorkingAge(std::ostringstream& o) {
  o << "## Độ tuổi lao động (core/working_age)\n\n"
       "Người trong độ tuổi lao động vào ngày D: đủ 15 tuổi (Bộ luật Lao động 2019) và số "
       "tháng tuổi nhỏ hơn tuổi nghỉ hưu trong điều kiện bình thường của năm của ngày D "
       "(Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP, Điều 4). Lực lượng lao "
       "động trong độ tuổi (chỉ tiêu 13): người trong độ tuổi lao động đang làm việc (làm công, "
       "tự làm, lao động gia đình) hoặc thất nghiệp.\n\n"
       "| Năm | Nam | Nữ |\n| --- | --- | --- |\n";
  auto ym = [](int64_t m) {
    return std::to_string(m / 12) + " tuổi" +
           (m % 12 ? " " + std::to_string(m % 12) + " tháng" : "");
  };
  for (int64_t y = 2021; y <= 2035; ++y) {
    o << "| " << y << " | " << ym(RetirementAgeMonths(y, Sex::kMale)) << " | "
      << ym(RetirementAgeMonths(y, Sex::kFemale)) << " |\n";
  }
  o << "\n";
}

void RenderIndicators(std::ostringstream& o, const IndicatorRegistry& reg) {
  o << "## Chỉ tiêu của kế hoạch (schemas/indicators/plan.json)\n\n"
    << Cell(reg.plan_document()) << ". Cách tính và định dạng tệp: docs/indicators.md.\n\n"
    << "| Mã | Chỉ tiêu | Cách tính | Nguồn số liệu | Mục tiêu 2026 | Căn cứ |\n"
       "| --- | --- | --- | --- | --- | --- |\n";
  for (const IndicatorDef& d : reg.indicators()) {
    std::string target = "—";
    if (d.target) {
      target = std::string(ComparisonSign(d.target->comparison)) + " " +
               Json(d.target->value).dump() + " (" + d.unit + ")";
    }
    o << "| " << d.id << " | " << Cell(d.label.vi) << " | " << Cell(d.formula.vi) << " | "
      << (d.source == IndicatorSource::kRecords ? "tính từ hồ sơ, theo năm"
                                                : "nhập tay theo " + d.frequency)
      << " | " << target << "<br>_" << Cell(d.target_text.vi) << "_ | " << Cell(d.rule_source)
      << " |\n";
  }
  o << "\n";
}

void RenderCodeLists(std::ostringstream& o, const SchemaSet& schemas) {
  o << "## Danh mục (code lists)\n\n";
  for (const CodeList& l : schemas.code_lists()) {
    o << "### <a id=\"danh-muc-" << l.id << "\"></a>`" << l.id << "`\n\n"
      << "Căn cứ: " << Cell(l.source) << "\n\n| Mã | Nhãn | Label |\n| --- | --- | --- |\n";
    for (const Choice& c : l.choices) {
      o << "| `" << c.code << "` | " << Cell(c.label.vi) << " | " << Cell(c.label.en) << " |\n";
    }
    o << "\n";
  }
}

}  // namespace

std::string RenderFormsDoc(const SchemaSet& schemas, const IndicatorRegistry& registry) {
  std::ostringstream o;
  o << "# Biểu mẫu và quy tắc — Forms and rules\n\n"
       "<!-- Generated from schemas/ and core/ by RenderFormsDoc (core/forms_doc.h); do not "
       "edit by hand. Regenerate: SOTAY_UPDATE_DOCS=1 sotay_unit_tests \"[forms_doc]\" -->\n\n"
       "Tài liệu này liệt kê mọi biểu mẫu, câu hỏi, danh mục, quy tắc tính và chỉ tiêu mà "
       "ứng dụng Sổ tay dùng, kèm căn cứ pháp lý, để cán bộ đối chiếu. Trường \"nhạy cảm\" chỉ "
       "người có thẩm quyền được xem và mọi lần xem đều được ghi lại; trường \"niêm phong\" "
       "được mã hóa ngay trên điện thoại, máy chủ không đọc được (Nghị định 13/2023/NĐ-CP). "
       "Biểu mẫu không có trường nào ghi tên, tình trạng sử dụng hay nghi vấn về ma túy của "
       "bất kỳ ai.\n\n";
  for (const char* type : kFormOrder) {
    if (const FormDef* f = schemas.FindForm(type)) RenderForm(o, *f);
  }
  RenderPoverty(o, schemas);
  RenderCultural(o);
  RenderWorkingAge(o);
  RenderIndicators(o, registry);
  RenderCodeLists(o, schemas);
  return o.str();
}

}  // namespace sotay

// The two poverty standards as data. Cut-off texts are summaries written for this
// project, not quotations; `verify` marks those to check against the decree (docs/forms.md).
#include "core/poverty.h"

namespace sotay {
namespace {

constexpr std::string_view kNd07 = "Nghị định 07/2021/NĐ-CP";
constexpr std::string_view kNd351 = "Nghị định 351/2025/NĐ-CP";

std::vector<DeprivationRule> Nd07Rules() {
  return {
      {"employment", "Việc làm", "Employment", "Việc làm", "Employment",
       "Có ít nhất 1 người trong độ tuổi lao động thất nghiệp hoặc làm công ăn lương không có "
       "hợp đồng lao động",
       "At least one working-age member is unemployed or a wage worker without a labour "
       "contract",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 1.1", true},
      {"dependants", "Việc làm", "Employment", "Người phụ thuộc trong hộ gia đình",
       "Dependants in the household",
       "Tỷ lệ người phụ thuộc (dưới 16 tuổi, từ 60 tuổi, khuyết tật nặng hoặc đặc biệt nặng) "
       "trên tổng số nhân khẩu lớn hơn 50%",
       "Dependants (under 16, aged 60 or more, severe or very severe disability) are more "
       "than 50% of members",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 1.2", true},
      {"nutrition", "Y tế", "Health", "Dinh dưỡng", "Nutrition",
       "Có ít nhất 1 trẻ em dưới 16 tuổi suy dinh dưỡng chiều cao theo tuổi hoặc cân nặng "
       "theo tuổi",
       "At least one child under 16 is stunted or underweight",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 2.1", true},
      {"health_insurance", "Y tế", "Health", "Bảo hiểm y tế", "Health insurance",
       "Có ít nhất 1 người từ 6 tuổi trở lên không có thẻ BHYT còn hạn",
       "At least one member aged 6 or more has no valid health insurance card",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 2.2", true},
      {"adult_education", "Giáo dục", "Education", "Trình độ giáo dục của người lớn",
       "Adult education",
       "Có ít nhất 1 người từ 16 đến 30 tuổi không đi học, đào tạo và chưa đạt bằng cấp theo "
       "độ tuổi (16-18: tốt nghiệp THCS; 19-30: tốt nghiệp THPT hoặc có chứng chỉ nghề)",
       "At least one member aged 16-30 is not in education or training and lacks the "
       "qualification expected for the age (16-18: lower secondary; 19-30: upper "
       "secondary or a vocational certificate)",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 3.1", true},
      {"child_schooling", "Giáo dục", "Education", "Tình trạng đi học của trẻ em",
       "School attendance of children",
       "Có ít nhất 1 trẻ em từ 3 đến dưới 16 tuổi không được học đúng bậc, cấp học phù hợp "
       "với độ tuổi",
       "At least one child aged 3 to under 16 is not at the school level right for the age",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 3.2", true},
      {"housing_quality", "Nhà ở", "Housing", "Chất lượng nhà ở", "Housing quality",
       "Hộ đang ở nhà thiếu kiên cố hoặc đơn sơ (không bền chắc)",
       "The household lives in a less durable or makeshift house",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 4.1", true},
      {"floor_area", "Nhà ở", "Housing", "Diện tích nhà ở bình quân đầu người",
       "Floor area per person", "Diện tích nhà ở bình quân dưới 8 m²/người",
       "Less than 8 m² of floor area per member", "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 4.2",
       true},
      {"water", "Nước sinh hoạt và vệ sinh", "Water and sanitation", "Nguồn nước sinh hoạt",
       "Drinking water source", "Hộ không tiếp cận được nguồn nước sạch (nguồn không được bảo vệ)",
       "No access to clean water (an unprotected source)",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 5.1", true},
      {"latrine", "Nước sinh hoạt và vệ sinh", "Water and sanitation", "Nhà tiêu hợp vệ sinh",
       "Hygienic latrine", "Hộ không sử dụng nhà tiêu hợp vệ sinh",
       "The household has no hygienic latrine", "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 5.2",
       true},
      {"telecom", "Thông tin", "Information", "Sử dụng dịch vụ viễn thông",
       "Use of telecommunication services", "Không có thành viên nào sử dụng dịch vụ internet",
       "No member uses the internet", "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 6.1", true},
      {"info_devices", "Thông tin", "Information", "Phương tiện phục vụ tiếp cận thông tin",
       "Means of access to information",
       "Hộ không có phương tiện nào (ti vi, radio, máy tính, điện thoại, máy tính bảng, loa "
       "truyền thanh)",
       "The household has none of: TV, radio, computer, phone, tablet, loudspeaker",
       "Nghị định 07/2021/NĐ-CP, Phụ lục, chỉ số 6.2", true},
  };
}

// Nghị định 351/2025/NĐ-CP keeps the employment, health, education, housing, water and
// sanitation indicators, drops "means of access to information", and adds the use of
// digital services and the handling of household waste (public statements of the
// National Office for Poverty Reduction; final wording to verify).
std::vector<DeprivationRule> Nd351Rules() {
  std::vector<DeprivationRule> rules;
  for (DeprivationRule r : Nd07Rules()) {
    if (r.code == "info_devices") continue;
    r.source = "Nghị định 351/2025/NĐ-CP, Phụ lục";
    r.verify = true;
    rules.push_back(r);
  }
  rules.push_back({"digital_services", "Thông tin", "Information", "Sử dụng dịch vụ số",
                   "Use of digital services",
                   "Không có thành viên từ 14 tuổi nào sử dụng dịch vụ công trực tuyến hoặc dịch "
                   "vụ số trong 12 tháng qua",
                   "No member aged 14 or more used an online public or digital service in the "
                   "last 12 months",
                   "Nghị định 351/2025/NĐ-CP, Phụ lục", true});
  rules.push_back({"waste", "Nước sinh hoạt, vệ sinh và môi trường",
                   "Water, sanitation and environment", "Xử lý rác thải sinh hoạt",
                   "Household waste handling",
                   "Rác thải không được thu gom và hộ không tự xử lý hợp vệ sinh (ủ, chôn lấp "
                   "đúng cách)",
                   "Waste is not collected and not handled hygienically by the household "
                   "(composted or buried properly)",
                   "Nghị định 351/2025/NĐ-CP, Phụ lục", true});
  return rules;
}

}  // namespace

const std::vector<PovertyStandard>& PovertyStandards() {
  static const std::vector<PovertyStandard> kStandards = [] {
    std::vector<PovertyStandard> v;
    PovertyStandard a;
    a.id = "nd07-2021";
    a.name = kNd07;
    a.source =
        "Nghị định 07/2021/NĐ-CP (sửa đổi bởi Nghị định 30/2025/NĐ-CP), Điều 2, Điều 3 và Phụ "
        "lục; chuẩn giai đoạn 2022-2025, còn dùng cho kỳ rà soát năm 2026";
    a.first_period = 2022;
    a.last_period = 2026;
    a.urban_line = 2'000'000;
    a.rural_line = 1'500'000;
    a.urban_average_upper = 3'000'000;
    a.rural_average_upper = 2'250'000;
    a.average_source = "Nghị định 07/2021/NĐ-CP, Điều 3 khoản 3";
    a.rules = Nd07Rules();
    v.push_back(a);

    PovertyStandard b;
    b.id = "nd351-2025";
    b.name = kNd351;
    b.source =
        "Nghị định 351/2025/NĐ-CP ngày 30/12/2025, chuẩn nghèo đa chiều giai đoạn "
        "2026-2030, áp dụng từ kỳ rà soát năm 2027";
    b.first_period = 2027;
    b.last_period = 2030;
    b.urban_line = 2'800'000;
    b.rural_line = 2'200'000;
    // Assumed 150 % of the poverty line, as in Nghị định 07/2021 (3.0M = 1.5 × 2.0M).
    b.urban_average_upper = 4'200'000;
    b.rural_average_upper = 3'300'000;
    b.average_source =
        "Giả định 150% chuẩn nghèo như Nghị định 07/2021 (cần đối chiếu Nghị "
        "định 351/2025/NĐ-CP)";
    b.average_verify = true;
    b.rules = Nd351Rules();
    v.push_back(b);
    return v;
  }();
  return kStandards;
}

const PovertyStandard* PovertyStandardFor(int64_t period) {
  for (const PovertyStandard& s : PovertyStandards()) {
    if (period >= s.first_period && period <= s.last_period) return &s;
  }
  return nullptr;
}

}  // namespace sotay

#include "server/ward/demo_ward.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "core/date.h"
#include "core/derived_recompute.h"
#include "core/fact_refresh.h"
#include "core/form_context.h"
#include "core/hlc.h"
#include "core/household_bundle.h"
#include "core/validate.h"

namespace sotay {

namespace {

// splitmix64: small, fast and the same on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Int(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double Real() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double p) { return Real() < p; }
  template <class T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Next() % N];
  }

 private:
  uint64_t state_;
};

// Record ids in the order they are made: UUIDs of version 7 (RFC 9562) whose 48-bit
// time is the ward's HLC start plus one millisecond per 4,096 ids, whose 12-bit rand_a
// counts within that millisecond, and whose other 62 bits are random. Text order is
// creation order, so every insert lands at the end of the indexes keyed by record id
// (records, the change log, facts): a transaction of a city-sized ward dirties a few
// pages at the end of each index instead of pages all over it.
class IdMaker {
 public:
  IdMaker(Rng& rng, int64_t start_ms) : rng_(rng), start_ms_(static_cast<uint64_t>(start_ms)) {}
  std::string Next() {
    const uint64_t ms = (start_ms_ + (made_ >> 12)) & 0xFFFFFFFFFFFFULL;
    const uint64_t a = (ms << 16) | 0x7000ULL | (made_ & 0xFFFULL);                    // version 7
    const uint64_t b = (rng_.Next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant
    ++made_;
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                  static_cast<unsigned>(b >> 48),
                  static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
    return buf;
  }

 private:
  Rng& rng_;
  uint64_t start_ms_;
  uint64_t made_ = 0;
};

// Frequencies roughly follow Vietnamese family-name statistics.
struct Weighted {
  const char* text;
  int weight;
};
constexpr std::array<Weighted, 22> kFamilyNames = {{
    {"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 50}, {"Vũ", 40},
    {"Đặng", 21},    {"Bùi", 20},   {"Đỗ", 14}, {"Hồ", 13},   {"Ngô", 13},   {"Dương", 10},
    {"Lý", 5},       {"Phan", 45},  {"Võ", 15}, {"Đinh", 10}, {"Trịnh", 8},  {"Mai", 6},
    {"Đào", 8},      {"Lương", 5},  {"Cao", 5}, {"Lưu", 4},
}};
constexpr std::array<const char*, 11> kMaleMiddle = {
    "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Mạnh", "Tiến"};
constexpr std::array<const char*, 10> kFemaleMiddle = {"Thị",  "Ngọc", "Thu",  "Thanh", "Phương",
                                                       "Minh", "Hồng", "Thùy", "Kim",   "Bích"};
constexpr std::array<const char*, 25> kMaleGiven = {
    "An",    "Bình", "Cường", "Dũng",  "Duy",   "Đạt",  "Hải", "Hùng",  "Huy",
    "Khánh", "Long", "Minh",  "Nam",   "Phong", "Quân", "Sơn", "Thắng", "Trung",
    "Tuấn",  "Việt", "Hiếu",  "Hoàng", "Kiên",  "Lâm",  "Tùng"};
constexpr std::array<const char*, 25> kFemaleGiven = {
    "Anh",    "Chi",   "Dung", "Giang", "Hà",    "Hằng", "Hạnh", "Hoa",   "Hương",
    "Huyền",  "Lan",   "Linh", "Loan",  "Mai",   "Ngân", "Nga",  "Nhung", "Oanh",
    "Phương", "Quỳnh", "Thảo", "Trang", "Tuyết", "Vân",  "Yến"};
// Streets of Kiến An, Hải Phòng.
constexpr std::array<const char*, 22> kStreets = {
    "Trần Thành Ngọ", "Trần Nhân Tông",  "Phan Đăng Lưu", "Lê Duẩn",       "Nguyễn Lương Bằng",
    "Trữ Lương",      "Hoàng Quốc Việt", "Cao Toàn",      "Tôn Đức Thắng", "Lê Quốc Uy",
    "Đồng Hòa",       "Bắc Sơn",         "Văn Đẩu",       "Ngọc Sơn",      "Phù Liễn",
    "Quán Trữ",       "Lãm Hà",          "Tràng Minh",    "Nam Sơn",       "Trần Tất Văn",
    "Thống Nhất",     "Cựu Viên"};
constexpr std::array<const char*, 12> kOccupations = {
    "Công nhân",  "Buôn bán", "Giáo viên",           "Lái xe",
    "Thợ may",    "Thợ xây",  "Nhân viên văn phòng", "Kinh doanh tự do",
    "Điều dưỡng", "Thợ điện", "Nông nghiệp",         "Bán hàng online"};

const char* PickWeighted(Rng& rng) {
  int total = 0;
  for (const Weighted& w : kFamilyNames) total += w.weight;
  int r = rng.Int(0, total - 1);
  for (const Weighted& w : kFamilyNames) {
    if ((r -= w.weight) < 0) return w.text;
  }
  return kFamilyNames[0].text;
}

struct Person {
  std::string family;
  bool male = true;
  int age = 30;
  std::string relationship;
};

std::string FullName(Rng& rng, const Person& p) {
  std::string name = p.family + " ";
  name += p.male ? rng.Pick(kMaleMiddle) : rng.Pick(kFemaleMiddle);
  name += " ";
  name += p.male ? rng.Pick(kMaleGiven) : rng.Pick(kFemaleGiven);
  return name;
}

std::string Date(int year, int month, int day) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Household members with consistent ages and relationships.
std::vector<Person> MakeFamily(Rng& rng) {
  static constexpr std::array<int, 7> kSizeWeights = {10, 20, 25, 25, 12, 6, 2};
  int r = rng.Int(0, 99), size = 1;
  for (int w : kSizeWeights) {
    if ((r -= w) < 0) break;
    ++size;
  }
  std::vector<Person> family;
  Person head{PickWeighted(rng), rng.Chance(0.72), rng.Int(24, 86), "head"};
  family.push_back(head);
  auto add = [&](Person p) {
    if (static_cast<int>(family.size()) < size) family.push_back(std::move(p));
  };
  if (size >= 2 && rng.Chance(0.85)) {
    add({PickWeighted(rng), !head.male, std::clamp(head.age + rng.Int(-6, 6), 20, 95), "spouse"});
  }
  const std::string& child_family = head.male ? head.family : PickWeighted(rng);
  if (head.age >= 58 && size - static_cast<int>(family.size()) >= 2) {
    // A married child living with the parents, and grandchildren.
    Person child{child_family, rng.Chance(0.6), std::max(18, head.age - rng.Int(24, 32)), "child"};
    add(child);
    add({PickWeighted(rng), !child.male, std::clamp(child.age + rng.Int(-4, 4), 18, 90),
         "child_in_law"});
    while (static_cast<int>(family.size()) < size) {
      int age = child.age - rng.Int(20, 32);
      if (age < 0) age = rng.Int(0, 5);
      add({child.male ? child.family : PickWeighted(rng), rng.Chance(0.5), age, "grandchild"});
    }
  }
  while (static_cast<int>(family.size()) < size) {
    if (head.age <= 45 && rng.Chance(0.12)) {
      add({PickWeighted(rng), rng.Chance(0.4), std::min(95, head.age + rng.Int(22, 32)), "parent"});
      continue;
    }
    int age = head.age - rng.Int(20, 38);
    if (age < 0) age = rng.Int(0, 4);
    add({child_family, rng.Chance(0.51), age, "child"});
  }
  return family;
}

// ---- the field mapping: generator values -> form fields (update with the forms) ------

void FillHousehold(Rng& rng, Record& h) {
  auto set = [&](const char* f, Json v) { h.fields[f].value = std::move(v); };
  set("address_street", rng.Pick(kStreets));
  std::string number = std::to_string(rng.Int(1, 350));
  if (rng.Chance(0.3)) number += "/" + std::to_string(rng.Int(1, 40));
  if (rng.Chance(0.08)) number += "A";
  set("address_number", number);
  set("housing_tenure", rng.Chance(0.86) ? "owned" : rng.Chance(0.9) ? "rented" : "other");
  set("housing_type", rng.Chance(0.8)    ? "permanent"
                      : rng.Chance(0.85) ? "semi_permanent"
                                         : "less_durable");
  set("floor_area_m2", static_cast<double>(rng.Int(250, 1800)) / 10.0);
  set("water_source", rng.Chance(0.96) ? "piped" : rng.Chance(0.5) ? "bottled" : "protected_well");
  set("latrine", rng.Chance(0.9) ? "septic" : rng.Chance(0.7) ? "sewer" : "double_vault");
  Json devices = Json::array({"tv", "smartphone"});
  if (rng.Chance(0.4)) devices.push_back("computer");
  if (rng.Chance(0.15)) devices.push_back("radio");
  set("info_devices", devices);
  Json sorting = Json::array();
  if (rng.Chance(0.55)) sorting.push_back("reusable_recyclable");
  if (rng.Chance(0.45)) sorting.push_back("food");
  set("waste_sorting", sorting);
  bool collected = rng.Chance(0.97);
  set("waste_collected", collected);
  if (!collected) set("waste_self_treatment", rng.Chance(0.7) ? "compost_bury" : "burn");
  bool business = rng.Chance(0.18);
  set("has_business", business);
  if (business) {
    bool converted = rng.Chance(0.04);
    set("business_converted", converted);
    if (converted) set("business_converted_date", Date(2026, rng.Int(1, 9), rng.Int(1, 28)));
  }
}

// A birth date at which the person is exactly `age` on the reference day: the next
// birthday falls 1..60 days after it.
std::string BirthDate(Rng& rng, int age, int64_t ref_days) {
  CivilDate birthday = CivilFromDays(ref_days + rng.Int(1, 60));
  birthday.year -= age + 1;
  if (birthday.month == 2 && birthday.day == 29 && !IsLeapYear(birthday.year)) {
    birthday = {birthday.year, 3, 1};
  }
  return FormatDate(DaysFromCivil(birthday));
}

void FillPerson(Rng& rng, const Person& p, int ref_year, int64_t ref_days, double bhyt_rate,
                Record& r) {
  auto set = [&](const char* f, Json v) { r.fields[f].value = std::move(v); };
  set("full_name", FullName(rng, p));
  set("sex", p.male ? "male" : "female");
  set("date_of_birth", BirthDate(rng, p.age, ref_days));
  set("relationship", p.relationship);
  set("ethnicity", rng.Chance(0.985) ? "01" : rng.Chance(0.5) ? "04" : "05");
  set("residence_status", rng.Chance(0.9) ? "permanent" : rng.Chance(0.7) ? "temporary" : "absent");
  int age = p.age;
  std::string labour;
  if (age >= 15) {
    if (age <= 22 && rng.Chance(0.7)) {
      labour = "student";
    } else if (age >= 60) {
      labour = rng.Chance(0.7) ? "retired" : rng.Chance(0.6) ? "self_employed" : "unable";
    } else {
      static constexpr std::array<const char*, 7> kWorking = {
          "wage_contract", "wage_contract", "wage_no_contract", "self_employed",
          "unpaid_family", "unemployed",    "homemaker"};
      labour = rng.Pick(kWorking);
    }
    set("labour_status", labour);
    if (labour == "wage_contract" || labour == "wage_no_contract" || labour == "self_employed" ||
        labour == "unpaid_family") {
      set("occupation", rng.Pick(kOccupations));
    }
    set("bhxh", labour == "wage_contract" ? "compulsory" : rng.Chance(0.12) ? "voluntary" : "none");
  }
  if (age >= 6) {
    static constexpr std::array<const char*, 6> kEducation = {"primary",         "lower_secondary",
                                                              "upper_secondary", "upper_secondary",
                                                              "college",         "university"};
    set("education_level", age < 11 ? "none" : age < 15 ? "primary" : rng.Pick(kEducation));
  }
  bool studying = age >= 3 && (age < 18 || labour == "student");
  if (age >= 3) set("in_education", studying);
  if (age >= 3 && age < 16) set("school_attendance", rng.Chance(0.97) ? "right_level" : "behind");
  set("disability", rng.Chance(0.96) ? "none" : rng.Chance(0.7) ? "mild" : "severe");
  if (age < 16) set("malnourished", rng.Chance(0.03));
  bool card = rng.Chance(bhyt_rate);
  set("bhyt_has_card", card);
  if (card) {
    set("bhyt_expiry", Date(ref_year + rng.Int(0, 1), 12, 31));
    set("bhyt_group", age < 6 || age >= 80        ? "state_budget"
                      : labour == "wage_contract" ? "worker_employer"
                      : labour == "retired"       ? "social_insurance"
                      : labour == "student"       ? "budget_subsidised"
                                                  : "household");
  }
  if (age >= 6) set("has_smartphone_internet", age >= 14 ? rng.Chance(0.88) : rng.Chance(0.5));
  if (age >= 14) {
    set("vneid_level2", rng.Chance(age < 70 ? 0.85 : 0.5));
    set("bdhvs_course_done", rng.Chance(0.35));
    set("online_service_12m", rng.Chance(age < 65 ? 0.6 : 0.2));
  }
}

void FillPoverty(Rng& rng, int year, int members, Record& r) {
  auto set = [&](const char* f, Json v) { r.fields[f].value = std::move(v); };
  set("period", year);
  set("review_date", Date(year, 10, rng.Int(1, 28)));
  set("area", "urban");
  double u = rng.Real();
  std::string cls = u < 0.012 ? "poor" : u < 0.04 ? "near_poor" : u < 0.8 ? "average" : "above";
  int64_t per_capita = cls == "poor"        ? rng.Int(800, 1900) * 1000
                       : cls == "near_poor" ? rng.Int(1900, 2900) * 1000
                       : cls == "average"   ? rng.Int(3000, 9000) * 1000
                                            : rng.Int(9000, 30000) * 1000;
  set("income_total_month", per_capita * std::max(1, members));
  set("income_per_capita_month", per_capita);
  int deprived = cls == "poor" || cls == "near_poor" ? rng.Int(1, 4) : 0;
  static constexpr std::array<const char*, 6> kIndicators = {
      "employment", "health_insurance", "housing_quality", "floor_area", "info_devices", "waste"};
  Json list = Json::array();
  for (int i = 0; i < deprived; ++i) list.push_back(kIndicators[static_cast<size_t>(i)]);
  set("deprivation_count", deprived);
  set("deprived_indicators", list);
  set("classification", cls);
}

void FillCulturalFamily(Rng& rng, int year, Record& r) {
  auto set = [&](const char* f, Json v) { r.fields[f].value = std::move(v); };
  set("period", year);
  bool good = rng.Chance(0.9);
  for (const char* c : {"c1_law", "c1_civilised_lifestyle", "c1_environment", "c2_movements",
                        "c2_community", "c3_economy", "c3_education_health", "c3_harmony"}) {
    set(c, good || rng.Chance(0.6));
  }
  for (const char* d :
       {"dq_criminal_prosecution", "dq_military_service", "dq_tax", "dq_fine_child_marriage",
        "dq_fine_marriage", "dq_fine_public_order", "dq_fine_gambling", "dq_fine_social_evils",
        "dq_fine_fire_safety", "dq_fine_domestic_violence"}) {
    set(d, false);
  }
  int meeting_day = rng.Int(1, 20);
  set("meeting_date", Date(year, 10, meeting_day));
  set("meeting_agreed", good);
  if (good) {
    set("decision_number", std::to_string(rng.Int(10, 400)) + "/QĐ-UBND");
    set("decision_date", Date(year, 10, meeting_day + 5));
  }
  set("status", good ? "recognised" : "not_recognised");
}

// Fills the calculated fields the form defines (member counts, ages, ...).
class Writer {
 public:
  Writer(Store& store, const DemoOptions& options, DemoStats& stats)
      : store_(store), wall_(options.hlc_wall_ms), stats_(stats) {}

  // Stamps every field of the record with the next server HLC, logs each field as a
  // change (its seq kept on the field), stores the record and its history entry.
  Status Write(Record& r) {
    std::string hlc = Hlc{wall_, counter_, std::string(kServerNode)}.ToString();
    if (++counter_ > kHlcMaxCounter) {
      counter_ = 0;
      ++wall_;
    }
    HistoryEntry history;
    history.record_id = r.id;
    history.at_ms = wall_;
    history.device_id = std::string(kServerNode);
    Result<int64_t> seq =
        store_.ReserveServerSeqs(std::max<int64_t>(1, static_cast<int64_t>(r.fields.size())));
    if (!seq.ok()) return seq.status();
    for (auto& [name, fv] : r.fields) {
      fv.hlc = hlc;
      fv.seq = (*seq)++;
      history.fields[name] = Json{{"v", fv.value}, {"h", hlc}};
      ++stats_.changes;
    }
    history.seq = *seq - 1;
    SOTAY_RETURN_IF_ERROR(store_.PutRecord(r));
    return store_.AppendHistory(history);
  }

 private:
  Store& store_;
  int64_t wall_;
  uint32_t counter_ = 0;
  DemoStats& stats_;
};

}  // namespace

std::string DemoGroupId(int n, int groups) {
  std::string digits = std::to_string(n);
  size_t width = std::max<size_t>(2, std::to_string(groups).size());
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return "tdp-" + digits;
}

Result<DemoStats> GenerateDemoWard(Store& store, const SchemaSet& schemas,
                                   const DemoOptions& options, AccountStore* accounts) {
  if (options.groups < 1 || options.groups > kDemoMaxGroups || options.households < 0 ||
      options.households > kDemoMaxHouseholds) {
    return Status::Error("invalid_argument", "Số tổ hoặc số hộ không hợp lệ",
                         "Invalid number of groups or households");
  }
  DemoStats stats;
  stats.groups = options.groups;
  if (accounts != nullptr) {
    for (int g = 1; g <= options.groups; ++g) {
      const std::string id = DemoGroupId(g, options.groups);
      Result<std::optional<GroupInfo>> found = accounts->GetGroup(id);
      if (!found.ok()) return found.status();
      if (found->has_value()) continue;
      SOTAY_RETURN_IF_ERROR(
          accounts->AddGroup({id, "Tổ dân phố số " + std::to_string(g), options.hlc_wall_ms}));
    }
  }
  Rng rng(options.seed);
  // Each group's BHYT coverage: around the 96 % target, some groups below it.
  std::vector<double> coverage;
  for (int g = 0; g < options.groups; ++g) coverage.push_back(0.935 + rng.Real() * 0.05);

  int ref_year = std::stoi(options.reference_date.substr(0, 4));
  Result<int64_t> ref_days = ParseDate(options.reference_date);
  if (!ref_days.ok()) return ref_days.status();
  const std::string& today = options.reference_date;
  Writer writer(store, options, stats);
  IdMaker ids(rng, options.hlc_wall_ms);
  int per_txn = std::max(1, options.households_per_transaction);
  for (int start = 0; start < options.households; start += per_txn) {
    Transaction txn(store);
    SOTAY_RETURN_IF_ERROR(txn.status());
    int end = std::min(options.households, start + per_txn);
    for (int i = start; i < end; ++i) {
      int g = static_cast<int>(static_cast<int64_t>(i) * options.groups / options.households);
      HouseholdBundle bundle;
      Record& h = bundle.household;
      h.id = ids.Next();
      h.type = std::string(kHouseholdType);
      h.group_id = DemoGroupId(g + 1, options.groups);
      FillHousehold(rng, h);
      std::vector<Person> family = MakeFamily(rng);
      for (const Person& p : family) {
        Record r{ids.Next(), std::string(kPersonType), h.group_id, h.id, {}, false};
        FillPerson(rng, p, ref_year, *ref_days, coverage[static_cast<size_t>(g)], r);
        bundle.children.push_back(std::move(r));
      }
      for (int year : {ref_year - 1, ref_year}) {
        Record pov{ids.Next(), std::string(kPovertyType), h.group_id, h.id, {}, false};
        FillPoverty(rng, year, static_cast<int>(family.size()), pov);
        bundle.children.push_back(std::move(pov));
        Record cf{ids.Next(), std::string(kCulturalFamilyType), h.group_id, h.id, {}, false};
        FillCulturalFamily(rng, year, cf);
        bundle.children.push_back(std::move(cf));
      }
      // Every derived value (counts, ages, classifications, statuses) is the core's,
      // as the server would store it.
      SOTAY_RETURN_IF_ERROR(ApplyDerived(schemas, &bundle, today));

      SOTAY_RETURN_IF_ERROR(writer.Write(h));
      for (Record& c : bundle.children) {
        SOTAY_RETURN_IF_ERROR(writer.Write(c));
        if (c.type == kPersonType) {
          ++stats.persons;
        } else {
          ++stats.assessments;
        }
      }
      SOTAY_RETURN_IF_ERROR(StoreHouseholdFacts(store, schemas, bundle, today));
      ++stats.households;
    }
    SOTAY_RETURN_IF_ERROR(txn.Commit());
    if (options.on_progress) options.on_progress(stats);
  }
  return stats;
}

}  // namespace sotay

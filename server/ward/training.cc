#include "server/ward/training.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "core/ids.h"
#include "server/ward/demo_ward.h"
#include "server/ward/server_write.h"
#include "server/ward/services.h"

namespace sotay {

const std::vector<std::string> kTrainingSteps = {"enrolled",      "find_household",   "add_member",
                                                 "assessment",    "offline_save",     "sync",
                                                 "conflict_seen", "conflict_resolved"};

bool IsClientTrainingStep(const std::string& step) {
  return step == "find_household" || step == "offline_save" || step == "conflict_resolved";
}

namespace {

namespace fs = std::filesystem;

constexpr int kSandboxGroups = 3;
constexpr int kSandboxHouseholds = 45;
constexpr int64_t kCodeTtlMs = 24LL * 3600 * 1000;

Status NotFound() {
  return Status::Error("not_found", "Không có buổi tập huấn này", "No such training session");
}

Status TraineeNotAllowed() {
  return AuthError("trainee_not_allowed", "Thiết bị tập huấn chỉ dùng được dữ liệu tập huấn",
                   "Training devices may only use the training sandbox");
}

Json SeatJson(const TrainingSeat& s) {
  Json steps = Json::object();
  for (const auto& [k, v] : s.steps) steps[k] = v;
  return {{"seat", s.seat},
          {"code_digest", s.code_digest},
          {"group", s.group},
          {"device_id", s.device_id},
          {"device_name", s.device_name},
          {"steps", steps},
          {"last_edit", s.last_edit},
          {"conflict_injected_ms", s.conflict_injected_ms},
          {"attended", s.attended},
          {"person_id", s.person_id}};
}

TrainingSeat SeatFromJson(const Json& j) {
  TrainingSeat s;
  s.seat = j.value("seat", 0);
  s.code_digest = j.value("code_digest", "");
  s.group = j.value("group", "");
  s.device_id = j.value("device_id", "");
  s.device_name = j.value("device_name", "");
  const Json steps = j.value("steps", Json::object());
  for (auto it = steps.begin(); it != steps.end(); ++it) {
    if (it.value().is_number_integer()) s.steps[it.key()] = it.value().get<int64_t>();
  }
  s.last_edit = j.value("last_edit", Json());
  s.conflict_injected_ms = j.value("conflict_injected_ms", int64_t{0});
  s.attended = j.value("attended", false);
  s.person_id = j.value("person_id", "");
  return s;
}

Json SessionJson(const TrainingSession& s) {
  Json seats = Json::array();
  for (const TrainingSeat& seat : s.seats) seats.push_back(SeatJson(seat));
  return {{"id", s.id},
          {"name", s.name},
          {"date", s.date},
          {"created_by", s.created_by},
          {"created_ms", s.created_ms},
          {"reset_ms", s.reset_ms},
          {"db_file", s.db_file},
          {"applied_ms", s.applied_ms},
          {"seats", seats}};
}

TrainingSession SessionFromJson(const Json& j) {
  TrainingSession s;
  s.id = j.value("id", "");
  s.name = j.value("name", "");
  s.date = j.value("date", "");
  s.created_by = j.value("created_by", "");
  s.created_ms = j.value("created_ms", int64_t{0});
  s.reset_ms = j.value("reset_ms", int64_t{0});
  s.db_file = j.value("db_file", "");
  s.applied_ms = j.value("applied_ms", int64_t{0});
  const Json seats = j.value("seats", Json::array());
  for (const Json& seat : seats) s.seats.push_back(SeatFromJson(seat));
  return s;
}

void MarkStep(TrainingSeat& seat, const std::string& step, int64_t now) {
  seat.steps.emplace(step, now);  // the first time is kept
}

std::string NormalDigest(const std::string& code) {
  Result<std::string> normal = crypto::NormalizeHumanCode(code);
  return crypto::TokenDigest(normal.ok() ? *normal : code);
}

void RemoveDbFiles(const fs::path& file) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::remove(file.string() + suffix, ec);
  }
}

}  // namespace

TrainingRegistry::TrainingRegistry(ServerServices& production, std::string dir,
                                   std::string schemas_dir)
    : production_(production), dir_(std::move(dir)), schemas_dir_(std::move(schemas_dir)) {}

TrainingRegistry::~TrainingRegistry() = default;

Status TrainingRegistry::Load() {
  std::lock_guard<std::mutex> lock(mu_);
  std::ifstream in(fs::path(dir_) / "sessions.json", std::ios::binary);
  if (!in) return Status::Ok();
  std::stringstream text;
  text << in.rdbuf();
  Json j = Json::parse(text.str(), nullptr, false);
  if (!j.is_object() || !j.contains("sessions") || !j["sessions"].is_array()) {
    return Status::Error("training_corrupt", "Tệp danh sách buổi tập huấn bị hỏng",
                         "The training sessions file is damaged");
  }
  sessions_.clear();
  session_of_device_.clear();
  for (const Json& s : j["sessions"]) {
    sessions_.push_back(SessionFromJson(s));
    for (const TrainingSeat& seat : sessions_.back().seats) {
      if (!seat.device_id.empty()) session_of_device_[seat.device_id] = sessions_.back().id;
    }
  }
  return Status::Ok();
}

Status TrainingRegistry::SaveLocked() {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  Json all = Json::array();
  for (const TrainingSession& s : sessions_) all.push_back(SessionJson(s));
  fs::path file = fs::path(dir_) / "sessions.json";
  fs::path tmp = fs::path(dir_) / "sessions.json.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << Json{{"sessions", all}}.dump(1);
    out.flush();
    if (!out) {
      return Status::Error("store_io", "Không ghi được tệp buổi tập huấn",
                           "Could not write the training sessions file");
    }
  }
  fs::rename(tmp, file, ec);
  if (ec) {
    return Status::Error("store_io", "Không ghi được tệp buổi tập huấn",
                         "Could not write the training sessions file: " + ec.message());
  }
  return Status::Ok();
}

TrainingSession* TrainingRegistry::FindLocked(const std::string& id) {
  for (TrainingSession& s : sessions_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

Result<std::shared_ptr<ServerServices>> TrainingRegistry::OpenSandbox(TrainingSession& s,
                                                                      bool regenerate) {
  if (!regenerate) {
    auto it = sandboxes_.find(s.id);
    if (it != sandboxes_.end()) return it->second;
  }
  std::error_code ec;
  fs::create_directories(dir_, ec);
  fs::path old_file = s.db_file.empty() ? fs::path() : fs::path(dir_) / s.db_file;
  if (regenerate || s.db_file.empty()) {
    // A fresh file each time: requests still holding the old sandbox finish on it.
    std::string file = s.id + "-" + std::to_string(production_.clock().NowMs()) + ".db";
    fs::path path = fs::path(dir_) / file;
    RemoveDbFiles(path);
    Result<SchemaSet> schemas = SchemaSet::LoadDirectory(schemas_dir_);
    if (!schemas.ok()) return schemas.status();
    {
      Result<OpenedDatabase> db = OpenDatabase(path.string());
      if (!db.ok()) return db.status();
      DemoOptions options;
      options.groups = kSandboxGroups;
      options.households = kSandboxHouseholds;
      Result<DemoStats> stats = GenerateDemoWard(*db->store, *schemas, options, db->accounts.get());
      if (!stats.ok()) return stats.status();
      SOTAY_RETURN_IF_ERROR(db->accounts->PutWard(
          {"Phường tập huấn — " + s.name, "", "", s.created_ms}));  // same data every reset
    }
    s.db_file = file;
  }
  ServicesOptions options;
  options.db_path = (fs::path(dir_) / s.db_file).string();
  options.schemas_dir = schemas_dir_;
  options.clock = &production_.clock();
  options.readers = 2;
  options.training = false;
  Result<std::unique_ptr<ServerServices>> opened = ServerServices::Open(options);
  if (!opened.ok()) return opened.status();
  std::shared_ptr<ServerServices> sandbox(std::move(opened).value());
  std::string session_id = s.id;
  sandbox->after_push = [this, session_id](const Principal& who, const Json& body,
                                           const PushOutcome& outcome) {
    ObservePush(session_id, who, body, outcome);
  };
  sandboxes_[s.id] = sandbox;
  if (regenerate && !old_file.empty() && old_file != fs::path(options.db_path)) {
    RemoveDbFiles(old_file);  // open handles keep the data until they close
  }
  return sandbox;
}

Result<Json> TrainingRegistry::Create(const std::string& name, const std::string& date, int seats,
                                      const std::string& actor) {
  TrainingSession s;
  s.id = NewUuid();
  s.name = name;
  s.date = date;
  s.created_by = actor;
  s.created_ms = production_.clock().NowMs();
  Json codes = Json::array();
  std::vector<EnrollCode> stored;
  for (int i = 1; i <= seats; ++i) {
    TrainingSeat seat;
    seat.seat = i;
    char group[16];
    std::snprintf(group, sizeof group, "tdp-%02d", (i - 1) % kSandboxGroups + 1);
    seat.group = group;
    std::string code = crypto::RandomHumanCode();
    seat.code_digest = NormalDigest(code);
    stored.push_back({seat.code_digest,
                      "trainee",
                      {seat.group},
                      s.created_ms,
                      s.created_ms + kCodeTtlMs,
                      0,
                      ""});
    codes.push_back({{"seat", i}, {"code", code}, {"group", seat.group}});
    s.seats.push_back(std::move(seat));
  }
  std::lock_guard<std::mutex> lock(mu_);
  Result<std::shared_ptr<ServerServices>> sandbox = OpenSandbox(s, true);
  if (!sandbox.ok()) return sandbox.status();
  {
    std::lock_guard<std::mutex> accounts_lock(production_.accounts_mu);
    AccountStore& a = production_.accounts();
    SOTAY_RETURN_IF_ERROR(a.Begin());
    for (const EnrollCode& c : stored) {
      if (Status st = a.AddEnrollCode(c); !st.ok()) {
        (void)a.Rollback();
        return st;
      }
    }
    SOTAY_RETURN_IF_ERROR(a.Commit());
  }
  sessions_.push_back(std::move(s));
  SOTAY_RETURN_IF_ERROR(SaveLocked());
  Json out = SummaryLocked(sessions_.back(), true);
  out["codes"] = codes;
  out["codes_expire_ms"] = sessions_.back().created_ms + kCodeTtlMs;
  return out;
}

Json TrainingRegistry::SummaryLocked(const TrainingSession& s, bool with_seats) const {
  int enrolled = 0, attended = 0;
  for (const TrainingSeat& seat : s.seats) {
    enrolled += seat.device_id.empty() ? 0 : 1;
    attended += seat.attended ? 1 : 0;
  }
  Json out = {{"id", s.id},
              {"name", s.name},
              {"date", s.date},
              {"created_by", s.created_by},
              {"created_ms", s.created_ms},
              {"reset_ms", s.reset_ms},
              {"applied_ms", s.applied_ms},
              {"seats", static_cast<int64_t>(s.seats.size())},
              {"enrolled", enrolled},
              {"attended", attended}};
  if (with_seats) {
    Json list = Json::array();
    for (const TrainingSeat& seat : s.seats) {
      Json steps = Json::object();
      for (const auto& [k, v] : seat.steps) steps[k] = v;
      list.push_back({{"seat", seat.seat},
                      {"group", seat.group},
                      {"device_id", seat.device_id},
                      {"device_name", seat.device_name},
                      {"steps", steps},
                      {"can_inject", !seat.last_edit.is_null()},
                      {"conflict_pending", seat.conflict_injected_ms != 0},
                      {"attended", seat.attended},
                      {"person_id", seat.person_id}});
    }
    out["trainees"] = list;
    out["steps"] = kTrainingSteps;
  }
  return out;
}

Json TrainingRegistry::List() {
  std::lock_guard<std::mutex> lock(mu_);
  Json out = Json::array();
  for (auto it = sessions_.rbegin(); it != sessions_.rend(); ++it) {
    out.push_back(SummaryLocked(*it, false));
  }
  return out;
}

Result<Json> TrainingRegistry::Get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  TrainingSession* s = FindLocked(id);
  if (s == nullptr) return NotFound();
  return SummaryLocked(*s, true);
}

void TrainingRegistry::OnEnrolled(const std::string& code, const DeviceInfo& device) {
  std::string digest = NormalDigest(code);
  std::lock_guard<std::mutex> lock(mu_);
  for (TrainingSession& s : sessions_) {
    for (TrainingSeat& seat : s.seats) {
      if (seat.code_digest != digest) continue;
      seat.device_id = device.device_id;
      seat.device_name = device.name;
      MarkStep(seat, "enrolled", production_.clock().NowMs());
      session_of_device_[device.device_id] = s.id;
      (void)SaveLocked();
      return;
    }
  }
}

Result<std::shared_ptr<ServerServices>> TrainingRegistry::SandboxFor(const Principal& trainee) {
  if (trainee.role != "trainee" || trainee.kind != "device") return TraineeNotAllowed();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = session_of_device_.find(trainee.id);
  if (it == session_of_device_.end()) return TraineeNotAllowed();
  TrainingSession* s = FindLocked(it->second);
  if (s == nullptr) return TraineeNotAllowed();
  return OpenSandbox(*s, false);
}

Result<std::string> TrainingRegistry::SandboxPath(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  TrainingSession* s = FindLocked(id);
  if (s == nullptr) return NotFound();
  return (fs::path(dir_) / s->db_file).string();
}

Status TrainingRegistry::Reset(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  TrainingSession* s = FindLocked(id);
  if (s == nullptr) return NotFound();
  Result<std::shared_ptr<ServerServices>> sandbox = OpenSandbox(*s, true);
  if (!sandbox.ok()) return sandbox.status();
  s->reset_ms = production_.clock().NowMs();
  for (TrainingSeat& seat : s->seats) {
    seat.last_edit = Json();
    seat.conflict_injected_ms = 0;
  }
  return SaveLocked();
}

void TrainingRegistry::ObservePush(const std::string& session_id, const Principal& who,
                                   const Json& body, const PushOutcome& outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  TrainingSession* s = FindLocked(session_id);
  if (s == nullptr) return;
  auto seat_it = std::find_if(s->seats.begin(), s->seats.end(),
                              [&](const TrainingSeat& t) { return t.device_id == who.id; });
  if (seat_it == s->seats.end()) return;
  TrainingSeat& seat = *seat_it;
  int64_t now = production_.clock().NowMs();
  std::map<int64_t, std::string> status_of;
  for (const PushResult& r : outcome.response.results) status_of[r.device_seq] = r.status;
  const SchemaSet& schemas = production_.schemas();
  bool accepted = false;
  const Json changes = body.value("changes", Json::array());
  for (const Json& c : changes) {
    if (!c.is_object()) continue;
    std::string status = status_of[c.value("device_seq", int64_t{0})];
    std::string type = c.value("record_type", ""), field = c.value("field", "");
    if (status == kStatusConflict && seat.conflict_injected_ms != 0) {
      MarkStep(seat, "conflict_seen", now);
      seat.conflict_injected_ms = 0;
    }
    if (status != kStatusApplied && status != kStatusConflict) continue;
    accepted = true;
    bool fresh = !c.contains("base_hlc") || c["base_hlc"].is_null();
    if (type == "person" && field == "full_name" && fresh) MarkStep(seat, "add_member", now);
    if (type == "assessment.poverty") MarkStep(seat, "assessment", now);
    const FormDef* form = schemas.FindForm(type);
    const FieldDef* def = form != nullptr ? form->FindField(field) : nullptr;
    const Json& value = c.contains("value") ? c["value"] : Json();
    if (def != nullptr && def->type == FieldType::kText && !def->sealed && value.is_string() &&
        !value.get<std::string>().empty() && status == kStatusApplied) {
      seat.last_edit = {{"record_id", c.value("record_id", "")},
                        {"record_type", type},
                        {"field", field},
                        {"value", value}};
    }
  }
  if (accepted) MarkStep(seat, "sync", now);
  (void)SaveLocked();
}

Result<Json> TrainingRegistry::InjectConflict(const std::string& id, int seat_no) {
  std::shared_ptr<ServerServices> sandbox;
  Json edit;
  {
    std::lock_guard<std::mutex> lock(mu_);
    TrainingSession* s = FindLocked(id);
    if (s == nullptr) return NotFound();
    auto it = std::find_if(s->seats.begin(), s->seats.end(),
                           [&](const TrainingSeat& t) { return t.seat == seat_no; });
    if (it == s->seats.end()) {
      return Status::Error("not_found", "Không có chỗ học viên này", "No such seat");
    }
    if (it->last_edit.is_null()) {
      return Status::Error("no_edit_yet",
                           "Học viên chưa gửi lên một trường chữ nào để tạo xung đột",
                           "The trainee has not pushed a text field to conflict with yet");
    }
    edit = it->last_edit;
    Result<std::shared_ptr<ServerServices>> opened = OpenSandbox(*s, false);
    if (!opened.ok()) return opened.status();
    sandbox = *opened;
  }
  std::string record_id = edit.value("record_id", ""), field = edit.value("field", "");
  Json value;
  {
    ServerServices::WriterLease writer = sandbox->Writer();
    Result<std::optional<Record>> record = writer.store().GetRecord(record_id);
    if (!record.ok()) return record.status();
    if (!record->has_value()) {
      return Status::Error("not_found", "Bản ghi không còn trong dữ liệu tập huấn",
                           "The record is no longer in the sandbox");
    }
    auto current = (*record)->fields.find(field);
    std::string text = current != (*record)->fields.end() && current->second.value.is_string()
                           ? current->second.value.get<std::string>()
                           : std::string();
    value = text.size() < 60 ? text + " (người hướng dẫn sửa)" : "Người hướng dẫn sửa";
    Result<ServerWriteOutcome> out =
        WriteFieldsAsServer(*sandbox, writer, {ServerWriteOf(**record, field, value)}, "trainer");
    if (!out.ok()) return out.status();
    const PushResult& r = out->push.response.results.at(0);
    if (r.status == kStatusRejected) {
      return Status::Error("invalid_value", "Không tạo được xung đột (" + r.code + ")",
                           "Could not inject the conflict (" + r.code + ")");
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  TrainingSession* s = FindLocked(id);
  if (s == nullptr) return NotFound();
  for (TrainingSeat& seat : s->seats) {
    if (seat.seat == seat_no) seat.conflict_injected_ms = production_.clock().NowMs();
  }
  SOTAY_RETURN_IF_ERROR(SaveLocked());
  return Json{{"seat", seat_no}, {"record_id", record_id}, {"field", field}, {"value", value}};
}

Status TrainingRegistry::ReportStep(const Principal& trainee, const std::string& step) {
  if (!IsClientTrainingStep(step)) {
    return Status::Error("invalid_value", "Bước này do máy chủ tự ghi nhận",
                         "This step is detected by the server", "step");
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = session_of_device_.find(trainee.id);
  TrainingSession* s = it == session_of_device_.end() ? nullptr : FindLocked(it->second);
  if (s == nullptr) return TraineeNotAllowed();
  for (TrainingSeat& seat : s->seats) {
    if (seat.device_id == trainee.id) MarkStep(seat, step, production_.clock().NowMs());
  }
  return SaveLocked();
}

Result<Json> TrainingRegistry::Me(const Principal& trainee) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = session_of_device_.find(trainee.id);
  TrainingSession* s = it == session_of_device_.end() ? nullptr : FindLocked(it->second);
  if (s == nullptr) return TraineeNotAllowed();
  for (const TrainingSeat& seat : s->seats) {
    if (seat.device_id != trainee.id) continue;
    Json steps = Json::object();
    for (const auto& [k, v] : seat.steps) steps[k] = v;
    return Json{{"session", {{"id", s->id}, {"name", s->name}, {"date", s->date}}},
                {"seat", seat.seat},
                {"group", seat.group},
                {"steps", steps},
                {"order", kTrainingSteps},
                {"conflict_pending", seat.conflict_injected_ms != 0},
                {"last_edit", seat.last_edit.is_null() ? Json() : Json(seat.last_edit["field"])}};
  }
  return TraineeNotAllowed();
}

Status TrainingRegistry::RecordAttendance(const std::string& id, const Json& seats) {
  std::lock_guard<std::mutex> lock(mu_);
  TrainingSession* s = FindLocked(id);
  if (s == nullptr) return NotFound();
  for (const Json& entry : seats) {
    int no = entry.value("seat", 0);
    auto it = std::find_if(s->seats.begin(), s->seats.end(),
                           [&](const TrainingSeat& t) { return t.seat == no; });
    if (it == s->seats.end()) {
      return Status::Error("invalid_value", "Không có chỗ học viên số " + std::to_string(no),
                           "No seat " + std::to_string(no), "seats");
    }
    it->attended = entry.value("attended", false);
    const Json& person = entry.contains("person_id") ? entry["person_id"] : Json();
    it->person_id = person.is_string() ? person.get<std::string>() : std::string();
  }
  return SaveLocked();
}

Status TrainingRegistry::MarkApplied(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  TrainingSession* s = FindLocked(id);
  if (s == nullptr) return NotFound();
  s->applied_ms = production_.clock().NowMs();
  return SaveLocked();
}

}  // namespace sotay

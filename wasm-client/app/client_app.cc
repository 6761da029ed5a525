#include "wasm-client/app/client_app.h"

#include <algorithm>
#include <map>
#include <optional>

#include "core/crypto.h"
#include "core/date.h"
#include "wasm-client/app/household_index.h"

namespace sotay {
namespace {

constexpr const char* kDeviceKeyKey = "app/device_key";
constexpr const char* kEnrollmentKey = "app/enrollment";
constexpr const char* kPendingEnrollKey = "app/pending_enroll";
constexpr const char* kSchemasKey = "app/schemas";
constexpr const char* kDraftsKey = "app/drafts";

Status BadResponse(const std::string& what) {
  return Status::Error("bad_response", "Máy chủ trả lời không đúng định dạng (" + what + ")",
                       "The server's answer does not have the expected shape (" + what + ")", what);
}

Status InvalidArgument(const std::string& path, const std::string& vi, const std::string& en) {
  return Status::Error("invalid_argument", vi, en, path);
}

bool IsStringArray(const Json& j) {
  return j.is_array() &&
         std::all_of(j.begin(), j.end(), [](const Json& e) { return e.is_string(); });
}

std::string DraftKey(const std::string& key) { return "draft/" + key; }

}  // namespace

ClientApp::ClientApp(std::unique_ptr<SqliteStore> store, const Clock& clock)
    : store_(std::move(store)), clock_(clock), households_(std::make_unique<HouseholdIndex>()) {}

ClientApp::~ClientApp() {
  // The SyncClient holds references to the schemas and the clock: it goes first.
  sync_.reset();
}

Result<std::unique_ptr<ClientApp>> ClientApp::Open(const ClientAppOptions& options) {
  SOTAY_RETURN_IF_ERROR(crypto::InitCrypto());
  SqliteOptions so;
  so.path = options.db_path;
  so.browser_mode = options.browser_mode;
  // IndexedDB is the durable copy in the browser: fsync of the in-memory file system
  // adds nothing there.
  so.durability = options.browser_mode ? Durability::kNormal : Durability::kFull;
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(so);
  if (!store.ok()) return store.status();
  const Clock& clock = options.clock != nullptr ? *options.clock : SystemClock::Default();
  std::unique_ptr<ClientApp> app(new ClientApp(std::move(store).value(), clock));
  SOTAY_RETURN_IF_ERROR(app->LoadState());
  return app;
}

Result<Json> ClientApp::MetaJson(const std::string& key) {
  Result<std::optional<std::string>> text = store_->GetMeta(key);
  if (!text.ok()) return text.status();
  if (!text->has_value() || (*text)->empty()) return Json(nullptr);
  Json j = Json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Status::Error("store_corrupt", "Dữ liệu trên máy bị hỏng", "Local data is corrupt", key);
  }
  return j;
}

Status ClientApp::SetMetaJson(const std::string& key, const Json& value) {
  return store_->SetMeta(key, value.is_null() ? std::string() : value.dump());
}

Status ClientApp::LoadState() {
  Result<Json> enrollment = MetaJson(kEnrollmentKey);
  if (!enrollment.ok()) return enrollment.status();
  enrollment_ = *enrollment;
  Result<Json> schemas = MetaJson(kSchemasKey);
  if (!schemas.ok()) return schemas.status();
  if (!schemas->is_null()) {
    Result<SchemaSet> set = SchemaSet::LoadFromJson(*schemas);
    // A cached set this build cannot load is dropped; the next sync fetches it again.
    if (set.ok()) {
      schemas_body_ = *schemas;
      schemas_ = std::make_unique<SchemaSet>(std::move(set).value());
    }
  }
  RebuildSync();
  return Status::Ok();
}

void ClientApp::RebuildSync() {
  sync_.reset();
  if (enrollment_.is_null() || schemas_ == nullptr) return;
  const std::string device_id = enrollment_["device_id"].get<std::string>();
  if (hlc_ == nullptr) hlc_ = std::make_unique<HlcClock>(clock_, device_id);
  SyncClientOptions options;
  options.seal = [this](const FieldDef& field, const Json& plaintext) {
    return SealValue(field, plaintext);
  };
  sync_ = std::make_unique<SyncClient>(*store_, *hlc_, *schemas_, device_id, std::move(options));
}

Status ClientApp::RequireSync() const {
  if (enrollment_.is_null()) {
    return Status::Error("not_enrolled", "Máy chưa được đăng ký với phường",
                         "This phone is not enrolled yet");
  }
  if (schemas_ == nullptr) {
    return Status::Error("no_schemas", "Chưa tải biểu mẫu; hãy đồng bộ khi có mạng",
                         "The forms are not loaded yet; sync when online");
  }
  return Status::Ok();
}

Result<Json> ClientApp::SealValue(const FieldDef& field, const Json& plaintext) const {
  Result<std::string> key =
      crypto::Base64Decode(enrollment_.value("office_public_key", std::string()));
  if (!key.ok()) return key.status().WithPathPrefix(field.name);
  Result<std::string> sealed = crypto::Seal(*key, plaintext.dump());
  if (!sealed.ok()) return sealed.status().WithPathPrefix(field.name);
  return Json{{"sealed", crypto::Base64Encode(*sealed)}};
}

std::string ClientApp::Today() const { return VietnamToday(clock_); }

// ---- enrollment ----------------------------------------------------------------------

Json ClientApp::Enrollment() const {
  if (enrollment_.is_null()) return nullptr;
  return Json{{"server", enrollment_["server"]},
              {"device_id", enrollment_["device_id"]},
              {"device_name", enrollment_["device_name"]},
              {"role", enrollment_["role"]},
              {"groups", enrollment_["groups"]}};
}

Result<Json> ClientApp::EnrollRequest(const std::string& server, const std::string& code,
                                      const std::string& device_name, bool replace) {
  const bool again = !enrollment_.is_null();
  if (again && !replace) {
    return Status::Error("already_enrolled", "Máy đã được đăng ký",
                         "This phone is already enrolled");
  }
  if (code.empty()) {
    return InvalidArgument("code", "Hãy nhập mã đăng ký", "Enter the enrollment code");
  }
  if (device_name.empty()) {
    return InvalidArgument("device_name", "Hãy đặt tên cho máy", "Enter a name for this phone");
  }
  crypto::SigningKeyPair keys = crypto::GenerateSigningKeyPair();
  Json key = {{"public", crypto::Base64Encode(keys.public_key)},
              {"secret", crypto::Base64Encode(keys.secret_key)}};
  crypto::SecureZero(keys.secret_key);
  Json pending = {{"server", server}, {"device_name", device_name}};
  Transaction txn(*store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  // Enrolling again, the current key signs sessions until the server has accepted the
  // new one: a refused code leaves the phone as it was.
  if (again) {
    pending["key"] = key;
  } else {
    SOTAY_RETURN_IF_ERROR(SetMetaJson(kDeviceKeyKey, key));
  }
  SOTAY_RETURN_IF_ERROR(SetMetaJson(kPendingEnrollKey, pending));
  SOTAY_RETURN_IF_ERROR(txn.Commit());
  return Json{{"code", code}, {"device_name", device_name}, {"public_key", key["public"]}};
}

Result<Json> ClientApp::CompleteEnrollment(const Json& response) {
  Result<Json> pending = MetaJson(kPendingEnrollKey);
  if (!pending.ok()) return pending.status();
  const bool again = pending->is_object() && pending->contains("key");
  if (!enrollment_.is_null() && !again) {
    return Status::Error("already_enrolled", "Máy đã được đăng ký",
                         "This phone is already enrolled");
  }
  if (!pending->is_object()) {
    return Status::Error("not_enrolled", "Chưa bắt đầu đăng ký", "No enrollment was started");
  }
  if (!response.is_object()) return BadResponse("enroll");
  for (const char* key : {"device_id", "role", "office_public_key"}) {
    if (!response.contains(key) || !response[key].is_string()) return BadResponse(key);
  }
  if (!IsValidHlcNode(response["device_id"].get<std::string>())) return BadResponse("device_id");
  if (!response.contains("groups") || !IsStringArray(response["groups"])) {
    return BadResponse("groups");
  }
  Result<std::string> office =
      crypto::Base64Decode(response["office_public_key"].get<std::string>());
  if (!office.ok() || office->size() != crypto::kBoxPublicKeySize) {
    return BadResponse("office_public_key");
  }
  Json enrollment = {{"server", (*pending)["server"]},
                     {"device_id", response["device_id"]},
                     {"device_name", (*pending)["device_name"]},
                     {"role", response["role"]},
                     {"groups", response["groups"]},
                     {"office_public_key", response["office_public_key"]}};
  // Enrolled again for other groups: the records pulled so far do not tell what the new
  // groups hold, so the next pull starts from the beginning. Local records and unsent
  // changes stay either way; the outbox goes out under the new device.
  const bool groups_changed = !enrollment_.is_null() && enrollment_["groups"] != response["groups"];
  Transaction txn(*store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  if (again) SOTAY_RETURN_IF_ERROR(SetMetaJson(kDeviceKeyKey, (*pending)["key"]));
  if (groups_changed && sync_ != nullptr) SOTAY_RETURN_IF_ERROR(sync_->ResetCursor());
  // A new phone, or new groups: the list fills from the coming first download.
  if (!again || groups_changed) SOTAY_RETURN_IF_ERROR(SetMetaJson(kListIncompleteKey, true));
  SOTAY_RETURN_IF_ERROR(SetMetaJson(kEnrollmentKey, enrollment));
  SOTAY_RETURN_IF_ERROR(SetMetaJson(kPendingEnrollKey, nullptr));
  if (again) SOTAY_RETURN_IF_ERROR(ReissueOutbox(enrollment["device_id"].get<std::string>()));
  SOTAY_RETURN_IF_ERROR(txn.Commit());
  enrollment_ = std::move(enrollment);
  households_->InvalidateAll();
  pending_ids_.reset();
  if (again) hlc_.reset();  // stamps with the new device id from now on
  RebuildSync();
  return Enrollment();
}

// The server accepts a change only with an HLC of the sending device, and counts a
// device's changes from device_seq 1: the unsent changes of the previous device id are
// stamped again by the new one (same values, same order, later HLCs; the records'
// fields follow) and the outbox numbered from 1. Runs inside CompleteEnrollment's
// transaction.
Status ClientApp::ReissueOutbox(const std::string& device_id) {
  Result<std::vector<Change>> outbox = store_->ReadOutbox(1'000'000);
  if (!outbox.ok()) return outbox.status();
  if (!outbox->empty())
    SOTAY_RETURN_IF_ERROR(store_->RemoveOutboxThrough(outbox->back().device_seq));
  SOTAY_RETURN_IF_ERROR(store_->RestartOutboxNumbering());
  if (outbox->empty()) return Status::Ok();
  HlcClock clock(clock_, device_id);
  Result<std::optional<std::string>> last = store_->GetMeta("sync/last_hlc");  // sync/client.h
  if (!last.ok()) return last.status();
  if (last->has_value()) {
    Result<Hlc> parsed = Hlc::Parse(**last);
    if (parsed.ok()) SOTAY_RETURN_IF_ERROR(clock.Restore(*parsed));
  }
  std::map<std::string, Record> touched;
  for (Change& c : *outbox) {
    const std::string previous = c.hlc;
    c.hlc = clock.Now().ToString();
    c.device_id = device_id;
    SOTAY_RETURN_IF_ERROR(store_->AppendOutbox(c));
    auto it = touched.find(c.record_id);
    if (it == touched.end()) {
      Result<std::optional<Record>> r = store_->GetRecord(c.record_id);
      if (!r.ok()) return r.status();
      if (!r->has_value()) continue;
      it = touched.emplace(c.record_id, std::move(**r)).first;
    }
    auto f = it->second.fields.find(c.field);
    if (f != it->second.fields.end() && f->second.hlc == previous) f->second.hlc = c.hlc;
  }
  for (const auto& [id, record] : touched) SOTAY_RETURN_IF_ERROR(store_->PutRecord(record));
  return store_->SetMeta("sync/last_hlc", clock.last().ToString());
}

Result<Json> ClientApp::SessionRequest(int64_t now_s) {
  if (enrollment_.is_null()) {
    return Status::Error("not_enrolled", "Máy chưa được đăng ký với phường",
                         "This phone is not enrolled yet");
  }
  Result<Json> key = MetaJson(kDeviceKeyKey);
  if (!key.ok()) return key.status();
  if (!key->is_object() || !(*key)["secret"].is_string()) {
    return Status::Error("store_corrupt", "Mất khóa của máy", "The device key is missing",
                         kDeviceKeyKey);
  }
  Result<std::string> secret = crypto::Base64Decode((*key)["secret"].get<std::string>());
  if (!secret.ok()) return secret.status();
  const std::string device_id = enrollment_["device_id"].get<std::string>();
  Result<std::string> signature =
      crypto::Sign(*secret, "sotay-session|" + device_id + "|" + std::to_string(now_s));
  crypto::SecureZero(*secret);
  if (!signature.ok()) return signature.status();
  return Json{{"device_id", device_id},
              {"timestamp_s", now_s},
              {"signature", crypto::Base64Encode(*signature)}};
}

// ---- schemas -------------------------------------------------------------------------

Json ClientApp::Schemas() const { return schemas_body_; }

Status ClientApp::SetSchemas(const Json& answer) {
  // The forms as cached; the office key goes to the enrollment.
  Json body = answer;
  if (body.is_object()) body.erase("office_public_key");
  // The same forms (every sync asks): nothing to reload, only the key to look at.
  const bool same_forms = schemas_ != nullptr && body == schemas_body_;
  std::optional<SchemaSet> set;
  if (!same_forms) {
    Result<SchemaSet> loaded = SchemaSet::LoadFromJson(body);
    if (!loaded.ok()) return loaded.status();
    set = std::move(loaded).value();
  }
  // The office key the server names now (a rotated one): sealed from here on to it.
  Json enrollment = enrollment_;
  auto office = answer.find("office_public_key");
  if (office != answer.end() && enrollment.is_object() &&
      *office != enrollment["office_public_key"]) {
    Result<std::string> key = office->is_string()
                                  ? crypto::Base64Decode(office->get<std::string>())
                                  : Result<std::string>(BadResponse("office_public_key"));
    if (!key.ok() || key->size() != crypto::kBoxPublicKeySize) {
      return BadResponse("office_public_key");
    }
    enrollment["office_public_key"] = *office;
  }
  if (same_forms && enrollment == enrollment_) return Status::Ok();
  Transaction txn(*store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  if (enrollment != enrollment_) SOTAY_RETURN_IF_ERROR(SetMetaJson(kEnrollmentKey, enrollment));
  if (!same_forms) SOTAY_RETURN_IF_ERROR(SetMetaJson(kSchemasKey, body));
  SOTAY_RETURN_IF_ERROR(txn.Commit());
  enrollment_ = std::move(enrollment);
  if (same_forms) return Status::Ok();
  sync_.reset();
  schemas_ = std::make_unique<SchemaSet>(std::move(*set));
  schemas_body_ = body;
  RebuildSync();
  return Status::Ok();
}

// ---- drafts --------------------------------------------------------------------------

Status ClientApp::SaveDraft(const std::string& key, const Json& draft) {
  if (key.empty()) return InvalidArgument("key", "Thiếu khóa bản nháp", "Missing draft key");
  Result<Json> keys = ListDrafts();
  if (!keys.ok()) return keys.status();
  Transaction txn(*store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  if (std::find(keys->begin(), keys->end(), Json(key)) == keys->end()) {
    keys->push_back(key);
    SOTAY_RETURN_IF_ERROR(SetMetaJson(kDraftsKey, *keys));
  }
  // A null draft is stored as JSON null text so that it still counts as saved.
  SOTAY_RETURN_IF_ERROR(store_->SetMeta(DraftKey(key), draft.dump()));
  return txn.Commit();
}

Result<Json> ClientApp::LoadDraft(const std::string& key) { return MetaJson(DraftKey(key)); }

Status ClientApp::ClearDraft(const std::string& key) {
  Result<Json> keys = ListDrafts();
  if (!keys.ok()) return keys.status();
  Transaction txn(*store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  auto it = std::find(keys->begin(), keys->end(), Json(key));
  if (it != keys->end()) {
    keys->erase(it);
    SOTAY_RETURN_IF_ERROR(SetMetaJson(kDraftsKey, *keys));
  }
  SOTAY_RETURN_IF_ERROR(store_->SetMeta(DraftKey(key), ""));
  return txn.Commit();
}

Result<Json> ClientApp::ListDrafts() {
  Result<Json> keys = MetaJson(kDraftsKey);
  if (!keys.ok()) return keys.status();
  if (keys->is_null()) return Json::array();
  if (!IsStringArray(*keys)) {
    return Status::Error("store_corrupt", "Danh sách bản nháp bị hỏng", "The draft list is corrupt",
                         kDraftsKey);
  }
  return keys;
}

}  // namespace sotay

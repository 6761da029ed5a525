#include "server/cli/admin_commands.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "core/office_keys.h"
#include "server/ward/services.h"
#include "server/ward/user_rules.h"

namespace sotay {

namespace {

// The office passphrase guards the key to every sealed value of the ward, and anyone
// with a copy of the wrapped key (every office user, every backup) can guess at it
// offline: it must be long, and its derivation costly (Argon2id, MODERATE limits).
constexpr size_t kMinOfficePassphraseLength = 16;
const crypto::PwhashLimits kOfficeKeyLimits = crypto::PwhashLimits::Moderate();

Status Failure(std::string code, std::string vi, std::string en) {
  return Status::Error(std::move(code), std::move(vi), std::move(en));
}

std::string IsoUtc(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The first line of `in` without its line ending.
std::string ReadFirstLine(std::istream& in) {
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

AuditEntry CliAudit(std::string action, std::string target, Json detail) {
  return AuditEntry{0,
                    SystemClock::Default().NowMs(),
                    "cli",
                    std::move(action),
                    std::move(target),
                    std::move(detail)};
}

Status AuditCli(AccountStore& accounts, std::string action, std::string target, Json detail) {
  AuditEntry e = CliAudit(std::move(action), std::move(target), std::move(detail));
  return accounts.AppendAudit(e);
}

Result<OpenedDatabase> OpenDb(const ParsedArgs& args) {
  std::string db = args.Get("db");
  if (db.empty()) return UsageError("--db không được để trống", "--db must not be empty");
  return OpenDatabase(db);
}

// Opens an existing database (every command but init refuses to create one).
Result<OpenedDatabase> OpenExistingDb(const ParsedArgs& args) {
  std::string db = args.Get("db");
  if (!db.empty() && !std::filesystem::exists(db)) {
    return Failure("not_found", "Không có cơ sở dữ liệu " + db + " (hãy chạy init trước)",
                   "No database at " + db + " (run init first)");
  }
  return OpenDb(args);
}

std::string GeneratedOfficePassphrase() {
  return crypto::RandomHumanCode() + "-" + crypto::RandomHumanCode();
}

Status OfficePassphraseTooShort() {
  return UsageError(
      "Mật khẩu văn phòng phải có ít nhất " + std::to_string(kMinOfficePassphraseLength) + " ký tự",
      "The office passphrase must have at least " + std::to_string(kMinOfficePassphraseLength) +
          " characters");
}

void WarnPassphraseShownOnce(CommandIo& io, const std::string& passphrase) {
  io.err << "CẢNH BÁO / WARNING: mật khẩu văn phòng được tạo ngẫu nhiên và chỉ hiện MỘT "
            "lần; hãy ghi lại. / The office passphrase was generated and is shown ONCE; "
            "write it down, it cannot be recovered.\n";
  io.out << "office passphrase: " << passphrase << "\n";
}

// The ward, which must be initialised.
Result<WardInfo> RequireWard(AccountStore& accounts) {
  Result<std::optional<WardInfo>> ward = accounts.GetWard();
  if (!ward.ok()) return ward.status();
  if (!ward->has_value()) {
    return Failure("not_found", "Phường chưa được khởi tạo (chạy init trước)",
                   "The ward is not initialised (run init first)");
  }
  return **ward;
}

// The ward's office key pairs (current first, core/office_keys.h), unwrapped with
// `passphrase`; the current one must be the stored public key.
Result<std::vector<crypto::BoxKeyPair>> UnlockOfficeKeys(const WardInfo& ward,
                                                         std::string_view passphrase) {
  Result<std::string> secret = crypto::UnwrapSecret(passphrase, ward.office_secret_wrapped);
  if (!secret.ok()) return secret.status();
  Result<std::vector<crypto::BoxKeyPair>> pairs = OfficeKeyPairsOf(*secret);
  crypto::SecureZero(*secret);
  if (!pairs.ok() || crypto::Base64Encode(pairs->front().public_key) != ward.office_public_key) {
    if (pairs.ok()) ForgetOfficeKeys(*pairs);
    return Failure("office_key_mismatch",
                   "Khóa bí mật văn phòng không khớp khóa công khai; không đổi gì",
                   "The office secret key does not match the public key; nothing changed");
  }
  return pairs;
}

// The new office passphrase from stdin's second line: at least
// kMinOfficePassphraseLength characters and not the current one; empty when
// `may_generate` generates one (`generated` set).
Result<std::string> NewOfficePassphrase(const std::string& line, const std::string& current,
                                        bool may_generate, bool& generated) {
  generated = false;
  if (line.empty() && may_generate) {
    generated = true;
    return GeneratedOfficePassphrase();
  }
  if (line.size() < kMinOfficePassphraseLength) return OfficePassphraseTooShort();
  if (line == current) {
    return UsageError("Mật khẩu mới trùng mật khẩu hiện tại",
                      "The new passphrase is the same as the current one");
  }
  return line;
}

Status RunInit(const ParsedArgs& args, CommandIo& io) {
  std::string ward_name = args.Get("ward");
  if (ward_name.empty())
    return UsageError("--ward không được để trống", "--ward must not be empty");
  std::string passphrase;
  bool generated = false;
  if (args.Has("office-passphrase-file")) {
    std::ifstream f(args.Get("office-passphrase-file"), std::ios::binary);
    if (!f) {
      return Failure("io_error", "Không đọc được tệp mật khẩu văn phòng",
                     "Cannot read the office passphrase file");
    }
    passphrase = ReadFirstLine(f);
  } else {
    passphrase = ReadFirstLine(io.in);
  }
  if (passphrase.empty()) {
    passphrase = GeneratedOfficePassphrase();
    generated = true;
  } else if (passphrase.size() < kMinOfficePassphraseLength) {
    return OfficePassphraseTooShort();
  }

  Result<OpenedDatabase> db = OpenDb(args);
  if (!db.ok()) return db.status();
  AccountStore& accounts = *db->accounts;
  Result<std::optional<WardInfo>> existing = accounts.GetWard();
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return Failure("already_initialized", "Cơ sở dữ liệu đã được khởi tạo cho " + (*existing)->name,
                   "The database is already initialised for " + (*existing)->name);
  }
  crypto::BoxKeyPair keys = crypto::GenerateBoxKeyPair();
  Result<std::string> wrapped = crypto::WrapSecret(passphrase, keys.secret_key, kOfficeKeyLimits);
  crypto::SecureZero(keys.secret_key);
  if (!wrapped.ok()) return wrapped.status();
  WardInfo ward{ward_name, crypto::Base64Encode(keys.public_key), *wrapped,
                SystemClock::Default().NowMs()};
  SOTAY_RETURN_IF_ERROR(accounts.PutWard(ward));
  SOTAY_RETURN_IF_ERROR(AuditCli(accounts, "init", ward_name, Json::object()));
  io.out << "initialised ward \"" << ward_name << "\" in " << args.Get("db") << "\n";
  io.out << "office public key: " << ward.office_public_key << "\n";
  if (generated) WarnPassphraseShownOnce(io, passphrase);
  crypto::SecureZero(passphrase);
  return Status::Ok();
}

// What the office-key commands hold while they work: the passphrases typed and the
// unwrapped key pairs (zeroed on every way out), the ward's database and its row.
struct OfficeKeyChange {
  std::string current, next;
  bool generated = false;  // `next` was generated: print it once
  std::vector<crypto::BoxKeyPair> pairs;
  OpenedDatabase db;
  WardInfo ward;
  ~OfficeKeyChange() {
    crypto::SecureZero(current);
    crypto::SecureZero(next);
    ForgetOfficeKeys(pairs);
  }
};

// Reads the current passphrase (stdin line 1) and the new one (line 2; empty generates
// one when `may_generate`), opens the ward and unlocks its key pairs into `change`.
Status BeginOfficeKeyChange(const ParsedArgs& args, CommandIo& io, bool may_generate,
                            OfficeKeyChange& change) {
  change.current = ReadFirstLine(io.in);
  if (change.current.empty()) {
    return UsageError(
        std::string("Cần mật khẩu văn phòng hiện tại trên dòng 1 của đầu vào chuẩn và "
                    "mật khẩu mới (ít nhất 16 ký tự) trên dòng 2") +
            (may_generate ? ", hoặc dòng 2 để trống để tạo ngẫu nhiên" : ""),
        std::string("The current office passphrase is needed on stdin line 1 and "
                    "the new one (at least 16 characters) on line 2") +
            (may_generate ? ", or line 2 empty to generate one" : ""));
  }
  Result<std::string> next =
      NewOfficePassphrase(ReadFirstLine(io.in), change.current, may_generate, change.generated);
  if (!next.ok()) return next.status();
  change.next = std::move(next).value();
  Result<OpenedDatabase> db = OpenExistingDb(args);
  if (!db.ok()) return db.status();
  change.db = std::move(db).value();
  Result<WardInfo> ward = RequireWard(*change.db.accounts);
  if (!ward.ok()) return ward.status();
  change.ward = std::move(ward).value();
  Result<std::vector<crypto::BoxKeyPair>> pairs = UnlockOfficeKeys(change.ward, change.current);
  if (!pairs.ok()) return pairs.status();
  change.pairs = std::move(pairs).value();
  return Status::Ok();
}

// Stores `change.pairs` wrapped under `change.next` with `public_key`, and its audit
// entry, in one transaction.
Status StoreOfficeKeys(OfficeKeyChange& change, const std::string& public_key,
                       const std::string& action, Json detail) {
  std::string secret = OfficeSecretOf(change.pairs);
  Result<std::string> wrapped = crypto::WrapSecret(change.next, secret, kOfficeKeyLimits);
  crypto::SecureZero(secret);
  if (!wrapped.ok()) return wrapped.status();
  AccountStore& accounts = *change.db.accounts;
  SOTAY_RETURN_IF_ERROR(accounts.Begin());
  Status done = accounts.SetOfficeKeys(public_key, *wrapped);
  if (done.ok()) done = AuditCli(accounts, action, change.ward.name, std::move(detail));
  if (done.ok()) done = accounts.Commit();
  if (!done.ok()) (void)accounts.Rollback();  // the failure returned is the one to report
  return done;
}

// The office passphrase changes without changing the office key pairs, so every value
// sealed so far still opens: the secret keys are unwrapped with the current passphrase,
// checked against the stored public key, and wrapped again under the new one.
Status RunOfficePassphrase(const ParsedArgs& args, CommandIo& io) {
  OfficeKeyChange change;
  SOTAY_RETURN_IF_ERROR(BeginOfficeKeyChange(args, io, /*may_generate=*/false, change));
  SOTAY_RETURN_IF_ERROR(
      StoreOfficeKeys(change, change.ward.office_public_key, "office_passphrase", Json::object()));
  io.out << "changed the office passphrase of \"" << change.ward.name
         << "\"; sealed values open with the new passphrase\n";
  return Status::Ok();
}

// A new office key pair after a staff change: someone who kept the old wrapped key and
// passphrase must not open the ward's sealed values any more. Every stored sealed value
// is re-sealed to the new key; the replaced keys stay, wrapped under the new passphrase
// only, for values that phones not yet synced still seal to them. Two steps, each one
// transaction, in an order that loses nothing if interrupted: the new key is stored
// first (with the old ones, so everything opens either way), then the values are
// re-sealed; running the command again finishes an interrupted rotation.
Status RunRotateOfficeKey(const ParsedArgs& args, CommandIo& io) {
  OfficeKeyChange change;
  SOTAY_RETURN_IF_ERROR(BeginOfficeKeyChange(args, io, /*may_generate=*/true, change));
  std::vector<crypto::BoxKeyPair>& pairs = change.pairs;
  pairs.insert(pairs.begin(), crypto::GenerateBoxKeyPair());
  const std::string public_key = crypto::Base64Encode(pairs.front().public_key);
  SOTAY_RETURN_IF_ERROR(StoreOfficeKeys(change, public_key, "office_key_rotated",
                                        {{"public_key", public_key}, {"keys", pairs.size()}}));
  // From here only the new passphrase opens the keys: a generated one is shown now, before
  // anything else can fail.
  io.out << "new office key for \"" << change.ward.name << "\": " << public_key << "\n";
  if (change.generated) WarnPassphraseShownOnce(io, change.next);

  // Values that open with none of the keys (damaged, or sealed to a key this ward never
  // had) are kept as they are and counted.
  int64_t unopened = 0;
  Store& store = *change.db.store;
  SOTAY_RETURN_IF_ERROR(store.Begin());
  Result<int64_t> resealed = store.RewriteSealedValues([&](const Json& envelope) {
    Result<std::string> box = SealedBoxOf(envelope);
    Result<std::string> plain =
        box.ok() ? OpenWithAnyOfficeKey(pairs, *box) : Result<std::string>(box.status());
    if (!plain.ok()) {
      ++unopened;
      return std::optional<Json>();
    }
    Result<std::string> sealed = crypto::Seal(pairs.front().public_key, *plain);
    crypto::SecureZero(*plain);
    if (!sealed.ok()) {
      ++unopened;
      return std::optional<Json>();
    }
    return std::optional<Json>(Json{{"sealed", crypto::Base64Encode(*sealed)}});
  });
  Status done = resealed.status();
  if (done.ok()) done = store.Commit();
  if (!done.ok()) {
    (void)store.Rollback();
    io.err << "the new office key is stored, but re-sealing stopped: run the command again "
              "with the new passphrase\n";
    return done;
  }
  io.out << "re-sealed " << *resealed << " values";
  if (unopened > 0) io.out << "; " << unopened << " could not be opened and were kept as they were";
  io.out << "\n";
  return Status::Ok();
}

Status RunAddGroup(const ParsedArgs& args, CommandIo& io) {
  std::string id = args.Get("id"), name = args.Get("name");
  if (!IsGroupId(id)) {
    return UsageError("--id phải là mã tổ như tdp-05 (chữ thường, số, '-')",
                      "--id must be a group slug such as tdp-05");
  }
  if (name.empty()) return UsageError("--name không được để trống", "--name must not be empty");
  Result<OpenedDatabase> db = OpenExistingDb(args);
  if (!db.ok()) return db.status();
  Result<std::optional<GroupInfo>> existing = db->accounts->GetGroup(id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return Failure("already_exists", "Tổ " + id + " đã có", "Group " + id + " already exists");
  }
  SOTAY_RETURN_IF_ERROR(db->accounts->AddGroup({id, name, SystemClock::Default().NowMs()}));
  SOTAY_RETURN_IF_ERROR(AuditCli(*db->accounts, "add_group", id, {{"name", name}}));
  io.out << "added group " << id << " (" << name << ")\n";
  return Status::Ok();
}

Status RunAddUser(const ParsedArgs& args, CommandIo& io) {
  std::string username = args.Get("username"), role = args.Get("role");
  const bool reset = args.Has("reset-password");
  if (!IsValidUsername(username)) {
    return UsageError("--username phải có từ 1 đến 64 ký tự, không có dấu cách",
                      "--username must be 1-64 characters without spaces");
  }
  if (!IsOfficeRole(role)) {
    return UsageError("--role phải là office hoặc admin", "--role must be office or admin");
  }
  if (args.Has("full-name") && !IsValidFullName(args.Get("full-name"))) {
    return UsageError("--full-name tối đa 100 ký tự, trên một dòng",
                      "--full-name is at most 100 characters on one line");
  }
  std::string password = ReadFirstLine(io.in);
  if (password.size() < kMinPasswordLength) {
    crypto::SecureZero(password);
    return Failure("weak_password", "Cần mật khẩu ít nhất 8 ký tự trên dòng đầu của đầu vào chuẩn",
                   "A password of at least 8 characters is required on the first stdin line");
  }
  Result<std::string> hash = crypto::HashPassword(password);
  crypto::SecureZero(password);
  if (!hash.ok()) return hash.status();
  Result<OpenedDatabase> db = OpenExistingDb(args);
  if (!db.ok()) return db.status();
  AccountStore& a = *db->accounts;
  Result<std::optional<UserInfo>> existing = a.GetUser(username);
  if (!existing.ok()) return existing.status();
  if (!reset) {
    if (existing->has_value()) {
      return Failure("already_exists",
                     "Người dùng " + username + " đã có (đổi mật khẩu: thêm --reset-password)",
                     "User " + username +
                         " already exists (to change the password add "
                         "--reset-password)");
    }
    SOTAY_RETURN_IF_ERROR(
        a.AddUser({username, role, *hash, false, SystemClock::Default().NowMs(),
                   args.Has("full-name") ? args.Get("full-name") : std::string()}));
    SOTAY_RETURN_IF_ERROR(AuditCli(a, "add_user", username, {{"role", role}}));
    io.out << "added " << role << " user " << username << "\n";
    return Status::Ok();
  }
  if (!existing->has_value()) {
    return Failure("not_found", "Không có người dùng " + username, "No user " + username);
  }
  if ((*existing)->role != role) {
    return Failure("role_mismatch",
                   "Người dùng " + username + " có vai trò " + (*existing)->role +
                       "; --reset-password không đổi vai trò",
                   "User " + username + " has the role " + (*existing)->role +
                       "; --reset-password does not change roles");
  }
  // The new hash, the end of the user's sessions and the audit entry together.
  AuditEntry e = CliAudit("reset_password", username, Json::object());
  SOTAY_RETURN_IF_ERROR(ChangeEndingSessions(
      a, "user", username, e, [&](AccountStore& s) { return s.SetUserPassword(username, *hash); }));
  io.out << "changed the password of " << role << " user " << username << "\n";
  return Status::Ok();
}

Status RunEnrollCode(const ParsedArgs& args, CommandIo& io) {
  std::string role = args.Get("role");
  if (role != "leader" && role != "trainee") {
    return UsageError("--role phải là leader hoặc trainee", "--role must be leader or trainee");
  }
  std::vector<std::string> groups = args.GetAll("group");
  if (role == "leader" && groups.empty()) {
    return UsageError("Mã cho tổ trưởng cần ít nhất một --group",
                      "A leader code needs at least one --group");
  }
  Result<int64_t> ttl_s = ParseDurationOption("ttl", args.Get("ttl", "72h"));
  if (!ttl_s.ok()) return ttl_s.status();
  Result<OpenedDatabase> db = OpenExistingDb(args);
  if (!db.ok()) return db.status();
  for (const std::string& g : groups) {
    Result<std::optional<GroupInfo>> found = db->accounts->GetGroup(g);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return Failure("unknown_group", "Không có tổ " + g + " (thêm bằng add-group)",
                     "No group " + g + " (add it with add-group)");
    }
  }
  std::string code = crypto::RandomHumanCode();
  int64_t now = SystemClock::Default().NowMs();
  EnrollCode stored{crypto::TokenDigest(code), role, groups, now, now + *ttl_s * 1000, 0, ""};
  SOTAY_RETURN_IF_ERROR(db->accounts->AddEnrollCode(stored));
  SOTAY_RETURN_IF_ERROR(AuditCli(*db->accounts, "enroll_code", role,
                                 {{"groups", groups}, {"expires_ms", stored.expires_ms}}));
  std::string joined;
  for (const std::string& g : groups) joined += (joined.empty() ? "" : ",") + g;
  io.out << "one-time enrollment code for a " << role << (joined.empty() ? "" : " of " + joined)
         << ", valid until " << IsoUtc(stored.expires_ms) << ":\n"
         << code << "\n";
  return Status::Ok();
}

Status RunDevices(const ParsedArgs& args, CommandIo& io) {
  Result<OpenedDatabase> db = OpenExistingDb(args);
  if (!db.ok()) return db.status();
  Result<std::vector<DeviceInfo>> devices = db->accounts->ListDevices();
  if (!devices.ok()) return devices.status();
  for (const DeviceInfo& d : *devices) {
    std::string groups;
    for (const std::string& g : d.groups) groups += (groups.empty() ? "" : ",") + g;
    io.out << d.device_id << "\t" << d.role << "\t" << (groups.empty() ? "-" : groups) << "\t"
           << (d.revoked_ms != 0 ? "revoked " + IsoUtc(d.revoked_ms) : "active") << "\t"
           << "enrolled " << IsoUtc(d.enrolled_ms) << "\t" << d.name << "\n";
  }
  if (devices->empty()) io.out << "no devices\n";
  return Status::Ok();
}

Status RunRevoke(const ParsedArgs& args, CommandIo& io) {
  std::string id = args.Get("device");
  if (!IsUuid(id))
    return UsageError("--device phải là mã thiết bị (UUID)", "--device must be a device id (UUID)");
  Result<OpenedDatabase> db = OpenExistingDb(args);
  if (!db.ok()) return db.status();
  AuditEntry e = CliAudit("revoke", id, Json::object());
  SOTAY_RETURN_IF_ERROR(ChangeEndingSessions(*db->accounts, "device", id, e, [&](AccountStore& a) {
    return a.RevokeDevice(id, SystemClock::Default().NowMs());
  }));
  io.out << "revoked device " << id << "\n";
  return Status::Ok();
}

Status RunBackup(const ParsedArgs& args, CommandIo& io) {
  std::string db = args.Get("db"), out = args.Get("out");
  if (out.empty()) return UsageError("--out không được để trống", "--out must not be empty");
  if (!std::filesystem::exists(db)) {
    return Failure("not_found", "Không có cơ sở dữ liệu " + db, "No database at " + db);
  }
  // A read-only connection: the running server's writer is never disturbed.
  SOTAY_RETURN_IF_ERROR(BackupDatabase(db, out));
  io.out << "backup written to " << out << "\n";
  return Status::Ok();
}

Status RunRestore(const ParsedArgs& args, CommandIo& io) {
  std::string db = args.Get("db"), from = args.Get("from");
  if (from.empty()) return UsageError("--from không được để trống", "--from must not be empty");
  if (!std::filesystem::exists(from)) {
    return Failure("not_found", "Không có tệp " + from, "No file at " + from);
  }
  std::string kept;
  if (std::filesystem::exists(db)) {
    // Keep the replaced database as a consistent copy, WAL included.
    kept = db + ".before-restore-" + std::to_string(SystemClock::Default().NowMs());
    SOTAY_RETURN_IF_ERROR(BackupDatabase(db, kept));
  }
  SOTAY_RETURN_IF_ERROR(RestoreDatabase(from, db));
  // Migrate an older backup (core and account tables).
  Result<OpenedDatabase> opened = OpenDatabase(db);
  if (!opened.ok()) return opened.status();
  SOTAY_RETURN_IF_ERROR(AuditCli(*opened->accounts, "restore", db, {{"from", from}}));
  io.out << "restored " << db << " from " << from << "\n";
  if (!kept.empty()) io.out << "previous database kept as " << kept << "\n";
  return Status::Ok();
}

OptionSpec Db() { return {"db", "PATH", "SQLite database of the ward", true, false}; }

}  // namespace

void RegisterAdminCommands(CommandRegistry& registry) {
  registry.Add(Command{"init",
                       "Tạo cơ sở dữ liệu phường (create the ward database and office key)",
                       {Db(),
                        {"ward", "NAME", "name of the ward, e.g. \"Phường Kiến An\"", true, false},
                        {"office-passphrase-file", "FILE",
                         "file whose first line is the office passphrase (default: stdin; "
                         "empty stdin generates one, printed once)",
                         false, false}},
                       RunInit});
  registry.Add(Command{"office-passphrase",
                       "Đổi mật khẩu văn phòng (change the office passphrase; current on "
                       "stdin line 1, new on line 2)",
                       {Db()},
                       RunOfficePassphrase});
  registry.Add(Command{"rotate-office-key",
                       "Đổi khoá niêm phong văn phòng (new office key pair, every sealed value "
                       "re-sealed; current passphrase on stdin line 1, new on line 2 or empty "
                       "to generate). Stop the server first.",
                       {Db()},
                       RunRotateOfficeKey});
  registry.Add(Command{"add-group",
                       "Thêm tổ dân phố (add a residential group)",
                       {Db(),
                        {"id", "ID", "group slug, e.g. tdp-05", true, false},
                        {"name", "NAME", "e.g. \"Tổ dân phố số 5\"", true, false}},
                       RunAddGroup});
  registry.Add(Command{
      "add-user",
      "Thêm người dùng văn phòng (add an office or admin user; password on stdin)",
      {Db(),
       {"username", "NAME", "login name", true, false},
       {"role", "ROLE", "office or admin", true, false},
       {"full-name", "NAME", "the person's full name, e.g. \"Nguyễn Thị Hoa\" (signs reports)",
        false, false},
       {"reset-password", "",
        "change the password of this existing user instead (ends its sessions)", false, false}},
      RunAddUser});
  registry.Add(Command{"enroll-code",
                       "Tạo mã đăng ký thiết bị dùng một lần (make a one-time enrollment code)",
                       {Db(),
                        {"role", "ROLE", "leader or trainee", true, false},
                        {"group", "ID", "group the device may use (repeatable)", false, true},
                        {"ttl", "DURATION", "validity, e.g. 72h (default 72h)", false, false}},
                       RunEnrollCode});
  registry.Add(Command{"devices", "Liệt kê thiết bị (list enrolled devices)", {Db()}, RunDevices});
  registry.Add(Command{"revoke",
                       "Thu hồi thiết bị (revoke a device and end its sessions)",
                       {Db(), {"device", "ID", "device id", true, false}},
                       RunRevoke});
  registry.Add(Command{"backup",
                       "Sao lưu trực tuyến (online backup, safe while serving)",
                       {Db(), {"out", "FILE", "backup file to write", true, false}},
                       RunBackup});
  registry.Add(Command{"restore",
                       "Khôi phục từ bản sao lưu (restore; stop the server first)",
                       {Db(), {"from", "FILE", "backup file to restore", true, false}},
                       RunRestore});
}

}  // namespace sotay

// The administration subcommands: in-process (stdin from a string) and as the real
// binary (exit codes, backup while serving, restore).
#include "server/cli/admin_commands.h"

#include <signal.h>

#include <algorithm>
#include <sstream>

#include "core/office_keys.h"
#include "server/cli/commands.h"
#include "server/testing/api_test_util.h"
#include "tests/integration/child_process.h"

namespace sotay {

using namespace testing;

namespace {

const std::string kExe = SOTAY_SERVER_EXE;

struct CliRun {
  int code;
  std::string out, err;
};

CliRun Cli(std::vector<std::string> args, const std::string& stdin_text = {}) {
  CommandRegistry registry;
  RegisterAllCommands(registry);
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  CommandIo io{in, out, err};
  int code = registry.Run(args, io);
  return {code, out.str(), err.str()};
}

std::string LastLine(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

// The ward row of the database at `db`, which must be initialised.
WardInfo WardOf(const std::string& db) {
  Result<OpenedDatabase> opened = OpenDatabase(db);
  REQUIRE(opened.ok());
  Result<std::optional<WardInfo>> w = opened->accounts->GetWard();
  REQUIRE(w.ok());
  REQUIRE(w->has_value());
  return **w;
}

}  // namespace

TEST_CASE("cli: init, add-group, add-user, enroll-code, devices, revoke", "[cli][admin]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();

  CliRun init = Cli({"init", "--db", db, "--ward", "Phường Kiến An"}, "mot cum tu bi mat\n");
  INFO(init.err);
  REQUIRE(init.code == 0);
  CHECK(init.out.find("office public key: ") != std::string::npos);
  CHECK(init.out.find("office passphrase") == std::string::npos);  // it was given
  CHECK(Cli({"init", "--db", db, "--ward", "X"}, "mot cum tu bi mat\n").code == 1);
  CHECK(Cli({"init", "--db", db, "--ward", "X"}, "short\n").code == 2);
  // Anyone holding the wrapped key can guess offline: 16 characters at least.
  CliRun fifteen = Cli({"init", "--db", db + "2", "--ward", "X"}, "abcdefghijklmno\n");
  CHECK(fifteen.code == 2);
  CHECK(fifteen.err.find("at least 16 characters") != std::string::npos);

  {
    // The office secret is stored only wrapped under the passphrase.
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    Result<std::optional<WardInfo>> ward = opened->accounts->GetWard();
    REQUIRE(ward.ok());
    REQUIRE(ward->has_value());
    CHECK((*ward)->name == "Phường Kiến An");
    Result<std::string> secret =
        crypto::UnwrapSecret("mot cum tu bi mat", (*ward)->office_secret_wrapped);
    REQUIRE(secret.ok());
    CHECK(secret->size() == crypto::kBoxSecretKeySize);
    CHECK_FALSE(crypto::UnwrapSecret("wrong passphrase", (*ward)->office_secret_wrapped).ok());
    // Derived at libsodium's MODERATE limits, not the interactive ones.
    CHECK((*ward)->office_secret_wrapped.find(
              "$t=" + std::to_string(crypto::PwhashLimits::Moderate().opslimit) +
              "$m=" + std::to_string(crypto::PwhashLimits::Moderate().memlimit) + "$") !=
          std::string::npos);
  }

  CHECK(Cli({"add-group", "--db", db, "--id", "tdp-01", "--name", "Tổ dân phố số 1"}).code == 0);
  CHECK(Cli({"add-group", "--db", db, "--id", "tdp-01", "--name", "again"}).code == 1);
  CHECK(Cli({"add-group", "--db", db, "--id", "TDP 1", "--name", "x"}).code == 2);
  CHECK(Cli({"add-group", "--db", db, "--id", "tdp-02"}).code == 2);  // --name missing

  CHECK(
      Cli({"add-user", "--db", db, "--username", "lan", "--role", "office"}, "mat-khau-1\n").code ==
      0);
  CHECK(
      Cli({"add-user", "--db", db, "--username", "lan", "--role", "office"}, "mat-khau-1\n").code ==
      1);
  CHECK(Cli({"add-user", "--db", db, "--username", "x", "--role", "leader"}, "mat-khau-1\n").code ==
        2);
  CHECK(Cli({"add-user", "--db", db, "--username", "y", "--role", "admin"}, "").code == 1);
  {
    // The full name the office's reports are signed with.
    CHECK(Cli({"add-user", "--db", db, "--username", "hoa", "--role", "office", "--full-name",
               "Phạm Thị Hoa"},
              "mat-khau-1\n")
              .code == 0);
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    Result<std::optional<UserInfo>> hoa = opened->accounts->GetUser("hoa");
    REQUIRE(hoa.ok());
    REQUIRE(hoa->has_value());
    CHECK((*hoa)->full_name == "Phạm Thị Hoa");
    Result<std::optional<UserInfo>> lan = opened->accounts->GetUser("lan");
    REQUIRE(lan.ok());
    CHECK((*lan)->full_name.empty());
  }
  // The same rule as the users screen: one line, at most 100 characters.
  CHECK(Cli({"add-user", "--db", db, "--username", "mai", "--role", "office", "--full-name",
             "Phạm Thị\nMai"},
            "mat-khau-1\n")
            .code == 2);
  CHECK(Cli({"add-user", "--db", db, "--username", "mai", "--role", "office", "--full-name",
             std::string(401, 'a')},
            "mat-khau-1\n")
            .code == 2);
  {
    // A password changes only with --reset-password, for a user that exists, in its role.
    auto hash_of = [&](const std::string& user) {
      Result<OpenedDatabase> opened = OpenDatabase(db);
      REQUIRE(opened.ok());
      Result<std::optional<UserInfo>> u = opened->accounts->GetUser(user);
      REQUIRE(u.ok());
      REQUIRE(u->has_value());
      return (*u)->password_hash;
    };
    CliRun again =
        Cli({"add-user", "--db", db, "--username", "lan", "--role", "office"}, "mat-khau-moi\n");
    CHECK(again.code == 1);
    CHECK(again.err.find("--reset-password") != std::string::npos);
    CHECK(crypto::VerifyPassword(hash_of("lan"), "mat-khau-1"));
    CliRun reset =
        Cli({"add-user", "--db", db, "--username", "lan", "--role", "office", "--reset-password"},
            "mat-khau-moi\n");
    INFO(reset.err);
    CHECK(reset.code == 0);
    CHECK(crypto::VerifyPassword(hash_of("lan"), "mat-khau-moi"));
    CHECK_FALSE(crypto::VerifyPassword(hash_of("lan"), "mat-khau-1"));
    CHECK(Cli({"add-user", "--db", db, "--username", "lan", "--role", "admin", "--reset-password"},
              "mat-khau-khac\n")
              .code == 1);  // role_mismatch
    CHECK(
        Cli({"add-user", "--db", db, "--username", "ai-do", "--role", "office", "--reset-password"},
            "mat-khau-khac\n")
            .code == 1);  // not_found
    CHECK(crypto::VerifyPassword(hash_of("lan"), "mat-khau-moi"));
  }

  CliRun code =
      Cli({"enroll-code", "--db", db, "--role", "leader", "--group", "tdp-01", "--ttl", "2h"});
  REQUIRE(code.code == 0);
  std::string line = LastLine(code.out);
  CHECK(crypto::NormalizeHumanCode(line).ok());
  CHECK(Cli({"enroll-code", "--db", db, "--role", "leader"}).code == 2);  // no group
  CHECK(Cli({"enroll-code", "--db", db, "--role", "leader", "--group", "tdp-09"}).code == 1);
  CHECK(Cli({"enroll-code", "--db", db, "--role", "boss", "--group", "tdp-01"}).code == 2);
  CHECK(Cli({"enroll-code", "--db", db, "--role", "trainee", "--ttl", "soon"}).code == 2);
  CHECK(
      Cli({"add-group", "--db", (dir.path() / "none.db").string(), "--id", "tdp-01", "--name", "x"})
          .code == 1);

  // The code is stored only as its digest.
  {
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    Result<std::optional<EnrollCode>> claimed = opened->accounts->ClaimEnrollCode(
        crypto::TokenDigest(*crypto::NormalizeHumanCode(line)), SystemClock::Default().NowMs(),
        "6f0c2a1e-0000-4000-8000-000000000001");
    REQUIRE(claimed.ok());
    REQUIRE(claimed->has_value());
    CHECK((*claimed)->groups == std::vector<std::string>{"tdp-01"});
    CHECK(opened->accounts->Begin().ok());
    CHECK(opened->accounts
              ->AddDevice({"6f0c2a1e-0000-4000-8000-000000000001",
                           "Máy tổ 1",
                           "leader",
                           {"tdp-01"},
                           "AAAA",
                           1,
                           0})
              .ok());
    CHECK(opened->accounts->Commit().ok());
  }
  CliRun devices = Cli({"devices", "--db", db});
  CHECK(devices.code == 0);
  CHECK(devices.out.find("6f0c2a1e-0000-4000-8000-000000000001\tleader\ttdp-01\tactive") !=
        std::string::npos);
  CHECK(Cli({"revoke", "--db", db, "--device", "6f0c2a1e-0000-4000-8000-000000000001"}).code == 0);
  CHECK(Cli({"devices", "--db", db}).out.find("\trevoked ") != std::string::npos);
  CHECK(Cli({"revoke", "--db", db, "--device", "6f0c2a1e-0000-4000-8000-000000000002"}).code == 1);
  CHECK(Cli({"revoke", "--db", db, "--device", "nope"}).code == 2);
  for (const char* cmd :
       {"init", "add-group", "add-user", "enroll-code", "devices", "revoke", "backup", "restore"}) {
    CliRun help = Cli({cmd, "--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("--db") != std::string::npos);
  }
}

TEST_CASE("cli: office-passphrase re-wraps the same office key", "[cli][admin]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  auto ward = [&] { return WardOf(db); };
  auto audit_actions = [&] {
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    Result<std::vector<AuditEntry>> entries = opened->accounts->ListAudit({});
    REQUIRE(entries.ok());
    std::vector<std::string> actions;
    for (const AuditEntry& e : *entries) actions.push_back(e.action);
    return actions;
  };

  CHECK(Cli({"office-passphrase", "--db", db}, "cu-mat-khau-van-phong\nmoi-mat-khau-van-phong\n")
            .code == 1);  // no db
  REQUIRE(Cli({"init", "--db", db, "--ward", "Phường Kiến An"}, "cu-mat-khau-van-phong\n").code ==
          0);
  const WardInfo before = ward();
  // A value sealed to the office before the change.
  Result<std::string> sealed =
      crypto::Seal(*crypto::Base64Decode(before.office_public_key), "0912 345 678");
  REQUIRE(sealed.ok());

  // Wrong usage changes nothing.
  CHECK(Cli({"office-passphrase", "--db", db}, "cu-mat-khau-van-phong\n").code == 2);
  CHECK(Cli({"office-passphrase", "--db", db}, "cu-mat-khau-van-phong\nngan\n").code == 2);
  CHECK(Cli({"office-passphrase", "--db", db}, "cu-mat-khau-van-phong\ncu-mat-khau-van-phong\n")
            .code == 2);
  CliRun wrong =
      Cli({"office-passphrase", "--db", db}, "sai-mat-khau-van-phong\nmoi-mat-khau-van-phong\n");
  CHECK(wrong.code == 1);
  CHECK(wrong.err.find("sai-mat-khau-van-phong") == std::string::npos);  // secrets never echoed
  CHECK(ward().office_secret_wrapped == before.office_secret_wrapped);

  CliRun changed =
      Cli({"office-passphrase", "--db", db}, "cu-mat-khau-van-phong\nmoi-mat-khau-van-phong\n");
  INFO(changed.err);
  REQUIRE(changed.code == 0);
  CHECK(changed.out.find("moi-mat-khau-van-phong") == std::string::npos);
  const WardInfo after = ward();
  CHECK(after.office_public_key == before.office_public_key);
  CHECK(
      crypto::UnwrapSecret("cu-mat-khau-van-phong", after.office_secret_wrapped).status().code() ==
      "wrong_passphrase");
  Result<std::string> key =
      crypto::UnwrapSecret("moi-mat-khau-van-phong", after.office_secret_wrapped);
  REQUIRE(key.ok());
  Result<std::string> opened =
      crypto::Open(*crypto::Base64Decode(after.office_public_key), *key, *sealed);
  REQUIRE(opened.ok());
  CHECK(*opened == "0912 345 678");  // sealed before, opens after
  std::vector<std::string> actions = audit_actions();
  CHECK(std::count(actions.begin(), actions.end(), "office_passphrase") == 1);

  // The old passphrase no longer works for another change.
  CHECK(Cli({"office-passphrase", "--db", db}, "cu-mat-khau-van-phong\nmat-khau-thu-ba-van-phong\n")
            .code == 1);
}

TEST_CASE("cli: rotate-office-key re-seals every stored value to a new key", "[cli][admin]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  const std::string kOld = "cu-mat-khau-van-phong";
  REQUIRE(Cli({"init", "--db", db, "--ward", "Phường Kiến An"}, kOld + "\n").code == 0);
  auto ward = [&] { return WardOf(db); };
  const WardInfo before = ward();
  const std::string old_public = *crypto::Base64Decode(before.office_public_key);
  const std::string old_secret = *crypto::UnwrapSecret(kOld, before.office_secret_wrapped);
  auto sealed_to = [](const std::string& public_key, const std::string& text) {
    return Json{{"sealed", crypto::Base64Encode(*crypto::Seal(public_key, text))}};
  };

  // A household with a sealed phone number and its history, as a push leaves them.
  const std::string id = NewUuid();
  {
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    Record r;
    r.id = id;
    r.type = "household";
    r.group_id = "tdp-01";
    r.fields["phone"] = {sealed_to(old_public, "\"0912345678\""), "1767225600000-00001-dev-a", 1};
    r.fields["head_name"] = {"Nguyễn Văn An", "1767225600000-00002-dev-a", 1};
    // The URL-safe, unpadded alphabet the server also accepts for an envelope.
    std::string url_safe = sealed_to(old_public, "\"ghi chú\"")["sealed"];
    for (char& c : url_safe) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!url_safe.empty() && url_safe.back() == '=') url_safe.pop_back();
    r.fields["note"] = {Json{{"sealed", url_safe}}, "1767225600000-00003-dev-a", 1};
    REQUIRE(opened->store->PutRecord(r).ok());
    HistoryEntry h;
    h.record_id = id;
    h.seq = 1;
    h.device_id = "dev-a";
    h.fields = {{"phone", {{"v", r.fields["phone"].value}, {"h", "1767225600000-00001-dev-a"}}}};
    REQUIRE(opened->store->AppendHistory(h).ok());
  }

  // Wrong usage and a wrong passphrase change nothing.
  CHECK(Cli({"rotate-office-key", "--db", db}, "").code == 2);
  CHECK(Cli({"rotate-office-key", "--db", db}, kOld + "\nngan-qua\n").code == 2);
  CHECK(Cli({"rotate-office-key", "--db", db}, "sai-mat-khau-van-phong\nmoi-mat-khau-van-phong\n")
            .code == 1);
  CHECK(ward().office_public_key == before.office_public_key);

  // Generated new passphrase (empty second line), printed once.
  CliRun rotated = Cli({"rotate-office-key", "--db", db}, kOld + "\n\n");
  INFO(rotated.out << rotated.err);
  REQUIRE(rotated.code == 0);
  CHECK(rotated.out.find("re-sealed 3 values") != std::string::npos);
  const size_t at = rotated.out.find("office passphrase: ");
  REQUIRE(at != std::string::npos);
  std::string next = rotated.out.substr(at + 19);
  next = next.substr(0, next.find('\n'));
  CHECK(next.size() >= 16);

  const WardInfo after = ward();
  CHECK(after.office_public_key != before.office_public_key);
  CHECK(crypto::UnwrapSecret(kOld, after.office_secret_wrapped).status().code() ==
        "wrong_passphrase");
  Result<std::string> secrets = crypto::UnwrapSecret(next, after.office_secret_wrapped);
  REQUIRE(secrets.ok());
  Result<std::vector<crypto::BoxKeyPair>> pairs = OfficeKeyPairsOf(*secrets);
  REQUIRE(pairs.ok());
  REQUIRE(pairs->size() == 2);  // the new key, then the one it replaced
  CHECK(crypto::Base64Encode((*pairs)[0].public_key) == after.office_public_key);
  CHECK((*pairs)[1].secret_key == old_secret);

  // Stored values: sealed to the new key only; the old key (and old passphrase) opens none.
  Result<OpenedDatabase> opened = OpenDatabase(db);
  REQUIRE(opened.ok());
  Result<std::optional<Record>> record = opened->store->GetRecord(id);
  REQUIRE(record.ok());
  REQUIRE(record->has_value());
  const Json& phone = (**record).fields.at("phone").value;
  const std::string box = *crypto::Base64Decode(phone["sealed"].get<std::string>());
  CHECK_FALSE(crypto::Open(old_public, old_secret, box).ok());
  CHECK(*crypto::Open((*pairs)[0].public_key, (*pairs)[0].secret_key, box) == "\"0912345678\"");
  CHECK((**record).fields.at("head_name").value == "Nguyễn Văn An");
  const std::string note_box = *SealedBoxOf((**record).fields.at("note").value);
  CHECK(*crypto::Open((*pairs)[0].public_key, (*pairs)[0].secret_key, note_box) == "\"ghi chú\"");
  Result<std::vector<HistoryEntry>> history = opened->store->ListHistory(id, 0, 10);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 1);
  const Json& old_value = history->front().fields["phone"]["v"];
  const std::string history_box = *crypto::Base64Decode(old_value["sealed"].get<std::string>());
  CHECK_FALSE(crypto::Open(old_public, old_secret, history_box).ok());
  CHECK(*crypto::Open((*pairs)[0].public_key, (*pairs)[0].secret_key, history_box) ==
        "\"0912345678\"");

  // A phone that has not synced since seals to the old key: the office still opens it.
  const Json stale = sealed_to(old_public, "\"0900000000\"");
  CHECK(*OpenWithAnyOfficeKey(*pairs, *crypto::Base64Decode(stale["sealed"].get<std::string>())) ==
        "\"0900000000\"");
  ForgetOfficeKeys(*pairs);
  Result<std::vector<AuditEntry>> audit = opened->accounts->ListAudit({});
  REQUIRE(audit.ok());
  CHECK(std::any_of(audit->begin(), audit->end(),
                    [](const AuditEntry& e) { return e.action == "office_key_rotated"; }));
}

TEST_CASE("cli process: init with empty stdin prints a generated passphrase once",
          "[cli][admin][process]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  ProcessResult r = RunProcess({kExe, "init", "--db", db, "--ward", "Phường Kiến An"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("office passphrase: ") != std::string::npos);
  CHECK(r.err.find("WARNING") != std::string::npos);
  ProcessResult code = RunProcess({kExe, "enroll-code", "--db", db, "--role", "trainee"});
  CHECK(code.exit_code == 0);
  CHECK(crypto::NormalizeHumanCode(LastLine(code.out)).ok());
  ProcessResult usage = RunProcess({kExe, "add-group", "--db", db});
  CHECK(usage.exit_code == 2);
  CHECK(usage.err.find("usage: sotay-server add-group") != std::string::npos);
}

TEST_CASE("cli process: backup while serving, restore round trip", "[cli][admin][process]") {
  TempDir dir;
  std::string db = (dir.path() / "ward.db").string();
  std::string backup = (dir.path() / "backup.db").string();
  InitWard(db);
  std::string code = AddCode(db, "leader", {"tdp-01"});
  std::string record = NewUuid();
  {
    ChildProcess server(
        {kExe, "serve", "--db", db, "--port", "0", "--threads", "2", "--schemas", SchemasDir()});
    std::string line = server.ReadLine();
    INFO(line);
    uint16_t port = PortFromListeningLine(line);
    REQUIRE(port != 0);
    Phone phone(port, code);
    REQUIRE(phone.enroll.status == 201);
    REQUIRE(phone.OpenSession().status == 200);
    REQUIRE(phone.Push(Json::array({phone.Change(record, "tdp-01", "address_street", "Phố 1")}))
                .status == 200);
    ProcessResult b = RunProcess({kExe, "backup", "--db", db, "--out", backup});
    INFO(b.err);
    CHECK(b.exit_code == 0);
    // Written after the backup: gone after the restore.
    REQUIRE(phone.Push(Json::array({phone.Change(NewUuid(), "tdp-01", "address_street", "Phố 2")}))
                .status == 200);
    server.Signal(SIGTERM);
    CHECK(server.WaitExit() == 0);
  }
  ProcessResult not_db = RunProcess({kExe, "restore", "--db", db, "--from", kExe});
  CHECK(not_db.exit_code == 1);
  ProcessResult r = RunProcess({kExe, "restore", "--db", db, "--from", backup});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("previous database kept as ") != std::string::npos);
  {
    Result<OpenedDatabase> opened = OpenDatabase(db);
    REQUIRE(opened.ok());
    Result<std::optional<Record>> rec = opened->store->GetRecord(record);
    REQUIRE(rec.ok());
    CHECK(rec->has_value());
    CHECK(*opened->store->CountRecords({}) == 1);
    Result<std::vector<DeviceInfo>> devices = opened->accounts->ListDevices();
    REQUIRE(devices.ok());
    CHECK(devices->size() == 1);
  }
  bool kept = false;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    if (e.path().filename().string().find("ward.db.before-restore-") == 0) kept = true;
  }
  CHECK(kept);
}

}  // namespace sotay

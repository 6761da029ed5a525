// The office key for sealed fields (GET /api/v1/office-key) and the admin's users
// screen (/api/v1/admin/users...) through the API, in process: who may call them, what
// they answer, what they audit, and that passwords and sessions change as they say.
#include "server/testing/api_test_util.h"

namespace sotay {

using namespace testing;

namespace {

bool Audited(ApiClient& c, const std::string& token, const std::string& action,
             const std::string& target, const std::string& actor) {
  Json entries = c.Get("/api/v1/audit?limit=1000", AuthHeaders(token)).JsonBody();
  for (const Json& e : entries["entries"]) {
    if (e["action"] == action && e["target"] == target && e["actor"] == actor) return true;
  }
  return false;
}

TestResponse Post(ApiClient& c, const std::string& token, const std::string& target,
                  const Json& body) {
  return c.Request("POST", target, body.dump(), AuthHeaders(token));
}

TestResponse TryLogin(ApiClient& c, const std::string& user, const std::string& password) {
  return c.Request("POST", "/api/v1/login", Json{{"username", user}, {"password", password}}.dump(),
                   JsonHeaders());
}

}  // namespace

TEST_CASE("office key: the wrapped secret for office and admin, audited; leaders refused",
          "[api][sealed]") {
  WardServer ward;
  ApiClient office(ward);
  std::string token = Login(office, "lan");
  TestResponse r = office.Get("/api/v1/office-key", AuthHeaders(token));
  REQUIRE(r.status == 200);
  Json body = r.JsonBody();
  CHECK(r.Header("Cache-Control").find("no-store") != std::string::npos);

  // What it hands out opens, with the office passphrase, what a phone seals to the
  // public key enrollment gives the phones.
  Result<std::string> secret =
      crypto::UnwrapSecret("office pass", body["wrapped_secret"].get<std::string>());
  REQUIRE(secret.ok());
  std::string public_key = *crypto::Base64Decode(body["public_key"].get<std::string>());
  std::string box = *crypto::Seal(public_key, "\"0912345678\"");
  Result<std::string> opened = crypto::Open(public_key, *secret, box);
  REQUIRE(opened.ok());
  CHECK(*opened == "\"0912345678\"");
  CHECK(crypto::UnwrapSecret("not the passphrase", body["wrapped_secret"].get<std::string>())
            .status()
            .code() == "wrong_passphrase");
  // The derivation's parameters, as recorded in the wrapped text.
  CHECK(body["kdf"]["alg"] == "argon2id13");
  CHECK(body["wrapped_secret"].get<std::string>().find(
            "$t=" + body["kdf"]["opslimit"].get<std::string>() +
            "$m=" + body["kdf"]["memlimit"].get<std::string>() + "$" +
            body["kdf"]["salt"].get<std::string>() + "$") != std::string::npos);
  CHECK(Audited(office, token, "office_key_read", "office_key", "user:lan"));

  ApiClient admin(ward);
  std::string atoken = Login(admin, "minh");
  CHECK(admin.Get("/api/v1/office-key", AuthHeaders(atoken)).status == 200);
  CHECK(Audited(office, token, "office_key_read", "office_key", "user:minh"));

  Phone leader(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(leader.OpenSession().status == 200);
  TestResponse refused = leader.Get("/api/v1/office-key");
  CHECK(refused.status == 403);
  CHECK(ErrorCodeOf(refused) == "forbidden");
  CHECK(office.Get("/api/v1/office-key").status == 401);
}

TEST_CASE("admin users: list, add, disable, enable, new password; admin only",
          "[api][users][auth]") {
  WardServer ward;
  ApiClient admin(ward);
  std::string token = Login(admin, "minh");
  ApiClient office(ward);
  std::string otoken = Login(office, "lan");

  // Only the admin.
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/admin/users"},
           {"POST", "/api/v1/admin/users"},
           {"POST", "/api/v1/admin/users/lan/disable"},
           {"POST", "/api/v1/admin/users/lan/password"}}) {
    INFO(method << " " << target);
    TestResponse r = office.Request(method, target, "{}", AuthHeaders(otoken));
    CHECK(r.status == 403);
    CHECK(ErrorCodeOf(r) == "forbidden");
  }
  Phone leader(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(leader.OpenSession().status == 200);
  CHECK(leader.Get("/api/v1/admin/users").status == 403);

  TestResponse list = admin.Get("/api/v1/admin/users", AuthHeaders(token));
  REQUIRE(list.status == 200);
  Json users = list.JsonBody()["users"];
  REQUIRE(users.size() == 2);
  CHECK(users[0]["username"] == "lan");
  CHECK(users[0]["role"] == "office");
  CHECK(users[0]["disabled"] == false);
  CHECK(users[1]["username"] == "minh");
  CHECK_FALSE(users[0].contains("password_hash"));
  CHECK(list.body.find("argon2") == std::string::npos);

  // Add: checked, stored as an Argon2id hash, audited without the password.
  TestResponse added =
      Post(admin, token, "/api/v1/admin/users",
           {{"username", "hoa"}, {"role", "office"}, {"password", "mat-khau-hoa"}});
  REQUIRE(added.status == 201);
  CHECK(added.JsonBody()["username"] == "hoa");
  CHECK(added.JsonBody()["disabled"] == false);
  CHECK(ErrorCodeOf(Post(admin, token, "/api/v1/admin/users",
                         {{"username", "hoa"}, {"role", "office"}, {"password", "mat-khau-2"}})) ==
        "user_exists");
  CHECK(ErrorCodeOf(Post(admin, token, "/api/v1/admin/users",
                         {{"username", "ngan"}, {"role", "office"}, {"password", "ngan"}})) ==
        "weak_password");
  TestResponse bad_role =
      Post(admin, token, "/api/v1/admin/users",
           {{"username", "ngan"}, {"role", "leader"}, {"password", "mat-khau-2"}});
  CHECK(bad_role.status == 400);
  CHECK(ErrorCodeOf(bad_role) == "invalid_value");
  CHECK(ErrorCodeOf(
            Post(admin, token, "/api/v1/admin/users",
                 {{"username", "co dau cach"}, {"role", "office"}, {"password", "mat-khau-2"}})) ==
        "invalid_value");
  CHECK(Post(admin, token, "/api/v1/admin/users", {{"username", "x"}, {"role", "office"}}).status ==
        400);  // no password
  ApiClient hoa(ward);
  std::string htoken = Login(hoa, "hoa", "mat-khau-hoa");
  CHECK(hoa.Get("/api/v1/me", AuthHeaders(htoken)).JsonBody()["role"] == "office");
  {
    Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
    REQUIRE(db.ok());
    Result<std::optional<UserInfo>> u = db->accounts->GetUser("hoa");
    REQUIRE(u.ok());
    REQUIRE(u->has_value());
    CHECK((*u)->password_hash.rfind("$argon2id$", 0) == 0);
    CHECK(crypto::VerifyPassword((*u)->password_hash, "mat-khau-hoa"));
  }
  CHECK(Audited(admin, token, "add_user", "hoa", "user:minh"));
  TestResponse audit = admin.Get("/api/v1/audit?limit=1000", AuthHeaders(token));
  CHECK(audit.body.find("mat-khau-hoa") == std::string::npos);

  // A new password: the old one and the live session stop working.
  TestResponse reset =
      Post(admin, token, "/api/v1/admin/users/hoa/password", {{"password", "mat-khau-moi"}});
  REQUIRE(reset.status == 200);
  CHECK(hoa.Get("/api/v1/me", AuthHeaders(htoken)).status == 401);
  CHECK(TryLogin(hoa, "hoa", "mat-khau-hoa").status == 401);
  htoken = Login(hoa, "hoa", "mat-khau-moi");
  CHECK(ErrorCodeOf(Post(admin, token, "/api/v1/admin/users/hoa/password",
                         {{"password", "ngan"}})) == "weak_password");
  CHECK(Post(admin, token, "/api/v1/admin/users/ai-do/password", {{"password", "mat-khau-moi"}})
            .status == 404);
  CHECK(Audited(admin, token, "reset_password", "hoa", "user:minh"));

  // Disable: logged out at once, cannot log in; enable again.
  TestResponse disabled =
      Post(admin, token, "/api/v1/admin/users/hoa/disable", {{"disabled", true}});
  REQUIRE(disabled.status == 200);
  CHECK(disabled.JsonBody()["disabled"] == true);
  CHECK(hoa.Get("/api/v1/me", AuthHeaders(htoken)).status == 401);
  CHECK(ErrorCodeOf(TryLogin(hoa, "hoa", "mat-khau-moi")) == "bad_credentials");
  CHECK(Audited(admin, token, "disable_user", "hoa", "user:minh"));
  TestResponse enabled =
      Post(admin, token, "/api/v1/admin/users/hoa/disable", {{"disabled", false}});
  REQUIRE(enabled.status == 200);
  CHECK(enabled.JsonBody()["disabled"] == false);
  CHECK(TryLogin(hoa, "hoa", "mat-khau-moi").status == 200);
  CHECK(Audited(admin, token, "enable_user", "hoa", "user:minh"));

  // The admin cannot lock themself out; unknown users and bad bodies are clear errors.
  TestResponse self = Post(admin, token, "/api/v1/admin/users/minh/disable", {{"disabled", true}});
  CHECK(self.status == 409);
  CHECK(ErrorCodeOf(self) == "cannot_disable_self");
  CHECK(admin.Get("/api/v1/me", AuthHeaders(token)).status == 200);
  CHECK(Post(admin, token, "/api/v1/admin/users/ai-do/disable", {{"disabled", true}}).status ==
        404);
  CHECK(Post(admin, token, "/api/v1/admin/users/hoa/disable", {{"disabled", "yes"}}).status == 400);
}

TEST_CASE("admin users: the full name that signs the office's reports", "[api][admin]") {
  WardServer ward;
  ApiClient admin(ward);
  std::string token = Login(admin, "minh");
  TestResponse added = Post(admin, token, "/api/v1/admin/users",
                            {{"username", "hoa"},
                             {"role", "office"},
                             {"password", "mat-khau-2"},
                             {"full_name", "Trần Thị Hoa"}});
  REQUIRE(added.status == 201);
  CHECK(added.JsonBody()["full_name"] == "Trần Thị Hoa");
  ApiClient hoa(ward);
  std::string htoken = Login(hoa, "hoa", "mat-khau-2");
  CHECK(hoa.Get("/api/v1/me", AuthHeaders(htoken)).JsonBody()["full_name"] == "Trần Thị Hoa");

  // Renamed without ending the session; audited; one line only; unknown users are 404.
  TestResponse renamed =
      Post(admin, token, "/api/v1/admin/users/hoa/name", {{"full_name", "Trần Thị Thu Hoa"}});
  REQUIRE(renamed.status == 200);
  CHECK(renamed.JsonBody()["full_name"] == "Trần Thị Thu Hoa");
  CHECK(hoa.Get("/api/v1/me", AuthHeaders(htoken)).JsonBody()["full_name"] == "Trần Thị Thu Hoa");
  CHECK(Audited(admin, token, "set_full_name", "hoa", "user:minh"));
  CHECK(Post(admin, token, "/api/v1/admin/users/hoa/name", {{"full_name", "a\nb"}}).status == 400);
  CHECK(Post(admin, token, "/api/v1/admin/users/ai-do/name", {{"full_name", "X"}}).status == 404);
  Json users = admin.Get("/api/v1/admin/users", AuthHeaders(token)).JsonBody()["users"];
  bool listed = false;
  for (const Json& u : users) listed = listed || u["full_name"] == "Trần Thị Thu Hoa";
  CHECK(listed);
  // An office user may not rename anyone.
  CHECK(Post(hoa, htoken, "/api/v1/admin/users/hoa/name", {{"full_name", "Y"}}).status == 403);
}

}  // namespace sotay
